"""Public search at /sok/, run on PostgreSQL and on a real OpenSearch node (same tests, both)."""

import datetime
import io
import logging

import pytest
from django.core.management import call_command
from django.urls import reverse
from modelsearch.query import Phrase
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from blog.factories import (
    ArticlePageFactory,
    ArticleTypeFactory,
    AuthorFactory,
    SchoolFormFactory,
    ThemeFactory,
    paragraph,
)
from blog.models import ArticlePage
from municipalities.factories import MunicipalityPageFactory
from search.models import SearchQueryDay
from tests import search_engine


@pytest.fixture
def articles(search_backend, municipality, home):
    preschool = SchoolFormFactory(slug="forskola", name="Förskola")
    upper = SchoolFormFactory(slug="grundskola-7-9", name="Grundskola 7–9")
    language = ThemeFactory(slug="sprakutveckling", name="Språkutveckling")
    attendance = ThemeFactory(slug="narvaro", name="Närvaro")
    bjuv = MunicipalityPageFactory(parent=home, title="Bjuv", slug="bjuv")
    reading = ArticlePageFactory(
        parent=municipality,
        title="Högläsning som skapar samtal",
        summary="Bilderböcker och frågor i förskolor.",
        body=[paragraph("Barnen berättar själva och lärarna lyssnar. Språkutveckling i vardagen.")],
        school_forms=[preschool],
        themes=[language],
        publication_date=datetime.date(2026, 3, 1),
        authors=[AuthorFactory(name="Lisa Holmgren")],
    )
    maths = ArticlePageFactory(
        parent=bjuv,
        title="Bråk med pappersremsor",
        summary="Konkret material i årskurs 8. En idé för närvaron.",
        body=[paragraph("Matematiklektionen började med att eleverna vek remsor.")],
        school_forms=[upper],
        themes=[attendance],
        publication_date=datetime.date(2026, 5, 1),
    )
    outdoor = ArticlePageFactory(
        parent=bjuv,
        title="Förskolans skogsdagar",
        summary="Närvaro och rörelse i förskolan.",
        body=[paragraph("Barnen mäter pinnar i skogen.")],
        school_forms=[preschool],
        themes=[attendance],
        article_type=ArticleTypeFactory(slug="lektionside", name="Lektionsidé"),
        publication_date=datetime.date(2026, 1, 10),
    )
    search_backend.refresh()
    return {"reading": reading, "maths": maths, "outdoor": outdoor}


def get(client, **params):
    response = client.get(reverse("search:search"), params)
    assert response.status_code == 200
    return response


def titles(client, **params):
    """What the search finds for the text itself. A search that finds nothing shows a correction's
    articles instead (tests/test_did_you_mean.py): that counts as finding nothing here."""
    context = get(client, **params).context
    if context["corrected_query"]:
        return []
    return [article.title for article in context["results"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pappersremsor", "Bråk med pappersremsor"),  # a word in the title
        ("matematiklektion", "Bråk med pappersremsor"),  # body: "matematiklektionen"
        ("eleven", "Bråk med pappersremsor"),  # body: "eleverna"
        ("läraren", "Högläsning som skapar samtal"),  # body: "lärarna"
        ("Holmgren", "Högläsning som skapar samtal"),  # the author's name
        ("högläsning samtal", "Högläsning som skapar samtal"),  # every word must match
    ],
)
def test_finds_by_body_inflected_forms_and_author(client, articles, query, expected):
    assert titles(client, q=query) == [expected]


@pytest.fixture
def more_articles(articles, search_backend, municipality):
    """Two more articles for the inflection table: definite forms, irregular plurals and
    compounds that the first three do not have."""
    library = ArticlePageFactory(
        parent=municipality,
        title="Skolbiblioteket flyttar in i klassrummet",
        summary="Samtalet om böckerna fortsätter på skolan.",
        body=[paragraph("Läraren och eleven väljer en bok tillsammans.")],
    )
    theme_day = ArticlePageFactory(
        parent=municipality,
        title="Temadag med utomhuslek",
        summary="Klass 2 lekte i skogen hela dagen.",
        body=[paragraph("Vi ritade kartor efteråt.")],
    )
    safety_team = ArticlePageFactory(
        parent=municipality,
        title="Trygghetsteamet odlade potatis",
        summary="Vi tog med lärplattor ner till vattnet.",
        body=[paragraph("Potatisen växte bra.")],
    )
    search_backend.refresh()
    return articles | {"library": library, "theme_day": theme_day, "safety_team": safety_team}


