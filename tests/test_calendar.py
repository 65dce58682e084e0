"""The calendar (issue 17, part 2): event pages in the municipality sections, /kalender/ with
filters that work without JavaScript, the archive, each section's upcoming events, the
iCalendar feeds read back with `icalendar`, schema.org Event metadata, events on /sok/ and the
same workflow as articles."""

import datetime
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.factories import SchoolFormFactory
from calendar_events.factories import EventPageFactory
from calendar_events.models import EventPage
from core.text import ascii_slug
from municipalities.factories import MunicipalityPageFactory
from municipalities.workflow import EDITOR_TASK
from tests.editorial import build_editorial_site, fresh, login, workflow_action_url

STOCKHOLM = ZoneInfo("Europe/Stockholm")
CALENDAR_BUDGET = 8


def at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A Swedish wall-clock time `days` from today."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=STOCKHOLM)


@pytest.fixture
def calendar_site(home, municipality):
    """Landskrona (the conftest's section) and Bjuv, each with events before and after today."""
    bjuv = MunicipalityPageFactory(parent=home, title="Bjuv", slug="bjuv")
    preschool = SchoolFormFactory(slug="forskola", name="Förskola")
    secondary = SchoolFormFactory(slug="gymnasieskola", name="Gymnasieskola")
    events = {
        "course": EventPageFactory(
            parent=municipality,
            title="Språkutvecklande arbetssätt i förskolan",
            slug="sprakutvecklande",
            kind="fortbildning",
            start=at(10, 13),
            end=at(10, 16, 30),
            place="Aulan, Parkskolan, Landskrona",
            organiser="Barn- och utbildningsförvaltningen, Landskrona",
            summary="En eftermiddag om högläsning och samtal i förskolan.",
            school_forms=[preschool],
        ),
        "conference": EventPageFactory(
            parent=bjuv,
            title="Gymnasiekonferens om digitalisering",
            slug="gymnasiekonferens",
            kind="konferens",
            start=at(30, 9),
            end=at(31, 16),
            place="",
            online_url="https://mote.example/konferens",
            organiser="Bjuvs kommun",
            summary="Två dagar om digitala verktyg i gymnasieskolan.",
            school_forms=[secondary],
        ),
        "network": EventPageFactory(
            parent=bjuv,
            title="Nätverksträff för förskollärare",
            slug="natverkstraff",
            kind="natverkstraff",
            start=at(3, 15),
            end=at(3, 17),
            school_forms=[preschool],
        ),
        "past": EventPageFactory(
            parent=municipality,
            title="Föreläsning om närvaro",
            slug="forelasning-narvaro",
            kind="forelasning",
            start=at(-20, 18),
            end=at(-20, 20),
            school_forms=[secondary],
        ),
        "older": EventPageFactory(
            parent=bjuv,
            title="Höstens nätverksträff",
            slug="hostens-natverkstraff",
            kind="natverkstraff",
            start=at(-60, 15),
            end=at(-60, 17),
        ),
        "draft": EventPageFactory(
            parent=municipality, title="Hemlig planering", slug="hemlig", live=False
        ),
    }
    return {"landskrona": municipality, "bjuv": bjuv, "events": events}


def titles(response) -> list[str]:
    """The events listed on a calendar page, in the order shown."""
    html = response.content.decode()
    return re.findall(r'class="event-item__title"><a href="[^"]*">([^<]+)</a>', html)


# Listing, filters, archive --------------------------------------------------------------------


