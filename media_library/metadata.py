"""Camera metadata out of uploaded photos: GPS positions and camera details must not sit in the
public originals (a photo of pupils can tell where the school is and who took it).

The picture is turned the way its EXIF orientation says, then saved again without EXIF or XMP;
the colour profile is kept. Files without such metadata are left byte for byte as they are.
"""

import io

from PIL import Image, ImageOps, UnidentifiedImageError

# Formats that carry EXIF/XMP and that Pillow writes back: JPEG, PNG, WebP.
# JPEG at high quality and full chroma resolution: one re-encoding should not show.
WRITABLE = {"JPEG": {"quality": 95, "subsampling": 0}, "PNG": {}, "WEBP": {"quality": 95}}
METADATA_KEYS = ("exif", "xmp", "XML:com.adobe.xmp")


def without_camera_metadata(data: bytes) -> bytes | None:
    """The image re-encoded without EXIF/XMP, or None when there is nothing to remove (or the
    file is not an image Pillow can rewrite: the upload's own checks report that)."""
    try:
        with Image.open(io.BytesIO(data)) as picture:
            if picture.format not in WRITABLE or getattr(picture, "n_frames", 1) > 1:
                return None
            has_exif = bool(picture.getexif())
            if not has_exif and not any(key in picture.info for key in METADATA_KEYS):
                return None
            image_format, icc_profile = picture.format, picture.info.get("icc_profile")
            upright = ImageOps.exif_transpose(picture)
            options = dict(WRITABLE[image_format])
            if icc_profile:
                options["icc_profile"] = icc_profile
            output = io.BytesIO()
            upright.save(output, image_format, **options)
            return output.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None
