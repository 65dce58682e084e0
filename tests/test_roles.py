"""The permission matrix: each role × action × section, exercised through the admin over HTTP.

Roles: Skribent and Kontaktperson of Helsingborg, Redaktör, Huvudredaktör. Sections: an article in
Helsingborg (for the Skribent: one they wrote), an article in Bjuv (another municipality), and a
fixed page under home. Each case asserts the outcome a person would see (the page exists, is live,
is in review …), not only a status code.
"""

import pytest
from django.urls import reverse
from wagtail.models import Page, TaskState

from tests.editorial import (
    PASSWORD,
    build_editorial_site,
    edit_url,
    form_data,
    fresh,
    workflow_action_url,
)


@pytest.fixture
def site(db):
    return build_editorial_site()


def target(site, section, *, live=False):
    if section == "own":
        return site.article(site.helsingborg, site.contributor, live=live, title="Egen artikel")
    if section == "other":
        return site.article(site.bjuv, site.bjuv_contributor, live=live, title="Artikel i Bjuv")
    return site.standard_page(live=live)


def submitted(site, page):
    page.get_workflow().start(page, page.owner)
    return fresh(page)


def at_final_step(site, page):
    page = submitted(site, page)
    task_state = page.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, site.editor, "approve")
    return fresh(page)


def do_create(client, site, section):
    if section == "standard":
        url = reverse("wagtailadmin_pages:add", args=("home", "standardpage", site.home.pk))
    else:
        parent = site.helsingborg if section == "own" else site.bjuv
        url = reverse("wagtailadmin_pages:add", args=("blog", "articlepage", parent.pk))
    return client.get(url).status_code == 200


def do_edit(client, site, section):
    page = target(site, section)
    return client.get(edit_url(page)).status_code == 200


def do_submit(client, site, section):
    page = target(site, section)
    client.post(edit_url(page), form_data(page, **{"action-submit": "1"}))
    return fresh(page).workflow_in_progress


def do_approve_review(client, site, section):
    page = submitted(site, target(site, section))
    client.post(workflow_action_url(page, "approve"))
    return fresh(page).current_workflow_task.name == "Huvudredaktörens godkännande"


def do_approve_final(client, site, section):
    page = at_final_step(site, target(site, section))
    client.post(workflow_action_url(page, "approve"))
    return fresh(page).live


def do_publish(client, site, section):
    page = target(site, section)
    client.post(edit_url(page), form_data(page, **{"action-publish": "1"}))
    return fresh(page).live


def do_delete(client, site, section):
    page = target(site, section, live=True)
    client.post(reverse("wagtailadmin_pages:delete", args=(page.pk,)))
    return not Page.objects.filter(pk=page.pk).exists()


def do_unpublish(client, site, section):
    page = target(site, section, live=True)
    client.post(reverse("wagtailadmin_pages:unpublish", args=(page.pk,)))
    return not fresh(page).live


ACTIONS = {
    "create": do_create,
    "edit": do_edit,
    "submit": do_submit,
    "approve_review": do_approve_review,
    "approve_final": do_approve_final,
    "publish": do_publish,
    "delete_published": do_delete,
    "unpublish": do_unpublish,
}
SECTIONS = ("own", "other", "standard")

# role → action → allowed in (own section, other municipality, fixed pages)
ALLOWED = {
    "contributor": {
        "create": (True, False, False),
        "edit": (True, False, False),
        "submit": (True, False, False),
        "approve_review": (False, False, False),
        "approve_final": (False, False, False),
        "publish": (False, False, False),
        "delete_published": (False, False, False),
        "unpublish": (False, False, False),
    },
    "contact": {
        "create": (True, False, False),
        "edit": (True, False, False),
        "submit": (True, False, False),
        "approve_review": (False, False, False),
        "approve_final": (False, False, False),
        "publish": (False, False, False),
        "delete_published": (False, False, False),
        "unpublish": (False, False, False),
    },
    "editor": {
        "create": (True, True, False),
        "edit": (True, True, False),
        "submit": (True, True, False),
        # Review approval belongs to the Redaktör group wherever the page is.
        "approve_review": (True, True, True),
        "approve_final": (False, False, False),
        "publish": (False, False, False),
        "delete_published": (False, False, False),
        "unpublish": (False, False, False),
    },
    "chief": {
        "create": (True, True, True),
        "edit": (True, True, True),
        "submit": (True, True, True),
        # The review step is the editors'; the chief editor's own step is the final one.
        "approve_review": (False, False, False),
        "approve_final": (True, True, True),
        "publish": (True, True, True),
        "delete_published": (True, True, True),
        "unpublish": (True, True, True),
    },
}

CASES = [
    (role, action, section, ALLOWED[role][action][index])
    for role in ALLOWED
    for action in ACTIONS
    for index, section in enumerate(SECTIONS)
]


@pytest.mark.parametrize(("role", "action", "section", "allowed"), CASES)
def test_permission_matrix(client, site, role, action, section, allowed):
    client.login(username=site.user(role).username, password=PASSWORD)
    assert ACTIONS[action](client, site, section) is allowed


