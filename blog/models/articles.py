"""The article page: what pedagogues share (examples, lesson ideas, reflections)."""

import hashlib
import json
import math
from types import SimpleNamespace

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Value
from django.utils import timezone
from django.utils.html import strip_tags
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, MultipleChooserPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from core.counted_pages import CountedPageMixin
from core.fragment_cache import cached, cached_for_readers
from core.panels import ChangesRequestedPanel
from core.routing import OneQueryViewRestrictionsMixin
from media_library.models import SiteImage

from ..api import MunicipalityTitleField, TermNamesField
from ..blocks import ArticleBodyBlock
from ..forms import ArticlePageForm
from ..related import related_articles
from ..structured_data import article_json_ld
from .authors import Author
from .taxonomy import ArticleType, SchoolForm, Subject, Theme

# Renditions used by article cards and the article hero; prefetched so listings stay at a
# fixed number of queries however many articles they show.
CARD_IMAGE_SPECS = ("fill-480x270|format-webp", "fill-960x540|format-webp")
AUTHOR_PHOTO_SPEC = "fill-96x96|format-webp"
WORDS_READ_PER_MINUTE = 200


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePageQuerySet(PageQuerySet):
    def for_listing(self):
        """Live, public articles with everything a card shows, in a fixed number of queries."""
        return self.live().public().with_card_data()

    def with_card_data(self):
        return self.select_related("municipality", "article_type").prefetch_related(
            "school_forms",
            Prefetch(
                "hero_image", queryset=SiteImage.objects.prefetch_renditions(*CARD_IMAGE_SPECS)
            ),
        )


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)


