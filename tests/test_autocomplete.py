"""Search suggestions on /sok/ (issue 14, point 6): the WAI-ARIA 1.2 combobox of static/js/site.js
in Debian's Chromium against the live server and PostgreSQL. A suggested article is a link that
opens the article (keyboard, mouse, middle-click, touch); Enter without a chosen suggestion still
searches; the list closes with Escape, Tab and a click elsewhere; a polite live region counts the
suggestions in Swedish; requests wait for two characters and a pause, stale answers are dropped,
nothing is asked while offline or after a failure; without JavaScript the plain form is left.
Without Chromium these tests skip, unless REQUIRE_BROWSER=1 (CI), where that is a failure."""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from blog.factories import ArticlePageFactory
from municipalities.factories import MunicipalityPageFactory
from tests import browser as chromium
from tests.factories import baseline
from tests.test_accessibility import (
    CSP_LISTENER,
    assert_no_csp_violations,
    axe_violations,
    describe,
)

# The live server reads committed data (see tests/test_accessibility.py).
pytestmark = pytest.mark.django_db(transaction=True)

LISTBOX = "#search-q-forslag"
OPTIONS = "#search-q-forslag [role=option]"
STATUS = ".combobox [role=status]"
MATHS = "Utomhusmatematik i förskolan"
SEASONS = "Utomhuspedagogik året runt"
COUNT_TWO = "2 förslag. Använd pil upp och pil ned för att välja."


@pytest.fixture(scope="module")
def browser():
    yield from chromium.launched_chromium()


@pytest.fixture
def open_tab(browser, live_server):
    """Opens a tab in a new context (options: viewport, touch, JavaScript off …) that records the
    page's CSP violations, refuses other hosts and lists the requests for suggestions."""
    contexts = []

    def open_(**options):
        context = browser.new_context(locale="sv-SE", **options)
        contexts.append(context)
        tab = context.new_page()
        tab.csp_violations = []
        tab.expose_function(
            "reportCspViolation", lambda violation: tab.csp_violations.append(violation)
        )
        tab.add_init_script(CSP_LISTENER)
        tab.requests_to_other_hosts = []

        def block_other_hosts(route):
            tab.requests_to_other_hosts.append(route.request.url)
            route.abort()

        live_host = urlparse(live_server.url).hostname
        tab.route(lambda url: urlparse(url).hostname not in (live_host, None), block_other_hosts)
        tab.suggestion_requests = []
        tab.failed_requests = []

        def note_request(request):
            if urlparse(request.url).path == "/sok/forslag/":
                tab.suggestion_requests.append(request.url)

        tab.on("request", note_request)
        tab.on("requestfailed", lambda request: tab.failed_requests.append(request.url))
        return tab

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_tab):
    return open_tab(viewport={"width": 1280, "height": 900})


@pytest.fixture
def articles():
    home = baseline()
    municipality = MunicipalityPageFactory(parent=home, title="Landskrona", slug="landskrona")
    maths = ArticlePageFactory(
        parent=municipality,
        title=MATHS,
        slug="utomhusmatematik-i-forskolan",
        summary="Barnen räknar kottar och mäter pinnar.",
    )
    seasons = ArticlePageFactory(
        parent=municipality,
        title=SEASONS,
        slug="utomhuspedagogik-aret-runt",
        summary="Lärande ute i alla väder.",
    )
    ArticlePageFactory(
        parent=municipality,
        title="Bråk med pappersremsor",
        slug="brak-med-pappersremsor",
        summary="Konkret material i årskurs 8.",
    )
    # Never suggested: readers cannot open it.
    ArticlePageFactory(parent=municipality, title="Utomhusdagar, ett utkast", live=False)
    return {MATHS: maths, SEASONS: seasons}


def type_in_search(page, live_server, text):
    page.goto(live_server.url + "/sok/")
    page.focus("#search-q")
    page.keyboard.type(text)


def field(page):
    return page.locator("#search-q")


def option_ids(page) -> list[str]:
    return page.locator(OPTIONS).evaluate_all("options => options.map(option => option.id)")


