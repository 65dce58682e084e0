from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.models import Page

from core.admin_views import SitePageViewSet

from .author_profiles import OwnAuthorProfileView
from .models import MunicipalityPage
from .roles import writing_municipalities

GUIDELINES_SLUG = "riktlinjer-for-skribenter"


@hooks.register("register_admin_urls")
def register_own_author_profile_url():
    return [path("min-skribentprofil/", OwnAuthorProfileView.as_view(), name="own_author_profile")]


class OwnAuthorProfileMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return hasattr(user, "author_profile") or bool(writing_municipalities(user))


@hooks.register("register_admin_menu_item")
def register_own_author_profile_menu_item():
    return OwnAuthorProfileMenuItem(
        "Min skribentprofil", reverse("own_author_profile"), icon_name="user", order=295
    )


class WriterPanel(Component):
    """First on a writer's dashboard: where to start a new article, and how to write a good one."""

    name = "writer_start"
    order = 10
    template_name = "municipalities/writer_panel.html"

    def __init__(self, municipalities, guidelines):
        self.municipalities = municipalities
        self.guidelines = guidelines

    def get_context_data(self, parent_context=None):
        return {
            "sections": [
                (
                    municipality,
                    reverse(
                        "wagtailadmin_pages:add", args=("blog", "articlepage", municipality.pk)
                    ),
                )
                for municipality in self.municipalities
            ],
            "guidelines": self.guidelines,
        }


@hooks.register("construct_homepage_panels")
def add_writer_panel(request, panels):
    municipalities = writing_municipalities(request.user)
    if municipalities:
        # The guidelines page lives beside the municipality sections (site_structure.toml).
        guidelines = (
            Page.objects.sibling_of(municipalities[0]).live().filter(slug=GUIDELINES_SLUG).first()
        )
        panels.append(WriterPanel(municipalities, guidelines))


@hooks.register("register_admin_viewset")
def municipality_page_views():
    # New pages are not autosaved until first saved (core/admin_views.py).
    return SitePageViewSet("municipality_pages", model=MunicipalityPage)
