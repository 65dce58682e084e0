"""The real OpenID Connect provider that `scripts/identity-provider` starts, for the single sign-on tests.

`scripts/identity-provider run -- CMD` sets IDENTITY_PROVIDER_URL, IDENTITY_PROVIDER_CLIENT_ID and
IDENTITY_PROVIDER_CLIENT_SECRET; without them the script's defaults apply. When the provider does
not answer, the tests that need it skip, except when REQUIRE_IDENTITY_PROVIDER=1 (CI), where a
missing provider is a failure.

Signing in at the provider: any e-mail address as login and any non-empty password (see
scripts/identity-provider.d/provider.mjs for the claims and the built-in group table).
"""

import json
import os
import urllib.request
from dataclasses import dataclass

import pytest

PROVIDER_URL = os.environ.get("IDENTITY_PROVIDER_URL", "http://127.0.0.1:9471").rstrip("/")
CLIENT_ID = os.environ.get("IDENTITY_PROVIDER_CLIENT_ID", "pedagogsajten")
CLIENT_SECRET = os.environ.get("IDENTITY_PROVIDER_CLIENT_SECRET", "pedagogsajten-test-secret")

# The login form's fields and button (for Playwright); the browser sees no consent page.
LOGIN_INPUT = 'input[name="login"]'
PASSWORD_INPUT = 'input[name="password"]'
SUBMIT_BUTTON = 'button[type="submit"]'


@dataclass(frozen=True)
class IdentityProvider:
    url: str  # the issuer, e.g. http://127.0.0.1:9471
    client_id: str
    client_secret: str
    configuration: dict  # the discovery document

    @property
    def discovery_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"


def discover() -> dict | None:
    """The provider's discovery document, or None when nothing answers as this issuer."""
    try:
        with urllib.request.urlopen(
            f"{PROVIDER_URL}/.well-known/openid-configuration", timeout=2
        ) as response:
            configuration = json.load(response)
    except (OSError, ValueError):
        return None
    return configuration if configuration.get("issuer") == PROVIDER_URL else None


def provider_answers() -> bool:
    return discover() is not None


def require_identity_provider() -> IdentityProvider:
    configuration = discover()
    if configuration is not None:
        return IdentityProvider(PROVIDER_URL, CLIENT_ID, CLIENT_SECRET, configuration)
    message = (
        f"Ingen OpenID Connect-leverantör svarar på {PROVIDER_URL} "
        "(starta den med scripts/identity-provider start)."
    )
    if os.environ.get("REQUIRE_IDENTITY_PROVIDER") == "1":
        pytest.fail(message)
    # The only skip allowed here: a developer's machine without the provider. CI (.ci/run) sets
    # REQUIRE_IDENTITY_PROVIDER=1, which turns this into the failure above.
    pytest.skip(
        message + " REQUIRE_IDENTITY_PROVIDER är inte satt, så inloggningstesterna hoppas över."
    )
