# ruff: noqa: F811 - pytest passes the fixtures imported from test_accessibility by name
"""A teacher's journeys in Chromium at a phone's width (390 px) and a desktop's (1280 px): the
first screen, the menu by keyboard, folded filters, printing and "Min planering"."""

import contextlib

import pytest

from tests.test_accessibility import (  # noqa: F401 - the browser, page and site fixtures
    assert_no_csp_violations,
    axe_violations,
    browser,
    describe,
    page,
    site,
)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def within_first_screen(page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] + min(box["height"], 40) <= page.viewport_size["height"]


def assert_accessible(page):
    result = axe_violations(page)
    assert result["violations"] == [], describe(result["violations"])
    assert page.requests_to_other_hosts == []
    assert_no_csp_violations(page)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_home_shows_search_and_the_ways_in_in_the_first_screen(page, live_server, site, viewport):
    page.set_viewport_size(viewport)
    page.goto(live_server.url + "/")
    assert within_first_screen(page, "#home-search-q")
    assert within_first_screen(page, ".ways-in a[href='/skolform/forskola/']")
    assert within_first_screen(page, "#skolformer-rubrik")
    assert_accessible(page)


def test_the_menu_opens_and_closes_by_keyboard_on_a_phone(page, live_server, site):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    button = page.get_by_role("button", name="Meny")
    menu = page.locator("#huvudmeny")
    assert button.get_attribute("aria-expanded") == "false" and not menu.is_visible()

    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true" and menu.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Kommuner"
    assert_accessible(page)

    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false" and not menu.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")

    page.keyboard.press("Space")
    page.get_by_role("link", name="Ämnen").click()
    assert page.url.endswith("/amnen/")
    page.get_by_role("link", name="Modersmål").click()
    assert page.url.endswith("/amne/modersmal/")
    assert page.get_by_role("link", name="Flerspråkig sagostund").is_visible()


def test_on_a_desktop_the_menu_is_always_there(page, live_server, site):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/")
    assert not page.get_by_role("button", name="Meny").is_visible()
    assert (
        page.get_by_role("navigation", name="Huvudmeny")
        .get_by_role("link", name="Teman")
        .is_visible()
    )


def test_search_filters_fold_on_a_phone_and_the_results_come_first(page, live_server, site):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/sok/?q=saga&skolform=forskola")
    disclosure = page.locator("details[data-facets]")
    assert not disclosure.evaluate("details => details.open")
    assert page.locator("summary", has_text="Filtrera").inner_text().endswith("(1 vald)")
    assert within_first_screen(page, ".result__title a")
    assert page.locator("input[type=search]").count() == 1

    page.locator("summary", has_text="Filtrera").click()
    assert page.get_by_role("link", name="Språkutveckling").first.is_visible()
    assert_accessible(page)

    page.set_viewport_size(DESKTOP)
    page.reload()
    assert disclosure.evaluate("details => details.open")
    assert not page.locator("summary", has_text="Filtrera").is_visible()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_a_printed_article_shows_its_address_and_date(page, live_server, site, viewport):
    page.set_viewport_size(viewport)
    article = site["article"]
    page.goto(live_server.url + article.url)
    assert page.get_by_role("button", name="Skriv ut").is_visible()
    assert not page.locator(".print-address").is_visible()
    page.emulate_media(media="print")
    address = page.locator(".print-address")
    assert address.is_visible()
    assert article.full_url in address.inner_text()
    assert article.publication_date.strftime("%Y") in address.inner_text()
    assert not page.locator(".article-tools").is_visible()
    assert not page.locator(".site-header").is_visible()


def test_min_planering_keeps_a_saved_article_across_reloads_without_a_cookie(
    page, live_server, site
):
    article = site["article"]
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + article.url)
    save = page.locator("[data-save-article]")
    assert save.get_attribute("aria-pressed") == "false"
    assert page.get_by_role("button", name="Spara i Min planering", exact=True).count() == 1
    save.click()
    assert save.get_attribute("aria-pressed") == "true"
    assert page.get_by_role("button", name="Sparad i Min planering", exact=True).count() == 1
    page.get_by_role("status").filter(has_text="sparad").wait_for()
    assert page.locator("[data-planning-count]").inner_text() == "(1)"

    page.goto(live_server.url + "/min-planering/")
    page.reload()
    assert page.get_by_role("link", name="Flerspråkig sagostund").is_visible()
    assert not page.get_by_text("Min planering behöver JavaScript").is_visible()
    assert page.get_by_role("button", name="Skriv ut listan").is_visible()
    assert_accessible(page)
    assert page.context.cookies() == [] and page.evaluate("document.cookie") == ""

    page.get_by_role("button", name="Ta bort Flerspråkig sagostund").click()
    assert page.get_by_text("Du har inte sparat några artiklar ännu.").is_visible()
    page.goto(live_server.url + article.url)
    assert (
        page.get_by_role("button", name="Spara i Min planering").get_attribute("aria-pressed")
        == "false"
    )


def test_copy_link_puts_the_articles_address_on_the_clipboard(page, live_server, site):
    article = site["article"]
    page.context.grant_permissions(["clipboard-write"])
    page.goto(live_server.url + article.url)
    page.get_by_role("button", name="Kopiera länk").click()
    page.get_by_role("status").filter(has_text="Länken är kopierad").wait_for()
    # Pasted as a reader would (the site's Permissions-Policy forbids reading the clipboard).
    field = page.locator("#site-search-q")
    field.focus()
    page.keyboard.press("Control+V")
    assert field.input_value() == article.full_url


# Page weight budgets for what the site itself sends, uncompressed as the test server sends it
# (gzip or brotli in production roughly quarters the text): the design must not grow them.
WEIGHT_BUDGETS = {"document": 40_000, "stylesheet": 32_000, "script": 20_000, "everything": 400_000}


@pytest.mark.parametrize("address", ["home", "search", "article"])
def test_pages_keep_their_weight_budgets_on_a_phone(page, live_server, site, address):
    url = {"home": "/", "search": "/sok/?q=saga", "article": site["article"].url}[address]
    sizes = {}

    def note(response):
        # A redirect or an aborted request has no body to weigh.
        with contextlib.suppress(Exception):
            sizes[response.url] = (response.request.resource_type, len(response.body()))

    page.set_viewport_size(PHONE)
    page.on("response", note)
    page.goto(live_server.url + url)
    page.wait_for_load_state("networkidle")
    page.mouse.wheel(0, 20_000)  # lazy pictures below the first screen count too
    page.wait_for_timeout(500)
    by_kind = {}
    for kind, size in sizes.values():
        by_kind[kind] = by_kind.get(kind, 0) + size
    weights = by_kind | {"everything": sum(by_kind.values())}
    assert weights["document"] > 1000 and weights["stylesheet"] > 1000, "the page was weighed"
    over = {
        kind: weights.get(kind, 0)
        for kind, budget in WEIGHT_BUDGETS.items()
        if weights.get(kind, 0) > budget
    }
    assert over == {}, f"over budget: {over} (budgets {WEIGHT_BUDGETS})"
