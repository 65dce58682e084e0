from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from . import sso


@checks.register(checks.Tags.security)
def identity_providers_are_valid(app_configs, **kwargs):
    """A mistyped SSO_PROVIDERS is reported by `manage.py check` (and migrate, runserver), not
    first by a person on the sign-in page."""
    try:
        providers = sso.configured_providers()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="accounts.E001")]
    problems = []
    for provider in providers:
        missing = [
            name for name in ("id", "name", "issuer", "client_id") if not getattr(provider, name)
        ]
        if missing:
            problems.append(
                checks.Error(
                    f"SSO_PROVIDERS: leverantören {provider.id or '?'} saknar {', '.join(missing)}.",
                    id="accounts.E002",
                )
            )
    return problems
