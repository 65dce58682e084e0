"""The import of a WordPress export, in passes over the streamed file:

1. *scan*: the channel, the authors and, for every post and page, the little the other passes
   need (type, status, old address, municipality): a few hundred bytes per post;
2. *authors* (from the scan) and *media*: attachments become images, documents, audio, video;
3. *content*: posts become articles, pages standard pages, with their old addresses redirected;
4. *links*: links to posts that had no page yet when the linking page was written become page
   links;
5. *index*: the search backends and the "did you mean" vocabulary, once.

Each item is written in its own transaction (savepoint in a dry run), so one bad item is
reported and never stops the others, and an interrupted run keeps what it wrote: the next run
finds it through ImportedObject and updates only what changed.
"""

import contextlib
import hashlib
import json
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ValidationError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Collection, Page

from blog.models import ArticleAuthor, ArticlePage, ArticleType, Author
from core.fragment_cache import published_content_changed
from core.page_cache import clear_page_cache
from home.models import HomePage, StandardPage
from media_library.models import SiteImage, SiteMedia
from municipalities.models import MunicipalityPage
from municipalities.roles import municipality_collection

from . import indexing, redirects
from .content import (
    Link,
    MediaRef,
    convert,
    plain_text,
    resolve_pending,
    shorten,
)
from .mapping import Mapping
from .media import MediaFailure, MediaImporter, attachment_paths, check, original_path, uploads_path
from .media import reference as media_reference
from .models import ImportedObject
from .progress import Progress
from .report import Report
from .wxr import BrokenExport, Channel, CleanReader, Item, WPAuthor, read_export

CONTENT_TYPES = ("post", "page")
LIVE_STATUS = "publish"
DRAFT_STATUSES = {"draft", "pending", "private", "future"}
IGNORED_TYPES = {"revision", "nav_menu_item", "customize_changeset", "oembed_cache", "wp_global_styles",
                 "wp_navigation", "wp_template", "wp_template_part", "custom_css", "user_request"}  # fmt: skip
DEFAULT_AUTHOR_ROLE = "Skribent"
SUMMARY_MAX = 300
INTRO_MAX = 400
# Bumped when the conversion changes, so a new run rewrites pages the old one wrote.
CONVERSION_VERSION = "1"


@dataclass
class PostInfo:
    """What the scan keeps of a post or page for the later passes."""

    post_type: str
    status: str
    municipality_id: int | None
    creator: str


@dataclass
class Options:
    export: Path
    uploads: Path | None = None
    mapping: Mapping = field(default_factory=Mapping)
    default_municipality: MunicipalityPage | None = None
    dry_run: bool = False


class ItemFailed(Exception):
    """An item that cannot be imported; the message (Swedish) goes into the report."""


