"""The Swedish relevance set of `make bench-relevance` (bench/relevance/*.toml) is data: a typo in
an article id, a group name or a taxonomy slug must fail the suite, not a benchmark run later."""

import importlib
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def relevance_bench():
    sys.path.insert(0, str(BENCH))
    try:
        yield importlib.import_module("relevance_bench")
    finally:
        sys.path.remove(str(BENCH))


def test_the_relevance_set_is_complete_and_consistent(relevance_bench):
    articles, queries, guards = relevance_bench.load_set()  # SystemExit names any mistake

    assert len(articles) >= 60 and len(queries) >= 60
    ids = {article["id"] for article in articles}
    assert all(set(query.relevant) <= ids and query.relevant for query in queries)
    assert {query.category for query in queries} == set(relevance_bench.CATEGORIES)
    assert any(guard.text == "tema" for guard in guards)


def test_a_broken_judgement_is_reported_by_name(relevance_bench, tmp_path, monkeypatch):
    for name in ("documents.toml", "queries.toml"):
        (tmp_path / name).write_text((relevance_bench.DATA / name).read_text())
    queries = tmp_path / "queries.toml"
    queries.write_text(
        queries.read_text() + '\n[[query]]\nq = "x"\ncategory = "typo"\nrelevant = ["finns-inte"]\n'
    )
    monkeypatch.setattr(relevance_bench, "DATA", tmp_path)

    with pytest.raises(SystemExit, match="okänt artikel-id 'finns-inte'"):
        relevance_bench.load_set()
