"""Input no view can use (a NUL byte, which PostgreSQL refuses) gives a Swedish 400, never a 500."""

import pytest
from django.urls import reverse

from insights.models import ArticleFeedback

NUL_REQUESTS = [
    "/sok/?q=%00",
    "/sok/?skolform=%00",
    "/sok/?q=matte&kommun=bj%00uv",
    "/sok/forslag/?q=ma%00",
    "/artiklar/?tema=%00",
    "/api/v2/pages/?search=a%00",
    "/api/v2/pages/?type=blog.ArticlePage&fields=summary%00",
    "/?%00=1",
]


@pytest.mark.parametrize("url", NUL_REQUESTS)
def test_a_nul_byte_anywhere_in_the_query_gives_a_swedish_400(client, article, url):
    response = client.get(url)
    assert response.status_code == 400
    if "api" not in url:
        assert "Det gick inte att läsa förfrågan" in response.content.decode()


def test_a_nul_byte_in_a_posted_form_gives_400_and_stores_nothing(client, article):
    response = client.post(
        reverse("insights:feedback", args=(article.pk,)), {"useful": "ja", "comment": "bra\x00"}
    )
    assert response.status_code == 400
    assert not ArticleFeedback.objects.exists()


def test_ordinary_input_is_untouched(client, article):
    assert client.get("/sok/?q=modersm%C3%A5l").status_code == 200
    assert client.get("/api/v2/pages/?search=modersm%C3%A5l").status_code == 200
