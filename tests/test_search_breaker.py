"""A stopped engine costs readers a few short timeouts, then nothing: the reader timeouts and the
circuit breaker shared by search and autocomplete (search/breaker.py; issue 13, point 9).

The HTTP test runs on real PostgreSQL and a real OpenSearch node, its own (tests/
test_search_engine_script.py starts it with scripts/search-engine), which it stops with SIGSTOP:
the engine every other test uses is never paused. The state machine is also tested alone, with a
clock the test moves.
"""

import contextlib
import io
import logging
import os
import signal
import statistics
import time
import urllib.request

import pytest
import urllib3
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from wagtail.search.backends import get_search_backend

from blog.factories import ArticlePageFactory, paragraph
from pedagogsajten.settings.base import DATABASE_SEARCH_BACKEND, engine_search_backend
from search.backends import reader_requests
from search.breaker import CLOSED, HALF_OPEN, OPEN, CircuitBreaker, breaker_for
from tests.search_engine import unique_prefix, use_stopped_engine

# What the settings give readers (SEARCH_READER_CONNECT_TIMEOUT, SEARCH_READER_TIMEOUT).
CONNECT_TIMEOUT, READ_TIMEOUT = engine_search_backend("http://engine", "opensearch", "x_")[
    "READER_TIMEOUTS"
]
# SEARCH_BREAKER_SECONDS here: long enough for the measurements while open (about 20 requests)
# even on a busy machine, short enough to wait for twice.
OPEN_SECONDS = 5
# What "a stopped engine costs a reader search under 100 ms extra once the breaker is open" is
# held to, against the same request on PostgreSQL alone.
OPEN_EXTRA_LIMIT = 0.100
# A failing request waits for the read timeout (the connection itself succeeds: the kernel
# accepts it for the stopped process); the slack is for PostgreSQL and the test client.
FAILOVER_SLACK = 0.75

READING = "Högläsning som skapar samtal"
MATHS = "Bråk med pappersremsor"


# The state machine --------------------------------------------------------------------------


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def breaker(clock):
    return CircuitBreaker("default", failures=3, seconds=30, clock=clock)


def warnings_in(caplog):
    return [record for record in caplog.records if record.levelno >= logging.WARNING]


def test_opens_after_failures_in_a_row_and_skips_the_backend(breaker, caplog):
    with caplog.at_level(logging.INFO, logger="pedagogsajten.search"):
        for _ in range(2):
            assert breaker.allow()
            breaker.failed(TimeoutError("read timed out"), "database")
        assert breaker.state == CLOSED
        assert breaker.allow()
        breaker.failed(TimeoutError("read timed out"), "database")
        assert breaker.state == OPEN
        assert not any(breaker.allow() for _ in range(100))

    (warning,) = warnings_in(caplog)
    assert warning.getMessage().startswith("Search backend 'default' failed (TimeoutError: read")
    assert "'database'" in warning.getMessage() and warning.exc_info is None
    assert any("skipped for 30 s" in record.getMessage() for record in caplog.records)


def test_failures_must_be_in_a_row(breaker):
    for _ in range(5):
        breaker.failed(OSError("refused"), "database")
        breaker.failed(OSError("refused"), "database")
        breaker.succeeded()
    assert breaker.state == CLOSED and breaker.allow()


def test_one_probe_after_the_period_closes_it_when_the_backend_answers(breaker, clock, caplog):
    for _ in range(3):
        breaker.failed(OSError("refused"), "database")
    clock.now += 29.9
    assert not breaker.allow()
    clock.now += 0.1
    assert breaker.allow()  # the probe
    assert breaker.state == HALF_OPEN
    assert not breaker.allow()  # everyone else still goes to PostgreSQL meanwhile
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="pedagogsajten.search"):
        breaker.succeeded()
    assert breaker.state == CLOSED and breaker.allow()
    assert [record.levelno for record in caplog.records] == [logging.INFO]
    assert "answers again" in caplog.records[0].getMessage()


def test_a_failed_probe_opens_it_again_without_another_warning(breaker, clock, caplog):
    with caplog.at_level(logging.INFO, logger="pedagogsajten.search"):
        for _ in range(3):
            breaker.failed(OSError("refused"), "database")
        for _ in range(3):  # three periods of a stopped engine
            clock.now += 30
            assert breaker.allow()
            breaker.failed(OSError("refused"), "database")
            assert breaker.state == OPEN and not breaker.allow()
    assert len(warnings_in(caplog)) == 1
    assert sum("still fails" in record.getMessage() for record in caplog.records) == 3


