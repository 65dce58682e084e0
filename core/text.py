"""Swedish text helpers: alphabetical order and ASCII slugs."""

from django.db import connections
from django.db.models.functions import Collate
from django.utils.text import slugify

# Collations PostgreSQL creates from ICU at initdb when it is built with ICU ("sv-SE-x-icu").
# The embedded server is built without ICU; there the Python key below sorts instead.
ICU_SWEDISH_COLLATIONS = ("sv-SE-x-icu", "sv-x-icu")

# Swedish alphabetical order puts å, ä, ö last and in that order (code points give ä, å, ö).
SWEDISH_LAST_LETTERS = str.maketrans({"å": "z\x01", "ä": "z\x02", "ö": "z\x03"})
ASCII_LETTERS = str.maketrans("åäöÅÄÖ", "aaoAAO")

_collations: dict[str, str | None] = {}


def swedish_sort_key(text: str) -> str:
    return text.lower().translate(SWEDISH_LAST_LETTERS)


def swedish_collation(using: str = "default") -> str | None:
    """The database's ICU collation for Swedish, or None; looked up once per process."""
    if using not in _collations:
        with connections[using].cursor() as cursor:
            cursor.execute(
                "SELECT collname FROM pg_collation WHERE collname = ANY(%s) ORDER BY collname DESC",
                [list(ICU_SWEDISH_COLLATIONS)],
            )
            row = cursor.fetchone()
        _collations[using] = row[0] if row else None
    return _collations[using]


def in_swedish_order(queryset, field: str) -> list:
    """The queryset's objects ordered by `field` as a Swedish reader expects (… Z, Å, Ä, Ö):
    by the database when it has a Swedish collation, else in Python."""
    collation = swedish_collation(queryset.db)
    if collation:
        return list(queryset.order_by(Collate(field, collation)))
    return sorted(queryset, key=lambda item: swedish_sort_key(getattr(item, field)))


def ascii_slug(text: str) -> str:
    """A slug with å/ä/ö written as a/a/o ("Bråk i åk 5" → "brak-i-ak-5"), as Swedish sites do."""
    return slugify(text.translate(ASCII_LETTERS))


def plural(number: int, one: str, many: str) -> str:
    """ "1 rad", "2 rader": a count with its noun in the right Swedish form."""
    return f"{number} {one if number == 1 else many}"
