"""Listings and search answered in one go (search/faceted.py): exact totals, disjunctive facet
counts, scopes, sorting and paging, the same on PostgreSQL and on OpenSearch; the short-lived
results cache that publishing clears, and the query log written after the response."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from blog.factories import (
    ArticlePageFactory,
    ArticleTypeFactory,
    AuthorFactory,
    SchoolFormFactory,
    SubjectFactory,
    ThemeFactory,
    paragraph,
)
from blog.listing import SORT_NEWEST, run_listing
from blog.models import ArticlePage
from municipalities.factories import MunicipalityPageFactory
from pedagogsajten.settings.base import DATABASE_SEARCH_BACKEND
from search import faceted, query_log
from search.analysis import analyse
from search.models import SearchQueryDay
from tests import search_engine


@pytest.fixture
def results_cache(settings):
    """The results cache on, as in production, and empty."""
    settings.SEARCH_RESULTS_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def corpus(search_backend, municipality, home):
    """Five classified articles in two sections; the counts below are worked out by hand."""
    preschool = SchoolFormFactory(slug="forskola", name="Förskola")
    middle = SchoolFormFactory(slug="grundskola-4-6", name="Grundskola 4–6")
    maths = SubjectFactory(slug="matematik", name="Matematik")
    swedish = SubjectFactory(slug="svenska", name="Svenska")
    attendance = ThemeFactory(slug="narvaro", name="Närvaro")
    reading = ThemeFactory(slug="lasning", name="Läsning")
    lesson = ArticleTypeFactory(slug="lektionside", name="Lektionsidé")
    bjuv = MunicipalityPageFactory(parent=home, title="Bjuv", slug="bjuv")
    writer = AuthorFactory(name="Maja Ek")

    def article(title, parent, forms, subjects, themes, date, summary, **extra):
        return ArticlePageFactory(
            parent=parent,
            title=title,
            summary=summary,
            body=[paragraph("Barnen arbetade ute.")],
            school_forms=forms,
            subjects=subjects,
            themes=themes,
            publication_date=date,
            **extra,
        )

    articles = {
        "A": article(
            "Räkna kottar",
            municipality,
            [preschool],
            [maths],
            [attendance],
            datetime.date(2026, 1, 5),
            "Kottar i skogen.",
            authors=[writer],
        ),
        "B": article(
            "Sagor",
            municipality,
            [preschool, middle],
            [swedish],
            [reading],
            datetime.date(2026, 2, 1),
            "Sagor i skogen.",
            article_type=lesson,
        ),
        "C": article(
            "Mäta träd",
            bjuv,
            [middle],
            [maths, swedish],
            [attendance, reading],
            datetime.date(2026, 3, 1),
            "Träd i skogen.",
            authors=[writer],
        ),
        "D": article(
            "Geometri på skolgården",
            bjuv,
            [middle],
            [maths],
            [],
            datetime.date(2026, 3, 1),  # the same day as C and created after it: shown first
            "Vinklar och former.",
            article_type=lesson,
        ),
        "E": article(
            "Julpyssel",
            bjuv,
            [preschool],
            [],
            [attendance],
            datetime.date(2025, 12, 24),
            "Pyssel i skogen.",
        ),
    }
    for key in ("A", "E"):
        articles[key].tags.add("utomhus")
        articles[key].save()
    search_backend.refresh()
    return articles | {"bjuv": bjuv, "writer": writer}


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response


def titles(response) -> list[str]:
    return [article.title for article in response.context["results"]]


def counts(response) -> dict:
    return {
        group["facet"].parameter: {
            item["option"].slug: item["option"].count for item in group["options"]
        }
        for group in response.context["facets"]
    }


SEARCH = reverse("search:search")
ALL = reverse("blog:all")


def test_listing_counts_every_facet_over_all_articles(client, corpus):
    response = get(client, ALL)
    assert titles(response) == [
        "Geometri på skolgården",
        "Mäta träd",
        "Sagor",
        "Räkna kottar",
        "Julpyssel",
    ]
    assert response.context["total"] == 5
    assert counts(response) == {
        "skolform": {"forskola": 3, "grundskola-4-6": 3},
        "amne": {"matematik": 3, "svenska": 2},
        "tema": {"narvaro": 3, "lasning": 2},
        "typ": {"pedagogiskt-exempel": 3, "lektionside": 2},
        "kommun": {"landskrona": 2, "bjuv": 3},
    }
    assert "5 träffar" in response.content.decode()


def test_each_facet_counts_what_choosing_a_term_would_give(client, corpus):
    # Two facets chosen: each facet's own counts ignore its own choice (disjunctive), all others
    # apply both. The same numbers on both backends.
    response = get(client, ALL, skolform="grundskola-4-6", tema="narvaro")
    assert titles(response) == ["Mäta träd"]
    assert counts(response) == {
        "skolform": {"forskola": 2, "grundskola-4-6": 1},  # within närvaro: A, E / C
        "tema": {"narvaro": 1, "lasning": 2},  # within grundskola 4–6: C / B, C
        "amne": {"matematik": 1, "svenska": 1},
        "typ": {"pedagogiskt-exempel": 1},
        "kommun": {"bjuv": 1},
    }
    html = response.content.decode()
    assert "Skolform: Grundskola 4–6" in html and "Tema: Närvaro" in html


def test_facets_combine_with_the_text(client, corpus):
    response = get(client, SEARCH, q="skogen")  # D does not mention the forest
    assert set(titles(response)) == {"Räkna kottar", "Sagor", "Mäta träd", "Julpyssel"}
    assert counts(response)["skolform"] == {"forskola": 3, "grundskola-4-6": 2}
    assert titles(get(client, SEARCH, q="skogen", kommun="bjuv", amne="matematik")) == ["Mäta träd"]
    assert titles(get(client, SEARCH, q="skogen", typ="lektionside", tema="narvaro")) == []
    # A term that does not exist finds nothing and breaks nothing.
    response = get(client, SEARCH, q="skogen", skolform="finns-inte")
    assert titles(response) == [] and response.context["total"] == 0


def test_sort_newest_ties_by_the_newer_article(client, corpus):
    response = get(client, SEARCH, q="skogen", sortering=SORT_NEWEST)
    assert titles(response) == ["Mäta träd", "Sagor", "Räkna kottar", "Julpyssel"]
    assert titles(get(client, ALL, amne="matematik")) == [
        "Geometri på skolgården",
        "Mäta träd",
        "Räkna kottar",
    ]


def test_pages_and_a_page_past_the_end(corpus):
    def page(number):
        outcome = run_listing("", {}, SORT_NEWEST, page=number, per_page=2)
        titles = dict(
            ArticlePage.objects.filter(pk__in=outcome.article_ids).values_list("pk", "title")
        )
        return outcome.page_number, outcome.total, [titles[pk] for pk in outcome.article_ids]

    assert page(1) == (1, 5, ["Geometri på skolgården", "Mäta träd"])
    assert page(2) == (2, 5, ["Sagor", "Räkna kottar"])
    assert page(3) == (3, 5, ["Julpyssel"])
    assert page(9) == (3, 5, ["Julpyssel"])  # past the end: the last page


@pytest.mark.parametrize("value", ["2", "abc", "-4", "0", "99999999999999999999999999"])
def test_any_page_number_gives_a_page(client, corpus, value):
    response = get(client, ALL, sida=value)
    assert len(titles(response)) == 5 and response.context["page_of_ids"].number == 1


def test_scoped_listings_filter_and_count_within_their_scope(client, corpus):
    school_form = get(client, reverse("blog:school_form", args=["grundskola-4-6"]))
    assert titles(school_form) == ["Geometri på skolgården", "Mäta träd", "Sagor"]
    assert counts(school_form)["tema"] == {"narvaro": 1, "lasning": 2}

    theme = get(client, reverse("blog:theme", args=["narvaro"]))
    assert titles(theme) == ["Mäta träd", "Räkna kottar", "Julpyssel"]

    author = get(client, reverse("blog:author", args=[corpus["writer"].pk]))
    assert titles(author) == ["Mäta träd", "Räkna kottar"]
    assert titles(get(client, reverse("blog:author", args=[corpus["writer"].pk]), q="träd")) == [
        "Mäta träd"
    ]

    tag = get(client, reverse("blog:tag", args=["utomhus"]))
    assert titles(tag) == ["Räkna kottar", "Julpyssel"]

    section = get(client, corpus["bjuv"].url)
    assert titles(section) == ["Geometri på skolgården", "Mäta träd", "Julpyssel"]
    assert "kommun" not in counts(section)  # the section fixes it
    assert counts(section)["skolform"] == {"forskola": 1, "grundskola-4-6": 2}


def test_a_new_classification_is_found_once_published(client, corpus, search_backend):
    # The index must see the school forms as published, not as they were before (the
    # relations are written after the page itself).
    article = ArticlePage.objects.get(pk=corpus["E"].pk)
    article.school_forms = [corpus["C"].school_forms.get()]
    article.save_revision().publish()
    search_backend.refresh()
    assert "Julpyssel" in titles(get(client, ALL, skolform="grundskola-4-6"))
    assert "Julpyssel" not in titles(get(client, ALL, skolform="forskola"))


def copies_of(template: ArticlePage, number: int) -> None:
    """`number` published copies of an article in its section, in a second or two: pages and
    their school forms written in bulk, then indexed in one bulk request per backend
    (ArticlePageFactory takes about 50 ms an article, reindexing included)."""
    import uuid

    from django.conf import settings
    from django.db import connection
    from django.utils import timezone
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    parent = template.get_parent()
    base = Page.objects.get(pk=template.pk)
    now = timezone.now()
    pages = Page.objects.bulk_create(
        Page(
            title=f"{base.title} {position}",
            draft_title=f"{base.title} {position}",
            slug=f"{base.slug}-{position}",
            path=Page._get_path(parent.path, parent.depth + 1, parent.numchild + 1 + position),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{base.slug}-{position}/",
            content_type_id=base.content_type_id,
            locale_id=base.locale_id,
            translation_key=uuid.uuid4(),
            live=True,
            first_published_at=now,
            last_published_at=now,
        )
        for position in range(number)
    )
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + number)
    ids = [page.pk for page in pages]
    columns = [field.column for field in ArticlePage._meta.local_concrete_fields]
    copied = ", ".join(
        "copy.id" if column == "page_ptr_id" else f"a.{column}" for column in columns
    )
    links = ArticlePage.school_forms.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ArticlePage._meta.db_table} ({', '.join(columns)}) "
            f"SELECT {copied} FROM unnest(%s::integer[]) AS copy(id) "
            f"JOIN {ArticlePage._meta.db_table} AS a ON a.page_ptr_id = %s",
            [ids, template.pk],
        )
        cursor.execute(
            f"INSERT INTO {links} (articlepage_id, schoolform_id) "
            f"SELECT copy.id, t.schoolform_id FROM unnest(%s::integer[]) AS copy(id) "
            f"JOIN {links} AS t ON t.articlepage_id = %s",
            [ids, template.pk],
        )
    articles = list(
        ArticlePage.objects.filter(pk__in=ids).prefetch_related(
            "school_forms", "subjects", "themes", "tags", "article_authors__author"
        )
    )
    for name in settings.WAGTAILSEARCH_BACKENDS:
        get_search_backend(name).add_bulk(ArticlePage, articles)


def test_totals_past_a_thousand_are_exact(client, search_backend, municipality):
    # Before, the engine handed over at most 1,000 ids and the page said "more than 1,000";
    # now the total and the counts cover every match, and any page of them can be shown.
    garden = SchoolFormFactory(slug="grundskola-7-9", name="Grundskola 7–9")
    template = ArticlePageFactory(
        parent=municipality,
        title="Odling",
        summary="Odling i skolträdgården.",
        school_forms=[garden],
    )
    copies_of(template, 1_000)
    search_backend.refresh()
    response = get(client, SEARCH, q="skolträdgården")
    assert response.context["total"] == 1_001
    assert counts(response)["skolform"] == {"grundskola-7-9": 1_001}
    html = response.content.decode()
    assert "1001 träffar" in html and "Fler än" not in html
    # A hundred and one pages: links to the first, the last and those around this one.
    assert '&amp;sida=101"' in html and html.count("Sida </span>") == 5
    last = get(client, SEARCH, q="skolträdgården", sida=101)
    assert len(titles(last)) == 1 and last.context["page_of_ids"].number == 101


# The results cache ---------------------------------------------------------------------------


@pytest.fixture
def asked(monkeypatch):
    """The backends' answers, counted: a cached answer does not ask them."""
    calls = []
    original = faceted.run

    def counting(queryset, query, backend_name):
        calls.append((query.text, backend_name))
        return original(queryset, query, backend_name)

    monkeypatch.setattr(faceted, "run", counting)
    return calls


