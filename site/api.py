"""Wagtail's read-only API v2: a municipality can show its section on its intranet.

Only live, public pages are served (Wagtail's pages endpoint filters them), and only the images and
documents such pages show (media_library/api.py); nothing can be written.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from media_library.api import PublicDocumentsAPIViewSet, PublicImagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
