"""The admin's upload forms: every file is checked by its content, not its name, and stored while
the form is validated, so that a broken file or a full disk is a Swedish form error (uploads.py)."""

import os

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import date_format
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm
from wagtail.utils.file import hash_filelike
from wagtailmedia.forms import BaseMediaForm

from .uploads import SafeUploadFormMixin
from .validators import BROKEN_IMAGE, validate_document_content, validate_image_content


class RefuseDuplicatesMixin:
    """The same file uploaded again into the same collection is refused with the name of the one
    already there, instead of becoming a silent copy. Only the chosen collection is looked in: a
    writer must not learn the names of files in collections they cannot see."""

    duplicate_message = (
        "Den här filen finns redan i samlingen: ”{title}” (uppladdad {date}). Välj den i "
        "stället för att ladda upp den igen."
    )

    def clean(self):
        cleaned_data = super().clean()
        if "file" not in self.errors:
            try:
                self.refuse_duplicate(cleaned_data.get("file"))
            except ValidationError as error:
                self.add_error("file", error)
        return cleaned_data

    def refuse_duplicate(self, file):
        if not isinstance(file, UploadedFile):
            return
        file.seek(0)
        digest = hash_filelike(file)
        file.seek(0)
        collection = self.cleaned_data.get("collection") or getattr(
            self.instance, "collection", None
        )
        if collection is None:
            return
        existing = (
            type(self.instance)
            .objects.filter(collection=collection, file_hash=digest)
            .exclude(pk=self.instance.pk)
            .order_by("created_at")
            .first()
        )
        if existing is not None:
            raise ValidationError(
                self.duplicate_message.format(
                    title=existing.title, date=date_format(existing.created_at, "j F Y")
                ),
                code="duplicate",
            )


class ContentCheckedImageField(WagtailImageField):
    """Wagtail's image field reads the picture's size with Pillow, which raises on a truncated or
    malformed file before any form check runs: that becomes the form error it should be."""

    def to_python(self, data):
        try:
            return super().to_python(data)
        except ValidationError:
            raise
        except Exception as error:  # noqa: BLE001 - Pillow's many kinds of "this file is broken"
            raise ValidationError(BROKEN_IMAGE, code="broken_image") from error


class SiteImageForm(RefuseDuplicatesMixin, SafeUploadFormMixin, BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(self.fields.get("file"), WagtailImageField):
            # Wagtail builds the field itself (formfield_for_dbfield); keep its settings.
            self.fields["file"].__class__ = ContentCheckedImageField

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            validate_image_content(file)
        return file

    def prepare_upload(self, field_name):
        self.instance.strip_camera_metadata()


class SiteDocumentForm(RefuseDuplicatesMixin, SafeUploadFormMixin, BaseDocumentForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            validate_document_content(file, os.path.splitext(file.name)[1])
        return file


class SiteMediaForm(RefuseDuplicatesMixin, SafeUploadFormMixin, BaseMediaForm):
    """Hides the captions fields for audio: a transcript is what audio needs."""

    upload_field_names = ("file", "thumbnail", "captions")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.type == "audio":
            for name in ("captions", "captions_language"):
                self.fields.pop(name, None)

    def clean_thumbnail(self):
        thumbnail = self.cleaned_data.get("thumbnail")
        if isinstance(thumbnail, UploadedFile):
            validate_image_content(thumbnail)
        return thumbnail
