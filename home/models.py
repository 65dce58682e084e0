from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BaseStreamBlock

LATEST_ARTICLES_ON_HOME = 8


class HomePage(Page):
    """The root of the site: latest articles and the ways in (school form, municipality)."""

    intro = models.TextField(
        "ingress",
        max_length=400,
        blank=True,
        help_text="Kort text under sajtens namn på startsidan.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["municipalities.MunicipalityPage", "home.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = "startsida"

    def get_context(self, request, *args, **kwargs):
        from blog.models import ArticlePage, SchoolForm
        from municipalities.models import MunicipalityPage

        context = super().get_context(request, *args, **kwargs)
        context["latest_articles"] = ArticlePage.objects.for_listing().order_by(
            "-publication_date", "-pk"
        )[:LATEST_ARTICLES_ON_HOME]
        context["school_forms"] = SchoolForm.objects.with_article_counts()
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
