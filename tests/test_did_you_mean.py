""" "Menade du …?" on the search page, run on PostgreSQL and on a real OpenSearch node (same tests,
both): the closest known words for a query that finds little or nothing (search/suggest.py)."""

import importlib
import io
import logging
import re
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from wagtail.models import PageViewRestriction

from blog.factories import ArticlePageFactory, SchoolFormFactory, paragraph
from blog.listing import searchable_articles
from search.breaker import breaker_for
from search.models import SearchQueryDay, SearchWord, SearchWordList
from search.suggest import did_you_mean
from tests import search_engine

LINK = re.compile(r'Menade du <a href="([^"]*)"><em>([^<]*)</em></a>\?')


@pytest.fixture
def articles(search_backend, municipality, caplog):
    preschool = SchoolFormFactory(slug="forskola", name="Förskola")
    school = SchoolFormFactory(slug="grundskola-1-3", name="Grundskola 1–3")
    pages = {
        "maths": ArticlePageFactory(
            parent=municipality,
            title="Matematik i förskolan",
            summary="Lärare och barn räknar med kulramar.",
            body=[paragraph("Förskolelärare och barnskötare planerade matematiken tillsammans.")],
            school_forms=[preschool],
        ),
        "reading": ArticlePageFactory(
            parent=municipality,
            title="Högläsning i årskurs 2",
            summary="Två lärare läser högt varje dag.",
            body=[paragraph("Eleverna lyssnar och berättar själva.")],
            school_forms=[school],
        ),
    }
    search_backend.refresh()
    with caplog.at_level(logging.WARNING, logger="pedagogsajten.search"):
        yield pages
    # The engine half must be answered by the engine, not by PostgreSQL after a failure.
    assert not [r for r in caplog.records if r.name == "pedagogsajten.search"], caplog.text


def search(client, **params):
    response = client.get(reverse("search:search"), params)
    assert response.status_code == 200
    return response


def suggestion_link(html: str) -> tuple[str, str] | None:
    match = LINK.search(html)
    return (match.group(1).replace("&amp;", "&"), match.group(2)) if match else None


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("mattematik", "matematik"),  # a letter too many
        ("larare", "lärare"),  # no å/ä/ö on the keyboard
        ("forskolan", "förskolan"),
        ("forskolelarare", "förskolelärare"),  # two letters folded: still the nearest word
        ("arskurs", "årskurs"),  # å typed as a at the start of the word
        ("högläsnig", "högläsning"),  # a letter missing
    ],
)
def test_a_typo_gets_the_word_readers_could_find(articles, typed, meant):
    assert did_you_mean(typed, searchable_articles()) == meant


CORRECTED = re.compile(
    r"Inga träffar för ”([^”]*)”\. Här visas träffarna för <a href=\"([^\"]*)\"><em>([^<]*)</em></a>"
)


def test_a_search_that_finds_nothing_shows_what_the_correction_finds(client, articles):
    response = search(client, q="mattematik", skolform="forskola")
    html = response.content.decode()
    assert [page.title for page in response.context["results"]] == ["Matematik i förskolan"]
    typed, href, shown = CORRECTED.search(html).groups()
    assert (typed, shown) == ("mattematik", "matematik")
    assert "Menade du" not in html
    # The link searches the correction itself, keeping the filters.
    href = href.replace("&amp;", "&")
    assert parse_qs(urlsplit(href).query) == {"q": ["matematik"], "skolform": ["forskola"]}
    followed = search(client, **{key: values[0] for key, values in parse_qs(href[1:]).items()})
    assert [page.title for page in followed.context["results"]] == ["Matematik i förskolan"]
    assert "Inga träffar" not in followed.content.decode()
    # The statistics keep what the reader typed and that it found nothing by itself.
    assert SearchQueryDay.objects.get(query="mattematik").hits == 0


def test_a_correction_that_finds_nothing_here_either_is_offered_as_a_link(client, articles):
    # "matematik" is only in the pre-school article: with grundskola chosen it finds nothing too.
    html = search(client, q="mattematik", skolform="grundskola-1-3").content.decode()
    assert "0 träffar" in html and "Inga träffar för" not in html
    href, shown = suggestion_link(html)
    assert shown == "matematik"
    assert parse_qs(urlsplit(href).query) == {"q": ["matematik"], "skolform": ["grundskola-1-3"]}


