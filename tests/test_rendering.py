"""Every page type renders, in Swedish, with real content and one h1."""

import re

import pytest

from blog.factories import ArticlePageFactory
from home.factories import standard_page
from media_library.factories import SiteImageFactory
from municipalities.factories import MunicipalityContactFactory


def h1_count(html: str) -> int:
    return len(re.findall(r"<h1[\s>]", html))


def assert_public_page(response):
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert h1_count(html) == 1
    assert 'href="#innehall"' in html  # skip link to <main id="innehall">
    assert "<main" in html and "<footer" in html and "<header" in html
    return html


def test_home_lists_latest_articles_school_forms_and_municipalities(client, article):
    html = assert_public_page(client.get("/"))
    assert "Modersmål som resurs" in html
    assert "Grundskola 4–6" in html
    assert 'href="/landskrona/"' in html


def test_municipality_page_lists_its_articles_newest_first_and_its_contacts(client, municipality):
    MunicipalityContactFactory(
        page=municipality, name="Amir Haddad", email="amir@landskrona.example"
    )
    import datetime

    ArticlePageFactory(
        parent=municipality, title="Äldre artikel", publication_date=datetime.date(2025, 1, 5)
    )
    ArticlePageFactory(
        parent=municipality, title="Nyare artikel", publication_date=datetime.date(2026, 3, 1)
    )
    html = assert_public_page(client.get(municipality.url))
    assert html.index("Nyare artikel") < html.index("Äldre artikel")
    assert "Amir Haddad" in html and "mailto:amir@landskrona.example" in html
    assert "2 träffar" in html


def test_municipality_listing_is_paginated(client, municipality):
    for number in range(14):
        ArticlePageFactory(parent=municipality, title=f"Artikel nummer {number:02d}")
    first = client.get(municipality.url).content.decode()
    second = client.get(municipality.url + "?sida=2").content.decode()
    assert first.count('class="result"') == 10
    assert second.count('class="result"') == 4
    assert client.get(municipality.url + "?sida=99").status_code == 200


def test_article_shows_authors_municipality_classification_and_related(
    client, municipality, article
):
    related = ArticlePageFactory(parent=municipality, title="Systerartikel med samma skolform")
    hero = SiteImageFactory(credit="Foto: Test Testsson")
    article.hero_image = hero
    article.hero_image_alt = "Elever som viker pappersremsor"
    article.tags.add("flerspråkighet")
    article.save_revision().publish()

    html = assert_public_page(client.get(article.url))
    assert "Leyla Demir" in html and "Modersmålslärare" in html
    assert 'href="/landskrona/"' in html
    assert "Grundskola 4–6" in html and "flerspråkighet" in html
    assert related.title in html
    assert 'alt="Elever som viker pappersremsor"' in html
    assert "srcset=" in html and ".webp" in html
    assert (
        'name="description" content="Modersmålslärare och ämneslärare planerade tillsammans."'
        in html
    )


def test_unpublished_article_is_not_listed_or_served(client, municipality):
    draft = ArticlePageFactory(parent=municipality, title="Hemligt utkast", live=False)
    assert "Hemligt utkast" not in client.get("/").content.decode()
    assert "Hemligt utkast" not in client.get(municipality.url).content.decode()
    assert client.get(f"/{municipality.slug}/{draft.slug}/").status_code == 404


def test_standard_page_renders_in_footer_and_on_its_own(client, home):
    page = standard_page(title="Tillgänglighetsredogörelse", slug="tillganglighetsredogorelse")
    html = assert_public_page(client.get(page.url))
    assert "Tillgänglighetsredogörelse" in html
    footer = html[html.index("<footer") :]
    assert 'href="/tillganglighetsredogorelse/"' in footer


def test_missing_page_is_a_swedish_404(client, home):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


@pytest.mark.parametrize("path", ["/sitemap.xml"])
def test_sitemap_lists_live_articles(client, article, path):
    response = client.get(path)
    assert response.status_code == 200
    assert article.slug in response.content.decode()


def test_accessibility_statement_has_diggs_structure_and_is_in_every_footer(client, home):
    from home.factories import accessibility_statement

    page = accessibility_statement(home, compliance_status="delvis")
    html = assert_public_page(client.get(page.url))
    for heading in (
        "Hur tillgänglig är webbplatsen?",
        "Vad kan du göra om du inte kan använda delar av webbplatsen?",
        "Rapportera brister i webbplatsens tillgänglighet",
        "Tillsyn",
        "Innehåll som inte är tillgängligt",
        "Hur vi testat webbplatsen",
    ):
        assert f"<h2>{heading}</h2>" in html
    assert "är <strong>delvis förenlig</strong>" in html
    assert 'href="https://www.digg.se/tdosanmalan"' in html
    assert "PDF-filer är bilder av text" in html and "Bristande förenlighet med lagkraven" in html
    assert "mailto:pedagogsajten@helsingborg.se" in html
    footer = client.get("/").content.decode().split("<footer", 1)[1]
    assert 'href="/tillganglighetsredogorelse/"' in footer


