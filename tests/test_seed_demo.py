"""`manage.py seed_demo` builds a realistic Swedish site and can run again without duplicating it."""

import csv
import datetime
import io
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Collection, Page, Workflow, WorkflowState

from blog.models import ArticlePage, Author, SchoolForm, Theme
from calendar_events.models import EventPage
from demo.content import ARTICLES, EVENTS
from home.models import StandardPage
from insights.models import ArticleFeedback, PageViewDay
from media_library.models import SiteImage, SiteMedia
from municipalities.models import MunicipalityPage
from search.models import SearchQueryDay
from tests.factories import ARTICLE_BLOCK_TYPES

MUNICIPALITIES = {
    "Helsingborg", "Bjuv", "Båstad", "Höganäs", "Klippan", "Landskrona",
    "Perstorp", "Svalöv", "Åstorp", "Ängelholm", "Örkelljunga",
}  # fmt: skip
FIXED_PAGES = {
    "Om Pedagogsajten", "Riktlinjer för skribenter", "Bidra med innehåll",
    "Tillgänglighetsredogörelse", "Personuppgifter",
}  # fmt: skip


def counts():
    return {
        "pages": Page.objects.count(),
        "images": SiteImage.objects.count(),
        "media": SiteMedia.objects.count(),
        "authors": Author.objects.count(),
        "collections": Collection.objects.count(),
        "page views": PageViewDay.objects.aggregate(total=Sum("views"))["total"],
        "feedback": ArticleFeedback.objects.count(),
        "searches": SearchQueryDay.objects.count(),
    }


@pytest.mark.django_db
def test_seed_demo_builds_the_site_and_is_idempotent(client, settings):
    settings.SHOW_DEMO_PASSWORDS = False
    first_output = StringIO()
    call_command("seed_demo", stdout=first_output)
    after_first = counts()

    assert {page.title for page in MunicipalityPage.objects.live()} == MUNICIPALITIES
    assert {page.title for page in StandardPage.objects.live()} == FIXED_PAGES
    # The 46 demo articles plus the one that went through the workflow to publication.
    articles = ArticlePage.objects.live()
    assert articles.count() == len(ARTICLES) + 1 >= 40
    # Spread over every municipality, many school forms and themes.
    assert articles.values("municipality").distinct().count() == 11
    assert SchoolForm.objects.filter(articles__isnull=False).distinct().count() >= 8
    assert Theme.objects.filter(articles__isnull=False).distinct().count() >= 12
    # Every block type appears somewhere, with generated audio and video.
    used = {block.block_type for article in articles for block in article.body}
    assert used == ARTICLE_BLOCK_TYPES
    assert SiteMedia.objects.filter(type="audio").exclude(transcript="").count() == 3
    assert SiteMedia.objects.filter(type="video").exclude(captions="").count() == 3
    assert all(article.hero_image_alt for article in articles)
    assert "Artiklar: 46 nya." in first_output.getvalue()
    assert "Artiklar i arbetsflödet: 5 nya." in first_output.getvalue()
    assert "lösenord" not in first_output.getvalue()  # test/production settings never print it
    # The calendar: upcoming and past events in several municipalities, published.
    events = EventPage.objects.live()
    assert events.count() == len(EVENTS) >= 8
    assert events.values("municipality").distinct().count() >= 5
    assert events.upcoming().count() >= 5 and events.past().count() >= 3
    assert f"Evenemang: {len(EVENTS)} nya." in first_output.getvalue()
    assert "Kommande evenemang i Bjuv" in client.get("/bjuv/").content.decode()

    settings.SHOW_DEMO_PASSWORDS = True  # as in dev settings
    second_output = StringIO()
    call_command("seed_demo", stdout=second_output)
    assert counts() == after_first
    assert "inget nytt skapades" in second_output.getvalue()
    assert "huvudredaktor          Huvudredaktör" in second_output.getvalue()
    assert "lösenord för alla: pedagogsajten-demo" in second_output.getvalue()

    # The demo renders: a podcast article with its transcript, a film with captions.
    podcast = articles.get(slug="podd-sa-arbetar-vi-med-narvaro-pa-hogstadiet")
    html = client.get(podcast.url).content.decode()
    assert "<audio controls" in html and "Transkription av" in html
    film = articles.get(slug="film-havet-som-larmiljo")
    assert '<track kind="captions"' in client.get(film.url).content.decode()

    assert_demo_accounts_see_their_roles_work(client)
    assert_demo_statistics_show_the_demo_figures(client)


