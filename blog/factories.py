"""Articles, authors and taxonomy terms for the tests, the demo and the benchmarks."""

import factory
import wagtail_factories

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
