"""A WordPress post's content (Gutenberg blocks or classic-editor HTML) as the project's
StreamField blocks (core/blocks.py): heading, paragraph (rich text in Wagtail's stored format,
limited to the article's features), image, quote, document, audio, video and embed.

Nothing here touches the database: the importer passes a `Resolver` that knows the imported
media and pages. Whatever cannot be carried over is kept as sanitised text where it has text and
named in `Conversion.notes` for the report, never dropped silently. The rich text is written
from scratch (only <p>, <b>, <i>, <br/>, lists, <h3>/<h4> and links are ever emitted, text
escaped), so no markup of the old site can reach a page.
"""

import html
import re
import uuid
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import parse_qs, urlparse

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from . import gutenberg, shortcodes

HEADING_MAX, CAPTION_MAX, TITLE_MAX, ATTRIBUTION_MAX = 120, 300, 150, 150
WHITESPACE = re.compile(r"\s+")
WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")
BLOCK_START = re.compile(
    r"^\s*</?(?:p|div|h[1-6]|ul|ol|li|blockquote|figure|figcaption|table|thead|tbody|tr|td|th|"
    r"pre|hr|iframe|dl|dt|dd|section|article|aside|header|footer|address|x-wp-[a-z]+)\b",
    re.IGNORECASE,
)
BLOCK_END = re.compile(
    r"</(?:p|div|h[1-6]|ul|ol|li|blockquote|figure|table|pre|dl|section|article|x-wp-[a-z]+)>\s*$",
    re.IGNORECASE,
)
DROPPED_WITH_CONTENT = {
    "script", "style", "noscript", "template", "form", "input", "button", "select", "textarea",
    "svg", "canvas", "object", "embed", "head", "title", "meta", "link", "map", "area",
}  # fmt: skip
INLINE = {
    "a", "b", "strong", "i", "em", "u", "span", "br", "code", "small", "big", "sup", "sub",
    "abbr", "acronym", "mark", "font", "del", "ins", "s", "strike", "cite", "q", "time",
    "label", "kbd", "var", "samp", "dfn", "bdi", "bdo", "wbr", "img",
}  # fmt: skip
# Blocks that only arrange others: their inner blocks are converted one by one.
CONTAINERS = {
    "core/columns", "core/column", "core/group", "core/cover", "core/media-text", "core/row",
    "core/stack", "core/buttons", "core/details",
}  # fmt: skip
# Blocks without content of their own (layout): nothing to keep.
LAYOUT_ONLY = {"core/separator", "core/spacer", "core/more", "core/nextpage", "core/page-break"}
# Static blocks whose saved HTML says everything: converted as HTML.
AS_HTML = {
    "core/paragraph", "core/heading", "core/list", "core/list-item", "core/quote",
    "core/pullquote", "core/image", "core/gallery", "core/preformatted", "core/code",
    "core/verse", "core/button", "core/audio", "core/video",
}  # fmt: skip
EMBED_HOSTS = {
    "youtube.com": "YouTube", "www.youtube.com": "YouTube", "m.youtube.com": "YouTube",
    "youtu.be": "YouTube", "www.youtube-nocookie.com": "YouTube", "youtube-nocookie.com": "YouTube",
    "vimeo.com": "Vimeo", "www.vimeo.com": "Vimeo", "player.vimeo.com": "Vimeo",
}  # fmt: skip
MAX_REUSABLE_DEPTH = 3


@dataclass
class MediaRef:
    """An imported file: kind is "image", "document", "audio" or "video"."""

    kind: str
    pk: int
    alt: str = ""
    caption: str = ""
    title: str = ""


@dataclass
class Link:
    """Where a link points now: kind "page" or "document" (pk), "pending" (a post of this
    export not imported yet: pk is its WordPress id) or "external" (href)."""

    kind: str
    pk: int = 0
    href: str = ""


class Resolver(Protocol):
    def media(self, wp_id: int | None = None, url: str = "") -> MediaRef | None: ...

    def link(self, href: str) -> Link | None: ...

    def is_old_site(self, url: str) -> bool: ...

    def reusable_block(self, wp_id: int) -> str | None: ...


