"""Private files, through the app: only to those allowed to see them (media_library/visibility.py).

The front proxy never serves PRIVATE_MEDIA_ROOT; it passes `/filer/privat/…` here, and this view
hands the bytes back to it (SENDFILE_BACKEND, X-Accel-Redirect under nginx) once it has checked.
"""

from django.core.files.storage import default_storage
from django.http import Http404
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.users.models import UserProfile
from wagtail.utils.sendfile import sendfile
from wagtailmedia.models import get_media_model

from . import visibility
from .storage import PRIVATE_PREFIX


def _owner(name: str):
    """The object a private file belongs to, or None (avatars: the profile)."""
    folder = name.removeprefix(PRIVATE_PREFIX).partition("/")[0]
    image_model, media_model = get_image_model(), get_media_model()
    lookups = {
        "original_images": lambda: image_model.objects.filter(file=name).first(),
        "images": lambda: getattr(
            image_model.get_rendition_model()
            .objects.filter(file=name)
            .select_related("image")
            .first(),
            "image",
            None,
        ),
        "documents": lambda: get_document_model().objects.filter(file=name).first(),
        "media": lambda: media_model.objects.filter(file=name).first(),
        "media_thumbnails": lambda: media_model.objects.filter(thumbnail=name).first(),
        "media_captions": lambda: media_model.objects.filter(captions=name).first(),
        "avatar_images": lambda: UserProfile.objects.filter(avatar=name).first(),
    }
    lookup = lookups.get(folder)
    return lookup() if lookup else None


def _may_see(user, owner) -> bool:
    if isinstance(owner, UserProfile):
        # Avatars appear in the admin only (page history, workflow, comments).
        return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")
    return visibility.may_see(user, owner)


def private_file(request, path):
    name = PRIVATE_PREFIX + path
    owner = _owner(name)
    # Not found, or not yours: the same answer, so a file's existence is not given away.
    if owner is None or not _may_see(request.user, owner):
        raise Http404("Filen finns inte.")
    response = sendfile(request, default_storage.path(name))
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