def test_only_the_chief_editor_edits_the_accessibility_statement(client, db):
    from django.urls import reverse

    from home.factories import accessibility_statement
    from tests.editorial import PASSWORD, build_editorial_site

    site = build_editorial_site()
    page = accessibility_statement(site.home)
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    client.login(username=site.chief.username, password=PASSWORD)
    assert client.get(url).status_code == 200
    client.login(username=site.editor.username, password=PASSWORD)
    assert client.get(url).status_code == 302


def test_municipality_section_filters_its_own_articles(client, municipality, home):
    from blog.factories import SchoolFormFactory
    from municipalities.factories import MunicipalityPageFactory

    preschool = SchoolFormFactory(slug="forskola", name="Förskola")
    ArticlePageFactory(parent=municipality, title="Sagostund", school_forms=[preschool])
    ArticlePageFactory(parent=municipality, title="Bråk i åk 5")
    ArticlePageFactory(
        parent=MunicipalityPageFactory(parent=home, title="Bjuv", slug="bjuv"), title="Annan kommun"
    )
    everything = client.get(municipality.url).content.decode()
    assert (
        "Sagostund" in everything
        and "Bråk i åk 5" in everything
        and "Annan kommun" not in everything
    )
    assert 'href="?skolform=forskola"' in everything
    assert "Kommun</h3>" not in everything  # the section's own municipality is not a filter here
    filtered = client.get(municipality.url + "?skolform=forskola").content.decode()
    assert "Sagostund" in filtered and "Bråk i åk 5" not in filtered
    searched = client.get(municipality.url, {"q": "sagostund"}).content.decode()
    assert "Sagostund" in searched and "Bråk i åk 5" not in searched


def image_tags(html: str) -> list[str]:
    return re.findall(r"<img\b[^>]*>", html)


def test_pictures_a_reader_sees_first_load_at_once_and_the_rest_lazily(client, home, municipality):
    from home.models import HomePageFeaturedArticle

    articles = [
        ArticlePageFactory(
            parent=municipality,
            title=f"Bildartikel {number}",
            hero_image=SiteImageFactory(),
            hero_image_decorative=True,
        )
        for number in range(6)
    ]
    for position, article in enumerate(articles[:3]):
        HomePageFeaturedArticle.objects.create(page=home, article=article, sort_order=position)

    cards = [tag for tag in image_tags(client.get("/").content.decode()) if "card__image" in tag]
    featured, latest = cards[:3], cards[3:]
    # The featured articles are not repeated under the latest.
    assert len(featured) == 3 and len(latest) == 3
    assert all('loading="eager"' in tag for tag in featured)
    assert 'fetchpriority="high"' in featured[0]
    assert all('loading="lazy"' in tag for tag in latest)
    assert sum('fetchpriority="high"' in tag for tag in cards) == 1, "one picture goes first"


def test_without_featured_articles_the_first_row_of_the_latest_loads_at_once(
    client, home, municipality
):
    for number in range(5):
        ArticlePageFactory(
            parent=municipality,
            title=f"Bildartikel {number}",
            hero_image=SiteImageFactory(),
            hero_image_decorative=True,
        )
    cards = [tag for tag in image_tags(client.get("/").content.decode()) if "card__image" in tag]
    assert len(cards) == 5
    assert ['loading="eager"' in tag for tag in cards] == [True, True, True, False, False]
    assert ['fetchpriority="high"' in tag for tag in cards] == [True, False, False, False, False]


def test_the_article_picture_goes_first_and_body_pictures_wait(client, article):
    article.hero_image = SiteImageFactory()
    article.hero_image_alt = "Elever vid tallinjen"
    article.body = [("image", {"image": SiteImageFactory(), "caption": "Tallinjen på golvet"})]
    article.save_revision().publish()
    tags = image_tags(client.get(article.url).content.decode())
    hero = next(tag for tag in tags if 'alt="Elever vid tallinjen"' in tag)
    assert 'fetchpriority="high"' in hero and 'loading="lazy"' not in hero
    body = [tag for tag in tags if tag is not hero and "author__photo" not in tag]
    assert body and all('loading="lazy"' in tag for tag in body)
    assert sum('fetchpriority="high"' in tag for tag in tags) == 1
