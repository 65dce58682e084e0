"""Statistik in the admin: who sees which figures, exports, the period filter and the dashboard."""

import csv
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from blog.factories import ArticlePageFactory
from insights.admin_views import REPORTS
from insights.models import PageViewDay
from tests.editorial import build_editorial_site
from tests.factories import publish

SLUGS = [report.slug for report in REPORTS]
PERIOD = {"fran": "2026-09-01", "till": "2026-09-30"}


@pytest.fixture
def site(db):
    site = build_editorial_site()
    for municipality, views in [(site.helsingborg, 7), (site.bjuv, 4)]:
        PageViewDay.objects.create(
            day="2026-09-02", page=municipality, municipality=municipality, views=views
        )
    return site


def assert_refused(client, url):
    """Wagtail's admin answers a refusal by sending the user to the dashboard with a message."""
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    followed = client.get(response["Location"]).content.decode()
    assert "du saknar rättigheter att tillträda detta område" in followed


def report_url(slug, **params):
    from urllib.parse import urlencode

    return reverse("insights_admin:report", args=[slug]) + (
        "?" + urlencode(params) if params else ""
    )


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("role", ["chief", "editor", "contact"])
def test_roles_with_statistics_see_every_report(client, site, slug, role):
    client.force_login(site.user(role))
    response = client.get(report_url(slug, **PERIOD))
    assert response.status_code == 200
    assert 'class="listing insights-table"' in response.content.decode()


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("export", [None, "csv", "xlsx"])
def test_contact_person_is_refused_another_municipality_even_by_url(client, site, slug, export):
    client.force_login(site.contact)  # Kontaktperson – Helsingborg
    params = dict(PERIOD, kommun=site.bjuv.pk)
    if export:
        params["export"] = export
    assert_refused(client, report_url(slug, **params))


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("role", ["contributor", "bjuv_contributor"])
def test_writers_see_no_statistics(client, site, slug, role):
    client.force_login(site.user(role))
    assert_refused(client, report_url(slug))
    assert_refused(client, report_url(slug, export="csv"))
    assert_refused(client, reverse("insights_admin:index"))


