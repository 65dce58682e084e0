from django.urls import reverse
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from .signal_handlers import ROLES_CHANGED
from .viewsets import LockoutViewSet


@hooks.register("register_admin_viewset")
def register_lockouts():
    return LockoutViewSet("lockouts")


@hooks.register("register_log_actions")
def register_role_change_action(actions):
    @actions.register_action(ROLES_CHANGED)
    class RolesChanged(LogFormatter):
        label = "Roller ändrade"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            parts = []
            if data.get("added"):
                parts.append("Fick " + ", ".join(data["added"]))
            if data.get("removed"):
                parts.append("Miste " + ", ".join(data["removed"]))
            return "; ".join(parts) or "Roller ändrade"


@hooks.register("register_account_menu_item")
def second_factor_menu_item(request):
    return {
        "url": reverse("mfa_index"),
        "label": "Tvåstegsverifiering",
        "help_text": "Lägg till en autentiseringsapp och skriv ut reservkoder.",
    }
