"""Lockout after repeated wrong passwords (django-axes), in front of Django's model backend."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked-out user name before any password is checked.

    Every sign-in through a web form passes the request, and is checked. Code that authenticates
    without a request (Django's test client, a management command) is not a login route and
    has nothing to throttle, so it is let through to the next backend instead of failing."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def attempted_username(request, credentials) -> str | None:
    """The user name a failed attempt was for, lower-cased, from allauth's form (`login`) or
    Django's (`username`), so "Redaktor" and "redaktor" count as one account."""
    credentials = credentials or {}
    data = getattr(request, "POST", {}) if request is not None else {}
    name = credentials.get("username") or data.get("login") or data.get("username")
    return name.strip().lower() if name else None
