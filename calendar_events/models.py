"""Event pages: fortbildning, nätverksträff, föreläsning, konferens.

Events live in the municipality sections, beside the articles, not under one calendar page:
a writer may only add pages in their own municipality's section (municipalities/roles.py gives
Skribent – <kommun> `add_page` on that section and nothing else) and the one publishing workflow
covers the whole tree (municipalities/workflow.py), so an event is drafted, reviewed and
approved exactly as an article is, with no new permission to hand out. A single calendar page
would have needed add permission for every writer on it, letting a writer in Bjuv draft events
for Helsingborg. `/kalender/` is a listing (calendar_events/views.py) over every section's events.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from core.routing import OneQueryViewRestrictionsMixin

from .blocks import EventBodyBlock
from .forms import EventPageForm
from .structured_data import event_json_ld

KINDS = [
    ("fortbildning", "Fortbildning"),
    ("natverkstraff", "Nätverksträff"),
    ("forelasning", "Föreläsning"),
    ("konferens", "Konferens"),
]


class EventPageQuerySet(PageQuerySet):
    def readable(self):
        """What readers may see: live events outside private sections."""
        return self.live().public()

    def upcoming(self, now=None):
        """Events that have not ended yet (one going on now is still upcoming)."""
        return self.filter(end__gte=now or timezone.now()).order_by("start", "pk")

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now()).order_by("-start", "-pk")

    def for_listing(self):
        return self.select_related("municipality").prefetch_related("school_forms")


EventPageManager = PageManager.from_queryset(EventPageQuerySet)


class EventPage(OneQueryViewRestrictionsMixin, Page):
    kind = models.CharField("typ", max_length=20, choices=KINDS, default="fortbildning")
    start = models.DateTimeField(
        "börjar", help_text="Datum och klockslag, svensk tid.", db_index=True
    )
    end = models.DateTimeField(
        "slutar", help_text="Datum och klockslag, svensk tid.", db_index=True
    )
    place = models.CharField(
        "plats",
        max_length=250,
        blank=True,
        help_text="Lokal och adress, t.ex. ”Aulan, Olympiaskolan, Helsingborg”. Lämna tomt om träffen bara är digital.",
    )
    online_url = models.URLField(
        "länk till digitalt möte",
        blank=True,
        help_text="Fyll i om man kan vara med digitalt.",
    )
    organiser = models.CharField(
        "arrangör", max_length=200, help_text="T.ex. ”Skol- och fritidsförvaltningen, Bjuv”."
    )
    municipality = models.ForeignKey(
        "municipalities.MunicipalityPage",
        verbose_name="kommun",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text="Kommunen vars avdelning evenemanget ligger under; sätts automatiskt.",
    )
    school_forms = ParentalManyToManyField(
        "blog.SchoolForm", verbose_name="skolformer", related_name="events", blank=True
    )
    registration_url = models.URLField(
        "länk till anmälan", blank=True, help_text="Anmälningsformulär eller biljettsida."
    )
    contact = models.CharField(
        "kontakt för anmälan",
        max_length=250,
        blank=True,
        help_text="Namn och e-post eller telefon, om anmälan inte görs via en länk.",
    )
    summary = models.CharField(
        "sammanfattning",
        max_length=300,
        help_text="Högst 300 tecken. Visas i kalendern, i sökresultat och som beskrivning för sökmotorer.",
    )
    body = StreamField(EventBodyBlock(), verbose_name="innehåll", blank=True)

    objects = EventPageManager()
    base_form_class = EventPageForm

    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("place"),
        index.SearchField("organiser"),
        index.AutocompleteField("summary"),
        index.RelatedFields("school_forms", [index.SearchField("name", boost=2)]),
        index.FilterField("municipality"),
        index.FilterField("kind"),
        index.FilterField("start"),
        index.FilterField("end"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")])],
            heading="När",
        ),
        MultiFieldPanel(
            [FieldPanel("place"), FieldPanel("online_url")],
            heading="Var",
            help_text="Fyll i en plats, en länk till ett digitalt möte eller båda.",
        ),
        FieldPanel("organiser"),
        MultiFieldPanel(
            [FieldPanel("registration_url"), FieldPanel("contact")],
            heading="Anmälan",
            help_text="Fyll i en länk till anmälan eller vem man kontaktar.",
        ),
        FieldPanel("school_forms", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
    ]

    parent_page_types = ["municipalities.MunicipalityPage"]
    subpage_types = []

    class Meta:
        verbose_name = "evenemang"
        verbose_name_plural = "evenemang"
        indexes = [models.Index(fields=["end", "start"], name="events_end_start")]

    @classmethod
    def get_indexed_objects(cls):
        """Only what readers may see is indexed: live events outside private sections."""
        return super().get_indexed_objects().live().public()

    @classmethod
    def routing_queryset(cls):
        """How a section finds the event a reader asked for (core/routing.py): with its
        municipality, in the same query."""
        return cls.objects.select_related("municipality")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "Evenemanget kan inte sluta innan det börjar."})

    def save(self, *args, **kwargs):
        parent = self.get_parent() if self.path else None
        if parent is not None:
            self.municipality_id = parent.pk
        return super().save(*args, **kwargs)

    def get_meta_description(self) -> str:
        return self.search_description or self.summary

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    @property
    def local_start(self) -> datetime.datetime:
        return timezone.localtime(self.start)

    @property
    def local_end(self) -> datetime.datetime:
        return timezone.localtime(self.end)

    @property
    def same_day(self) -> bool:
        return self.local_start.date() == self.local_end.date()

    @property
    def attendance(self) -> str:
        """ "plats", "digitalt" or "båda": how one can take part."""
        if self.place.strip() and self.online_url:
            return "båda"
        return "digitalt" if self.online_url else "plats"

    def structured_data(self, school_forms) -> str:
        """schema.org Event as JSON-LD, safe inside a <script> element."""
        return event_json_ld(self, school_forms)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        school_forms = list(self.school_forms.order_by("sort_order", "name"))
        context["school_forms"] = school_forms
        context["structured_data"] = self.structured_data(school_forms)
        return context
