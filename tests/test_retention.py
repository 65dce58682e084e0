"""Retention (`manage.py apply_retention`): old comments are blanked, old search-log rows deleted,
old daily view counts folded into months with the same sums; recent data, the figures in
Statistik and a dry run are left alone; a second run finds nothing to do; the periods come from
settings and are the ones the Personuppgifter page states."""

import datetime
import logging
import re
import shlex
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from blog.factories import ArticlePageFactory
from core import retention
from core.management.commands.apply_retention import SCHEDULE_EXAMPLE, Command
from insights import reports
from insights.models import ArticleFeedback, PageViewDay
from municipalities.factories import MunicipalityPageFactory
from municipalities.setup import fixed_page, load_structure, publish_child
from pedagogsajten.settings import base as base_settings
from search.models import SearchQueryDay

DAY = datetime.timedelta(days=1)
DEFAULTS = base_settings.RETENTION_DEFAULT_DAYS


def today() -> datetime.date:
    return timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return today() - datetime.timedelta(days=days)


def month_before(day: datetime.date) -> datetime.date:
    """The 1st of the month before the one `day` is in."""
    return (day.replace(day=1) - DAY).replace(day=1)


def run(*arguments) -> str:
    output = StringIO()
    call_command("apply_retention", *arguments, stdout=output)
    return output.getvalue()


def snapshot() -> dict:
    """Everything the rules may touch, to compare before and after."""
    return {
        "feedback": sorted(ArticleFeedback.objects.values_list("pk", "day", "useful", "comment")),
        "searches": sorted(SearchQueryDay.objects.values_list("day", "query", "searches", "hits")),
        "views": sorted(PageViewDay.objects.values_list("day", "page", "municipality", "views")),
    }


@pytest.fixture(autouse=True)
def default_periods(settings):
    """The defaults, whatever the environment running the tests says."""
    for name, days in DEFAULTS.items():
        setattr(settings, name, days)


@pytest.fixture
def feedback(article):
    """Answers either side of the comment period (365 days by default)."""
    cutoff = days_ago(DEFAULTS["RETENTION_FEEDBACK_COMMENT_DAYS"])

    def answer(day, useful, comment=""):
        return ArticleFeedback.objects.create(
            article=article, day=day, useful=useful, comment=comment
        )

    return {
        "old": answer(cutoff - DAY, True, "Tack, Lisa Andersson i 3B gillade den!"),
        "old_silent": answer(cutoff - 30 * DAY, False),
        "last_kept": answer(cutoff, False, "För svår för min grupp."),
        "new": answer(today(), True, "Använde den i dag."),
    }


@pytest.fixture
def searches(db):
    """Search-log rows either side of the period (395 days by default)."""
    cutoff = days_ago(DEFAULTS["RETENTION_SEARCH_LOG_DAYS"])
    rows = {
        "old": SearchQueryDay.objects.create(day=cutoff - DAY, query="lisa andersson", searches=1),
        "older": SearchQueryDay.objects.create(
            day=cutoff - 200 * DAY, query="högläsning", searches=4, hits=12
        ),
        "last_kept": SearchQueryDay.objects.create(day=cutoff, query="bråk", searches=2, hits=3),
        "new": SearchQueryDay.objects.create(day=today(), query="bråk", searches=5, hits=3),
    }
    return rows


