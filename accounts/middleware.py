"""Staff sessions: one sign-in route, and a second factor where the policy requires it."""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

ADMIN_PREFIX = "/admin/"


def second_factor_required(user) -> bool:
    """Superusers and the groups in MFA_REQUIRED_GROUPS (editors, the chief editor)."""
    if not settings.MFA_REQUIRED:
        return False
    return user.is_superuser or user.groups.filter(name__in=settings.MFA_REQUIRED_GROUPS).exists()


def signed_in_through_identity_provider(request) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "socialaccount" for record in records)


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(ADMIN_PREFIX):
            return self.get_response(request)
        # Wagtail's own login form would bypass throttling and the second factor: one route only.
        if request.path == reverse("wagtailadmin_login"):
            query = urlencode({"next": request.GET.get("next", ADMIN_PREFIX)})
            return redirect(f"{reverse('account_login')}?{query}")
        user = request.user
        if (
            user.is_authenticated
            and request.path != reverse("wagtailadmin_logout")
            and second_factor_required(user)
            and not signed_in_through_identity_provider(request)
            and not is_mfa_enabled(user)
        ):
            messages.warning(
                request,
                "Din roll kräver tvåstegsverifiering. Lägg till en autentiseringsapp innan du "
                "fortsätter till publiceringsverktyget.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
