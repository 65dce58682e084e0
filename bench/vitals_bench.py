"""Core Web Vitals of a reader's first view: largest contentful paint (LCP) and cumulative layout
shift (CLS) of the home page and the demo's fullest article, in headless Debian Chromium.

The demo content (`seed_demo`: images, audio, video, documents, every block) in a database of its
own, served by gunicorn as production serves it (2 sync workers, `DEBUG=False`, page cache off,
so every view is rendered). Uploaded media are served from disk by the browser harness, as the
front proxy serves `MEDIA_URL` in production. Each page is loaded cold (a new browser context:
no HTTP cache, no cookies) several times on a desktop (1280×800) and a phone (390×844) viewport;
the browser's own `largest-contentful-paint` and `layout-shift` entries are read after the load.
Targets (issue 15): LCP ≤ 1.0 s and CLS 0.

Run by `make bench-vitals` (which starts PostgreSQL). Writes docs/benchmarks.md.
"""

import os
import statistics
import sys
from pathlib import Path

from common import ROOT, Gunicorn, git_revision, setup_django, write_section

DATABASE = "pedagogsajten_bench_vitals"
PORT = int(os.environ.get("BENCH_VITALS_PORT", 8096))
CHROMIUM = "/usr/bin/chromium"
LOADS = 5
LCP_TARGET_SECONDS = 1.0
VIEWPORTS = {
    "desktop 1280×800": {"viewport": {"width": 1280, "height": 800}},
    "phone 390×844": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}
MEDIA_ROOT = ROOT / "var" / "bench" / "vitals-media"
# What the browser recorded once the page had loaded and settled: the last LCP candidate (the
# final one) and the layout shifts not caused by input.
READ_VITALS = """
() => new Promise((resolve) => {
  let lcp = null, element = "", cls = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      lcp = entry.startTime;
      element = entry.element ? entry.element.tagName.toLowerCase() : "";
    }
  }).observe({ type: "largest-contentful-paint", buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) cls += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => resolve({ lcp, element, cls }), 1000);
})
"""


def prepare_site() -> dict[str, str]:
    """The demo site in the vitals database (created and filled on first use; seed_demo is
    idempotent); the pages to measure."""
    from common import recreate_database
    from django.core.management import call_command
    from django.db import OperationalError, connection

    from blog.models import ArticlePage

    try:
        connection.ensure_connection()
    except OperationalError:  # the database does not exist yet
        recreate_database()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_demo", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    articles = ArticlePage.objects.live().public()
    fullest = max(articles, key=lambda article: len(article.body))
    return {"home": "/", f"article ({fullest.title})": fullest.url}


def serve_media(route) -> None:
    """MEDIA_URL from disk, as the front proxy serves it."""
    from django.conf import settings

    path = route.request.url.split(settings.MEDIA_URL, 1)[1].split("?", 1)[0]
    file = (Path(settings.MEDIA_ROOT) / path).resolve()
    if Path(settings.MEDIA_ROOT).resolve() in file.parents and file.is_file():
        route.fulfill(path=str(file))
    else:
        route.fulfill(status=404)


def measure(base_url: str, pages: dict[str, str]) -> dict:
    from django.conf import settings
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            for name, path in pages.items():
                for viewport, options in VIEWPORTS.items():
                    loads = []
                    for _ in range(LOADS):
                        context = browser.new_context(**options)
                        page = context.new_page()
                        page.route(f"**{settings.MEDIA_URL}**", serve_media)
                        page.goto(base_url + path, wait_until="load")
                        loads.append(page.evaluate(READ_VITALS))
                        context.close()
                    results[(name, viewport)] = loads
        finally:
            browser.close()
    return results


def report(results: dict, pages: dict[str, str]) -> list[str]:
    lines = [
        f"The demo content (`seed_demo`), gunicorn 2 sync workers, `DEBUG=False`, page cache off; "
        f"headless Debian Chromium, {LOADS} cold loads per page and viewport (a new browser "
        "context each: no HTTP cache), uploaded media served from disk by the harness as the "
        "front proxy serves them. LCP from navigation start, as the browser records it (server "
        "time included); CLS: the sum of layout shifts not caused by input. Pages: "
        + ", ".join(f"`{path}` ({name})" for name, path in pages.items())
        + f". Targets (issue 15): LCP ≤ {LCP_TARGET_SECONDS:.1f} s, CLS 0. "
        f"Revision `{git_revision()}`.",
        "",
        "| page | viewport | LCP median | LCP slowest | largest element | CLS (largest) | target |",
        "|---|---|---|---|---|---|---|",
    ]
    for (name, viewport), loads in results.items():
        paints = [load["lcp"] for load in loads if load["lcp"] is not None]
        shift = max(load["cls"] for load in loads)
        elements = sorted({load["element"] for load in loads if load["element"]})
        met = len(paints) == len(loads) and max(paints) <= LCP_TARGET_SECONDS * 1000 and not shift
        lines.append(
            f"| {name.split(' (')[0]} | {viewport} | {statistics.median(paints):.0f} ms | "
            f"{max(paints):.0f} ms | {', '.join(f'`{e}`' for e in elements)} | {shift:.3f} | "
            f"{'met' if met else 'not met'} |"
        )
    return lines


def main() -> int:
    os.environ["MEDIA_ROOT"] = str(MEDIA_ROOT)
    os.environ["PRIVATE_MEDIA_ROOT"] = str(MEDIA_ROOT.with_name("vitals-private-media"))
    setup_django(DATABASE)
    print("Demoinnehållet …", flush=True)
    pages = prepare_site()
    print("Chromium …", flush=True)
    with Gunicorn(PORT, {"PAGE_CACHE_SECONDS": "0"}) as server:
        for path in pages.values():  # the workers' first requests
            server.fetch(path)
        results = measure(f"http://{server.host}:{server.port}", pages)
    lines = report(results, pages)
    write_section("Core Web Vitals", "\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