# The articles' titles, and the words that matter below. School forms are indexed too:
# Förskola (READING, OUTDOOR), Grundskola 7–9 (MATHS), the factory's Grundskola 4–6 (the others).
READING = "Högläsning som skapar samtal"  # samtal, förskolor, lärarna, Bilderböcker, Språkutv…
MATHS = "Bråk med pappersremsor"  # Matematiklektionen, eleverna, närvaron, idé
OUTDOOR = "Förskolans skogsdagar"  # Närvaro, förskolan, skogen
LIBRARY = "Skolbiblioteket flyttar in i klassrummet"  # Samtalet, böckerna, skolan, Läraren, eleven
THEME_DAY = "Temadag med utomhuslek"  # Klass, skogen
SAFETY_TEAM = "Trygghetsteamet odlade potatis"  # lärplattor, vattnet

# What a query finds (README, "Swedish search: what each backend finds"): the same exact set on
# PostgreSQL (analysis in Python, search/backends/database.py) and on the engine (its index
# settings), both generated from search/analysis.py.
INFLECTIONS = [
    # Definite and plural forms meet.
    ("förskolan", {READING, OUTDOOR}),  # förskolor, Förskolans, förskolan (and the school form)
    ("närvaro", {MATHS, OUTDOOR}),  # närvaron, Närvaro
    ("närvaron", {MATHS, OUTDOOR}),
    ("samtalet", {READING, LIBRARY}),  # samtal, Samtalet
    ("samtal", {READING, LIBRARY}),
    ("klassrum", {LIBRARY}),  # klassrummet
    ("lärare", {READING, LIBRARY}),  # lärarna, Läraren
    ("eleven", {MATHS, LIBRARY}),  # eleverna, eleven
    ("böcker", {READING, LIBRARY}),  # Bilderböcker, böckerna, bok: an irregular plural
    # Known compound parts are found (when indexing; a query is not split).
    # Skolbiblioteket, skolan, förskolor, Förskolans, and every school form: Förskola, Grundskola.
    ("skolan", {READING, MATHS, OUTDOOR, LIBRARY, THEME_DAY, SAFETY_TEAM}),
    ("bibliotek", {LIBRARY}),  # Skolbiblioteket
    ("språk", {READING}),  # Språkutveckling
    ("lek", {THEME_DAY}),  # utomhuslek; not Matematiklektionen
    ("tema", {THEME_DAY}),  # Temadag; not Matematiklektionen, where "tema" is inside "matematik"
    ("matematik", {MATHS}),  # Matematiklektionen
    # Accents other than å, ä, ö fold; those three are letters of their own.
    ("ide", {MATHS}),  # idé
    ("brak", set()),  # not bråk
    ("skogen", {OUTDOOR, THEME_DAY}),  # skogsdagar, skogen
    ("trygga", {SAFETY_TEAM}),  # Trygghetsteamet: -het, a part
    ("odlar", {SAFETY_TEAM}),  # odlade: the past tense
    ("odling", {SAFETY_TEAM}),  # odlade: a listed noun made of a verb meets the verb
    ("läser", {READING}),  # Högläsning: läsning meets läsa, found as the last part
    ("lärplatta", {SAFETY_TEAM}),  # lärplattor: -ttor loses -or
    ("vatten", {SAFETY_TEAM}),  # vattnet: an irregular form
    ("team", {SAFETY_TEAM}),  # Trygghetsteamet: a part
]


def test_inflected_forms_compounds_and_accents(client, more_articles):
    # One test per backend for the whole table (building the six articles and the engine's
    # indexes is most of the time); the dictionary comparison names every row that differs.
    found = {query: set(titles(client, q=query)) for query, _expected in INFLECTIONS}
    assert found == dict(INFLECTIONS)


