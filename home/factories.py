"""The home page and the fixed pages below it."""

import factory
import wagtail_factories

from .models import AccessibilityShortcoming, AccessibilityStatementPage, HomePage, StandardPage


def home_page() -> HomePage:
    """The one home page, created by the migrations."""
    return HomePage.objects.get()


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = "Om Pedagogsajten"
    slug = "om-pedagogsajten"
    intro = "Om sajten."
    parent = factory.LazyFunction(home_page)


class AccessibilityShortcomingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessibilityShortcoming

    title = "PDF-filer är bilder av text"
    description = "Texten kan inte läsas upp."
    reason = "brist"
    wcag_criterion = "1.4.5"


class AccessibilityStatementPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = AccessibilityStatementPage
        skip_postgeneration_save = True  # the shortcoming is saved on its own

    title = "Tillgänglighetsredogörelse"
    slug = "tillganglighetsredogorelse"
    parent = factory.LazyFunction(home_page)
    shortcoming = factory.RelatedFactory(
        AccessibilityShortcomingFactory, factory_related_name="page"
    )


def standard_page(**kwargs) -> StandardPage:
    """A published fixed page with a revision, as an editor would leave it."""
    page = StandardPageFactory(**kwargs)
    page.save_revision().publish()
    return page


def accessibility_statement(home=None, **kwargs) -> AccessibilityStatementPage:
    if home is not None:
        kwargs["parent"] = home
    page = AccessibilityStatementPageFactory(**kwargs)
    page.save_revision().publish()
    return page