def test_only_the_wrong_word_of_two_is_corrected(client, articles):
    assert did_you_mean("Förskolan mattematik", searchable_articles()) == "Förskolan matematik"
    response = search(client, q="Förskolan mattematik")
    assert [page.title for page in response.context["results"]] == ["Matematik i förskolan"]
    assert CORRECTED.search(response.content.decode()).group(3) == "Förskolan matematik"


def test_a_correction_keeps_the_capital_the_reader_typed(articles):
    assert did_you_mean("Mattematik", searchable_articles()) == "Matematik"
    assert did_you_mean("Högläsnig Larare", searchable_articles()) == "Högläsning Lärare"


def test_a_known_word_is_never_corrected(client, articles):
    # Nothing in grundskolan is about mathematics, but "matematik" is a word readers can find.
    html = search(client, q="matematik", skolform="grundskola-1-3").content.decode()
    assert "0 träffar" in html and "Menade du" not in html
    assert did_you_mean("matematik", searchable_articles()) is None
    assert did_you_mean("lärare läser", searchable_articles()) is None


def test_a_search_with_hits_gets_no_suggestion(client, articles):
    response = search(client, q="matematik")
    assert [page.title for page in response.context["results"]] == ["Matematik i förskolan"]
    assert "Menade du" not in response.content.decode()
    # Beyond a couple of hits nobody is asked, whatever was typed.
    assert did_you_mean("mattematik", searchable_articles(), hits=3) is None


def test_a_correction_must_find_more_than_the_query_did(articles):
    # "lärare" is in both articles: better than one hit, no better than two.
    assert did_you_mean("larare", searchable_articles(), hits=1) == "lärare"
    assert did_you_mean("larare", searchable_articles(), hits=2) is None


def test_the_vocabulary_follows_publishing(search_backend, municipality, articles):
    page = ArticlePageFactory(parent=municipality, title="Programmering med robotar", live=False)
    search_backend.refresh()
    assert did_you_mean("programmerng", searchable_articles()) is None  # a draft is not found

    page.save_revision().publish()
    search_backend.refresh()
    assert did_you_mean("programmerng", searchable_articles()) == "programmering"

    page.refresh_from_db()
    page.unpublish()
    search_backend.refresh()
    assert did_you_mean("programmerng", searchable_articles()) is None


def test_a_word_readers_cannot_find_is_never_offered(search_backend, municipality, articles):
    hidden = ArticlePageFactory(parent=municipality, title="Hemlighetsfull kodning")
    search_backend.refresh()
    assert did_you_mean("hemlighetsful", searchable_articles()) == "hemlighetsfull"
    # The article becomes private without being saved: both vocabularies still hold its words.
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    assert did_you_mean("hemlighetsful", searchable_articles()) is None


def test_hostile_queries_never_fail(client, articles):
    hostile = [
        "x" * 5000,
        "mattematik " * 40,
        "larare' OR '1'='1' --",
        "'; DROP TABLE search_searchword; --",
        "%_\\ \\% _%",
        "<script>alert('larare')</script>",
        "🙂 mattematik 🙂",
        "ÅÄÖ" * 300,
        "e\u0301e\u0301e\u0301",  # combining accents only
        "... --- !!! ???",
    ]
    for query in hostile:
        html = search(client, q=query).content.decode()
        assert "<script>alert" not in html
        did_you_mean(query, searchable_articles())  # raises nothing
    # A typo among punctuation is still found, the punctuation kept as typed.
    html = search(client, q="»mattematik«?").content.decode()
    assert CORRECTED.search(html).group(3) == "»matematik«?"


# PostgreSQL's vocabulary (SearchWord) itself ------------------------------------------------


@pytest.fixture
def on_database(settings, db):
    return search_engine.use_database(settings)


def counts(*words):
    return dict(SearchWord.objects.filter(word__in=words).values_list("word", "articles"))


