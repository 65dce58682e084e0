from wagtailmedia.forms import BaseMediaForm


class SiteMediaForm(BaseMediaForm):
    """Hides the captions fields for audio: a transcript is what audio needs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.type == "audio":
            for name in ("captions", "captions_language"):
                self.fields.pop(name, None)