class Importer:
    def __init__(self, options: Options, progress: Progress, report: Report | None = None):
        self.options = options
        self.progress = progress
        self.report = report or Report(dry_run=options.dry_run)
        self.mapping = options.mapping
        self.media_importer = MediaImporter(options.uploads)
        self.channel = Channel()
        self.authors: dict[str, WPAuthor] = {}
        self.posts: dict[int, PostInfo] = {}
        self.paths: dict[str, int] = {}  # normalised old path → post id
        self.reusable: dict[int, str] = {}
        self.attachment_paths: dict[str, int] = {}  # uploads-relative path → attachment id
        self.attachment_parent: dict[int, int] = {}
        self.author_municipalities: dict[str, Counter] = defaultdict(Counter)
        self.media: dict[int, MediaRef] = {}
        self.page_ids: dict[int, int] = {}  # post id → page id
        self.author_ids: dict[str, int] = {}  # login → Author id
        self.touched: dict = defaultdict(set)  # model → pks to (re)index
        self.home = HomePage.objects.first()
        self.links_fixed = False
        self._earlier_media: dict[int, MediaRef | None] = {}

    # The run ---------------------------------------------------------------------------------

    def run(self) -> Report:
        started = time.monotonic()
        try:
            with self._dry_run_guard(), indexing.deferred():
                self._passes()
        except KeyboardInterrupt:
            self.report.interrupted = True
        if not self.options.dry_run and self.touched:
            self.report.indexed = indexing.index(self.touched)
        if not self.options.dry_run and self.links_fixed:
            # Pages whose links were fixed after they were published: no cached copy may keep
            # the old ones.
            published_content_changed()
            clear_page_cache()
        self.report.seconds = time.monotonic() - started
        return self.report

    @contextlib.contextmanager
    def _dry_run_guard(self):
        """A dry run does everything in one transaction that is rolled back, with files written
        to a temporary folder that is deleted: nothing is left in the database or on disk."""
        if not self.options.dry_run:
            yield
            return
        with tempfile.TemporaryDirectory(prefix="wordpress-torrkorning-") as folder:
            public, private = Path(folder, "media"), Path(folder, "private")
            with (
                override_settings(MEDIA_ROOT=public, PRIVATE_MEDIA_ROOT=private),
                transaction.atomic(),
            ):
                try:
                    yield
                finally:
                    transaction.set_rollback(True)

    def _passes(self) -> None:
        # Pages of earlier runs (an export in several files, a re-run): links to them resolve
        # at once.
        for wp_id, page_id in ImportedObject.objects.filter(
            kind__in=CONTENT_TYPES, page__isnull=False
        ).values_list("wordpress_id", "page_id"):
            if wp_id.isdigit():
                self.page_ids[int(wp_id)] = page_id
        self._scan()
        self._import_authors()
        self._stream("Filer", self._attachment, types={"attachment"})
        self._stream("Inlägg och sidor", self._content, types=set(CONTENT_TYPES))
        self._fix_links()

    def _stream(self, label: str, handle, types: set[str]) -> int:
        """Read the export again, calling `handle` for items of the given types."""
        self.progress.start(label)
        handled = 0
        with open(self.options.export, "rb") as file:
            reader = CleanReader(file)
            try:
                for part in read_export(file, reader):
                    if isinstance(part, Item) and part.post_type in types:
                        handle(part)
                        handled += 1
                        self.progress.update(reader.position, handled)
            except BrokenExport:
                pass  # told once, by the scan
        self.progress.finish(handled)
        return handled

    # Pass 1: scan ------------------------------------------------------------------------------

    def _scan(self) -> None:
        self.progress.start("Läser exporten")
        items = 0
        skipped_types: dict[str, list[str]] = defaultdict(list)
        with open(self.options.export, "rb") as file:
            reader = CleanReader(file)
            try:
                for part in read_export(file, reader):
                    if isinstance(part, Channel):
                        self.channel = part
                        self.report.source = part.link or part.title
                    elif isinstance(part, WPAuthor):
                        if part.login:
                            self.authors[part.login] = part
                    elif isinstance(part, Item):
                        items += 1
                        self._scan_item(part, skipped_types)
                        self.progress.update(reader.position, items)
            except BrokenExport as error:
                self.report.broken = (
                    f"XML-felet ”{error}” efter {error.items} poster; det som kom före "
                    "importeras. Exportera igen och kör om."
                )
        self.progress.finish(items)
        for post_type, labels in skipped_types.items():
            for label in labels:
                self.report.skip("post", label, f"posttypen ”{post_type}” importeras inte")

    def _scan_item(self, item: Item, skipped_types: dict) -> None:
        if item.post_type == "attachment":
            for path in attachment_paths(item):
                self.attachment_paths[path] = item.post_id
                self.attachment_paths.setdefault(original_path(path), item.post_id)
            self.attachment_parent[item.post_id] = item.post_parent
        elif item.post_type == "wp_block":
            self.reusable[item.post_id] = item.content
        elif item.post_type in CONTENT_TYPES:
            classification = self.mapping.classify(item.terms) if item.post_type == "post" else None
            municipality = classification.municipality if classification else None
            municipality = municipality or self.options.default_municipality
            self.posts[item.post_id] = PostInfo(
                item.post_type, item.status, municipality.pk if municipality else None, item.creator
            )
            if municipality is not None and item.creator:
                self.author_municipalities[item.creator][municipality.pk] += 1
            # Writers the channel does not declare (deleted users, Co-Authors Plus guests) are
            # made from what the post says, before any post needs them.
            if item.creator and item.creator not in self.authors:
                self.authors[item.creator] = WPAuthor(
                    id="", login=item.creator, display_name=item.creator
                )
            for term in item.terms:
                login = term.slug.removeprefix("cap-")
                if term.domain == "author" and login and login not in self.authors:
                    self.authors[login] = WPAuthor(
                        id="", login=login, display_name=term.name or login
                    )
            if item.status == LIVE_STATUS:
                for path in redirects.old_paths(
                    item.link, item.post_name, item.date(), self._base()
                ):
                    self.paths.setdefault(path, item.post_id)
        elif item.post_type not in IGNORED_TYPES:
            skipped_types[item.post_type].append(
                self.report.label("post", item.post_id, plain_text(item.title))
            )

    def _base(self) -> str:
        return self.channel.base_blog_url or self.channel.link or self.channel.base_site_url

    # Pass 2a: authors --------------------------------------------------------------------------

    def _import_authors(self) -> None:
        known = {
            row.wordpress_id: row
            for row in ImportedObject.objects.filter(kind=ImportedObject.AUTHOR).select_related(
                "author"
            )
        }
        for login, wp_author in self.authors.items():
            label = self.report.label("author", login, wp_author.display_name)
            self._in_savepoint(
                "author",
                label,
                lambda login=login, wp_author=wp_author: self._author(
                    login, wp_author, known.get(login)
                ),
            )

    def _author(self, login: str, wp_author: WPAuthor, memory: ImportedObject | None) -> None:
        details = self.mapping.authors.get(login)
        name = (
            wp_author.display_name
            or " ".join(filter(None, [wp_author.first_name, wp_author.last_name]))
            or login
        )
        municipality = details.municipality if details and details.municipality else None
        if municipality is None and self.author_municipalities.get(login):
            municipality_id = self.author_municipalities[login].most_common(1)[0][0]
            municipality = MunicipalityPage.objects.filter(pk=municipality_id).first()
        facts = [name[:150], details.role if details else "", details.school if details else "",
                 municipality.pk if municipality else None]  # fmt: skip
        fingerprint = _hash(facts)
        if memory is not None and memory.author is not None:
            self.author_ids[login] = memory.author_id
            if memory.fingerprint == fingerprint:
                self.report.skip(
                    "author",
                    self.report.label("author", login, name),
                    "oförändrad sedan förra importen",
                )
                return
            author = memory.author
            created = False
        else:
            author = Author(role=DEFAULT_AUTHOR_ROLE)
            created = True
        author.name = name[:150]
        if details and details.role:
            author.role = details.role
        if details and details.school:
            author.school = details.school
        author.municipality = municipality
        author.full_clean()
        author.save()
        self.author_ids[login] = author.pk
        self.touched[Author].add(author.pk)
        ImportedObject.objects.update_or_create(
            kind=ImportedObject.AUTHOR,
            wordpress_id=login,
            defaults={"author": author, "fingerprint": fingerprint},
        )
        (self.report.imported if created else self.report.updated)("author")

    def _author_id(self, login: str) -> int | None:
        return self.author_ids.get(login) if login else None

    # Pass 2b: media ----------------------------------------------------------------------------

    def _attachment(self, item: Item) -> None:
        label = self.report.label("attachment", item.post_id, plain_text(item.title))
        memory = (
            ImportedObject.objects.filter(
                kind=ImportedObject.ATTACHMENT, wordpress_id=str(item.post_id)
            )
            .select_related("image", "document", "media")
            .first()
        )
        self._in_savepoint("attachment", label, lambda: self._save_attachment(item, label, memory))

    def _save_attachment(self, item: Item, label: str, memory: ImportedObject | None) -> None:
        try:
            kind, relative, data = self.media_importer.read(item)
        except MediaFailure as error:
            raise ItemFailed(str(error)) from None
        collection = self._collection_for(item)
        fingerprint = MediaImporter.fingerprint(item, data, collection.pk)
        existing = memory.target if memory is not None else None
        if existing is not None and kind != _media_kind(existing):
            existing = None  # the file changed kind: a new object
        if existing is not None and memory.fingerprint == fingerprint:
            self.media[item.post_id] = media_reference(existing, kind, item)
            self.report.skip("attachment", label, "oförändrad sedan förra importen")
            return
        new_file = existing is None or memory.fingerprint[:32] != fingerprint[:32]
        try:
            if new_file:
                check(kind, relative, data)  # an unchanged file was checked when it came in
            obj = self.media_importer.save(
                item, kind, relative, data, collection, existing, new_file
            )
        except MediaFailure as error:
            raise ItemFailed(str(error)) from None
        references = {"image": None, "document": None, "media": None}
        references[_reference_field(kind)] = obj
        ImportedObject.objects.update_or_create(
            kind=ImportedObject.ATTACHMENT,
            wordpress_id=str(item.post_id),
            defaults={**references, "fingerprint": fingerprint},
        )
        self.touched[type(obj)].add(obj.pk)
        self.media[item.post_id] = media_reference(obj, kind, item)
        if kind in ("audio", "video"):
            need = (
                "en transkription"
                if kind == "audio" and not obj.transcript
                else ("en textningsfil (WebVTT)" if kind == "video" and not obj.captions else "")
            )
            if need:
                self.report.note(
                    label,
                    "tillgänglighet",
                    f"{'ljudet' if kind == 'audio' else 'videon'} behöver {need}",
                )
        (self.report.updated if existing is not None else self.report.imported)("attachment")

    def _collection_for(self, item: Item):
        parent = self.posts.get(item.post_parent)
        municipality_id = parent.municipality_id if parent else None
        if municipality_id is None and self.options.default_municipality is not None:
            municipality_id = self.options.default_municipality.pk
        municipality = (
            MunicipalityPage.objects.filter(pk=municipality_id).first() if municipality_id else None
        )
        if municipality is None:
            return Collection.get_first_root_node()
        return municipality_collection(municipality.title)

    def earlier_media(self, wp_id: int) -> MediaRef | None:
        if wp_id not in self._earlier_media:
            memory = (
                ImportedObject.objects.filter(
                    kind=ImportedObject.ATTACHMENT, wordpress_id=str(wp_id)
                )
                .select_related("image", "document", "media")
                .first()
            )
            target = memory.target if memory is not None else None
            self._earlier_media[wp_id] = (
                MediaRef(
                    kind=_media_kind(target),
                    pk=target.pk,
                    alt=target.description if isinstance(target, SiteImage) else "",
                    title=target.title,
                )
                if target is not None
                else None
            )
        return self._earlier_media[wp_id]

    # Pass 3: posts and pages ---------------------------------------------------------------------

    def _content(self, item: Item) -> None:
        kind = item.post_type
        label = self.report.label(kind, item.post_id, plain_text(item.title))
        if item.status in ("trash", "auto-draft", "inherit"):
            reason = "i papperskorgen" if item.status == "trash" else f"status ”{item.status}”"
            self.report.skip(kind, label, reason)
            return
        if item.status != LIVE_STATUS and item.status not in DRAFT_STATUSES:
            self.report.skip(kind, label, f"okänd status ”{item.status}”")
            return
        memory = (
            ImportedObject.objects.filter(kind=kind, wordpress_id=str(item.post_id))
            .select_related("page")
            .first()
        )
        self._in_savepoint(kind, label, lambda: self._save_content(item, kind, label, memory))

    def _save_content(
        self, item: Item, kind: str, label: str, memory: ImportedObject | None
    ) -> None:
        fingerprint = _hash([CONVERSION_VERSION, item.title, item.content, item.excerpt, item.status,
                             item.post_name, item.post_date, item.post_date_gmt, item.creator, item.password,
                             [(t.domain, t.slug, t.name) for t in item.terms], item.meta.get("_thumbnail_id", ""),
                             item.post_parent, self.options.default_municipality and self.options.default_municipality.pk])  # fmt: skip
        page = memory.page.specific if memory is not None and memory.page is not None else None
        if page is not None:
            self.page_ids[item.post_id] = page.pk
            if memory.fingerprint == fingerprint:
                self.report.skip(kind, label, "oförändrad sedan förra importen")
                return
            if memory.revision_id and page.latest_revision_id != memory.revision_id:
                self.report.skip(
                    kind, label, "ändrad i Wagtail efter förra importen; lämnades orörd"
                )
                return
        conversion = convert(item.content, Resolver(self))
        for note_kind, detail in conversion.notes:
            self.report.note(label, note_kind, detail)
        if kind == "post":
            page = self._article(item, label, page, conversion)
        else:
            page = self._standard_page(item, label, page, conversion)
        if page is None:
            return
        live = item.status == LIVE_STATUS and not item.password
        revision = page.save_revision(log_action=True)
        if live:
            revision.publish(log_action=True)
            modified = item.modified() or item.date()
            if modified:
                Page.objects.filter(pk=page.pk).update(
                    last_published_at=max(modified, page.first_published_at or modified)
                )
            created, conflicts = redirects.point_to(
                page,
                redirects.old_paths(item.link, item.post_name, item.date(), self._base())
                + redirects.id_paths(item.post_id, kind),
            )
            self.report.redirects += created
            self.report.redirect_conflicts.extend(conflicts)
        elif page.live:
            page.unpublish(log_action=True)
        if item.status != LIVE_STATUS or item.password:
            reason = "lösenordsskyddat" if item.password else {
                "draft": "utkast", "pending": "väntar på granskning", "private": "privat", "future": "schemalagt"
            }.get(item.status, item.status)  # fmt: skip
            self.report.note(label, "utkast", f"{reason} i WordPress: importerat som utkast")
        ImportedObject.objects.update_or_create(
            kind=kind,
            wordpress_id=str(item.post_id),
            defaults={
                "page": page,
                "fingerprint": fingerprint,
                "revision": revision,
                "pending_links": conversion.pending_links,
            },
        )
        self.page_ids[item.post_id] = page.pk
        self.touched[type(page)].add(page.pk)
        (self.report.updated if memory is not None and memory.page_id else self.report.imported)(
            kind
        )

    def _article(self, item: Item, label: str, page, conversion) -> ArticlePage | None:
        classification = self.mapping.classify(item.terms)
        for name in classification.unmapped:
            self.report.unmapped[name] += 1
        municipality = classification.municipality or self.options.default_municipality
        if municipality is None:
            raise ItemFailed(
                "ingen kategori motsvarar en kommun; ange --default-municipality eller en "
                "kommun i mappningsfilen"
            )
        new = page is None
        if not new and page.get_parent().pk != municipality.pk:
            # Filed under another municipality in WordPress now: the article moves with it.
            page.move(municipality, pos="last-child")
            page.refresh_from_db()
        page = page or ArticlePage(owner=None)
        self._common_fields(page, item, conversion)
        page.summary = self._summary(item, conversion, SUMMARY_MAX)
        date = self._local_date(item)
        page.publication_date = date or timezone.localdate()
        page.article_type = classification.article_type or self._default_article_type(label)
        page.school_forms = classification.school_forms
        page.subjects = classification.subjects
        page.themes = classification.themes
        page.tags.set(classification.tags)
        if not classification.school_forms:
            self.report.note(
                label, "klassificering", "saknar skolform (krävs när artikeln publiceras på nytt)"
            )
        self._hero(page, item, label)
        logins = [item.creator] + [
            t.slug.removeprefix("cap-") for t in item.terms if t.domain == "author"
        ]
        author_ids = list(dict.fromkeys(filter(None, (self._author_id(login) for login in logins))))
        page.article_authors = [
            ArticleAuthor(author_id=pk, sort_order=i) for i, pk in enumerate(author_ids)
        ]
        if new:
            page.slug = self._free_slug(municipality, item, None)
            municipality.add_child(instance=page)
        return page

    def _default_article_type(self, label: str) -> ArticleType | None:
        """A content type is required: the first in the editors' order when neither the post nor
        the mapping file's [standard] names one (reported, so an editor can correct it)."""
        chosen = ArticleType.objects.order_by("sort_order", "name").first()
        if chosen is not None:
            self.report.note(label, "klassificering", f"saknade innehållstyp: fick ”{chosen.name}”")
        return chosen

    def _standard_page(self, item: Item, label: str, page, conversion) -> StandardPage | None:
        if self.home is None:
            raise ItemFailed("sajten har ingen startsida att lägga sidan under")
        if not conversion.blocks and not plain_text(item.excerpt):
            self.report.skip(
                "page", label, "sidan har inget innehåll (en mall- eller listsida i WordPress)"
            )
            return None
        new = page is None
        if new:
            slug = self._slug(item)
            taken = self.home.get_children().filter(slug=slug).first()
            if taken is not None:
                self.report.skip(
                    "page", label, f"det finns redan en sida ”{taken.title}” med adressen /{slug}/"
                )
                return None
        page = page or StandardPage(owner=None)
        self._common_fields(page, item, conversion)
        page.intro = shorten(plain_text(item.excerpt), INTRO_MAX)
        if item.post_parent and item.post_parent in self.posts:
            self.report.note(
                label, "sidträd", "undersida i WordPress: ligger direkt under startsidan"
            )
        if new:
            page.slug = self._slug(item)
            self.home.add_child(instance=page)
        return page

    def _common_fields(self, page, item: Item, conversion) -> None:
        title = plain_text(item.title) or f"Utan rubrik ({item.post_id})"
        page.title = shorten(title, 255)
        page.draft_title = page.title
        page.body = conversion.blocks
        published = item.date()
        if published is not None:
            if timezone.is_naive(published):
                published = timezone.make_aware(published)
            if item.status == LIVE_STATUS and not item.password:
                page.first_published_at = published

    def _summary(self, item: Item, conversion, limit: int) -> str:
        return (
            shorten(plain_text(item.excerpt), limit)
            or shorten(conversion.first_text(), limit)
            or shorten(plain_text(item.title), limit)
            or "Importerad från WordPress."
        )

    def _local_date(self, item: Item):
        date = item.date()
        if date is None:
            return None
        if timezone.is_naive(date):
            return date.date()
        return timezone.localtime(date).date()

    def _hero(self, page: ArticlePage, item: Item, label: str) -> None:
        thumbnail = item.meta.get("_thumbnail_id", "").strip()
        media = Resolver(self).media(wp_id=int(thumbnail)) if thumbnail.isdigit() else None
        if media is None or media.kind != "image":
            page.hero_image = None
            page.hero_image_alt = ""
            page.hero_image_decorative = False
            if thumbnail.isdigit():
                self.report.note(label, "bild saknas", f"utvald bild {thumbnail} importerades inte")
            return
        page.hero_image_id = media.pk
        page.hero_image_alt = media.alt[:250]
        page.hero_image_decorative = not media.alt
        if not media.alt:
            self.report.note(
                label,
                "alternativtext",
                "huvudbilden saknar alternativtext och markerades som dekorativ",
            )

    def _slug(self, item: Item) -> str:
        return (
            slugify(unquote(item.post_name))
            or slugify(plain_text(item.title))
            or f"inlagg-{item.post_id}"
        )[:200]

    def _free_slug(self, parent, item: Item, own_pk: int | None) -> str:
        base = self._slug(item)
        siblings = set(parent.get_children().exclude(pk=own_pk).values_list("slug", flat=True))
        slug, number = base, 2
        while slug in siblings:
            slug = f"{base}-{number}"
            number += 1
        return slug

    # Pass 4: links -------------------------------------------------------------------------------

    def _fix_links(self) -> None:
        pending = ImportedObject.objects.filter(pending_links=True).select_related("page")
        known = dict(
            ImportedObject.objects.filter(kind__in=CONTENT_TYPES, page__isnull=False).values_list(
                "wordpress_id", "page_id"
            )
        )
        page_ids = {int(wp_id): page_id for wp_id, page_id in known.items() if wp_id.isdigit()}
        for memory in pending:
            label = self.report.label(
                memory.kind, memory.wordpress_id, memory.page.title if memory.page else ""
            )
            self._in_savepoint(
                memory.kind,
                label,
                lambda memory=memory: self._fix_page_links(memory, page_ids),
                count=False,
            )

    def _fix_page_links(self, memory: ImportedObject, page_ids: dict[int, int]) -> None:
        """The links are written into the revision the import made and the page row as they
        stand (no new revision or publication: only where a link points changes, not what
        readers read, what is indexed or which files are public)."""
        page = memory.page.specific
        revision = memory.revision
        if revision is None or page.latest_revision_id != revision.pk:
            return  # changed by an editor since: left alone
        body, remaining = resolve_pending(list(page.body.raw_data), page_ids)
        stored = revision.content.get("body")
        if isinstance(stored, str):
            revision.content["body"] = json.dumps(resolve_pending(json.loads(stored), page_ids)[0])
        elif stored is not None:
            revision.content["body"] = resolve_pending(stored, page_ids)[0]
        revision.save(update_fields=["content"])
        page.body = body
        page.save(update_fields=["body"], clean=False)
        memory.pending_links = remaining > 0
        memory.save(update_fields=["pending_links", "updated_at"])
        self.links_fixed = True

    # Per item ------------------------------------------------------------------------------------

    def _in_savepoint(self, kind: str, label: str, work, count: bool = True) -> None:
        """Run `work` in its own transaction (a savepoint in a dry run); a failure is reported,
        the item's rows rolled back and its files removed, and the run goes on."""
        try:
            with transaction.atomic():
                work()
        except KeyboardInterrupt:
            self.media_importer.remove_stored()
            raise
        except ItemFailed as error:
            self.media_importer.remove_stored()
            if count:
                self.report.fail(kind, label, str(error))
        except ValidationError as error:
            self.media_importer.remove_stored()
            self.report.fail(kind, label, _validation_message(error))
        except Exception as error:  # noqa: BLE001 - one bad item never stops the import
            self.media_importer.remove_stored()
            self.report.fail(kind, label, f"oväntat fel: {type(error).__name__}: {error}")
        else:
            self.media_importer.forget_stored()


