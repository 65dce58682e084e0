"""The ways in a teacher uses without searching: the header's menu and its overview pages, a page
per subject, the home page's order, the article's print and share tools and "Min planering"."""

import re
from urllib.parse import unquote

import pytest
from django.urls import reverse

from blog.factories import (
    ArticlePageFactory,
    AuthorFactory,
    SchoolFormFactory,
    SubjectFactory,
    ThemeFactory,
)
from home.factories import standard_page
from home.models import HomePageFeaturedArticle
from municipalities.factories import MunicipalityPageFactory


@pytest.fixture
def subject(db):
    return SubjectFactory(slug="slojd-och-form", name="Slöjd och form")


def test_a_subject_page_lists_the_subjects_articles_and_only_those(client, municipality, subject):
    ArticlePageFactory(parent=municipality, title="Tovning i åk 3", subjects=[subject])
    ArticlePageFactory(parent=municipality, title="Bråk i åk 5")

    response = client.get("/amne/slojd-och-form/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Ämne: Slöjd och form</h1>" in html
    assert "Tovning i åk 3" in html and "Bråk i åk 5" not in html
    assert client.get("/amne/finns-inte/").status_code == 404
    feed = client.get("/flode/amne/slojd-och-form/rss/").content.decode()
    assert "Tovning i åk 3" in feed and "Bråk i åk 5" not in feed


def test_every_classification_chip_on_an_article_is_a_link(client, municipality, subject):
    school_form = SchoolFormFactory(slug="grundskola-f-3", name="Grundskola F–3")
    theme = ThemeFactory(slug="laslust", name="Läslust")
    article = ArticlePageFactory(
        parent=municipality,
        title="Tovning i åk 3",
        subjects=[subject],
        school_forms=[school_form],
        themes=[theme],
    )
    html = client.get(article.url).content.decode()
    section = html[html.index('id="klassificering"') :]
    for url, name in (
        ("/amne/slojd-och-form/", "Slöjd och form"),
        ("/skolform/grundskola-f-3/", "Grundskola F–3"),
        ("/tema/laslust/", "Läslust"),
    ):
        assert re.search(rf'<a class="chip" href="{url}">{name}</a>', section), name


def test_the_header_menu_leads_to_real_pages(client, municipality, subject):
    standard_page(title="Om Pedagogsajten", slug="om-pedagogsajten")
    ArticlePageFactory(parent=municipality, title="Tovning i åk 3", subjects=[subject])
    html = client.get("/").content.decode()
    menu = html[html.index('id="huvudmeny"') : html.index("</nav>", html.index('id="huvudmeny"'))]
    links = dict(
        (name, url) for url, name in re.findall(r'<a[^>]* href="([^"]+)"[^>]*>([^<]+)', menu)
    )
    assert {"Kommuner", "Skolformer", "Ämnen", "Teman", "Om sajten"} <= {
        name.strip() for name in links
    }
    assert not any(url.startswith("/#") for url in links.values()), "no jumps within the home page"
    for name in ("Kommuner", "Skolformer", "Ämnen", "Teman"):
        assert client.get(links[name]).status_code == 200, name

    subjects = client.get(reverse("blog:subjects")).content.decode()
    assert 'href="/amne/slojd-och-form/"' in subjects and "1 artikel" in subjects
    sections = client.get(reverse("municipalities:index")).content.decode()
    assert f'href="{municipality.url}"' in sections and "Landskrona" in sections


def test_the_municipality_overview_lists_only_live_public_sections(client, home, municipality):
    hidden = MunicipalityPageFactory(parent=home, title="Bjuv", slug="bjuv", live=False)
    html = client.get("/kommuner/").content.decode()
    assert "Landskrona" in html and hidden.title not in html


def test_the_home_page_starts_with_search_and_the_ways_in(client, home, municipality, subject):
    school_form = SchoolFormFactory(slug="forskola", name="Förskola")
    ArticlePageFactory(parent=municipality, title="Tovning", school_forms=[school_form])
    html = client.get("/").content.decode()
    main = html[html.index("<main") :]
    search = main.index('role="search"')
    ways_in = main.index('aria-label="Hitta artiklar"')
    latest = main.index('id="senaste"')
    assert search < ways_in < latest
    assert 'href="/skolform/forskola/"' in main[ways_in:latest]
    assert f'href="{municipality.url}"' in main[ways_in:latest]
    # One search box on the page: the header's is left out where the page has its own.
    assert html.count('type="search"') == 1


def test_featured_articles_are_not_repeated_among_the_latest(client, home, municipality):
    articles = [ArticlePageFactory(parent=municipality, title=f"Idé nummer {n}") for n in range(5)]
    for position, article in enumerate(articles[:3]):
        HomePageFeaturedArticle.objects.create(page=home, article=article, sort_order=position)
    html = client.get("/").content.decode()
    for article in articles:
        assert html.count(f">{article.title}</a>") == 1, article.title
    featured = html[html.index('id="utvalda"') : html.index('id="senaste"')]
    assert 'class="card-grid card-grid--3"' in featured, "three cards fill their row"


def test_search_results_show_pictures_and_fold_their_filters(client, municipality):
    from media_library.factories import SiteImageFactory

    ArticlePageFactory(
        parent=municipality,
        title="Tovning i åk 3",
        hero_image=SiteImageFactory(),
        hero_image_decorative=True,
    )
    html = client.get("/sok/", {"q": "tovning", "kommun": "landskrona"}).content.decode()
    assert 'class="result__image"' in html
    assert '<details class="facets__disclosure" data-facets>' in html
    assert re.search(r"<summary[^>]*>Filtrera <span[^>]*>\(1 vald\)</span></summary>", html)
    assert html.count('type="search"') == 1, "the page's own search box only"


def test_the_article_can_be_printed_and_shared_without_third_parties(client, article):
    html = client.get(article.url).content.decode()
    tools = html[html.index("data-article-tools") : html.index("print-address")]
    assert "data-print" in tools and "Skriv ut" in tools
    assert f'data-copy-link="{article.full_url}"' in tools
    mailto = unquote(re.search(r'href="(mailto:[^"]+)"', tools).group(1).replace("&amp;", "&"))
    assert f"subject={article.title}" in mailto and article.full_url in mailto
    assert "data-save-article" in tools
    # Printed, the article says where it came from.
    assert f"Från Pedagogsajten: {article.full_url}" in html
    # Nothing from another host on the page.
    assert not re.search(r'(src|href)="https?://(?!testserver|localhost)', html)


def test_min_planering_is_a_plain_page_that_says_what_it_needs(client, home):
    response = client.get("/min-planering/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Min planering behöver JavaScript" in html
    assert "skickas aldrig till Pedagogsajten" in html
    assert not response.cookies, "no cookie for a list kept in the browser"


def test_an_author_page_without_photo_or_bio_still_reads_well(client, municipality):
    author = AuthorFactory(name="Per Gustavsson", role="Lärare", municipality=municipality)
    html = client.get(reverse("blog:author", args=(author.pk,))).content.decode()
    assert "<h1>Per Gustavsson</h1>" in html and "author-profile__photo" not in html
    assert "Artiklar av Per Gustavsson" in html
