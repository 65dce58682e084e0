from wagtail.admin.forms import WagtailAdminPageForm

SUBMISSION_CONFIRMATIONS = {
    "confirm_manager_consent": "Bekräfta att din närmsta chef har godkänt att du bidrar med artikeln.",
    "confirm_no_advertising": "Bekräfta att artikeln inte gör reklam för kommersiella produkter eller tjänster.",
    "confirm_media_rights": "Bekräfta att du har rätt att publicera alla bilder, ljud och filmer och samtycke från dem som syns.",
}


# Who may put any author on a byline: editors and the chief editor, who manage author profiles.
# Writers and contact persons choose among their own municipality's authors.
ANY_AUTHOR_PERMISSION = "blog.change_author"


def may_choose_any_author(user) -> bool:
    return user is not None and user.has_perm(ANY_AUTHOR_PERMISSION)


class ArticlePageForm(WagtailAdminPageForm):
    """Submitting or publishing needs the writer's three confirmations; saving a draft does not
    (Wagtail defers required fields on a draft save). A writer's new article starts with their
    own author profile on the byline, and only their municipality's authors may be put there."""

    def __init__(self, *args, **kwargs):
        instance = kwargs.get("instance")
        user = kwargs.get("for_user")
        if instance is not None and not instance.pk and not args and "data" not in kwargs:
            profile = getattr(user, "author_profile", None) if user else None
            if profile is not None:
                link_model = instance._meta.get_field("article_authors").related_model
                instance.article_authors = [link_model(author=profile)]
        super().__init__(*args, **kwargs)
        for name, message in SUBMISSION_CONFIRMATIONS.items():
            if name in self.fields:
                # Django makes checkbox fields optional by default; here "required" means "ticked".
                self.fields[name].required = True
                self.fields[name].error_messages["required"] = message

    def clean_slug(self):
        """A new article whose address (made from its title) is taken in the section gets the
        next free one ("…-2") instead of an error on a tab the writer is not looking at."""
        slug = self.cleaned_data.get("slug")
        parent = self.parent_page
        if not slug or self.instance.pk or parent is None:
            return slug
        taken = set(
            parent.get_children().filter(slug__startswith=slug).values_list("slug", flat=True)
        )
        candidate, number = slug, 1
        while candidate in taken:
            number += 1
            candidate = f"{slug}-{number}"
        return candidate

    def clean(self):
        cleaned_data = super().clean()
        if "slug" in self.errors:
            # The address is on the Marknadsför tab: say so where the writer is looking.
            self.add_error(
                "title",
                "En annan sida i samma kommun har redan den här adressen. Ändra rubriken eller "
                "adressen (fliken Marknadsför).",
            )
        if may_choose_any_author(self.for_user):
            return cleaned_data
        municipality = self.parent_page
        authors = self.formsets.get("article_authors")
        if municipality is None or authors is None:
            return cleaned_data
        # The byline's forms are cleaned after this form (ClusterForm.is_valid): clean them now.
        authors.is_valid()
        for form in authors.forms:
            author = form.cleaned_data.get("author") if hasattr(form, "cleaned_data") else None
            if author is None or form.cleaned_data.get("DELETE"):
                continue
            if author.municipality_id != municipality.pk:
                form.add_error(
                    "author",
                    f"{author.name} skriver för en annan kommun. Som skribent kan du bara ange "
                    f"skribenter från {municipality.title}; be en redaktör lägga till en kollega "
                    "från en annan kommun.",
                )
                self.add_error(
                    None,
                    f"Bara skribenter från {municipality.title} kan stå som skribenter på "
                    "artikeln.",
                )
        return cleaned_data