def test_upcoming_events_soonest_first_without_past_or_draft_events(client, calendar_site):
    response = client.get("/kalender/")
    assert response.status_code == 200
    assert titles(response) == [
        "Nätverksträff för förskollärare",
        "Språkutvecklande arbetssätt i förskolan",
        "Gymnasiekonferens om digitalisering",
    ]
    html = response.content.decode()
    assert "3 evenemang" in html
    # The day in Swedish and the times as Swedes write them.
    start = at(10, 13)
    weekday = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
    assert f"{weekday[start.weekday()]} {start.day} " in html
    assert f'{start.year}, 13.00</time>–<time datetime="{at(10, 16, 30).isoformat()}">16.30' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kommun=bjuv", ["Nätverksträff för förskollärare", "Gymnasiekonferens om digitalisering"]),
        (
            "skolform=forskola",
            ["Nätverksträff för förskollärare", "Språkutvecklande arbetssätt i förskolan"],
        ),
        ("typ=konferens", ["Gymnasiekonferens om digitalisering"]),
        ("kommun=bjuv&skolform=forskola", ["Nätverksträff för förskollärare"]),
        ("kommun=landskrona&typ=konferens", []),
        ("kommun=finns-inte", []),
    ],
)
def test_filters_by_kommun_skolform_and_typ(client, calendar_site, query, expected):
    assert titles(client.get(f"/kalender/?{query}")) == expected


def test_the_filters_are_a_plain_form_that_keeps_the_choice(client, calendar_site):
    html = client.get("/kalender/?kommun=bjuv&typ=konferens").content.decode()
    form = html[html.index('<form class="event-filters"') :]
    form = form[: form.index("</form>")]
    assert 'method="get"' in form and '<button type="submit">' in form
    assert '<select id="filter-kommun" name="kommun">' in form
    assert '<option value="bjuv" selected>Bjuv</option>' in form
    assert '<option value="konferens" selected>Konferens</option>' in form
    assert '<option value="forskola">Förskola</option>' in form
    assert 'href="/kalender/">Visa alla</a>' in form
    assert "1 evenemang (Bjuv, Konferens)" in html


def test_past_events_are_in_the_archive_latest_first(client, calendar_site):
    response = client.get("/kalender/arkiv/")
    assert response.status_code == 200
    assert titles(response) == ["Föreläsning om närvaro", "Höstens nätverksträff"]
    assert titles(client.get("/kalender/arkiv/?kommun=bjuv")) == ["Höstens nätverksträff"]
    # The upcoming listing links to the archive and back.
    assert 'href="/kalender/arkiv/"' in client.get("/kalender/").content.decode()


def test_an_event_going_on_now_is_still_upcoming(client, calendar_site):
    now = timezone.now()
    EventPageFactory(
        parent=calendar_site["landskrona"],
        title="Pågående workshop",
        start=now - datetime.timedelta(hours=1),
        end=now + datetime.timedelta(hours=1),
    )
    assert titles(client.get("/kalender/"))[0] == "Pågående workshop"
    assert "Pågående workshop" not in titles(client.get("/kalender/arkiv/"))


def test_a_private_section_keeps_its_events_out_of_the_calendar(client, calendar_site):
    PageViewRestriction.objects.create(
        page=calendar_site["bjuv"], restriction_type=PageViewRestriction.LOGIN
    )
    assert titles(client.get("/kalender/")) == ["Språkutvecklande arbetssätt i förskolan"]


# Each section's upcoming events -----------------------------------------------------------------


def test_a_section_page_shows_its_own_upcoming_events(client, calendar_site):
    html = client.get(calendar_site["bjuv"].url).content.decode()
    section = html[html.index('class="section-events"') :]
    section = section[: section.index("</section>")]
    assert "Kommande evenemang i Bjuv" in section
    assert titles_in(section) == [
        "Nätverksträff för förskollärare",
        "Gymnasiekonferens om digitalisering",
    ]
    assert 'href="/kalender/kommun/bjuv.ics"' in section

    landskrona = client.get(calendar_site["landskrona"].url).content.decode()
    assert "Språkutvecklande arbetssätt i förskolan" in landskrona
    for elsewhere_past_or_draft in ("Gymnasiekonferens", "Föreläsning om närvaro", "Hemlig"):
        assert elsewhere_past_or_draft not in landskrona


