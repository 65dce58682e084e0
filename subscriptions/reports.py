"""Statistik: how many confirmed subscribers each choice has, never who they are.

The report gets the municipalities the user may see (insights/access.py) and chose. Only when that
is every municipality (the chief editor and editors, unfiltered) does it also show the choices
that belong to no municipality (the whole site, school forms, themes); a contact person, or
anyone who narrowed the report to a municipality, sees that municipality's row alone.
"""

from django.db.models import Count, Q

from blog.models import SchoolForm, Theme
from insights.reports.base import Chart, Table
from municipalities.models import MunicipalityPage

from .models import Frequency, Subscriber

COLUMNS = [
    ("choice", "Val"),
    ("kind", "Slag"),
    ("immediate", "Vid publicering"),
    ("weekly", "Veckobrev"),
    ("total", "Totalt"),
]


def _counts(relation: str | None) -> dict:
    """{term id or None: (immediate, weekly)} over confirmed subscribers."""
    confirmed = Subscriber.objects.confirmed()
    immediate = Count("pk", filter=Q(frequency=Frequency.IMMEDIATE), distinct=True)
    weekly = Count("pk", filter=Q(frequency=Frequency.WEEKLY), distinct=True)
    if relation is None:
        row = confirmed.filter(whole_site=True).aggregate(immediate=immediate, weekly=weekly)
        return {None: (row["immediate"], row["weekly"])}
    rows = (
        confirmed.filter(**{f"{relation}__isnull": False})
        .values(relation)
        .annotate(immediate=immediate, weekly=weekly)
    )
    return {row[relation]: (row["immediate"], row["weekly"]) for row in rows}


def _row(choice: str, kind: str, counts: tuple[int, int]) -> dict:
    immediate, weekly = counts
    return {
        "choice": choice,
        "kind": kind,
        "immediate": immediate,
        "weekly": weekly,
        "total": immediate + weekly,
    }


def subscriber_counts(period, municipalities) -> Table:
    everything = len(municipalities) >= MunicipalityPage.objects.count()
    rows = []
    if everything:
        rows.append(_row("Hela sajten", "Hela sajten", _counts(None)[None]))
    by_municipality = _counts("municipalities")
    for municipality in municipalities:
        rows.append(
            _row(municipality.title, "Kommun", by_municipality.get(municipality.pk, (0, 0)))
        )
    notes = ["Antalet bekräftade prenumeranter just nu; perioden ändrar det inte."]
    if everything:
        for relation, model, kind in (
            ("school_forms", SchoolForm, "Skolform"),
            ("themes", Theme, "Tema"),
        ):
            counts = _counts(relation)
            for term in model.objects.all():
                rows.append(_row(term.name, kind, counts.get(term.pk, (0, 0))))
        unconfirmed = Subscriber.objects.filter(confirmed_at__isnull=True).count()
        confirmed = Subscriber.objects.confirmed().count()
        notes.append(
            f"{confirmed} bekräftade prenumeranter i allt; en prenumerant kan ha flera val. "
            f"{unconfirmed} har inte bekräftat ännu (raderas efter några dagar)."
        )
    else:
        notes.append("Varje rad räknar den som valt kommunen; hela sajten räknas inte in.")
    chart = Chart("Prenumeranter per val", "choice", "total", "prenumeranter")
    return Table(COLUMNS, rows, chart, notes)
