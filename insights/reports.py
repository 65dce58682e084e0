"""The figures behind the admin reports: plain functions from a period and a set of municipalities
to a table (columns, rows, an optional chart), so that tests can put known data in and check
exact figures out, and the views stay thin.

"Published in the period" means first published (`first_published_at`) within it, in Swedish
time. Times in the workflow are in days; the 90th percentile is the nearest-rank one (the value
below which at least 90 % of the cases fall).
"""

import datetime
import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Q, Sum
from django.db.models.functions import Cast, TruncMonth
from django.utils import timezone
from wagtail.models import Page, TaskState, WorkflowTask

from blog.models import ArticleAuthor, ArticlePage, ArticleType, SchoolForm, Subject, Theme
from blog.workflow import WORKFLOW_NAME
from search.models import SearchQueryDay

from .models import ArticleFeedback, PageViewDay

MONTH_NAMES = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
TOP_QUERIES_PER_WEEK = 10


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
class Table:
    columns: list[tuple[str, str]]
    rows: list[dict]
    chart: Chart | None = None
    notes: list[str] = field(default_factory=list)
    # Rows summed up; shown last in the page, not in exports (which should stay plain data).
    total: dict | None = None
    # What the chart draws when it is not the rows themselves (a summary of a wide table).
    chart_rows: list[dict] | None = None


def percentile(values, fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def median(values) -> float | None:
    return statistics.median(values) if values else None


def _days(delta: datetime.timedelta) -> float:
    return delta.total_seconds() / 86400


def _rounded(value: float | None, digits: int = 1):
    return None if value is None else round(value, digits)


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


# Workflow -----------------------------------------------------------------------------------------


def _workflow_steps():
    steps = WorkflowTask.objects.filter(workflow__name=WORKFLOW_NAME).order_by("sort_order")
    return [step.task for step in steps.select_related("task")]


def _article_task_states(municipalities):
    # Workflow states name their page by a text id; a subquery keeps the id list in the database.
    article_ids = (
        ArticlePage.objects.filter(municipality__in=municipalities)
        .annotate(text_id=Cast("pk", CharField()))
        .values("text_id")
    )
    return TaskState.objects.filter(
        workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
        workflow_state__object_id__in=article_ids,
    )


def workflow(period: Period, municipalities, now: datetime.datetime | None = None) -> Table:
    now = now or timezone.now()
    states = _article_task_states(municipalities)
    waiting = _waiting(states)
    decided = states.filter(
        finished_at__gte=period.start_moment,
        finished_at__lt=period.end_moment,
        status__in=[TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED],
    )
    rows = []
    for task in _workflow_steps():
        waits = [
            _days(now - started)
            for started in waiting.filter(task=task).values_list("started_at", flat=True)
        ]
        durations, rejected = [], 0
        for status, started, finished in decided.filter(task=task).values_list(
            "status", "started_at", "finished_at"
        ):
            if status == TaskState.STATUS_REJECTED:
                rejected += 1
            else:
                durations.append(_days(finished - started))
        decisions = len(durations) + rejected
        rows.append(
            {
                "step": task.name,
                "waiting": len(waits),
                "longest_wait_days": _rounded(max(waits, default=None)),
                "median_days": _rounded(median(durations)),
                "p90_days": _rounded(percentile(durations, 0.9)),
                "approved": len(durations),
                "sent_back": rejected,
                "sent_back_percent": _rounded(100 * rejected / decisions) if decisions else None,
            }
        )
    rows.append(_whole_workflow_row(states, period, rows))
    columns = [
        ("step", "Steg"),
        ("waiting", "Väntar nu"),
        ("longest_wait_days", "Längst väntan (dagar)"),
        ("median_days", "Median (dagar)"),
        ("p90_days", "90:e percentil (dagar)"),
        ("approved", "Godkända"),
        ("sent_back", "Skickade tillbaka"),
        ("sent_back_percent", "Andel tillbaka (%)"),
    ]
    notes = [
        "Tider räknas för beslut som fattades under perioden: från att steget började till "
        "godkännandet. Sista raden: från inskick till publicering, för artiklar publicerade under "
        "perioden; där är andelen tillbaka de artiklar som skickades tillbaka minst en gång."
    ]
    return Table(columns, rows, Chart("Artiklar som väntar per steg", "step", "waiting"), notes)


def _whole_workflow_row(states, period: Period, step_rows) -> dict:
    """Submission to publication, for workflows whose last approval fell in the period; the
    sent-back figures count those workflows that were sent back at least once on the way."""
    finished, sent_back, created = defaultdict(list), set(), {}
    for workflow_state_id, workflow_created, status, finished_at in states.filter(
        workflow_state__status="approved"
    ).values_list("workflow_state_id", "workflow_state__created_at", "status", "finished_at"):
        created[workflow_state_id] = workflow_created
        if status == TaskState.STATUS_APPROVED and finished_at:
            finished[workflow_state_id].append(finished_at)
        elif status == TaskState.STATUS_REJECTED:
            sent_back.add(workflow_state_id)
    completed = {
        workflow_state_id: max(moments)
        for workflow_state_id, moments in finished.items()
        if period.start_moment <= max(moments) < period.end_moment
    }
    durations = [_days(end - created[pk]) for pk, end in completed.items()]
    returned = len(sent_back & completed.keys())
    waits = [row["longest_wait_days"] for row in step_rows if row["longest_wait_days"] is not None]
    return {
        "step": "Hela flödet: inskick till publicering",
        "waiting": sum(row["waiting"] for row in step_rows),
        "longest_wait_days": max(waits, default=None),
        "median_days": _rounded(median(durations)),
        "p90_days": _rounded(percentile(durations, 0.9)),
        "approved": len(completed),
        "sent_back": returned,
        "sent_back_percent": _rounded(100 * returned / len(completed)) if completed else None,
    }


def _waiting(task_states):
    """Task states someone must act on now (not those of workflows sent back to the writer)."""
    return task_states.filter(
        status=TaskState.STATUS_IN_PROGRESS, workflow_state__status="in_progress"
    )


def waiting_for_task(task_name: str, municipalities=None) -> int:
    states = (
        TaskState.objects.all() if municipalities is None else _article_task_states(municipalities)
    )
    return _waiting(states).filter(task__name=task_name).count()


# Readership ---------------------------------------------------------------------------------------


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
    chart = Chart("Sidvisningar per kommun", "municipality", "views", "visningar")
    return Table(columns, rows, chart, notes, total, chart_rows=per_municipality)


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


# Search -------------------------------------------------------------------------------------------


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


# Feedback -----------------------------------------------------------------------------------------


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
