"""Shared by the benchmarks: Django set-up, the generated corpus, timing and the report file."""

import datetime
import http.client
import os
import platform
import random
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "benchmarks.md"
ARTICLES = int(os.environ.get("BENCH_ARTICLES", 10_000))


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pedagogsajten.settings.bench")
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


# One string reads better than a 67-item list literal.
WORDS = (  # noqa: SIM905
    "elever lärare förskola skola lektion matematik svenska engelska läsning skrivande samtal "
    "bedömning närvaro trygghet studiero språkutveckling flerspråkighet digitalisering programmering "
    "utomhuspedagogik skogen odling hållbar utveckling källkritik högläsning bilderböcker fritidshem "
    "rörelse idrott musik bild slöjd kemi fysik biologi historia samhällskunskap geografi teknik "
    "kollegialt lärande elevhälsa specialpedagog extra anpassningar särskilt stöd nyanlända modersmål "
    "studiehandledning vårdnadshavare övergångar likvärdighet formativ återkoppling portfolio "
    "surfplatta talsyntes bråk tallinje procent budget skolbibliotek läsecirkel lekstationer rastvakt"
).split()


def sentence(rng: random.Random, length: int) -> str:
    words = [rng.choice(WORDS) for _ in range(length)]
    return " ".join(words).capitalize() + "."


def ensure_corpus(count: int) -> None:
    """The site structure and `count` articles, made by the same factory the tests use."""
    from django.core.management import call_command
    from django.test.utils import override_settings

    from blog.factories import ArticlePageFactory
    from blog.models import ArticlePage, ArticleType, SchoolForm, Subject, Theme
    from home.models import HomePage
    from municipalities.models import MunicipalityPage

    call_command("migrate", verbosity=0)
    call_command("setup_site", verbosity=0)
    existing = ArticlePage.objects.count()
    if existing >= count:
        return
    rng = random.Random(2026)
    municipalities = list(MunicipalityPage.objects.child_of(HomePage.objects.get()))
    forms, subjects, themes = (
        list(SchoolForm.objects.all()),
        list(Subject.objects.all()),
        list(Theme.objects.all()),
    )
    types = list(ArticleType.objects.all())
    started = time.perf_counter()
    # Indexing is measured separately below, so pages are created without it.
    with override_settings(WAGTAILSEARCH_BACKENDS={}):
        for number in range(existing, count):
            ArticlePageFactory(
                parent=municipalities[number % len(municipalities)],
                title=sentence(rng, 4)[:-1] + f" {number}",
                slug=f"bench-{number}",
                summary=sentence(rng, 18),
                body=[
                    {
                        "type": "paragraph",
                        "value": "".join(f"<p>{sentence(rng, 25)}</p>" for _ in range(4)),
                    }
                ],
                article_type=rng.choice(types),
                school_forms=rng.sample(forms, 2),
                subjects=rng.sample(subjects, 2),
                themes=rng.sample(themes, 2),
            )
            if number % 1000 == 999:
                print(
                    f"  {number + 1} artiklar ({time.perf_counter() - started:.0f} s)", flush=True
                )


class Gunicorn:
    """gunicorn as production runs it (sync workers, bench settings), with extra environment
    variables; the control socket is off so a dev server may run beside. A context manager."""

    def __init__(self, port: int, environment: dict[str, str], workers: int = 2):
        self.host, self.port = "127.0.0.1", port
        cache_dir = ROOT / "var" / "bench" / f"page-cache-{port}"
        shutil.rmtree(cache_dir, ignore_errors=True)
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--workers",
                str(workers),
                "--bind",
                f"{self.host}:{port}",
                "--no-control-socket",
                "--log-level",
                "warning",
                "pedagogsajten.wsgi:application",
            ],
            cwd=ROOT,
            env=os.environ
            | {
                "DJANGO_SETTINGS_MODULE": "pedagogsajten.settings.bench",
                "PAGE_CACHE_SECONDS": "0",
                "PAGE_CACHE_LOCATION": str(cache_dir),
            }
            | environment,
        )
        for _ in range(300):
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn avslutades innan den svarade")
            try:
                self.fetch("/robots.txt")
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
