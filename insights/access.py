"""Who may see which municipalities' figures.

Huvudredaktör and Redaktör (and superusers) see every municipality; a Kontaktperson sees the
municipalities whose contact group they belong to; everyone else sees none.
"""

from core.text import in_swedish_order
from municipalities.models import MunicipalityPage
from municipalities.roles import CHIEF_EDITOR, EDITOR, contact_group_name

PERMISSION = "insights.view_statistics"


def can_view_statistics(user) -> bool:
    return user.is_active and user.has_perm(PERMISSION)


def sees_everything(user) -> bool:
    return user.is_superuser or user.groups.filter(name__in=[EDITOR, CHIEF_EDITOR]).exists()


def visible_municipalities(user) -> list[MunicipalityPage]:
    if not can_view_statistics(user):
        return []
    municipalities = in_swedish_order(MunicipalityPage.objects.all(), "title")
    if sees_everything(user):
        return municipalities
    groups = set(user.groups.values_list("name", flat=True))
    return [m for m in municipalities if contact_group_name(m.title) in groups]
