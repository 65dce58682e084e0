"""What every report is made of: the period it covers, the table (and chart) it returns, and the
small helpers the reports share."""

import datetime
import math
import statistics
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

MONTH_NAMES = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    @classmethod
    def last_days(cls, days: int, today: datetime.date | None = None) -> "Period":
        today = today or timezone.localdate()
        return cls(today - datetime.timedelta(days=days - 1), today)

    @property
    def start_moment(self) -> datetime.datetime:
        return _local_midnight(self.start)

    @property
    def end_moment(self) -> datetime.datetime:
        """Exclusive: midnight after the last day."""
        return _local_midnight(self.end + datetime.timedelta(days=1))

    def days(self) -> list[datetime.date]:
        return [
            self.start + datetime.timedelta(days=offset)
            for offset in range((self.end - self.start).days + 1)
        ]

    def months(self) -> list[datetime.date]:
        months, month = [], self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        return months

    def __str__(self):
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def month_label(month: datetime.date) -> str:
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def week_label(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year} v. {week:02d}"


@dataclass
class Chart:
    """A horizontal bar chart of one column against the row labels of another."""

    title: str
    label_key: str
    value_key: str
    unit: str = ""


@dataclass
class Series:
    """A line chart of one or more columns over the rows in their order (days, weeks)."""

    title: str
    label_key: str
    lines: list[tuple[str, str]]  # (column key, name in the legend)
    unit: str = ""


@dataclass
class Table:
    columns: list[tuple[str, str]]
    rows: list[dict]
    chart: Chart | None = None
    notes: list[str] = field(default_factory=list)
    # Rows summed up; shown last in the page, not in exports (which should stay plain data).
    total: dict | None = None
    # What the chart draws when it is not the rows themselves (a summary of a wide table).
    chart_rows: list[dict] | None = None
    # A time series drawn over the rows (per-day figures as a line, not one bar of their sum).
    series: Series | None = None


def percentile(values, fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def median(values) -> float | None:
    return statistics.median(values) if values else None
