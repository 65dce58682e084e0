"""Search benchmark (issue 14): the full `/sok/` request over HTTP at 10,000 and 100,000
generated articles, on PostgreSQL and on OpenSearch, with index build times and memory; then what
a stopped engine (SIGSTOP) costs readers, with the reader timeouts and circuit breaker
(search/breaker.py) and with the behaviour before them.

Latency: gunicorn as production runs it (bench/common.Gunicorn: 2 sync workers, DEBUG off, page
cache off), one request at a time, a new connection each, timed to the last byte: 100 fixed
search texts each alone and with a school-form facet, a page 2 of 20 of them, the article listing
`/artiklar/`, and a static file from the same server as the ceiling, in one shuffled order. Each
size has its own database (bench/common.database_for; bench/corpus.py writes it in bulk) and its
own engine index prefix; a size runs in a child process of its own.

Run by `make bench-search` (which starts PostgreSQL and OpenSearch). Writes docs/benchmarks.md
(section "Search" when every default size and backend was measured, or with --report) and the
raw figures to var/bench/search-results.json.

    python search_bench.py                          # latency at 10,000 and 100,000, engine-stopped
    python search_bench.py latency --sizes 300 --backends postgres     # a quick check
    python search_bench.py engine-stopped
"""

import argparse
import contextlib
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlparse

from common import (
    ARTICLES,
    ENGINE_URL,
    ROOT,
    WORDS,
    Gunicorn,
    backend_description,
    database_for,
    engine_answers,
    engine_searches,
    ensure_corpus,
    forget_cached_results,
    get_json,
    git_revision,
    rebuild_search_words,
    setup_django,
    summary_ms,
    write_section,
)

HTTP_PORT = int(os.environ.get("BENCH_SEARCH_HTTP_PORT", 8098))
WORKERS = 2
CONCURRENT_SEARCHES = 8
# The breaker's period (SEARCH_BREAKER_SECONDS, default 30 s): the benchmark waits it out twice
# to watch the probes.
BREAKER_SECONDS = 30
SIZES = tuple(int(size) for size in os.environ.get("BENCH_SEARCH_SIZES", "10000,100000").split(","))
BACKENDS = ("postgres", "opensearch")
BACKEND_NAMES = {"postgres": "PostgreSQL", "opensearch": "OpenSearch"}
# Issue 14: p95 of the full /sok/ request at 10,000 articles; at 100,000 no worse than twice that.
TARGET_P95_MS = {"postgres": 100, "opensearch": 50}
LARGE_CORPUS, LARGE_FACTOR = 100_000, 2
FACET = {"skolform": "grundskola-4-6"}
PAGE_TWO_QUERIES = 20
LISTING_REQUESTS = 20
CEILING_REQUESTS = 20
RESULTS_FILE = ROOT / "var" / "bench" / "search-results.json"
# Set by --keep-index for the child process that measures one corpus size.
KEEP_INDEX = "BENCH_KEEP_INDEX"


def database_index_complete() -> bool:
    """Whether PostgreSQL's index holds an entry for every live article (a rebuild that ran to
    its end): only then may --keep-index skip the rebuild."""
    from modelsearch.backends.database.postgres.postgres import IndexEntry
    from modelsearch.utils import get_content_type_pk

    from blog.models import ArticlePage

    articles = set(ArticlePage.objects.live().values_list("pk", flat=True))
    indexed = IndexEntry.objects.filter(content_type_id=get_content_type_pk(ArticlePage))
    return bool(articles) and articles <= {
        int(pk) for pk in indexed.values_list("object_id", flat=True)
    }


def time_indexing(backend_name: str) -> float:
    from io import StringIO

    from django.core.management import call_command

    started = time.perf_counter()
    call_command("update_index", backend_name=backend_name, stdout=StringIO())
    return time.perf_counter() - started


def fixed_queries() -> list[tuple[str, dict]]:
    """200 queries: 100 different Swedish search texts (60 words of the corpus, 40 pairs), each
    once alone and once with a school-form facet. All different, so that no timed search is
    answered by the results cache an earlier one filled (a reader's repeated search may be)."""
    rng = random.Random(7)
    words = rng.sample(WORDS, 60)
    pairs = []
    while len(pairs) < 40:
        pair = " ".join(rng.sample(WORDS, 2))
        if pair not in pairs:
            pairs.append(pair)
    texts = words + pairs
    return [(text, {}) for text in texts] + [(text, FACET) for text in texts]


