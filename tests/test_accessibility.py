"""Every public page type, with real content, checked in headless Chromium with axe-core for the
WCAG 2.0/2.1 A and AA rules, plus keyboard journeys. Chromium is Debian's (/usr/bin/chromium),
driven by Playwright; axe-core comes from npm (node_modules). Without Chromium these tests skip,
unless REQUIRE_BROWSER=1 (CI), where that is a failure.

Every journey also ends with no Content-Security-Policy violation in any frame of the tab
(issue 12; the policies are in site/settings/base.py, "Security headers")."""

import datetime
import io
from urllib.parse import urlparse

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from blog.factories import (
    ArticlePageFactory,
    AuthorFactory,
    SchoolFormFactory,
    SubjectFactory,
    ThemeFactory,
    cached_embed,
    paragraph,
)
from calendar_events.factories import EventPageFactory
from home.factories import accessibility_statement, standard_page
from media_library.factories import AudioFactory, SiteImageFactory, VideoFactory, png_bytes
from municipalities.factories import MunicipalityContactFactory, MunicipalityPageFactory
from tests import browser as chromium
from tests.factories import baseline
from tests.test_wordpress_import import YOUTUBE as IMPORTED_YOUTUBE
from tests.test_wordpress_import import write_export
from wordpress_import.models import ImportedObject

# The live server reads committed data, so these tests are transactional; each ends with a flush
# that also removes what the migrations created, which `baseline()` puts back.
pytestmark = pytest.mark.django_db(transaction=True)

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
YOUTUBE_URL = "https://www.youtube.com/watch?v=abc123"
AXE = chromium.AXE


@pytest.fixture(scope="module")
def browser():
    yield from chromium.launched_chromium()


