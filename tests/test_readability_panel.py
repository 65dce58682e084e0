"""The readability side panel in Chromium: a writer types and the panel shows the same LIX as
the Python function (core/readability.py) with its band, and flags long sentences, a skipped
heading level, an image without alt text and a vague link text, each with a jump to its place.
Wagtail's own checks panel stays. Skips without Chromium unless REQUIRE_BROWSER=1. The browser
and tab (with its Content-Security-Policy listener) are those of tests/test_accessibility.py."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from blog.factories import ArticlePageFactory, AuthorFactory
from core.readability import lix
from media_library.factories import SiteImageFactory
from municipalities.factories import MunicipalityPageFactory
from municipalities.roles import contributor_group_name, ensure_all_roles
from tests import test_accessibility as accessibility
from tests.factories import baseline
from tests.test_readability import HAND_COUNTED

pytestmark = pytest.mark.django_db(transaction=True)
# Chromium and a tab that records Content-Security-Policy violations, as the accessibility tests.
browser = accessibility.browser
page = accessibility.page
PASSWORD = "testlösenord-123"

SUMMARY = "Vi provade en ny modell."
HEADING = "Bakgrund"
LINKED = "Läs anmälan klicka här."
LONG = (
    "Eleverna i årskurs fem arbetade under hela hösten med att undersöka hur vattnet i bäcken "
    "bakom skolan förändrades när det regnade mycket och när det var torrt länge."
)  # 28 words in one sentence


@pytest.fixture
def writer_site():
    home = baseline()
    section = MunicipalityPageFactory(parent=home, title="Bjuv", slug="bjuv")
    ensure_all_roles()
    writer = get_user_model().objects.create_user("maja", password=PASSWORD)
    writer.groups.set(Group.objects.filter(name=contributor_group_name("Bjuv")))
    article = ArticlePageFactory(
        parent=section,
        title="Vattnet bakom skolan",
        owner=writer,
        live=False,
        summary=SUMMARY,
        authors=[AuthorFactory(municipality=section)],
        body=[
            {"type": "heading", "value": {"text": HEADING, "level": "h3"}},
            {
                "type": "paragraph",
                "value": '<p>Läs anmälan <a href="https://anmalan.example/">klicka här</a>.</p>',
            },
            {
                "type": "image",
                "value": {
                    "image": {"image": SiteImageFactory().pk, "decorative": False, "alt_text": ""},
                    "caption": "",
                    "credit": "",
                },
            },
        ],
    )
    article.save_revision(user=writer)
    return {"section": section, "article": article}


def sign_in(page, live_server):
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_login", "maja")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.wait_for_url("**/admin/")


def open_panel(page):
    page.click("[data-side-panel-toggle='readability']")
    page.wait_for_selector("[data-readability-lix]", state="visible")


def wait_for_lix(page, value: float):
    page.wait_for_function(
        "(expected) => document.querySelector('[data-readability-lix]').dataset.value === expected",
        arg=f"{value:.1f}",
        timeout=5000,
    )


def issue_kinds(page) -> list[str]:
    return page.eval_on_selector_all(
        "[data-readability-issues] li", "items => items.map(item => item.dataset.kind)"
    )


def test_the_panel_follows_the_writer_and_flags_what_to_fix(page, live_server, writer_site):
    sign_in(page, live_server)
    page.goto(live_server.url + f"/admin/pages/{writer_site['article'].pk}/edit/")
    # Wagtail's own checks (its accessibility checker) are still offered beside the new panel.
    assert page.locator("[data-side-panel-toggle='checks']").count() == 1
    open_panel(page)

    before = lix("\n".join([SUMMARY, HEADING, LINKED]))
    wait_for_lix(page, before.value)
    shown = page.inner_text("[data-readability-lix]")
    assert shown == f"{before.value:.1f}".replace(".", ",") + f" – {before.band}"
    kinds = issue_kinds(page)
    assert sorted(kinds) == ["heading-level", "image-alt", "link-text"]
    panel_text = page.inner_text("[data-readability-panel]")
    assert "Rubriknivå 2 saknas före ”Bakgrund”" in panel_text
    assert "Otydlig länktext: ”klicka här”" in panel_text
    assert "Bild utan alternativtext" in panel_text

    # The writer adds a text block and types a long sentence: the figure and flags follow.
    page.locator("button.c-sf-add-button").last.click()
    page.get_by_role("option", name="Text").first.click()
    editor = page.locator(".Draftail-Editor [contenteditable='true']").last
    editor.click()
    page.keyboard.type(LONG)
    after = lix("\n".join([SUMMARY, HEADING, LINKED, LONG]))
    assert after.value != before.value
    wait_for_lix(page, after.value)
    assert page.get_attribute("[data-readability-lix]", "data-band") == after.band
    assert "long-sentence" in issue_kinds(page)
    assert "Lång mening (28 ord)" in page.inner_text("[data-readability-panel]")
    counter = page.locator(
        "[data-side-panel-toggle='readability'] [data-side-panel-toggle-counter]"
    )
    assert counter.inner_text().strip() == "4"

    # "Visa i texten" takes the writer to the link in the rich-text editor.
    page.locator("[data-readability-issues] li[data-kind='link-text'] button").click()
    focused_text = page.evaluate(
        "() => document.activeElement.closest('.Draftail-Editor')?.innerText || ''"
    )
    assert "klicka här" in focused_text
    # And to the empty alt text field of the image.
    page.locator("[data-readability-issues] li[data-kind='image-alt'] button").click()
    assert page.evaluate("() => document.activeElement.name").endswith("-alt_text")

    # Writing an alt text and giving the heading level 2 clears those flags.
    page.fill("[name$='-alt_text']", "Elever vid bäcken")
    page.select_option("[name='body-0-value-level']", "h2")
    page.wait_for_function(
        "() => ![...document.querySelectorAll('[data-readability-issues] li')]"
        ".some(li => ['image-alt', 'heading-level'].includes(li.dataset.kind))"
    )
    # The panel runs under the admin's Content-Security-Policy.
    accessibility.assert_no_csp_violations(page)


def test_the_panel_counts_as_the_python_function_does(page, live_server, writer_site):
    """Every one-line hand-counted example typed as an event's summary: the same LIX."""
    sign_in(page, live_server)
    page.goto(
        live_server.url + f"/admin/pages/add/calendar_events/eventpage/{writer_site['section'].pk}/"
    )
    open_panel(page)
    compared = 0
    for text, *_counts in HAND_COUNTED:
        if "\n" in text:
            continue
        page.fill("[name='summary']", text)
        wait_for_lix(page, lix(text).value)
        assert page.get_attribute("[data-readability-lix]", "data-band") == lix(text).band
        compared += 1
    assert compared >= 9
    page.fill("[name='summary']", "")
    page.wait_for_function(
        "() => document.querySelector('[data-readability-lix]').textContent.trim() === '–'"
    )


