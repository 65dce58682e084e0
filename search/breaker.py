"""A circuit breaker per search backend, shared by search and autocomplete.

A stopped or overloaded engine must cost readers milliseconds, not a timeout each. After
SEARCH_BREAKER_FAILURES failures in a row the backend is *open*: it is skipped (readers get
PostgreSQL's results at once) for SEARCH_BREAKER_SECONDS. Then one request, the probe, is let
through (*half-open*) while the others still skip it; its success closes the breaker, its failure
opens it for another period.

Logging: one WARNING per outage, at its first failure (the error's class and message, no
traceback), which says what happens next; opening, failed probes and closing are INFO. While open
nothing is logged per request.

The state lives in this process (module level, behind a lock), so under gunicorn each worker
counts and opens on its own. That is deliberate: no shared store to read on every search and none
that could itself fail, at the price of at most SEARCH_BREAKER_FAILURES slow requests per worker
per outage, and one probe per worker and period while it lasts.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

logger = logging.getLogger("pedagogsajten.search")

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half-open"


def describe(error: BaseException) -> str:
    """The error's class and message, once (opensearch-py's messages start with the class)."""
    name, message = type(error).__name__, str(error)
    return message if message.startswith(name) else f"{name}: {message}"


class CircuitBreaker:
    def __init__(
        self,
        name: str,
        failures: int,
        seconds: float,
        clock=time.monotonic,
    ):
        self.name = name
        self.failures = max(1, int(failures))
        self.seconds = float(seconds)
        self.clock = clock
        self.state = CLOSED
        self.failures_in_row = 0
        # Open: when the probe may go. Half-open: when a probe that never reported back (its
        # worker killed mid-request) is given up and another one may go.
        self.until = 0.0
        self.outage_started = 0.0
        # Counted for the benchmark (bench/search_bench.py), which must know whether the engine
        # answered all its queries.
        self.skips = 0
        self.failures_seen = 0
        self._lock = threading.Lock()

    def allow(self) -> bool:
        """Whether this request may use the backend; when half-open, only the probe may."""
        with self._lock:
            if self.state == CLOSED:
                return True
            now = self.clock()
            if now < self.until:
                self.skips += 1
                return False
            self.state = HALF_OPEN
            self.until = now + self.seconds
            return True

    def succeeded(self) -> None:
        with self._lock:
            if self.state == OPEN:
                # A request let through before the breaker opened: only the probe may close it.
                return
            was_closed = self.state == CLOSED
            self.state, self.failures_in_row = CLOSED, 0
            down_for = self.clock() - self.outage_started
        if not was_closed:
            logger.info(
                "Search backend %r answers again: used again after %.0f s",
                self.name,
                down_for,
            )

    def failed(self, error: BaseException, fallback: str) -> None:
        """Count a failure; `fallback` names the backend the reader gets results from instead."""
        with self._lock:
            now = self.clock()
            self.failures_seen += 1
            if self.state == OPEN:
                # A request let through before the breaker opened: the opening counted already.
                return
            if self.state == HALF_OPEN:
                self.state, self.until = OPEN, now + self.seconds
                event, opens = "probe failed", True
            else:
                self.failures_in_row += 1
                opens = self.failures_in_row >= self.failures
                if self.failures_in_row == 1:
                    self.outage_started = now
                    event = "first failure"
                else:
                    event = "failure"
                if opens:
                    self.state, self.until = OPEN, now + self.seconds
        if event == "first failure":
            logger.warning(
                "Search backend %r failed (%s); readers get results from %r. After %d failures "
                "in a row it is skipped for %.0f s%s.",
                self.name,
                describe(error),
                fallback,
                self.failures,
                self.seconds,
                ", from now on" if opens else "",
            )
        elif event == "probe failed":
            logger.info(
                "Search backend %r still fails (%s): skipped for another %.0f s",
                self.name,
                describe(error),
                self.seconds,
            )
        elif opens:
            logger.info(
                "Search backend %r failed %d times in a row (%s): skipped for %.0f s",
                self.name,
                self.failures,
                describe(error),
                self.seconds,
            )
        else:
            logger.info("Search backend %r failed again (%s)", self.name, describe(error))


_breakers: dict[str, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(backend_name: str) -> CircuitBreaker:
    with _breakers_lock:
        breaker = _breakers.get(backend_name)
        if breaker is None:
            breaker = _breakers[backend_name] = CircuitBreaker(
                backend_name,
                settings.SEARCH_BREAKER_FAILURES,
                settings.SEARCH_BREAKER_SECONDS,
            )
        return breaker


def reset() -> None:
    with _breakers_lock:
        _breakers.clear()


@receiver(setting_changed)
def _reset_when_configuration_changes(setting, **kwargs):
    # A backend name may now mean another engine (tests and benchmarks swap configurations), and
    # the limits are read when a breaker is made.
    if setting in ("WAGTAILSEARCH_BACKENDS", "SEARCH_BREAKER_FAILURES", "SEARCH_BREAKER_SECONDS"):
        reset()
