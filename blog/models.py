import json
import math

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.html import strip_tags
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, MultipleChooserPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index

from insights.counting import CountedPageMixin
from insights.forms import FeedbackForm
from media_library.models import SiteImage

from .blocks import ArticleBodyBlock
from .forms import ArticlePageForm

# Renditions used by article cards and the article hero; prefetched so listings stay at a
# fixed number of queries however many articles they show.
CARD_IMAGE_SPECS = ("fill-480x270|format-webp", "fill-960x540|format-webp")
AUTHOR_PHOTO_SPEC = "fill-96x96|format-webp"
WORDS_READ_PER_MINUTE = 200
RELATED_ARTICLES = 3
# Ranked in SQL before view restrictions are applied, so a few more than are shown.
RELATED_CANDIDATES = RELATED_ARTICLES * 3


class MunicipalityTitleField(serializers.CharField):
    def to_representation(self, value):
        return value


class TermNamesField(serializers.Field):
    def to_representation(self, value):
        return [term.name for term in value.all()]


class TaxonomyQuerySet(models.QuerySet):
    def with_article_counts(self):
        """Terms with the number of live articles classified with each (no per-term query)."""
        live = Q(articles__live=True)
        return self.annotate(article_count=Count("articles", filter=live, distinct=True))


class TaxonomyTerm(models.Model):
    """A classification term editors manage: school form, subject, theme, content type."""

    name = models.CharField("namn", max_length=100, unique=True)
    slug = models.SlugField("kortnamn i adresser", max_length=100, unique=True, allow_unicode=False)
    description = models.CharField("beskrivning", max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(
        "sorteringsordning", default=100, help_text="Lägre tal visas först."
    )

    objects = TaxonomyQuerySet.as_manager()
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class SchoolForm(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = "skolform"
        verbose_name_plural = "skolformer"


class Subject(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = "ämne"
        verbose_name_plural = "ämnen"


class Theme(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = "tema"
        verbose_name_plural = "teman"


class ArticleType(TaxonomyTerm):
    """Innehållstyp: Pedagogiskt exempel, Lektionsidé, Reflektion, …"""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = "innehållstyp"
        verbose_name_plural = "innehållstyper"


class Author(index.Indexed, models.Model):
    name = models.CharField("namn", max_length=150)
    role = models.CharField(
        "roll", max_length=150, help_text="T.ex. ”Lärare i matematik åk 4–6” eller ”Förskollärare”."
    )
    school = models.CharField("skola eller förskola", max_length=150, blank=True)
    municipality = models.ForeignKey(
        "municipalities.MunicipalityPage",
        verbose_name="kommun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authors",
    )
    photo = models.ForeignKey(
        SiteImage,
        verbose_name="foto",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("school"),
        FieldPanel("municipality"),
        FieldPanel("photo"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("school"),
    ]

    class Meta:
        verbose_name = "skribent"
        verbose_name_plural = "skribenter"
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.role}"


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


class ArticlePage(CountedPageMixin, Page):
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
    publication_date = models.DateField("publiceringsdatum", default=timezone.localdate)
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
        index.RelatedFields("school_forms", [index.SearchField("name")]),
        index.RelatedFields("subjects", [index.SearchField("name")]),
        index.RelatedFields("themes", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("municipality"),
        index.FilterField("article_type"),
        index.FilterField("publication_date"),
    ]

    content_panels = Page.content_panels + [
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
        return super().save(*args, **kwargs)

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

    def authors(self):
        photos = SiteImage.objects.prefetch_renditions(AUTHOR_PHOTO_SPEC)
        links = self.article_authors.select_related("author__municipality").prefetch_related(
            Prefetch("author__photo", queryset=photos)
        )
        return [link.author for link in links]

    def related_articles(self):
        """Live, public articles sharing a theme or school form with this one, most shared first.

        Ranked in SQL over the two link tables: grouping whole article rows (the ORM's
        annotate/Count) took 75 ms with 10,000 articles. Only candidates scoring at least as
        high as the best few are joined to the page tables; should too few of those be live
        and public, every candidate is ranked."""
        ranked, cut_off = self._related_article_ids(only_best_scores=True)
        if len(ranked) < RELATED_ARTICLES and cut_off:
            ranked, _ = self._related_article_ids(only_best_scores=False)
        found = {
            article.pk: article
            for article in ArticlePage.objects.filter(pk__in=ranked).with_card_data()
        }
        return [found[pk] for pk in ranked if pk in found]

    def _related_article_ids(self, *, only_best_scores: bool) -> tuple[list[int], bool]:
        """The ranked ids, and whether a score cut-off left candidates out."""
        themes, school_forms = ArticlePage.themes.through, ArticlePage.school_forms.through
        page_table = Page._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                WITH shared AS (
                    SELECT article_id, COUNT(*) AS score FROM (
                        SELECT articlepage_id AS article_id FROM {themes._meta.db_table}
                        WHERE theme_id IN (
                            SELECT theme_id FROM {themes._meta.db_table} WHERE articlepage_id = %(pk)s)
                        UNION ALL
                        SELECT articlepage_id FROM {school_forms._meta.db_table}
                        WHERE schoolform_id IN (
                            SELECT schoolform_id FROM {school_forms._meta.db_table}
                            WHERE articlepage_id = %(pk)s)
                    ) AS links
                    WHERE article_id <> %(pk)s
                    GROUP BY article_id
                ),
                cut_off AS (
                    SELECT CASE WHEN %(only_best)s THEN COALESCE(
                        (SELECT score FROM shared ORDER BY score DESC LIMIT 1 OFFSET %(last)s), 0)
                    ELSE 0 END AS score
                )
                SELECT ranked.article_id, cut_off.score > 0
                FROM cut_off
                LEFT JOIN LATERAL (
                    SELECT shared.article_id, shared.score, article.publication_date
                    FROM shared
                    JOIN {ArticlePage._meta.db_table} AS article
                        ON article.page_ptr_id = shared.article_id
                    JOIN {page_table} AS page ON page.id = shared.article_id
                    WHERE shared.score >= cut_off.score
                        AND page.live
                        -- public(): not below a page with a view restriction
                        AND NOT EXISTS (
                            SELECT 1 FROM {PageViewRestriction._meta.db_table} AS restriction
                            JOIN {page_table} AS restricted ON restricted.id = restriction.page_id
                            WHERE page.path LIKE restricted.path || '%%')
                ) AS ranked ON TRUE
                ORDER BY ranked.score DESC, ranked.publication_date DESC, ranked.article_id DESC
                LIMIT %(limit)s
                """,
                {
                    "pk": self.pk,
                    "only_best": only_best_scores,
                    "limit": RELATED_ARTICLES,
                    "last": RELATED_CANDIDATES - 1,
                },
            )
            rows = cursor.fetchall()
        # Without candidates the one row left is (NULL, cut-off flag).
        return [row[0] for row in rows if row[0] is not None], bool(rows and rows[0][1])

    def structured_data(self, authors, tags) -> str:
        """schema.org Article as JSON-LD, safe inside a <script> element."""
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": self.title,
            "description": self.summary,
            "inLanguage": "sv",
            "datePublished": self.publication_date.isoformat(),
            "dateModified": (
                self.last_published_at or self.latest_revision_created_at or timezone.now()
            ).isoformat(),
            "mainEntityOfPage": self.full_url,
            "author": [
                {"@type": "Person", "name": author.name, "jobTitle": author.role}
                for author in authors
            ],
            "publisher": {"@type": "Organization", "name": "Pedagogsajten"},
            "keywords": [tag.name for tag in tags],
        }
        if self.municipality_id:
            data["sourceOrganization"] = {
                "@type": "GovernmentOrganization",
                "name": f"{self.municipality.title} kommun",
            }
        return (
            json.dumps(data, ensure_ascii=False)
            .replace("<", "\\u003c")
            .replace(">", "\\u003e")
            .replace("&", "\\u0026")
        )

    def counted_municipality_id(self):
        return self.municipality_id

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        authors, tags = self.authors(), list(self.tags.all())
        context["authors"] = authors
        context["tags"] = tags
        context["related_articles"] = self.related_articles()
        context["structured_data"] = self.structured_data(authors, tags)
        context["feedback_form"] = FeedbackForm(article_id=self.pk)
        return context


class ArticleAuthor(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(
        Author, verbose_name="skribent", on_delete=models.PROTECT, related_name="article_links"
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = "skribent"
        verbose_name_plural = "skribenter"
