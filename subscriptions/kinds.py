"""What readers can follow: the page types whose publication is announced.

Each kind names its page model and says, for one page, which choices on /prenumerera/ it falls
under (its municipality, school forms and themes). The rest of the app (the signal that queues
the announcement, the matching of subscribers, the digest, the e-mails) works from this table,
so another page type (the calendar's events) is added by one more entry here and, if its e-mail
should read differently, its own templates `subscriptions/emails/<kind>_item.{txt,html}`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from blog.models import ArticlePage
from calendar_events.models import EventPage

from .models import Frequency, Subscriber


@dataclass(frozen=True)
class Facets:
    municipality_id: int | None
    school_form_ids: tuple[int, ...]
    theme_ids: tuple[int, ...]


def classified_facets(page) -> Facets:
    """A page classified as articles are: its municipality, school forms and themes."""
    return Facets(
        page.municipality_id,
        tuple(page.school_forms.values_list("pk", flat=True)),
        tuple(page.themes.values_list("pk", flat=True)),
    )


@dataclass(frozen=True)
class Followable:
    slug: str  # names the item template: subscriptions/emails/<slug>_item.txt/.html
    model: type
    noun: str  # Swedish, singular: "artikel"
    noun_plural: str  # "artiklar"
    # Which choices a page falls under; another kind with other fields gives its own function.
    facets_of: Callable[[object], Facets] = classified_facets

    def facets(self, page) -> Facets:
        return self.facets_of(page)


def event_facets(page) -> Facets:
    """An event has a municipality and school forms, no themes."""
    return Facets(page.municipality_id, tuple(page.school_forms.values_list("pk", flat=True)), ())


ARTICLE = Followable("artikel", ArticlePage, "artikel", "artiklar")
EVENT = Followable("evenemang", EventPage, "evenemang", "evenemang", event_facets)
KINDS = [ARTICLE, EVENT]


def kind_of(page) -> Followable | None:
    for kind in KINDS:
        if isinstance(page, kind.model):
            return kind
    return None


def followers(facets: Facets, frequency: str):
    """Confirmed subscribers with this frequency whose choices include the page: the whole site,
    its municipality, one of its school forms or one of its themes."""
    through = Subscriber.municipalities.through
    forms = Subscriber.school_forms.through
    themes = Subscriber.themes.through
    follows = Q(whole_site=True)
    if facets.municipality_id:
        follows |= Exists(
            through.objects.filter(
                subscriber=OuterRef("pk"), municipalitypage_id=facets.municipality_id
            )
        )
    if facets.school_form_ids:
        follows |= Exists(
            forms.objects.filter(
                subscriber=OuterRef("pk"), schoolform_id__in=facets.school_form_ids
            )
        )
    if facets.theme_ids:
        follows |= Exists(
            themes.objects.filter(subscriber=OuterRef("pk"), theme_id__in=facets.theme_ids)
        )
    return Subscriber.objects.confirmed().filter(follows, frequency=frequency)


__all__ = ["ARTICLE", "KINDS", "Facets", "Followable", "Frequency", "followers", "kind_of"]