def warm_up_queries() -> list[str]:
    """Words of the corpus that no timed query uses."""
    used = {text for text, _facets in fixed_queries()}
    return [word for word in WORDS if word not in used]


def engine_pid(url: str) -> int | None:
    """The engine's process, as scripts/search-engine knows it (None if it did not start it)."""
    result = subprocess.run(
        [str(ROOT / "scripts" / "search-engine"), "pid"],
        env=os.environ | {"SEARCH_ENGINE_PORT": str(urlparse(url).port)},
        capture_output=True,
        text=True,
    )
    return int(result.stdout) if result.returncode == 0 else None


@contextlib.contextmanager
def paused(pid: int):
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)


def ensure_engine_index() -> None:
    """The engine's index of the corpus (built by the latency part; here when run alone)."""
    from wagtail.search.backends import get_search_backend

    from blog.models import ArticlePage

    if not get_search_backend("default").get_index_for_model(ArticlePage).exists():
        print("OpenSearch: indexerar …", flush=True)
        time_indexing("default")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.1 else f"{seconds * 1000:.1f} ms"


def concurrent_searches(server: Gunicorn, searches: list[str], article: str) -> dict:
    """Eight searches at once, and an unrelated article asked for just after them."""
    timings: list[float] = []
    lock = threading.Lock()

    def search(path):
        elapsed = server.fetch(path)
        with lock:
            timings.append(elapsed)

    threads = [threading.Thread(target=search, args=(path,)) for path in searches]
    for thread in threads:
        thread.start()
    time.sleep(0.05)  # the searches reach the workers first
    article_seconds = server.fetch(article)
    for thread in threads:
        thread.join()
    return {
        "article": article_seconds,
        "slowest": max(timings),
        "median": statistics.median(timings),
    }


