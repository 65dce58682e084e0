"""Images, documents, audio and video with generated content (media_library/generate.py), for the
tests, the demo and the benchmarks alike."""

import io

import factory
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model

from . import generate
from .models import SiteImage, SiteMedia


def png_bytes(size=(64, 36), colour="#0b4f6c") -> bytes:
    output = io.BytesIO()
    PILImage.new("RGB", size, colour).save(output, "PNG")
    return output.getvalue()


class SiteImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteImage

    title = factory.Sequence(lambda n: f"Bild {n}")
    file = factory.LazyAttribute(
        lambda o: ImageFile(io.BytesIO(o.data), name=f"{o.file_stem}.{o.extension}")
    )
    credit = "Foto: Test"

    class Params:
        data = factory.LazyFunction(png_bytes)  # the file's bytes: a small PNG unless given
        extension = "png"
        file_stem = factory.LazyAttribute(lambda o: f"bild-{o.title}")


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_document_model()

    class Params:
        data = b"%PDF-1.4\n%%EOF\n"
        file_stem = factory.Sequence(lambda n: f"dokument-{n}")

    title = factory.Sequence(lambda n: f"Dokument {n}")
    file = factory.LazyAttribute(lambda o: ContentFile(o.data, name=f"{o.file_stem}.pdf"))


class SiteMediaFactory(factory.django.DjangoModelFactory):
    """Validated like an editor's upload (`full_clean`): the content is sniffed, durations read."""

    class Meta:
        model = SiteMedia

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        media = model_class(*args, **kwargs)
        media.full_clean()
        media.save()
        return media


class AudioFactory(SiteMediaFactory):
    class Params:
        seconds = 1
        mp3 = False  # a WAV file unless asked for MP3
        file_stem = "avsnitt"

    title = "Poddavsnitt"
    type = "audio"
    transcript = "Hej och välkommen till podden."
    file = factory.LazyAttribute(lambda o: ContentFile(_audio(o), name=f"{o.file_stem}.{_ext(o)}"))


def _audio(options) -> bytes:
    wav = generate.tone_wav(options.title, seconds=options.seconds)
    return generate.mp3_from_wav(wav) if options.mp3 else wav


def _ext(options) -> str:
    return "mp3" if options.mp3 else "wav"


class VideoFactory(SiteMediaFactory):
    class Params:
        seconds = 1
        file_stem = "film"
        caption_lines = ("Vi är på stranden i Båstad.",)
        seconds_per_cue = 2.0

    title = "Film om havet"
    type = "video"
    file = factory.LazyAttribute(
        lambda o: ContentFile(
            generate.demo_video(o.title, seconds=o.seconds), name=f"{o.file_stem}.mp4"
        )
    )
    captions = factory.LazyAttribute(
        lambda o: ContentFile(
            generate.webvtt(list(o.caption_lines), o.seconds_per_cue), name=f"{o.file_stem}.vtt"
        )
    )
