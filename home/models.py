from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, MultipleChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from blog.models import ArticlePage, SchoolForm, Theme
from core.blocks import BaseStreamBlock
from core.fragment_cache import cached_for_readers
from core.routing import OneQueryViewRestrictionsMixin, SingleQueryChildRouteMixin

LATEST_ARTICLES_ON_HOME = 8
MAX_FEATURED_ARTICLES = 4


class HomePage(OneQueryViewRestrictionsMixin, SingleQueryChildRouteMixin, Page):
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
    subpage_types = [
        "municipalities.MunicipalityPage",
        "home.StandardPage",
        "home.AccessibilityStatementPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "startsida"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The same for every reader until something is published (core/fragment_cache.py):
        # counting the articles of each school form and theme and finding the latest took about
        # 75 ms of SQL at 10,000 articles.
        context.update(cached_for_readers(request, "home-listings", self.pk, build=self.listings))
        # The municipality sections are listed by a template tag of the municipalities app.
        return context

    def listings(self) -> dict[str, list]:
        position = HomePageFeaturedArticle.objects.filter(page=self, article=OuterRef("pk")).values(
            "sort_order"
        )
        featured = list(
            ArticlePage.objects.for_listing()
            .annotate(featured_position=Subquery(position[:1]))
            .filter(featured_position__isnull=False)
            .order_by("featured_position")
        )
        return {
            "featured_articles": featured,
            # A featured article is not shown a second time under the latest.
            "latest_articles": list(
                ArticlePage.objects.for_listing()
                .exclude(pk__in=[article.pk for article in featured])
                .order_by("-publication_date", "-pk")[:LATEST_ARTICLES_ON_HOME]
            ),
            "school_forms": list(SchoolForm.objects.with_article_counts()),
            "themes": list(Theme.objects.with_article_counts().filter(article_count__gt=0)),
        }


class StandardPage(OneQueryViewRestrictionsMixin, Page):
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


class AccessibilityStatementPage(StandardPage):
    """Tillgänglighetsredogörelse with the structure DIGG asks for (lagen om tillgänglighet till
    digital offentlig service). A StandardPage too, so the footer links it from every page."""

    COMPLIANCE_CHOICES = [
        ("helt", "Helt förenlig"),
        ("delvis", "Delvis förenlig"),
        ("inte", "Inte förenlig"),
    ]

    organisation = models.CharField(
        "organisation", max_length=200, default="Skol- och fritidsförvaltningen, Helsingborgs stad"
    )
    service_name = models.CharField("tjänstens namn", max_length=200, default="Pedagogsajten")
    compliance_status = models.CharField(
        "förenlighet med kraven", max_length=10, choices=COMPLIANCE_CHOICES, default="delvis"
    )
    assessment_method = models.TextField(
        "hur webbplatsen har granskats",
        default=(
            "Självskattning: automatiska tester med axe-core mot WCAG 2.1 nivå AA i en riktig "
            "webbläsare för varje sidtyp, tangentbordstester och manuell granskning av innehållet."
        ),
    )
    assessed_on = models.DateField("senaste granskning", default=timezone.localdate)
    statement_updated_on = models.DateField(
        "redogörelsen senast uppdaterad", default=timezone.localdate
    )
    feedback_email = models.EmailField(
        "e-post för synpunkter", default="pedagogsajten@helsingborg.se"
    )
    feedback_phone = models.CharField("telefon för synpunkter", max_length=40, blank=True)
    response_time = models.CharField(
        "svarstid", max_length=100, default="Vi svarar inom fem arbetsdagar."
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("service_name"),
                FieldPanel("compliance_status"),
            ],
            heading="Förenlighet",
        ),
        InlinePanel(
            "shortcomings", label="Kända brister", heading="Innehåll som inte är tillgängligt"
        ),
        MultiFieldPanel(
            [
                FieldPanel("feedback_email"),
                FieldPanel("feedback_phone"),
                FieldPanel("response_time"),
            ],
            heading="Synpunkter och rapportering",
        ),
        MultiFieldPanel(
            [
                FieldPanel("assessment_method"),
                FieldPanel("assessed_on"),
                FieldPanel("statement_updated_on"),
            ],
            heading="Hur vi testat webbplatsen",
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    template = "home/accessibility_statement_page.html"

    class Meta:
        verbose_name = "tillgänglighetsredogörelse"


class AccessibilityShortcoming(Orderable):
    REASONS = [
        ("brist", "Bristande förenlighet med lagkraven"),
        ("oskaligt", "Oskäligt betungande anpassning"),
        ("utanfor", "Innehållet omfattas inte av lagen"),
    ]

    page = ParentalKey(
        AccessibilityStatementPage, on_delete=models.CASCADE, related_name="shortcomings"
    )
    title = models.CharField("brist", max_length=200)
    description = models.TextField("beskrivning")
    reason = models.CharField("varför", max_length=10, choices=REASONS, default="brist")
    wcag_criterion = models.CharField(
        "WCAG-kriterium", max_length=60, blank=True, help_text="T.ex. 1.2.2 Undertexter."
    )
    planned_fix = models.CharField("planerad åtgärd", max_length=200, blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("reason"),
        FieldPanel("wcag_criterion"),
        FieldPanel("planned_fix"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "känd brist"
        verbose_name_plural = "kända brister"