def dashboard(client, username):
    client.logout()
    assert client.login(username=username, password="pedagogsajten-demo")
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def assert_demo_accounts_see_their_roles_work(client):
    """Each demo account logs in and finds what its role does waiting for it."""
    states = {state.content_object.title: state for state in WorkflowState.objects.all()}
    assert states["Lekpatrull på fritids"].current_task_state.task.name == "Redaktörsgranskning"
    assert (
        states["Tallinjen på golvet"].current_task_state.task.name == "Huvudredaktörens godkännande"
    )
    assert states["Digitala lärplattor i förskoleklass"].status == "needs_changes"
    assert states["Läsloggar som samtalsunderlag"].status == "approved"
    assert ArticlePage.objects.get(slug="lasloggar-som-samtalsunderlag").live
    draft = ArticlePage.objects.get(slug="exit-tickets-i-matematiken")
    assert not draft.live and not draft.workflow_in_progress

    assert "Lekpatrull på fritids" in dashboard(client, "redaktor")
    assert "Tallinjen på golvet" in dashboard(client, "huvudredaktor")
    assert "Digitala lärplattor i förskoleklass" in dashboard(client, "skribent-bjuv")

    dashboard(client, "skribent-helsingborg")
    helsingborg = MunicipalityPage.objects.get(slug="helsingborg")
    bjuv = MunicipalityPage.objects.get(slug="bjuv")
    add_article = "wagtailadmin_pages:add"
    assert (
        client.get(reverse(add_article, args=("blog", "articlepage", helsingborg.pk))).status_code
        == 200
    )
    assert (
        client.get(reverse(add_article, args=("blog", "articlepage", bjuv.pk))).status_code == 302
    )

    dashboard(client, "kontakt-landskrona")
    landskrona = MunicipalityPage.objects.get(slug="landskrona")
    assert client.get(reverse("wagtailadmin_pages:edit", args=(landskrona.pk,))).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=(helsingborg.pk,))).status_code == 302


def test_structure_only_creates_municipalities_and_pages_but_no_demo_articles(db):
    call_command("seed_demo", "--structure-only", stdout=StringIO())
    assert MunicipalityPage.objects.count() == 11
    assert StandardPage.objects.count() == 5
    assert ArticlePage.objects.count() == 0
    assert not Author.objects.exists()
    # The roles and the workflow are part of the structure a production site needs.
    assert Group.objects.filter(name__startswith="Skribent – ").count() == 11
    assert Workflow.objects.get(active=True).name == "Publicering via huvudredaktör"
    assert not get_user_model().objects.exists()


def csv_rows(client, slug):
    response = client.get(reverse("insights_admin:report", args=[slug]) + "?export=csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def assert_demo_statistics_show_the_demo_figures(client):
    """The chief editor and a contact person see the demo's figures (the last 90 days)."""
    since = timezone.localdate() - datetime.timedelta(days=89)
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    published = Counter(
        ArticlePage.objects.filter(first_published_at__gte=start).values_list(
            "municipality__title", flat=True
        )
    )
    views = dict(
        PageViewDay.objects.filter(day__gte=since)
        .values("municipality__title")
        .annotate(total=Sum("views"))
        .values_list("municipality__title", "total")
    )
    assert sum(views.values()) > 0 and sum(published.values()) > 0

    dashboard(client, "huvudredaktor")
    output = {row[0]: int(row[-1]) for row in csv_rows(client, "publicerat")[1:]}
    assert output == {title: published.get(title, 0) for title in MUNICIPALITIES}
    reading = csv_rows(client, "lasning-per-dag")
    totals = [sum(int(row[column]) for row in reading[1:]) for column in range(1, 12)]
    assert dict(zip(reading[0][1:12], totals, strict=True)) == {
        title: views.get(title, 0) for title in reading[0][1:12]
    }
    zero_hits = {row[1] for row in csv_rows(client, "sokningar-utan-traff")[1:]}
    assert zero_hits <= {"tecken som stöd", "schackundervisning", "läxhjälp"} and zero_hits

    html = dashboard(client, "kontakt-landskrona")
    count = published.get("Landskrona", 0)
    assert f"Landskrona: {count} publicerad{'e' if count != 1 else ''} artik" in html
    reading = csv_rows(client, "lasning-per-dag")
    assert reading[0] == ["Dag", "Landskrona", "Totalt"]
    assert sum(int(row[1]) for row in reading[1:]) == views["Landskrona"]