def test_a_repeated_search_is_answered_from_the_cache(client, corpus, results_cache, asked):
    first = get(client, SEARCH, q="Skogen", skolform="forskola")
    again = get(client, SEARCH, q="  skogen ", skolform="forskola")  # case and spaces differ
    assert asked == [("skogen", "default")]
    assert titles(again) == titles(first)
    assert set(titles(first)) == {"Julpyssel", "Sagor", "Räkna kottar"}
    assert counts(again) == counts(first)
    # Another page, sort or facet is another answer.
    get(client, SEARCH, q="skogen", skolform="forskola", sortering=SORT_NEWEST)
    get(client, SEARCH, q="skogen")
    assert len(asked) == 3


def test_publishing_clears_the_cache(client, corpus, results_cache, search_backend, municipality):
    assert get(client, SEARCH, q="skogen").context["total"] == 4
    new = ArticlePageFactory(
        parent=municipality, title="Fåglar", summary="Fåglar i skogen.", live=False
    )
    new.save_revision().publish()
    search_backend.refresh()
    response = get(client, SEARCH, q="skogen")
    assert response.context["total"] == 5 and "Fåglar" in titles(response)

    ArticlePage.objects.get(pk=new.pk).unpublish()
    search_backend.refresh()
    assert "Fåglar" not in titles(get(client, SEARCH, q="skogen"))