def measure_engine_stopped() -> list[str]:
    from blog.models import ArticlePage

    pid = engine_pid(ENGINE_URL)
    if pid is None:
        return [
            f"Not measured: no engine started by scripts/search-engine answers at {ENGINE_URL}."
        ]
    ensure_engine_index()
    texts = [text for text, facets in fixed_queries() if not facets][:20]
    searches = [f"/sok/?{urlencode({'q': text})}" for text in texts]
    article = ArticlePage.objects.live().order_by("pk").first().url
    engine = {
        "SEARCH_URL": ENGINE_URL,
        "SEARCH_INDEX_PREFIX": index_prefix(ARTICLES),
        "SEARCH_TIMEOUT": "30",
        "SEARCH_BREAKER_SECONDS": str(BREAKER_SECONDS),
    }
    # Before the breaker: one timeout (SEARCH_TIMEOUT, 5 s) for every request, no breaker.
    before = engine | {
        "SEARCH_READER_CONNECT_TIMEOUT": "5",
        "SEARCH_READER_TIMEOUT": "5",
        "SEARCH_BREAKER_FAILURES": "1000000",
    }

    def sequence(server, paths):
        # Every search asks a backend: a results cache (search/engine.py) would otherwise answer
        # a repeated text, and the stopped engine would never be asked.
        timings = []
        for path in paths:
            forget_cached_results()
            timings.append(server.fetch(path))
        return timings

    print("PostgreSQL alone …", flush=True)
    with Gunicorn(HTTP_PORT, {"SEARCH_URL": ""}, WORKERS) as server:
        sequence(server, searches[:5] + [article] * 3)  # warm-up
        database = summary_ms(sequence(server, searches * 2))
        database_article = statistics.median(sequence(server, [article] * 9))

    print("OpenSearch, stoppad med SIGSTOP …", flush=True)
    with Gunicorn(HTTP_PORT, engine, WORKERS) as server:
        sequence(server, searches[:5] + [article] * 3)
        answering = summary_ms(sequence(server, searches * 2))
        with paused(pid):
            first = sequence(server, searches[:10])
            stopped = summary_ms(sequence(server, searches * 2))
            time.sleep(BREAKER_SECONDS)
            probes = sequence(server, searches[:6])
        time.sleep(BREAKER_SECONDS)
        resumed = sequence(server, searches[:6])
        after = summary_ms(sequence(server, searches))

    crowds = {}
    single = engine | {"SEARCH_BREAKER_FAILURES": "1"}
    for label, environment in (("before", before), ("after", engine), ("single", single)):
        print(f"{CONCURRENT_SEARCHES} samtidiga sökningar, {label} …", flush=True)
        with Gunicorn(HTTP_PORT, environment, WORKERS) as server:
            sequence(server, searches[:5] + [article] * 3)
            forget_cached_results()
            with paused(pid):
                crowds[label] = concurrent_searches(server, searches[:CONCURRENT_SEARCHES], article)

    extra_p50 = stopped["p50"] - database["p50"]
    lines = [
        f"gunicorn {WORKERS} sync workers (as `make bench-http`), page cache off, the "
        f"{ARTICLES:,}-article corpus; `/sok/?q=…` for 20 of the fixed one-word queries, one "
        f"after another, a new connection each, timed to the last byte of the page. The engine "
        f"is stopped with SIGSTOP (its port still accepts connections, nothing answers: the worst "
        f"case, a hung node). The defaults: reader timeouts 0.3 s connect / 1 s read, breaker "
        f"after 3 failures in a row for {BREAKER_SECONDS} s. Each worker has its own breaker. "
        f"Revision `{git_revision()}`.",
        "",
        "| search over HTTP | p50 | p95 | p50 vs PostgreSQL alone |",
        "|---|---|---|---|",
        f"| PostgreSQL alone (no `SEARCH_URL`) | {database['p50']:.1f} ms | {database['p95']:.1f} ms | 1.00× |",
        f"| OpenSearch answering | {answering['p50']:.1f} ms | {answering['p95']:.1f} ms | "
        f"{answering['p50'] / database['p50']:.2f}× |",
        f"| OpenSearch stopped, breaker open | {stopped['p50']:.1f} ms | {stopped['p95']:.1f} ms | "
        f"{stopped['p50'] / database['p50']:.2f}× ({extra_p50:+.1f} ms) |",
        f"| OpenSearch again, after the probe | {after['p50']:.1f} ms | {after['p95']:.1f} ms | "
        f"{after['p50'] / database['p50']:.2f}× |",
        "",
        "While the breaker opens and closes, each request in turn:",
        "",
        f"- the first 10 after SIGSTOP: {', '.join(ms(value) for value in first)} (each worker "
        f"waits the 1 s read timeout 3 times, then skips the engine);",
        f"- after the {BREAKER_SECONDS} s period, engine still stopped: "
        f"{', '.join(ms(value) for value in probes)} (one probe per worker waits again);",
        f"- after SIGCONT and another period: {', '.join(ms(value) for value in resumed)} "
        f"(the probes succeed and close the breakers).",
        "",
        f"{CONCURRENT_SEARCHES} searches at once against the stopped engine, and an unrelated "
        f"article asked for 50 ms later (alone: {ms(database_article)}):",
        "",
        "| | the article | slowest search | median search |",
        "|---|---|---|---|",
    ]
    for label, name in (
        ("before", "before: one 5 s timeout (`SEARCH_TIMEOUT`) per request, no breaker"),
        ("after", "after: reader timeouts and breaker (the defaults)"),
        ("single", "after, with `SEARCH_BREAKER_FAILURES=1`"),
    ):
        crowd = crowds[label]
        lines.append(
            f"| {name} | {ms(crowd['article'])} | {ms(crowd['slowest'])} | {ms(crowd['median'])} |"
        )
    lines += [
        "",
        f"- Once the breaker is open a stopped engine costs a reader search **{extra_p50:+.1f} ms** "
        f"at p50 (target: under 100 ms extra: {'met' if extra_p50 < 100 else 'not met'}).",
    ]
    return lines


def engine_stopped(write: bool = True) -> None:
    from django.conf import settings
    from django.core.management import call_command

    print(f"Korpus: {ARTICLES} artiklar …", flush=True)
    ensure_corpus(ARTICLES)
    settings.WAGTAILSEARCH_BACKENDS = engine_configuration(index_prefix(ARTICLES))
    call_command("collectstatic", interactive=False, verbosity=0)
    lines = measure_engine_stopped()
    if write:
        write_section("Search with the engine stopped", "\n".join(lines))
    print("\n".join(lines))


def index_prefix(size: int) -> str:
    """The engine index of each corpus size (`bench_` for the 10,000 one, as before)."""
    if size == 10_000:
        return "bench_"
    return f"bench{size // 1000}k_" if size % 1000 == 0 else f"bench{size}_"


