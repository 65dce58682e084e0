"""Municipality sections and their contact persons."""

import factory
import wagtail_factories

from .models import MunicipalityContact, MunicipalityPage


class MunicipalityPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = MunicipalityPage

    title = factory.Sequence(lambda n: f"Kommun {n}")
    intro = "Förskolor och skolor som delar sina exempel."


class MunicipalityContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MunicipalityContact

    name = "Kim Kontakt"
    role = "Kontaktperson för Pedagogsajten"
    email = "kim@kommun.example"
