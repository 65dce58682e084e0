"""Readability: the LIX of what was published, per municipality and month (issue 17, part 3).

Every published revision of an article or event is counted (insights/readability.py stores its
LIX when it is published), so a correction published later counts in the month it was published.
A month's figure is the mean of the LIX values published in it; the band is the kernel's
(core/readability.py)."""

from collections import defaultdict
from statistics import mean
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models.functions import TruncMonth

from core.readability import band

from ..models import PublishedReadability
from .base import Chart, Period, Table, month_label


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def readability_by_month(period: Period, municipalities) -> Table:
    rows_found = (
        PublishedReadability.objects.filter(
            published_at__gte=period.start_moment,
            published_at__lt=period.end_moment,
            municipality__in=municipalities,
            lix__isnull=False,
        )
        .annotate(month=TruncMonth("published_at", tzinfo=ZoneInfo(settings.TIME_ZONE)))
        .values_list("municipality", "month", "lix")
    )
    by_cell, by_municipality = defaultdict(list), defaultdict(list)
    for municipality_id, month, value in rows_found:
        by_cell[(municipality_id, month.date())].append(value)
        by_municipality[municipality_id].append(value)
    months = period.months()
    columns = [("municipality", "Kommun")]
    columns += [(f"m{month:%Y%m}", month_label(month)) for month in months]
    columns += [("published", "Publiceringar"), ("lix", "Medel-LIX"), ("band", "Nivå")]
    rows = []
    for municipality in municipalities:
        values = by_municipality.get(municipality.pk, [])
        average = _rounded(mean(values)) if values else None
        row = {"municipality": municipality.title}
        for month in months:
            cell = by_cell.get((municipality.pk, month))
            row[f"m{month:%Y%m}"] = _rounded(mean(cell)) if cell else None
        row |= {"published": len(values), "lix": average, "band": band(average)}
        rows.append(row)
    every = [value for values in by_municipality.values() for value in values]
    overall = _rounded(mean(every)) if every else None
    total = {"municipality": "Alla"}
    for month in months:
        cell = [v for (_m, when), values in by_cell.items() if when == month for v in values]
        total[f"m{month:%Y%m}"] = _rounded(mean(cell)) if cell else None
    total |= {"published": len(every), "lix": overall, "band": band(overall)}
    notes = [
        "LIX (läsbarhetsindex) = antal ord per mening + andelen långa ord (fler än sex bokstäver) "
        "i procent. Under 30 mycket lätt, 30–40 lätt, 40–50 medelsvår, 50–60 svår, över 60 "
        "mycket svår. Varje publicerad version av en artikel eller ett evenemang räknas, i den "
        "månad den publicerades; sammanfattning och brödtext mäts, inte bildtexter eller länkar."
    ]
    chart = Chart("Medel-LIX per kommun", "municipality", "lix", "LIX")
    chart_rows = [row for row in rows if row["lix"] is not None]
    return Table(columns, rows, chart, notes, total, chart_rows=chart_rows)
