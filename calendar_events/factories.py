"""Events for the tests and the demo."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone

from .models import EventPage


def paragraph(text: str) -> dict:
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


class EventPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Evenemang {n}")
    kind = "fortbildning"
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    end = factory.LazyAttribute(lambda event: event.start + datetime.timedelta(hours=2))
    place = "Aulan, Testskolan"
    organiser = "Skol- och fritidsförvaltningen"
    registration_url = "https://anmalan.example/kurs"
    summary = "En eftermiddag om kollegialt lärande."
    body = factory.LazyFunction(lambda: [paragraph("Vi träffas och delar erfarenheter.")])

    @factory.post_generation
    def school_forms(self, create, extracted, **kwargs):
        if extracted:
            self.school_forms.set(extracted)
            if create:
                self.save()