# Each `securitypolicyviolation` in any frame, kept in the frame's window.__cspViolations and
# reported to the test (which outlives the page: a journey moves from page to page).
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const violation = {
    directive: event.violatedDirective,
    blocked: event.blockedURI,
    page: document.location.pathname + document.location.search,
    source: `${event.sourceFile}:${event.lineNumber}`,
    sample: event.sample,
  };
  window.__cspViolations.push(violation);
  window.reportCspViolation(violation);
});
"""


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    violations = []

    def report_csp_violation(violation):
        violations.append(violation)

    tab.expose_function("reportCspViolation", report_csp_violation)
    tab.add_init_script(CSP_LISTENER)
    tab.csp_violations = violations
    # Chromium's word on a header it cannot read (e.g. an unknown Permissions-Policy feature).
    tab.header_warnings = []

    def note_header_warning(message):
        if "Permissions-Policy" in message.text:
            tab.header_warnings.append(message.text)

    tab.on("console", note_header_warning)
    outside = []

    def block_other_hosts(route):
        # Record and refuse every request to another host: readers' pages must make none.
        outside.append(route.request.url)
        route.abort()

    live_host = urlparse(live_server.url).hostname
    tab.route(lambda url: urlparse(url).hostname not in (live_host, None), block_other_hosts)
    tab.requests_to_other_hosts = outside
    yield tab
    context.close()


@pytest.fixture
def site(settings, tmp_path):
    """Demo-like content using every page and block type."""
    settings.MEDIA_ROOT = tmp_path
    home = baseline()
    municipality = MunicipalityPageFactory(
        parent=home, title="Landskrona", slug="landskrona", image=SiteImageFactory()
    )
    MunicipalityContactFactory(page=municipality, name="Amir Haddad")
    preschool = SchoolFormFactory(slug="forskola", name="Förskola")
    theme = ThemeFactory(slug="sprakutveckling", name="Språkutveckling")
    subject = SubjectFactory(slug="modersmal", name="Modersmål")
    author = AuthorFactory(
        name="Leyla Demir",
        role="Modersmålslärare",
        municipality=municipality,
        photo=SiteImageFactory(),
        bio="Jag undervisar i arabiska och samarbetar med förskolorna i Landskrona.",
    )
    Embed.objects.create(
        hash=get_embed_hash(YOUTUBE_URL),
        url=YOUTUBE_URL,
        type="video",
        provider_name="YouTube",
        html='<iframe src="https://www.youtube-nocookie.com/embed/abc123" title="Film om sagostund"></iframe>',
    )
    document = get_document_model()(title="Lektionsplanering")
    document.file.save("lektion.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    document.save()
    hero = SiteImageFactory(file=ImageFile(io.BytesIO(png_bytes((1600, 900))), name="hero.png"))
    body = [
        paragraph("Varje fredag läser pedagoger och vårdnadshavare samma saga på olika språk."),
        {
            "type": "image",
            "value": {
                "image": {
                    "image": hero.pk,
                    "decorative": False,
                    "alt_text": "Barn som lyssnar på en saga",
                },
                "caption": "Sagostund.",
                "credit": "Foto: Test",
            },
        },
        {"type": "heading", "value": {"text": "Så gjorde vi", "level": "h2"}},
        {
            "type": "quote",
            "value": {"text": "Alla hjälps åt att berätta.", "attribution": "Förskollärare"},
        },
        {
            "type": "fact_box",
            "value": {
                "kind": "tips",
                "title": "Bjud in vårdnadshavare",
                "body": "<p>Be dem läsa på sitt språk.</p>",
            },
        },
        {
            "type": "lesson_plan",
            "value": {
                "aim": "<p>Språklig medvetenhet.</p>",
                "target_group": "Förskola",
                "duration": "30 minuter",
                "materials": ["Bilderbok"],
                "steps": ["Läs.", "Samtala."],
            },
        },
        {
            "type": "document",
            "value": {
                "document": document.pk,
                "title": "Lektionsplaneringen (PDF)",
                "description": "",
            },
        },
        {"type": "audio", "value": {"audio": AudioFactory().pk, "caption": "Lyssna."}},
        {"type": "video", "value": {"video": VideoFactory().pk, "caption": ""}},
        {"type": "embed", "value": {"url": YOUTUBE_URL, "title": "Film om sagostund"}},
    ]
    article = ArticlePageFactory(
        parent=municipality,
        title="Flerspråkig sagostund",
        slug="flersprakig-sagostund",
        summary="Sagostunden hålls på fem språk.",
        body=body,
        school_forms=[preschool],
        subjects=[subject],
        themes=[theme],
        authors=[author],
        hero_image=hero,
        hero_image_alt="Barn i en ring på golvet",
    )
    for number in range(3):
        ArticlePageFactory(
            parent=municipality,
            title=f"Sagor och språk {number}",
            school_forms=[preschool],
            themes=[theme],
        )
    about = standard_page(title="Om Pedagogsajten", slug="om-pedagogsajten")
    statement = accessibility_statement(home)
    soon = timezone.now() + datetime.timedelta(days=7)
    event = EventPageFactory(
        parent=municipality,
        title="Flerspråkighet i förskolan",
        slug="flersprakighet-i-forskolan",
        kind="forelasning",
        start=soon,
        end=soon + datetime.timedelta(hours=2),
        online_url="https://mote.example/flersprakighet",
        contact="Amir Haddad, amir@kommun.example",
        school_forms=[preschool],
        body=[
            {"type": "heading", "value": {"text": "Program", "level": "h2"}},
            paragraph("Föreläsning och samtal om sagor på flera språk."),
        ],
    )
    EventPageFactory(
        parent=municipality,
        title="Höstens nätverksträff",
        start=soon - datetime.timedelta(days=60),
        end=soon - datetime.timedelta(days=60, hours=-2),
        school_forms=[preschool],
    )
    return {
        "home": home,
        "municipality": municipality,
        "article": article,
        "event": event,
        "about": about,
        "statement": statement,
        "author": author,
    }


def csp_violations(page) -> list[dict]:
    """The journey's Content-Security-Policy violations so far, in every frame and page."""
    page.evaluate("() => window.__cspViolations")  # a round trip: reports on their way arrive
    return page.csp_violations