def test_late_answers_of_requests_let_through_before_it_opened_change_nothing(breaker, caplog):
    with caplog.at_level(logging.INFO, logger="pedagogsajten.search"):
        for _ in range(8):  # eight readers waited on the engine at once
            breaker.failed(OSError("timed out"), "database")
        breaker.succeeded()
    assert breaker.state == OPEN
    assert len(warnings_in(caplog)) == 1
    # Failed 1, failed 2 (INFO), opened (INFO); the other five and the late success: nothing.
    assert len(caplog.records) == 3


def test_a_probe_that_never_reports_back_is_given_up_after_a_period(breaker, clock):
    for _ in range(3):
        breaker.failed(OSError("refused"), "database")
    clock.now += 30
    assert breaker.allow()  # the probe's worker dies mid-request
    clock.now += 29
    assert not breaker.allow()
    clock.now += 1
    assert breaker.allow()


def test_breakers_follow_the_configuration(settings):
    settings.SEARCH_BREAKER_FAILURES, settings.SEARCH_BREAKER_SECONDS = 5, 7
    first = breaker_for("default")
    assert (first.failures, first.seconds) == (5, 7)
    assert breaker_for("default") is first  # search and autocomplete share it
    settings.WAGTAILSEARCH_BACKENDS = {"default": DATABASE_SEARCH_BACKEND}
    assert breaker_for("default") is not first  # "default" may now be another engine


def test_readers_queries_get_short_timeouts_and_no_retries_indexing_keeps_its_own(settings):
    use_stopped_engine(settings, "x_", TIMEOUT=5)
    backend = get_search_backend("default")
    assert backend.client_for_request() is backend.es
    with reader_requests():
        assert backend.client_for_request() is backend.reader_client
    assert backend.client_for_request() is backend.es

    reader = backend.reader_client.transport
    assert reader.max_retries == 0 and not reader.retry_on_timeout
    timeout = reader.get_connection().pool.timeout
    assert isinstance(timeout, urllib3.Timeout)
    assert (timeout.connect_timeout, timeout.read_timeout) == (CONNECT_TIMEOUT, READ_TIMEOUT)
    # Indexing and the admin: the backend's TIMEOUT, and the client's retries.
    assert backend.es.transport.get_connection().timeout == 5


# Over HTTP, a real engine stopped with SIGSTOP -------------------------------------------------


@pytest.fixture
def stoppable_engine(spare, settings, municipality):
    """The spare node as the search engine, PostgreSQL as the fallback, two articles in both."""
    prefix = unique_prefix()
    settings.SEARCH_BREAKER_FAILURES = 3
    settings.SEARCH_BREAKER_SECONDS = OPEN_SECONDS
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": engine_search_backend(spare.url, "opensearch", prefix),
        "database": DATABASE_SEARCH_BACKEND,
    }
    try:
        call_command("update_index", backend_name="default", stdout=io.StringIO())
        ArticlePageFactory(
            parent=municipality,
            title=READING,
            summary="Bilderböcker och frågor i förskolor.",
            body=[paragraph("Barnen berättar själva. Språkutveckling i vardagen.")],
        )
        article = ArticlePageFactory(
            parent=municipality,
            title=MATHS,
            summary="Konkret material i årskurs 8.",
            body=[paragraph("Matematiklektionen började med att eleverna vek remsor.")],
        )
        get_search_backend("default").get_index_for_model(type(article)).refresh()
        yield spare
    finally:
        request = urllib.request.Request(f"{spare.url}/{prefix}*", method="DELETE")
        with contextlib.suppress(OSError):
            urllib.request.urlopen(request, timeout=10).close()


@contextlib.contextmanager
def paused(pid: int):
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)


def timed_search(client, query: str) -> tuple[float, list[str]]:
    started = time.perf_counter()
    response = client.get(reverse("search:search"), {"q": query})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    return elapsed, [article.title for article in response.context["results"]]


