"""A new site's structure: the default taxonomy, the fixed pages, the eleven municipality sections,
the roles and the publishing workflow — what `manage.py setup_site` creates for production and
`seed_demo` builds on. The pages and sections are data (site_structure.toml).

Every step looks for what exists first (by slug), so running it again creates nothing twice.
"""

import tomllib
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.db import transaction
from wagtail.models import Page

from blog.taxonomy_defaults import create_defaults
from home.models import AccessibilityShortcoming, AccessibilityStatementPage, HomePage, StandardPage

from .models import MunicipalityPage
from .roles import ensure_all_roles, municipality_collection
from .workflow import ensure_publishing_workflow

SITE_STRUCTURE = Path(__file__).with_name("site_structure.toml")


@dataclass
class Report:
    """What a run created, counted per kind, for the command's output."""

    nothing_new: str = "Strukturen fanns redan; inget nytt skapades."
    created: dict = field(default_factory=dict)

    def count(self, what: str, number: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + number

    def lines(self) -> list[str]:
        if not self.created:
            return [self.nothing_new]
        return [f"{what.capitalize()}: {number} nya." for what, number in self.created.items()]


def load_structure(path: Path = SITE_STRUCTURE) -> dict:
    with path.open("rb") as file:
        return tomllib.load(file)


@transaction.atomic
def set_up_site(report: Report) -> dict[str, MunicipalityPage]:
    """Create what is missing; returns the municipality sections by slug."""
    structure = load_structure()
    home = HomePage.objects.get()
    create_defaults(apps.get_model)
    for spec in structure["pages"]:
        if not Page.objects.child_of(home).filter(slug=spec["slug"]).exists():
            publish_child(home, fixed_page(spec))
            report.count("standardsidor")
    sections = {}
    for spec in structure["sections"]:
        municipality_collection(spec["title"])
        section = MunicipalityPage.objects.child_of(home).filter(slug=spec["slug"]).first()
        if section is None:
            section = MunicipalityPage(title=spec["title"], slug=spec["slug"], intro=spec["intro"])
            publish_child(home, section)
            report.count("kommuner")
        sections[spec["slug"]] = section
    ensure_all_roles()
    ensure_publishing_workflow()
    return sections


def fixed_page(spec: dict) -> StandardPage:
    if spec["kind"] == "accessibility_statement":
        page = AccessibilityStatementPage(
            title=spec["title"], slug=spec["slug"], intro=spec["intro"]
        )
        page.shortcomings = [
            AccessibilityShortcoming(**shortcoming) for shortcoming in spec.get("shortcomings", [])
        ]
        return page
    body = [stream_block(block) for block in spec.get("body", [])]
    return StandardPage(title=spec["title"], slug=spec["slug"], intro=spec["intro"], body=body)


def stream_block(spec: dict) -> dict:
    """A StreamField block from the data file's simple form."""
    if spec["type"] == "heading":
        value = {"text": spec["text"], "level": "h2"}
    elif spec["type"] == "paragraph":
        value = spec["html"]
    elif spec["type"] == "fact_box":
        value = {"kind": "fakta", "title": spec["title"], "body": spec["html"]}
    else:
        raise ValueError(f"Okänd blocktyp i {SITE_STRUCTURE.name}: {spec['type']}")
    return {"type": spec["type"], "value": value, "id": str(uuid.uuid4())}


def publish_child(parent: Page, page: Page, published_at=None) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    if published_at is not None:
        Page.objects.filter(pk=page.pk).update(
            first_published_at=published_at, last_published_at=published_at
        )
    return page
