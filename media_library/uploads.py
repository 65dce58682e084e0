"""Uploads that fail safely: a file is written to storage while the form is validated, so a full or
read-only disk becomes a Swedish form error (in the single and the multiple upload views alike),
never a 500, and no database row is written for it. The storage removes what a failed write
left (storage.py)."""

import errno
import logging
import os
import shutil

from django.conf import settings
from django.core.exceptions import ValidationError

logger = logging.getLogger("pedagogsajten.media")

FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}
NOT_WRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM}


def storage_error(error: OSError) -> ValidationError:
    if error.errno in FULL:
        reason = "servern har inte plats för den just nu"
    elif error.errno in NOT_WRITABLE:
        reason = "servern får inte spara filer just nu"
    else:
        reason = "ett fel uppstod när den skrevs"
    return ValidationError(
        "Filen kunde inte sparas: %(reason)s. Ingenting sparades. Försök igen om en stund; "
        "kvarstår felet, kontakta redaktionen.",
        code="storage_failed",
        params={"reason": reason},
    )


def ensure_room_for(size: int) -> None:
    """Refuse before writing when the upload would leave less than the margin free: a disk filled
    to the last byte also stops the database and the logs."""
    folder = settings.PRIVATE_MEDIA_ROOT
    os.makedirs(folder, exist_ok=True)
    if shutil.disk_usage(folder).free < size + settings.UPLOAD_FREE_SPACE_MARGIN:
        raise OSError(errno.ENOSPC, "not enough free space for the upload")


class SafeUploadFormMixin:
    """For the admin's upload forms (images, documents, audio/video): stores new files during
    validation, turning storage failures into form errors."""

    upload_field_names = ("file",)

    def _post_clean(self):
        if any(name in self._errors for name in self.upload_field_names):
            # The upload is already refused with its reason; the model's own checks would only
            # add a second, confusing error about a file with no name (Document.clean).
            return
        super()._post_clean()
        if not self._errors:
            self._store_uploads()

    def prepare_upload(self, field_name: str) -> None:
        """Change the upload before it is stored (images: camera metadata out)."""

    def _store_uploads(self) -> None:
        stored = []
        for name in self.upload_field_names:
            field_file = getattr(self.instance, name, None)
            if not field_file or getattr(field_file, "_committed", True):
                continue
            self.prepare_upload(name)
            field_file = getattr(self.instance, name)
            try:
                ensure_room_for(field_file.size)
                field_file.save(os.path.basename(field_file.name), field_file.file, save=False)
            except OSError as error:
                logger.error("Upload of %s could not be stored: %s", field_file.name, error)
                for earlier in stored:  # a video stored, its captions not: neither stays
                    earlier.storage.delete(earlier.name)
                self.add_error(name if name in self.fields else None, storage_error(error))
                return
            stored.append(field_file)