def timed_suggestions(client, text: str) -> tuple[float, list[str]]:
    started = time.perf_counter()
    response = client.get(reverse("search:suggestions"), {"q": text})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    return elapsed, [item["title"] for item in response.json()["suggestions"]]


def median_seconds(measure, times: int = 7) -> float:
    return statistics.median(measure()[0] for _ in range(times))


def test_a_stopped_engine_costs_readers_a_few_short_timeouts_then_nothing(
    client, stoppable_engine, caplog
):
    # The engine answers: "språk" is found only through its compound splitting, not by PostgreSQL.
    assert timed_search(client, "språk")[1] == [READING]

    # The baseline: the same requests on PostgreSQL alone (warmed up first).
    with override_settings(WAGTAILSEARCH_BACKENDS={"default": DATABASE_SEARCH_BACKEND}):
        for _ in range(3):
            timed_search(client, "pappersremsor")
            timed_suggestions(client, "pappers")
        search_baseline = median_seconds(lambda: timed_search(client, "pappersremsor"))
        suggest_baseline = median_seconds(lambda: timed_suggestions(client, "pappers"))

    breaker = breaker_for("default")
    with caplog.at_level(logging.INFO), paused(stoppable_engine.pid()):
        # The first failures: each waits for the read timeout once, then PostgreSQL answers.
        # Search and autocomplete count towards the same breaker.
        first = [
            timed_search(client, "pappersremsor"),
            timed_suggestions(client, "pappers"),
            timed_search(client, "pappersremsor"),
        ]
        assert [found for _, found in first] == [[MATHS]] * 3
        for elapsed, _ in first:
            assert READ_TIMEOUT * 0.9 <= elapsed <= READ_TIMEOUT + FAILOVER_SLACK, first
        assert breaker.state == OPEN

        # Open: straight to PostgreSQL, the engine not asked at all.
        skips, logged = breaker.skips, len(caplog.records)
        open_search = median_seconds(lambda: timed_search(client, "pappersremsor"))
        open_suggest = median_seconds(lambda: timed_suggestions(client, "pappers"))
        assert timed_search(client, "pappersremsor")[1] == [MATHS]
        assert timed_suggestions(client, "pappers")[1] == [MATHS]
        assert breaker.skips - skips == 7 + 7 + 2 and breaker.state == OPEN
        assert len(caplog.records) == logged  # nothing logged per request while open
        figures = (
            f"search: {search_baseline * 1000:.1f} ms on PostgreSQL alone, "
            f"{open_search * 1000:.1f} ms with the engine stopped and the breaker open "
            f"({open_search / search_baseline:.2f}×); autocomplete: {suggest_baseline * 1000:.1f} "
            f"ms, {open_suggest * 1000:.1f} ms ({open_suggest / suggest_baseline:.2f}×); "
            f"first failures: {', '.join(f'{elapsed * 1000:.0f} ms' for elapsed, _ in first)}"
        )
        print(f"\n{figures}")
        assert open_search - search_baseline < OPEN_EXTRA_LIMIT, figures
        assert open_suggest - suggest_baseline < OPEN_EXTRA_LIMIT, figures

        # One warning for the whole outage, without a traceback.
        (warning,) = warnings_in(caplog)
        assert warning.name == "pedagogsajten.search" and warning.exc_info is None
        assert "ConnectionTimeout" in warning.getMessage()
        assert not any(record.exc_info for record in caplog.records)

        # After the period one probe goes to the engine, still stopped: it waits once more, and
        # the breaker opens again without a new warning.
        time.sleep(OPEN_SECONDS)
        elapsed, found = timed_search(client, "pappersremsor")
        assert found == [MATHS] and READ_TIMEOUT * 0.9 <= elapsed <= READ_TIMEOUT + FAILOVER_SLACK
        assert breaker.state == OPEN
        assert timed_search(client, "pappersremsor")[0] < search_baseline + OPEN_EXTRA_LIMIT

    # The engine runs again: the next probe closes the breaker and readers get the engine back.
    time.sleep(OPEN_SECONDS)
    assert timed_search(client, "språk")[1] == [READING]
    assert breaker.state == CLOSED
    assert len(warnings_in(caplog)) == 1
    messages = [record.getMessage() for record in caplog.records]
    assert sum("still fails" in message for message in messages) == 1
    assert sum("answers again" in message for message in messages) == 1
