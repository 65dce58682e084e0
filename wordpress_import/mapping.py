"""Which WordPress categories and tags become which classification here.

By default a term is matched by its name, case-insensitively, against the municipalities'
section titles, then school forms, subjects, themes and content types; a tag that matches none
becomes a free tag (nyckelord), a category that matches none is listed in the report. A mapping
file (TOML, read with the standard library's tomllib) says what to do with everything else:

    [kategorier]
    "Förskoleklass" = { skolform = "Förskoleklass" }
    "NO" = [{ amne = "Biologi" }, { amne = "Fysik" }, { amne = "Kemi" }]
    "Okategoriserade" = "ignorera"

    [etiketter]
    "matte" = { amne = "Matematik" }

    [standard]                # for posts that say nothing of their own
    innehallstyp = "Pedagogiskt exempel"

    [skribenter.anna-berg]    # by WordPress login
    roll = "Förskollärare"
    skola = "Solrosens förskola"
    kommun = "bjuv"

Keys are a term's name or slug. Targets name an existing municipality (title or slug) or term
(name or slug); a target that does not exist stops the command before anything is written.
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.text import slugify

from blog.models import ArticleType, SchoolForm, Subject, Theme
from municipalities.models import MunicipalityPage

# Mapping-file key → (what it is in Swedish, model or None for municipality/free tag).
TARGETS = {
    "kommun": "kommun",
    "skolform": "skolform",
    "amne": "ämne",
    "tema": "tema",
    "innehallstyp": "innehållstyp",
    "nyckelord": "nyckelord",
}
TERM_MODELS = {"skolform": SchoolForm, "amne": Subject, "tema": Theme, "innehallstyp": ArticleType}
IGNORE = "ignorera"
CATEGORY, TAG = "category", "post_tag"


class MappingError(Exception):
    """The mapping file cannot be used (Swedish message for the person running the import)."""


@dataclass
class Classification:
    """What an article is filed under; lists keep the order the terms came in."""

    municipality: MunicipalityPage | None = None
    school_forms: list = field(default_factory=list)
    subjects: list = field(default_factory=list)
    themes: list = field(default_factory=list)
    article_type: ArticleType | None = None
    tags: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)  # category names that matched nothing

    def add(self, kind: str, value) -> None:
        if kind == "kommun":
            self.municipality = self.municipality or value
        elif kind == "innehallstyp":
            self.article_type = self.article_type or value
        else:
            target = {
                "skolform": self.school_forms,
                "amne": self.subjects,
                "tema": self.themes,
                "nyckelord": self.tags,
            }[kind]
            if value not in target:
                target.append(value)


@dataclass
class AuthorDetails:
    role: str = ""
    school: str = ""
    municipality: MunicipalityPage | None = None


class Mapping:
    def __init__(self, data: dict | None = None):
        data = data or {}
        unknown = set(data) - {"kategorier", "etiketter", "standard", "skribenter"}
        if unknown:
            raise MappingError(
                f"Mappningsfilen har okända avsnitt: {', '.join(sorted(unknown))}. "
                "Tillåtna är [kategorier], [etiketter], [standard] och [skribenter]."
            )
        self._municipalities = {}
        for municipality in MunicipalityPage.objects.all():
            self._municipalities[municipality.title.casefold()] = municipality
            self._municipalities[municipality.slug.casefold()] = municipality
        self._terms = {}
        for key, model in TERM_MODELS.items():
            for term in model.objects.all():
                self._terms.setdefault(key, {})[term.name.casefold()] = term
                self._terms[key].setdefault(term.slug.casefold(), term)
        self._explicit = {
            CATEGORY: self._rules(data.get("kategorier", {}), "kategorier"),
            TAG: self._rules(data.get("etiketter", {}), "etiketter"),
        }
        self.defaults = [
            (kind, self._target(kind, value, "[standard]"))
            for kind, value in self._pairs(data.get("standard", {}), "[standard]")
        ]
        self.authors = {
            login: self._author(login, details)
            for login, details in data.get("skribenter", {}).items()
        }

    @classmethod
    def from_file(cls, path: str | None) -> "Mapping":
        if not path:
            return cls()
        try:
            with Path(path).open("rb") as file:
                data = tomllib.load(file)
        except FileNotFoundError:
            raise MappingError(f"Mappningsfilen {path} finns inte.") from None
        except tomllib.TOMLDecodeError as error:
            raise MappingError(f"Mappningsfilen {path} är inte giltig TOML: {error}") from None
        return cls(data)

    # Reading the file --------------------------------------------------------------------

    def _rules(self, section: dict, where: str) -> dict[str, list | None]:
        if not isinstance(section, dict):
            raise MappingError(f"[{where}] ska vara en tabell med termnamn som nycklar.")
        rules = {}
        for name, value in section.items():
            if value == IGNORE:
                rules[name.casefold()] = None
                continue
            targets = value if isinstance(value, list) else [value]
            rules[name.casefold()] = [
                (kind, self._target(kind, target, f"[{where}] ”{name}”"))
                for entry in targets
                for kind, target in self._pairs(entry, f"[{where}] ”{name}”")
            ]
        return rules

    def _pairs(self, entry, where: str):
        if not isinstance(entry, dict):
            raise MappingError(
                f'{where}: skriv t.ex. {{ skolform = "Förskola" }} eller "{IGNORE}".'
            )
        for kind, value in entry.items():
            if kind not in TARGETS:
                raise MappingError(
                    f"{where}: okänd nyckel ”{kind}”; tillåtna är {', '.join(TARGETS)}."
                )
            yield kind, value

    def _target(self, kind: str, value, where: str):
        if not isinstance(value, str) or not value.strip():
            raise MappingError(f"{where}: {TARGETS[kind]} ska vara ett namn.")
        if kind == "nyckelord":
            return value.strip()
        found = self.find(kind, value)
        if found is None:
            raise MappingError(f"{where}: {TARGETS[kind]} ”{value}” finns inte på sajten.")
        return found

    def _author(self, login: str, details) -> AuthorDetails:
        where = f"[skribenter.{login}]"
        if not isinstance(details, dict) or set(details) - {"roll", "skola", "kommun"}:
            raise MappingError(f"{where}: tillåtna nycklar är roll, skola och kommun.")
        municipality = None
        if details.get("kommun"):
            municipality = self._target("kommun", details["kommun"], where)
        return AuthorDetails(
            role=str(details.get("roll", ""))[:150],
            school=str(details.get("skola", ""))[:150],
            municipality=municipality,
        )

    # Using it ----------------------------------------------------------------------------

    def find(self, kind: str, name: str):
        key = name.strip().casefold()
        if kind == "kommun":
            return self._municipalities.get(key) or self._municipalities.get(slugify(name))
        return self._terms.get(kind, {}).get(key) or self._terms.get(kind, {}).get(slugify(name))

    def municipality_named(self, name: str) -> MunicipalityPage | None:
        return self.find("kommun", name)

    def targets(self, domain: str, slug: str, name: str) -> list | None:
        """[(kind, value), …] for a term of the export; [] when it matched nothing, None when
        the mapping file says to ignore it."""
        rules = self._explicit.get(domain, {})
        for key in (name.casefold(), slug.casefold()):
            if key and key in rules:
                return rules[key]
        for kind in ("kommun", "skolform", "amne", "tema", "innehallstyp"):
            found = self._by_name(kind, name)
            if found is not None:
                return [(kind, found)]
        if domain == TAG and name:
            return [("nyckelord", name[:100])]
        return []

    def _by_name(self, kind: str, name: str):
        key = name.strip().casefold()
        if kind == "kommun":
            return self._municipalities.get(key)
        return self._terms.get(kind, {}).get(key)

    def classify(self, terms) -> Classification:
        """The classification of an item from its <category> elements (other taxonomies than
        categories and tags are not classification and are left out)."""
        result = Classification()
        for term in terms:
            if term.domain not in (CATEGORY, TAG):
                continue
            targets = self.targets(term.domain, term.slug, term.name)
            if targets is None:
                continue
            if not targets:
                result.unmapped.append(term.name or term.slug)
            for kind, value in targets:
                result.add(kind, value)
        for kind, value in self.defaults:
            if kind == "kommun" and result.municipality is None:
                result.municipality = value
            elif kind == "innehallstyp" and result.article_type is None:
                result.article_type = value
            elif kind == "skolform" and not result.school_forms:
                result.add(kind, value)
        return result
