from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from blog.listing import listing_context
from core.counted_pages import CountedPageMixin
from core.routing import OneQueryViewRestrictionsMixin, SingleQueryChildRouteMixin


class MunicipalityPage(
    OneQueryViewRestrictionsMixin, SingleQueryChildRouteMixin, CountedPageMixin, Page
):
    """One section per municipality of Familjen Helsingborg; its staff's articles live below it."""

    intro = models.TextField(
        "kort presentation",
        max_length=600,
        help_text="Några meningar om kommunens skolor och förskolor.",
    )
    image = models.ForeignKey(
        "media_library.SiteImage",
        verbose_name="logotyp eller bild",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    search_fields = Page.search_fields + [index.SearchField("intro")]
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("image"),
        InlinePanel("contacts", label="Kontaktpersoner", heading="Kontaktpersoner"),
    ]

    parent_page_types = ["home.HomePage"]
    # Events live in the sections too (calendar_events/models.py says why): a writer drafts them where
    # they draft articles, in the same workflow.
    subpage_types = ["blog.ArticlePage", "calendar_events.EventPage"]

    class Meta:
        verbose_name = "kommun"
        verbose_name_plural = "kommuner"

    def counted_municipality_id(self):
        return self.pk

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The section's own articles, with the same filters as search (the municipality is fixed).
        context.update(
            listing_context(request, scope={"municipality": self}, fixed_facets=("kommun",))
        )
        return context


class MunicipalityContact(Orderable):
    page = ParentalKey(MunicipalityPage, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("namn", max_length=150)
    role = models.CharField(
        "roll", max_length=150, help_text="T.ex. ”Kontaktperson för Pedagogsajten”."
    )
    email = models.EmailField("e-post")

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("email")]

    class Meta(Orderable.Meta):
        verbose_name = "kontaktperson"
        verbose_name_plural = "kontaktpersoner"

    def __str__(self):
        return f"{self.name} ({self.role})"