def active_descendant(page):
    return field(page).get_attribute("aria-activedescendant")


def test_the_field_is_a_combobox_with_a_listbox_of_articles(page, live_server, articles):
    page.goto(live_server.url + "/sok/")
    combobox = page.get_by_role("combobox", name="Sökord")
    expect(combobox).to_have_attribute("aria-expanded", "false")
    assert combobox.get_attribute("aria-autocomplete") == "list"
    assert combobox.get_attribute("aria-controls") == "search-q-forslag"
    assert combobox.get_attribute("list") is None  # no <datalist> any more
    assert page.locator(LISTBOX).is_hidden()
    # The live region is in the page before anything is announced in it.
    assert page.locator(STATUS).text_content() == ""

    combobox.focus()
    page.keyboard.type("Utomhus")
    expect(combobox).to_have_attribute("aria-expanded", "true")
    listbox = page.get_by_role("listbox", name="Sökförslag")
    expect(listbox).to_be_visible()
    assert sorted(page.locator(OPTIONS).all_text_contents()) == [MATHS, SEASONS]  # no draft
    hrefs = {
        option.text_content(): option.get_attribute("href")
        for option in page.locator(OPTIONS).all()
    }
    assert hrefs == {title: live_server.url + article.url for title, article in articles.items()}
    assert page.locator(OPTIONS).evaluate_all(
        "options => options.map(option => [option.tagName, option.tabIndex])"
    ) == [["A", -1], ["A", -1]]
    assert active_descendant(page) is None  # list autocomplete without automatic selection
    assert_no_csp_violations(page)


def test_arrow_keys_and_enter_open_the_chosen_article(page, live_server, articles):
    type_in_search(page, live_server, "Utomhus")
    expect(field(page)).to_have_attribute("aria-expanded", "true")
    first, second = option_ids(page)
    titles = page.locator(OPTIONS).all_text_contents()

    page.keyboard.press("ArrowDown")
    assert active_descendant(page) == first
    assert page.locator(f"#{first}").get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowDown")
    assert active_descendant(page) == second
    assert page.locator(f"#{first}").get_attribute("aria-selected") is None
    page.keyboard.press("ArrowDown")
    assert active_descendant(page) == first  # wraps, as the APG example does
    page.keyboard.press("ArrowUp")
    assert active_descendant(page) == second
    page.keyboard.press("ArrowLeft")  # back to editing the text: nothing chosen
    assert active_descendant(page) is None
    page.keyboard.press("ArrowUp")  # from the field: the last option
    assert active_descendant(page) == second
    assert page.evaluate("() => document.activeElement.id") == "search-q"  # DOM focus stays

    chosen = articles[titles[1]]
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + chosen.url)
    assert page.url == live_server.url + chosen.url
    assert page.locator("h1").inner_text() == chosen.title
    assert_no_csp_violations(page)


def test_one_match_arrow_down_enter(page, live_server, articles):
    type_in_search(page, live_server, "utomhusmat")
    expect(page.locator(STATUS)).to_have_text(
        "1 förslag. Använd pil upp och pil ned för att välja."
    )
    assert page.locator(OPTIONS).all_text_contents() == [MATHS]
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/landskrona/utomhusmatematik-i-forskolan/")
    assert page.locator("h1").inner_text() == MATHS


def test_enter_without_a_chosen_suggestion_searches(page, live_server, articles):
    type_in_search(page, live_server, "Utomhus")
    expect(field(page)).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/sok/?q=Utomhus")
    assert page.url == live_server.url + "/sok/?q=Utomhus"
    assert page.locator("h1").inner_text() == "Sökresultat för ”Utomhus”"
    assert_no_csp_violations(page)