def test_phrases_keep_word_order_and_the_places_of_stop_words(articles, search_backend):
    """Phrase queries (Wagtail's admin search makes them from quoted text) are analysed too."""

    def found(text):
        pages = ArticlePage.objects.live().search(Phrase(text), backend="default")
        return {page.title for page in pages}

    assert found("skapar samtal") == {READING}
    assert found("samtal skapar") == set()
    assert found("högläsningen som skapar") == {READING}  # inflected; "som" keeps its place
    assert found("högläsning skapar") == set()  # "som" stands between them


NOTHING_TO_SEARCH_FOR = ["och", "som och i", "'", "\\", "' & ! <->", "x" * 300, "åäö" * 100, "😀"]


def test_queries_with_nothing_to_search_for_find_nothing(client, articles):
    """Only stop words, punctuation, or a "word" longer than any word: no hit and no error."""
    found = {query: titles(client, q=query) for query in NOTHING_TO_SEARCH_FOR}
    assert found == {query: [] for query in NOTHING_TO_SEARCH_FOR}


def test_swedish_letters_are_not_folded(client, articles):
    assert titles(client, q="brak") == []  # "bråk" is not "brak" …
    # … but a reader on a keyboard without å is shown the articles about "bråk", and told so.
    assert get(client, q="brak").context["corrected_query"] == "bråk"
    assert titles(client, q="bråk") == ["Bråk med pappersremsor"]


def test_facets_count_narrow_and_combine_with_the_query(client, articles):
    response = get(client, skolform="forskola")
    assert {a.title for a in response.context["results"]} == {
        "Högläsning som skapar samtal",
        "Förskolans skogsdagar",
    }
    counts = {
        facet["facet"].parameter: {
            item["option"].slug: item["option"].count for item in facet["options"]
        }
        for facet in response.context["facets"]
    }
    # The school-form facet counts ignore its own choice; the others count within it.
    assert counts["skolform"] == {"forskola": 2, "grundskola-7-9": 1}
    assert counts["tema"] == {"sprakutveckling": 1, "narvaro": 1}
    assert counts["kommun"] == {"landskrona": 1, "bjuv": 1}
    assert counts["typ"] == {"pedagogiskt-exempel": 1, "lektionside": 1}

    assert titles(client, skolform="forskola", tema="narvaro") == ["Förskolans skogsdagar"]
    assert titles(client, q="barnen", kommun="bjuv") == ["Förskolans skogsdagar"]
    assert titles(client, q="remsor", skolform="forskola") == []


def test_facet_choices_live_in_the_url(client, articles):
    html = get(client, q="barnen").content.decode()
    assert 'href="?q=barnen&amp;skolform=forskola"' in html
    selected = get(client, q="barnen", skolform="forskola")
    html = selected.content.decode()
    assert 'href="?q=barnen"' in html  # removing the choice keeps the query
    assert "Skolform: Förskola" in html


def test_sort_by_relevance_or_newest(client, articles):
    assert titles(client, q="barnen", sortering="nyast") == [
        "Högläsning som skapar samtal",
        "Förskolans skogsdagar",
    ]
    assert titles(client, tema="narvaro") == ["Bråk med pappersremsor", "Förskolans skogsdagar"]


def test_pagination(client, search_backend, municipality):
    for number in range(12):
        ArticlePageFactory(
            parent=municipality, title=f"Odling nummer {number}", summary="Odling i skolträdgården."
        )
    search_backend.refresh()
    first, second = get(client, q="odling"), get(client, q="odling", sida=2)
    assert len(first.context["results"]) == 10 and len(second.context["results"]) == 2
    assert 'href="?q=odling&amp;sida=2"' in first.content.decode()


def test_nothing_unpublished_private_or_in_moderation_shows(
    client, search_backend, municipality, articles, admin_user
):
    ArticlePageFactory(parent=municipality, title="Hemligt utkast om remsor", live=False)
    in_review = ArticlePageFactory(parent=municipality, title="Granskas om remsor", live=False)
    in_review.save_revision(user=admin_user)
    in_review.get_workflow().start(in_review, admin_user)
    private = ArticlePageFactory(parent=municipality, title="Privat sida om remsor")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    unpublished = ArticlePageFactory(parent=municipality, title="Avpublicerad sida om remsor")
    search_backend.refresh()
    unpublished.unpublish()
    search_backend.refresh()
    assert titles(client, q="remsor") == ["Bråk med pappersremsor"]


