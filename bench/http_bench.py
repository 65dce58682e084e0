"""HTTP benchmark: gunicorn (DEBUG=False, production static files) over the 10,000-article corpus.

Home, a listing (all articles), an article and the section of a municipality are requested
beside a static file from the same server, first with the page cache off (every request renders)
and then with it on (repeated views). Each page kind is requested twice: as a script (no
User-Agent: never counted) and as a reader's browser (a browser User-Agent: the views of
articles and sections are counted, insights.counting). For each: p50/p95 latency with one client
at a time, and requests per second with four clients at once; right after each, the same is
measured on a trivial WSGI app (bench/trivial_wsgi.py) served by a second gunicorn with the same
workers, and the page's throughput is reported as a share of it, so a busy moment of the
machine falls on both halves of a pair. Counting itself is also timed in-process.

wagtail/bakerydemo side by side: when a checkout with its own virtual environment is on the
machine (bench/setup_bakerydemo.sh puts one beside this checkout; BAKERYDEMO_DIR names another),
each page kind is paired with bakerydemo's and both are loaded in turn; otherwise the report says
it was not run.

Run by `make bench` (which starts PostgreSQL). Writes docs/benchmarks.md.
"""

import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from common import (
    ARTICLES,
    ROOT,
    Gunicorn,
    ensure_corpus,
    git_revision,
    percentile,
    setup_django,
    summary_ms,
    write_section,
)

PORT = int(os.environ.get("BENCH_HTTP_PORT", 8097))
TRIVIAL_PORT = PORT + 10
TRIVIAL_REQUESTS = 100
WORKERS = 2
SEQUENTIAL_REQUESTS = 400
CONCURRENT_CLIENTS = 4
CONCURRENT_SECONDS = 8
ARTICLE_TARGET_P95_MS = 60


# A reader's browser: its views are counted (insights.counting). Without a user agent they are not.
READER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
AGENTS = {"script": "", "browser": READER_AGENT}
CEILING = "static file"


def sequential(server: Gunicorn, paths: list[str], agent: str, requests: int) -> dict:
    timings = [server.fetch(paths[number % len(paths)], agent) for number in range(requests)]
    return summary_ms(timings)


def concurrent(
    server: Gunicorn,
    paths: list[str],
    agent: str,
    clients: int = CONCURRENT_CLIENTS,
    seconds: float = CONCURRENT_SECONDS,
) -> dict:
    timings: list[float] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(offset: int):
        own, number = [], offset
        while time.perf_counter() < deadline:
            own.append(server.fetch(paths[number % len(paths)], agent))
            number += clients
        with lock:
            timings.extend(own)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    milliseconds = [value * 1000 for value in timings]
    return {"rps": len(timings) / elapsed, "p95_load": percentile(milliseconds, 0.95)}


def targets() -> dict[str, list[str]]:
    """The URLs of each kind: articles and sections vary, so no single page is favoured."""
    from django.templatetags.static import static

    from blog.models import ArticlePage
    from municipalities.models import MunicipalityPage

    rng = random.Random(11)
    article_ids = list(ArticlePage.objects.live().values_list("pk", flat=True))
    articles = [
        page.url for page in ArticlePage.objects.filter(pk__in=rng.sample(article_ids, 200))
    ]
    sections = [page.url for page in MunicipalityPage.objects.live()]
    return {
        CEILING: [static("css/site.css")],
        "home": ["/"],
        "listing /artiklar/": ["/artiklar/"],
        "municipality section": sections,
        "article": articles,
    }


def measure(kinds: dict[str, list[str]], page_cache_seconds: int) -> dict:
    """{(kind, as): figures} with the trivial app's figures measured right after each."""
    with (
        Gunicorn(PORT, {"PAGE_CACHE_SECONDS": str(page_cache_seconds)}, WORKERS) as server,
        Gunicorn(TRIVIAL_PORT, {}, WORKERS, app="trivial_wsgi:application") as trivial,
    ):
        results = {}
        for kind, paths in kinds.items():
            for label, agent in AGENTS.items():
                if kind == CEILING and label == "browser":
                    continue
                # Warm-up: the workers' first requests, and with the cache on, filling it.
                for path in paths:
                    server.fetch(path, agent)
                page = sequential(server, paths, agent, SEQUENTIAL_REQUESTS)
                page |= concurrent(server, paths, agent)
                beside = sequential(trivial, ["/"], agent, TRIVIAL_REQUESTS)
                beside |= concurrent(trivial, ["/"], agent)
                results[(kind, label)] = page | {"trivial": beside}
        return results


