"""A small site with every role, the workflow and helpers that act through the admin over HTTP."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.factories import ArticlePageFactory, AuthorFactory
from home.factories import home_page
from home.models import StandardPage
from municipalities.factories import MunicipalityPageFactory
from municipalities.roles import (
    CHIEF_EDITOR,
    EDITOR,
    contact_group_name,
    contributor_group_name,
    ensure_all_roles,
)
from municipalities.workflow import ensure_publishing_workflow

PASSWORD = "testlösenord-123"


def login(client, user):
    """Signs the user in with their password, as they would."""
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)


def make_user(username: str, *group_names: str, email: str | None = None):
    user = get_user_model().objects.create_user(
        username,
        email=email if email is not None else f"{username}@kommun.example",
        password=PASSWORD,
        first_name=username.capitalize(),
    )
    user.groups.set(Group.objects.filter(name__in=group_names))
    return user


@dataclass
class EditorialSite:
    home: Page
    helsingborg: Page
    bjuv: Page
    contributor: object  # Skribent – Helsingborg
    bjuv_contributor: object  # Skribent – Bjuv
    contact: object  # Kontaktperson – Helsingborg
    editor: object  # Redaktör
    chief: object  # Huvudredaktör
    author: object

    def user(self, role: str):
        return getattr(self, role)

    def article(self, municipality, owner, *, live=False, title="Artikel"):
        page = ArticlePageFactory(
            parent=municipality,
            title=title,
            owner=owner,
            live=live,
            authors=[self.author],
            confirm_manager_consent=True,
            confirm_no_advertising=True,
            confirm_media_rights=True,
        )
        revision = page.save_revision(user=owner)
        if live:
            revision.publish(user=self.chief)
        return Page.objects.get(pk=page.pk).specific

    def standard_page(self, *, live=False, title="Om Pedagogsajten"):
        page = StandardPage(
            title=title, slug=title.lower().replace(" ", "-"), owner=self.chief, live=live
        )
        self.home.add_child(instance=page)
        revision = page.save_revision(user=self.chief)
        if live:
            revision.publish(user=self.chief)
        return Page.objects.get(pk=page.pk).specific


def build_editorial_site() -> EditorialSite:
    home = home_page()
    helsingborg = MunicipalityPageFactory(parent=home, title="Helsingborg", slug="helsingborg")
    bjuv = MunicipalityPageFactory(parent=home, title="Bjuv", slug="bjuv")
    ensure_all_roles()
    ensure_publishing_workflow()
    return EditorialSite(
        home=home,
        helsingborg=helsingborg,
        bjuv=bjuv,
        contributor=make_user("anna", contributor_group_name("Helsingborg")),
        bjuv_contributor=make_user("maja", contributor_group_name("Bjuv")),
        contact=make_user("sara", contact_group_name("Helsingborg")),
        editor=make_user("petra", EDITOR),
        chief=make_user("karin", CHIEF_EDITOR),
        author=AuthorFactory(name="Anna Bergström", municipality=helsingborg),
    )


def article_form_data(page, **overrides) -> dict:
    """What the editor posts for an article (the confirmations ticked unless overridden)."""
    links = list(page.article_authors.all())
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "hero_image": "",
            "hero_image_alt": "",
            # Empty unless a date was chosen: publishing gives the day of approval.
            "publication_date": page.publication_date.isoformat() if page.publication_date else "",
            "article_authors": inline_formset(
                [{"id": str(link.pk), "author": str(link.author_id)} for link in links],
                initial=len(links),
            ),
            "body": streamfield([("paragraph", rich_text("<p>Eleverna vek pappersremsor.</p>"))]),
            "article_type": str(page.article_type_id),
            "tags": "",
            "confirm_manager_consent": "on",
            "confirm_no_advertising": "on",
            "confirm_media_rights": "on",
            "comments": inline_formset([]),
        }
    )
    data["school_forms"] = [str(pk) for pk in page.school_forms.values_list("pk", flat=True)]
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def standard_page_form_data(page, **overrides) -> dict:
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": "Om sajten.",
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    data.update(overrides)
    return data


def form_data(page, **overrides) -> dict:
    if isinstance(page, StandardPage):
        return standard_page_form_data(page, **overrides)
    return article_form_data(page, **overrides)


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def workflow_action_url(page, action: str) -> str:
    page = Page.objects.get(pk=page.pk)
    task_state = page.current_workflow_state.current_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))


def fresh(page):
    return Page.objects.filter(pk=page.pk).specific().first()
