from wagtail import hooks

from core.admin_views import SitePageViewSet

from .models import AccessibilityStatementPage, StandardPage


@hooks.register("register_admin_viewset")
def standard_page_views():
    # New pages are not autosaved until first saved (core/admin_views.py).
    return SitePageViewSet("standard_pages", model=StandardPage)


@hooks.register("register_admin_viewset")
def accessibility_statement_views():
    return SitePageViewSet("accessibility_statement_pages", model=AccessibilityStatementPage)
