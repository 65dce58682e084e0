import django_filters
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from core.exports import SafeSpreadsheetExportMixin

from .models import SearchQueryDay


class SearchQueryDayFilterSet(WagtailFilterSet):
    without_hits = django_filters.BooleanFilter(
        label="Inga träffar", field_name="hits", lookup_expr="exact", method="filter_without_hits"
    )
    day = django_filters.DateFromToRangeFilter(label="Dag")

    class Meta:
        model = SearchQueryDay
        fields = []

    def filter_without_hits(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(hits=0) if value else queryset.exclude(hits=0)


class SearchQueryDayIndexView(SafeSpreadsheetExportMixin, IndexView):
    """Readers typed these queries: exported so that no spreadsheet runs one as a formula."""


class SearchQueryDayViewSet(ModelViewSet):
    """What readers search for and what finds nothing, per day. Read-only: the site records it."""

    model = SearchQueryDay
    icon = "search"
    menu_label = "Sökningar"
    menu_order = 850
    add_to_admin_menu = True
    index_view_class = SearchQueryDayIndexView
    list_display = ["day", "query", "searches", "hits"]
    list_export = ["day", "query", "searches", "hits"]
    export_filename = "sokningar"
    search_fields = ["query"]
    filterset_class = SearchQueryDayFilterSet
    ordering = ["-day", "-searches"]
    copy_view_enabled = False
    form_fields = ["day", "query", "searches", "hits"]


@hooks.register("register_admin_viewset")
def register_search_log():
    return SearchQueryDayViewSet("search_queries")
