"""Checks on what an uploaded file really contains, whatever its name claims."""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

WEBVTT_SIGNATURE = "WEBVTT"
# Enough of a file's start for every container signature filetype knows.
SNIFF_BYTES = 8192


def sniff_mime(file) -> str | None:
    """The MIME type read from the file's first bytes (not its name), or None if unknown."""
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(position)
    kind = filetype.guess(head)
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
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(64)
    file.seek(position)
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
