"""The admin speaks Swedish, including the parts that come from wagtailmedia."""

from django.urls import reverse


def test_admin_dashboard_is_swedish(admin_client, home):
    response = admin_client.get(reverse("wagtailadmin_home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="sv"' in html
    assert "Sidor" in html and "Skribenter" in html and "Klassificering" in html


def test_media_admin_is_swedish(admin_client):
    index = admin_client.get(reverse("wagtailmedia:index")).content.decode()
    assert "Ljud och video" in index and "Lägg till ljud" in index
    add_audio = admin_client.get(reverse("wagtailmedia:add", args=("audio",))).content.decode()
    assert "Transkription" in add_audio
    assert "Textning (WebVTT)" not in add_audio  # captions belong to video only
    add_video = admin_client.get(reverse("wagtailmedia:add", args=("video",))).content.decode()
    assert "Textning (WebVTT)" in add_video


def test_article_editor_labels_are_swedish(admin_client, article):
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,))).content.decode()
    for label in (
        "Sammanfattning",
        "Huvudbild",
        "Publiceringsdatum",
        "Skribenter",
        "Klassificering",
        "Skolformer",
    ):
        assert label in html, label
