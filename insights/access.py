"""Who may see which municipalities' figures.

Huvudredaktör and Redaktör (and superusers) see every municipality; a Kontaktperson sees the
municipalities whose contact group they belong to; everyone else sees none.
"""

from municipalities.models import MunicipalityPage
from municipalities.roles import CHIEF_EDITOR, EDITOR, contact_group_name

PERMISSION = "insights.view_statistics"


def can_view_statistics(user) -> bool:
    return user.is_active and user.has_perm(PERMISSION)


def sees_everything(user) -> bool:
    return user.is_superuser or user.groups.filter(name__in=[EDITOR, CHIEF_EDITOR]).exists()


# Swedish alphabetical order puts å, ä, ö last and in that order (code points give ä, å, ö), and
# the database's collation may not be Swedish.
SWEDISH_LAST_LETTERS = str.maketrans({"å": "z\x01", "ä": "z\x02", "ö": "z\x03"})


def swedish_sort_key(text: str) -> str:
    return text.lower().translate(SWEDISH_LAST_LETTERS)


def visible_municipalities(user) -> list[MunicipalityPage]:
    if not can_view_statistics(user):
        return []
    municipalities = sorted(
        MunicipalityPage.objects.all(),
        key=lambda municipality: swedish_sort_key(municipality.title),
    )
    if sees_everything(user):
        return municipalities
    groups = set(user.groups.values_list("name", flat=True))
    return [m for m in municipalities if contact_group_name(m.title) in groups]
