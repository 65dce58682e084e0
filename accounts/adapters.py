"""django-allauth adapters: no self-service sign-up, and single sign-on that places a person in
their municipality's Skribent group from the identity provider's claims."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import ratelimit
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib.auth.models import Group
from django.template.response import TemplateResponse
from wagtail.log_actions import LogContext

from core import rate_limit
from municipalities.models import MunicipalityPage
from municipalities.roles import contributor_group_name

from . import sso

logger = logging.getLogger("pedagogsajten.accounts")
SSO_CALLBACK_WINDOW_SECONDS = 10 * 60


class StaffAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Accounts come from single sign-on or from the chief editor, never from a sign-up form.
        return False


class MunicipalSocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None):
        return sso.social_apps(provider, client_id)

    def is_open_for_signup(self, request, sociallogin):
        return True

    def on_authentication_error(self, request, provider, error=None, exception=None, **kwargs):
        """Failed callbacks (a forged or replayed state, a refused code) are throttled per
        address; past the limit the address gets the Swedish "too many attempts" page."""
        logger.info("Single sign-on failed at %s: %s", provider.app.provider_id, error)
        if not rate_limit.allow(
            "sso-callback",
            request,
            limit=settings.SSO_CALLBACK_FAILURE_LIMIT,
            window_seconds=SSO_CALLBACK_WINDOW_SECONDS,
        ):
            raise ImmediateHttpResponse(ratelimit.respond_429(request))

    def pre_social_login(self, request, sociallogin):
        """Refuse people whose claims place them in no municipality, before any account exists."""
        identity_provider, claims = _provider_and_claims(sociallogin)
        if sociallogin.is_existing:
            return
        if identity_provider is None or not _sections(identity_provider, claims):
            logger.info(
                "Single sign-on refused: no municipality for a person from %s",
                getattr(identity_provider, "id", "?"),
            )
            raise ImmediateHttpResponse(
                TemplateResponse(
                    request,
                    "accounts/no_municipality.html",
                    {"provider_name": getattr(identity_provider, "name", "")},
                    status=403,
                )
            )

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        identity_provider, claims = _provider_and_claims(sociallogin)
        groups = [
            Group.objects.get(name=contributor_group_name(section.title))
            for section in _sections(identity_provider, claims)
        ]
        groups += list(Group.objects.filter(name__in=identity_provider.role_group_names(claims)))
        # The audit log names the identity provider as the one who granted the roles.
        with LogContext(user=None):
            user.groups.add(*groups)
        return user


def _provider_and_claims(sociallogin):
    account = sociallogin.account
    claims = account.extra_data.get("userinfo") or account.extra_data.get("id_token") or {}
    return sso.provider(account.provider), claims


def _sections(identity_provider, claims) -> list[MunicipalityPage]:
    return list(
        MunicipalityPage.objects.filter(slug__in=identity_provider.municipality_slugs(claims))
    )
