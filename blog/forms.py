from wagtail.admin.forms import WagtailAdminPageForm

SUBMISSION_CONFIRMATIONS = {
    "confirm_manager_consent": "Bekräfta att din närmsta chef har godkänt att du bidrar med artikeln.",
    "confirm_no_advertising": "Bekräfta att artikeln inte gör reklam för kommersiella produkter eller tjänster.",
    "confirm_media_rights": "Bekräfta att du har rätt att publicera alla bilder, ljud och filmer och samtycke från dem som syns.",
}


class ArticlePageForm(WagtailAdminPageForm):
    """Submitting or publishing needs the writer's three confirmations; saving a draft does not
    (Wagtail defers required fields on a draft save)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in SUBMISSION_CONFIRMATIONS.items():
            if name in self.fields:
                # Django makes checkbox fields optional by default; here "required" means "ticked".
                self.fields[name].required = True
                self.fields[name].error_messages["required"] = message
