"""Images, renditions and audio/video with what the accessibility law asks of them.

Custom models from the first migration on: swapping an image or media model later means
migrating every reference to it.
"""

import io
import logging
import os

import mutagen
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.core.validators import FileExtensionValidator
from django.db import models
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Collection, Page
from wagtail.utils.file import hash_filelike
from wagtailmedia.models import AbstractMedia

from .metadata import without_camera_metadata
from .storage import is_private_name, private_name
from .validators import validate_media_content, validate_media_size, validate_webvtt

logger = logging.getLogger("pedagogsajten.media")

CAPTION_LANGUAGES = [
    ("sv", "Svenska"),
    ("en", "Engelska"),
    ("ar", "Arabiska"),
    ("so", "Somaliska"),
    ("ti", "Tigrinja"),
    ("fa", "Persiska"),
    ("uk", "Ukrainska"),
    ("pl", "Polska"),
    ("bs", "Bosniska/kroatiska/serbiska"),
]


class SiteImage(AbstractImage):
    credit = models.CharField(
        "fotograf/källa",
        max_length=255,
        blank=True,
        help_text="Visas under bilden, t.ex. ”Foto: Anna Berg”.",
    )

    admin_form_fields = Image.admin_form_fields + ("credit",)

    class Meta(AbstractImage.Meta):
        verbose_name = "bild"
        verbose_name_plural = "bilder"
        permissions = [("choose_image", "Can choose image")]

    def save(self, *args, **kwargs):
        self.strip_camera_metadata()
        super().save(*args, **kwargs)

    def strip_camera_metadata(self) -> None:
        """A newly uploaded file (single or multiple upload, the demo, an import) loses its camera
        metadata before it is stored; size, hash and (by the field) dimensions then describe the
        stored file. The upload forms call this before they store the file (forms.py)."""
        if self.file and not getattr(self.file, "_committed", True):
            self.file.seek(0)
            cleaned = without_camera_metadata(self.file.read())
            self.file.seek(0)
            if cleaned is not None:
                self.file = ImageFile(io.BytesIO(cleaned), name=os.path.basename(self.file.name))
                self._set_image_file_metadata()


class SiteRendition(AbstractRendition):
    image = models.ForeignKey(SiteImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    def get_upload_to(self, filename):
        # Stored beside its image: a private original's renditions are private too.
        name = super().get_upload_to(filename)
        return private_name(name) if is_private_name(self.image.file.name) else name


class SiteMedia(AbstractMedia):
    transcript = models.TextField(
        "transkription",
        blank=True,
        help_text="Krävs för ljud: allt som sägs, så att den som inte hör kan ta del av innehållet.",
    )
    captions = models.FileField(
        "textning (WebVTT)",
        upload_to="media_captions",
        blank=True,
        validators=[FileExtensionValidator(["vtt"]), validate_webvtt],
        help_text="Krävs för video: en .vtt-fil med textning av allt som sägs.",
    )
    captions_language = models.CharField(
        "textningens språk", max_length=8, choices=CAPTION_LANGUAGES, default="sv"
    )
    # SHA-1 of the file, as images and documents have: the same file uploaded twice is found.
    file_hash = models.CharField(max_length=40, blank=True, editable=False, db_index=True)

    admin_form_fields = (
        "title",
        "file",
        "collection",
        "transcript",
        "captions",
        "captions_language",
        "duration",
        "width",
        "height",
        "thumbnail",
        "tags",
    )

    class Meta(AbstractMedia.Meta):
        verbose_name = "ljud eller video"
        verbose_name_plural = "ljud och video"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # The file the stored hash belongs to: saving other changes need not read it again.
        instance._hashed_file_name = (
            instance.__dict__.get("file")
            and instance.file_hash
            and (str(instance.__dict__["file"]))
        )
        return instance

    def save(self, *args, **kwargs):
        if self.file and self.file.name != getattr(self, "_hashed_file_name", None):
            # A new or replaced file (the upload form may already have stored it): its hash,
            # as images and documents have, so the same file uploaded again is found.
            with self.file.open("rb") as content:
                self.file_hash = hash_filelike(content)
            self._hashed_file_name = self.file.name
        return super().save(*args, **kwargs)

    @property
    def captions_language_label(self) -> str:
        return self.get_captions_language_display()

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors.update(error.update_error_dict({}))
        if self.file and "file" not in errors:
            try:
                validate_media_size(self.file, self.type)
                validate_media_content(self.file, self.type)
            except ValidationError as error:
                errors["file"] = [error]
            else:
                self._read_duration()
        if self.type == "audio" and not self.transcript.strip():
            errors["transcript"] = [
                ValidationError(
                    "Ljud behöver en transkription enligt tillgänglighetslagen.",
                    code="transcript_required",
                )
            ]
        if self.type == "video" and not self.captions:
            errors["captions"] = [
                ValidationError(
                    "Video behöver en textningsfil (WebVTT) enligt tillgänglighetslagen.",
                    code="captions_required",
                )
            ]
        if errors:
            raise ValidationError(errors)

    def _read_duration(self) -> None:
        """Fill in the duration from the file itself when the editor left it empty."""
        if self.duration:
            return
        try:
            self.file.seek(0)
            info = mutagen.File(self.file)
            self.file.seek(0)
        except Exception:  # noqa: BLE001 - an unreadable header only means no duration
            logger.info("Could not read duration of %s", self.file.name)
            return
        if info is not None and getattr(info.info, "length", None):
            self.duration = round(info.info.length, 1)


class PublishedFileUse(models.Model):
    """An image, document, audio or video file shown on a live page that anyone may read.

    Kept by media_library/visibility.py from each page's published content (not from drafts, which
    Wagtail's reference index also reads), so a file is public exactly while a public page uses it.
    """

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "content_type", "object_id"], name="unique_published_file_use"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.content_type} {self.object_id} på sida {self.page_id}"


@register_setting(icon="folder-open-inverse")
class FileSettings(BaseGenericSetting):
    """Files an editor makes public without a page: everything in the chosen collections."""

    public_collections = models.ManyToManyField(
        Collection,
        blank=True,
        related_name="+",
        verbose_name="publika samlingar",
        help_text=(
            "Bilder, dokument, ljud och video i dessa samlingar är publika även om ingen publicerad "
            "sida använder dem (t.ex. logotyper och material som länkas från andra webbplatser). "
            "Lägg aldrig bilder på barn här utan vårdnadshavares samtycke."
        ),
    )

    class Meta:
        verbose_name = "filer"