def assert_no_csp_violations(page):
    violations = csp_violations(page)
    assert violations == [], "\n".join(
        f"{item['directive']} blocked {item['blocked']} on {item['page']} ({item['source']}): "
        f"{item['sample']!r}"
        for item in violations
    )


def axe_violations(page):
    # Evaluated through the DevTools protocol, not as an inline <script> that the page's
    # Content-Security-Policy would refuse (and report as the site's violation).
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return result


def describe(violations) -> str:
    return "\n".join(
        f"{item['id']} ({item['impact']}): {item['help']} – {[node['target'] for node in item['nodes'][:3]]}"
        for item in violations
    )


PAGES = {
    "home": lambda site: "/",
    "municipality": lambda site: site["municipality"].url,
    "article": lambda site: site["article"].url,
    "standard": lambda site: site["about"].url,
    "accessibility_statement": lambda site: site["statement"].url,
    "search": lambda site: "/sok/?q=saga",
    "search_without_hits": lambda site: "/sok/?q=kvantfysik&skolform=forskola",
    "listing": lambda site: "/skolform/forskola/",
    "subject": lambda site: "/amne/modersmal/",
    "subjects": lambda site: "/amnen/",
    "municipalities": lambda site: "/kommuner/",
    "author": lambda site: f"/skribent/{site['author'].pk}/",
    "planning": lambda site: "/min-planering/",
    "calendar": lambda site: "/kalender/",
    "calendar_filtered": lambda site: "/kalender/?kommun=landskrona&skolform=forskola",
    "calendar_archive": lambda site: "/kalender/arkiv/",
    "event": lambda site: site["event"].url,
    "search_with_events": lambda site: "/sok/?q=flerspråkighet",
    "not_found": lambda site: "/finns-inte/",
    "subscribe": lambda site: "/prenumerera/",
    "feed_list": lambda site: "/flode/",
}


@pytest.mark.parametrize("page_type", list(PAGES))
def test_no_wcag_a_or_aa_violations(page, live_server, site, page_type):
    page.goto(live_server.url + PAGES[page_type](site))
    result = axe_violations(page)
    assert result["violations"] == [], describe(result["violations"])
    checked = len(result["passes"]) + len(result["inapplicable"]) + len(result["incomplete"])
    assert checked > 50  # axe really ran its WCAG A/AA rule set
    assert page.requests_to_other_hosts == []
    assert_no_csp_violations(page)


@pytest.fixture
def imported_article(site, tmp_path):
    """An article as the WordPress import writes it (wordpress_import/): Gutenberg blocks,
    an image with its caption, a quote, an embed, a document, a block that became text."""
    files = write_export(tmp_path / "wordpress")
    call_command(
        "import_wordpress",
        str(files["wxr"]),
        "--uploads",
        str(files["uploads"]),
        "--mapping",
        str(files["mapping"]),
        "--default-municipality",
        site["municipality"].slug,
        stdout=io.StringIO(),
    )
    cached_embed(IMPORTED_YOUTUBE)
    return ImportedObject.objects.get(kind="post", wordpress_id="100").page.specific


def test_an_imported_wordpress_article_has_no_wcag_violations(page, live_server, imported_article):
    page.goto(live_server.url + imported_article.url)
    result = axe_violations(page)
    assert result["violations"] == [], describe(result["violations"])
    assert page.requests_to_other_hosts == []
    assert_no_csp_violations(page)


def test_skip_link_is_first_and_moves_focus_to_the_content(page, live_server, site):
    page.goto(live_server.url + site["article"].url)
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Hoppa till innehållet"
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "innehall"
    assert_no_csp_violations(page)


def test_search_and_facets_by_keyboard_only(page, live_server, site):
    page.goto(live_server.url + "/")
    page.focus("#home-search-q")  # the home page's own search box
    page.keyboard.type("saga")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sok/?q=saga")
    assert "träff" in page.text_content(".result-count")
    # Tab to the "Förskola" facet and follow it with Enter.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(
            "() => document.activeElement.closest('.facets') !== null && document.activeElement.textContent.includes('Förskola')"
        ):
            break
    else:
        pytest.fail("The school-form facet could not be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**skolform=forskola**")
    page.go_back()
    page.wait_for_url("**/sok/?q=saga")
    assert_no_csp_violations(page)


