"""Parts of the article page kept in the shared cache never outlive a publication."""

from unittest import mock

from taggit.models import Tag

from blog.factories import ArticlePageFactory, AuthorFactory, ThemeFactory, paragraph
from blog.models import ArticleAuthor, ArticlePage
from core import fragment_cache
from tests.factories import publish


def html_of(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_published_change_to_the_body_shows_at_once(client, municipality):
    article = ArticlePageFactory(parent=municipality, body=[paragraph("Första versionen.")])
    assert "Första versionen." in html_of(client, article)
    article.body = [paragraph("Andra versionen.")]
    publish(article)
    html = html_of(client, article)
    assert "Andra versionen." in html and "Första versionen." not in html


def test_a_newly_published_related_article_shows_at_once(client, municipality):
    theme = ThemeFactory(slug="narvaro", name="Närvaro")
    article = ArticlePageFactory(parent=municipality, themes=[theme])
    assert "Relaterade artiklar" not in html_of(client, article)  # nothing shares its theme yet
    publish(ArticlePageFactory(parent=municipality, title="Närvaroteamet", themes=[theme]))
    html = html_of(client, article)
    assert "Relaterade artiklar" in html and "Närvaroteamet" in html


def test_the_page_is_built_when_the_cache_does_not_answer(client, municipality, caplog):
    article = ArticlePageFactory(parent=municipality, body=[paragraph("Texten finns.")])
    # The fragment cache's reads fail (Redis away): the article is built as if nothing were cached.
    with mock.patch.object(fragment_cache, "cache") as broken:
        broken.get.side_effect = broken.add.side_effect = ConnectionError("borta")
        assert "Texten finns." in html_of(client, article)
    assert "does not answer" in caplog.text


def test_an_edited_author_shows_at_once(client, municipality):
    author = AuthorFactory(name="Karin Lind")
    article = ArticlePageFactory(parent=municipality, authors=[author])
    assert "Karin Lind" in html_of(client, article)
    author.name = "Karin Lindqvist"
    author.save()
    assert "Karin Lindqvist" in html_of(client, article)


def test_a_renamed_tag_shows_at_once(client, municipality):
    article = ArticlePageFactory(parent=municipality)
    article.tags.add("skogsmulle")
    publish(article)
    assert "skogsmulle" in html_of(client, article)
    tag = Tag.objects.get(name="skogsmulle")
    tag.name = "utomhusdag"
    tag.save()
    html = html_of(client, article)
    assert ">utomhusdag</a>" in html and ">skogsmulle</a>" not in html  # its address keeps the slug


def test_a_preview_shows_the_drafts_byline_and_readers_keep_the_live_one(client, municipality):
    live_author, draft_author = AuthorFactory(name="Karin Lind"), AuthorFactory(name="Omar Haddad")
    article = ArticlePageFactory(parent=municipality, authors=[live_author])
    assert "Karin Lind" in html_of(client, article)  # the live byline, now cached
    draft = ArticlePage.objects.get(pk=article.pk)
    draft.article_authors = [ArticleAuthor(author=draft_author)]
    preview = draft.make_preview_request().content.decode()
    assert "Omar Haddad" in preview and "Karin Lind" not in preview
    html = html_of(client, article)  # the preview put nothing in the readers' cache
    assert "Karin Lind" in html and "Omar Haddad" not in html


def test_a_newly_published_article_shows_on_the_home_page_at_once(client, municipality):
    ArticlePageFactory(parent=municipality, title="Den första")
    assert "Den första" in html_of(client, municipality.get_parent().specific)
    publish(ArticlePageFactory(parent=municipality, title="Den andra", live=False))
    html = html_of(client, municipality.get_parent().specific)
    assert "Den första" in html and "Den andra" in html