def test_an_event_made_private_is_not_listed_on_its_section(client, calendar_site):
    PageViewRestriction.objects.create(
        page=calendar_site["events"]["network"], restriction_type=PageViewRestriction.LOGIN
    )
    html = client.get(calendar_site["bjuv"].url).content.decode()
    assert "Nätverksträff för förskollärare" not in html
    assert "Gymnasiekonferens om digitalisering" in html


def titles_in(html: str) -> list[str]:
    return re.findall(r'class="event-item__title"><a href="[^"]*">([^<]+)</a>', html)


# The event page, its JSON-LD -----------------------------------------------------------------


def structured_data(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_event_page_shows_the_facts_and_schema_org_event(client, calendar_site):
    event = calendar_site["events"]["course"]
    response = client.get(event.url)
    assert response.status_code == 200
    html = response.content.decode()
    for fact in ("Fortbildning", "Aulan, Parkskolan, Landskrona", "Förskola", ">16.30</time>"):
        assert fact in html
    assert 'href="https://anmalan.example/kurs"' in html

    data = structured_data(html)
    assert data["@type"] == "Event"
    assert data["name"] == "Språkutvecklande arbetssätt i förskolan"
    # Swedish time with its offset, as written in the editor.
    assert datetime.datetime.fromisoformat(data["startDate"]) == at(10, 13)
    assert data["startDate"].startswith(at(10, 13).strftime("%Y-%m-%dT13:00:00+0"))
    assert data["endDate"].startswith(at(10, 16, 30).strftime("%Y-%m-%dT16:30:00+0"))
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == {
        "@type": "Place",
        "name": "Aulan, Parkskolan, Landskrona",
        "address": "Aulan, Parkskolan, Landskrona",
    }
    assert data["organizer"]["name"] == "Barn- och utbildningsförvaltningen, Landskrona"
    assert data["offers"]["url"] == "https://anmalan.example/kurs"
    assert data["audience"] == [{"@type": "EducationalAudience", "educationalRole": "Förskola"}]
    assert data["url"] == event.full_url


def test_an_online_event_is_a_virtual_location(client, calendar_site):
    data = structured_data(client.get(calendar_site["events"]["conference"].url).content.decode())
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://mote.example/konferens"}


def test_an_event_cannot_end_before_it_starts(municipality):
    event = EventPage(
        title="Baklänges",
        slug="baklanges",
        start=at(5, 15),
        end=at(5, 14),
        organiser="X",
        summary="Y",
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert error.value.message_dict["end"] == ["Evenemanget kan inte sluta innan det börjar."]


# iCalendar --------------------------------------------------------------------------------------


def read_calendar(client, url) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_the_site_feed_parses_and_has_every_upcoming_and_recent_event(client, calendar_site):
    feed = read_calendar(client, "/kalender/pedagogsajten.ics")
    events = {str(item["SUMMARY"]): item for item in feed.walk("VEVENT")}
    # Upcoming and the last 90 days; not the draft, not the one 60 days ago?  It is within 90.
    assert set(events) == {
        "Språkutvecklande arbetssätt i förskolan",
        "Gymnasiekonferens om digitalisering",
        "Nätverksträff för förskollärare",
        "Föreläsning om närvaro",
        "Höstens nätverksträff",
    }
    course = events["Språkutvecklande arbetssätt i förskolan"]
    start = course.decoded("DTSTART")
    assert start == at(10, 13) and str(start.tzinfo) == "Europe/Stockholm"
    assert course["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert course.decoded("DTEND") == at(10, 16, 30)
    assert str(course["LOCATION"]) == "Aulan, Parkskolan, Landskrona"
    assert str(course["URL"]) == calendar_site["events"]["course"].full_url
    assert course["UID"] == f"evenemang-{calendar_site['events']['course'].pk}@localhost"
    assert "Anmälan: https://anmalan.example/kurs" in str(course["DESCRIPTION"])
    assert [str(kind) for kind in course["CATEGORIES"].cats] == ["Fortbildning"]
    # Calendar programs need the zone's rules to place the times right.
    assert [str(zone["TZID"]) for zone in feed.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    online = events["Gymnasiekonferens om digitalisering"]
    assert str(online["LOCATION"]) == "https://mote.example/konferens"
    # The same event keeps its UID between downloads (a subscribed calendar updates it).
    again = read_calendar(client, "/kalender/pedagogsajten.ics")
    assert {str(item["UID"]) for item in again.walk("VEVENT")} == {
        str(item["UID"]) for item in events.values()
    }


def test_a_municipality_feed_has_only_its_events(client, calendar_site):
    feed = read_calendar(client, "/kalender/kommun/bjuv.ics")
    assert sorted(str(item["SUMMARY"]) for item in feed.walk("VEVENT")) == [
        "Gymnasiekonferens om digitalisering",
        "Höstens nätverksträff",
        "Nätverksträff för förskollärare",
    ]
    assert str(feed["X-WR-CALNAME"]) == "Pedagogsajten – Bjuv"
    assert client.get("/kalender/kommun/finns-inte.ics").status_code == 404


def test_one_event_as_a_file(client, calendar_site):
    event = calendar_site["events"]["network"]
    feed = read_calendar(client, reverse("events:event_file", args=(event.pk,)))
    assert [str(item["SUMMARY"]) for item in feed.walk("VEVENT")] == [event.title]
    draft = calendar_site["events"]["draft"]
    assert client.get(reverse("events:event_file", args=(draft.pk,))).status_code == 404


# Search -----------------------------------------------------------------------------------------


def test_events_are_found_on_the_search_page(client, calendar_site, search_backend):
    if search_backend.name == "engine":
        get_search_backend("default").get_index_for_model(EventPage).refresh()
    html = client.get("/sok/?q=digitalisering").content.decode()
    assert "Evenemang i kalendern" in html
    hits = html[html.index('class="event-hits"') :]
    assert titles_in(hits[: hits.index("</section>")]) == ["Gymnasiekonferens om digitalisering"]
    # A draft is never found; a word no event has shows no event box.
    assert "Hemlig planering" not in client.get("/sok/?q=hemlig").content.decode()
    assert "Evenemang i kalendern" not in client.get("/sok/?q=kvantfysik").content.decode()


# Workflow ---------------------------------------------------------------------------------------


def event_form_data(title: str, **overrides) -> dict:
    data = nested_form_data(
        {
            "title": title,
            "slug": ascii_slug(title),
            "kind": "natverkstraff",
            "summary": "Vi delar erfarenheter av studiero.",
            "start": at(12, 15).strftime("%Y-%m-%d %H:%M"),
            "end": at(12, 17).strftime("%Y-%m-%d %H:%M"),
            "place": "Biblioteket, Tågaborgsskolan",
            "online_url": "",
            "organiser": "Skol- och fritidsförvaltningen, Helsingborg",
            "registration_url": "",
            "contact": "anna@kommun.example",
            "body": streamfield([("paragraph", rich_text("<p>Ta med ett exempel.</p>"))]),
            "comments": inline_formset([]),
        }
    )
    data.update(overrides)
    return data


def add_url(parent) -> str:
    return reverse("wagtailadmin_pages:add", args=("calendar_events", "eventpage", parent.pk))


@pytest.fixture
def editorial(db):
    return build_editorial_site()


def test_a_writer_drafts_events_only_in_their_own_section_and_cannot_publish(client, editorial):
    login(client, editorial.contributor)  # Skribent – Helsingborg
    assert client.get(add_url(editorial.helsingborg)).status_code == 200
    # Another municipality's section: refused, nothing created.
    response = client.post(add_url(editorial.bjuv), event_form_data("I fel kommun"))
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response.url == reverse("wagtailadmin_home")
    assert not EventPage.objects.filter(title="I fel kommun").exists()

    # Publishing is not theirs: asking to publish saves nothing live.
    client.post(
        add_url(editorial.helsingborg),
        event_form_data("Nätverksträff om studiero", **{"action-publish": "1"}),
    )
    event = EventPage.objects.get(title="Nätverksträff om studiero")
    assert not event.live
    assert event.municipality_id == editorial.helsingborg.pk
    assert event.get_parent().pk == editorial.helsingborg.pk
    assert "Nätverksträff om studiero" not in titles(client.get("/kalender/"))


def test_an_event_goes_through_the_same_two_approvals_as_an_article(client, editorial):
    login(client, editorial.contributor)
    client.post(
        add_url(editorial.helsingborg),
        event_form_data("Fortbildning i bedömning", kind="fortbildning", **{"action-submit": "1"}),
    )
    event = fresh(EventPage.objects.get(title="Fortbildning i bedömning"))
    assert event.workflow_in_progress and event.current_workflow_task.name == EDITOR_TASK
    assert not event.live

    login(client, editorial.editor)
    client.post(workflow_action_url(event, "approve"))
    assert not fresh(event).live

    login(client, editorial.chief)
    client.post(workflow_action_url(event, "approve"))
    event = fresh(event)
    assert event.live and not event.workflow_in_progress
    client.logout()
    assert "Fortbildning i bedömning" in titles(client.get("/kalender/"))
    assert (
        Page.objects.get(pk=event.pk).get_workflow().name
        == editorial.article(editorial.helsingborg, editorial.contributor).get_workflow().name
    )


def test_the_calendar_costs_the_same_queries_however_many_events(
    client, calendar_site, django_assert_max_num_queries
):
    def queries(url):
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    queries("/kalender/")  # the first view after publishing reads the footer's pages once
    few = queries("/kalender/")
    for number in range(8):
        EventPageFactory(
            parent=calendar_site["bjuv"],
            title=f"Extra {number}",
            school_forms=[calendar_site["events"]["course"].school_forms.first()],
        )
    queries("/kalender/")
    assert queries("/kalender/") == few
    # Routing, the sections and school forms for the filters, the count, the page of events
    # with their sections, their school forms, the footer's pages.
    with django_assert_max_num_queries(CALENDAR_BUDGET):
        client.get("/kalender/")


def test_a_draft_may_lack_place_and_registration_but_a_submission_may_not(client, editorial):
    login(client, editorial.contributor)
    incomplete = {"place": "", "online_url": "", "registration_url": "", "contact": ""}
    response = client.post(add_url(editorial.helsingborg), event_form_data("Utkast", **incomplete))
    assert response.status_code == 302  # saved as a draft
    event = EventPage.objects.get(title="Utkast")
    assert not event.live and not event.workflow_in_progress

    data = event_form_data("Utkast", **incomplete, **{"action-submit": "1"})
    data["slug"] = event.slug
    response = client.post(reverse("wagtailadmin_pages:edit", args=(event.pk,)), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["place"] == [
        "Skriv var evenemanget hålls eller ange en länk till det digitala mötet."
    ]
    assert errors["registration_url"] == [
        "Ange en länk till anmälan eller vem man kontaktar för att anmäla sig."
    ]
    assert not fresh(event).workflow_in_progress


EVENT_PAGE_BUDGET = 8


def test_an_event_page_costs_a_few_queries(client, calendar_site, django_assert_max_num_queries):
    # The site, the home page, the section, the event with its municipality (one query,
    # core/routing.py), the page path's aliases and view restrictions, the school forms once;
    # the footer's pages come from the fragment cache after the first view.
    url = calendar_site["events"]["course"].url
    client.get(url)
    with django_assert_max_num_queries(EVENT_PAGE_BUDGET):
        assert client.get(url).status_code == 200
