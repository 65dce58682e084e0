"""Articles, authors and taxonomy terms for the tests, the demo and the benchmarks."""

import factory
import wagtail_factories

from media_library.factories import AudioFactory, DocumentFactory, SiteImageFactory, VideoFactory

from .models import ArticleAuthor, ArticlePage, ArticleType, Author, SchoolForm, Subject, Theme


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
    def subjects(self, create, extracted, **kwargs):
        if extracted:
            self.subjects.set(extracted)
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


EMBED_URL = "https://www.youtube.com/watch?v=pedagogsajten"


def cached_embed(url: str = EMBED_URL):
    """The embed as Wagtail keeps it once an editor saved the address (nothing is fetched)."""
    from wagtail.embeds.embeds import get_embed_hash
    from wagtail.embeds.models import Embed

    return Embed.objects.get_or_create(
        hash=get_embed_hash(url),
        defaults={
            "url": url,
            "type": "video",
            "provider_name": "YouTube",
            "html": '<iframe src="https://www.youtube-nocookie.com/embed/x" title="Film"></iframe>',
        },
    )[0]


def every_block_body(copies: int = 2) -> list[dict]:
    """An article body with every block the editor offers, media blocks `copies` times each
    (different files), as a real article has them: for query budgets and rendering tests."""
    cached_embed()
    body = [
        {"type": "heading", "value": {"text": "Så gjorde vi", "level": "h2"}},
        paragraph("Eleverna arbetade tillsammans i par."),
        {"type": "quote", "value": {"text": "Nu förstår jag bråk!", "attribution": "En elev"}},
        {
            "type": "fact_box",
            "value": {"kind": "tips", "title": "Tips", "body": "<p>Börja smått.</p>"},
        },
        {
            "type": "lesson_plan",
            "value": {
                "aim": "<p>Förstå bråk.</p>",
                "target_group": "Åk 4–6",
                "duration": "60 minuter",
                "materials": ["Pappersremsor"],
                "steps": ["Vik remsor.", "Jämför."],
            },
        },
        {"type": "embed", "value": {"url": EMBED_URL, "title": "Film om bråk"}},
    ]
    for copy in range(copies):
        image = SiteImageFactory(credit=f"Foto {copy}")
        body += [
            {
                "type": "image",
                "value": {
                    "image": {"image": image.pk, "decorative": False, "alt_text": "Barn vid bord"},
                    "caption": "Bildtext.",
                    "credit": "",
                },
            },
            {
                "type": "document",
                "value": {
                    "document": DocumentFactory().pk,
                    "title": f"Underlag {copy} (PDF)",
                    "description": "En sida.",
                },
            },
            {"type": "audio", "value": {"audio": AudioFactory().pk, "caption": "Lyssna."}},
            {"type": "video", "value": {"video": VideoFactory().pk, "caption": ""}},
            paragraph(f"Stycke {copy}."),
        ]
    return body