@pytest.fixture
def views(article, municipality):
    """Daily view counts in whole months before the period (760 days by default) and after."""
    cutoff = days_ago(DEFAULTS["RETENTION_PAGE_VIEW_DAYS"])
    boundary = cutoff.replace(day=1)  # months before this one are whole and old enough
    old_month = month_before(boundary)
    older_month = month_before(old_month)
    last_of_old_month = boundary - DAY
    elsewhere = MunicipalityPageFactory(parent=municipality.get_parent(), title="Bjuv", slug="bjuv")
    moved = ArticlePageFactory(parent=elsewhere, title="Flyttad artikel", slug="flyttad")

    def count(day, page, views, municipality_page=municipality):
        PageViewDay.objects.create(day=day, page=page, municipality=municipality_page, views=views)

    # Folded into one row on old_month: 5 + 3 + 2 + 1 views of the article ...
    count(old_month, article, 5)
    count(old_month + DAY, article, 3)
    count(old_month + 14 * DAY, article, 2)
    count(last_of_old_month, article, 1)
    # ... and 7 of the section page, which had no row on the 1st.
    count(old_month + 4 * DAY, municipality, 7)
    # Already a monthly row: nothing to do.
    count(older_month, article, 4)
    # Moved between two sections within the month: kept per day so neither section's figure moves.
    count(old_month + 2 * DAY, moved, 6, elsewhere)
    count(old_month + 3 * DAY, moved, 8, municipality)
    # The month the cutoff falls in is not whole yet, and today is recent.
    count(boundary + DAY, article, 10)
    count(today(), article, 9)
    return {
        "old_month": old_month,
        "older_month": older_month,
        "boundary": boundary,
        "elsewhere": elsewhere,
        "moved": moved,
        "scope": [municipality, elsewhere],
        "period": reports.Period(older_month - 40 * DAY, today()),
    }


def statistics_figures(views, article):
    """What Statistik shows for the whole time: per section, per article, the dashboard total."""
    period, scope = views["period"], views["scope"]
    by_day = reports.views_by_day(period, scope)
    by_article = reports.views_by_article(period, scope)
    return {
        "per_municipality": by_day.chart_rows,
        "total": by_day.total["total"],
        "per_article": sorted((row["article"], row["views"]) for row in by_article.rows),
        "per_month": {
            month: sum(row["total"] for row in by_day.rows if row["day"].replace(day=1) == month)
            for month in period.months()
        },
    }


def test_old_comments_are_blanked_and_the_answers_kept(feedback, article):
    before = reports.feedback_by_article(
        reports.Period(days_ago(800), today()), [article.municipality]
    ).total

    output = run()

    for answer in feedback.values():
        answer.refresh_from_db()
    assert feedback["old"].comment == ""
    assert feedback["old"].useful is True and feedback["old"].day == days_ago(366)
    assert feedback["last_kept"].comment == "För svår för min grupp."
    assert feedback["new"].comment == "Använde den i dag."
    after = reports.feedback_by_article(
        reports.Period(days_ago(800), today()), [article.municipality]
    ).total
    # The yes/no figures stay; only the blanked comment no longer counts as one.
    assert (after["yes"], after["no"], after["useful_percent"]) == (
        before["yes"],
        before["no"],
        before["useful_percent"],
    )
    assert after["comments"] == before["comments"] - 1
    cutoff = days_ago(365).isoformat()
    assert (
        f"Kommentarer i återkopplingen (äldre än 365 dagar): 1 kommentar från före {cutoff} "
        "tömdes; svaren ja/nej finns kvar." in output
    )


def test_old_search_log_rows_are_deleted(searches):
    output = run()

    assert set(SearchQueryDay.objects.values_list("pk", flat=True)) == {
        searches["last_kept"].pk,
        searches["new"].pk,
    }
    cutoff = days_ago(395).isoformat()
    assert (
        f"Söklogg (äldre än 395 dagar): 2 rader (sökning och antal per dag) från före {cutoff} "
        "raderades." in output
    )
    recent = reports.searches_by_week(reports.Period(days_ago(395), today()))
    assert sum(row["searches"] for row in recent.rows) == 7


