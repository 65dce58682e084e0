"""Screenshots of the reader pages at a phone's and a desktop's width, for reviewers of the design.

`make screenshots` runs this with the demo loaded: it serves the site on a free port, opens each
page in Debian's Chromium (Playwright) at 390 and 1280 px and writes docs/screenshots/*.png.
With --base-url it photographs a site that is already running instead.
"""

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
WIDTHS = {"mobil": (390, 844), "dator": (1280, 800)}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"Servern svarade inte på {url}.")


def first_link(page, selector: str) -> str:
    return page.eval_on_selector(selector, "element => element.href")


def photograph(base_url: str) -> list[Path]:
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for label, (width, height) in WIDTHS.items():
            context = browser.new_context(
                viewport={"width": width, "height": height}, locale="sv-SE", device_scale_factor=1
            )
            page = context.new_page()
            page.goto(base_url + "/sok/?q=matematik")
            article_url = first_link(page, ".result__title a")
            page.goto(article_url)
            author_url = first_link(page, ".authors a")
            pages = {
                "start": base_url + "/",
                "sok": base_url + "/sok/?q=matematik",
                "artikel": article_url,
                "skribent": author_url,
            }
            for name, url in pages.items():
                page.goto(url)
                page.wait_for_load_state("networkidle")
                path = OUT / f"{name}-{label}.png"
                # The first screen as a reader sees it, then the whole page below it.
                page.screenshot(path=path, full_page=False)
                page.screenshot(path=OUT / f"{name}-{label}-hela.png", full_page=True)
                written += [path, OUT / f"{name}-{label}-hela.png"]
            context.close()
        browser.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", help="a running site (default: serve one here)")
    arguments = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if arguments.base_url:
        written = photograph(arguments.base_url.rstrip("/"))
    else:
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env={**os.environ, "BASE_URL": base_url},
        )
        try:
            wait_for(base_url + "/")
            written = photograph(base_url)
        finally:
            server.terminate()
            server.wait(timeout=30)
    for path in written:
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
