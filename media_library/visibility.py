"""Files follow the life of the pages that show them.

An image, document, audio or video file is public while a live page that anyone may read uses it
(PublishedFileUse, kept from each page's published content), or while it sits in a collection an
editor has made public (FileSettings). Otherwise it is private: its files live under
PRIVATE_MEDIA_ROOT and only staff with a permission on its collection get them, through the app.

Public files are moved into MEDIA_ROOT, which the front proxy serves without asking the app; a file
that stops being public moves back. Documents always stay private on disk, because Wagtail serves
them through its own view (`/dokument/…`), which asks `may_see` first.

Moves happen after the transaction that changed visibility commits: a rolled-back publication
leaves the files where the database says they are.
"""

import logging
import os
import shutil
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, ReferenceIndex
from wagtail.permissions import policy_registry
from wagtailmedia.models import get_media_model

from core.page_cache import clear_page_cache

from .models import FileSettings, PublishedFileUse
from .storage import is_private_name, private_name, public_name

logger = logging.getLogger("pedagogsajten.media")

# The file fields that move with an object's visibility. Documents' files stay private whatever
# their visibility (above); they are listed so an upgrade moves old public ones in.
MOVING_FILE_FIELDS = {
    "image": ("file",),
    "media": ("file", "thumbnail", "captions"),
    "document": ("file",),
}

FileKey = tuple[int, int]  # (content type id, object id)


def file_models() -> list:
    return [get_image_model(), get_document_model(), get_media_model()]


def _content_types() -> dict[int, type]:
    return {ContentType.objects.get_for_model(model).id: model for model in file_models()}


def _kind(model) -> str:
    if model is get_image_model():
        return "image"
    if model is get_media_model():
        return "media"
    return "document"


# Which files are public


def public_collection_ids() -> list[int]:
    return list(FileSettings.load().public_collections.values_list("pk", flat=True))


def public_condition(model) -> Q:
    """A filter for the model's public objects (the API, the bulk pass, `is_public`)."""
    used = PublishedFileUse.objects.filter(
        content_type=ContentType.objects.get_for_model(model)
    ).values("object_id")
    return Q(pk__in=used) | Q(collection_id__in=public_collection_ids())


def public_objects(model):
    return model.objects.filter(public_condition(model))


def is_public(obj) -> bool:
    model = type(obj)
    return model.objects.filter(public_condition(model), pk=obj.pk).exists()


def may_see(user, obj) -> bool:
    """Public files for anyone; a private one for staff allowed to choose or edit it."""
    if is_public(obj):
        return True
    if not (user and user.is_authenticated and user.is_active):
        return False
    return _permission_policy(type(obj)).user_has_any_permission_for_instance(
        user, ["choose", "change"], obj
    )


def _permission_policy(model):
    if _kind(model) == "media":
        # wagtailmedia does not register its policy with Wagtail's registry (yet).
        from wagtailmedia.permissions import permission_policy

        return permission_policy
    return policy_registry.get_by_type(model)


# Which pages make files public


def is_publicly_readable(page: Page) -> bool:
    return page.live and not page.get_view_restrictions().exists()


def published_file_keys(page: Page) -> set[FileKey]:
    """The files the page's published content shows: fields, StreamField blocks, rich text and
    inline child objects, as Wagtail's reference index finds them (on the live object, not the
    index's rows, which a saved draft also updates)."""
    content_types = _content_types()
    keys = set()
    for content_type_id, object_id, *_ in ReferenceIndex._extract_references_from_object(page):
        if content_type_id in content_types and str(object_id).isdigit():
            keys.add((content_type_id, int(object_id)))
    return keys


def refresh_pages(pages: Iterable[Page]) -> None:
    """Record which files each page makes public now, and move the files whose visibility changed
    once the transaction commits."""
    changed: set[FileKey] = set()
    for page in pages:
        page = Page.objects.get(pk=page.pk).specific  # the published content, not a draft in memory
        before = set(
            PublishedFileUse.objects.filter(page=page).values_list("content_type_id", "object_id")
        )
        after = published_file_keys(page) if is_publicly_readable(page) else set()
        gone, new = before - after, after - before
        if gone:
            condition = Q()
            for content_type_id, object_id in gone:
                condition |= Q(content_type_id=content_type_id, object_id=object_id)
            PublishedFileUse.objects.filter(condition, page=page).delete()
        PublishedFileUse.objects.bulk_create(_uses(page, new), ignore_conflicts=True)
        changed |= gone | new
    if changed:
        apply_after_commit(changed)