def test_anonymous_visitors_are_sent_to_the_login(client, site):
    response = client.get(report_url("publicerat"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_contact_person_sees_only_their_municipality(client, site):
    client.force_login(site.contact)
    html = client.get(report_url("lasning-per-dag", **PERIOD)).content.decode()
    assert "Helsingborg" in html
    assert "Bjuv" not in html
    assert "Alla kommuner" not in html


def test_editors_may_narrow_to_one_municipality(client, site):
    client.force_login(site.editor)
    response = client.get(report_url("lasning-per-dag", kommun=site.bjuv.pk, **PERIOD))
    rows = list(csv.reader(io.StringIO(_csv(client, "lasning-per-dag", kommun=site.bjuv.pk))))
    assert response.status_code == 200
    assert rows[0] == ["Dag", "Bjuv", "Totalt"]


def _csv(client, slug, **params):
    response = client.get(report_url(slug, export="csv", **PERIOD, **params))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return b"".join(response.streaming_content).decode()


def test_csv_export_has_the_same_figures(client, site):
    client.force_login(site.chief)
    rows = list(csv.reader(io.StringIO(_csv(client, "lasning-per-dag"))))
    assert rows[0] == ["Dag", "Bjuv", "Helsingborg", "Totalt"]
    assert rows[1:4] == [
        ["2026-09-01", "0", "0", "0"],
        ["2026-09-02", "4", "7", "11"],
        ["2026-09-03", "0", "0", "0"],
    ]
    assert len(rows) == 1 + 30


def test_xlsx_export_opens_with_the_same_figures(client, site):
    client.force_login(site.chief)
    response = client.get(report_url("lasning-per-dag", export="xlsx", **PERIOD))
    assert response.status_code == 200
    assert (
        "pedagogsajten-lasning-per-dag-2026-09-01-2026-09-30.xlsx"
        in response["Content-Disposition"]
    )
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    assert [cell.value for cell in sheet[1]] == ["Dag", "Bjuv", "Helsingborg", "Totalt"]
    assert [cell.value for cell in sheet[3]][1:] == [4, 7, 11]


def test_bad_periods_get_swedish_messages_and_no_figures(client, site):
    client.force_login(site.chief)
    html = client.get(report_url("publicerat", fran="2026-13-40")).content.decode()
    assert "Ange ett datum som ÅÅÅÅ-MM-DD." in html
    html = client.get(
        report_url("publicerat", fran="2026-10-01", till="2026-09-01")
    ).content.decode()
    assert "Startdatum måste vara samma dag som eller före slutdatum." in html
    assert 'class="listing insights-table"' not in html
    assert client.get(report_url("publicerat", fran="x", export="csv")).status_code == 400


def test_unknown_report_is_not_found(client, site):
    client.force_login(site.chief)
    assert client.get(report_url("finns-inte")).status_code == 404


def test_report_shows_an_accessible_chart_and_the_same_numbers_in_a_table(client, site):
    client.force_login(site.chief)
    html = client.get(report_url("lasning-per-dag", **PERIOD)).content.decode()
    assert '<svg role="img" aria-labelledby="diagram-titel diagram-beskrivning"' in html
    assert (
        '<desc id="diagram-beskrivning">Bjuv: 4 visningar; Helsingborg: 7 visningar</desc>' in html
    )
    assert "<caption" in html


def test_views_per_day_are_drawn_as_a_series_of_days(client, site):
    PageViewDay.objects.create(
        day="2026-09-04", page=site.helsingborg, municipality=site.helsingborg, views=12
    )
    client.force_login(site.contact)  # Helsingborg's contact person: one municipality
    html = client.get(
        report_url("lasning-per-dag", fran="2026-09-01", till="2026-09-05")
    ).content.decode()
    chart = html[html.index('aria-labelledby="serie-titel serie-beskrivning"') :]
    chart = chart[: chart.index("</svg>")]
    (points,) = re.findall(r'<polyline points="([^"]+)"', chart)
    heights = [float(point.split(",")[1]) for point in points.split()]
    assert len(heights) == 5, "one point per day of the period"
    # Higher on the screen is a smaller y: the 4th is the busiest day, the 2nd the next.
    assert heights[3] < heights[1] < heights[0] == heights[2] == heights[4]
    assert "Totalt från 1/9 till 5/9: 19 visningar, flest 12 den 4/9, minst 0." in chart
    # No bar chart of a single municipality's total beside it.
    assert 'aria-labelledby="diagram-titel diagram-beskrivning"' not in html


def test_menu_shows_statistics_to_those_who_may_see_it(client, site):
    client.force_login(site.contact)
    assert (
        reverse("insights_admin:index") in client.get(reverse("wagtailadmin_home")).content.decode()
    )
    client.force_login(site.contributor)
    assert (
        reverse("insights_admin:index")
        not in client.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_dashboard_shows_each_role_its_figures(client, site):
    article = site.article(site.helsingborg, site.contributor, title="Väntar på granskning")
    article.get_workflow().start(article, site.contributor)
    publish(ArticlePageFactory(parent=site.helsingborg, title="Publicerad nyss", live=False))

    client.force_login(site.editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 artikel väntar på din granskning." in html
    assert "Bjuv: 0 publicerade artiklar senaste 90 dagarna." in html

    client.force_login(site.chief)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "0 artiklar väntar på ditt godkännande." in html

    client.force_login(site.contact)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Helsingborg: 1 publicerad artikel senaste 90 dagarna." in html
    assert "1 artikel i granskning." in html
    assert "Bjuv" not in html

    client.force_login(site.contributor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 av dina artiklar väntar på granskning." in html


def test_municipalities_are_listed_in_swedish_order(client, db):
    from home.factories import home_page
    from insights.access import visible_municipalities
    from municipalities.factories import MunicipalityPageFactory
    from municipalities.roles import CHIEF_EDITOR, ensure_all_roles
    from tests.editorial import make_user

    for title in ["Örkelljunga", "Ängelholm", "Åstorp", "Bjuv", "Svalöv"]:
        MunicipalityPageFactory(parent=home_page(), title=title)
    ensure_all_roles()
    chief = make_user("karin", CHIEF_EDITOR)
    assert [m.title for m in visible_municipalities(chief)] == [
        "Bjuv",
        "Svalöv",
        "Åstorp",
        "Ängelholm",
        "Örkelljunga",
    ]


def test_chief_editor_can_redact_or_delete_a_comment_but_not_add_answers(client, site):
    from insights.models import ArticleFeedback

    article = site.article(site.helsingborg, site.contributor, live=True, title="Med kommentar")
    feedback = ArticleFeedback.objects.create(
        article=article, day="2026-09-02", useful=True, comment="Tack Eva Svensson på Fria skolan!"
    )
    client.force_login(site.chief)
    listing = client.get(reverse("article_feedback:index"))
    assert listing.status_code == 200
    assert "Tack Eva Svensson" in listing.content.decode()
    edit = client.post(
        reverse("article_feedback:edit", args=[feedback.pk]), {"comment": "Tack [namn borttaget]!"}
    )
    assert edit.status_code == 302
    feedback.refresh_from_db()
    assert feedback.comment == "Tack [namn borttaget]!"
    assert client.get(reverse("article_feedback:add")).status_code == 302  # refused
    client.post(reverse("article_feedback:delete", args=[feedback.pk]))
    assert not ArticleFeedback.objects.exists()


@pytest.mark.parametrize("role", ["editor", "contact", "contributor"])
def test_only_the_chief_editor_manages_answers(client, site, role):
    client.force_login(site.user(role))
    assert_refused(client, reverse("article_feedback:index"))


def test_exported_comments_cannot_run_as_spreadsheet_formulas(client, site):
    from insights.models import ArticleFeedback

    article = site.article(site.helsingborg, site.contributor, live=True, title="Formeltest")
    ArticleFeedback.objects.create(
        article=article, day="2026-09-02", useful=False, comment='=HYPERLINK("x","klicka")'
    )
    client.force_login(site.chief)
    rows = list(csv.reader(io.StringIO(_csv(client, "kommentarer"))))
    assert rows[1][-1] == '\'=HYPERLINK("x","klicka")'
    response = client.get(report_url("kommentarer", export="xlsx", **PERIOD))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet["E2"].data_type == "s"


def test_long_tables_are_cut_on_the_page_but_whole_in_the_export(client, site, monkeypatch):
    monkeypatch.setattr("insights.admin_views.ROWS_SHOWN", 10)
    client.force_login(site.chief)
    html = client.get(report_url("lasning-per-dag", **PERIOD)).content.decode()
    assert "Tabellen visar de första 10 raderna; 20 till finns i CSV- och Excel-filen." in html
    assert len(list(csv.reader(io.StringIO(_csv(client, "lasning-per-dag"))))) == 1 + 30
