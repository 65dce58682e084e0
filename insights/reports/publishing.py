"""What was published: articles per municipality and month, per classification, and who wrote
them."""

from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from blog.models import ArticleAuthor, ArticlePage, ArticleType, SchoolForm, Subject, Theme

from .base import Chart, Period, Table, month_label


def _published_in(period: Period, prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}first_published_at__gte": period.start_moment,
            f"{prefix}first_published_at__lt": period.end_moment,
        }
    )


# Output -------------------------------------------------------------------------------------------


def output_by_month(period: Period, municipalities) -> Table:
    counts = (
        ArticlePage.objects.filter(_published_in(period), municipality__in=municipalities)
        .annotate(month=TruncMonth("first_published_at", tzinfo=ZoneInfo(settings.TIME_ZONE)))
        .order_by()  # a page's default ordering (path) would split the groups
        .values("municipality", "month")
        .annotate(articles=Count("pk"))
    )
    by_cell = {(row["municipality"], row["month"].date()): row["articles"] for row in counts}
    months = period.months()
    columns = [("municipality", "Kommun")] + [
        (f"m{month:%Y%m}", month_label(month)) for month in months
    ]
    columns.append(("total", "Totalt"))
    rows = []
    for municipality in municipalities:
        row = {"municipality": municipality.title}
        for month in months:
            row[f"m{month:%Y%m}"] = by_cell.get((municipality.pk, month), 0)
        row["total"] = sum(row[f"m{month:%Y%m}"] for month in months)
        rows.append(row)
    silent = [row["municipality"] for row in rows if row["total"] == 0]
    notes = [
        "Inget publicerat under perioden: " + ", ".join(silent) + "."
        if silent
        else "Alla kommuner har publicerat under perioden."
    ]
    total = {"municipality": "Alla"} | {
        key: sum(row[key] for row in rows) for key, _ in columns[1:]
    }
    chart = Chart("Publicerade artiklar per kommun", "municipality", "total", "artiklar")
    return Table(columns, rows, chart, notes, total)


CLASSIFICATIONS = [
    ("Skolform", SchoolForm, "articles"),
    ("Ämne", Subject, "articles"),
    ("Tema", Theme, "articles"),
    ("Innehållstyp", ArticleType, "articles"),
]


def output_by_classification(period: Period, municipalities) -> Table:
    rows = []
    for dimension, model, relation in CLASSIFICATIONS:
        published = _published_in(period, f"{relation}__") & Q(
            **{f"{relation}__municipality__in": municipalities}
        )
        terms = model.objects.annotate(
            published=Count(relation, filter=published, distinct=True)
        ).order_by("sort_order", "name")
        rows += [
            {"dimension": dimension, "term": term.name, "articles": term.published}
            for term in terms
        ]
    columns = [("dimension", "Indelning"), ("term", "Värde"), ("articles", "Publicerade artiklar")]
    return Table(columns, rows, Chart("Publicerade artiklar per värde", "term", "articles"))


# Contributors -------------------------------------------------------------------------------------


def contributors(period: Period, municipalities) -> Table:
    """Active: wrote (as a byline author) an article first published in the period. First-time:
    their first article ever was published in the period (counted in that article's section)."""
    links = (
        ArticleAuthor.objects.filter(page__first_published_at__isnull=False)
        .values_list(
            "author_id", "author__name", "page__municipality_id", "page__first_published_at"
        )
        .order_by("page__first_published_at", "page_id")
    )
    first_article = {}
    active = defaultdict(set)
    names = {}
    for author_id, name, municipality_id, published_at in links:
        names[author_id] = name
        first_article.setdefault(author_id, (published_at, municipality_id))
        if period.start_moment <= published_at < period.end_moment:
            active[municipality_id].add(author_id)
    first_time = defaultdict(set)
    for author_id, (published_at, municipality_id) in first_article.items():
        if period.start_moment <= published_at < period.end_moment:
            first_time[municipality_id].add(author_id)
    rows = [
        {
            "municipality": municipality.title,
            "active": len(active[municipality.pk]),
            "first_time": len(first_time[municipality.pk]),
            "first_time_names": ", ".join(
                sorted(names[author] for author in first_time[municipality.pk])
            ),
        }
        for municipality in municipalities
    ]
    columns = [
        ("municipality", "Kommun"),
        ("active", "Aktiva skribenter"),
        ("first_time", "Nya skribenter"),
        ("first_time_names", "Nya skribenter (namn)"),
    ]
    silent = [row["municipality"] for row in rows if row["active"] == 0]
    notes = ["Ingen aktiv skribent under perioden: " + ", ".join(silent) + "."] if silent else []
    total_active = len(set().union(*active.values())) if active else 0
    total = {
        "municipality": "Alla",
        "active": sum(row["active"] for row in rows),
        "first_time": sum(row["first_time"] for row in rows),
        "first_time_names": "",
    }
    if total_active != total["active"]:
        notes.append(f"{total_active} olika skribenter (några skriver i flera kommuner).")
    return Table(
        columns, rows, Chart("Aktiva skribenter per kommun", "municipality", "active"), notes, total
    )