def test_an_answer_from_the_fallback_is_not_kept(
    client, settings, municipality, results_cache, asked
):
    """While the engine is down PostgreSQL answers; that answer must not outlive the outage."""

    search_engine.use_stopped_engine(settings, TIMEOUT=1)
    ArticlePageFactory(parent=municipality, title="Bråk med pappersremsor")
    for _ in range(2):
        assert titles(get(client, SEARCH, q="pappersremsor")) == ["Bråk med pappersremsor"]
    # Both searches tried the engine and got PostgreSQL's answer: nothing was kept.
    assert asked == [("pappersremsor", "default"), ("pappersremsor", "database")] * 2


# The query log -------------------------------------------------------------------------------


def test_the_log_counts_cached_searches_exactly(client, corpus, results_cache, asked):
    for text in ("Skogen", "skogen", " skogen  "):
        get(client, SEARCH, q=text)
    get(client, SEARCH, q="skogen", sida=2)  # paging is not a new search
    get(client, SEARCH, q="kvantfysik")
    # Three answers reached a backend (the first page, the second, the other text); the two
    # repeated searches came from the cache and were counted all the same.
    assert [text for text, _backend in asked] == ["skogen", "skogen", "kvantfysik"]
    rows = {row.query: (row.searches, row.hits) for row in SearchQueryDay.objects.all()}
    assert rows == {"skogen": (3, 4), "kvantfysik": (1, 0)}
    assert query_log.pending() == 0


