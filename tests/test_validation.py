"""Bad input gets a clear Swedish message and nothing half-saved."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.blocks import StreamBlockValidationError
from wagtail.models import Page

from blog.blocks import ArticleBodyBlock
from media_library.factories import SiteImageFactory
from media_library.generate import demo_video, tone_wav, webvtt
from media_library.models import SiteMedia
from media_library.validators import megabytes, validate_webvtt


def test_summary_longer_than_300_characters_is_refused(article):
    article.summary = "å" * 301
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "summary" in error.value.message_dict
    assert "300" in error.value.message_dict["summary"][0]


def test_summary_is_required(article):
    article.summary = ""
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "summary" in error.value.message_dict


def test_hero_image_without_alt_text_is_refused(article):
    article.hero_image = SiteImageFactory()
    article.hero_image_alt = "  "
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert error.value.message_dict["hero_image_alt"] == [
        "Skriv en alternativtext som beskriver huvudbilden, eller markera bilden som dekorativ."
    ]


def test_a_hero_image_marked_decorative_needs_no_alt_text_and_gets_an_empty_one(client, article):
    article.hero_image = SiteImageFactory()
    article.hero_image_alt = ""
    article.hero_image_decorative = True
    article.full_clean()
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    hero = html[html.index('<figure class="article__hero">') :]
    assert 'alt=""' in hero[: hero.index("</figure>")]


def test_body_image_without_alt_text_is_refused_unless_marked_decorative(db):
    image = SiteImageFactory()
    body_block = ArticleBodyBlock()

    def clean(decorative, alt_text):
        value = body_block.to_python(
            [
                {
                    "type": "image",
                    "value": {
                        "image": {
                            "image": image.pk,
                            "decorative": decorative,
                            "alt_text": alt_text,
                        },
                        "caption": "",
                        "credit": "",
                    },
                }
            ]
        )
        return body_block.clean(value)

    with pytest.raises(StreamBlockValidationError):
        clean(False, "")
    assert clean(True, "")  # explicitly decorative: allowed
    assert clean(False, "Barn som läser")


def article_form_data(**overrides) -> dict:
    data = {
        "title": "Ny artikel",
        "slug": "ny-artikel",
        "summary": "En sammanfattning.",
        "publication_date": "2026-11-01",
        "body-count": "1",
        "body-0-type": "paragraph",
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-value": '{"blocks":[{"key":"a","text":"Text","type":"unstyled","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        "article_authors-TOTAL_FORMS": "0",
        "article_authors-INITIAL_FORMS": "0",
        "article_authors-MIN_NUM_FORMS": "0",
        "article_authors-MAX_NUM_FORMS": "1000",
        "action-publish": "1",
    }
    data.update(overrides)
    return data


def test_admin_shows_swedish_errors_for_a_too_long_summary(admin_client, municipality):
    url = reverse("wagtailadmin_pages:add", args=("blog", "articlepage", municipality.pk))
    response = admin_client.post(url, article_form_data(summary="x" * 301))
    assert response.status_code == 200
    assert "Säkerställ att detta värde har som mest 300 tecken" in response.content.decode()
    assert not Page.objects.filter(slug="ny-artikel").exists()


def test_publishing_without_classification_is_refused(admin_client, municipality):
    url = reverse("wagtailadmin_pages:add", args=("blog", "articlepage", municipality.pk))
    response = admin_client.post(url, article_form_data())
    assert response.status_code == 200
    form = response.context["form"]
    assert {"school_forms", "article_type"} <= set(form.errors)
    assert not Page.objects.filter(slug="ny-artikel").exists()


def upload(admin_client, media_type, **fields):
    url = reverse("wagtailmedia:add", args=(media_type,))
    data = {"title": "Uppladdning", "collection": "1", "tags": "", "duration": "0"}
    data.update(fields)
    return admin_client.post(url, data)


def test_text_file_named_mp3_is_refused_in_swedish_and_nothing_is_saved(admin_client):
    fake = SimpleUploadedFile(
        "avsnitt.mp3", b"Det har ar bara text, inget ljud." * 20, content_type="audio/mpeg"
    )
    response = upload(admin_client, "audio", file=fake, transcript="Text")
    assert response.status_code == 200
    assert "Filen är inte en ljudfil" in response.content.decode()
    assert SiteMedia.objects.count() == 0


def test_audio_file_uploaded_as_video_is_refused(admin_client):
    sound = SimpleUploadedFile("film.mp4", tone_wav("x", seconds=1), content_type="video/mp4")
    captions = SimpleUploadedFile("film.vtt", webvtt(["Hej"]), content_type="text/vtt")
    response = upload(admin_client, "video", file=sound, captions=captions, captions_language="sv")
    assert response.status_code == 200
    assert "Filen är en ljudfil, inte en videofil" in response.content.decode()
    assert SiteMedia.objects.count() == 0


def test_audio_needs_a_transcript_and_video_needs_captions(admin_client):
    audio = SimpleUploadedFile("avsnitt.wav", tone_wav("a", seconds=1), content_type="audio/wav")
    response = upload(admin_client, "audio", file=audio, transcript="")
    assert "Ljud behöver en transkription" in response.content.decode()
    video = SimpleUploadedFile("film.mp4", demo_video("v", seconds=1), content_type="video/mp4")
    response = upload(admin_client, "video", file=video, captions_language="sv")
    assert "Video behöver en textningsfil (WebVTT)" in response.content.decode()
    assert SiteMedia.objects.count() == 0


def test_valid_audio_upload_is_saved_with_its_duration(admin_client):
    audio = SimpleUploadedFile("avsnitt.wav", tone_wav("a", seconds=2), content_type="audio/wav")
    response = upload(admin_client, "audio", file=audio, transcript="Hej och välkommen.")
    assert response.status_code == 302
    saved = SiteMedia.objects.get()
    assert saved.type == "audio" and saved.duration == pytest.approx(2.0, abs=0.1)


def test_valid_video_upload_with_captions_is_saved(admin_client):
    video = SimpleUploadedFile("film.mp4", demo_video("v", seconds=1), content_type="video/mp4")
    captions = SimpleUploadedFile("film.vtt", webvtt(["Hej på er!"]), content_type="text/vtt")
    response = upload(admin_client, "video", file=video, captions=captions, captions_language="sv")
    assert response.status_code == 302
    assert SiteMedia.objects.get().captions.name.endswith(".vtt")


def test_captions_must_be_webvtt():
    with pytest.raises(ValidationError) as error:
        validate_webvtt(ContentFile(b"1\n00:00:01,000 --> 00:00:02,000\nSRT, inte WebVTT\n"))
    assert "WebVTT" in error.value.messages[0]


def test_webvtt_with_swedish_letters_at_the_start_is_accepted():
    # 64 bytes into this file falls inside the two-byte "å" of "Båstad".
    validate_webvtt(ContentFile(webvtt(["Vi är på stranden i Båstad."], 1.5)))
    validate_webvtt(ContentFile("\ufeffWEBVTT\n\n".encode()))


def test_a_draft_can_be_saved_before_it_is_classified(admin_client, municipality):
    """Writers save unfinished work; required classification is checked when they publish or submit."""
    url = reverse("wagtailadmin_pages:add", args=("blog", "articlepage", municipality.pk))
    data = article_form_data(summary="", body_count="0")
    data.pop("action-publish")
    response = admin_client.post(url, data)
    assert response.status_code == 302
    draft = Page.objects.child_of(municipality).get(slug="ny-artikel")
    assert draft.live is False


def test_audio_and_video_over_their_size_limits_are_refused_in_swedish(admin_client, settings):
    settings.MEDIA_MAX_UPLOAD_SIZE = {"audio": 16 * 1024, "video": 16 * 1024}
    audio = SimpleUploadedFile("lang.wav", tone_wav("a", seconds=2), content_type="audio/wav")
    response = upload(admin_client, "audio", file=audio, transcript="Hej.")
    assert response.status_code == 200
    assert "en ljudfil får vara högst 0 MB" in response.content.decode()
    assert SiteMedia.objects.count() == 0

    settings.MEDIA_MAX_UPLOAD_SIZE = {"audio": 50 * 1024 * 1024, "video": 16 * 1024}
    again = SimpleUploadedFile("lang.wav", tone_wav("a", seconds=2), content_type="audio/wav")
    assert upload(admin_client, "audio", file=again, transcript="Hej.").status_code == 302


def test_sizes_are_stated_in_megabytes_the_swedish_way():
    assert (megabytes(50 * 1024 * 1024), megabytes(1536 * 1024)) == ("50", "1,5")
