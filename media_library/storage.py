"""Where uploaded files live: a public folder the front proxy serves, and a private one it never sees.

Names in the database say which: a file whose name starts with `private/` lives under
PRIVATE_MEDIA_ROOT and is reached only through the app (media_library/views.py checks who asks);
any other name lives under MEDIA_ROOT and is served at MEDIA_URL, by the proxy in production.

New originals, documents, audio, video, their thumbnails and captions, and avatars always start
private: a photo of pupils uploaded for a draft is not reachable before the page is published
(media_library/visibility.py moves it when it becomes public, and back). A rendition is stored
where its image is (SiteRendition.get_upload_to).
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils.functional import cached_property

PRIVATE_PREFIX = "private/"

# The upload folders whose new files start private. "images/" (renditions) is not among them:
# a rendition's folder follows its image's visibility.
PRIVATE_FROM_UPLOAD = (
    "original_images/",
    "documents/",
    "media/",
    "media_thumbnails/",
    "media_captions/",
    "avatar_images/",
    "wagtail_uploads/",  # an upload waiting for its form to be completed
)


def is_private_name(name: str) -> bool:
    return name.startswith(PRIVATE_PREFIX)


def private_name(name: str) -> str:
    return name if is_private_name(name) else PRIVATE_PREFIX + name


def public_name(name: str) -> str:
    return name.removeprefix(PRIVATE_PREFIX)


class MediaStorage(FileSystemStorage):
    """The project's default storage: MEDIA_ROOT for public names, PRIVATE_MEDIA_ROOT for
    `private/…` names."""

    @cached_property
    def private_storage(self) -> FileSystemStorage:
        return FileSystemStorage(
            location=os.path.abspath(settings.PRIVATE_MEDIA_ROOT),
            file_permissions_mode=self.file_permissions_mode,
            directory_permissions_mode=self.directory_permissions_mode,
        )

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting in ("PRIVATE_MEDIA_ROOT", "FILE_UPLOAD_PERMISSIONS"):
            self.__dict__.pop("private_storage", None)

    def generate_filename(self, filename):
        filename = super().generate_filename(filename)
        if filename.startswith(PRIVATE_FROM_UPLOAD):
            return private_name(filename)
        return filename

    def _save(self, name, content):
        # A write that fails half-way (disk full, quota, read-only) must not leave a partial file
        # that a later upload of the same name would step around and nobody would ever delete.
        full_path = self.path(name)
        existed = os.path.exists(full_path)
        try:
            if is_private_name(name):
                return private_name(self.private_storage._save(public_name(name), content))
            return super()._save(name, content)
        except BaseException:
            if not existed and os.path.exists(full_path):
                os.remove(full_path)
            raise

    def path(self, name):
        if is_private_name(name):
            return self.private_storage.path(public_name(name))
        return super().path(name)

    def url(self, name):
        if is_private_name(name):
            return reverse("private_file", kwargs={"path": public_name(name)})
        return super().url(name)
