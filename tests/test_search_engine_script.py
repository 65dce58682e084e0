"""scripts/search-engine: two copies on one machine stay two one-node clusters (issue 13, point 12).

A second node is started with the script on a free port beside the tests' engine (the `spare`
fixture, tests/search_engine.py). Starting one takes 10-40 s, so the node is shared with the
circuit breaker tests (tests/test_search_breaker.py, which stop it with SIGSTOP rather than the
engine every other test uses) and stopped when the session ends. Like the other engine tests,
these skip when no engine answers, except with REQUIRE_SEARCH_ENGINE=1 (CI), where that fails.
"""

from pathlib import Path

from tests.search_engine import (
    ENGINE_DIR,
    ENGINE_URL,
    answers,
    engine_answers,
    get_json,
    running,
)


def test_two_copies_are_two_separate_one_node_clusters(spare):
    tests_engine, second = get_json(f"{ENGINE_URL}/"), get_json(f"{spare.url}/")
    assert second["cluster_name"] == f"pedagogsajten-{spare.port}"
    assert tests_engine["cluster_name"] != second["cluster_name"]
    assert tests_engine["cluster_uuid"] != second["cluster_uuid"]

    for url in (ENGINE_URL, spare.url):
        assert get_json(f"{url}/_cluster/health")["number_of_nodes"] == 1
        assert len(get_json(f"{url}/_nodes")["nodes"]) == 1

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
