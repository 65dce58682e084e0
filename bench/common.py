"""Shared by the benchmarks: Django set-up, the generated corpus, timing and the report file."""

import collections
import contextlib
import datetime
import functools
import http.client
import itertools
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "benchmarks.md"
ARTICLES = int(os.environ.get("BENCH_ARTICLES", 10_000))
# The engine `scripts/search-engine run` started (it sets SEARCH_TEST_URL).
ENGINE_URL = os.environ.get("SEARCH_TEST_URL", "http://127.0.0.1:9271")


def database_for(articles: int) -> str:
    """Each corpus size has its own database, so a quick check with 300 articles never shrinks
    or grows the 10,000-article one (pedagogsajten_bench, the name the HTTP benchmark has always
    used) or the 100,000-article one. `BENCH_DATABASE` names another."""
    if os.environ.get("BENCH_DATABASE"):
        return os.environ["BENCH_DATABASE"]
    if articles == 10_000:
        return "pedagogsajten_bench"
    if articles % 1000 == 0:
        return f"pedagogsajten_bench_{articles // 1000}k"
    return f"pedagogsajten_bench_{articles}"


def setup_django(database: str | None = None):
    """Django with the bench settings, on `database` (default: the one for BENCH_ARTICLES)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pedagogsajten.settings.bench")
    # Read by the bench settings; gunicorn started by this process inherits it.
    os.environ["EMBEDDED_PG_DATABASE"] = database or database_for(ARTICLES)
    import django

    django.setup()


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kilobytes = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kilobytes / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{memory}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summary_ms(seconds: list[float]) -> dict:
    milliseconds = [value * 1000 for value in seconds]
    return {
        "p50": percentile(milliseconds, 0.50),
        "p95": percentile(milliseconds, 0.95),
        "mean": statistics.fmean(milliseconds) if milliseconds else 0.0,
        "n": len(milliseconds),
    }


def write_section(title: str, body: str) -> None:
    """Replace (or add) one '## title' section of docs/benchmarks.md."""
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    text = (
        REPORT.read_text()
        if REPORT.exists()
        else "# Benchmarks\n\nWritten by `make bench`; each section is replaced when its benchmark runs again.\n"
    )
    heading = f"## {title}"
    parts = text.split("\n## ")
    kept = [parts[0]] + [part for part in parts[1:] if not part.startswith(title + "\n")]
    today = datetime.date.today().isoformat()
    section = f"{heading}\n\nRun {today} on {machine()}.\n\n{body.strip()}\n"
    REPORT.write_text("\n## ".join(kept).rstrip() + "\n\n" + section)


def git_revision() -> str:
    try:
        return subprocess.run(
            ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return "?"


# What readers search for: topics of the site. One string reads better than a 67-item list literal.
WORDS = (  # noqa: SIM905
    "elever lärare förskola skola lektion matematik svenska engelska läsning skrivande samtal "
    "bedömning närvaro trygghet studiero språkutveckling flerspråkighet digitalisering programmering "
    "utomhuspedagogik skogen odling hållbar utveckling källkritik högläsning bilderböcker fritidshem "
    "rörelse idrott musik bild slöjd kemi fysik biologi historia samhällskunskap geografi teknik "
    "kollegialt lärande elevhälsa specialpedagog extra anpassningar särskilt stöd nyanlända modersmål "
    "studiehandledning vårdnadshavare övergångar likvärdighet formativ återkoppling portfolio "
    "surfplatta talsyntes bråk tallinje procent budget skolbibliotek läsecirkel lekstationer rastvakt"
).split()

RELEVANCE_DOCUMENTS = ROOT / "bench" / "relevance" / "documents.toml"


@functools.cache
def vocabulary() -> tuple[list[str], list[int]]:
    """The words of the generated articles with how often each is drawn: every word of the
    relevance set's 67 hand-written articles (bench/relevance/documents.toml, about 5,500 words)
    as often as it occurs there, and each search topic at least once. Drawn by that frequency,
    text has the shape of real Swedish: `och` and `eleverna` in nearly every article, a subject
    such as `matematik` in about one in five, most words in a few per cent. (Until 2026-11-24
    the articles were made of the 67 topics alone, drawn evenly, so every search word was in
    about three articles of four: no real search is like that.)"""
    documents = tomllib.loads(RELEVANCE_DOCUMENTS.read_text(encoding="utf-8"))["article"]
    text = " ".join(
        " ".join([document["title"], document["summary"], *document["body"]])
        for document in documents
    )
    counts = collections.Counter(re.findall(r"[^\W\d_]+", text.lower()))
    for word in WORDS:
        counts[word] = max(counts[word], 1)
    words = sorted(counts)
    return words, list(itertools.accumulate(counts[word] for word in words))


def sentence(rng: random.Random, length: int) -> str:
    words, cumulative = vocabulary()
    return " ".join(rng.choices(words, cum_weights=cumulative, k=length)).capitalize() + "."


def backend_description(name: str, engine_url: str) -> str:
    """What `postgres` or `opensearch` is in the code being measured: the configured backend
    class (and PostgreSQL's text search configuration), the engine's version as it reports it."""
    import json
    import urllib.request

    from pedagogsajten.settings.base import DATABASE_SEARCH_BACKEND, SEARCH_ENGINE_BACKENDS

    if name == "postgres":
        return (
            f"PostgreSQL: `{DATABASE_SEARCH_BACKEND['BACKEND']}`, text search configuration "
            f"`{DATABASE_SEARCH_BACKEND.get('SEARCH_CONFIG', 'simple')}`"
        )
    version = "?"
    try:
        with urllib.request.urlopen(engine_url, timeout=5) as response:
            version = json.load(response)["version"]["number"]
    except (OSError, ValueError, KeyError):
        pass
    return f"OpenSearch {version}: `{SEARCH_ENGINE_BACKENDS['opensearch']}`"


def recreate_database() -> None:
    """Drop and create the (benchmark's own) database Django is set up on, so what follows starts
    from an empty site under the current migrations. Only benchmark databases."""
    import psycopg
    from django.db import connection, connections
    from psycopg import sql

    name = connection.settings_dict["NAME"]
    if not name.startswith(("pedagogsajten_bench", "pedagogsajten_relevance")):
        raise SystemExit(f"{name} är ingen benchmarkdatabas; den raderas inte.")
    connections.close_all()
    options = connection.settings_dict
    with psycopg.connect(
        dbname="postgres",
        user=options["USER"],
        password=options["PASSWORD"] or None,
        host=options["HOST"] or None,
        port=options["PORT"] or None,
        autocommit=True,
    ) as server:
        server.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        server.execute(
            sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
                sql.Identifier(name)
            )
        )


def rebuild_search_words() -> float | None:
    """Seconds to rebuild PostgreSQL's did-you-mean vocabulary (`manage.py rebuild_search_words`,
    needed after a bulk load, since saving no page filled it); None where the code has no such
    command."""
    from io import StringIO

    from django.core.management import CommandError, call_command, get_commands

    if "rebuild_search_words" not in get_commands():
        return None
    started = time.perf_counter()
    try:
        call_command("rebuild_search_words", stdout=StringIO())
    except CommandError as error:  # said, not fatal: the searches are measured all the same
        print(f"rebuild_search_words: {error}", file=sys.stderr)
        return None
    return time.perf_counter() - started


def ensure_corpus(count: int) -> float | None:
    """The site structure and `count` articles, written in bulk (bench/corpus.py); the seconds
    that took, or None when they were there already."""
    from corpus import ensure_corpus as bulk_corpus

    return bulk_corpus(count)


def forget_cached_results() -> None:
    """Empty the bench settings' general cache, a folder, which holds cached search results
    (search/engine.py) among other things; the servers' workers see it at once."""
    shutil.rmtree(ROOT / "var" / "bench" / "cache", ignore_errors=True)


class Gunicorn:
    """gunicorn as production runs it (sync workers, bench settings), with extra environment
    variables; the control socket is off so a dev server may run beside. A context manager."""

    def __init__(
        self,
        port: int,
        environment: dict[str, str],
        workers: int = 2,
        app: str = "pedagogsajten.wsgi:application",
        project: Path | None = None,
        ready_path: str = "/robots.txt",
    ):
        """`project`: another Django project's folder with its own `.venv` (wagtail/bakerydemo,
        bench/http_bench.py), served from there with only `environment` added to ours."""
        self.host, self.port = "127.0.0.1", port
        cache_dir = ROOT / "var" / "bench" / f"page-cache-{port}"
        shutil.rmtree(cache_dir, ignore_errors=True)
        # Each server starts without the search results an earlier run, perhaps on another
        # backend, left in the cache.
        forget_cached_results()
        if project is None:
            program, folder = Path(sys.executable).parent / "gunicorn", ROOT
            settings = {
                "DJANGO_SETTINGS_MODULE": "pedagogsajten.settings.bench",
                "PAGE_CACHE_SECONDS": "0",
                "PAGE_CACHE_LOCATION": str(cache_dir),
            }
        else:
            program, folder, settings = project / ".venv" / "bin" / "gunicorn", project, {}
        self.process = subprocess.Popen(
            [
                str(program),
                "--workers",
                str(workers),
                "--bind",
                f"{self.host}:{port}",
                "--no-control-socket",
                "--log-level",
                "warning",
                # bench/ too, for the trivial app beside the site (bench/trivial_wsgi.py).
                "--pythonpath",
                str(ROOT / "bench"),
                app,
            ],
            cwd=folder,
            env=os.environ | settings | environment,
        )
        for _ in range(300):
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn avslutades innan den svarade")
            try:
                self.fetch(ready_path)
                return
            except (OSError, RuntimeError):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn svarade inte på {self.host}:{port}")

    def fetch(self, path: str, agent: str = "") -> float:
        """Seconds until the whole response to a GET arrived (a new connection each time); with
        `agent`, as a browser with that User-Agent (whose article views are counted)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        headers = {"Accept-Encoding": "gzip"} | ({"User-Agent": agent} if agent else {})
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
        except http.client.HTTPException as error:
            raise RuntimeError(f"{path}: {error}") from error
        finally:
            connection.close()
        if response.status != 200:
            raise RuntimeError(f"{path} svarade {response.status}")
        return time.perf_counter() - started

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()


def get_json(url: str, timeout: float = 30):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.load(response)


def engine_answers() -> bool:
    with contextlib.suppress(OSError, ValueError):
        return get_json(f"{ENGINE_URL}/_cluster/health", timeout=2)["status"] in ("green", "yellow")
    return False


def engine_searches(prefix: str) -> int | None:
    """Searches the engine has answered on the indexes under `prefix` so far (its own count)."""
    with contextlib.suppress(OSError, ValueError, KeyError):
        stats = get_json(f"{ENGINE_URL}/{prefix}*/_stats/search")
        return stats["_all"]["total"]["search"]["query_total"]
    return None