def test_embed_loads_nothing_until_the_reader_asks(page, live_server, site):
    page.goto(live_server.url + site["article"].url)
    page.wait_for_load_state("networkidle")
    assert page.requests_to_other_hosts == []
    assert page.locator(".block-embed iframe").count() == 0
    button = page.get_by_role("button", name="Visa innehållet från YouTube")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".block-embed iframe")
    page.wait_for_timeout(300)
    assert any("youtube-nocookie.com" in url for url in page.requests_to_other_hosts)
    # frame-src let the provider's frame through: its request reached the test's router above.
    assert_no_csp_violations(page)


def test_video_has_captions_and_audio_a_transcript(page, live_server, site):
    page.goto(live_server.url + site["article"].url)
    assert page.locator('video track[kind="captions"][srclang="sv"]').count() == 1
    page.get_by_text("Transkription av").first.click()
    assert page.get_by_text("Hej och välkommen till podden.").is_visible()
    assert_no_csp_violations(page)


def test_the_axe_harness_reports_a_real_violation(page, live_server, site):
    """Guards the tests above: a page with a known WCAG failure must not pass."""
    page.goto(live_server.url + "/")
    page.evaluate(
        "() => document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/x.png\">')"
    )
    result = axe_violations(page)
    assert "image-alt" in {violation["id"] for violation in result["violations"]}
    assert_no_csp_violations(page)


def test_feedback_answer_and_its_error_page(page, live_server, site):
    """A reader answers the question under an article; a mistake gives an accessible error page."""
    page.goto(live_server.url + site["article"].url)
    page.get_by_role("button", name="Skicka svar").click()  # nothing chosen
    assert "Välj ja eller nej." in page.content()
    result = axe_violations(page)
    assert result["violations"] == [], describe(result["violations"])

    page.wait_for_timeout(3200)  # answers sent within three seconds of loading are refused
    page.get_by_label("Ja").check()
    page.get_by_label("Kommentar (frivillig)").fill("Bra idé för min grupp.")
    page.get_by_role("button", name="Skicka svar").click()
    assert page.get_by_role("heading", name="Tack för ditt svar!").is_visible()
    assert page.context.cookies() == []
    assert_no_csp_violations(page)


def test_subscribing_by_keyboard_and_a_feed_opened_in_the_browser(page, live_server, site):
    """A reader subscribes with the form (a mistake first, then right), without getting a cookie;
    a feed opened in Chromium is the Swedish page its XSLT stylesheet makes, within the CSP."""
    page.goto(live_server.url + "/prenumerera/")
    page.get_by_role("button", name="Prenumerera").click()
    assert "Skriv din e-postadress." in page.content()
    result = axe_violations(page)
    assert result["violations"] == [], describe(result["violations"])
    page.get_by_label("Din e-postadress").fill("lasare@exempel.se")
    page.get_by_label("Allt som publiceras på Pedagogsajten").check()
    page.get_by_label("Veckobrev (ett e-postmeddelande i veckan)").check()
    page.get_by_role("button", name="Prenumerera").press("Enter")
    assert page.get_by_role("heading", name="Titta i din e-post").is_visible()
    assert page.context.cookies() == []
    assert_no_csp_violations(page)

    page.goto(live_server.url + "/flode/rss/")
    assert page.get_by_role("heading", name="Vad är det här?").is_visible()
    assert page.get_by_role("link", name=site["article"].title).first.is_visible()
    assert page.get_by_label("Flödets adress").input_value().endswith("/flode/rss/")
    # The site's stylesheet applied to the transformed page: the header has its border colour.
    header = page.locator(".site-header")
    assert header.evaluate("e => getComputedStyle(e).borderBottomColor") == "rgb(201, 211, 219)"
    # Chromium adds its own notice that XSLT support is going away, with inline styles and a
    # click handler that the site's policy blocks; nothing of the stylesheet's output is blocked.
    ours = [
        item
        for item in csp_violations(page)
        if item["directive"] not in ("style-src-attr", "script-src-attr")
    ]
    assert ours == []
    assert page.locator("main [style], main [onclick]").count() == 0


