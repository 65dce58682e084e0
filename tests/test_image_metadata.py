"""Uploaded photos lose their camera metadata (GPS, camera) before they are stored; the picture
keeps the orientation the camera recorded."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.models import Collection

from media_library.factories import SiteImageFactory
from media_library.metadata import without_camera_metadata
from media_library.models import SiteImage
from tests.editorial import build_editorial_site

GPS_IFD, ORIENTATION, MAKE = 0x8825, 0x0112, 0x010F
ROTATED_90 = 6  # EXIF: the camera was turned; show the picture rotated 90° clockwise


def photo_with_gps(size=(40, 20), orientation=None, image_format="JPEG") -> bytes:
    picture = Image.new("RGB", size, "#2d6a4f")
    exif = Image.Exif()
    exif[MAKE] = "Kamerafabriken"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (56.0, 2.0, 48.0), 3: "E", 4: (12.0, 41.0, 40.0)})
    if orientation:
        exif[ORIENTATION] = orientation
    output = io.BytesIO()
    picture.save(output, image_format, exif=exif)
    return output.getvalue()


def stored(image: SiteImage) -> Image.Image:
    with image.open_file() as file:
        picture = Image.open(io.BytesIO(file.read()))
        picture.load()
    return picture


def test_the_test_photo_really_carries_a_position():
    assert Image.open(io.BytesIO(photo_with_gps())).getexif().get_ifd(GPS_IFD)


def test_an_uploaded_photo_is_stored_without_position_or_camera(db):
    image = SiteImageFactory(data=photo_with_gps(), extension="jpg")
    picture = stored(image)
    exif = picture.getexif()
    assert not exif.get_ifd(GPS_IFD) and MAKE not in exif
    assert image.file_size == image.file.size
    assert (image.width, image.height) == picture.size == (40, 20)


def test_the_recorded_orientation_is_applied(db):
    image = SiteImageFactory(data=photo_with_gps(orientation=ROTATED_90), extension="jpg")
    picture = stored(image)
    assert picture.size == (20, 40) == (image.width, image.height)
    assert ORIENTATION not in picture.getexif()


def test_webp_and_png_lose_it_too_and_clean_files_stay_as_they_are(db):
    for image_format in ("WEBP", "PNG"):
        cleaned = without_camera_metadata(photo_with_gps(image_format=image_format))
        assert cleaned is not None
        assert not Image.open(io.BytesIO(cleaned)).getexif().get_ifd(GPS_IFD)
    plain = io.BytesIO()
    Image.new("RGB", (8, 8)).save(plain, "PNG")
    assert without_camera_metadata(plain.getvalue()) is None
    assert without_camera_metadata(b"not an image") is None


def test_an_upload_through_the_admin_is_cleaned(client, db):
    site = build_editorial_site()
    client.force_login(site.chief)
    upload = SimpleUploadedFile("skolgard.jpg", photo_with_gps(), content_type="image/jpeg")
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Skolgården",
            "file": upload,
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302
    image = SiteImage.objects.get(title="Skolgården")
    assert not stored(image).getexif().get_ifd(GPS_IFD)