def test_old_page_views_are_folded_into_months_with_the_same_figures(views, article, municipality):
    before = statistics_figures(views, article)

    output = run()

    old_month = views["old_month"]
    rows = PageViewDay.objects.filter(day__lt=views["boundary"])
    assert sorted(
        rows.exclude(page=views["moved"]).values_list("day", "page", "municipality", "views")
    ) == sorted(
        [
            (views["older_month"], article.pk, municipality.pk, 4),
            (old_month, article.pk, municipality.pk, 11),
            (old_month, municipality.pk, municipality.pk, 7),
        ]
    )
    # The article moved within the month keeps its days, each with its section.
    assert sorted(rows.filter(page=views["moved"]).values_list("day", "views")) == [
        (old_month + 2 * DAY, 6),
        (old_month + 3 * DAY, 8),
    ]
    # The unfinished month and today are untouched.
    assert PageViewDay.objects.filter(day__gte=views["boundary"]).count() == 2
    # Every sum Statistik shows over whole months is what it was.
    assert statistics_figures(views, article) == before
    assert before["total"] == 5 + 3 + 2 + 1 + 7 + 4 + 6 + 8 + 10 + 9
    assert (
        f"Sidvisningar per dag (äldre än 760 dagar): 4 dagrader från månader före "
        f"{views['boundary'].isoformat()} slogs ihop till 2 månadsrader" in output
    )


def test_a_dry_run_counts_and_changes_nothing(feedback, searches, views):
    before = snapshot()

    output = run("--dry-run")

    assert snapshot() == before
    assert "provkörning: ingenting ändras" in output
    assert "1 kommentar från före" in output and "skulle tömmas" in output
    assert "2 rader (sökning och antal per dag)" in output and "skulle raderas" in output
    assert "4 dagrader" in output and "skulle slås ihop till 2 månadsrader" in output
    # The real run does what the dry run announced.
    real = run()
    assert "1 kommentar från före" in real and "2 rader (sökning" in real and "4 dagrader" in real


def test_a_second_run_finds_nothing_to_do(feedback, searches, views):
    run()
    after_first = snapshot()

    output = run()

    assert snapshot() == after_first
    assert "0 kommentarer från före" in output
    assert "0 rader (sökning och antal per dag)" in output
    assert "0 dagrader" in output and "till 0 månadsrader" in output


def test_periods_come_from_settings(settings, feedback, searches, views, article):
    settings.RETENTION_FEEDBACK_COMMENT_DAYS = 0  # kept for good
    settings.RETENTION_SEARCH_LOG_DAYS = 1
    settings.RETENTION_PAGE_VIEW_DAYS = 0

    output = run()

    assert ArticleFeedback.objects.exclude(comment="").count() == 3
    assert "Kommentarer i återkopplingen: gallras inte (RETENTION_FEEDBACK_COMMENT_DAYS=0)." in (
        output
    )
    assert list(SearchQueryDay.objects.values_list("pk", flat=True)) == [searches["new"].pk]
    assert "Söklogg (äldre än 1 dag)" in output
    assert PageViewDay.objects.count() == 10
    assert "Sidvisningar per dag: gallras inte (RETENTION_PAGE_VIEW_DAYS=0)." in output

    settings.RETENTION_FEEDBACK_COMMENT_DAYS = 30
    run()
    assert list(ArticleFeedback.objects.exclude(comment="").values_list("pk", flat=True)) == [
        feedback["new"].pk
    ]


@pytest.mark.parametrize("bad", [-1, "365", None, 1.5, True])
def test_a_bad_period_stops_the_command_before_anything_changes(settings, feedback, bad):
    settings.RETENTION_SEARCH_LOG_DAYS = bad
    before = snapshot()

    with pytest.raises(CommandError, match="RETENTION_SEARCH_LOG_DAYS måste vara ett heltal"):
        run()

    assert snapshot() == before


@pytest.mark.parametrize(
    ("value", "days"), [("", 395), ("  ", 395), ("0", 0), ("30", 30), (" 400 ", 400)]
)
def test_the_environment_gives_the_period(monkeypatch, value, days):
    monkeypatch.setenv("RETENTION_SEARCH_LOG_DAYS", value)
    assert base_settings.retention_days("RETENTION_SEARCH_LOG_DAYS") == days


@pytest.mark.parametrize("value", ["-1", "ett år", "1.5", "12m", "²"])
def test_the_environment_cannot_give_a_bad_period(monkeypatch, value):
    monkeypatch.setenv("RETENTION_PAGE_VIEW_DAYS", value)
    with pytest.raises(ImproperlyConfigured, match="RETENTION_PAGE_VIEW_DAYS=.*ange ett antal"):
        base_settings.retention_days("RETENTION_PAGE_VIEW_DAYS")