def engine_configuration(prefix: str) -> dict:
    from pedagogsajten.settings.base import DATABASE_SEARCH_BACKEND, engine_search_backend

    return {
        "default": engine_search_backend(ENGINE_URL, "opensearch", prefix, TIMEOUT=30),
        "database": DATABASE_SEARCH_BACKEND,
    }


def rss_bytes(pid: int) -> int | None:
    """Resident memory of a process (Linux /proc), None if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return found


def engine_memory(prefix: str) -> dict:
    """The node's heap and resident memory, and the size of this corpus's indexes."""
    memory = {}
    with contextlib.suppress(OSError, ValueError, KeyError):
        nodes = get_json(f"{ENGINE_URL}/_nodes/stats/jvm")["nodes"]
        heap = next(iter(nodes.values()))["jvm"]["mem"]
        memory |= {"heap_used": heap["heap_used_in_bytes"], "heap_max": heap["heap_max_in_bytes"]}
    pid = engine_pid(ENGINE_URL)
    if pid is not None:
        memory["rss"] = rss_bytes(pid)
    with contextlib.suppress(OSError, ValueError):
        indices = get_json(f"{ENGINE_URL}/_cat/indices/{prefix}*?format=json&bytes=b")
        memory["index_bytes"] = sum(int(row["store.size"] or 0) for row in indices)
        memory["index_docs"] = sum(int(row["docs.count"] or 0) for row in indices)
    return memory


def database_sizes() -> dict:
    """Bytes on disk: the whole database, the page and article tables (with their indexes and
    TOAST), PostgreSQL's search index (Wagtail's index entries) and the did-you-mean vocabulary
    (where the code has one; 0 for a table that does not exist)."""
    from django.db import connection

    def size(table: str) -> str:
        return f"COALESCE(pg_total_relation_size(to_regclass('{table}')), 0)"

    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT pg_database_size(current_database()),
                       {size("wagtailcore_page")} + {size("blog_articlepage")},
                       {size("wagtailsearch_indexentry")},
                       {size("search_searchword")}"""
        )
        database, pages, search_index, vocabulary = cursor.fetchone()
    return {
        "database": database,
        "pages": pages,
        "search_index": search_index,
        "vocabulary": vocabulary,
    }


def request_plan(size: int) -> list[tuple[str, str]]:
    """(kind, path) for every timed request, in one fixed shuffled order, so slow moments of a
    busy machine fall on every kind alike."""
    from django.templatetags.static import static

    texts = [text for text, facets in fixed_queries() if not facets]
    one_word = [text for text in texts if " " not in text]
    plan = [("search", f"/sok/?{urlencode({'q': text})}") for text in texts]
    plan += [("search, facet", f"/sok/?{urlencode({'q': text} | FACET)}") for text in texts]
    plan += [
        ("search, page 2", f"/sok/?{urlencode({'q': text, 'sida': 2})}")
        for text in one_word[:PAGE_TWO_QUERIES]
    ]
    plan += [("listing /artiklar/", "/artiklar/")] * LISTING_REQUESTS
    plan += [("static file (ceiling)", static("css/site.css"))] * CEILING_REQUESTS
    random.Random(size).shuffle(plan)
    return plan


def time_http(server: Gunicorn, plan: list[tuple[str, str]]) -> dict:
    # Warm-up: each worker's first requests (connections, templates), with searches the timed
    # part does not repeat.
    warm_up = [f"/sok/?{urlencode({'q': text})}" for text in warm_up_queries()]
    for path in warm_up + ["/artiklar/"] * 2:
        server.fetch(path)
    timings: dict[str, list[float]] = {}
    for kind, path in plan:
        timings.setdefault(kind, []).append(server.fetch(path))
    searches = [
        value for kind, values in timings.items() if kind.startswith("search") for value in values
    ]
    return {kind: summary_ms(values) for kind, values in timings.items()} | {
        "all searches": summary_ms(searches)
    }


def match_shares() -> dict:
    """How broad the timed texts are: the share of the live articles each one finds (so a
    reader of the figures sees what kind of searches were timed)."""
    from blog.models import ArticlePage

    articles = ArticlePage.objects.live().count() or 1
    shares = [
        ArticlePage.objects.live().search(text, operator="and").count() / articles
        for text, facets in fixed_queries()
        if not facets
    ]
    return {
        "median": statistics.median(shares),
        "largest": max(shares),
        "none": sum(1 for share in shares if share == 0),
        "over half": sum(1 for share in shares if share > 0.5),
    }