class ArticlePage(OneQueryViewRestrictionsMixin, CountedPageMixin, Page):
    summary = models.CharField(
        "sammanfattning",
        max_length=300,
        help_text="Högst 300 tecken. Visas i listor, i sökresultat och som beskrivning för sökmotorer.",
    )
    hero_image = models.ForeignKey(
        SiteImage,
        verbose_name="huvudbild",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_image_alt = models.CharField(
        "alternativtext för huvudbilden",
        max_length=250,
        blank=True,
        help_text="Beskriv vad bilden visar för den som inte ser den. Krävs när en huvudbild är vald.",
    )
    hero_image_decorative = models.BooleanField(
        "huvudbilden är dekorativ",
        default=False,
        help_text="Kryssa i bara om bilden inte tillför något innehåll; den får då ingen alternativtext.",
    )
    # Empty until the chief editor's approval publishes the article, which gives it that day's
    # date: an article that waited weeks for approval does not go live with an old date.
    publication_date = models.DateField(
        "publiceringsdatum",
        null=True,
        blank=True,
        help_text="Lämna tomt så får artikeln dagens datum när den publiceras. "
        "Välj ett datum bara om artikeln ska visa ett annat.",
    )
    municipality = models.ForeignKey(
        "municipalities.MunicipalityPage",
        verbose_name="kommun",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text="Kommunen vars avdelning artikeln ligger under; sätts automatiskt.",
    )
    school_forms = ParentalManyToManyField(
        SchoolForm, verbose_name="skolformer", related_name="articles"
    )
    subjects = ParentalManyToManyField(
        Subject, verbose_name="ämnen", related_name="articles", blank=True
    )
    themes = ParentalManyToManyField(
        Theme, verbose_name="teman", related_name="articles", blank=True
    )
    article_type = models.ForeignKey(
        ArticleType,
        verbose_name="innehållstyp",
        null=True,
        on_delete=models.PROTECT,
        related_name="articles",
    )
    tags = ClusterTaggableManager("nyckelord", through=ArticlePageTag, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name="innehåll")

    # The charter's conditions, confirmed by the writer on the article itself before it is
    # submitted; required to submit or publish (ArticlePageForm), not to save a draft.
    confirm_manager_consent = models.BooleanField(
        "Min närmsta chef har godkänt att jag bidrar med den här artikeln.", default=False
    )
    confirm_no_advertising = models.BooleanField(
        "Artikeln gör ingen reklam för kommersiella produkter eller tjänster.", default=False
    )
    confirm_media_rights = models.BooleanField(
        "Jag har rätt att publicera alla bilder, ljud och filmer i artikeln och samtycke från dem som syns "
        "(för barn och elever: vårdnadshavares samtycke).",
        default=False,
    )

    objects = ArticlePageManager()
    base_form_class = ArticlePageForm

    # What the read-only API (/api/v2/pages/?type=blog.ArticlePage) may show besides title and URL.
    api_fields = [
        APIField("summary"),
        APIField("publication_date"),
        APIField("municipality", serializer=MunicipalityTitleField(source="municipality.title")),
        APIField("school_forms", serializer=TermNamesField()),
        APIField("themes", serializer=TermNamesField()),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.AutocompleteField("summary"),
        index.RelatedFields(
            "article_authors",
            [
                index.RelatedFields(
                    "author", [index.SearchField("name"), index.SearchField("school")]
                )
            ],
        ),
        # The writer's own classification says what the article is about: weighed as the summary,
        # so a search for a school form or subject ranks the articles filed under it first.
        index.RelatedFields("school_forms", [index.SearchField("name", boost=2)]),
        index.RelatedFields("subjects", [index.SearchField("name", boost=2)]),
        index.RelatedFields("themes", [index.SearchField("name", boost=2)]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("municipality"),
        index.FilterField("article_type"),
        index.FilterField("publication_date"),
        # Facets and listing scopes, filtered and counted by the engine in one request
        # (search/faceted.py): the terms' ids, so renaming a term or its slug needs no
        # reindexing. Methods rather than FilterField("school_forms"): modelsearch reads a
        # many-to-many filter field with one query per article, the methods read the relations
        # update_index has already prefetched for the RelatedFields above.
        index.FilterField("school_form_ids", type="IntegerField"),
        index.FilterField("subject_ids", type="IntegerField"),
        index.FilterField("theme_ids", type="IntegerField"),
        index.FilterField("tag_ids", type="IntegerField"),
        index.FilterField("author_ids", type="IntegerField"),
    ]

    content_panels = [ChangesRequestedPanel(), *Page.content_panels] + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("hero_image"),
                FieldPanel("hero_image_alt"),
                FieldPanel("hero_image_decorative"),
            ],
            heading="Huvudbild",
        ),
        FieldPanel("publication_date"),
        MultipleChooserPanel(
            "article_authors", chooser_field_name="author", label="Skribenter", min_num=1
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("article_type"),
                # Required to publish or submit, not to save a draft.
                FieldPanel(
                    "school_forms", widget=forms.CheckboxSelectMultiple, required_on_save=False
                ),
                FieldPanel("subjects", widget=forms.CheckboxSelectMultiple),
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading="Klassificering",
        ),
        MultiFieldPanel(
            [
                FieldPanel("confirm_manager_consent", required_on_save=False),
                FieldPanel("confirm_no_advertising", required_on_save=False),
                FieldPanel("confirm_media_rights", required_on_save=False),
            ],
            heading="Innan du skickar in",
            help_text="Alla tre krävs för att skicka artikeln till granskning. Du kan spara utkast utan dem.",
        ),
    ]

    parent_page_types = ["municipalities.MunicipalityPage"]
    subpage_types = []

    class Meta:
        verbose_name = "artikel"
        verbose_name_plural = "artiklar"

    @classmethod
    def get_indexed_objects(cls):
        """Only what readers may see is indexed: live articles outside private sections."""
        return super().get_indexed_objects().live().public()

    def clean(self):
        super().clean()
        if (
            self.hero_image_id
            and not self.hero_image_decorative
            and not self.hero_image_alt.strip()
        ):
            raise ValidationError(
                {
                    "hero_image_alt": "Skriv en alternativtext som beskriver huvudbilden, "
                    "eller markera bilden som dekorativ."
                }
            )

    def save(self, *args, **kwargs):
        parent = self.get_parent() if self.path else None
        if parent is not None:
            self.municipality_id = parent.pk
        if self.live and self.publication_date is None:
            # Publishing (Wagtail sets `live` first): the day of approval, unless one was chosen.
            self.publication_date = timezone.localdate()
        return super().save(*args, **kwargs)

    def serve_preview(self, request, mode_name):
        # A draft without a chosen date is previewed with the date it would get if approved today.
        if self.publication_date is None:
            self.publication_date = timezone.localdate()
        return super().serve_preview(request, mode_name)

    def get_meta_description(self) -> str:
        return self.search_description or self.summary

    @property
    def reading_minutes(self) -> int:
        words = sum(
            len(strip_tags(text).split())
            for block in self.body
            for text in block.block.get_searchable_content(block.value)
        )
        return max(1, math.ceil(words / WORDS_READ_PER_MINUTE))

    # The classification as term ids, for the engine's facets and listing scopes (search_fields).
    def school_form_ids(self) -> list[int]:
        return [term.pk for term in self.school_forms.all()]

    def subject_ids(self) -> list[int]:
        return [term.pk for term in self.subjects.all()]

    def theme_ids(self) -> list[int]:
        return [term.pk for term in self.themes.all()]

    def tag_ids(self) -> list[int]:
        return [tag.pk for tag in self.tags.all()]

    def author_ids(self) -> list[int]:
        return [link.author_id for link in self.article_authors.all()]

    def authors(self):
        photos = SiteImage.objects.prefetch_renditions(AUTHOR_PHOTO_SPEC)
        links = self.article_authors.select_related("author__municipality").prefetch_related(
            Prefetch("author__photo", queryset=photos)
        )
        return [link.author for link in links]

    def related_articles(self):
        """Live, public articles sharing a theme or school form with this one, most shared first."""
        return related_articles(self)

    def structured_data(self, authors, tags) -> str:
        """schema.org Article as JSON-LD, safe inside a <script> element."""
        return article_json_ld(self, authors, tags)

    def counted_municipality_id(self):
        return self.municipality_id

    @classmethod
    def routing_queryset(cls):
        """How a municipality finds the article a reader asked for (core/routing.py): with the
        type, the section and the hero image its page shows, in the same query."""
        return cls.objects.select_related("article_type", "municipality", "hero_image")

    def classification(self) -> dict[str, list]:
        """The school forms, subjects, themes and tags, each in its editors' order, in one query:
        {"school_forms": [term, …], …}, each term with `name` and `slug`."""
        kinds = {
            "school_forms": SchoolForm.objects.filter(articles=self).annotate(
                rank_a=F("sort_order"), rank_b=F("name")
            ),
            "subjects": Subject.objects.filter(articles=self).annotate(
                rank_a=F("sort_order"), rank_b=F("name")
            ),
            "themes": Theme.objects.filter(articles=self).annotate(
                rank_a=F("sort_order"), rank_b=F("name")
            ),
            "tags": ArticlePageTag.objects.filter(content_object=self).annotate(
                name=F("tag__name"), slug=F("tag__slug"), rank_a=F("pk"), rank_b=Value("")
            ),
        }
        parts = [
            queryset.order_by()
            .annotate(kind=Value(kind))
            .values_list("kind", "name", "slug", "rank_a", "rank_b")
            for kind, queryset in kinds.items()
        ]
        rows = parts[0].union(*parts[1:], all=True)
        found = {kind: [] for kind in kinds}
        for kind, name, slug, *_rank in sorted(rows, key=lambda row: (row[0], row[3], row[4])):
            found[kind].append(SimpleNamespace(name=name, slug=slug))
        return found

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The same for every reader of the live page until something is published (the
        # generation also changes when an author, a term or a tag is edited).
        classification = cached_for_readers(
            request, "classification", self.pk, build=self.classification
        )
        authors = cached_for_readers(request, "authors", self.pk, build=self.authors)
        tags = classification["tags"]
        context["authors"] = authors
        context["classification"] = classification
        context["tags"] = tags
        # The same for every reader until something is published (core/fragment_cache.py).
        context["related_articles"] = cached(
            "related-articles", self.pk, build=self.related_articles
        )
        context["structured_data"] = self.structured_data(authors, tags)
        # The rendered body and its reading time are kept per version of the body, so a warm
        # article page loads none of its images, documents, audio, video or embeds.
        body_key = self.body_fingerprint()
        context["body_key"] = body_key
        context["reading_minutes"] = cached(
            "reading-minutes", self.pk, body_key, build=lambda: self.reading_minutes
        )
        return context

    def body_fingerprint(self) -> str:
        """A short hash of the body as stored (read without loading any block's media)."""
        stored = json.dumps(list(self.body.raw_data), sort_keys=True, default=str)
        return hashlib.blake2b(stored.encode(), digest_size=12).hexdigest()


class ArticleAuthor(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(
        Author, verbose_name="skribent", on_delete=models.PROTECT, related_name="article_links"
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = "skribent"
        verbose_name_plural = "skribenter"