def test_a_failed_log_write_keeps_its_counts_for_the_next(client, corpus, monkeypatch):
    original = query_log.log._write
    failures = []

    def failing_once(batch, cursor):
        if not failures:
            failures.append(batch)
            raise RuntimeError("databasen svarar inte")
        original(batch, cursor)

    monkeypatch.setattr(query_log.log, "_write", failing_once)
    get(client, SEARCH, q="skogen")  # the reader gets the page; the count waits
    assert failures and not SearchQueryDay.objects.exists() and query_log.pending() == 1
    get(client, SEARCH, q="skogen")
    assert SearchQueryDay.objects.get(query="skogen").searches == 2


def test_update_index_keeps_the_facets(client, corpus, search_backend):
    call_command("update_index", stdout=io.StringIO())
    search_backend.refresh()
    assert counts(get(client, ALL, skolform="forskola"))["skolform"] == {
        "forskola": 3,
        "grundskola-4-6": 3,
    }


def test_rebuilding_the_database_index_tells_the_planner_about_its_words(article, settings):
    """After update_index PostgreSQL knows how common each word is (search/backends/database.py
    runs ANALYZE), so a search for a rare word asks the GIN index instead of matching every
    article's text while autovacuum has not come yet."""
    settings.WAGTAILSEARCH_BACKENDS = {"default": DATABASE_SEARCH_BACKEND}
    article.title = "Zebrafinkar i klassrummet"
    article.save_revision().publish()
    call_command("update_index", stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text FROM pg_stats "
            "WHERE tablename = 'search_indexentry_text_gin'"
        )
        (words,) = cursor.fetchone()
    assert analyse("zebrafinkar")[0] in words.strip("{}").split(",")


@pytest.mark.parametrize(
    "params",
    [
        {"q": "\"'()&|!:*<>\\ - ~^[]{}/"},
        {"q": "skogen " * 60},  # longer than a query is kept
        {"q": "ÅÄÖ?* OR AND NOT"},
        {"q": "och"},  # only a stop word
        {"q": "!!!"},  # no word at all
        {"q": "skogen", "skolform": "<script>", "kommun": "' OR 1=1 --"},
        {"q": "skogen", "sortering": "<x>", "sida": "1e9"},
    ],
)
def test_hostile_input_gets_an_answer_from_the_first_backend(client, corpus, asked, params):
    html = get(client, SEARCH, **params).content.decode()
    assert "Sökningen fungerar inte" not in html and "träff" in html
    # Answered by the first backend: nothing an engine refuses reaches it (or its breaker).
    assert [backend for _text, backend in asked] == ["default"]


