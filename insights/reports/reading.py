"""Readership: page views per municipality and day, per article, and per article and day."""

from django.db.models import Count, Q, Sum

from blog.models import ArticlePage

from ..models import ArticleFeedback, PageViewDay
from .base import Chart, Period, Series, Table

# More municipalities than this are shown as their total only: eleven lines cannot be told apart.
MOST_LINES = 4


def _views(period: Period, municipalities):
    return PageViewDay.objects.filter(
        day__gte=period.start, day__lte=period.end, municipality__in=municipalities
    )


def views_by_day(period: Period, municipalities) -> Table:
    cells = {
        (row["day"], row["municipality"]): row["views"]
        for row in _views(period, municipalities)
        .values("day", "municipality")
        .annotate(views=Sum("views"))
    }
    columns = (
        [("day", "Dag")] + [(f"k{m.pk}", m.title) for m in municipalities] + [("total", "Totalt")]
    )
    rows = []
    for day in period.days():
        row = {"day": day} | {f"k{m.pk}": cells.get((day, m.pk), 0) for m in municipalities}
        row["total"] = sum(row[f"k{m.pk}"] for m in municipalities)
        rows.append(row)
    total = {"day": "Hela perioden"} | {
        key: sum(row[key] for row in rows) for key, _ in columns[1:]
    }
    per_municipality = [
        {"municipality": m.title, "views": total[f"k{m.pk}"]} for m in municipalities
    ]
    notes = [
        "Visningar av kommunens sida och dess artiklar. Inloggade redaktörer, förhandsvisningar "
        "och robotar räknas inte; inga kakor används och inga IP-adresser sparas."
    ]
    # Several municipalities: how they compare (bars) and the days' total (a line); one
    # municipality: its days only (a single bar would just repeat the period's total).
    lines = [("total", "Totalt")]
    if 1 < len(municipalities) <= MOST_LINES:
        lines += [(f"k{m.pk}", m.title) for m in municipalities]
    series = Series("Sidvisningar per dag", "day", lines, "visningar")
    chart = (
        Chart("Sidvisningar per kommun", "municipality", "views", "visningar")
        if len(municipalities) > 1
        else None
    )
    return Table(columns, rows, chart, notes, total, chart_rows=per_municipality, series=series)


def views_by_article(period: Period, municipalities) -> Table:
    views = dict(
        _views(period, municipalities)
        .values("page")
        .annotate(views=Sum("views"))
        .values_list("page", "views")
    )
    feedback = {
        row["article"]: row
        for row in ArticleFeedback.objects.filter(day__gte=period.start, day__lte=period.end)
        .values("article")
        .annotate(yes=Count("pk", filter=Q(useful=True)), no=Count("pk", filter=Q(useful=False)))
    }
    # Plain values, not page objects: with 10,000 articles building pages took most of the time.
    articles = (
        ArticlePage.objects.live()
        .filter(municipality__in=municipalities)
        .order_by()
        .values_list("pk", "title", "municipality__title")
    )
    no_feedback = {"yes": 0, "no": 0}
    rows = [
        {
            "article": title,
            "municipality": municipality or "",
            "views": views.get(pk, 0),
            "useful_yes": feedback.get(pk, no_feedback)["yes"],
            "useful_no": feedback.get(pk, no_feedback)["no"],
        }
        for pk, title, municipality in articles
    ]
    rows.sort(key=lambda row: (-row["views"], row["article"]))
    columns = [
        ("article", "Artikel"),
        ("municipality", "Kommun"),
        ("views", "Visningar"),
        ("useful_yes", "Användbar: ja"),
        ("useful_no", "Användbar: nej"),
    ]
    chart = Chart("Mest lästa artiklar", "article", "views", "visningar")
    return Table(columns, rows, chart, chart_rows=rows[:10])


def views_by_article_and_day(period: Period, municipalities) -> Table:
    """One row per article and day with views (long format: what a spreadsheet pivots)."""
    rows = [
        {"day": day, "article": title, "municipality": municipality, "views": views}
        for day, title, municipality, views in _views(period, municipalities)
        .filter(page__in=ArticlePage.objects.all())
        .order_by("-day", "-views", "page__title")
        .values_list("day", "page__title", "municipality__title", "views")
    ]
    columns = [
        ("day", "Dag"),
        ("article", "Artikel"),
        ("municipality", "Kommun"),
        ("views", "Visningar"),
    ]
    return Table(columns, rows, notes=["Dagar utan visningar av en artikel visas inte."])
