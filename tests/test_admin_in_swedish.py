# ruff: noqa: F811 - pytest passes the fixtures imported from test_accessibility by name
"""The admin in Swedish for everyone who writes, reviews or follows the figures: each role walks
its main views in Chromium, and no text on them (hidden states such as the autosave indicator's
included) is one of the English strings writers met before. Wagtail's JavaScript strings are
asked for through its own catalogue, in the page."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.factories import AuthorFactory
from insights.models import ArticleFeedback
from media_library.factories import AudioFactory, SiteImageFactory
from tests.editorial import PASSWORD, build_editorial_site, edit_url, form_data, workflow_action_url
from tests.factories import baseline
from tests.test_accessibility import assert_no_csp_violations, browser, page  # noqa: F401

# What writers, editors and contact persons reported meeting in English (issue 16), and more of
# the same kind.
ENGLISH = [
    "Autosave is paused",
    "There are validation errors",
    "Saving…",
    "Saved",
    "Search options",
    "A comma-separated list of tags",
    "You haven't uploaded any",
    "Media files created in",
    "Changes requested",
    " ago",
    " of ",
    "True",
    "False",
    "Promoted search results",
    "Add a recommended result",
    "Choose a page",
    "Sort by",
    "Edit",
    "Delete",
    "Upload",
]
# JavaScript strings Wagtail's own code shows (its catalogue at /admin/jsi18n/).
JAVASCRIPT_STRINGS = [
    "Autosave in progress…",
    "Saving...",
    "Save error",
    "Loading…",
    "Close",
    "Edit",
    "Delete",
]

TEXT_ON_PAGE = """() => {
  const parts = [document.body.textContent];
  for (const template of document.querySelectorAll("template")) {
    parts.push(template.content.textContent);
  }
  for (const element of document.querySelectorAll("[title], [aria-label], [placeholder]")) {
    parts.push(element.title || "", element.getAttribute("aria-label") || "",
               element.getAttribute("placeholder") || "");
  }
  return parts.join("\\n");
}"""


@pytest.fixture
def site(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    baseline()  # the rows the migrations made, gone after an earlier live-server test's flush
    site = build_editorial_site()
    article = site.article(site.helsingborg, site.contributor, title="Tallinjen på golvet")
    SiteImageFactory(title="Skolgården")
    AudioFactory(title="Sagostund")
    published = site.article(site.helsingborg, site.contributor, live=True, title="Publicerad")
    ArticleFeedback.objects.create(
        day=timezone.localdate(), article=published, useful=True, comment=""
    )
    site.waiting = article
    return site


def english_on(page) -> list[str]:
    text = re.sub(r"\s+", " ", page.evaluate(TEXT_ON_PAGE))
    return [
        phrase for phrase in ENGLISH if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text)
    ]


def sign_in(page, live_server, user):
    page.goto(live_server.url + "/konto/login/")
    page.fill("#id_login", user.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.wait_for_url("**/admin/")


def walk(page, live_server, addresses) -> dict[str, list[str]]:
    found = {}
    for address in addresses:
        response = page.goto(live_server.url + address)
        assert response.status == 200, address
        page.wait_for_load_state("networkidle")
        english = english_on(page)
        if english:
            found[address] = english
    return found


def writers_views(site) -> list[str]:
    return [
        "/admin/",
        f"/admin/pages/{site.helsingborg.pk}/",
        edit_url(site.waiting),
        reverse("wagtailadmin_pages:add", args=("blog", "articlepage", site.helsingborg.pk)),
        "/admin/images/",
        "/admin/images/multiple/add/",
        "/admin/documents/",
        "/admin/media/",
        "/admin/media/audio/add/",
        "/admin/media/chooser/",
        "/admin/images/chooser/",
        reverse("own_author_profile"),
        "/admin/account/",
    ]


def test_a_writer_meets_no_english(page, live_server, site):
    sign_in(page, live_server, site.contributor)
    assert walk(page, live_server, writers_views(site)) == {}
    assert_no_csp_violations(page)


def test_a_writer_asked_for_changes_meets_no_english(page, live_server, site, client):
    client.force_login(site.contributor)
    client.post(edit_url(site.waiting), form_data(site.waiting, **{"action-submit": "1"}))
    client.force_login(site.editor)
    client.post(workflow_action_url(site.waiting, "reject"), {"comment": "Lägg till en bild."})

    sign_in(page, live_server, site.contributor)
    assert walk(page, live_server, [edit_url(site.waiting), "/admin/"]) == {}
    assert page.goto(live_server.url + edit_url(site.waiting))
    assert page.get_by_text("Lägg till en bild.").first.is_visible()


@pytest.mark.parametrize("role", ["editor", "chief", "contact"])
def test_editors_and_contact_persons_meet_no_english(page, live_server, site, role):
    sign_in(page, live_server, site.user(role))
    addresses = ["/admin/", f"/admin/pages/{site.helsingborg.pk}/", "/admin/statistik/"]
    if role in ("editor", "chief"):
        addresses += ["/admin/workflows/tasks/index/", "/admin/snippets/blog/author/"]
    if role == "chief":
        addresses += [
            "/admin/searchpicks/",
            "/admin/searchpicks/add/",
            "/admin/article_feedback/",
            "/admin/users/",
        ]
    assert walk(page, live_server, addresses) == {}


def test_wagtails_javascript_strings_are_swedish(page, live_server, site):
    sign_in(page, live_server, site.contributor)
    page.goto(live_server.url + edit_url(site.waiting))
    page.wait_for_function("() => typeof window.gettext === 'function'")
    translated = page.evaluate(
        "(strings) => strings.map((s) => window.gettext(s))", JAVASCRIPT_STRINGS
    )
    untranslated = [s for s, t in zip(JAVASCRIPT_STRINGS, translated, strict=True) if s == t]
    assert untranslated == []


def test_a_failed_upload_in_the_media_chooser_stays_on_its_tab(page, live_server, site):
    sign_in(page, live_server, site.contributor)
    page.goto(live_server.url + edit_url(site.waiting))
    page.wait_for_function("() => typeof window.MEDIA_CHOOSER_MODAL_ONLOAD_HANDLERS === 'object'")
    page.evaluate(
        """() => ModalWorkflow({url: '/admin/media/chooser/',
                               onload: MEDIA_CHOOSER_MODAL_ONLOAD_HANDLERS, responses: {}})"""
    )
    modal = page.locator(".modal-dialog")
    modal.get_by_role("tab", name="Ladda upp ljud").click()
    panel = modal.locator("#tab-upload-audio")
    panel.locator("input[name='media-chooser-upload-title']").fill("Inte ett ljud")
    panel.locator("input[name='media-chooser-upload-file']").set_input_files(
        {"name": "saga.mp3", "mimeType": "audio/mpeg", "buffer": b"<html>" * 200}
    )
    panel.locator("button[type='submit']").click()

    error = modal.locator("#tab-upload-audio .error-message").first
    error.wait_for(state="visible")
    assert "ljudfil" in error.inner_text()
    assert modal.get_by_role("tab", name="Ladda upp ljud").get_attribute("aria-selected") == "true"


def test_a_writer_is_offered_only_their_municipalitys_authors(page, live_server, site):
    AuthorFactory(name="Maja Andersson", municipality=site.bjuv)
    sign_in(page, live_server, site.contributor)
    page.goto(
        live_server.url
        + reverse("wagtailadmin_pages:add", args=("blog", "articlepage", site.helsingborg.pk))
    )
    page.get_by_role("button", name="Lägg till skribenter").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_text("Anna Bergström").first.wait_for()
    assert modal.get_by_text("Maja Andersson").count() == 0
