"""Identity providers from the environment, and who a provider's claims say a person is.

`SSO_PROVIDERS` is a JSON list; each provider has an id (used in its callback address), a name
for the button ("Logga in med {name}"), the issuer, client id and secret, and how its people are
placed in a municipality's Skribent group:

    [{"id": "bjuv", "name": "Bjuvs kommun", "issuer": "https://login.bjuv.se",
      "client_id": "…", "client_secret": "…",
      "municipality": "bjuv",                          # everyone from this provider, or
      "email_domains": {"bjuv.se": "bjuv"},            # by the e-mail's domain, or
      "groups_claim": "groups",                        # by a groups claim
      "groups": {"pedagogsajten-bjuv": "bjuv"},
      "role_groups": {"pedagogsajten-redaktorer": "Redaktör"}}]   # only where configured

Editor, chief-editor and contact-person roles are granted by people in the admin; a claim grants
one only where `role_groups` says so.
"""

import json
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class IdentityProvider:
    id: str
    name: str
    issuer: str
    client_id: str
    client_secret: str
    municipality: str = ""
    email_domains: dict = field(default_factory=dict)
    groups_claim: str = "groups"
    groups: dict = field(default_factory=dict)
    role_groups: dict = field(default_factory=dict)

    def municipality_slugs(self, claims: dict) -> set[str]:
        """The municipalities (section slugs) the claims place this person in."""
        slugs = {self.municipality} if self.municipality else set()
        email = str(claims.get("email") or "")
        domain = email.rpartition("@")[2].lower()
        if domain and domain in self.email_domains:
            slugs.add(self.email_domains[domain])
        slugs.update(
            self.groups[group] for group in self._claimed_groups(claims) if group in self.groups
        )
        return slugs

    def role_group_names(self, claims: dict) -> set[str]:
        return {
            self.role_groups[group]
            for group in self._claimed_groups(claims)
            if group in self.role_groups
        }

    def _claimed_groups(self, claims: dict) -> list[str]:
        value = claims.get(self.groups_claim) or []
        return [value] if isinstance(value, str) else [str(item) for item in value]


def configured_providers() -> list[IdentityProvider]:
    try:
        entries = json.loads(settings.SSO_PROVIDERS_JSON or "[]")
        return [IdentityProvider(**entry) for entry in entries]
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(f"SSO_PROVIDERS är inte giltig: {error}") from error


def issuer_origins() -> list[str]:
    """The providers' origins, for the Content-Security-Policy's `form-action`
    (CSP_FORM_ACTION_SOURCES). A mistyped SSO_PROVIDERS adds none here; the system check and the
    sign-in page report it."""
    return list(_issuer_origins(settings.SSO_PROVIDERS_JSON or "[]"))


@lru_cache(maxsize=8)
def _issuer_origins(providers_json: str) -> tuple[str, ...]:
    # Keyed by the setting's text, so a changed SSO_PROVIDERS is read again.
    try:
        issuers = [item.issuer for item in configured_providers()]
    except ImproperlyConfigured:
        return ()
    origins = []
    for issuer in issuers:
        parts = urlsplit(issuer)
        if parts.scheme in ("https", "http") and parts.netloc:
            origins.append(f"{parts.scheme}://{parts.netloc}")
    return tuple(dict.fromkeys(origins))


def provider(provider_id: str) -> IdentityProvider | None:
    return next((item for item in configured_providers() if item.id == provider_id), None)


def social_apps(provider_key=None, client_id=None) -> list:
    """The configured providers as django-allauth apps (unsaved: configuration lives in the
    environment, not in the database), filtered as allauth's adapter asks."""
    apps = [
        SocialApp(
            provider="openid_connect",
            provider_id=item.id,
            name=item.name,
            client_id=item.client_id,
            secret=item.client_secret,
            settings={"server_url": item.issuer, "oauth_pkce_enabled": True},
        )
        for item in configured_providers()
    ]
    if provider_key:
        apps = [app for app in apps if provider_key in (app.provider, app.provider_id)]
    if client_id:
        apps = [app for app in apps if app.client_id == client_id]
    return apps
