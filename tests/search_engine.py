"""Run the same search tests on both backends: PostgreSQL and a real OpenSearch node.

The engine half needs the node that `scripts/search-engine` starts (make test does). Without it
those tests skip, except when REQUIRE_SEARCH_ENGINE=1 (CI), where a missing engine is a failure.
"""

import contextlib
import io
import os
import urllib.request
import uuid
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from wagtail.search.backends import get_search_backend

from pedagogsajten.settings.base import DATABASE_SEARCH_BACKEND, engine_search_backend

ENGINE_URL = os.environ.get("SEARCH_TEST_URL", "http://127.0.0.1:9271")


def engine_answers() -> bool:
    try:
        with urllib.request.urlopen(f"{ENGINE_URL}/_cluster/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def require_engine() -> None:
    if engine_answers():
        return
    engine_missing(
        f"Ingen sökmotor svarar på {ENGINE_URL} (starta den med scripts/search-engine start)."
    )


def engine_missing(message: str):
    """Fails the test when the engine is required (CI), skips it otherwise."""
    if os.environ.get("REQUIRE_SEARCH_ENGINE") == "1":
        pytest.fail(message)
    # The only skip allowed here: a developer's machine without the engine. CI (.ci/run) sets
    # REQUIRE_SEARCH_ENGINE=1, which turns this into the failure above.
    pytest.skip(message + " REQUIRE_SEARCH_ENGINE är inte satt, så motortesterna hoppas över.")


@dataclass
class SearchSetup:
    name: str  # "database" or "engine"

    def refresh(self) -> None:
        """Make what was just indexed searchable (an engine refreshes once a second by itself)."""
        if self.name == "engine":
            get_search_backend("default").get_index_for_model(_article_model()).refresh()


def _article_model():
    from blog.models import ArticlePage

    return ArticlePage


def use_database(settings) -> SearchSetup:
    settings.WAGTAILSEARCH_BACKENDS = {"default": DATABASE_SEARCH_BACKEND}
    return SearchSetup("database")


def use_engine(settings, prefix: str) -> SearchSetup:
    require_engine()
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": engine_search_backend(ENGINE_URL, "opensearch", prefix),
        "database": DATABASE_SEARCH_BACKEND,
    }
    # Creates the indexes with the Swedish analysis settings (an index created implicitly by the
    # first document would have neither).
    call_command("update_index", backend_name="default", stdout=io.StringIO())
    return SearchSetup("engine")


def delete_engine_indexes(prefix: str) -> None:
    request = urllib.request.Request(f"{ENGINE_URL}/{prefix}*", method="DELETE")
    with contextlib.suppress(OSError):
        urllib.request.urlopen(request, timeout=10).close()


def unique_prefix() -> str:
    return f"test_{uuid.uuid4().hex[:10]}_"
