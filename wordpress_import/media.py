"""Attachments of the export as images, documents, audio and video here, read from a copy of
`wp-content/uploads` (never from the network) and put through the same checks as an editor's
upload (media_library/validators.py): a broken or disguised file is refused with the upload
form's Swedish message, a full disk is the upload's storage error."""

import contextlib
import hashlib
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents import get_document_model

from media_library.models import SiteImage, SiteMedia
from media_library.uploads import ensure_room_for, storage_error
from media_library.validators import (
    validate_document_content,
    validate_image_content,
    validate_media_content,
    validate_media_size,
)

from .content import MediaRef, plain_text, shorten
from .wxr import Item

UPLOADS_MARKER = "/wp-content/uploads/"
ALT_META, FILE_META = "_wp_attachment_image_alt", "_wp_attached_file"
IMAGE_SIZE_SUFFIX = r"-\d+x\d+"


class MediaFailure(Exception):
    """A file that cannot be imported; the message is Swedish and says why."""


@dataclass
class Stored:
    """A file written during the current item, removed again if the item fails."""

    storage: object
    name: str


def uploads_path(url: str) -> str | None:
    """'https://sajt.se/wp-content/uploads/2019/05/bild.jpg' → '2019/05/bild.jpg' (multisite
    'sites/3/2019/…' included); None for an address outside the uploads folder."""
    path = unquote(urlparse(url.strip()).path)
    if UPLOADS_MARKER not in path:
        return None
    relative = path.split(UPLOADS_MARKER, 1)[1].lstrip("/")
    return relative or None


def original_path(relative: str) -> str:
    """A resized copy's path → the original's ('bild-1024x768.jpg' → 'bild.jpg')."""
    return re.sub(IMAGE_SIZE_SUFFIX + r"(\.\w+)$", r"\1", relative)


def kind_of(name: str) -> str | None:
    extension = PurePosixPath(name).suffix.lower().lstrip(".")
    if extension in settings.WAGTAILIMAGES_EXTENSIONS:
        return "image"
    if extension in settings.WAGTAILDOCS_EXTENSIONS:
        return "document"
    if extension in settings.WAGTAILMEDIA["AUDIO_EXTENSIONS"]:
        return "audio"
    if extension in settings.WAGTAILMEDIA["VIDEO_EXTENSIONS"]:
        return "video"
    return None


def attachment_paths(item: Item) -> list[str]:
    """Every uploads-relative path the attachment may be named by (its URL, the attached file)."""
    paths = []
    from_url = uploads_path(item.attachment_url or item.guid)
    if from_url:
        paths.append(from_url)
    attached = item.meta.get(FILE_META, "").strip().lstrip("/")
    if attached and attached not in paths:
        paths.append(attached)
    return paths


def read_upload(uploads: Path | None, paths: list[str]) -> tuple[str, bytes]:
    if not paths:
        raise MediaFailure("bilagan saknar filadress")
    if uploads is None:
        raise MediaFailure("ingen uploads-mapp angavs (--uploads)")
    root = uploads.resolve()
    for relative in paths:
        candidate = (root / relative).resolve()
        # A path in the export must not lead out of the uploads folder (../../etc/passwd).
        if not candidate.is_relative_to(root):
            raise MediaFailure(f"sökvägen {relative} pekar utanför uploads-mappen")
        if candidate.is_file():
            return relative, candidate.read_bytes()
    raise MediaFailure(f"filen {paths[0]} finns inte i uploads-mappen")


def check(kind: str, name: str, data: bytes) -> None:
    """The upload forms' checks, raising MediaFailure with their message."""
    file = ContentFile(data, name=name)
    try:
        if kind == "image":
            if len(data) > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE:
                raise ValidationError("Bilden är större än 20 MB.")
            validate_image_content(file)
        elif kind == "document":
            if len(data) > settings.WAGTAILDOCS_MAX_UPLOAD_SIZE:
                raise ValidationError("Dokumentet är större än 20 MB.")
            validate_document_content(file, PurePosixPath(name).suffix)
        else:
            validate_media_size(file, kind)
            validate_media_content(file, kind)
    except ValidationError as error:
        raise MediaFailure(" ".join(error.messages)) from None


class MediaImporter:
    def __init__(self, uploads: Path | None):
        self.uploads = uploads
        self.stored: list[Stored] = []

    @staticmethod
    def fingerprint(item: Item, data: bytes, collection_id: int) -> str:
        """The file's hash and the hash of what the export says about it, 32 characters each:
        a new run replaces the stored file only when the first half changed."""
        facts = [item.title, item.excerpt, item.content, item.meta.get(ALT_META, ""), collection_id]
        described = hashlib.sha256(json.dumps(facts).encode()).hexdigest()
        return hashlib.sha256(data).hexdigest()[:32] + described[:32]

    def read(self, item: Item) -> tuple[str, str, bytes]:
        """(kind, uploads-relative path, bytes) of an attachment, not yet checked (`check`);
        MediaFailure when it is missing or of a kind the site does not take."""
        relative, data = read_upload(self.uploads, attachment_paths(item))
        kind = kind_of(relative)
        if kind is None:
            raise MediaFailure(
                f"filtypen {PurePosixPath(relative).suffix or '(ingen)'} tas inte emot av sajten"
            )
        return kind, relative, data

    def save(self, item, kind, relative, data, collection, existing=None, new_file=True):
        """A new or updated image, document or audio/video, saved; `new_file` False keeps the
        stored file of `existing` (only what the export says about it changed)."""
        name = os.path.basename(relative)
        title = shorten(plain_text(item.title) or name, 255)
        alt = shorten(plain_text(item.meta.get(ALT_META, "")), 255)
        description = plain_text(item.content)
        new_file = new_file or existing is None
        if kind == "image":
            obj = existing or SiteImage()
            obj.title, obj.description, obj.collection = title, alt, collection
            if new_file:
                obj.file = ImageFile(io.BytesIO(data), name=name)
                obj._set_image_file_metadata()
        elif kind == "document":
            obj = existing or get_document_model()()
            obj.title, obj.collection = title, collection
            if new_file:
                obj.file = ContentFile(data, name=name)
                obj.file_size = len(data)
                obj._set_file_hash()
        else:
            obj = existing or SiteMedia(type=kind)
            obj.title, obj.collection = title, collection
            if kind == "audio" and description and not obj.transcript:
                obj.transcript = description
            if new_file:
                obj.file = ContentFile(data, name=name)
                obj.duration = 0
                obj._read_duration()
        if new_file:
            try:
                ensure_room_for(len(data))
                obj.save()
            except OSError as error:
                raise MediaFailure(" ".join(storage_error(error).messages)) from None
            self.stored.append(Stored(obj.file.storage, obj.file.name))
        else:
            obj.save()
        return obj

    def forget_stored(self) -> None:
        self.stored = []

    def remove_stored(self) -> None:
        """The files of an item that failed (its rows were rolled back)."""
        for stored in self.stored:
            with contextlib.suppress(OSError):
                stored.storage.delete(stored.name)
        self.stored = []


def reference(obj, kind: str, item: Item) -> MediaRef:
    alt = obj.description if kind == "image" else ""
    return MediaRef(
        kind=kind,
        pk=obj.pk,
        alt=alt,
        caption=shorten(plain_text(item.excerpt), 300),
        title=obj.title,
    )