def test_every_rule_runs_in_its_own_transaction(searches, feedback, caplog):
    def broken(cutoff, dry_run):
        SearchQueryDay.objects.all().delete()  # rolled back with the rule
        raise RuntimeError("disken är full")

    retention.register_rule("broken", "Trasig regel", "RETENTION_SEARCH_LOG_DAYS", broken)
    errors = StringIO()
    try:
        with (
            caplog.at_level(logging.INFO, logger="pedagogsajten.retention"),
            pytest.raises(CommandError, match="Gallringen misslyckades för: broken"),
        ):
            call_command("apply_retention", stdout=StringIO(), stderr=errors)
    finally:
        retention._rules.pop("broken")

    assert "Trasig regel: misslyckades, ingenting ändrades (disken är full)." in errors.getvalue()
    # The broken rule's change was rolled back; the rules before it were applied.
    assert SearchQueryDay.objects.count() == 2
    assert ArticleFeedback.objects.exclude(comment="").count() == 2
    summary = [record.getMessage() for record in caplog.records if record.levelname == "INFO"]
    assert summary == [
        "Retention: unconfirmed_subscribers=0, subscription_mail_log=0, feedback_comments=1, "
        "page_views=0, search_log=2, broken=failed"
    ]


def test_a_run_logs_one_summary_line(feedback, searches, views, caplog):
    with caplog.at_level(logging.INFO, logger="pedagogsajten.retention"):
        run("--dry-run")
        run()
    assert [record.getMessage() for record in caplog.records] == [
        "Retention (dry run): unconfirmed_subscribers=0, subscription_mail_log=0, "
        "feedback_comments=1, page_views=4, search_log=2",
        "Retention: unconfirmed_subscribers=0, subscription_mail_log=0, feedback_comments=1, "
        "page_views=4, search_log=2",
    ]


def test_the_schedule_example_runs_the_command_once_a_day(feedback):
    minute, hour, day, month, weekday, *command = SCHEDULE_EXAMPLE.split(" ", 5)
    assert 0 <= int(minute) < 60 and 0 <= int(hour) < 24
    assert (day, month, weekday) == ("*", "*", "*")  # every day
    arguments = shlex.split(command[0].split("manage.py", 1)[1])
    assert arguments == ["apply_retention"]

    output = StringIO()
    call_command(*arguments, stdout=output)

    assert "1 kommentar från före" in output.getvalue()
    assert SCHEDULE_EXAMPLE in Command.help  # `manage.py help apply_retention` shows it


def personuppgifter_text() -> str:
    page = next(page for page in load_structure()["pages"] if page["slug"] == "personuppgifter")
    html = " ".join(block.get("html", block.get("text", "")) for block in page["body"])
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_personuppgifter_page_states_the_default_periods():
    text = personuppgifter_text()
    # Each default, in days, as the setting gives it: change one and this fails until the page
    # says the same.
    for name, days in DEFAULTS.items():
        assert f"{days} dagar" in text, name
    assert "säkerhetskopior sparas i 30 dagar" in text
    assert "pedagogsajten@helsingborg.se" in text


def test_the_defaults_are_the_settings_when_the_environment_says_nothing(monkeypatch):
    for name in DEFAULTS:
        monkeypatch.delenv(name, raising=False)
        assert base_settings.retention_days(name) == DEFAULTS[name]
    assert set(DEFAULTS) == {rule.setting for rule in retention.rules()}
    assert all(hasattr(django_settings, name) for name in DEFAULTS)


def test_setup_site_publishes_the_retention_text(client, home):
    spec = next(page for page in load_structure()["pages"] if page["slug"] == "personuppgifter")
    page = publish_child(home, fixed_page(spec))

    response = client.get(page.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Så länge sparas uppgifterna" in html
    assert "töms efter 365 dagar" in html
    assert "säkerhetskopior sparas i 30 dagar" in html
    assert 'href="mailto:pedagogsajten@helsingborg.se"' in html