def measure_backend(size: int, backend: str) -> dict:
    from django.conf import settings

    from pedagogsajten.settings.base import DATABASE_SEARCH_BACKEND

    prefix = index_prefix(size)
    if backend == "opensearch":
        if not engine_answers():
            return {"skipped": f"no engine answers at {ENGINE_URL}"}
        settings.WAGTAILSEARCH_BACKENDS = engine_configuration(prefix)
        environment = {
            "SEARCH_URL": ENGINE_URL,
            "SEARCH_INDEX_PREFIX": prefix,
            "SEARCH_TIMEOUT": "30",
        }
    else:
        settings.WAGTAILSEARCH_BACKENDS = {"default": DATABASE_SEARCH_BACKEND}
        environment = {"SEARCH_URL": ""}
    if backend == "postgres" and os.environ.get(KEEP_INDEX) and database_index_complete():
        # --keep-index: the index and vocabulary as an earlier run built them (about 30 minutes
        # at 100,000 articles), for a timing of the search code alone; the report says so.
        print(f"  {BACKEND_NAMES[backend]}: behåller indexet från en tidigare körning", flush=True)
        indexing = vocabulary = None
    else:
        print(f"  {BACKEND_NAMES[backend]}: indexerar …", flush=True)
        indexing = time_indexing("default")
        # PostgreSQL's did-you-mean vocabulary, rebuilt in full as after a restore (the engine
        # keeps its vocabulary in the index update_index just built).
        vocabulary = rebuild_search_words() if backend == "postgres" else None
    if backend == "opensearch":
        from wagtail.search.backends import get_search_backend

        from blog.models import ArticlePage

        get_search_backend("default").get_index_for_model(ArticlePage).refresh()
    shares = match_shares() if backend == "postgres" else None
    plan = request_plan(size)
    print(f"  {BACKEND_NAMES[backend]}: {len(plan)} anrop över HTTP …", flush=True)
    searches_before = engine_searches(prefix) if backend == "opensearch" else None
    with Gunicorn(HTTP_PORT, environment, WORKERS) as server:
        timings = time_http(server, plan)
        workers = [rss_bytes(pid) for pid in children_of(server.process.pid)]
    result = {
        "match_shares": shares,
        "indexing_seconds": indexing,
        "vocabulary_seconds": vocabulary,
        "timings": timings,
        "worker_rss": max((value for value in workers if value), default=None),
        "database": database_sizes(),
        # Warm-up included, as the engine counts them too.
        "searches_sent": len(warm_up_queries())
        + sum(1 for kind, _path in plan if kind.startswith("search")),
    }
    if backend == "opensearch":
        result["engine"] = engine_memory(prefix)
        after = engine_searches(prefix)
        if searches_before is not None and after is not None:
            result["engine_searches"] = after - searches_before
    return result


def measure_size(size: int, backends: list[str], out: Path) -> int:
    """In a process of its own (one database per size): the corpus, then each backend."""
    from django.core.management import call_command

    setup_django(database_for(size))
    from blog.models import ArticlePage

    print(f"{size:,} artiklar (databas {database_for(size)}) …", flush=True)
    corpus_seconds = ensure_corpus(size)
    call_command("collectstatic", interactive=False, verbosity=0)
    result = {
        "size": size,
        "articles": ArticlePage.objects.live().public().count(),
        "corpus_seconds": corpus_seconds,
        "backends": {backend: measure_backend(size, backend) for backend in backends},
        "descriptions": {backend: backend_description(backend, ENGINE_URL) for backend in backends},
    }
    out.write_text(json.dumps(result, indent=1))
    return 0


def megabytes(value) -> str:
    return f"{value / 1024 / 1024:,.0f} MB" if value else "–"


def build(figures: dict) -> str:
    """`update_index`, and PostgreSQL's did-you-mean vocabulary where the code has one."""
    if figures["indexing_seconds"] is None:
        return "kept from an earlier run (`--keep-index`)"
    text = f"{figures['indexing_seconds']:.1f} s"
    if figures.get("vocabulary_seconds") is not None:
        text += f" + {figures['vocabulary_seconds']:.1f} s vocabulary"
    return text


