import django_filters
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from .access import can_view_statistics
from .admin_views import IndexView, ReportView
from .dashboard import FiguresPanel
from .models import ArticleFeedback


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


class ArticleFeedbackFilterSet(WagtailFilterSet):
    day = django_filters.DateFromToRangeFilter(label="Dag")
    useful = django_filters.BooleanFilter(label="Användbar")

    class Meta:
        model = ArticleFeedback
        fields = []


class ArticleFeedbackViewSet(ModelViewSet):
    """Readers' answers one by one, so the chief editor can redact or delete a comment that holds
    personal data after all. Nobody can add answers here."""

    model = ArticleFeedback
    icon = "comment"
    menu_label = "Återkoppling"
    menu_order = 845
    add_to_admin_menu = True
    list_display = ["day", "article", "useful_answer", "comment"]
    search_fields = ["comment"]
    filterset_class = ArticleFeedbackFilterSet
    ordering = ["-day", "-pk"]
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = ["comment"]


@hooks.register("register_admin_viewset")
def register_feedback_moderation():
    return ArticleFeedbackViewSet("article_feedback")
