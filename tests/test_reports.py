"""Known data in, exact figures out, for every report (empty months and municipalities included)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from wagtail.models import Page, TaskState, WorkflowState

from blog.factories import ArticlePageFactory, AuthorFactory, ThemeFactory
from insights import reports
from insights.models import ArticleFeedback, PageViewDay
from insights.reports import Period
from municipalities.factories import MunicipalityPageFactory
from municipalities.workflow import CHIEF_EDITOR_TASK, EDITOR_TASK
from search.models import SearchQueryDay
from tests.editorial import build_editorial_site

STOCKHOLM = ZoneInfo("Europe/Stockholm")
AUTUMN = Period(datetime.date(2026, 8, 1), datetime.date(2026, 10, 31))


def at(year, month, day, hour=10, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def first_published(page, moment):
    Page.objects.filter(pk=page.pk).update(first_published_at=moment, last_published_at=moment)
    return page


@pytest.fixture
def site(db):
    site = build_editorial_site()
    site.perstorp = MunicipalityPageFactory(parent=site.home, title="Perstorp", slug="perstorp")
    return site


@pytest.fixture
def scope(site):
    return [site.bjuv, site.helsingborg, site.perstorp]  # the order reports list them in


@pytest.fixture
def published(site):
    """Articles first published at known moments, with known bylines."""
    anna, bo = site.author, AuthorFactory(name="Bo Ek", municipality=site.helsingborg)
    cecilia = AuthorFactory(name="Cecilia Ås", municipality=site.bjuv)
    outdoor = ThemeFactory(slug="testtema-ute", name="Testtema ute")
    articles = {
        # Before the period: Anna's first article, and Perstorp's only one.
        "spring": (site.helsingborg, [anna], at(2026, 5, 4), []),
        "perstorp_july": (site.perstorp, [AuthorFactory(name="Per Olsson")], at(2026, 7, 20), []),
        "august": (site.helsingborg, [anna], at(2026, 8, 15), [outdoor]),
        # 23:30 on 31 August in Sweden is still August (21:30 UTC).
        "august_late": (site.helsingborg, [anna, bo], at(2026, 8, 31, 23, 30), []),
        "bjuv_september": (site.bjuv, [cecilia], at(2026, 9, 10), [outdoor]),
        # 00:10 on 1 October in Sweden is October, although it is 30 September in UTC.
        "october": (site.helsingborg, [bo], at(2026, 10, 1, 0, 10), []),
    }
    created = {}
    for key, (municipality, authors, moment, themes) in articles.items():
        page = ArticlePageFactory(
            parent=municipality,
            title=key.replace("_", " ").capitalize(),
            authors=authors,
            themes=themes,
        )
        created[key] = first_published(page, moment)
    return created


def test_output_by_month_lists_every_municipality_and_month(published, scope):
    table = reports.output_by_month(AUTUMN, scope)
    assert [label for _, label in table.columns] == [
        "Kommun",
        "aug 2026",
        "sep 2026",
        "okt 2026",
        "Totalt",
    ]
    assert [list(row.values()) for row in table.rows] == [
        ["Bjuv", 0, 1, 0, 1],
        ["Helsingborg", 2, 0, 1, 3],
        ["Perstorp", 0, 0, 0, 0],
    ]
    assert table.notes == ["Inget publicerat under perioden: Perstorp."]
    assert list(table.total.values()) == ["Alla", 2, 1, 1, 4]


def test_output_for_one_municipality_only(published, site):
    table = reports.output_by_month(AUTUMN, [site.bjuv])
    assert [list(row.values()) for row in table.rows] == [["Bjuv", 0, 1, 0, 1]]


def test_output_by_classification_includes_terms_without_articles(published, scope):
    rows = reports.output_by_classification(AUTUMN, scope).rows
    by_term = {(row["dimension"], row["term"]): row["articles"] for row in rows}
    assert by_term[("Tema", "Testtema ute")] == 2
    assert by_term[("Skolform", "Grundskola 4–6")] == 4  # the factories' default school form
    assert by_term[("Innehållstyp", "Pedagogiskt exempel")] == 4
    zero_terms = [term for (dimension, term), count in by_term.items() if dimension == "Ämne"]
    assert zero_terms, "subjects are listed although no article has one"
    assert all(by_term[("Ämne", term)] == 0 for term in zero_terms)


def test_contributors_active_and_first_time(published, scope):
    table = reports.contributors(AUTUMN, scope)
    assert table.rows == [
        {"municipality": "Bjuv", "active": 1, "first_time": 1, "first_time_names": "Cecilia Ås"},
        {"municipality": "Helsingborg", "active": 2, "first_time": 1, "first_time_names": "Bo Ek"},
        {"municipality": "Perstorp", "active": 0, "first_time": 0, "first_time_names": ""},
    ]
    assert table.notes == ["Ingen aktiv skribent under perioden: Perstorp."]


# Workflow -----------------------------------------------------------------------------------------


def _task_state(workflow_state, task_name):
    return (
        TaskState.objects.filter(workflow_state=workflow_state, task__name=task_name)
        .order_by("-pk")
        .first()
    )


def _act(workflow_state, user, action, moment, started):
    workflow_state.refresh_from_db()
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, user, action)
    TaskState.objects.filter(pk=task_state.pk).update(started_at=started, finished_at=moment)


def _set_started(workflow_state, task_name, moment):
    TaskState.objects.filter(pk=_task_state(workflow_state, task_name).pk).update(started_at=moment)


@pytest.fixture
def workflows(site):
    """W1 and W2 published (W2 sent back once), W3 waiting for review, W4 waiting for the chief."""

    def submit(municipality, title, moment):
        article = site.article(municipality, site.contributor, title=title)
        workflow_state = article.get_workflow().start(article, site.contributor)
        WorkflowState.objects.filter(pk=workflow_state.pk).update(created_at=moment)
        _set_started(workflow_state, EDITOR_TASK, moment)
        return workflow_state

    w1 = submit(site.helsingborg, "W1", at(2026, 9, 1))
    _act(w1, site.editor, "approve", at(2026, 9, 3), at(2026, 9, 1))
    _act(w1, site.chief, "approve", at(2026, 9, 4), at(2026, 9, 3))

    w2 = submit(site.helsingborg, "W2", at(2026, 9, 10))
    _act(w2, site.editor, "reject", at(2026, 9, 11), at(2026, 9, 10))
    w2.refresh_from_db()
    w2.resume(site.contributor)
    _act(w2, site.editor, "approve", at(2026, 9, 16), at(2026, 9, 12))
    _act(w2, site.chief, "approve", at(2026, 9, 22), at(2026, 9, 16))

    submit(site.bjuv, "W3", at(2026, 10, 25, 12))

    w4 = submit(site.helsingborg, "W4", at(2026, 10, 30, 12))
    _act(w4, site.editor, "approve", at(2026, 10, 31, 12), at(2026, 10, 30, 12))
    _set_started(w4, CHIEF_EDITOR_TASK, at(2026, 10, 31, 12))
    return {"w1": w1, "w2": w2}


NOW = at(2026, 11, 1, 12)


def test_workflow_waiting_times_percentiles_and_sent_back_rate(workflows, scope):
    table = reports.workflow(AUTUMN, scope, now=NOW)
    assert table.rows == [
        {
            "step": EDITOR_TASK,
            "waiting": 1,
            "longest_wait_days": 7.0,
            "median_days": 2.0,  # approvals after 2, 4 and 1 days
            "p90_days": 4.0,
            "approved": 3,
            "sent_back": 1,
            "sent_back_percent": 25.0,
        },
        {
            "step": CHIEF_EDITOR_TASK,
            "waiting": 1,
            "longest_wait_days": 1.0,
            "median_days": 3.5,  # approvals after 1 and 6 days
            "p90_days": 6.0,
            "approved": 2,
            "sent_back": 0,
            "sent_back_percent": 0.0,
        },
        {
            "step": "Hela flödet: inskick till publicering",
            "waiting": 2,
            "longest_wait_days": 7.0,
            "median_days": 7.5,  # W1 took 3 days, W2 12 days
            "p90_days": 12.0,
            "approved": 2,
            "sent_back": 1,
            "sent_back_percent": 50.0,
        },
    ]


def test_workflow_for_one_municipality_and_an_empty_period(workflows, site):
    bjuv = reports.workflow(AUTUMN, [site.bjuv], now=NOW).rows
    assert [(row["waiting"], row["approved"], row["median_days"]) for row in bjuv] == [
        (1, 0, None),
        (0, 0, None),
        (1, 0, None),
    ]
    summer = Period(datetime.date(2026, 6, 1), datetime.date(2026, 6, 30))
    rows = reports.workflow(summer, [site.helsingborg], now=NOW).rows
    assert [(row["approved"], row["sent_back_percent"]) for row in rows] == [(0, None)] * 3


def test_waiting_for_task_counts_what_each_role_acts_on(workflows, site):
    assert reports.waiting_for_task(EDITOR_TASK) == 1
    assert reports.waiting_for_task(CHIEF_EDITOR_TASK) == 1
    assert reports.waiting_for_task(CHIEF_EDITOR_TASK, [site.bjuv]) == 0


# Readership, search and feedback ------------------------------------------------------------------

SEPTEMBER_START = Period(datetime.date(2026, 9, 1), datetime.date(2026, 9, 3))


@pytest.fixture
def readership(published, site):
    helsingborg_article, bjuv_article = published["august"], published["bjuv_september"]
    for day, page, municipality, views in [
        (datetime.date(2026, 9, 1), helsingborg_article, site.helsingborg, 5),
        (datetime.date(2026, 9, 2), helsingborg_article, site.helsingborg, 3),
        (datetime.date(2026, 9, 1), site.helsingborg, site.helsingborg, 2),
        (datetime.date(2026, 9, 2), bjuv_article, site.bjuv, 4),
        (datetime.date(2026, 8, 31), helsingborg_article, site.helsingborg, 100),  # outside
    ]:
        PageViewDay.objects.create(day=day, page=page, municipality=municipality, views=views)
    for day, article, useful, comment in [
        (datetime.date(2026, 9, 1), helsingborg_article, True, "Bra upplägg"),
        (datetime.date(2026, 9, 2), helsingborg_article, True, ""),
        (datetime.date(2026, 9, 2), helsingborg_article, False, "För lång"),
        (datetime.date(2026, 9, 2), bjuv_article, False, ""),
        (datetime.date(2026, 8, 1), bjuv_article, True, "Utanför perioden"),
    ]:
        ArticleFeedback.objects.create(day=day, article=article, useful=useful, comment=comment)
    return published


def test_views_per_municipality_and_day_include_days_without_views(readership, site, scope):
    table = reports.views_by_day(SEPTEMBER_START, scope)
    columns = [key for key, _ in table.columns]
    assert [[row[key] for key in columns] for row in table.rows] == [
        [datetime.date(2026, 9, 1), 0, 7, 0, 7],
        [datetime.date(2026, 9, 2), 4, 3, 0, 7],
        [datetime.date(2026, 9, 3), 0, 0, 0, 0],
    ]
    assert [table.total[key] for key in columns] == ["Hela perioden", 4, 10, 0, 14]
    assert table.chart_rows == [
        {"municipality": "Bjuv", "views": 4},
        {"municipality": "Helsingborg", "views": 10},
        {"municipality": "Perstorp", "views": 0},
    ]


def test_views_per_article_with_feedback(readership, scope):
    rows = reports.views_by_article(SEPTEMBER_START, scope).rows
    assert rows[:2] == [
        {
            "article": "August",
            "municipality": "Helsingborg",
            "views": 8,
            "useful_yes": 2,
            "useful_no": 1,
        },
        {
            "article": "Bjuv september",
            "municipality": "Bjuv",
            "views": 4,
            "useful_yes": 0,
            "useful_no": 1,
        },
    ]
    assert {row["views"] for row in rows[2:]} == {0}
    assert len(rows) == 6, "every live article in scope, read or not"


def test_views_per_article_and_day(readership, scope, site):
    rows = reports.views_by_article_and_day(SEPTEMBER_START, scope).rows
    assert rows == [
        {
            "day": datetime.date(2026, 9, 2),
            "article": "Bjuv september",
            "municipality": "Bjuv",
            "views": 4,
        },
        {
            "day": datetime.date(2026, 9, 2),
            "article": "August",
            "municipality": "Helsingborg",
            "views": 3,
        },
        {
            "day": datetime.date(2026, 9, 1),
            "article": "August",
            "municipality": "Helsingborg",
            "views": 5,
        },
    ]
    assert reports.views_by_article_and_day(SEPTEMBER_START, [site.perstorp]).rows == []


def test_feedback_per_article_and_comments(readership, scope, site):
    table = reports.feedback_by_article(SEPTEMBER_START, scope)
    assert table.rows == [
        {
            "article": "August",
            "municipality": "Helsingborg",
            "yes": 2,
            "no": 1,
            "useful_percent": 67,
            "comments": 2,
        },
        {
            "article": "Bjuv september",
            "municipality": "Bjuv",
            "yes": 0,
            "no": 1,
            "useful_percent": 0,
            "comments": 0,
        },
    ]
    assert table.total == {
        "article": "Alla artiklar",
        "municipality": "",
        "yes": 2,
        "no": 2,
        "useful_percent": 50,
        "comments": 2,
    }
    comments = reports.feedback_comments(SEPTEMBER_START, [site.helsingborg]).rows
    assert [(row["day"], row["useful"], row["comment"]) for row in comments] == [
        (datetime.date(2026, 9, 2), "Nej", "För lång"),
        (datetime.date(2026, 9, 1), "Ja", "Bra upplägg"),
    ]
    assert reports.feedback_comments(SEPTEMBER_START, [site.bjuv]).rows == []


@pytest.fixture
def searches(db):
    for day, query, count, hits in [
        (datetime.date(2026, 9, 1), "bråk", 3, 5),
        (datetime.date(2026, 9, 2), "bråk", 2, 0),  # the latest search of the week found nothing
        (datetime.date(2026, 9, 1), "källkritik", 4, 2),
        (datetime.date(2026, 9, 8), "nyanlända", 1, 0),
        (datetime.date(2026, 8, 20), "utanför", 9, 0),
    ]:
        SearchQueryDay.objects.create(day=day, query=query, searches=count, hits=hits)


SEPTEMBER = Period(datetime.date(2026, 9, 1), datetime.date(2026, 9, 30))


def test_top_queries_per_week(searches):
    assert reports.searches_by_week(SEPTEMBER).rows == [
        {"week": "2026 v. 37", "query": "nyanlända", "searches": 1, "hits": 0},
        {"week": "2026 v. 36", "query": "bråk", "searches": 5, "hits": 0},
        {"week": "2026 v. 36", "query": "källkritik", "searches": 4, "hits": 2},
    ]


def test_zero_hit_queries_per_week(searches):
    assert reports.searches_by_week(SEPTEMBER, zero_hits_only=True).rows == [
        {"week": "2026 v. 37", "query": "nyanlända", "searches": 1, "hits": 0},
        {"week": "2026 v. 36", "query": "bråk", "searches": 5, "hits": 0},
    ]


def test_percentiles_are_nearest_rank():
    assert reports.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == 9
    assert reports.percentile([5], 0.9) == 5
    assert reports.percentile([], 0.9) is None
    assert reports.median([1, 4]) == 2.5