def test_escape_closes_then_clears(page, live_server, articles):
    type_in_search(page, live_server, "Utomhus")
    expect(field(page)).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    assert field(page).get_attribute("aria-expanded") == "false"
    assert page.locator(LISTBOX).is_hidden()
    assert active_descendant(page) is None
    assert field(page).input_value() == "Utomhus"  # the first Escape only closes
    page.keyboard.press("ArrowDown")  # opens the list again on the first suggestion
    assert field(page).get_attribute("aria-expanded") == "true"
    assert active_descendant(page) == option_ids(page)[0]
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    assert field(page).input_value() == ""
    assert field(page).get_attribute("aria-expanded") == "false"
    page.keyboard.press("ArrowDown")  # the suggestions were for another text: nothing opens
    assert field(page).get_attribute("aria-expanded") == "false"
    assert page.url == live_server.url + "/sok/"
    assert_no_csp_violations(page)


def test_tab_and_a_click_elsewhere_close_the_list(page, live_server, articles):
    type_in_search(page, live_server, "Utomhus")
    expect(field(page)).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert field(page).get_attribute("aria-expanded") == "false"
    assert page.locator(LISTBOX).is_hidden()
    # Tab goes past the suggestions (tabindex -1) to the form's button.
    assert page.evaluate("() => document.activeElement.textContent") == "Sök"

    page.focus("#search-q")
    page.keyboard.type(" ")  # a new text asks again
    expect(field(page)).to_have_attribute("aria-expanded", "true")
    page.locator("h1").click()
    assert field(page).get_attribute("aria-expanded") == "false"
    assert page.url == live_server.url + "/sok/"


def test_a_click_on_a_suggestion_opens_the_article(page, live_server, articles):
    type_in_search(page, live_server, "Utomhus")
    page.get_by_role("option", name=SEASONS).click()
    page.wait_for_url(live_server.url + "/landskrona/utomhuspedagogik-aret-runt/")
    assert page.locator("h1").inner_text() == SEASONS
    assert_no_csp_violations(page)


def test_a_middle_click_opens_the_article_in_a_new_tab(page, live_server, articles):
    type_in_search(page, live_server, "Utomhus")
    with page.context.expect_page() as opened:
        page.get_by_role("option", name=MATHS).click(button="middle")
    new_tab = opened.value
    new_tab.wait_for_load_state()
    assert new_tab.url == live_server.url + "/landskrona/utomhusmatematik-i-forskolan/"
    assert new_tab.locator("h1").inner_text() == MATHS
    assert page.url == live_server.url + "/sok/"  # the reader stays on the search


def test_live_region_counts_the_suggestions_in_swedish(page, live_server, articles):
    type_in_search(page, live_server, "Utomhus")
    status = page.locator(STATUS)
    expect(status).to_have_text(COUNT_TWO)
    assert status.get_attribute("role") == "status"  # polite
    page.keyboard.press("Escape")
    assert status.text_content() == ""
    page.keyboard.press("Escape")
    page.keyboard.type("kvantfysik")
    expect(status).to_have_text("Inga förslag.")
    assert field(page).get_attribute("aria-expanded") == "false"
    assert page.locator(OPTIONS).count() == 0


def test_no_wcag_violations_with_the_list_open(page, live_server, articles):
    type_in_search(page, live_server, "Utomhus")
    expect(field(page)).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")  # one option shown as chosen, white on the brand colour
    result = axe_violations(page)
    assert result["violations"] == [], describe(result["violations"])
    assert len(result["passes"]) + len(result["incomplete"]) + len(result["inapplicable"]) > 50
    assert {"aria-required-children", "aria-required-parent", "color-contrast"} <= {
        rule["id"] for rule in result["passes"] + result["incomplete"]
    }
    # Outside the WCAG tags, but about this pattern: links as options, an input as combobox.
    roles = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'rule', values: ['aria-allowed-role']}})"
    )
    assert roles["violations"] == [] and roles["passes"], describe(roles["violations"])
    assert page.requests_to_other_hosts == []
    assert_no_csp_violations(page)


