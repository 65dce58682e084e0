from django.db import models
from django.db.models import OuterRef, Subquery
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, MultipleChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .blocks import BaseStreamBlock

LATEST_ARTICLES_ON_HOME = 8
MAX_FEATURED_ARTICLES = 4


class HomePage(Page):
    """The root of the site: latest articles and the ways in (school form, municipality)."""

    intro = models.TextField(
        "ingress",
        max_length=400,
        blank=True,
        help_text="Kort text under sajtens namn på startsidan.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultipleChooserPanel(
            "featured_articles",
            chooser_field_name="article",
            label="Utvalda artiklar",
            heading="Utvalda artiklar",
            max_num=MAX_FEATURED_ARTICLES,
            help_text="Artiklar som redaktionen lyfter fram överst på startsidan.",
        ),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["municipalities.MunicipalityPage", "home.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = "startsida"

    def get_context(self, request, *args, **kwargs):
        from blog.models import ArticlePage, SchoolForm, Theme
        from municipalities.models import MunicipalityPage

        context = super().get_context(request, *args, **kwargs)
        position = HomePageFeaturedArticle.objects.filter(page=self, article=OuterRef("pk")).values(
            "sort_order"
        )
        context["featured_articles"] = (
            ArticlePage.objects.for_listing()
            .annotate(featured_position=Subquery(position[:1]))
            .filter(featured_position__isnull=False)
            .order_by("featured_position")
        )
        context["latest_articles"] = ArticlePage.objects.for_listing().order_by(
            "-publication_date", "-pk"
        )[:LATEST_ARTICLES_ON_HOME]
        context["school_forms"] = SchoolForm.objects.with_article_counts()
        context["themes"] = Theme.objects.with_article_counts().filter(article_count__gt=0)
        context["municipalities"] = MunicipalityPage.objects.child_of(self).live().public()
        return context


class StandardPage(Page):
    """Fixed pages about the site: Om Pedagogsajten, Riktlinjer för skribenter, …"""

    intro = models.TextField("ingress", max_length=400, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name="innehåll", blank=True)

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "standardsida"
        verbose_name_plural = "standardsidor"


class HomePageFeaturedArticle(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_articles")
    article = models.ForeignKey(
        "blog.ArticlePage", verbose_name="artikel", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("article")]

    class Meta(Orderable.Meta):
        verbose_name = "utvald artikel"
        verbose_name_plural = "utvalda artiklar"
