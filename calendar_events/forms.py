from wagtail.admin.forms import WagtailAdminPageForm


class EventPageForm(WagtailAdminPageForm):
    """Where and how to sign up are needed to submit or publish an event, not to save a draft
    (as an article's school forms): a writer may save what they know so far."""

    def clean(self):
        cleaned = super().clean()
        if self.is_deferred_validation:  # saving a draft
            return cleaned
        if not (cleaned.get("place") or "").strip() and not cleaned.get("online_url"):
            self.add_error(
                "place",
                "Skriv var evenemanget hålls eller ange en länk till det digitala mötet.",
            )
        if not cleaned.get("registration_url") and not (cleaned.get("contact") or "").strip():
            self.add_error(
                "registration_url",
                "Ange en länk till anmälan eller vem man kontaktar för att anmäla sig.",
            )
        return cleaned
