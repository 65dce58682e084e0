"""`/?p=123` and `/?page_id=123`, the addresses every WordPress site answers whatever its
permalinks, for the imported posts and pages.

Wagtail's RedirectMiddleware looks for a redirect only when a page answers 404, and `/` is the
home page, which answers 200 whatever the query string. This middleware asks the same redirect
table (the rows the importer made, editable under Inställningar → Omdirigeringar) for requests
to `/` with such a parameter, before the page cache or the page sees them. Any other request
costs one comparison."""

from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect

WORDPRESS_ID_PARAMETERS = ("p", "page_id")


class WordPressIdRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/" and request.method in ("GET", "HEAD") and request.GET:
            for name in WORDPRESS_ID_PARAMETERS:
                value = request.GET.get(name, "")
                if value.isdigit():
                    redirect = get_redirect(request, Redirect.normalise_path(f"/?{name}={value}"))
                    if redirect is not None and redirect.link:
                        if redirect.is_permanent:
                            return HttpResponsePermanentRedirect(redirect.link)
                        return HttpResponseRedirect(redirect.link)
        return self.get_response(request)