def test_matrix_covers_every_role_action_and_section():
    assert len(CASES) == len(ALLOWED) * len(ACTIONS) * len(SECTIONS) == 96


def test_contributor_cannot_edit_a_colleagues_article_in_the_same_section(client, site):
    colleague = site.article(site.helsingborg, site.contact, title="Kollegans artikel")
    client.login(username="anna", password=PASSWORD)
    assert client.get(edit_url(colleague)).status_code == 302


def test_contributor_may_delete_their_own_unpublished_draft(client, site):
    draft = site.article(site.helsingborg, site.contributor, title="Mitt utkast")
    client.login(username="anna", password=PASSWORD)
    client.post(reverse("wagtailadmin_pages:delete", args=(draft.pk,)))
    assert not Page.objects.filter(pk=draft.pk).exists()


def test_contact_person_edits_their_municipality_page_but_not_anothers(client, site):
    client.login(username="sara", password=PASSWORD)
    assert client.get(edit_url(site.helsingborg)).status_code == 200
    assert client.get(edit_url(site.bjuv)).status_code == 302
    assert client.get(edit_url(site.home)).status_code == 302


class TestContributorCannotPublishByAnyRoute:
    @pytest.fixture
    def page(self, client, site):
        client.login(username="anna", password=PASSWORD)
        return site.article(site.helsingborg, site.contributor, title="Mitt utkast")

    def test_crafted_publish_post_only_saves_a_draft(self, client, site, page):
        client.post(
            edit_url(page), form_data(page, title="Ändrad titel", **{"action-publish": "1"})
        )
        page = fresh(page)
        assert not page.live
        assert page.get_latest_revision_as_object().title == "Ändrad titel"

    def test_bulk_publish(self, client, site, page):
        url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
        client.post(f"{url}?id={page.pk}", {"include_descendants": ""})
        assert not fresh(page).live

    def test_copy_of_their_live_article_with_publish_copies(self, client, site, page):
        published = site.article(
            site.helsingborg, site.contributor, live=True, title="Publicerad artikel"
        )
        response = client.post(
            reverse("wagtailadmin_pages:copy", args=(published.pk,)),
            {
                "new_title": "Kopia",
                "new_slug": "kopia",
                "new_parent_page": site.helsingborg.pk,
                "publish_copies": "on",
            },
        )
        assert response.status_code == 302
        copy = Page.objects.get(slug="kopia")  # the copy is made, as a draft
        assert not copy.live

    def test_move_to_another_section_is_refused(self, client, site, page):
        client.post(reverse("wagtailadmin_pages:move_confirm", args=(page.pk, site.bjuv.pk)))
        page = fresh(page)
        assert not page.live and page.get_parent().pk == site.helsingborg.pk

    def test_approving_their_own_submission(self, client, site, page):
        page = submitted(site, page)
        client.post(workflow_action_url(page, "approve"))
        assert not fresh(page).live
        assert TaskState.objects.filter(status="in_progress").count() == 1

    def test_admin_api_is_read_only(self, client, site, page):
        response = client.post("/admin/api/main/pages/", {"title": "x"})
        assert response.status_code in (403, 404, 405)
        assert not fresh(page).live


def upload_image(client, collection, title):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from media_library.factories import png_bytes

    image = SimpleUploadedFile(f"{title}.png", png_bytes(), content_type="image/png")
    return client.post(
        reverse("wagtailimages:add"),
        {"title": title, "file": image, "collection": collection.pk, "tags": ""},
    )


def test_contributor_uploads_only_into_their_municipalitys_collection(client, site):
    from wagtail.models import Collection

    from media_library.models import SiteImage

    helsingborg = Collection.objects.get(name="Helsingborg")
    bjuv = Collection.objects.get(name="Bjuv")
    client.login(username="anna", password=PASSWORD)
    upload_image(client, helsingborg, "Egen bild")
    upload_image(client, bjuv, "Försök till Bjuv")
    assert SiteImage.objects.filter(title="Egen bild", collection=helsingborg).exists()
    # Wagtail offers only the collections a user may add to; a crafted choice lands in their own.
    assert not SiteImage.objects.filter(collection=bjuv).exists()
    assert SiteImage.objects.get(title="Försök till Bjuv").collection == helsingborg


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("contributor", False), ("contact", False), ("editor", False), ("chief", True)],
)
def test_only_the_chief_editor_manages_users_and_taxonomy(client, site, role, allowed):
    client.login(username=site.user(role).username, password=PASSWORD)
    assert (client.get(reverse("wagtailusers_users:index")).status_code == 200) is allowed
    client.post(
        reverse("wagtailsnippets_blog_theme:add"),
        {"name": "Ny tema", "slug": "ny-tema", "description": "", "sort_order": "5"},
    )
    from blog.models import Theme

    assert Theme.objects.filter(slug="ny-tema").exists() is allowed
