"""The old addresses of imported posts and pages as Wagtail redirects (Inställningar →
Omdirigeringar, where editors can see and change them): the permalink path and, served by
`middleware.WordPressIdRedirectMiddleware`, the `/?p=<id>` form every WordPress site answers."""

from datetime import datetime
from urllib.parse import quote, unquote, urlparse

from wagtail.contrib.redirects.models import Redirect


def path_of(url: str, base: str = "") -> str | None:
    """The path of an address on the old site ('/2019/05/14/slug/'), None for another site's."""
    parsed = urlparse(url.strip())
    if parsed.scheme and parsed.scheme not in ("http", "https"):
        return None
    if parsed.netloc and base and _host(parsed.netloc) != _host(urlparse(base).netloc):
        return None
    base_path = urlparse(base).path.rstrip("/") if base else ""
    path = parsed.path or "/"
    if base_path and path.startswith(base_path + "/"):
        path = path[len(base_path) :]
    return path


def _host(netloc: str) -> str:
    return netloc.lower().removeprefix("www.")


def old_paths(link: str, post_name: str, date: datetime | None, base: str) -> list[str]:
    """Where the post was: its permalink (<link>) and, from its name and date, the date-based
    permalink structures WordPress offers (day and name, month and name); normalised as
    Wagtail stores redirects."""
    found = []
    path = path_of(link, base) if link else None
    if path and path != "/" and not urlparse(link).query:
        found.append(path)
    name = quote(unquote(post_name), safe="") if post_name else ""
    if name and date is not None:
        found.append(f"/{date:%Y/%m/%d}/{name}/")
        found.append(f"/{date:%Y/%m}/{name}/")
    normalised = []
    for path in found:
        value = Redirect.normalise_path(path)
        if value not in normalised:
            normalised.append(value)
    return normalised


def id_paths(wp_id: int, post_type: str) -> list[str]:
    paths = [f"/?p={wp_id}"]
    if post_type == "page":
        paths.append(f"/?page_id={wp_id}")
    return [Redirect.normalise_path(path) for path in paths]


def point_to(page, paths: list[str]) -> tuple[int, list[str]]:
    """Permanent redirects from `paths` to `page` (for every site); an existing redirect made
    by someone else for another page is left alone and returned as a conflict.
    Returns (redirects created, conflicting paths)."""
    created, conflicts = 0, []
    for path in paths:
        existing = Redirect.objects.filter(old_path=path, site=None).first()
        if existing is None:
            Redirect.objects.create(old_path=path, site=None, redirect_page=page, is_permanent=True)
            created += 1
        elif existing.redirect_page_id != page.pk:
            conflicts.append(path)
    return created, conflicts
