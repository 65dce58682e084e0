"""Progress of a long import: a bar redrawn in place on a terminal, a plain line every few
seconds otherwise (a log file, cron mail, CI). Measured in bytes of the export read, which
needs no counting pass. Hand-written: twenty lines did not warrant a dependency."""

import time

BAR_WIDTH = 30


class Progress:
    def __init__(self, stream, total_bytes: int, interactive: bool, every_seconds: float = 10.0):
        self.stream = stream
        self.total = max(total_bytes, 1)
        self.interactive = interactive
        self.every = every_seconds
        self.label = ""
        self._last = 0.0
        self._started = time.monotonic()

    def start(self, label: str) -> None:
        self.label = label
        self._started = time.monotonic()
        self._last = 0.0
        if not self.interactive:
            self.stream.write(f"{label} …\n")
            self.stream.flush()

    def update(self, position: int, items: int) -> None:
        now = time.monotonic()
        if self.interactive:
            if now - self._last < 0.2:
                return
            share = min(position / self.total, 1.0)
            filled = int(share * BAR_WIDTH)
            bar = "█" * filled + "·" * (BAR_WIDTH - filled)
            self.stream.write(f"\r{self.label:<24} [{bar}] {share:4.0%}  {items} poster ")
        else:
            if now - self._last < self.every:
                return
            self.stream.write(
                f"{self.label}: {position / self.total:.0%} av exporten läst, {items} poster, "
                f"{now - self._started:.0f} s\n"
            )
        self._last = now
        self.stream.flush()

    def finish(self, items: int) -> None:
        seconds = time.monotonic() - self._started
        if self.interactive:
            self.stream.write(
                f"\r{self.label:<24} [{'█' * BAR_WIDTH}] 100 %  {items} poster, {seconds:.1f} s\n"
            )
        else:
            self.stream.write(f"{self.label}: klart, {items} poster på {seconds:.1f} s\n")
        self.stream.flush()
