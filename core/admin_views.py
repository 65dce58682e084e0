"""Wagtail admin views the site adjusts."""

from wagtail.admin.views.pages.create import CreateView


class CreatePageView(CreateView):
    """Creating a page without autosave: Wagtail's first autosave of a new page creates it, so an
    abandoned attempt left a draft behind and the next attempt with the same title met a taken
    address. Autosave starts once the writer has saved the draft (the edit view); until then the
    browser's "unsaved changes" warning guards the text."""

    def get_context_data(self, **kwargs):
        self.autosave_enabled = False
        return super().get_context_data(**kwargs)
