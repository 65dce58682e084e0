"""The Wagtail Site's address follows the site's public address (`BASE_URL`)."""

from urllib.parse import urlsplit

from wagtail.models import Site

DEFAULT_PORTS = {"http": 80, "https": 443}


def align_default_site(base_url: str) -> bool:
    """Give the default Site the host name and port of `base_url`; True when it changed.

    Wagtail builds absolute URLs (`full_url`: canonical links, og:url, sitemap, feeds, e-mail
    links) from the Site, whose migration default is localhost:80."""
    address = urlsplit(base_url)
    if not address.hostname:
        return False
    port = address.port or DEFAULT_PORTS.get(address.scheme, 80)
    changed = False
    # Saved one by one, not updated in bulk: a save also empties Wagtail's cache of site roots.
    for site in Site.objects.filter(is_default_site=True).exclude(
        hostname=address.hostname, port=port
    ):
        site.hostname, site.port = address.hostname, port
        site.save(update_fields=["hostname", "port"])
        changed = True
    return changed
