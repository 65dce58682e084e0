"""A per-client rate limit that keeps no personal data (the feedback form, failed sign-ins).

The client is recognised by a keyed hash of its address (with the site's secret key and today's
date, so yesterday's hashes cannot be linked to today's), held only in the cache for the length of
the window. Hand-written rather than django-ratelimit, which keys its counters by a plain hash of
the address.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


def client_address(request) -> str:
    """The reader's address, behind as many trusted proxies as `TRUSTED_PROXY_COUNT` says."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _client_key(scope: str, request) -> str:
    secret = f"{settings.SECRET_KEY}:{timezone.localdate().isoformat()}".encode()
    digest = hmac.new(secret, client_address(request).encode(), hashlib.sha256).hexdigest()
    return f"rate:{scope}:{digest}"


def allow(scope: str, request, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt; False once the client has made `limit` attempts within the window."""
    key = _client_key(scope, request)
    # add() only creates the counter; incr() is atomic in every shared cache backend Django ships.
    cache.add(key, 0, window_seconds)
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, window_seconds)
        attempts = 1
    return attempts <= limit