def test_the_readability_report_is_accessible(page, live_server, writer_site):
    """Statistik's readability report for the chief editor: chart and table, no violations."""
    from municipalities.roles import CHIEF_EDITOR

    writer_site["article"].save_revision().publish()  # stores its LIX
    chief = get_user_model().objects.create_user("karin", password=PASSWORD)
    chief.groups.set(Group.objects.filter(name=CHIEF_EDITOR))
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_login", "karin")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.wait_for_url("**/admin/")
    page.goto(live_server.url + "/admin/statistik/lasbarhet/")
    assert page.get_by_role("img", name="Medel-LIX per kommun").is_visible()
    table = page.get_by_role("table", name="Läsbarhet (LIX) per kommun och månad")
    expected = lix("\n".join([SUMMARY, HEADING, LINKED]))
    shown = f"{expected.value}".replace(".", ",")  # the admin writes decimals the Swedish way
    bjuv = next(line for line in table.inner_text().splitlines() if line.startswith("Bjuv"))
    # This month's mean, one publication, the period's mean and its band.
    assert bjuv.endswith(f"\t{shown}\t1\t{shown}\t{expected.band}")
    result = accessibility.axe_violations(page)
    assert result["violations"] == [], accessibility.describe(result["violations"])
    accessibility.assert_no_csp_violations(page)
