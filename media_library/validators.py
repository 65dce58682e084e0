"""Checks on what an uploaded file really contains, whatever its name claims."""

import io
import warnings
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

WEBVTT_SIGNATURE = "WEBVTT"
# Enough of a file's start for every container signature filetype knows.
SNIFF_BYTES = 8192


def read_from_start(file, size: int = -1):
    """The file's first `size` bytes (all by default), leaving its position where it was."""
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    data = file.read(size)
    file.seek(position)
    return data


def sniff_mime(file) -> str | None:
    """The MIME type read from the file's first bytes (not its name), or None if unknown."""
    kind = filetype.guess(read_from_start(file, SNIFF_BYTES))
    return kind.mime if kind else None


def media_kind_of(mime: str | None) -> str | None:
    """'audio' or 'video' for a sniffed MIME type; MP4/M4A count as either (same container)."""
    if mime is None:
        return None
    if mime in {"video/mp4", "audio/mp4", "audio/x-m4a", "video/quicktime", "video/webm"}:
        return "audiovisual"
    if mime.startswith("audio/") or mime == "application/ogg":
        return "audio"
    if mime.startswith("video/"):
        return "video"
    return None


def validate_media_content(file, declared_type: str) -> None:
    """Refuse a file whose content is not the declared kind (a text file named .mp3, say)."""
    kind = media_kind_of(sniff_mime(file))
    label = "ljudfil" if declared_type == "audio" else "videofil"
    if kind is None:
        raise ValidationError(
            "Filen är inte en %(label)s: innehållet känns inte igen som ljud eller video, "
            "oavsett vad filnamnet säger. Spara filen i ett vanligt format (t.ex. MP3 eller MP4) "
            "och försök igen.",
            code="invalid_media_content",
            params={"label": label},
        )
    if kind == "audiovisual":
        return
    if kind != declared_type:
        found = "en videofil" if kind == "video" else "en ljudfil"
        raise ValidationError(
            "Filen är %(found)s, inte en %(label)s. Ladda upp den som rätt medietyp.",
            code="wrong_media_type",
            params={"found": found, "label": label},
        )


def validate_webvtt(file) -> None:
    """A captions file must be WebVTT: browsers ignore any other format in <track>."""
    head = read_from_start(file, 64)
    if isinstance(head, bytes):
        # The first bytes may end inside a multi-byte character (å, ä, ö): ignore that tail.
        head = head.decode("utf-8-sig", errors="ignore")
    else:
        head = head.lstrip("\ufeff")
    if not head.startswith(WEBVTT_SIGNATURE):
        raise ValidationError(
            "Textningsfilen måste vara en WebVTT-fil (.vtt) som börjar med raden ”WEBVTT”. "
            "Exportera textningen som WebVTT från ditt textningsverktyg.",
            code="invalid_webvtt",
        )


def validate_media_size(file, declared_type: str) -> None:
    """Audio and video have their own size limits (settings), stated in the message in megabytes."""
    limit = settings.MEDIA_MAX_UPLOAD_SIZE[declared_type]
    if file.size > limit:
        raise ValidationError(
            "Filen är %(size)s MB; en %(label)s får vara högst %(limit)s MB. Korta den eller "
            "spara den i lägre kvalitet och försök igen.",
            code="file_too_large",
            params={
                "size": megabytes(file.size),
                "limit": megabytes(limit),
                "label": "ljudfil" if declared_type == "audio" else "videofil",
            },
        )


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",").removesuffix(",0")


# Markup that makes a file dangerous if a browser ever treats it as a page: an "image" or document
# carrying it is a polyglot (a GIF that is also a script, HTML renamed .jpg), not a teacher's file.
MARKUP_SIGNS = (
    b"<script",
    b"<html",
    b"<!doctype html",
    b"<svg",
    b"<?php",
    b"<iframe",
    b"javascript:",
)