def test_statistics_report_page(page, live_server, site):
    """The report page: an SVG chart with a title and the same numbers as a table, no violations."""
    from django.contrib.auth import get_user_model

    from municipalities.roles import CHIEF_EDITOR, ensure_all_roles

    ensure_all_roles()
    chief = get_user_model().objects.create_user("karin", password=STAFF_PASSWORD)
    chief.groups.set(Group.objects.filter(name=CHIEF_EDITOR))
    sign_in(page, live_server, "karin")
    page.goto(live_server.url + "/admin/statistik/lasning-per-dag/")
    # One municipality in this site: its days as a line, no bar of a single total.
    assert page.get_by_role("img", name="Sidvisningar per dag").is_visible()
    assert page.get_by_role("img", name="Sidvisningar per kommun").count() == 0
    assert page.get_by_role("table", name="Läsning per kommun och dag").is_visible()
    result = axe_violations(page)
    assert result["violations"] == [], describe(result["violations"])
    assert_no_csp_violations(page)


# The Wagtail admin under its Content-Security-Policy (CONTENT_SECURITY_POLICY_ADMIN): what editors
# do most, so that anything the admin needs beyond the policy shows up as a violation here.
STAFF_PASSWORD = "testlösenord-123"


@pytest.fixture
def superuser(site):
    from django.contrib.auth import get_user_model

    # With an e-mail address: the admin would ask Gravatar for an avatar, unless told not to.
    return get_user_model().objects.create_superuser(
        "admin", "admin@kommun.example", STAFF_PASSWORD
    )


