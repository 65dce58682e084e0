"""Readers' answers to "Var det här användbart?" and their comments."""

from django.db.models import Count, Q

from ..models import ArticleFeedback
from .base import Chart, Period, Table


def _feedback(period: Period, municipalities):
    return ArticleFeedback.objects.filter(
        day__gte=period.start, day__lte=period.end, article__municipality__in=municipalities
    )


def feedback_by_article(period: Period, municipalities) -> Table:
    aggregated = (
        _feedback(period, municipalities)
        .values("article", "article__title", "article__municipality__title")
        .annotate(
            yes=Count("pk", filter=Q(useful=True)),
            no=Count("pk", filter=Q(useful=False)),
            comments=Count("pk", filter=~Q(comment="")),
        )
        .order_by("article__title")
    )
    rows = [
        {
            "article": row["article__title"],
            "municipality": row["article__municipality__title"],
            "yes": row["yes"],
            "no": row["no"],
            "useful_percent": round(100 * row["yes"] / (row["yes"] + row["no"])),
            "comments": row["comments"],
        }
        for row in aggregated
    ]
    yes, no = sum(row["yes"] for row in rows), sum(row["no"] for row in rows)
    total = {
        "article": "Alla artiklar",
        "municipality": "",
        "yes": yes,
        "no": no,
        "useful_percent": round(100 * yes / (yes + no)) if yes + no else None,
        "comments": sum(row["comments"] for row in rows),
    }
    columns = [
        ("article", "Artikel"),
        ("municipality", "Kommun"),
        ("yes", "Ja"),
        ("no", "Nej"),
        ("useful_percent", "Andel ja (%)"),
        ("comments", "Kommentarer"),
    ]
    return Table(columns, rows, Chart("Svar ”ja” per artikel", "article", "yes", "svar"), [], total)


def feedback_comments(period: Period, municipalities) -> Table:
    comments = (
        _feedback(period, municipalities)
        .exclude(comment="")
        .select_related("article__municipality")
        .order_by("-day", "-pk")
    )
    rows = [
        {
            "day": item.day,
            "article": item.article.title,
            "municipality": item.article.municipality.title if item.article.municipality else "",
            "useful": "Ja" if item.useful else "Nej",
            "comment": item.comment,
        }
        for item in comments
    ]
    columns = [
        ("day", "Dag"),
        ("article", "Artikel"),
        ("municipality", "Kommun"),
        ("useful", "Användbar"),
        ("comment", "Kommentar"),
    ]
    return Table(columns, rows)
