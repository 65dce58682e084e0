"""'Var det här användbart för din planering?' under each article: anonymous, validated in
Swedish, rate-limited, and kept free of robots without a third-party captcha."""

import time
import types

import pytest
from django.core import signing
from django.core.cache import cache

from blog.factories import ArticlePageFactory
from insights.forms import MAX_TOKEN_AGE_SECONDS, feedback_token
from insights.models import ArticleFeedback
from insights.views import FEEDBACK_LIMIT

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"


@pytest.fixture(autouse=True)
def empty_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def token_from(monkeypatch):
    """A form token as issued some seconds ago (a reader reads before answering)."""

    def issue(article, seconds_ago=30):
        with monkeypatch.context() as patch:
            patch.setattr(
                signing, "time", types.SimpleNamespace(time=lambda: time.time() - seconds_ago)
            )
            return feedback_token(article.pk)

    return issue


def post(client, article, address="198.51.100.4", **data):
    return client.post(
        f"/aterkoppling/{article.pk}/", data, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR=address
    )


def test_article_page_shows_the_question_without_setting_a_cookie(client, article):
    response = client.get(article.url)
    html = response.content.decode()
    assert "Var det här användbart för din planering?" in html
    assert f'action="/aterkoppling/{article.pk}/"' in html
    assert 'name="token"' in html
    assert not response.cookies


def test_an_answer_with_a_comment_is_saved_without_anything_about_the_reader(
    client, article, token_from
):
    response = post(
        client,
        article,
        useful="ja",
        comment="  Bra   upplägg för åk 5. ",
        token=token_from(article),
    )
    assert response.status_code == 200
    assert "Tack för ditt svar!" in response.content.decode()
    assert not response.cookies
    feedback = ArticleFeedback.objects.get()
    assert (feedback.article_id, feedback.useful, feedback.comment) == (
        article.pk,
        True,
        "Bra upplägg för åk 5.",
    )
    assert {field.name for field in ArticleFeedback._meta.get_fields()} == {
        "id",
        "article",
        "day",
        "useful",
        "comment",
    }


def test_no_without_comment_is_enough(client, article, token_from):
    assert post(client, article, useful="nej", token=token_from(article)).status_code == 200
    assert ArticleFeedback.objects.get().useful is False


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Välj ja eller nej."),
        ({"useful": "kanske"}, "Välj ett giltigt alternativ"),
        ({"useful": "ja", "comment": "x" * 501}, "Kommentaren får vara högst 500 tecken."),
        ({"useful": "ja", "comment": "Köp på https://example.com"}, "Länkar är inte tillåtna"),
        ({"useful": "ja", "comment": "Se www.example.com"}, "Länkar är inte tillåtna"),
    ],
)
def test_invalid_answers_get_swedish_messages_and_nothing_is_saved(
    client, article, token_from, data, message
):
    response = post(client, article, token=token_from(article), **data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Svaret kunde inte skickas" in html
    assert ArticleFeedback.objects.count() == 0


def test_a_robot_filling_the_hidden_field_is_refused(client, article, token_from):
    response = post(client, article, useful="ja", website="http://spam", token=token_from(article))
    assert response.status_code == 400
    assert ArticleFeedback.objects.count() == 0


def test_an_answer_sent_at_once_is_refused_as_too_fast(client, article, token_from):
    response = post(client, article, useful="ja", token=token_from(article, seconds_ago=0))
    assert response.status_code == 400
    assert "Svaret kom för snabbt" in response.content.decode()
    assert ArticleFeedback.objects.count() == 0


def test_missing_forged_expired_or_other_articles_tokens_are_refused(
    client, article, municipality, token_from
):
    other = ArticlePageFactory(parent=municipality, title="En annan artikel")
    cases = [
        ("", "Ladda om sidan"),
        ("123:forged:signature", "Ladda om sidan"),
        (
            token_from(article, seconds_ago=MAX_TOKEN_AGE_SECONDS + 60),
            "Sidan har varit öppen för länge",
        ),
        (token_from(other), "Svaret hör inte till den här artikeln"),
    ]
    for token, message in cases:
        response = post(client, article, useful="ja", token=token)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert ArticleFeedback.objects.count() == 0


def test_rate_limit_holds_per_reader_and_lets_others_answer(client, article, token_from):
    for _ in range(FEEDBACK_LIMIT):
        assert post(client, article, useful="ja", token=token_from(article)).status_code == 200
    refused = post(client, article, useful="ja", token=token_from(article))
    assert refused.status_code == 429
    assert "Vänta en stund" in refused.content.decode()
    assert ArticleFeedback.objects.count() == FEEDBACK_LIMIT

    another_reader = post(
        client, article, address="198.51.100.99", useful="nej", token=token_from(article)
    )
    assert another_reader.status_code == 200
    assert ArticleFeedback.objects.count() == FEEDBACK_LIMIT + 1


def test_rate_limit_keeps_no_address_in_the_cache(client, article, token_from):
    post(client, article, useful="ja", token=token_from(article))
    stored_keys = " ".join(str(key) for key in cache._cache)  # LocMemCache's own store
    assert "198.51.100.4" not in stored_keys


def test_posts_from_another_site_are_refused(client, article, token_from):
    response = client.post(
        f"/aterkoppling/{article.pk}/",
        {"useful": "ja", "token": token_from(article)},
        HTTP_USER_AGENT=BROWSER,
        HTTP_ORIGIN="https://annan-sajt.example",
    )
    assert response.status_code == 403
    assert ArticleFeedback.objects.count() == 0


def test_unpublished_articles_take_no_answers(client, article, token_from):
    token = token_from(article)
    article.unpublish()
    assert post(client, article, useful="ja", token=token).status_code == 404


def test_only_post_is_accepted(client, article):
    assert client.get(f"/aterkoppling/{article.pk}/").status_code == 405


def test_a_refused_answer_keeps_the_readers_comment(client, article, token_from):
    for _ in range(FEEDBACK_LIMIT):
        post(client, article, useful="ja", token=token_from(article))
    comment = "Vi provade upplägget i åk 5 och det fungerade fint."
    refused = post(client, article, useful="ja", comment=comment, token=token_from(article))
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "din kommentar finns kvar" in html
    assert f">{comment}</textarea>" in html


def test_a_school_behind_one_address_can_answer_many_articles(
    client, municipality, token_from, monkeypatch
):
    monkeypatch.setattr("insights.views.FEEDBACK_LIMIT_PER_ADDRESS", 12)
    articles = [ArticlePageFactory(parent=municipality, title=f"Idé {n}") for n in range(5)]
    answers = [
        post(client, item, useful="ja", token=token_from(item))
        for item in articles[:4]
        for _ in range(3)
    ]
    assert [answer.status_code for answer in answers] == [200] * 12
    # Past the address's own limit, the next answer (to any article) waits.
    assert post(client, articles[4], useful="ja", token=token_from(articles[4])).status_code == 429
    assert ArticleFeedback.objects.count() == 12