@dataclass
class Conversion:
    blocks: list[dict] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (kind, detail), Swedish
    pending_links: bool = False

    def first_text(self) -> str:
        """The text of the first paragraph (for a summary when the excerpt is empty)."""
        for block in self.blocks:
            if block["type"] == "paragraph":
                first = re.search(r"<p>(.*?)</p>", block["value"], re.DOTALL)
                if first:
                    text = html.unescape(re.sub(r"<[^>]+>", " ", first.group(1)))
                    text = WHITESPACE.sub(" ", text).strip()
                    if text:
                        return text
        return ""


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment (entities decoded, whitespace collapsed)."""
    if "<" not in fragment and "&" not in fragment:
        return WHITESPACE.sub(" ", fragment).strip()
    soup = BeautifulSoup(fragment, "html.parser")
    for dropped in soup.find_all(DROPPED_WITH_CONTENT):
        dropped.decompose()
    return WHITESPACE.sub(" ", soup.get_text(" ")).strip()


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word with an ellipsis."""
    text = WHITESPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,.;:–-") + "…"


def autop(text: str) -> str:
    """WordPress's wpautop, simplified: blank lines separate paragraphs, a single line break is
    a <br/>; chunks that begin or end with a block element are left as they are."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chunks = re.split(r"\n\s*\n", text)
    result = []
    for chunk in chunks:
        if not chunk.strip():
            continue
        if BLOCK_START.match(chunk) or BLOCK_END.search(chunk):
            result.append(chunk)
        else:
            result.append("<p>" + chunk.strip().replace("\n", "<br/>\n") + "</p>")
    return "\n".join(result)


def embed_url(url: str) -> tuple[str, str] | None:
    """(watch address, provider name) for a YouTube or Vimeo address, player addresses included;
    None for any other site (the site's CSP lets only those two play on a page)."""
    parsed = urlparse(url.strip())
    host = (parsed.hostname or "").lower()
    provider = EMBED_HOSTS.get(host)
    if provider is None:
        return None
    if provider == "YouTube":
        video = ""
        if host == "youtu.be":
            video = parsed.path.strip("/").split("/")[0]
        elif parsed.path.startswith(("/embed/", "/v/", "/shorts/", "/live/")):
            video = parsed.path.split("/")[2]
        else:
            video = parse_qs(parsed.query).get("v", [""])[0]
        if not re.fullmatch(r"[\w-]{6,20}", video):
            return None
        return f"https://www.youtube.com/watch?v={video}", provider
    number = re.search(r"/(?:video/)?(\d+)", parsed.path)
    if not number:
        return None
    return f"https://vimeo.com/{number.group(1)}", provider


class Converter:
    def __init__(self, resolver: Resolver):
        self.resolver = resolver
        self.result = Conversion()
        self._rich: list[str] = []  # block-level rich text waiting to become one paragraph block
        self._inline: list = []  # inline nodes waiting to become one <p>
        self._depth = 0
        self._block_media_id = None
        # Inside an unknown block headings stay in the rich text (as <h3>/<h4>).
        self._rich_mode = False

    # Entry points ---------------------------------------------------------------------------

    def convert(self, content: str) -> Conversion:
        if gutenberg.has_blocks(content):
            for block in gutenberg.parse_blocks(content):
                self._block(block)
        else:
            self._classic(content)
        self._flush()
        return self.result

    def _classic(self, content: str) -> None:
        unknown: list[str] = []
        expanded = shortcodes.expand(content, unknown)
        for name in dict.fromkeys(unknown):
            self.note("kortkod", f"[{name}] togs bort (texten inuti behölls)")
        self._html(autop(expanded))

    # Gutenberg blocks -----------------------------------------------------------------------

    def _block(self, block: gutenberg.Block) -> None:
        name = block.name
        if name == "core/freeform":
            self._classic(block.html)
        elif name in LAYOUT_ONLY:
            return
        elif name in CONTAINERS:
            for part in block.parts:
                if isinstance(part, str):
                    self._html(part)
                else:
                    self._block(part)
        elif name == "core/embed" or name.startswith("core-embed/"):
            soup = BeautifulSoup(full_html(block), "html.parser")
            url = block.attrs.get("url") or soup.get_text(" ").strip().split(" ")[0]
            caption = soup.find("figcaption")
            self._flush()
            self._embed(url, plain_text(caption.decode_contents()) if caption else "")
        elif name == "core/file":
            self._file(block)
        elif name == "core/block":
            self._reusable(block)
        elif name == "core/shortcode":
            self._classic(full_html(block))
        elif name in AS_HTML:
            self._html(full_html(block), block_media_id=block.attrs.get("id"))
        elif name == "core/table":
            self.note("tabell", "en tabell blev text (tabeller finns inte bland blocken)")
            self._html(full_html(block))
        elif name == "core/html":
            self.note("html", "eget HTML-block blev text; kontrollera innehållet")
            self._html(full_html(block))
        else:
            text = plain_text(full_html(block))
            if text:
                self.note("okänt block", f"{name} blev text")
                self._rich_mode = True
                self._html(full_html(block))
                self._rich_mode = False
            else:
                self.note("okänt block", f"{name} har inget sparat innehåll och togs inte med")

    def _reusable(self, block: gutenberg.Block) -> None:
        reference = block.attrs.get("ref")
        content = self.resolver.reusable_block(int(reference)) if str(reference).isdigit() else None
        if content is None or self._depth >= MAX_REUSABLE_DEPTH:
            self.note("okänt block", f"återanvändbart block {reference} finns inte i exporten")
            return
        self._depth += 1
        for inner in gutenberg.parse_blocks(content):
            self._block(inner)
        self._depth -= 1

    def _file(self, block: gutenberg.Block) -> None:
        soup = BeautifulSoup(full_html(block), "html.parser")
        link = soup.find("a", href=True)
        href = block.attrs.get("href") or (link["href"] if link else "")
        media = self.resolver.media(wp_id=_int(block.attrs.get("id")), url=href)
        if media is not None and media.kind == "document":
            title = plain_text(link.decode_contents()) if link else ""
            self._flush()
            self._add(
                "document",
                {"document": media.pk, "title": shorten(title, TITLE_MAX), "description": ""},
            )
        elif media is not None and media.kind in ("audio", "video"):
            self._flush()
            self._add(media.kind, {media.kind: media.pk, "caption": ""})
        else:
            self._missing_file(href)
            self._html(str(soup))

    # HTML -----------------------------------------------------------------------------------

    def _html(self, fragment: str, block_media_id=None) -> None:
        if not fragment.strip():
            return
        soup = BeautifulSoup(fragment, "html.parser")
        self._block_media_id = _int(block_media_id)
        self._nodes(list(soup.children))
        self._flush_inline()
        self._block_media_id = None

    def _nodes(self, nodes) -> None:
        for node in nodes:
            self._node(node)

    def _node(self, node) -> None:
        if isinstance(node, Comment):
            return
        if isinstance(node, NavigableString):
            if str(node).strip() or self._inline:
                self._inline.append(node)
            return
        if not isinstance(node, Tag):
            return
        name = node.name.lower()
        if name in DROPPED_WITH_CONTENT:
            if name in ("script", "form", "object", "embed", "svg", "canvas"):
                self.note("borttaget", f"<{name}> togs bort")
            return
        if name == "img":
            self._flush_inline()
            self._image(node, caption="")
            return
        if name in INLINE:
            if node.find("img"):
                # A linked image (<a href="stor.jpg"><img></a>): the picture becomes its own block.
                images = [image.extract() for image in node.find_all("img")]
                if node.get_text().strip():
                    self._inline.append(node)
                self._flush_inline()
                for image in images:
                    self._image(image, caption="")
                return
            self._inline.append(node)
            return
        self._flush_inline()
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading(node, "h2" if name in ("h1", "h2") else "h3")
        elif name == "p":
            self._paragraph(node)
        elif name in ("ul", "ol"):
            images = [image.extract() for image in node.find_all("img")]
            listed = self._list(node)
            if listed:
                self._rich.append(listed)
            for image in images:
                self._image(image, caption="")
        elif name == "blockquote":
            self._quote(node)
        elif name == "figure":
            self._figure(node)
        elif name == "iframe":
            self._flush()
            self._embed(node.get("src", ""), node.get("title", ""))
        elif name in ("audio", "video"):
            self._media_tag(node, name, caption="")
        elif name == "pre":
            text = html.escape(node.get_text()).strip().replace("\n", "<br/>")
            if text:
                self._rich.append(f"<p>{text}</p>")
        elif name == "table":
            self._table(node)
        elif name == "hr":
            return
        elif name == "dl":
            for item in node.find_all(["dt", "dd"]):
                text = self._inline_html(item.children)
                if text:
                    self._rich.append(
                        f"<p><b>{text}</b></p>" if item.name == "dt" else f"<p>{text}</p>"
                    )
        elif name == "x-wp-gallery":
            self._gallery(node)
        elif name == "x-wp-embed":
            self._flush()
            if node.get("bare") and embed_url(node.get("url", "")) is None:
                url = node.get("url", "")
                self._rich.append(f'<p><a href="{html.escape(url)}">{html.escape(url)}</a></p>')
            else:
                self._embed(node.get("url", ""), "")
        elif name in ("x-wp-audio", "x-wp-video"):
            self._media_tag(node, name[5:], caption="")
        else:
            self._nodes(list(node.children))  # div, section, span at block level …

    def _paragraph(self, node: Tag) -> None:
        images = [image.extract() for image in node.find_all("img")]
        text = node.get_text().strip()
        embed = embed_url(text) if text.startswith("http") and " " not in text else None
        if embed and not node.find("a", href=lambda href: href and href.strip() != text):
            self._flush()
            self._embed(text, "")
        else:
            body = self._inline_html(node.children)
            if body:
                self._rich.append(f"<p>{body}</p>")
        for image in images:
            self._image(image, caption="")

    def _heading(self, node: Tag, level: str) -> None:
        text = plain_text(node.decode_contents())
        if not text:
            return
        if self._rich_mode:
            tag = "h4" if node.name.lower() in ("h4", "h5", "h6") else "h3"
            self._rich.append(f"<{tag}>{html.escape(text, quote=False)}</{tag}>")
            return
        if len(text) > HEADING_MAX:
            self._rich.append(f"<p><b>{html.escape(text)}</b></p>")
            self.note("rubrik", "en rubrik över 120 tecken blev fet text")
            return
        self._flush()
        self._add("heading", {"text": text, "level": level})

    def _list(self, node: Tag) -> str:
        items = []
        for item in node.find_all("li", recursive=False):
            nested = [child.extract() for child in item.find_all(["ul", "ol"], recursive=False)]
            text = self._inline_html(item.children)
            inner = "".join(self._list(child) for child in nested)
            if text or inner:
                items.append(f"<li>{text}{inner}</li>")
        return f"<{node.name}>{''.join(items)}</{node.name}>" if items else ""

    def _quote(self, node: Tag) -> None:
        cite = node.find(["cite", "footer"])
        attribution = plain_text(cite.decode_contents()) if cite else ""
        if cite:
            cite.extract()
        paragraphs = node.find_all("p") or [node]
        text = "\n".join(filter(None, (plain_text(p.decode_contents()) for p in paragraphs)))
        classes = " ".join(node.get("class") or [])
        if "twitter-tweet" in classes or "instagram-media" in classes:
            link = node.find("a", href=True)
            self.note("inbäddning", "ett inlägg från sociala medier blev en länk")
            if link:
                self._rich.append(
                    f'<p><a href="{html.escape(link["href"])}">{html.escape(text or link["href"])}</a></p>'
                )
            return
        if not text:
            return
        self._flush()
        self._add("quote", {"text": text, "attribution": shorten(attribution, ATTRIBUTION_MAX)})

    def _figure(self, node: Tag) -> None:
        classes = " ".join(node.get("class") or [])
        caption_tag = node.find("figcaption", recursive=False) or node.find("figcaption")
        caption = plain_text(caption_tag.decode_contents()) if caption_tag else ""
        if "wp-block-embed" in classes:
            wrapper = node.find(class_="wp-block-embed__wrapper")
            url = (wrapper or node).get_text(" ").strip().split(" ")[0]
            self._flush()
            self._embed(url, caption)
            return
        if node.find("figure"):  # a gallery of figures
            for inner in node.find_all("figure"):
                self._figure(inner)
            return
        images = node.find_all("img")
        if images:
            for image in images:
                self._image(image, caption=caption if len(images) == 1 else "")
            return
        for tag in ("video", "audio"):
            media = node.find(tag)
            if media is not None:
                self._media_tag(media, tag, caption)
                return
        if node.find("iframe"):
            self._flush()
            self._embed(node.find("iframe").get("src", ""), caption)
            return
        if node.find("table"):
            self._table(node.find("table"))
            return
        self._nodes(list(node.children))

    def _table(self, node: Tag) -> None:
        for row in node.find_all("tr"):
            cells = [self._inline_html(cell.children) for cell in row.find_all(["td", "th"])]
            cells = [cell for cell in cells if cell]
            if cells:
                self._rich.append(f"<p>{' – '.join(cells)}</p>")

    def _gallery(self, node: Tag) -> None:
        ids = [
            value
            for value in re.split(r"[,\s]+", node.get("ids", "") or node.get("include", ""))
            if value.isdigit()
        ]
        if not ids:
            self.note("galleri", "ett galleri utan bilder (ids) togs inte med")
        for wp_id in ids:
            media = self.resolver.media(wp_id=int(wp_id))
            if media is None or media.kind != "image":
                self.note(
                    "bild saknas",
                    f"bild {wp_id} i ett galleri finns inte bland de importerade filerna",
                )
                continue
            self._add_image(media, alt="", caption=media.caption)

    # Media ----------------------------------------------------------------------------------

    def _image(self, node: Tag, caption: str) -> None:
        source = node.get("src", "") or ""
        wp_id = None
        found = WP_IMAGE_CLASS.search(" ".join(node.get("class") or []))
        if found:
            wp_id = int(found.group(1))
        elif str(node.get("data-id", "")).isdigit():
            wp_id = int(node["data-id"])
        elif self._block_media_id:
            wp_id = self._block_media_id
        media = self.resolver.media(wp_id=wp_id, url=source)
        if media is None or media.kind != "image":
            self._missing_file(source, image=True)
            return
        self._add_image(
            media, alt=(node.get("alt") or "").strip(), caption=caption or media.caption
        )

    def _add_image(self, media: MediaRef, alt: str, caption: str) -> None:
        alt = alt or media.alt
        if not alt:
            self.note(
                "alternativtext",
                f"bilden ”{media.title}” saknar alternativtext och markerades som dekorativ",
            )
        self._flush()
        self._add(
            "image",
            {
                "image": {"image": media.pk, "decorative": not alt, "alt_text": shorten(alt, 250)},
                "caption": shorten(caption, CAPTION_MAX),
                "credit": "",
            },
        )

    def _media_tag(self, node: Tag, kind: str, caption: str) -> None:
        source = node.get("src") or ""
        if not source:
            inner = node.find("source", src=True)
            source = inner["src"] if inner else ""
        media = self.resolver.media(wp_id=self._block_media_id, url=source)
        if media is None or media.kind not in ("audio", "video"):
            if embed_url(source):
                self._flush()
                self._embed(source, caption)
                return
            self._missing_file(source)
            return
        self._flush()
        self._add(media.kind, {media.kind: media.pk, "caption": shorten(caption, CAPTION_MAX)})

    def _embed(self, url: str, caption: str) -> None:
        url = html.unescape((url or "").strip())
        found = embed_url(url)
        if found is None:
            if url:
                self.note(
                    "inbäddning",
                    f"inbäddat innehåll från {urlparse(url).hostname or url} blev en länk",
                )
                label = html.escape(caption or url)
                self._rich.append(f'<p><a href="{html.escape(url)}">{label}</a></p>')
            return
        address, provider = found
        title = caption or f"Film från {provider}"
        self._add("embed", {"url": address, "title": shorten(title, TITLE_MAX)})

    def _missing_file(self, url: str, image: bool = False) -> None:
        what = "bilden" if image else "filen"
        if not url:
            self.note("fil saknas", f"{what} saknar adress och togs inte med")
        elif self.resolver.is_old_site(url):
            name = urlparse(url).path.rsplit("/", 1)[-1]
            self.note("bild saknas" if image else "fil saknas", f"{what} {name} importerades inte")
        else:
            self.note(
                "extern fil",
                f"{what} på {urlparse(url).hostname} hämtas inte (ingen nätåtkomst vid import)",
            )

    # Rich text ------------------------------------------------------------------------------

    def _inline_html(self, nodes) -> str:
        text = "".join(self._inline_piece(node) for node in nodes)
        text = re.sub(r"\s*<br/>\s*", "<br/>", text)
        text = re.sub(r"(?:\s|<br/>)+$", "", re.sub(r"^(?:\s|<br/>)+", "", text))
        return text if re.sub(r"<[^>]+>", "", text).strip() else ""

    def _inline_piece(self, node) -> str:
        if isinstance(node, Comment):
            return ""
        if isinstance(node, NavigableString):
            return html.escape(WHITESPACE.sub(" ", str(node)), quote=False)
        if not isinstance(node, Tag):
            return ""
        name = node.name.lower()
        if name in DROPPED_WITH_CONTENT or name in ("img", "iframe", "audio", "video"):
            return ""
        if name == "br":
            return "<br/>"
        inner = "".join(self._inline_piece(child) for child in node.children)
        if name in ("b", "strong"):
            return f"<b>{inner}</b>" if inner.strip() else inner
        if name in ("i", "em"):
            return f"<i>{inner}</i>" if inner.strip() else inner
        if name == "a":
            return self._link(node.get("href", ""), inner)
        if name in ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"):
            return f" {inner} "
        return inner

    def _link(self, href: str, inner: str) -> str:
        if not re.sub(r"<[^>]+>", "", inner).strip():
            return inner
        link = self.resolver.link(html.unescape(href or "").strip()) if href else None
        if link is None:
            return inner
        if link.kind == "page":
            return f'<a linktype="page" id="{link.pk}">{inner}</a>'
        if link.kind == "document":
            return f'<a linktype="document" id="{link.pk}">{inner}</a>'
        if link.kind == "pending":
            self.result.pending_links = True
            return f'<a linktype="{PENDING_LINKTYPE}" id="{link.pk}">{inner}</a>'
        return f'<a href="{html.escape(link.href)}">{inner}</a>'

    # Output ---------------------------------------------------------------------------------

    def _flush_inline(self) -> None:
        if self._inline:
            body = self._inline_html(self._inline)
            self._inline = []
            if body:
                self._rich.append(f"<p>{body}</p>")

    def _flush(self) -> None:
        self._flush_inline()
        if self._rich:
            self._add("paragraph", "".join(self._rich))
            self._rich = []

    def _add(self, kind: str, value) -> None:
        self.result.blocks.append({"type": kind, "value": value, "id": str(uuid.uuid4())})

    def note(self, kind: str, detail: str) -> None:
        if (kind, detail) not in self.result.notes:
            self.result.notes.append((kind, detail))


# A link to a post of the export that has no page yet; the importer's last step makes it a page
# link (PENDING_LINK). Rendered before that, Wagtail shows its text without a link.
PENDING_LINKTYPE = "wordpress-post"
PENDING_LINK = re.compile(rf'<a linktype="{PENDING_LINKTYPE}" id="(\d+)">')


def resolve_pending(value, page_ids: dict[int, int]):
    """The stored body (raw stream data) with pending links to posts that now have pages made
    page links; (new value, how many remain pending)."""
    remaining = 0

    def replace_in(text: str) -> str:
        nonlocal remaining

        def swap(match: re.Match) -> str:
            nonlocal remaining
            page_id = page_ids.get(int(match.group(1)))
            if page_id is None:
                remaining += 1
                return match.group(0)
            return f'<a linktype="page" id="{page_id}">'

        return PENDING_LINK.sub(swap, text)

    def walk(item):
        if isinstance(item, str):
            return replace_in(item) if PENDING_LINKTYPE in item else item
        if isinstance(item, list):
            return [walk(child) for child in item]
        if isinstance(item, dict):
            return {key: walk(child) for key, child in item.items()}
        return item

    return walk(value), remaining


def full_html(block: gutenberg.Block) -> str:
    """The block's saved HTML with its inner blocks' HTML in place."""
    return "".join(part if isinstance(part, str) else full_html(part) for part in block.parts)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def convert(content: str, resolver: Resolver) -> Conversion:
    return Converter(resolver).convert(content)
