"""StreamField blocks shared by every page type; article-only blocks live in blog/blocks.py."""

import logging
from urllib.parse import urlparse

from django.conf import settings
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.exceptions import EmbedException
from wagtail.embeds.models import Embed
from wagtail.images.blocks import ImageBlock
from wagtailmedia.blocks import AudioChooserBlock, VideoChooserBlock

logger = logging.getLogger("pedagogsajten.blocks")


def rich_text_features() -> list[str]:
    return settings.ARTICLE_RICH_TEXT_FEATURES


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="rubrik", max_length=120)
    level = blocks.ChoiceBlock(
        label="nivå",
        choices=[("h2", "Rubrik (nivå 2)"), ("h3", "Underrubrik (nivå 3)")],
        default="h2",
        help_text="Sidans titel är nivå 1; börja med nivå 2.",
    )

    class Meta:
        icon = "title"
        label = "Rubrik"
        template = "core/blocks/heading_block.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label="bild")
    caption = blocks.CharBlock(label="bildtext", required=False, max_length=300)
    credit = blocks.CharBlock(
        label="fotograf/källa",
        required=False,
        max_length=150,
        help_text="Lämna tomt för att använda bildens egen uppgift om fotograf.",
    )

    class Meta:
        icon = "image"
        label = "Bild"
        template = "core/blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="citat")
    attribution = blocks.CharBlock(label="vem som sa det", required=False, max_length=150)

    class Meta:
        icon = "openquote"
        label = "Citat"
        template = "core/blocks/quote_block.html"


class FactBoxBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label="sort",
        choices=[("fakta", "Fakta"), ("tips", "Tips")],
        default="tips",
    )
    title = blocks.CharBlock(label="rubrik", max_length=120)
    body = blocks.RichTextBlock(label="text", features=["bold", "italic", "ul", "ol", "link"])

    class Meta:
        icon = "info-circle"
        label = "Faktaruta/tips"
        template = "core/blocks/fact_box_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="dokument")
    title = blocks.CharBlock(
        label="länktext",
        required=False,
        max_length=150,
        help_text="T.ex. ”Lektionsplanering (PDF)”. Lämna tomt för dokumentets titel.",
    )
    description = blocks.CharBlock(label="beskrivning", required=False, max_length=300)

    class Meta:
        icon = "doc-full"
        label = "Dokument att ladda ner"
        template = "core/blocks/document_block.html"


class AudioBlock(blocks.StructBlock):
    audio = AudioChooserBlock(label="ljud")
    caption = blocks.CharBlock(label="beskrivning", required=False, max_length=300)

    class Meta:
        icon = "media"
        label = "Ljud"
        template = "core/blocks/audio_block.html"


class VideoBlock(blocks.StructBlock):
    video = VideoChooserBlock(label="video")
    caption = blocks.CharBlock(label="beskrivning", required=False, max_length=300)

    class Meta:
        icon = "media"
        label = "Video"
        template = "core/blocks/video_block.html"


class ThirdPartyEmbedBlock(blocks.StructBlock):
    """An oEmbed URL (YouTube, Vimeo, …) shown only after the reader agrees to load it.

    Nothing from the other host is requested when the page loads: the embed code sits in an
    inert <template> until the reader clicks.
    """

    url = EmbedBlock(
        label="adress", help_text="T.ex. en länk till en video på YouTube eller Vimeo."
    )
    title = blocks.CharBlock(
        label="titel",
        max_length=150,
        help_text="Beskriver innehållet för den som inte ser det, t.ex. ”Film: så arbetar vi med högläsning”.",
    )

    class Meta:
        icon = "code"
        label = "Inbäddat innehåll (YouTube, Vimeo …)"
        template = "core/blocks/embed_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        url = value["url"].url if value["url"] else ""
        embed = cached_embed(url)
        context["provider"] = provider_name(url, embed)
        context["embed_html"] = embed.html if embed else ""
        return context


def cached_embed(url: str) -> Embed | None:
    """The provider's embed, from Wagtail's embed cache (filled when the editor saved the URL)."""
    if not url:
        return None
    try:
        return get_embed(url)
    except EmbedException:
        logger.warning("No embed code for %s; showing a link only", url)
        return None


def provider_name(url: str, embed: Embed | None = None) -> str:
    """The name oEmbed gave for the provider ("YouTube"), stored by Wagtail with the embed; without
    one (the provider did not answer), the site's name from the link ("vimeo.com" → "Vimeo")."""
    if embed is not None and embed.provider_name:
        return embed.provider_name
    labels = (urlparse(url).hostname or "").split(".")
    return labels[-2].capitalize() if len(labels) >= 2 else "en annan webbplats"


class BaseStreamBlock(blocks.StreamBlock):
    """Blocks every content page may use."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label="Text",
        icon="pilcrow",
        features=rich_text_features(),
        template="core/blocks/paragraph_block.html",
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    fact_box = FactBoxBlock()
    document = DocumentBlock()
    audio = AudioBlock()
    video = VideoBlock()
    embed = ThirdPartyEmbedBlock()