@pytest.mark.parametrize("search_backend", ["database"], indirect=True)
def test_text_search_leaves_the_planner_settings_as_they_were(client, corpus):
    """On PostgreSQL the faceted statement changes the planner's settings for itself only
    (search/faceted.py), also inside a transaction (each test runs in one)."""
    changed = ("enable_seqscan", "enable_hashjoin", "max_parallel_workers_per_gather", "work_mem")

    def current():
        with connection.cursor() as cursor:
            values = {}
            for setting in changed:
                cursor.execute(f"SHOW {setting}")
                values[setting] = cursor.fetchone()[0]
            return values

    before = current()
    assert titles(get(client, reverse("search:search"), q="matematik"))
    assert current() == before
    assert before["enable_seqscan"] == before["enable_hashjoin"] == "on"


def _forest_article(municipality, corpus):
    return ArticlePageFactory(
        parent=municipality,
        title="Skogen",
        summary="Skogen, skogen och skogen.",
        body=[paragraph("Om skogen.")],
        school_forms=[corpus["A"].school_forms.first()],
        publication_date=datetime.date(2020, 1, 1),
    )


@pytest.mark.parametrize("search_backend", ["database"], indirect=True)
def test_a_broad_search_ranks_its_newest_matches_and_counts_them_all(
    client, corpus, municipality, monkeypatch
):
    """PostgreSQL ranks at most RANKED_MATCHES matches, the newest (search/faceted.py): the best
    of them first, then the older ones newest first; the total and the counts stay exact."""
    _forest_article(municipality, corpus)
    # Ranked in full, the oldest article, all about the forest, comes first.
    assert titles(get(client, SEARCH, q="skogen"))[0] == "Skogen"
    monkeypatch.setattr(faceted, "RANKED_MATCHES", 2)
    broad = get(client, SEARCH, q="skogen")
    assert set(titles(broad)[:2]) == {"Mäta träd", "Sagor"}  # the two newest, by rank
    assert titles(broad)[2:] == ["Räkna kottar", "Julpyssel", "Skogen"]  # then newest first
    assert broad.context["total"] == 5
    assert counts(broad)["skolform"] == {"forskola": 4, "grundskola-4-6": 2}


def _titles_of(outcome) -> list[str]:
    by_id = ArticlePage.objects.in_bulk(outcome.article_ids)
    return [by_id[pk].title for pk in outcome.article_ids]


@pytest.mark.parametrize("search_backend", ["database"], indirect=True)
def test_pages_of_a_broad_search_go_on_past_its_ranked_matches(corpus, municipality, monkeypatch):
    """The page after the ranked matches goes on with the next newest, also when one page holds
    both kinds, and a page past the end shows the last one (search/faceted.py)."""
    _forest_article(municipality, corpus)
    monkeypatch.setattr(faceted, "RANKED_MATCHES", 2)

    def page(number: int, per_page: int) -> list[str]:
        return _titles_of(run_listing("skogen", {}, "relevans", page=number, per_page=per_page))

    ranked = {"Mäta träd", "Sagor"}
    assert set(page(1, 2)) == ranked
    assert page(2, 2) == ["Räkna kottar", "Julpyssel"]
    assert page(3, 2) == ["Skogen"]
    assert page(9, 2) == ["Skogen"]  # past the end: the last page
    across = page(1, 3)
    assert set(across[:2]) == ranked and across[2:] == ["Räkna kottar"]
    assert page(2, 3) == ["Julpyssel", "Skogen"]
    assert set(page(1, 1) + page(2, 1)) == ranked


@pytest.mark.parametrize("search_backend", ["database"], indirect=True)
def test_a_broad_search_with_a_facet_ranks_the_newest_of_what_the_facet_keeps(
    corpus, municipality, monkeypatch
):
    """With a school form chosen, the ranked matches are the newest of those in that school
    form, so a reader's filtered search still starts with its best recent articles."""
    _forest_article(municipality, corpus)
    everything = run_listing("skogen", {"skolform": "forskola"}, "relevans")
    monkeypatch.setattr(faceted, "RANKED_MATCHES", 2)
    outcome = run_listing("skogen", {"skolform": "forskola"}, "relevans")
    assert sorted(outcome.article_ids) == sorted(everything.article_ids)
    assert outcome.total == everything.total == 4
    dates = dict(
        ArticlePage.objects.filter(pk__in=outcome.article_ids).values_list("pk", "publication_date")
    )
    newest_first = sorted(outcome.article_ids, key=lambda pk: (dates[pk], pk), reverse=True)
    assert set(outcome.article_ids[:2]) == set(newest_first[:2])
    assert outcome.article_ids[2:] == newest_first[2:]
