"""The article's school forms, subjects and themes kept as arrays on its own row by database
triggers (search/migrations/0005_term_arrays.py, blog/migrations/0009_facet_term_arrays.py), which
PostgreSQL's faceted search counts from: they must follow the link tables through every way an
editor or a script changes them, or the facet counts readers see would be wrong."""

import pytest
from django.db import connection, transaction

from blog.factories import ArticlePageFactory, SchoolFormFactory, SubjectFactory, ThemeFactory
from blog.listing import run_listing
from blog.models import ArticlePage, Subject
from tests import search_engine

pytestmark = pytest.mark.django_db(transaction=False)


def arrays(article) -> tuple[list[int], list[int], list[int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT terms_school_forms, terms_subjects, terms_themes FROM blog_articlepage "
            "WHERE page_ptr_id = %s",
            [article.pk],
        )
        return cursor.fetchone()


@pytest.fixture
def terms():
    return {
        "preschool": SchoolFormFactory(slug="forskola", name="Förskola"),
        "middle": SchoolFormFactory(slug="grundskola-4-6", name="Grundskola 4–6"),
        "maths": SubjectFactory(slug="matematik", name="Matematik"),
        "swedish": SubjectFactory(slug="svenska", name="Svenska"),
        "reading": ThemeFactory(slug="lasning", name="Läsning"),
    }


def test_a_new_article_has_its_terms_sorted(municipality, terms):
    article = ArticlePageFactory(
        parent=municipality,
        school_forms=[terms["middle"], terms["preschool"]],
        subjects=[terms["swedish"], terms["maths"]],
        themes=[terms["reading"]],
    )

    assert arrays(article) == (
        sorted([terms["middle"].pk, terms["preschool"].pk]),
        sorted([terms["swedish"].pk, terms["maths"].pk]),
        [terms["reading"].pk],
    )


def test_publishing_a_revision_with_other_subjects_changes_the_array(municipality, terms):
    article = ArticlePageFactory(parent=municipality, subjects=[terms["maths"]])

    draft = ArticlePage.objects.get(pk=article.pk)
    draft.subjects.set([terms["swedish"]])
    draft.save_revision().publish()

    assert arrays(article)[1] == [terms["swedish"].pk]


def test_publishing_an_older_revision_brings_its_subjects_back(municipality, terms):
    """The arrays are not fields of the model: a revision cannot carry an old copy of them,
    only the links it restores count."""
    article = ArticlePageFactory(parent=municipality, subjects=[terms["maths"]])
    first = ArticlePage.objects.get(pk=article.pk).save_revision()
    first.publish()
    changed = ArticlePage.objects.get(pk=article.pk)
    changed.subjects.set([terms["swedish"]])
    changed.save_revision().publish()
    assert arrays(article)[1] == [terms["swedish"].pk]

    first.publish()

    assert arrays(article)[1] == [terms["maths"].pk]


def test_a_deleted_subject_leaves_the_articles_it_classified(municipality, terms):
    article = ArticlePageFactory(parent=municipality, subjects=[terms["maths"], terms["swedish"]])

    Subject.objects.filter(pk=terms["maths"].pk).delete()

    assert arrays(article)[1] == [terms["swedish"].pk]


def test_links_written_in_bulk_are_kept_too(municipality, terms):
    """The WordPress import and the benchmark corpus write link rows many at a time."""
    first = ArticlePageFactory(parent=municipality)
    second = ArticlePageFactory(parent=municipality)
    links = ArticlePage.themes.through

    links.objects.bulk_create(
        [links(articlepage_id=page.pk, theme_id=terms["reading"].pk) for page in (first, second)]
    )

    assert arrays(first)[2] == arrays(second)[2] == [terms["reading"].pk]


def test_a_link_changed_in_place_moves_the_term_and_a_rollback_moves_it_back(municipality, terms):
    article = ArticlePageFactory(parent=municipality, subjects=[terms["maths"]])
    links = ArticlePage.subjects.through.objects.filter(articlepage_id=article.pk)

    with pytest.raises(RuntimeError), transaction.atomic():
        links.update(subject_id=terms["swedish"].pk)
        assert arrays(article)[1] == [terms["swedish"].pk]
        raise RuntimeError("the editor's save failed")

    assert arrays(article)[1] == [terms["maths"].pk]


def test_the_counts_readers_see_follow_a_change_of_subject(settings, municipality, terms):
    """On PostgreSQL the subject counts come from the arrays: a moved article moves its count."""
    search_engine.use_database(settings)
    settings.SEARCH_RESULTS_CACHE_SECONDS = 0
    article = ArticlePageFactory(parent=municipality, subjects=[terms["maths"]])
    ArticlePageFactory(parent=municipality, subjects=[terms["maths"]])

    def subject_counts():
        outcome = run_listing("", {}, "nyast")
        options = dict(outcome.facets)
        subjects = next(options[facet] for facet in options if facet.parameter == "amne")
        return {option.slug: option.count for option in subjects if option.count}

    assert subject_counts() == {"matematik": 2}

    changed = ArticlePage.objects.get(pk=article.pk)
    changed.subjects.set([terms["swedish"]])
    changed.save_revision().publish()

    assert subject_counts() == {"matematik": 1, "svenska": 1}