def table(results: dict) -> list[str]:
    lines = [
        "| URL | requested as | p50 | p95 | req/s (4 clients) | p95 (4 clients) | "
        "trivial app req/s (right after) | req/s ÷ trivial app |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for (kind, label), result in results.items():
        trivial = result["trivial"]
        lines.append(
            f"| {kind} | {label} | {result['p50']:.1f} ms | {result['p95']:.1f} ms | "
            f"{result['rps']:.0f} | {result['p95_load']:.1f} ms | {trivial['rps']:.0f} | "
            f"{result['rps'] / trivial['rps']:.0%} |"
        )
    return lines


# wagtail/bakerydemo beside this site (issue 15): its checkout with its own virtual environment
# (bench/setup_bakerydemo.sh), its database on the same PostgreSQL server.
BAKERYDEMO_PORT = PORT + 20
SIDE_BY_SIDE_CLIENTS = 8
SIDE_BY_SIDE_SECONDS = 5
SIDE_BY_SIDE_ROUNDS = 3
ARTICLE_TARGET_RATIO = 2.0


def bakerydemo_folder() -> Path | None:
    folder = Path(os.environ.get("BAKERYDEMO_DIR", ROOT.parent / "bakerydemo"))
    if (folder / "bakerydemo").is_dir() and (folder / ".venv" / "bin" / "gunicorn").exists():
        return folder
    return None


def bakerydemo_environment() -> dict[str, str]:
    """bakerydemo's production settings, over plain HTTP, on its database on our server."""
    from django.db import connection

    options = connection.settings_dict
    host = quote(options["HOST"] or "localhost", safe="")
    port = f":{options['PORT']}" if options["PORT"] else ""
    password = f":{quote(options['PASSWORD'])}" if options["PASSWORD"] else ""
    database = os.environ.get("BAKERYDEMO_DATABASE", "bakerydemo")
    return {
        "DJANGO_SETTINGS_MODULE": "bakerydemo.settings.production",
        "DJANGO_SECRET_KEY": "bench-only",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "ERROR",
        "DATABASE_URL": f"postgres://{options['USER']}{password}@{host}{port}/{database}",
    }


def side_by_side(kinds: dict[str, list[str]], folder: Path) -> dict:
    """Requests per second of each pair of pages, ours and bakerydemo's, with
    SIDE_BY_SIDE_CLIENTS clients, interleaved in SIDE_BY_SIDE_ROUNDS rounds; page cache off, our
    search results cache off (bakerydemo has neither), both as a reader's browser."""
    environment = {"PAGE_CACHE_SECONDS": "0", "SEARCH_RESULTS_CACHE_SECONDS": "0"}
    with (
        Gunicorn(PORT, environment, WORKERS) as ours,
        Gunicorn(
            BAKERYDEMO_PORT,
            bakerydemo_environment(),
            WORKERS,
            app="bakerydemo.wsgi:application",
            project=folder,
            ready_path="/",
        ) as theirs,
    ):
        listing = urllib.request.urlopen(f"http://127.0.0.1:{BAKERYDEMO_PORT}/blog/", timeout=60)
        posts = sorted(set(re.findall(r'href="(/blog/[^/"]+/)"', listing.read().decode())))
        pairs = {
            "home ↔ home": (["/"], ["/"]),
            "`/artiklar/` ↔ `/blog/`": (["/artiklar/"], ["/blog/"]),
            "a municipality ↔ `/breads/`": (kinds["municipality section"], ["/breads/"]),
            "`/sok/?q=matematik` ↔ `/search/?q=bread`": (
                ["/sok/?q=matematik"],
                ["/search/?q=bread"],
            ),
            "article ↔ blog post": (kinds["article"], posts),
        }
        # Warm-up: every page of both sides once, as each has been seen by a reader since the
        # last publication (renditions made, fragments and routes cached).
        for our_paths, their_paths in pairs.values():
            for path in our_paths:
                ours.fetch(path, READER_AGENT)
            for path in their_paths:
                theirs.fetch(path, READER_AGENT)
        rounds = {name: [] for name in pairs}
        for _round in range(SIDE_BY_SIDE_ROUNDS):
            for name, (our_paths, their_paths) in pairs.items():
                mine = concurrent(
                    ours, our_paths, READER_AGENT, SIDE_BY_SIDE_CLIENTS, SIDE_BY_SIDE_SECONDS
                )
                other = concurrent(
                    theirs, their_paths, READER_AGENT, SIDE_BY_SIDE_CLIENTS, SIDE_BY_SIDE_SECONDS
                )
                rounds[name].append((mine["rps"], other["rps"]))
    return {"pairs": rounds, "posts": len(posts)}


def side_by_side_lines(folder: Path | None, kinds: dict[str, list[str]]) -> list[str]:
    if folder is None:
        return [
            "- wagtail/bakerydemo side by side: not run; no checkout with its own virtual "
            "environment on this machine (`bench/setup_bakerydemo.sh` makes one beside this "
            "checkout; `BAKERYDEMO_DIR` names another)."
        ]
    result = side_by_side(kinds, folder)
    revision = subprocess.run(
        ["git", "-C", str(folder), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    lines = [
        f"wagtail/bakerydemo `{revision or '?'}` from `{folder}` (its production settings over "
        "HTTP, its demo data, database search) on the same PostgreSQL server, gunicorn "
        f"{WORKERS} sync workers each, page cache off and our search results cache off. "
        f"{SIDE_BY_SIDE_CLIENTS} clients for {SIDE_BY_SIDE_SECONDS} s on each side of a pair, "
        f"interleaved, {SIDE_BY_SIDE_ROUNDS} rounds; both as a reader's browser (our views "
        f"counted). Our 200 articles and 11 sections in turn; its {result['posts']} blog posts; "
        "every page of both sides requested once before the first round. "
        f"Pedagogsajten revision `{git_revision()}`.",
        "",
        "| pair | Pedagogsajten req/s | bakerydemo req/s | ratio | ratio per round |",
        "|---|---|---|---|---|",
    ]
    for name, rounds in result["pairs"].items():
        mine = statistics.mean(r[0] for r in rounds)
        other = statistics.mean(r[1] for r in rounds)
        per_round = ", ".join(f"{r[0] / r[1]:.2f}×" for r in rounds)
        lines.append(
            f"| {name} | {mine:.0f} | {other:.0f} | **{mine / other:.2f}×** | {per_round} |"
        )
    article = result["pairs"]["article ↔ blog post"]
    ratio = statistics.mean(r[0] for r in article) / statistics.mean(r[1] for r in article)
    lines += [
        "",
        f"- Uncached article against bakerydemo's blog post: **{ratio:.2f}×** "
        f"(target ≥ {ARTICLE_TARGET_RATIO:.0f}×: "
        f"{'met' if ratio >= ARTICLE_TARGET_RATIO else 'not met'}).",
    ]
    return lines


def time_view_counter(views: int = 4000) -> dict:
    """What counting one view costs in this process: adding it to the pending counts, and the
    write of them all at the end (one upsert row per page), divided by the views."""
    from django.utils import timezone

    from blog.models import ArticlePage
    from insights.counting import views as pending_views

    pages = list(ArticlePage.objects.values_list("pk", "municipality_id")[:200])
    day = timezone.localdate()
    timings = []
    started_all = time.perf_counter()
    for number in range(views):
        page_id, municipality_id = pages[number % len(pages)]
        started = time.perf_counter()
        pending_views.add((day, page_id, municipality_id))
        timings.append(time.perf_counter() - started)
    started = time.perf_counter()
    pending_views.flush()
    write = time.perf_counter() - started
    return summary_ms(timings) | {
        "write_ms": write * 1000,
        "per_view_ms": (time.perf_counter() - started_all) * 1000 / views,
    }


IN_PROCESS_TARGET_MS = 12  # issue 15, where bakerydemo is not on the machine


def time_in_process(paths: list[str], agent: str = READER_AGENT) -> dict:
    """The article view in this process through Django's test client (middleware, routing, view,
    templates; no HTTP, no gunicorn), page cache off, the SQL queries of each request counted.
    Two passes over `paths`: the first just after a publication (nothing cached: routes and
    fragments are built), then every reader after the first (what readers get until the next
    publication)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from core.fragment_cache import published_content_changed

    client = Client(HTTP_HOST="127.0.0.1", HTTP_USER_AGENT=agent)
    passes = {}
    with override_settings(PAGE_CACHE_SECONDS=0):
        client.get(paths[0])  # the process's first request loads templates and code
        published_content_changed()
        for name in ("first", "after"):
            timings, queries = [], []
            for path in paths:
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(path)
                    timings.append(time.perf_counter() - started)
                if response.status_code != 200:
                    raise RuntimeError(f"{path} svarade {response.status_code}")
                queries.append(len(captured.captured_queries))
            passes[name] = summary_ms(timings) | {
                "queries": max(queries),
                "queries_min": min(queries),
            }
    return passes


def in_process_section(articles: list[str]) -> str:
    timing = time_in_process(articles)
    after, first = timing["after"], timing["first"]
    met = after["p50"] <= IN_PROCESS_TARGET_MS
    return (
        f"{len(articles)} different articles of the {ARTICLES:,}-article corpus requested in this "
        "process through Django's test client as a reader's browser (view counted), page cache "
        "off: middleware, routing, view and templates, no HTTP. Two passes: the first just after "
        "a publication (the fragment cache's generation renewed, so every route, body and "
        "related list is built), then the same articles again, as every reader after the first "
        f"gets them until the next publication. Revision `{git_revision()}`.\n\n"
        "| pass | p50 | p95 | SQL queries per article |\n|---|---|---|---|\n"
        f"| first view after a publication | {first['p50']:.1f} ms | {first['p95']:.1f} ms | "
        f"{first['queries_min']}–{first['queries']} |\n"
        f"| every reader after | **{after['p50']:.1f} ms** | {after['p95']:.1f} ms | "
        f"{after['queries_min']}–{after['queries']} |\n\n"
        f"- Target where bakerydemo is not on the machine: p50 ≤ {IN_PROCESS_TARGET_MS} ms for "
        f"readers: {'met' if met else 'not met'}. Query budget 2 after the first reader, 21 "
        "just after a publication (tests/test_query_budget.py)."
    )


def main() -> int:
    setup_django()
    if sys.argv[1:] == ["in-process"]:
        articles = targets()["article"]
        write_section("Article page in-process", in_process_section(articles))
        return 0
    if sys.argv[1:] == ["bakerydemo"]:  # the side-by-side part alone
        lines = side_by_side_lines(bakerydemo_folder(), targets())
        write_section("HTTP beside wagtail/bakerydemo", "\n".join(lines))
        print("\n".join(lines))
        return 0
    from django.core.management import call_command

    print(f"Korpus: {ARTICLES} artiklar …", flush=True)
    ensure_corpus(ARTICLES)
    call_command("collectstatic", interactive=False, verbosity=0)
    kinds = targets()

    runs = {}
    for label, seconds in (("page cache off", 0), ("page cache on", 600)):
        print(f"gunicorn, {label} …", flush=True)
        runs[label] = measure(kinds, seconds)

    counter = time_view_counter()
    uncached_article = runs["page cache off"][("article", "browser")]["p95"]
    cached = runs["page cache on"]
    worst_cached = min(
        (result["rps"] / result["trivial"]["rps"], kind, label)
        for (kind, label), result in cached.items()
        if kind != CEILING
    )
    lines = [
        f"gunicorn {WORKERS} sync workers, `DEBUG=False`, WhiteNoise for static files, "
        f"{ARTICLES:,} generated articles. One client: {SEQUENTIAL_REQUESTS} requests per URL "
        "kind, one after another, a new connection each (gunicorn's sync workers close it); "
        f"then {CONCURRENT_CLIENTS} clients for {CONCURRENT_SECONDS} s. Each kind as a script "
        "(no User-Agent) and as a reader's browser (article and section views counted). Right "
        f"after each, {TRIVIAL_REQUESTS} requests and {CONCURRENT_SECONDS} s of "
        f"{CONCURRENT_CLIENTS} clients on a trivial WSGI app served by a second gunicorn with the "
        "same workers (`bench/trivial_wsgi.py`). Articles: 200 different ones in turn; sections: "
        f"all 11. The load generator runs on the same 2 cores. Revision `{git_revision()}`.",
    ]
    for label, results in runs.items():
        lines += ["", f"### {label.capitalize()}", ""] + table(results)
    ratio, kind, label = worst_cached
    lines += [
        "",
        f"- Article p95 without cache, as a browser: **{uncached_article:.1f} ms** "
        f"(target ≤ {ARTICLE_TARGET_P95_MS} ms: "
        f"{'met' if uncached_article <= ARTICLE_TARGET_P95_MS else 'not met'}).",
        f"- With the page cache, the lowest throughput beside the trivial app: **{ratio:.0%}** "
        f"({kind}, as a {label}).",
    ]
    cached_article = cached[("article", "script")]["rps"]
    counted_article = cached[("article", "browser")]["rps"]
    lines += [
        f"- View counting (`insights.counting`: counted in memory, written together): adding "
        f"a view {counter['p50'] * 1000:.1f} µs p50, {counter['p95'] * 1000:.1f} µs p95; "
        f"writing {counter['n']} views of 200 pages in one upsert {counter['write_ms']:.1f} ms; "
        f"{counter['per_view_ms'] * 1000:.1f} µs a view in all, in-process. Cached article: "
        f"{counted_article:.0f} req/s counted against {cached_article:.0f} uncounted "
        f"({counted_article / cached_article:.0%}).",
    ]
    write_section("HTTP", "\n".join(lines))
    beside = side_by_side_lines(bakerydemo_folder(), kinds)
    write_section("HTTP beside wagtail/bakerydemo", "\n".join(beside))
    write_section("Article page in-process", in_process_section(kinds["article"]))
    print("\n".join(lines + beside))
    return 0


if __name__ == "__main__":
    sys.exit(main())
