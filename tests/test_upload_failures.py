"""Every broken, disguised or oversized upload, and a full or read-only disk, gives a Swedish form
error in the single and the multiple upload views, and leaves no file and no row behind
(issue 13, point 4)."""

import contextlib
import io
import os
import resource
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.models import UploadedFile

from media_library.factories import png_bytes
from media_library.generate import tone_wav
from media_library.models import SiteImage, SiteMedia

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def jpeg_bytes(size=(400, 300)) -> bytes:
    output = io.BytesIO()
    PILImage.effect_noise(size, 60).convert("RGB").save(output, "JPEG", quality=90)
    return output.getvalue()


def gif_bytes() -> bytes:
    output = io.BytesIO()
    PILImage.new("P", (32, 32), 3).save(output, "GIF")
    return output.getvalue()


def bomb_png() -> bytes:
    """A 12 000 × 10 000 picture (120 megapixels) that compresses to a few kilobytes."""
    output = io.BytesIO()
    PILImage.new("1", (12_000, 10_000)).save(output, "PNG", optimize=True)
    return output.getvalue()


def zip_without_word_document() -> bytes:
    import zipfile

    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("readme.txt", "inte ett dokument")
    return output.getvalue()


@dataclass
class BadFile:
    kind: str  # "image", "document" or "audio"
    name: str
    data: bytes
    message: str  # a part of the Swedish message the writer must see


CORPUS = {
    "empty image": BadFile("image", "tom.png", b"", "tom"),
    "truncated JPEG": BadFile(
        "image", "halv.jpg", jpeg_bytes()[:1500], "trasig eller ofullständig"
    ),
    "PNG signature only": BadFile("image", "signatur.png", b"\x89PNG\r\n\x1a\n", ""),
    "malformed GIF": BadFile("image", "trasig.gif", gif_bytes()[:20] + b"\x00" * 40, ""),
    "GIF polyglot": BadFile(
        "image", "polyglot.gif", gif_bytes() + b"/*<script>alert(1)</script>*/", "innehåller kod"
    ),
    "decompression bomb": BadFile("image", "bomb.png", bomb_png(), ""),
    "SVG with script": BadFile(
        "image",
        "ritning.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "",
    ),
    "HTML named .jpg": BadFile("image", "foto.jpg", HTML, ""),
    "HTML named .pdf": BadFile("document", "planering.pdf", HTML, "inte en riktig PDF-fil"),
    "ZIP named .docx": BadFile(
        "document", "planering.docx", zip_without_word_document(), "inte en riktig DOCX-fil"
    ),
    "text with markup named .txt": BadFile("document", "lista.txt", HTML, "inte en riktig TXT-fil"),
    "empty document": BadFile("document", "tom.pdf", b"", "tom"),
    "HTML named .mp3": BadFile("audio", "avsnitt.mp3", HTML * 20, "Filen är inte en ljudfil"),
}

# Django's and Wagtail's own messages for what they catch first (extension, format, pixels, an
# empty file) come in Swedish too: each contains one of these.
SWEDISH_WORDS = ("fil", "bild", "tillåt", "stöds", "pixlar", "tom", "format")


def files_on_disk() -> set[Path]:
    found = set()
    for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        for folder, _, names in os.walk(root):
            found.update(Path(folder) / name for name in names)
    return found


def rows() -> tuple[int, ...]:
    return (
        SiteImage.objects.count(),
        get_document_model().objects.count(),
        SiteMedia.objects.count(),
        UploadedFile.objects.count(),
    )


def upload_single(client, bad: BadFile):
    upload = SimpleUploadedFile(bad.name, bad.data)
    if bad.kind == "image":
        url, data = reverse("wagtailimages:add"), {"title": "Bild", "collection": "1"}
    elif bad.kind == "document":
        url, data = reverse("wagtaildocs:add"), {"title": "Dokument", "collection": "1"}
    else:
        url = reverse("wagtailmedia:add", args=("audio",))
        data = {"title": "Ljud", "collection": "1", "duration": "0", "transcript": "Hej."}
    response = client.post(url, {**data, "file": upload})
    assert response.status_code == 200, "a form error, neither a 500 nor a saved upload"
    return response.content.decode()


