"""The calendar's listings: upcoming events (`/kalender/`) and the archive of past ones
(`/kalender/arkiv/`), filtered by kommun, skolform and typ from the query string, so the filters
are a plain GET form that works without JavaScript."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.utils import timezone

from blog.models import SchoolForm
from core.text import in_swedish_order
from municipalities.models import MunicipalityPage

from .models import KINDS, EventPage

EVENTS_PER_PAGE = 20


@dataclass
class Filter:
    parameter: str  # the URL parameter, Swedish: ?kommun=bjuv
    label: str
    options: list[tuple[str, str]]  # (slug, name)
    selected: str = ""


def filters(request) -> list[Filter]:
    chosen = {name: request.GET.get(name, "").strip() for name in ("kommun", "skolform", "typ")}
    municipalities = in_swedish_order(MunicipalityPage.objects.live(), "title")
    school_forms = SchoolForm.objects.order_by("sort_order", "name")
    return [
        Filter(
            "kommun",
            "Kommun",
            [(section.slug, section.title) for section in municipalities],
            chosen["kommun"],
        ),
        Filter(
            "skolform",
            "Skolform",
            [(form.slug, form.name) for form in school_forms],
            chosen["skolform"],
        ),
        Filter("typ", "Typ", list(KINDS), chosen["typ"]),
    ]


def filtered_events(queryset, chosen: dict[str, str]):
    """`queryset` narrowed by the chosen filters; a slug that names nothing matches nothing."""
    if chosen.get("kommun"):
        queryset = queryset.filter(municipality__slug=chosen["kommun"])
    if chosen.get("skolform"):
        queryset = queryset.filter(school_forms__slug=chosen["skolform"]).distinct()
    if chosen.get("typ"):
        queryset = queryset.filter(kind=chosen["typ"])
    return queryset


def listing_context(request, *, archive: bool) -> dict:
    shown_filters = filters(request)
    chosen = {item.parameter: item.selected for item in shown_filters if item.selected}
    now = timezone.now()
    events = EventPage.objects.readable().for_listing()
    events = events.past(now) if archive else events.upcoming(now)
    events = filtered_events(events, chosen)
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("sida"))
    names = {
        item.parameter: dict(item.options).get(item.selected, item.selected)
        for item in shown_filters
        if item.selected
    }
    return {
        "filters": shown_filters,
        "chosen": chosen,
        "chosen_names": names,
        "events": list(page.object_list),
        "page_of_events": page,
        "archive": archive,
    }
