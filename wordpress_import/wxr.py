"""WordPress eXtended RSS (WXR 1.0–1.2, what *Verktyg → Exportera* writes), read as a stream.

`read_export(path)` yields the channel's facts, authors and terms as they come and one `Item`
per `<item>` (posts, pages, attachments, menu entries …), each forgotten once it has been handed
on, so memory stays flat however large the export. The XML is parsed by the standard library
through defusedxml: an entity bomb or an external entity is refused, never expanded. Characters
XML forbids (stray control characters WordPress lets into a post) are dropped while reading, as
WordPress's own importer tolerates them.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

WP_NAMESPACE = re.compile(r"^http://wordpress\.org/export/1\.\d+/$")
EXCERPT_NAMESPACE = re.compile(r"^http://wordpress\.org/export/1\.\d+/excerpt/$")
PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
# XML 1.0 allows tab, newline and carriage return below space, nothing else. These bytes never
# occur inside a multi-byte UTF-8 character, so they can be dropped from the raw bytes.
FORBIDDEN_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
NO_DATE = "0000-00-00 00:00:00"


class NotWXR(Exception):
    """The file is not a WordPress export (not XML, or XML of another kind)."""


class BrokenExport(Exception):
    """The export stops being readable XML after `items` items (a truncated download, say)."""

    def __init__(self, message: str, items: int):
        super().__init__(message)
        self.items = items


@dataclass
class Channel:
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""


@dataclass
class WPAuthor:
    id: str
    login: str
    display_name: str
    first_name: str = ""
    last_name: str = ""


@dataclass
class WPTerm:
    """A category, tag or term of another taxonomy declared in the channel."""

    taxonomy: str  # "category", "post_tag", or the taxonomy's own name
    slug: str
    name: str
    parent: str = ""


@dataclass
class ItemTerm:
    """A term an item is filed under: <category domain="…" nicename="…">Name</category>."""

    domain: str
    slug: str
    name: str


@dataclass
class Item:
    post_id: int
    post_type: str
    status: str
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    post_name: str = ""
    post_date: str = ""
    post_date_gmt: str = ""
    post_modified_gmt: str = ""
    post_parent: int = 0
    menu_order: int = 0
    password: str = ""
    attachment_url: str = ""
    terms: list[ItemTerm] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: int = 0

    def date(self) -> datetime | None:
        """When it was first published (GMT when WordPress recorded it, else local time)."""
        return parse_date(self.post_date_gmt, utc=True) or parse_date(self.post_date, utc=False)

    def modified(self) -> datetime | None:
        return parse_date(self.post_modified_gmt, utc=True)


def parse_date(text: str, utc: bool) -> datetime | None:
    text = (text or "").strip()
    if not text or text == NO_DATE:
        return None
    try:
        value = datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    if utc:
        return value.replace(tzinfo=UTC)
    return value  # naive: the site's own time zone, made aware by the caller


def prefixed(tag: str) -> str:
    """'{http://wordpress.org/export/1.2/}post_id' → 'wp:post_id', whatever the WXR version."""
    if not tag.startswith("{"):
        return tag
    uri, _, name = tag[1:].partition("}")
    if WP_NAMESPACE.match(uri):
        return f"wp:{name}"
    if EXCERPT_NAMESPACE.match(uri):
        return f"excerpt:{name}"
    prefix = PREFIXES.get(uri)
    return f"{prefix}:{name}" if prefix else name


class CleanReader:
    """A binary file for the parser: drops bytes XML forbids and counts what was read (the
    progress of an import is the share of the file read)."""

    def __init__(self, file):
        self.file = file
        self.position = 0

    def read(self, size=-1):
        data = self.file.read(size)
        self.position += len(data)
        return FORBIDDEN_BYTES.sub(b"", data)


def text_of(element) -> str:
    return (element.text or "").strip() if element is not None else ""


def _children(element) -> dict[str, str]:
    return {prefixed(child.tag): (child.text or "") for child in element}


def _int(text: str) -> int:
    try:
        return int((text or "0").strip())
    except ValueError:
        return 0


def _item(element) -> Item:
    values: dict[str, str] = {}
    terms, meta, comments = [], {}, 0
    for child in element:
        tag = prefixed(child.tag)
        if tag == "category":
            terms.append(
                ItemTerm(
                    domain=child.get("domain", "category"),
                    slug=child.get("nicename", ""),
                    name=(child.text or "").strip(),
                )
            )
        elif tag == "wp:postmeta":
            pair = _children(child)
            meta[pair.get("wp:meta_key", "")] = pair.get("wp:meta_value", "")
        elif tag == "wp:comment":
            comments += 1
        else:
            values[tag] = child.text or ""
    return Item(
        post_id=_int(values.get("wp:post_id")),
        post_type=values.get("wp:post_type", "").strip(),
        status=values.get("wp:status", "").strip(),
        title=values.get("title", "").strip(),
        link=values.get("link", "").strip(),
        guid=values.get("guid", "").strip(),
        creator=values.get("dc:creator", "").strip(),
        content=values.get("content:encoded", ""),
        excerpt=values.get("excerpt:encoded", ""),
        post_name=values.get("wp:post_name", "").strip(),
        post_date=values.get("wp:post_date", ""),
        post_date_gmt=values.get("wp:post_date_gmt", ""),
        post_modified_gmt=values.get("wp:post_modified_gmt", ""),
        post_parent=_int(values.get("wp:post_parent")),
        menu_order=_int(values.get("wp:menu_order")),
        password=values.get("wp:post_password", "").strip(),
        attachment_url=values.get("wp:attachment_url", "").strip(),
        terms=terms,
        meta=meta,
        comments=comments,
    )


def _channel_part(element, channel: Channel):
    """What a direct child of <channel> says: a fact about the site, an author or a term."""
    tag = prefixed(element.tag)
    if tag == "wp:author":
        values = _children(element)
        return WPAuthor(
            id=values.get("wp:author_id", "").strip(),
            login=values.get("wp:author_login", "").strip(),
            display_name=values.get("wp:author_display_name", "").strip(),
            first_name=values.get("wp:author_first_name", "").strip(),
            last_name=values.get("wp:author_last_name", "").strip(),
        )
    if tag == "wp:category":
        values = _children(element)
        return WPTerm(
            "category",
            values.get("wp:category_nicename", "").strip(),
            values.get("wp:cat_name", "").strip(),
            values.get("wp:category_parent", "").strip(),
        )
    if tag == "wp:tag":
        values = _children(element)
        return WPTerm(
            "post_tag", values.get("wp:tag_slug", "").strip(), values.get("wp:tag_name", "").strip()
        )
    if tag == "wp:term":
        values = _children(element)
        return WPTerm(
            values.get("wp:term_taxonomy", "").strip(),
            values.get("wp:term_slug", "").strip(),
            values.get("wp:term_name", "").strip(),
            values.get("wp:term_parent", "").strip(),
        )
    if tag in ("title", "link"):
        setattr(channel, tag, text_of(element))
    elif tag in ("wp:base_site_url", "wp:base_blog_url", "wp:wxr_version"):
        setattr(channel, tag[3:], text_of(element))
    return None


def read_export(file, reader: CleanReader | None = None):
    """Yield the Channel (once its facts are read, before the first item), then WPAuthor,
    WPTerm and Item objects in file order. Raises NotWXR when the file is not a WordPress
    export and BrokenExport when it stops being readable part-way."""
    reader = reader or CleanReader(file)
    channel, channel_element = Channel(), None
    depth, items, announced = 0, 0, False
    events = iterparse(reader, events=("start", "end"), forbid_dtd=True)
    try:
        for event, element in events:
            if event == "start":
                depth += 1
                if depth == 1 and element.tag != "rss":
                    raise NotWXR("filen är XML men inte en RSS-fil från WordPress")
                if depth == 2 and element.tag == "channel":
                    channel_element = element
                if depth == 3 and element.tag == "item" and not announced:
                    announced = True
                    _check_wxr(channel)
                    yield channel
                continue
            depth -= 1
            if depth == 2 and channel_element is not None:
                if element.tag == "item":
                    items += 1
                    yield _item(element)
                else:
                    part = _channel_part(element, channel)
                    if part is not None:
                        yield part
                # Forget what has been handed on: memory stays flat.
                channel_element.remove(element)
    except (ParseError, DefusedXmlException) as error:
        if items == 0 and not announced:
            raise NotWXR(f"filen går inte att läsa som XML ({error})") from None
        raise BrokenExport(str(error), items) from None
    if not announced:
        _check_wxr(channel)
        yield channel


def _check_wxr(channel: Channel) -> None:
    if not channel.wxr_version:
        raise NotWXR("filen saknar wp:wxr_version och är ingen export från WordPress")