def test_the_vocabulary_counts_articles_and_never_takes_a_draft(on_database, municipality):
    first = ArticlePageFactory(parent=municipality, title="Programmering med robotar")
    second = ArticlePageFactory(parent=municipality, title="Programmering i fritidshemmet")
    assert counts("programmering", "robotar", "fritidshemmet") == {
        "programmering": 2,
        "robotar": 1,
        "fritidshemmet": 1,
    }

    # A draft's words stay out until it is published: readers cannot find them.
    first.title = "Kodning med robotar"
    first.save_revision()
    assert counts("kodning", "programmering") == {"programmering": 2}
    first.get_latest_revision().publish()
    assert counts("kodning", "programmering", "robotar") == {
        "kodning": 1,
        "programmering": 1,
        "robotar": 1,
    }

    second.unpublish()
    assert counts("programmering", "fritidshemmet") == {}
    first.delete()
    assert counts("kodning", "robotar") == {}
    assert not SearchWordList.objects.exists()


def test_rebuilding_gives_the_same_vocabulary(on_database, municipality):
    ArticlePageFactory(parent=municipality, title="Lärare läser högt", summary="Två lärare.")
    ArticlePageFactory(parent=municipality, title="Matematik för lärare")
    ArticlePageFactory(parent=municipality, title="Programmering i fritidshemmet", live=False)
    kept = set(SearchWord.objects.values_list("word", "folded", "articles"))
    assert ("lärare", "larare", 2) in kept and ("programmering", "programmering", 1) not in kept
    SearchWord.objects.all().delete()
    SearchWordList.objects.all().delete()

    output = io.StringIO()
    call_command("rebuild_search_words", stdout=output)
    assert set(SearchWord.objects.values_list("word", "folded", "articles")) == kept
    assert f"{len(kept)} ord från 2 objekt" in output.getvalue()
    assert did_you_mean("larare", searchable_articles()) == "lärare"


def test_a_stopped_engine_leaves_the_suggestions_to_postgresql(settings, municipality, caplog):
    search_engine.use_stopped_engine(settings)
    ArticlePageFactory(parent=municipality, title="Matematik i förskolan")
    with caplog.at_level(logging.WARNING, logger="pedagogsajten.search"):
        assert did_you_mean("mattematik", searchable_articles()) == "matematik"
    assert any("failed" in record.message for record in caplog.records)


def test_an_index_built_before_the_vocabulary_field_leaves_it_to_postgresql(
    settings, municipality, monkeypatch, caplog
):
    """Until `update_index` has run after the upgrade, the engine's index lacks `_vocabulary`:
    the suggestion comes from PostgreSQL, and the engine is not counted as failing (its breaker
    would otherwise send every reader's search to PostgreSQL)."""
    prefix = search_engine.unique_prefix()
    try:
        setup = search_engine.use_engine(settings, prefix)
        ArticlePageFactory(parent=municipality, title="Matematik i förskolan")
        setup.refresh()
        monkeypatch.setattr("search.backends.VOCABULARY_FIELD", "_not_in_this_index")
        with caplog.at_level(logging.INFO, logger="pedagogsajten.search"):
            assert did_you_mean("mattematik", searchable_articles()) == "matematik"
            assert did_you_mean("elevrna", searchable_articles()) == "eleverna"
        messages = [r.getMessage() for r in caplog.records if r.name == "pedagogsajten.search"]
        assert len(messages) == 1 and "run manage.py update_index" in messages[0]
        assert breaker_for("default").failures_seen == 0
    finally:
        search_engine.delete_engine_indexes(prefix)


def test_a_database_user_without_the_right_is_told_what_to_do(db):
    """A managed PostgreSQL where the migration user may not create extensions: the migration
    stops with the statement a database administrator must run, not a bare permission error."""
    migration = importlib.import_module("search.migrations.0002_search_words")
    role = f"utan_ratt_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        # Rolled back with the test's transaction, like everything else here.
        cursor.execute("DROP EXTENSION pg_trgm CASCADE")
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        cursor.execute(f"SET ROLE {role}")
    try:
        # The schema editor's savepoint takes the failed statement back, so RESET ROLE can run.
        with pytest.raises(CommandError) as failure, connection.schema_editor() as editor:
            migration.CreateTrigramExtension().database_forwards("search", editor, None, None)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    message = str(failure.value)
    assert "CREATE EXTENSION IF NOT EXISTS pg_trgm;" in message
    assert "behövs för sökförslagen" in message and "kör sedan migrate igen" in message
