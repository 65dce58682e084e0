"""Search benchmark: 10,000 generated Swedish articles, indexing time and query latency (p50/p95)
over 200 fixed queries, with and without facets, on PostgreSQL and on OpenSearch.

Run by `make bench` (which starts PostgreSQL and OpenSearch). Writes docs/benchmarks.md.
"""

import random
import sys
import time

from common import ARTICLES, ensure_corpus, git_revision, setup_django, summary_ms, write_section

ENGINE_URL = "http://127.0.0.1:9271"


def time_indexing(backend_name: str) -> float:
    from io import StringIO

    from django.core.management import call_command

    started = time.perf_counter()
    call_command("update_index", backend_name=backend_name, stdout=StringIO())
    return time.perf_counter() - started


def fixed_queries() -> list[tuple[str, dict]]:
    """200 queries: 100 Swedish search texts, each once alone and once with a school-form facet."""
    from common import WORDS

    rng = random.Random(7)
    texts = [rng.choice(WORDS) for _ in range(60)] + [
        f"{rng.choice(WORDS)} {rng.choice(WORDS)}" for _ in range(40)
    ]
    return [(text, {}) for text in texts] + [
        (text, {"skolform": "grundskola-4-6"}) for text in texts
    ]


def time_queries(queries) -> dict:
    from blog.listing import SORT_RELEVANCE, run_listing
    from blog.models import ArticlePage

    timings = {"plain": [], "facet": []}
    for text, facets in queries[:5]:  # warm-up: connections, caches
        run_listing(text, facets, SORT_RELEVANCE)
    for text, facets in queries:
        started = time.perf_counter()
        outcome = run_listing(text, facets, SORT_RELEVANCE)
        list(
            ArticlePage.objects.for_listing().filter(pk__in=outcome.article_ids[:10])
        )  # the first page
        timings["facet" if facets else "plain"].append(time.perf_counter() - started)
    return {kind: summary_ms(values) for kind, values in timings.items()} | {
        "all": summary_ms(timings["plain"] + timings["facet"])
    }


def main() -> int:
    setup_django()
    from django.conf import settings

    from pedagogsajten.settings.base import DATABASE_SEARCH_BACKEND, engine_search_backend

    print(f"Korpus: {ARTICLES} artiklar …", flush=True)
    ensure_corpus(ARTICLES)
    queries = fixed_queries()
    rows = []

    settings.WAGTAILSEARCH_BACKENDS = {"default": DATABASE_SEARCH_BACKEND}
    print("PostgreSQL: indexerar …", flush=True)
    indexing = time_indexing("default")
    rows.append(("PostgreSQL full-text (`swedish`)", indexing, time_queries(queries)))

    settings.WAGTAILSEARCH_BACKENDS = {
        "default": engine_search_backend(ENGINE_URL, "opensearch", "bench_", TIMEOUT=30),
        "database": DATABASE_SEARCH_BACKEND,
    }
    print("OpenSearch: indexerar …", flush=True)
    try:
        indexing = time_indexing("default")
        rows.append(("OpenSearch 2.19.1 (Swedish analysis)", indexing, time_queries(queries)))
    except Exception as error:  # noqa: BLE001 - report what was measured; say what was not
        print(f"OpenSearch kunde inte mätas: {error}", file=sys.stderr)
        rows.append(("OpenSearch 2.19.1 (Swedish analysis)", None, None))

    lines = [
        f"{ARTICLES:,} generated Swedish articles (4 paragraphs, classification, 11 municipalities); "
        f"200 fixed queries (100 texts of one or two words, each alone and with the facet "
        f"`skolform=grundskola-4-6`), run one after another; a query is timed from the text search to "
        f"the first page of results loaded, facet counts included (what `/sok/` does before "
        f"rendering). Revision `{git_revision()}`.",
        "",
        "| backend | full index build | p50 all | p95 all | p95 without facet | p95 with facet | target p95 |",
        "|---|---|---|---|---|---|---|",
    ]
    targets = {"PostgreSQL": 150, "OpenSearch": 50}
    for name, indexing, result in rows:
        target = next(value for key, value in targets.items() if name.startswith(key))
        if result is None:
            lines.append(f"| {name} | not measured | | | | | {target} ms |")
            continue
        lines.append(
            f"| {name} | {indexing:.1f} s | {result['all']['p50']:.1f} ms | {result['all']['p95']:.1f} ms | "
            f"{result['plain']['p95']:.1f} ms | {result['facet']['p95']:.1f} ms | {target} ms |"
        )
    write_section("Search", "\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
