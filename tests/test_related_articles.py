"""Related articles under an article: most shared classification first, then the newest; never
an unpublished or restricted article."""

import datetime

from wagtail.models import PageViewRestriction

from blog.factories import ArticlePageFactory, SchoolFormFactory, ThemeFactory
from blog.related import RELATED_CANDIDATES


def make(parent, title, forms, themes, days_ago=0):
    return ArticlePageFactory(
        parent=parent,
        title=title,
        school_forms=forms,
        themes=themes,
        publication_date=datetime.date(2026, 11, 1) - datetime.timedelta(days=days_ago),
    )


def titles(article):
    return [related.title for related in article.related_articles()]


def test_ranked_by_shared_terms_then_newest(municipality):
    form_a, form_b = (
        SchoolFormFactory(slug="f-a", name="A"),
        SchoolFormFactory(slug="f-b", name="B"),
    )
    theme_a, theme_b = ThemeFactory(slug="t-a", name="TA"), ThemeFactory(slug="t-b", name="TB")
    article = make(municipality, "Utgångspunkt", [form_a, form_b], [theme_a, theme_b])
    make(municipality, "Delar en skolform, ny", [form_a], [], days_ago=1)
    make(municipality, "Delar allt", [form_a, form_b], [theme_a, theme_b], days_ago=30)
    make(municipality, "Delar tre", [form_a, form_b], [theme_b], days_ago=20)
    make(municipality, "Delar en skolform, gammal", [form_b], [], days_ago=40)
    make(municipality, "Delar inget", [SchoolFormFactory(slug="f-c", name="C")], [])

    assert titles(article) == ["Delar allt", "Delar tre", "Delar en skolform, ny"]


def test_unpublished_and_restricted_articles_are_left_out(municipality, home):
    form = SchoolFormFactory(slug="f-a", name="A")
    article = make(municipality, "Utgångspunkt", [form], [])
    make(municipality, "Publicerad", [form], [])
    draft = make(municipality, "Utkast", [form], [], days_ago=-1)
    draft.unpublish()
    restricted = make(municipality, "Bara för inloggade", [form], [], days_ago=-2)
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")

    assert titles(article) == ["Publicerad"]


def test_when_the_best_candidates_are_unpublished_the_rest_are_ranked(municipality):
    form_a, form_b = (
        SchoolFormFactory(slug="f-a", name="A"),
        SchoolFormFactory(slug="f-b", name="B"),
    )
    article = make(municipality, "Utgångspunkt", [form_a, form_b], [])
    for number in range(RELATED_CANDIDATES):
        make(
            municipality, f"Delar båda {number}", [form_a, form_b], [], days_ago=number
        ).unpublish()
    make(municipality, "Delar en", [form_a], [])

    assert titles(article) == ["Delar en"]
