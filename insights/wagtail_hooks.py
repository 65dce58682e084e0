from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .access import can_view_statistics
from .admin_views import IndexView, ReportView
from .dashboard import FiguresPanel


@hooks.register("register_admin_urls")
def register_statistics_urls():
    urls = [
        path("", IndexView.as_view(), name="index"),
        path("<slug:slug>/", ReportView.as_view(), name="report"),
    ]
    return [path("statistik/", include((urls, "insights_admin")))]


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_statistics(request.user)


@hooks.register("register_admin_menu_item")
def register_statistics_menu_item():
    return StatisticsMenuItem(
        "Statistik", reverse("insights_admin:index"), icon_name="table", order=840
    )


@hooks.register("construct_homepage_panels")
def add_figures_panel(request, panels):
    panels.append(FiguresPanel(request))
