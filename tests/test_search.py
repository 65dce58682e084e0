"""The public search at /sok/ answers in Swedish from PostgreSQL's Swedish text search."""

import pytest
from django.urls import reverse

from tests.factories import ArticlePageFactory, AuthorFactory, SchoolFormFactory, paragraph


@pytest.fixture
def articles(municipality):
    preschool = SchoolFormFactory(slug="forskola", name="Förskola")
    upper = SchoolFormFactory(slug="grundskola-7-9", name="Grundskola 7–9")
    reading = ArticlePageFactory(
        parent=municipality,
        title="Högläsning som skapar samtal",
        summary="Bilderböcker och frågor i förskolor.",
        body=[paragraph("Barnen berättar själva och lärarna lyssnar.")],
        school_forms=[preschool],
        authors=[AuthorFactory(name="Lisa Holmgren")],
    )
    maths = ArticlePageFactory(
        parent=municipality,
        title="Bråk med pappersremsor",
        summary="Konkret material i årskurs 8.",
        body=[paragraph("Matematiklektionen började med att eleverna vek remsor.")],
        school_forms=[upper],
    )
    return reading, maths


def result_titles(client, **params):
    response = client.get(reverse("search:search"), params)
    assert response.status_code == 200
    return [page.title for page in response.context["results"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pappersremsor", "Bråk med pappersremsor"),  # a word in the title
        (
            "matematiklektion",
            "Bråk med pappersremsor",
        ),  # body text, indefinite form of "matematiklektionen"
        ("eleven", "Bråk med pappersremsor"),  # "eleverna" in the body
        ("förskola", "Högläsning som skapar samtal"),  # "förskolor" in the summary
        ("läraren", "Högläsning som skapar samtal"),  # "lärarna" in the body
        ("Holmgren", "Högläsning som skapar samtal"),  # the author's name
    ],
)
def test_finds_articles_by_inflected_swedish_words_and_author(client, articles, query, expected):
    assert result_titles(client, q=query) == [expected]


def test_filters_by_school_form_with_and_without_a_query(client, articles):
    assert result_titles(client, skolform="forskola") == ["Högläsning som skapar samtal"]
    assert result_titles(client, q="remsor", skolform="forskola") == []


def test_unpublished_articles_never_show(client, municipality, articles):
    ArticlePageFactory(parent=municipality, title="Hemligt pappersremsor-utkast", live=False)
    assert "Hemligt pappersremsor-utkast" not in result_titles(client, q="pappersremsor")


def test_zero_results_give_a_helpful_swedish_message(client, articles):
    response = client.get(reverse("search:search"), {"q": "kvantfysik"})
    html = response.content.decode()
    assert "0 träffar" in html and "Inga träffar" in html
    assert "skolformerna" in html


def test_empty_search_shows_the_form_only(client, articles):
    response = client.get(reverse("search:search"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="q"' in html and "träffar" not in html
