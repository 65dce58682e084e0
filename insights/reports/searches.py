"""What readers search for on the site, week by week."""

import datetime
from collections import Counter, defaultdict

from search.models import SearchQueryDay

from .base import Chart, Period, Table, week_label

TOP_QUERIES_PER_WEEK = 10


def searches_by_week(period: Period, *, zero_hits_only: bool = False) -> Table:
    """The most frequent queries per week; with zero_hits_only, those whose latest search found
    nothing (what readers want and cannot find)."""
    weeks = defaultdict(lambda: defaultdict(lambda: {"searches": 0, "hits": 0, "last": None}))
    for day, query, searches, hits in SearchQueryDay.objects.filter(
        day__gte=period.start, day__lte=period.end
    ).values_list("day", "query", "searches", "hits"):
        monday = day - datetime.timedelta(days=day.weekday())
        entry = weeks[monday][query]
        entry["searches"] += searches
        if entry["last"] is None or day > entry["last"]:
            entry["last"], entry["hits"] = day, hits
    rows = []
    for monday in sorted(weeks, reverse=True):
        entries = [
            (query, entry)
            for query, entry in weeks[monday].items()
            if not zero_hits_only or entry["hits"] == 0
        ]
        entries.sort(key=lambda item: (-item[1]["searches"], item[0]))
        rows += [
            {
                "week": week_label(monday),
                "query": query,
                "searches": entry["searches"],
                "hits": entry["hits"],
            }
            for query, entry in entries[:TOP_QUERIES_PER_WEEK]
        ]
    columns = [
        ("week", "Vecka"),
        ("query", "Sökning"),
        ("searches", "Antal sökningar"),
        ("hits", "Träffar"),
    ]
    totals = Counter()
    for row in rows:
        totals[row["query"]] += row["searches"]
    notes = [
        f"De {TOP_QUERIES_PER_WEEK} vanligaste per vecka. Sökningarna gäller hela sajten och "
        "sparas utan uppgifter om vem som sökte."
    ]
    chart = Chart("Vanligaste sökningarna under perioden", "query", "searches")
    chart_rows = [{"query": query, "searches": count} for query, count in totals.most_common(10)]
    return Table(columns, rows, chart, notes, chart_rows=chart_rows)