BROKEN_IMAGE = (
    "Bilden är trasig eller ofullständig och kan inte visas. Öppna den i ett bildprogram, spara "
    "den på nytt och försök igen."
)


def contains_markup(data: bytes) -> bool:
    lowered = data.lower()
    return any(sign in lowered for sign in MARKUP_SIGNS)


def validate_image_content(file) -> None:
    """The whole picture must decode (a truncated JPEG, a bare PNG signature or a broken GIF
    fail here, not later when a page or the admin makes a thumbnail of it), and carry no markup."""
    from PIL import Image

    data = read_from_start(file)
    if not data:
        raise ValidationError("Filen är tom.", code="empty_image")
    if contains_markup(data):
        raise ValidationError(
            "Filen innehåller kod (HTML eller skript) och kan inte laddas upp som bild. "
            "Spara bilden på nytt som JPEG eller PNG och försök igen.",
            code="image_with_markup",
        )
    try:
        with warnings.catch_warnings():
            # A decompression bomb (a small file that unpacks to a huge picture) is refused, not
            # just warned about.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as picture:
                picture.load()
                for frame in range(1, min(getattr(picture, "n_frames", 1), 200)):
                    picture.seek(frame)
                    picture.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ValidationError(
            "Bilden är för stor i pixlar för att kunna visas. Minska bildens storlek och försök igen.",
            code="image_too_many_pixels",
        ) from None
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for broken files; all mean the same
        raise ValidationError(BROKEN_IMAGE, code="broken_image") from None


# What each allowed document extension must contain: the sniffed type, or for the office formats
# the part every such file has.
DOCUMENT_KINDS = {
    "pdf": ("application/pdf", None),
    "docx": ("application/zip", "word/document.xml"),
    "xlsx": ("application/zip", "xl/workbook.xml"),
    "pptx": ("application/zip", "ppt/presentation.xml"),
    "odt": ("application/zip", "mimetype=application/vnd.oasis.opendocument.text"),
    "ods": ("application/zip", "mimetype=application/vnd.oasis.opendocument.spreadsheet"),
    "odp": ("application/zip", "mimetype=application/vnd.oasis.opendocument.presentation"),
}
OFFICE_MIMES = {
    "application/zip",
    *[
        kind.mime
        for kind in filetype.types
        if "officedocument" in kind.mime or "opendocument" in kind.mime
    ],
}


def validate_document_content(file, extension: str) -> None:
    """A document is what its extension says: a PDF starts as one, an office file is a ZIP
    package with its main part, a text file is text. HTML renamed .pdf is refused."""
    extension = extension.lower().lstrip(".")
    refused = ValidationError(
        "Filen är inte en riktig %(extension)s-fil: innehållet stämmer inte med filändelsen. "
        "Spara dokumentet på nytt från programmet det gjordes i (t.ex. ”Spara som PDF”) och "
        "försök igen.",
        code="document_content_mismatch",
        params={"extension": extension.upper()},
    )
    if extension == "txt":
        data = read_from_start(file)
        if b"\x00" in data or contains_markup(data):
            raise refused
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                data.decode("cp1252")
            except UnicodeDecodeError:
                raise refused from None
        return
    expected = DOCUMENT_KINDS.get(extension)
    if expected is None:
        return  # the extension check reports it
    mime, part = expected
    sniffed = sniff_mime(file)
    if mime == "application/pdf":
        if sniffed != mime:
            raise refused
        return
    if sniffed not in OFFICE_MIMES or not _zip_has_part(file, part):
        raise refused


def _zip_has_part(file, part: str) -> bool:
    """Reads the ZIP's table of contents only (never unpacks, so a zip bomb costs nothing)."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as package:
            if part.startswith("mimetype="):
                with package.open("mimetype") as declared:
                    return declared.read(100).decode("ascii", "replace").strip() == part[9:]
            return part in package.namelist()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return False
    finally:
        file.seek(position)
