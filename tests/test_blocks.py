"""Every StreamField block renders what a reader needs, through a real article page."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents import get_document_model
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from blog.factories import ArticlePageFactory
from media_library.factories import AudioFactory, SiteImageFactory, VideoFactory, png_bytes
from tests.factories import ARTICLE_BLOCK_TYPES

YOUTUBE_URL = "https://www.youtube.com/watch?v=abc123"


@pytest.fixture
def cached_youtube_embed(db):
    """The embed as Wagtail caches it after an editor saved the URL (no network in tests)."""
    return Embed.objects.create(
        hash=get_embed_hash(YOUTUBE_URL),
        url=YOUTUBE_URL,
        type="video",
        provider_name="YouTube",
        html='<iframe src="https://www.youtube-nocookie.com/embed/abc123" title="Film"></iframe>',
    )


def render(client, municipality, body):
    page = ArticlePageFactory(parent=municipality, title="Alla block", body=body)
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('<div class="prose">') : html.index('<section class="classification"')]


def test_heading_and_paragraph(client, municipality):
    html = render(
        client,
        municipality,
        [
            {"type": "heading", "value": {"text": "Så gjorde vi", "level": "h2"}},
            {"type": "heading", "value": {"text": "Steg ett", "level": "h3"}},
            {"type": "paragraph", "value": "<p>Eleverna <b>vek</b> remsor.</p>"},
        ],
    )
    assert '<h2 class="block-heading">Så gjorde vi</h2>' in html
    assert '<h3 class="block-heading">Steg ett</h3>' in html
    assert "Eleverna <b>vek</b> remsor." in html


def test_image_with_alt_caption_credit_and_srcset(client, municipality):
    image = SiteImageFactory(
        credit="Foto: Bildens egen fotograf",
        file=ImageFile(io.BytesIO(png_bytes((1600, 900))), name="stor.png"),
    )
    html = render(
        client,
        municipality,
        [
            {
                "type": "image",
                "value": {
                    "image": {"image": image.pk, "decorative": False, "alt_text": "Barn som odlar"},
                    "caption": "Skolträdgården i maj.",
                    "credit": "Foto: Emma Håkansson",
                },
            }
        ],
    )
    assert 'alt="Barn som odlar"' in html
    assert "srcset=" in html and "400w" in html
    assert "Skolträdgården i maj." in html
    assert "Foto: Emma Håkansson" in html
    assert "Bildens egen fotograf" not in html


def test_decorative_image_has_empty_alt_and_falls_back_to_image_credit(client, municipality):
    image = SiteImageFactory(credit="Foto: Bildens egen fotograf")
    html = render(
        client,
        municipality,
        [
            {
                "type": "image",
                "value": {
                    "image": {"image": image.pk, "decorative": True, "alt_text": ""},
                    "caption": "",
                    "credit": "",
                },
            }
        ],
    )
    assert 'alt=""' in html
    assert "Foto: Bildens egen fotograf" in html


def test_quote_and_fact_box(client, municipality):
    html = render(
        client,
        municipality,
        [
            {
                "type": "quote",
                "value": {"text": "Nu vet jag vem jag kan leka med.", "attribution": "Elev i åk 2"},
            },
            {
                "type": "fact_box",
                "value": {"kind": "tips", "title": "Börja smått", "body": "<p>Välj ett ämne.</p>"},
            },
        ],
    )
    assert "<blockquote><p>Nu vet jag vem jag kan leka med.</p></blockquote>" in html
    assert "– Elev i åk 2" in html
    assert 'aria-label="Tips: Börja smått"' in html and "<p>Välj ett ämne.</p>" in html


def test_downloadable_document(client, municipality):
    Document = get_document_model()
    document = Document(title="Lektionsplanering")
    document.file.save("lektion.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    document.save()
    html = render(
        client,
        municipality,
        [
            {
                "type": "document",
                "value": {
                    "document": document.pk,
                    "title": "Planeringen (PDF)",
                    "description": "En sida.",
                },
            }
        ],
    )
    assert f'href="{document.url}" download' in html
    assert "Planeringen (PDF)" in html and "(PDF," in html


def test_audio_with_transcript(client, municipality):
    audio = AudioFactory(
        title="Närvaro på högstadiet",
        transcript="Välkommen till podden.\n\nI dag pratar vi om närvaro.",
    )
    html = render(
        client,
        municipality,
        [{"type": "audio", "value": {"audio": audio.pk, "caption": "Lyssna."}}],
    )
    assert "<audio controls" in html and f'src="{audio.url}"' in html
    assert "Transkription av ”Närvaro på högstadiet”" in html
    assert "I dag pratar vi om närvaro." in html


def test_video_with_captions_track(client, municipality):
    video = VideoFactory(title="Havet som lärmiljö")
    html = render(
        client, municipality, [{"type": "video", "value": {"video": video.pk, "caption": ""}}]
    )
    assert "<video controls" in html and f'src="{video.url}"' in html
    assert (
        f'<track kind="captions" src="{video.captions.url}" srclang="sv" label="Svenska" default>'
        in html
    )


def test_embed_waits_for_the_readers_click(client, municipality, cached_youtube_embed):
    html = render(
        client,
        municipality,
        [{"type": "embed", "value": {"url": YOUTUBE_URL, "title": "Film om källkritik"}}],
    )
    assert "Innehållet visas från YouTube" in html
    # The iframe exists only inside an inert <template>: the browser requests nothing before the click.
    before_template, template = html.split("<template data-embed-template>", 1)
    assert "<iframe" not in before_template
    assert "youtube-nocookie.com/embed/abc123" in template
    assert f'href="{YOUTUBE_URL}"' in html


def test_embed_without_cached_code_still_offers_a_link(client, municipality):
    Embed.objects.create(
        hash=get_embed_hash("https://vimeo.com/1"), url="https://vimeo.com/1", html="", type="link"
    )
    html = render(
        client,
        municipality,
        [{"type": "embed", "value": {"url": "https://vimeo.com/1", "title": "Film"}}],
    )
    assert "<template" not in html
    assert 'href="https://vimeo.com/1"' in html and "hos Vimeo" in html


def test_lesson_plan(client, municipality):
    html = render(
        client,
        municipality,
        [
            {
                "type": "lesson_plan",
                "value": {
                    "aim": "<p>Förstå bråk.</p>",
                    "target_group": "Åk 4–6",
                    "duration": "2 × 60 minuter",
                    "materials": ["Pappersremsor", "Saxar"],
                    "steps": ["Vik remsor.", "Jämför."],
                },
            }
        ],
    )
    assert "Lektionsupplägg" in html and "Åk 4–6" in html and "2 × 60 minuter" in html
    assert "<li>Pappersremsor</li>" in html
    assert "<ol><li>Vik remsor.</li><li>Jämför.</li></ol>" in html


def test_rich_text_editor_keeps_only_the_allowed_features():
    """What the editor saves passes through Draftail's converter: raw HTML and scripts are dropped."""
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    from blog.blocks import ArticleBodyBlock

    features = ArticleBodyBlock().child_blocks["paragraph"].features
    assert "code" not in features and "embed" not in features and "image" not in features
    converter = ContentstateConverter(features)
    pasted = '<p>Text <b>fet</b><script>alert(1)</script><iframe src="https://evil.example"></iframe></p><h2>Stor</h2>'
    saved = converter.to_database_format(converter.from_database_format(pasted))
    assert "<b>fet</b>" in saved
    assert "script" not in saved and "iframe" not in saved and "<h2>" not in saved


def test_every_article_block_type_is_covered_here():
    """Adding a block type without a rendering test above should fail loudly."""
    from blog.blocks import ArticleBodyBlock

    assert set(ArticleBodyBlock().child_blocks) == ARTICLE_BLOCK_TYPES
