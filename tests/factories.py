import io

import factory
import wagtail_factories
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.models import Page

from blog.models import ArticleAuthor, ArticlePage, ArticleType, Author, SchoolForm, Subject, Theme
from home.models import HomePage, StandardPage
from media_library.models import SiteImage, SiteMedia
from municipalities.models import MunicipalityContact, MunicipalityPage

# Every block an article body offers; tests check each renders and that the demo uses each.
ARTICLE_BLOCK_TYPES = {
    "heading", "paragraph", "image", "quote", "fact_box",
    "document", "audio", "video", "embed", "lesson_plan",
}  # fmt: skip


def png_bytes(size=(64, 36), colour="#0b4f6c") -> bytes:
    output = io.BytesIO()
    PILImage.new("RGB", size, colour).save(output, "PNG")
    return output.getvalue()


class SiteImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteImage

    title = factory.Sequence(lambda n: f"Bild {n}")
    file = factory.LazyAttribute(
        lambda o: ImageFile(io.BytesIO(png_bytes()), name=f"bild-{o.title}.png")
    )
    credit = "Foto: Test"


class TaxonomyFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Term {n}")
    slug = factory.Sequence(lambda n: f"term-{n}")


class SchoolFormFactory(TaxonomyFactory):
    class Meta:
        model = SchoolForm
        django_get_or_create = ("slug",)


class SubjectFactory(TaxonomyFactory):
    class Meta:
        model = Subject
        django_get_or_create = ("slug",)


class ThemeFactory(TaxonomyFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)


class ArticleTypeFactory(TaxonomyFactory):
    class Meta:
        model = ArticleType
        django_get_or_create = ("slug",)


class MunicipalityPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = MunicipalityPage

    title = factory.Sequence(lambda n: f"Kommun {n}")
    intro = "Förskolor och skolor som delar sina exempel."


class MunicipalityContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MunicipalityContact

    name = "Kim Kontakt"
    role = "Kontaktperson för Pedagogsajten"
    email = "kim@kommun.example"


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Skribent {n}")
    role = "Lärare i matematik åk 4–6"
    school = "Testskolan"


def paragraph(text: str) -> dict:
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


class ArticlePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticlePage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Artikel {n}")
    summary = "En kort sammanfattning av artikeln."
    article_type = factory.SubFactory(
        ArticleTypeFactory, slug="pedagogiskt-exempel", name="Pedagogiskt exempel"
    )
    body = factory.LazyFunction(lambda: [paragraph("Eleverna arbetade tillsammans.")])

    @factory.post_generation
    def school_forms(self, create, extracted, **kwargs):
        self.school_forms.set(
            extracted or [SchoolFormFactory(slug="grundskola-4-6", name="Grundskola 4–6")]
        )
        if create:
            self.save()

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if extracted:
            self.themes.set(extracted)
            self.save()

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        for position, author in enumerate(extracted or []):
            ArticleAuthor.objects.create(page=self, author=author, sort_order=position)
        if extracted:
            self.save()  # as the editor's save does: the search index then sees the authors


def home_page() -> HomePage:
    return HomePage.objects.get()


def standard_page(**kwargs) -> StandardPage:
    defaults = {"title": "Om Pedagogsajten", "slug": "om-pedagogsajten", "intro": "Om sajten."}
    defaults.update(kwargs)
    page = StandardPage(**defaults)
    home_page().add_child(instance=page)
    page.save_revision().publish()
    return page


def publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def audio_media(**kwargs) -> SiteMedia:
    from django.core.files.base import ContentFile

    from home.demo.media import tone_wav

    defaults = {
        "title": "Poddavsnitt",
        "type": "audio",
        "transcript": "Hej och välkommen till podden.",
    }
    defaults.update(kwargs)
    media = SiteMedia(**defaults)
    media.file.save("avsnitt.wav", ContentFile(tone_wav("test", seconds=1)), save=False)
    media.full_clean()
    media.save()
    return media


def video_media(**kwargs) -> SiteMedia:
    from django.core.files.base import ContentFile

    from home.demo.media import demo_video, webvtt

    defaults = {"title": "Film om havet", "type": "video"}
    defaults.update(kwargs)
    media = SiteMedia(**defaults)
    media.file.save("film.mp4", ContentFile(demo_video("test", seconds=1)), save=False)
    media.captions.save(
        "film.vtt", ContentFile(webvtt(["Vi är på stranden i Båstad."])), save=False
    )
    media.full_clean()
    media.save()
    return media


def accessibility_statement(home=None, **kwargs):
    from home.models import AccessibilityShortcoming, AccessibilityStatementPage

    page = AccessibilityStatementPage(
        title="Tillgänglighetsredogörelse", slug="tillganglighetsredogorelse", **kwargs
    )
    page.shortcomings = [
        AccessibilityShortcoming(
            title="PDF-filer är bilder av text",
            description="Texten kan inte läsas upp.",
            reason="brist",
            wcag_criterion="1.4.5",
        )
    ]
    (home or home_page()).add_child(instance=page)
    page.save_revision().publish()
    return page


def baseline():
    """The rows the migrations create (locale, tree root, home page, site, collection root,
    default taxonomy), recreated after a transactional test's flush."""
    from django.apps import apps
    from wagtail.models import Collection, Locale, Page, Site

    from blog.taxonomy_defaults import create_defaults
    from home.models import HomePage

    create_defaults(apps.get_model)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    home = HomePage.objects.first()
    if home is None:
        locale = Locale.objects.get_or_create(language_code="sv")[0]
        root = Page.objects.filter(depth=1).first() or Page.add_root(
            title="Root", slug="root", locale=locale
        )
        home = root.add_child(instance=HomePage(title="Pedagogsajten", slug="start", locale=locale))
        Site.objects.update_or_create(
            hostname="localhost", defaults={"root_page": home, "is_default_site": True, "port": 80}
        )
    return home
