"""Debian's headless Chromium through Playwright, for the browser tests (never a downloaded
browser). Without Chromium the tests skip, except with REQUIRE_BROWSER=1 (CI), where they fail."""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures here are
# plain synchronous test set-up.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def browser_available() -> bool:
    return Path(CHROMIUM).exists() and AXE.exists()


def launched_chromium():
    """A generator for a module-scoped fixture: yields a launched Chromium, closes it after."""
    if not browser_available():
        message = (
            f"Chromium ({CHROMIUM}) eller axe-core ({AXE}) saknas: kör make test (installerar dem)."
        )
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        # The only skip allowed here: a machine without Chromium. CI (.ci/run) sets
        # REQUIRE_BROWSER=1, which turns this into the failure above.
        pytest.skip(message + " REQUIRE_BROWSER är inte satt, så webbläsartesterna hoppas över.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()