def upload_multiple(client, bad: BadFile):
    app = {"image": "wagtailimages", "document": "wagtaildocs"}[bad.kind]
    response = client.post(
        reverse(f"{app}:add_multiple"),
        {"files[]": SimpleUploadedFile(bad.name, bad.data), "collection": "1"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is False
    return body["error_message"]


def assert_swedish(message: str, expected: str) -> None:
    assert message.strip(), "an error message is shown"
    if expected:
        assert expected in message
    else:
        assert any(word in message.lower() for word in SWEDISH_WORDS), message


@pytest.fixture
def writer_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("karin", "k@example.se", "x"))
    return client


@pytest.mark.parametrize("case", CORPUS, ids=list(CORPUS))
def test_a_bad_file_gives_a_swedish_error_and_leaves_nothing(writer_client, case):
    bad = CORPUS[case]
    before_files, before_rows = files_on_disk(), rows()

    assert_swedish(upload_single(writer_client, bad), bad.message)
    if bad.kind != "audio":  # wagtailmedia has no multiple upload
        assert_swedish(upload_multiple(writer_client, bad), bad.message)

    assert files_on_disk() == before_files
    assert rows() == before_rows


def test_oversized_audio_is_refused_and_leaves_nothing(writer_client, settings):
    settings.MEDIA_MAX_UPLOAD_SIZE = {"audio": 16 * 1024, "video": 16 * 1024}
    before_files, before_rows = files_on_disk(), rows()
    message = upload_single(writer_client, BadFile("audio", "lang.wav", tone_wav("a", 2), ""))
    assert "en ljudfil får vara högst" in message
    assert files_on_disk() == before_files and rows() == before_rows


@contextlib.contextmanager
def file_size_limit(limit: int):
    """The operating system refuses to let this process write files larger than the limit: the
    upload's write fails half-way, as on a full disk (EFBIG instead of ENOSPC)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


@pytest.mark.parametrize("view", ["single", "multiple"])
def test_a_disk_that_fills_during_the_write_gives_a_swedish_error_and_no_partial_file(
    writer_client, view
):
    photo = BadFile("image", "klassrum.jpg", jpeg_bytes((1200, 900)), "")
    assert len(photo.data) > 64 * 1024
    before_files, before_rows = files_on_disk(), rows()

    with file_size_limit(32 * 1024):
        if view == "single":
            message = upload_single(writer_client, photo)
        else:
            message = upload_multiple(writer_client, photo)

    assert "Filen kunde inte sparas: servern har inte plats för den just nu" in message
    assert files_on_disk() == before_files, "the partial file is removed"
    assert rows() == before_rows


@pytest.mark.parametrize("view", ["single", "multiple"])
def test_a_read_only_media_folder_gives_a_swedish_error(writer_client, settings, view):
    # sysfs refuses new files even to root: a real read-only place, not a simulated one.
    settings.PRIVATE_MEDIA_ROOT = Path("/sys/pedagogsajten-media")
    photo = BadFile("image", "klassrum.png", png_bytes(), "")
    before_rows = rows()

    message = (
        upload_single(writer_client, photo)
        if view == "single"
        else upload_multiple(writer_client, photo)
    )

    assert "Filen kunde inte sparas: servern får inte spara filer just nu" in message
    assert rows() == before_rows


def test_an_upload_that_would_fill_the_disk_is_refused_before_writing(writer_client, settings):
    # Whatever the file's size, it would not fit: more than the disk has free, with room to spare
    # for other processes freeing space meanwhile (a margin of exactly the free space was flaky).
    free = shutil.disk_usage(settings.PRIVATE_MEDIA_ROOT).free
    settings.UPLOAD_FREE_SPACE_MARGIN = free + 2**40
    before_files, before_rows = files_on_disk(), rows()

    message = upload_single(
        writer_client, BadFile("document", "plan.pdf", b"%PDF-1.4\n%%EOF\n", "")
    )

    assert "servern har inte plats för den just nu" in message
    assert files_on_disk() == before_files and rows() == before_rows


def test_good_files_still_upload_in_both_views(writer_client):
    single = upload_single_ok(writer_client, "image", "skog.jpg", jpeg_bytes())
    assert single.status_code == 302
    multiple = writer_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("ang.png", png_bytes()), "collection": "1"},
    )
    assert multiple.json()["success"] is True
    document = upload_single_ok(
        writer_client, "document", "plan.pdf", b"%PDF-1.4\n1 0 obj\n%%EOF\n"
    )
    assert document.status_code == 302
    assert SiteImage.objects.count() == 2 and get_document_model().objects.count() == 1
    assert all(
        image.file.name.startswith("private/original_images/") for image in SiteImage.objects.all()
    )


def upload_single_ok(client, kind, name, data):
    url = reverse("wagtailimages:add") if kind == "image" else reverse("wagtaildocs:add")
    title = "Bild" if kind == "image" else "Dokument"
    return client.post(
        url, {"title": title, "collection": "1", "file": SimpleUploadedFile(name, data)}
    )


@pytest.mark.parametrize("kind", ["image", "document", "audio"])
def test_the_same_file_twice_is_refused_with_the_name_of_the_first(writer_client, kind):
    data = {
        "image": ("skog.jpg", jpeg_bytes()),
        "document": ("plan.pdf", b"%PDF-1.4\n1 0 obj\n%%EOF\n"),
        "audio": ("saga.wav", tone_wav("saga", seconds=1.0)),
    }[kind]
    url = {
        "image": reverse("wagtailimages:add"),
        "document": reverse("wagtaildocs:add"),
        "audio": reverse("wagtailmedia:add", args=("audio",)),
    }[kind]
    fields = {"collection": "1"} | (
        {"duration": "0", "transcript": "Det var en gång."} if kind == "audio" else {}
    )

    first = writer_client.post(
        url, {**fields, "title": "Första", "file": SimpleUploadedFile(*data)}
    )
    assert first.status_code == 302, "the first upload is saved"
    before_files, before_rows = files_on_disk(), rows()

    again = writer_client.post(
        url,
        {**fields, "title": "Andra", "file": SimpleUploadedFile("kopia" + data[0][-4:], data[1])},
    )

    assert again.status_code == 200, "a form error, not a second copy"
    message = again.content.decode()
    assert "Den här filen finns redan i samlingen: ”Första”" in message
    assert files_on_disk() == before_files and rows() == before_rows
