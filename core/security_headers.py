"""Security headers on every response (issue 12): Content-Security-Policy, Permissions-Policy and
Cross-Origin-Resource-Policy. The settings are in site/settings/base.py, "Security headers".

One middleware, placed right after Django's SecurityMiddleware so that static files (WhiteNoise)
and pages from the page cache get the headers too:

- Content-Security-Policy from django-csp (its `CSPMiddleware`, subclassed): the public policy
  (`CONTENT_SECURITY_POLICY`) everywhere, and the Wagtail admin's own, looser one
  (`CONTENT_SECURITY_POLICY_ADMIN`) under the admin's address. A policy the view set itself
  (Wagtail's document download: `default-src 'none'`) is kept. `frame-ancestors` is the
  policy's (`'none'`), except on the responses Wagtail itself marks as framable by its own pages
  (`X-Frame-Options: SAMEORIGIN`: the preview panel, block previews), which get `'self'`.
- Permissions-Policy (`PERMISSIONS_POLICY`): the browser features no page of ours uses, switched
  off for the page and every frame in it. A few lines here rather than django-permissions-policy:
  this middleware exists anyway (the admin's policy, CORP by path), the header is one fixed
  string, and the test suite checks it against Chromium (an unknown feature name shows there).
- Cross-Origin-Resource-Policy (`CROSS_ORIGIN_RESOURCE_POLICY`, with exceptions by path in
  `CROSS_ORIGIN_RESOURCE_POLICY_PATHS`): `same-origin`, except uploaded media, which the public
  API hands to municipalities' intranets to show on their own pages.
"""

from csp.constants import HEADER
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string

SELF = "'self'"
NONE = "'none'"


def is_admin(request) -> bool:
    return request.path_info.startswith(reverse("wagtailadmin_home"))


def directives_for(request) -> dict:
    name = "CONTENT_SECURITY_POLICY_ADMIN" if is_admin(request) else "CONTENT_SECURITY_POLICY"
    return getattr(settings, name)["DIRECTIVES"]


def framable_by_own_pages(response) -> bool:
    """Wagtail's preview views (`xframe_options_sameorigin_override`) say so with this header."""
    return response.get("X-Frame-Options", "").upper() == "SAMEORIGIN"


def extra_form_action_sources() -> list[str]:
    """Origins a feature app adds to the public `form-action`, through the dotted path of a
    function in CSP_FORM_ACTION_SOURCES (accounts: the single sign-on providers, whose sign-in
    buttons post to our address, which redirects the browser to the provider — `form-action`
    applies to that redirect too). The kernel so knows no feature app."""
    path = getattr(settings, "CSP_FORM_ACTION_SOURCES", "")
    return list(import_string(path)()) if path else []


def with_frame_ancestors(policy: str, sources: str) -> str:
    directives = [
        part.strip()
        for part in policy.split(";")
        if part.strip() and part.split()[0].lower() != "frame-ancestors"
    ]
    return "; ".join([*directives, f"frame-ancestors {sources}"])


def permissions_policy() -> str:
    return ", ".join(
        f"{feature}=({' '.join(allowlist)})"
        for feature, allowlist in settings.PERMISSIONS_POLICY.items()
    )


def cross_origin_resource_policy(path: str) -> str:
    for prefix, value in settings.CROSS_ORIGIN_RESOURCE_POLICY_PATHS.items():
        if path.startswith(prefix):
            return value
    return settings.CROSS_ORIGIN_RESOURCE_POLICY


class SecurityHeadersMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        # A view's own @csp decorator wins; otherwise the admin's policy under the admin's address.
        if parts.config is None and is_admin(request):
            parts.config = dict(directives_for(request))
        providers = extra_form_action_sources()
        if providers and not is_admin(request):
            parts.replace = {
                **(parts.replace or {}),
                "form-action": [*directives_for(request).get("form-action", [SELF]), *providers],
            }
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if HEADER in response:
            # frame-ancestors is decided here, also for a policy set before this middleware's
            # turn: a view's own (a document download: never inside another site), or the public
            # page's that Wagtail's preview got by running the page's request through the
            # middleware (`make_preview_request`), which the admin's preview panel frames.
            if framable_by_own_pages(response):
                ancestors = [SELF]
            else:
                ancestors = directives_for(request).get("frame-ancestors") or [NONE]
            response[HEADER] = with_frame_ancestors(response[HEADER], " ".join(ancestors))
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = permissions_policy()
        if "Cross-Origin-Resource-Policy" not in response:
            response["Cross-Origin-Resource-Policy"] = cross_origin_resource_policy(
                request.path_info
            )
        return response
