"""The page tree can only be Home → Municipality → Article or Event, plus fixed pages under Home."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from blog.models import ArticlePage
from calendar_events.models import EventPage
from home.models import AccessibilityStatementPage, HomePage, StandardPage
from municipalities.models import MunicipalityPage


@pytest.mark.parametrize(
    ("child", "parent", "allowed"),
    [
        (MunicipalityPage, HomePage, True),
        (StandardPage, HomePage, True),
        (ArticlePage, MunicipalityPage, True),
        (ArticlePage, HomePage, False),
        (ArticlePage, StandardPage, False),
        (ArticlePage, ArticlePage, False),
        (MunicipalityPage, MunicipalityPage, False),
        (MunicipalityPage, Page, False),
        (StandardPage, MunicipalityPage, False),
        (StandardPage, StandardPage, False),
        (HomePage, HomePage, False),
        (HomePage, MunicipalityPage, False),
        (AccessibilityStatementPage, HomePage, True),
        (AccessibilityStatementPage, MunicipalityPage, False),
        (EventPage, MunicipalityPage, True),
        (EventPage, HomePage, False),
        (EventPage, ArticlePage, False),
        (EventPage, EventPage, False),
        (ArticlePage, EventPage, False),
    ],
)
def test_page_type_rules(child, parent, allowed):
    assert (parent in child.allowed_parent_page_models()) is allowed


def test_only_one_home_page_can_exist(home):
    assert HomePage.can_create_at(Page.objects.get(depth=1)) is False


def test_admin_refuses_an_article_directly_under_home(home, admin_client):
    url = reverse("wagtailadmin_pages:add", args=("blog", "articlepage", home.pk))
    response = admin_client.get(url)
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    response = admin_client.post(url, {"title": "Fel plats", "slug": "fel-plats", "summary": "x"})
    assert response.status_code in (302, 403)
    assert not ArticlePage.objects.filter(slug="fel-plats").exists()


def test_admin_offers_only_articles_and_events_under_a_municipality(municipality, admin_client):
    response = admin_client.get(reverse("wagtailadmin_pages:add_subpage", args=(municipality.pk,)))
    assert response.status_code == 200
    # (verbose name, app label, model name, description) of each type the editor may choose.
    offered = {(app, model) for _name, app, model, _text in response.context["page_types"]}
    assert offered == {("blog", "articlepage"), ("calendar_events", "eventpage")}
    assert "Evenemang" in response.content.decode()


def test_article_knows_its_municipality_and_follows_a_move(home, article):
    assert article.municipality.title == "Landskrona"
    other = MunicipalityPage(title="Bjuv", slug="bjuv", intro="Bjuvs skolor.")
    home.add_child(instance=other)
    article.move(other, pos="last-child")
    article.refresh_from_db()
    assert article.municipality_id == other.pk