def test_narrow_touch_screen(open_tab, live_server, articles):
    """At 320 px the list stays on the screen, options are 44 px touch targets, a tap opens."""
    page = open_tab(viewport={"width": 320, "height": 640}, has_touch=True, is_mobile=True)
    type_in_search(page, live_server, "Utomhus")
    expect(field(page)).to_have_attribute("aria-expanded", "true")
    listbox = page.locator(LISTBOX).bounding_box()
    assert listbox["x"] >= 0 and listbox["x"] + listbox["width"] <= 320
    heights = [option.bounding_box()["height"] for option in page.locator(OPTIONS).all()]
    assert len(heights) == 2 and min(heights) >= 44
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    result = axe_violations(page)
    assert result["violations"] == [], describe(result["violations"])
    page.get_by_role("option", name=MATHS).tap()
    page.wait_for_url(live_server.url + "/landskrona/utomhusmatematik-i-forskolan/")
    assert page.locator("h1").inner_text() == MATHS
    assert_no_csp_violations(page)


def test_requests_wait_for_two_characters_and_a_pause(page, live_server, articles):
    page.goto(live_server.url + "/sok/")
    page.focus("#search-q")
    page.keyboard.type("U")
    page.wait_for_timeout(400)
    assert page.suggestion_requests == []  # one character asks nothing
    page.keyboard.type("tomhus")  # faster than the pause: one request, for the whole word
    expect(field(page)).to_have_attribute("aria-expanded", "true")
    page.wait_for_timeout(400)
    assert page.suggestion_requests == [live_server.url + "/sok/forslag/?q=Utomhus"]


def test_a_stale_answer_is_dropped(page, live_server, articles):
    held = []
    page.route(lambda url: url.endswith("/sok/forslag/?q=Utom"), lambda route: held.append(route))
    page.goto(live_server.url + "/sok/")
    page.focus("#search-q")
    page.keyboard.type("Utom")
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1  # the answer for "Utom" is held back
    page.keyboard.type("hus")
    expect(field(page)).to_have_attribute("aria-expanded", "true")
    expect(page.locator(STATUS)).to_have_text(COUNT_TWO)
    # The request for "Utom" was abandoned by the page when the reader typed on.
    assert live_server.url + "/sok/forslag/?q=Utom" in page.failed_requests
    assert sorted(page.locator(OPTIONS).all_text_contents()) == [MATHS, SEASONS]


def test_nothing_is_asked_while_offline(page, live_server, articles):
    page.goto(live_server.url + "/sok/")
    page.context.set_offline(True)
    page.focus("#search-q")
    page.keyboard.type("Utomhus")
    page.wait_for_timeout(500)
    assert page.suggestion_requests == []
    assert field(page).get_attribute("aria-expanded") == "false"
    assert page.locator(STATUS).text_content() == ""


def test_after_a_failure_no_more_requests_and_the_search_still_works(page, live_server, articles):
    page.route(
        lambda url: urlparse(url).path == "/sok/forslag/",
        lambda route: route.fulfill(status=503, body="Tjänsten är inte tillgänglig"),
    )
    type_in_search(page, live_server, "Utomhus")
    page.wait_for_timeout(500)
    assert page.suggestion_requests == [live_server.url + "/sok/forslag/?q=Utomhus"]
    page.keyboard.type("matematik")
    page.wait_for_timeout(500)
    assert len(page.suggestion_requests) == 1  # paused after the failure
    assert field(page).get_attribute("aria-expanded") == "false"
    assert page.locator(STATUS).text_content() == ""
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/sok/?q=Utomhusmatematik")
    assert page.locator("h1").inner_text() == "Sökresultat för ”Utomhusmatematik”"
    assert_no_csp_violations(page)


def test_without_javascript_the_plain_form_searches(open_tab, live_server, articles):
    page = open_tab(java_script_enabled=False)
    page.goto(live_server.url + "/sok/")
    search = page.get_by_role("searchbox", name="Sökord")
    assert search.get_attribute("role") is None
    assert page.locator(LISTBOX).count() == 0
    search.fill("förskolan")
    search.press("Enter")
    page.wait_for_url(live_server.url + "/sok/?q=f%C3%B6rskolan")
    assert page.locator(".result__title").all_inner_texts() == [MATHS]