def test_update_index_rebuilds_everything(client, articles, search_backend):
    call_command("update_index", stdout=io.StringIO())
    search_backend.refresh()
    assert titles(client, q="pappersremsor") == ["Bråk med pappersremsor"]


def test_autocomplete_keeps_swedish_letters(client, articles):
    def suggest(text):
        response = client.get(reverse("search:suggestions"), {"q": text})
        assert response.status_code == 200 and "Set-Cookie" not in response
        return [item["title"] for item in response.json()["suggestions"]]

    # Titles and summaries are autocomplete fields: "förskolor" in a summary counts too.
    assert set(suggest("försk")) == {"Förskolans skogsdagar", "Högläsning som skapar samtal"}
    assert suggest("skogsd") == ["Förskolans skogsdagar"]
    assert suggest("Högl") == ["Högläsning som skapar samtal"]
    assert suggest("hogl") == []
    assert suggest("f") == []  # too short to be useful


def test_promoted_results_for_chosen_queries(client, articles):
    query = Query.objects.create(query_string="närvaro")
    SearchPromotion.objects.create(
        query=query, page=articles["reading"], description="Redaktionens val."
    )
    html = get(client, q="Närvaro").content.decode()
    assert "Rekommenderat" in html and "Redaktionens val." in html
    assert "Rekommenderat" not in get(client, q="remsor").content.decode()


def test_every_query_is_counted_anonymously_without_cookies(client, articles):
    first = get(client, q="Närvaro ")
    get(client, q="närvaro")
    get(client, q="kvantfysik")
    get(client, q="närvaro", sida=2)  # paging is not a new search
    assert not first.cookies
    rows = {row.query: row for row in SearchQueryDay.objects.all()}
    assert rows["närvaro"].searches == 2 and rows["närvaro"].hits >= 1
    assert rows["kvantfysik"].searches == 1 and rows["kvantfysik"].hits == 0
    assert {field.name for field in SearchQueryDay._meta.fields} == {
        "id",
        "day",
        "query",
        "searches",
        "hits",
    }


def test_zero_results_help_the_reader(client, articles):
    html = get(client, q="kvantfysik", skolform="forskola").content.decode()
    assert "0 träffar" in html and "Inga träffar" in html
    assert "sök utan avgränsningar" in html and "skolformerna" in html


def test_empty_search_shows_the_form_only(client, articles):
    html = get(client).content.decode()
    assert 'name="q"' in html and "träffar" not in html


class TestUnreachableEngine:
    """An engine that does not answer: readers still get results, publishing still works."""

    @pytest.fixture
    def broken_engine(self, settings, db):
        search_engine.use_stopped_engine(settings, TIMEOUT=1)

    def test_search_falls_back_to_the_database_with_a_warning(
        self, client, broken_engine, municipality, caplog
    ):
        ArticlePageFactory(parent=municipality, title="Bråk med pappersremsor")
        with caplog.at_level(logging.WARNING, logger="pedagogsajten.search"):
            assert titles(client, q="pappersremsor") == ["Bråk med pappersremsor"]
        assert any("failed" in record.message for record in caplog.records)

    def test_publishing_is_not_blocked_and_the_failure_is_logged(
        self, broken_engine, municipality, caplog
    ):
        with caplog.at_level(logging.ERROR):
            page = ArticlePageFactory(parent=municipality, title="Publiceras ändå", live=False)
            page.save_revision().publish()
        page.refresh_from_db()
        assert page.live
        assert any("search backend" in record.getMessage() for record in caplog.records)


def test_editors_see_what_readers_searched_for_and_what_found_nothing(client, db):
    from django.utils import timezone

    from tests.editorial import PASSWORD, build_editorial_site

    site = build_editorial_site()
    today = timezone.localdate()
    SearchQueryDay.record(today, "närvaro", 4)
    SearchQueryDay.record(today, "kvantfysik", 0)
    url = reverse("search_queries:index")

    client.login(username=site.editor.username, password=PASSWORD)
    listing = client.get(url).content.decode()
    assert "närvaro" in listing and "kvantfysik" in listing
    without_hits = client.get(url, {"without_hits": "true"}).content.decode()
    assert "kvantfysik" in without_hits and "närvaro" not in without_hits

    client.login(username=site.contributor.username, password=PASSWORD)
    assert client.get(url).status_code in (302, 403)