def _uses(page: Page, keys: Iterable[FileKey]) -> list[PublishedFileUse]:
    return [
        PublishedFileUse(page=page, content_type_id=content_type_id, object_id=object_id)
        for content_type_id, object_id in keys
    ]


def forget_page(page: Page) -> None:
    """The page shows nothing to the public any more (unpublished, or about to be deleted)."""
    uses = PublishedFileUse.objects.filter(page_id=page.pk)
    keys = set(uses.values_list("content_type_id", "object_id"))
    if keys:
        uses.delete()
        apply_after_commit(keys)


def record_uses(pages: Iterable[Page]) -> None:
    """Record the uses of already loaded specific pages, without moving files (the bulk pass)."""
    restricted_paths = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
    batch = []
    for page in pages:
        if page.live and not page.path.startswith(restricted_paths):
            batch.extend(_uses(page, published_file_keys(page)))
        if len(batch) >= 1000:
            PublishedFileUse.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    PublishedFileUse.objects.bulk_create(batch, ignore_conflicts=True)


def refresh_page_and_descendants(page: Page) -> None:
    refresh_pages(Page.objects.descendant_of(page, inclusive=True).live())
    # A page that is not live can have no uses; descendants that stopped being live are handled by
    # their own unpublish signal.


def apply_after_commit(keys: set[FileKey]) -> None:
    keys = set(keys)
    transaction.on_commit(lambda: apply_to_keys(keys), robust=True)


def apply_to_keys(keys: Iterable[FileKey]) -> None:
    content_types = _content_types()
    by_model: dict[type, set[int]] = {}
    for content_type_id, object_id in keys:
        model = content_types.get(content_type_id)
        if model is not None:
            by_model.setdefault(model, set()).add(object_id)
    for model, ids in by_model.items():
        apply_to_objects(model, model.objects.filter(pk__in=ids))


def apply_to_objects(model, objects) -> int:
    """Move the files of the given objects to where their visibility says; returns how many moved."""
    if _kind(model) == "document":
        public_ids = set()  # a document's file stays private; the serve view decides (above)
    else:
        public_ids = set(
            public_objects(model).filter(pk__in=objects.values("pk")).values_list("pk", flat=True)
        )
    moved = sum(place_files(obj, obj.pk in public_ids) for obj in objects)
    if moved:
        # Cached pages name the files' old addresses.
        clear_page_cache()
    return moved


def apply_to_all() -> int:
    """Every file to its place (`manage.py apply_file_visibility`, after an upgrade or restore)."""
    return sum(
        apply_to_objects(model, model.objects.all())
        for model in (get_image_model(), get_media_model(), get_document_model())
    )


# Moving files


def place_files(obj, public: bool) -> int:
    moved = 0
    for field_name in MOVING_FILE_FIELDS[_kind(type(obj))]:
        field_file = getattr(obj, field_name)
        if field_file and _move(type(obj), obj.pk, field_name, field_file, public):
            moved += 1
    if _kind(type(obj)) == "image":
        for rendition in obj.renditions.all():
            if rendition.file and _move(
                type(rendition), rendition.pk, "file", rendition.file, public
            ):
                rendition.purge_from_cache()
                moved += 1
    return moved


def _move(model, pk, field_name: str, field_file, public: bool) -> bool:
    name = field_file.name
    if is_private_name(name) != public:
        return False  # already where it belongs
    storage = field_file.storage
    target = storage.get_available_name(public_name(name) if public else private_name(name))
    source_path, target_path = storage.path(name), storage.path(target)
    if not os.path.exists(source_path):
        logger.warning("File %s of %s %s is missing; left as it is", name, model.__name__, pk)
        return False
    os.makedirs(os.path.dirname(target_path), exist_ok=True)
    # A rename where both folders share a file system; a copy and delete otherwise.
    shutil.move(source_path, target_path)
    try:
        model.objects.filter(pk=pk).update(**{field_name: target})
    except Exception:
        shutil.move(target_path, source_path)
        raise
    field_file.name = target
    return True


def apply_after_commit_for(model, ids: Iterable[int]) -> None:
    ids = set(ids)
    transaction.on_commit(
        lambda: apply_to_objects(model, model.objects.filter(pk__in=ids)), robust=True
    )


def apply_after_commit_for_collections(collection_ids: Iterable[int] | None) -> None:
    """After the public collections changed: the files in those collections (None: all files)."""
    collection_ids = None if collection_ids is None else set(collection_ids)

    def apply():
        for model in (get_image_model(), get_media_model()):
            objects = model.objects.all()
            if collection_ids is not None:
                objects = objects.filter(collection_id__in=collection_ids)
            apply_to_objects(model, objects)

    transaction.on_commit(apply, robust=True)