class Resolver:
    """What the content conversion asks of the import: imported media and pages by old address."""

    def __init__(self, importer: Importer):
        self.importer = importer
        base = importer._base()
        self.base = base
        self.hosts = {
            (urlparse(url).hostname or "").lower().removeprefix("www.")
            for url in (base, importer.channel.base_site_url, importer.channel.link)
            if url
        } - {""}

    def is_old_site(self, url: str) -> bool:
        host = (urlparse(url).hostname or "").lower().removeprefix("www.")
        return not host or host in self.hosts

    def media(self, wp_id: int | None = None, url: str = "") -> MediaRef | None:
        if wp_id and wp_id in self.importer.media:
            return self.importer.media[wp_id]
        if wp_id and wp_id not in self.importer.attachment_parent:
            # Not in this file: imported from another part of a split export, perhaps.
            earlier = self.importer.earlier_media(wp_id)
            if earlier is not None:
                return earlier
        if url and self.is_old_site(url):
            path = uploads_path(url)
            if path:
                for candidate in (path, original_path(path)):
                    attachment = self.importer.attachment_paths.get(candidate)
                    if attachment in self.importer.media:
                        return self.importer.media[attachment]
        return None

    def link(self, href: str) -> Link | None:
        if href.startswith(("mailto:", "tel:")):
            return Link("external", href=href)
        if href.startswith("#") or not href:
            return None
        parsed = urlparse(href)
        if parsed.scheme and parsed.scheme not in ("http", "https"):
            return None  # javascript:, data: …
        if not parsed.scheme and not href.startswith("/"):
            return None  # relative to a page that no longer exists
        if parsed.netloc and not self.is_old_site(href):
            return Link("external", href=href)
        # An address on the old site.
        if uploads_path(href):
            media = self.media(url=href)
            if media is not None and media.kind == "document":
                return Link("document", media.pk)
            return None  # an image file or a file that was not imported: the text stays
        query = parse_qs(parsed.query)
        wp_id = None
        for key in ("p", "page_id"):
            if query.get(key, [""])[0].isdigit():
                wp_id = int(query[key][0])
        if wp_id is None:
            path = redirects.path_of(href, self.base)
            if path is not None:
                wp_id = self.importer.paths.get(Redirect.normalise_path(path))
        if wp_id is not None:
            if wp_id in self.importer.page_ids:
                return Link("page", self.importer.page_ids[wp_id])
            if wp_id in self.importer.posts:
                return Link("pending", wp_id)
        return Link("external", href=self._absolute(href))

    def _absolute(self, href: str) -> str:
        if urlparse(href).netloc:
            return href
        return self.base.rstrip("/") + href

    def reusable_block(self, wp_id: int) -> str | None:
        return self.importer.reusable.get(wp_id)


def _validation_message(error: ValidationError) -> str:
    if not hasattr(error, "error_dict"):
        return "; ".join(error.messages)
    return "; ".join(
        f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
        for name, messages in error.message_dict.items()
    )


def _hash(facts) -> str:
    return hashlib.sha256(json.dumps(facts, default=str, ensure_ascii=False).encode()).hexdigest()


def _media_kind(obj) -> str:
    if isinstance(obj, SiteImage):
        return "image"
    if isinstance(obj, SiteMedia):
        return obj.type
    return "document"


def _reference_field(kind: str) -> str:
    return {"image": "image", "document": "document"}.get(kind, "media")