def sign_in(page, live_server, username):
    page.goto(live_server.url + "/admin/login/")  # Wagtail's sign-in leads to the site's own
    page.fill("#id_login", username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.wait_for_url("**/admin/")


def test_page_editor_preview_checks_and_choosers(page, live_server, site, superuser):
    sign_in(page, live_server, "admin")
    page.goto(live_server.url + f"/admin/pages/{site['article'].pk}/edit/")
    # The preview panel: the page as readers get it, in an iframe from the admin's origin, where
    # the reader's click on an embed works as on the site.
    page.click("[data-side-panel-toggle='preview']")
    preview = page.frame_locator("#w-preview-iframe")
    preview.get_by_role("heading", name="Flerspråkig sagostund", level=1).wait_for()
    preview.get_by_role("button", name="Visa innehållet från YouTube").click()
    preview.locator(".block-embed iframe").wait_for(state="attached")
    # The checks panel runs Wagtail's accessibility checker (axe) inside the preview.
    page.click("[data-side-panel-toggle='checks']")
    page.wait_for_function(
        "() => document.querySelector('[data-content-word-count]').textContent.trim() !== '-'"
    )
    page.click("[data-side-panel-toggle='checks']")
    # A chooser modal (loaded into the page by script), closed again.
    page.click("#id_article_authors-OPEN_MODAL")
    page.wait_for_selector(".modal-dialog table", state="visible")
    page.click(".modal-dialog [data-dismiss='modal']")
    page.wait_for_selector(".modal-dialog", state="hidden")
    # The image chooser, choosing another hero image.
    page.click("#id_hero_image-chooser .w-dropdown__toggle")
    page.click("#id_hero_image-chooser [data-chooser-action-choose]")
    page.locator(".modal-dialog a.image-choice").first.click()
    page.wait_for_selector(".modal-dialog", state="hidden")
    # A new text block in the body: the block picker and a new rich-text editor (Draftail).
    editors = page.locator("[data-contents='true']").count()
    page.locator("button.c-sf-add-button").first.click()  # the body's first insertion point
    page.get_by_role("option", name="Text").first.click()
    page.wait_for_function(
        f"() => document.querySelectorAll(\"[data-contents='true']\").length > {editors}"
    )
    page.wait_for_timeout(300)
    outside_hosts = {urlparse(url).hostname for url in page.requests_to_other_hosts}
    assert outside_hosts == {"www.youtube-nocookie.com"}  # the reader's click in the preview
    assert_no_csp_violations(page)


def test_userbar_and_its_checks_on_a_public_page(page, live_server, site, superuser):
    sign_in(page, live_server, "admin")
    page.goto(live_server.url + site["article"].url)
    userbar = page.locator("wagtail-userbar")
    userbar.locator("#wagtail-userbar-trigger").click()
    userbar.locator("#checker-trigger").click()
    userbar.locator("#checker-results").wait_for()
    page.wait_for_timeout(500)
    assert page.requests_to_other_hosts == []
    assert_no_csp_violations(page)


def test_image_upload_and_focal_point_in_the_admin(page, live_server, site, superuser, tmp_path):
    sign_in(page, live_server, "admin")
    picture = tmp_path / "bild.png"
    picture.write_bytes(png_bytes((320, 200)))
    page.goto(live_server.url + "/admin/images/multiple/add/")
    page.set_input_files("input[type=file]", str(picture))
    page.wait_for_selector(".upload-success")
    page.goto(live_server.url + f"/admin/images/{site['article'].hero_image_id}/")
    page.wait_for_selector(".focal-point-chooser .jcrop-holder")  # the focal point tool is up
    page.wait_for_timeout(300)
    assert page.requests_to_other_hosts == []
    assert_no_csp_violations(page)


def test_second_factor_set_up_shows_its_qr_code(page, live_server, site, superuser):
    sign_in(page, live_server, "admin")
    page.goto(live_server.url + "/konto/2fa/totp/activate/")
    page.fill("#id_password", STAFF_PASSWORD)  # allauth asks again before security changes
    page.get_by_role("button", name="Bekräfta").click()
    page.wait_for_url("**/konto/2fa/totp/activate/")
    qr_code = page.locator("img[src^='data:']")
    qr_code.wait_for()
    assert qr_code.evaluate("image => image.complete && image.naturalWidth > 0")
    assert_no_csp_violations(page)


def test_permissions_policy_as_chromium_reads_it(page, live_server, site):
    page.goto(live_server.url + site["article"].url)
    allowed = set(page.evaluate("() => document.featurePolicy.allowedFeatures()"))
    assert not allowed & {"camera", "microphone", "geolocation", "payment", "usb"}
    assert {"fullscreen", "picture-in-picture", "clipboard-write"} <= allowed
    assert page.header_warnings == []
    assert_no_csp_violations(page)


def test_the_csp_harness_reports_a_real_violation(page, live_server, site):
    """Guards the journeys above: an inline script, refused by the public policy, is reported."""
    page.goto(live_server.url + "/")
    page.evaluate(
        "() => document.body.append(Object.assign(document.createElement('script'),"
        " {textContent: 'window.ran = true'}))"
    )
    page.wait_for_timeout(100)
    assert page.evaluate("() => window.ran") is None
    assert [item["directive"] for item in csp_violations(page)] == ["script-src-elem"]


def test_admin_listings_and_forms(page, live_server, site, superuser):
    """A round of the admin's other pages: listings, upload forms, reports, users, workflows."""
    sign_in(page, live_server, "admin")
    for address in [
        f"/admin/pages/{site['municipality'].pk}/",
        "/admin/pages/search/?q=saga",
        f"/admin/pages/{site['article'].pk}/history/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/documents/multiple/add/",
        "/admin/media/",
        "/admin/media/audio/add/",
        "/admin/snippets/",
        "/admin/reports/aging-pages/",
        "/admin/users/",
        "/admin/workflows/list/",
        "/admin/statistik/",
    ]:
        response = page.goto(live_server.url + address)
        assert response.status == 200, address
    assert page.requests_to_other_hosts == []
    assert_no_csp_violations(page)