def target_for(size: int, backend: str) -> float:
    return TARGET_P95_MS[backend] * (LARGE_FACTOR if size >= LARGE_CORPUS else 1)


def report(results: list[dict]) -> list[str]:
    revision = git_revision()
    lines = [
        "The full search request over HTTP, as a reader gets it: gunicorn with "
        f"{WORKERS} sync workers (`DEBUG=False`, page cache off), one request at a time, a new "
        "connection each, timed to the last byte of the rendered page (facet counts, results, "
        "pagination). Per corpus size and backend: 100 fixed search texts of one or two words "
        f"(`fixed_queries`), each alone and with the facet `skolform={FACET['skolform']}`, "
        f"page 2 of {PAGE_TWO_QUERIES} of them, {LISTING_REQUESTS}× the listing `/artiklar/` "
        f"and {CEILING_REQUESTS}× a static file from the same server (the ceiling: what this "
        "machine's HTTP round trip costs at that moment), in one shuffled order, after "
        f"{len(warm_up_queries())} warm-up searches for other words and 2 listings; all 100 "
        "texts differ, so no timed search is answered by a results cache an earlier one filled "
        "(that cache and the page cache start empty). Generated articles: a title, a summary and 4 "
        "paragraphs of Swedish drawn word by word at the frequencies of the relevance set's "
        "hand-written articles (`bench/common.vocabulary`), 2 school forms, "
        "2 subjects, 2 themes, 1–2 of 400 authors, 11 municipalities (`bench/corpus.py`). "
        "The load generator runs on the same cores. Targets (issue 14): p95 ≤ 50 ms on "
        "OpenSearch and ≤ 100 ms on PostgreSQL at 10,000 articles, at most twice those at "
        f"100,000. Revision `{revision}`.",
        "",
        "Backends: "
        + "; ".join(
            dict(
                pair for result in results for pair in result.get("descriptions", {}).items()
            ).values()
        )
        + ".",
        "",
        "| articles | backend | index build (`update_index`) | search p50 | search p95 | p95 without facet | "
        "p95 with facet | p95 page 2 | `/artiklar/` p95 | static file p50 | target p95 | "
        "p95 ÷ target | p95 vs 10,000 |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    verdicts, notes = [], []
    ten_thousand = {
        backend: figures["timings"]["all searches"]["p95"]
        for result in results
        if result["size"] == 10_000
        for backend, figures in result["backends"].items()
        if "timings" in figures
    }
    for result in results:
        size = result["size"]
        for backend, figures in result["backends"].items():
            name = BACKEND_NAMES[backend]
            target = target_for(size, backend)
            if "skipped" in figures:
                lines.append(
                    f"| {size:,} | {name} | not measured: {figures['skipped']} |" + " |" * 10
                )
                continue
            t = figures["timings"]
            p95 = t["all searches"]["p95"]
            versus = (
                f"{p95 / ten_thousand[backend]:.2f}×"
                if size != 10_000 and backend in ten_thousand
                else "–"
            )
            lines.append(
                f"| {size:,} | {name} | {build(figures)} | "
                f"{t['all searches']['p50']:.1f} ms | **{p95:.1f} ms** | "
                f"{t['search']['p95']:.1f} ms | {t['search, facet']['p95']:.1f} ms | "
                f"{t['search, page 2']['p95']:.1f} ms | {t['listing /artiklar/']['p95']:.1f} ms | "
                f"{t['static file (ceiling)']['p50']:.1f} ms | {target:.0f} ms | "
                f"{p95 / target:.2f} | {versus} |"
            )
            verdicts.append(
                f"{name} at {size:,}: p95 {p95:.1f} ms, target ≤ {target:.0f} ms: "
                f"{'met' if p95 <= target else 'not met'}"
            )
            if figures.get("match_shares"):
                shares = figures["match_shares"]
                notes.append(
                    f"At {size:,} a timed search text finds {shares['median']:.1%} of the "
                    f"articles at the median and {shares['largest']:.1%} at most; "
                    f"{shares['over half']} of the 100 texts find more than half of them, "
                    f"{shares['none']} find none."
                )
            if backend == "opensearch" and "engine_searches" in figures:
                # What the node itself counted (its _stats), to see that it answered: fewer than
                # sent means some came from the results cache (page 2 of a text already asked)
                # or from PostgreSQL after a reader timeout.
                notes.append(
                    f"At {size:,} the OpenSearch node counted {figures['engine_searches']} "
                    f"searches on its indexes for {figures['searches_sent']} `/sok/` requests "
                    "(warm-up included)."
                )
    lines += [
        "",
        "| articles | backend | gunicorn worker RSS (largest, after the run) | engine heap used / max "
        "| engine process RSS | search index on disk | PostgreSQL database | pages + articles tables |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        for backend, figures in result["backends"].items():
            if "skipped" in figures:
                continue
            database = figures["database"]
            engine = figures.get("engine", {})
            heap = (
                f"{megabytes(engine.get('heap_used'))} / {megabytes(engine.get('heap_max'))}"
                if engine
                else "–"
            )
            index_size = (
                f"{megabytes(engine.get('index_bytes'))} ({engine.get('index_docs', 0):,} documents)"
                if backend == "opensearch"
                else f"{megabytes(database['search_index'])} (`wagtailsearch_indexentry`)"
                + (
                    f" + {megabytes(database['vocabulary'])} vocabulary"
                    if database.get("vocabulary")
                    else ""
                )
            )
            lines.append(
                f"| {result['size']:,} | {BACKEND_NAMES[backend]} | "
                f"{megabytes(figures['worker_rss'])} | {heap} | {megabytes(engine.get('rss'))} | "
                f"{index_size} | {megabytes(database['database'])} | {megabytes(database['pages'])} |"
            )
    built = [
        f"{result['size']:,} in {result['corpus_seconds']:.0f} s"
        for result in results
        if result.get("corpus_seconds")
    ]
    lines += [""] + [f"- {verdict}." for verdict in verdicts] + [f"- {note}" for note in notes]
    if built:
        lines.append(f"- Corpus written in this run (`bench/corpus.py`): {', '.join(built)}.")
    return lines


def latency(sizes: list[int], backends: list[str], write: bool) -> int:
    """Each size in a child process (its own database); then one report of them all."""
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    results = []
    for size in sizes:
        out = RESULTS_FILE.with_name(f"search-{size}.json")
        out.unlink(missing_ok=True)
        status = subprocess.call(
            [sys.executable, __file__, "measure-size", str(size), ",".join(backends), str(out)],
            cwd=Path(__file__).resolve().parent,
        )
        if status != 0 or not out.exists():
            print(f"Storleken {size:,} kunde inte mätas (slutkod {status}).", file=sys.stderr)
            return status or 1
        results.append(json.loads(out.read_text()))
    RESULTS_FILE.write_text(json.dumps({"revision": git_revision(), "results": results}, indent=1))
    lines = report(results)
    print("\n".join(lines))
    if write:
        write_section("Search", "\n".join(lines))
    else:
        print(
            "\n(docs/benchmarks.md lämnades orörd: alla standardstorlekar och båda "
            "sökmotorerna mättes inte; --report skriver ändå.)"
        )
    return 0


RANKING_ROUNDS = 2


def measure_ranking(size: int, out: Path) -> int:
    """In-process, on PostgreSQL, the corpus's index as `update_index` last built it: each fixed
    search through Django's test client (view, facets, template) with every match ranked and
    with only search.faceted.RANKED_MATCHES ranked, the two interleaved per search."""
    setup_django(database_for(size))
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    from pedagogsajten.settings.base import DATABASE_SEARCH_BACKEND
    from search import faceted

    settings.WAGTAILSEARCH_BACKENDS = {"default": DATABASE_SEARCH_BACKEND}
    bounded = faceted.RANKED_MATCHES
    client = Client(HTTP_HOST="127.0.0.1")
    paths = [f"/sok/?{urlencode({'q': text} | facets)}" for text, facets in fixed_queries()]
    timings: dict[str, list[float]] = {"every match ranked": [], "bounded": []}
    with override_settings(SEARCH_RESULTS_CACHE_SECONDS=0, PAGE_CACHE_SECONDS=0):
        for text in warm_up_queries():
            client.get(f"/sok/?{urlencode({'q': text})}")
        for _round in range(RANKING_ROUNDS):
            for path in paths:
                for label, ranked in (("every match ranked", 10**9), ("bounded", bounded)):
                    faceted.RANKED_MATCHES = ranked
                    started = time.perf_counter()
                    response = client.get(path)
                    timings[label].append(time.perf_counter() - started)
                    if response.status_code != 200:
                        raise RuntimeError(f"{path} svarade {response.status_code}")
    faceted.RANKED_MATCHES = bounded
    out.write_text(
        json.dumps(
            {"size": size, "ranked_matches": bounded}
            | {label: summary_ms(values) for label, values in timings.items()}
        )
    )
    return 0


def ranking(sizes: list[int]) -> int:
    """Bounded ranking against full ranking on PostgreSQL, per size (each in its own process)."""
    rows = []
    for size in sizes:
        out = RESULTS_FILE.with_name(f"ranking-{size}.json")
        status = subprocess.call(
            [sys.executable, __file__, "measure-ranking", str(size), str(out)],
            cwd=Path(__file__).resolve().parent,
        )
        if status != 0:
            return status
        rows.append(json.loads(out.read_text()))
    return write_ranking(rows)


def write_ranking(rows: list[dict]) -> int:
    lines = [
        f"In-process (Django's test client: view, facets, template; no HTTP), PostgreSQL, the "
        f"corpus's index as `update_index` last built it: the {len(fixed_queries())} fixed "
        f"searches of the section above, {RANKING_ROUNDS} rounds, each search once with every "
        f"match ranked and once with only the newest `RANKED_MATCHES` ranked "
        f"(search/faceted.py), the two one after the other. Revision `{git_revision()}`.",
        "",
        "| articles | ranked | p50 | p95 | p95 ÷ every match ranked |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        full = row["every match ranked"]
        for label in ("every match ranked", "bounded"):
            figures = row[label]
            name = label if label != "bounded" else f"the newest {row['ranked_matches']:,}"
            lines.append(
                f"| {row['size']:,} | {name} | {figures['p50']:.1f} ms | {figures['p95']:.1f} ms "
                f"| {figures['p95'] / full['p95']:.2f} |"
            )
    write_section("Search: bounded ranking on PostgreSQL", "\n".join(lines))
    print("\n".join(lines))
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["measure-size"]:  # the child process of latency()
        size, backends, out = argv[1:4]
        return measure_size(int(size), backends.split(","), Path(out))
    if argv[:1] == ["measure-ranking"]:  # the child process of ranking()
        return measure_ranking(int(argv[1]), Path(argv[2]))
    if argv[:1] == ["ranking"]:
        sizes = [
            int(size) for size in (argv[1] if argv[1:] else ",".join(map(str, SIZES))).split(",")
        ]
        return ranking(sizes)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*", help="latency, engine-stopped (default: both)")
    parser.add_argument(
        "--sizes",
        default=",".join(str(size) for size in SIZES),
        help="corpus sizes, comma-separated (default %(default)s; BENCH_SEARCH_SIZES)",
    )
    parser.add_argument(
        "--backends", default=",".join(BACKENDS), help="postgres, opensearch or both"
    )
    parser.add_argument(
        "--keep-index",
        action="store_true",
        help="PostgreSQL: time the searches on the index an earlier run built, if it is complete",
    )
    report_choice = parser.add_mutually_exclusive_group()
    report_choice.add_argument(
        "--report", action="store_true", help="write docs/benchmarks.md even for a partial run"
    )
    report_choice.add_argument(
        "--no-report", action="store_true", help="never write docs/benchmarks.md"
    )
    arguments = parser.parse_args(argv)
    parts = arguments.parts or ["latency", "engine-stopped"]
    if set(parts) - {"latency", "engine-stopped"}:
        parser.error(f"okända delar: {', '.join(parts)} (välj latency, engine-stopped)")
    sizes = [int(size.replace("_", "")) for size in arguments.sizes.split(",") if size]
    backends = [name for name in arguments.backends.split(",") if name]
    unknown = set(backends) - set(BACKENDS)
    if unknown:
        parser.error(f"okända sökmotorer: {', '.join(sorted(unknown))}")
    complete = set(sizes) >= set(SIZES) and set(backends) == set(BACKENDS)
    write = not arguments.no_report and (complete or arguments.report)
    if arguments.keep_index:
        os.environ[KEEP_INDEX] = "1"  # read by the child process measuring each size
    if "latency" in parts:
        status = latency(sizes, backends, write)
        if status:
            return status
    if "engine-stopped" in parts:
        setup_django(database_for(ARTICLES))
        engine_stopped(write=not arguments.no_report)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
