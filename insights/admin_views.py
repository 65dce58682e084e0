"""Statistik in the Wagtail admin: one view shows any report, filtered by period and municipality,
as a chart and a table with the same numbers, or exports it to CSV or XLSX."""

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateInput

from core.exports import SafeSpreadsheetExportMixin

from . import reports
from .access import visible_municipalities
from .charts import bars, series
from .reports import REPORTS, REPORTS_BY_SLUG

DEFAULT_PERIOD_DAYS = 90
# A page stays readable; the export always has every row (10,000 articles make 10,000 rows).
ROWS_SHOWN = 500
LONGEST_PERIOD_DAYS = 3 * 366


class ReportFilterForm(forms.Form):
    fran = forms.DateField(
        label="Från",
        required=False,
        widget=AdminDateInput,
        error_messages={"invalid": "Ange ett datum som ÅÅÅÅ-MM-DD."},
    )
    till = forms.DateField(
        label="Till",
        required=False,
        widget=AdminDateInput,
        error_messages={"invalid": "Ange ett datum som ÅÅÅÅ-MM-DD."},
    )
    kommun = forms.TypedChoiceField(label="Kommun", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, municipalities, show_all_choice: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(m.pk, m.title) for m in municipalities]
        if show_all_choice:
            choices.insert(0, ("", "Alla kommuner"))
        self.fields["kommun"].choices = choices

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        end = cleaned.get("till") or today
        start = cleaned.get("fran") or end - datetime.timedelta(days=DEFAULT_PERIOD_DAYS - 1)
        if start > end:
            raise forms.ValidationError("Startdatum måste vara samma dag som eller före slutdatum.")
        if (end - start).days >= LONGEST_PERIOD_DAYS:
            raise forms.ValidationError("Välj en period på högst tre år.")
        cleaned["period"] = reports.Period(start, end)
        return cleaned


def _breadcrumbs(*items):
    return [
        {"url": reverse("wagtailadmin_home"), "label": "Översikt"},
        {"url": reverse("insights_admin:index"), "label": "Statistik"},
        *items,
    ]


class StatisticsMixin:
    def dispatch(self, request, *args, **kwargs):
        self.municipalities = visible_municipalities(request.user)
        if not self.municipalities:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class IndexView(StatisticsMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "insights/index.html"
    page_title = "Statistik"
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return _breadcrumbs()[:-1] + [{"url": "", "label": "Statistik"}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reports"] = REPORTS
        context["municipalities"] = self.municipalities
        return context


class ReportView(
    StatisticsMixin, SafeSpreadsheetExportMixin, WagtailAdminTemplateMixin, TemplateView
):
    template_name = "insights/report.html"
    header_icon = "table"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.report = REPORTS_BY_SLUG.get(kwargs["slug"])
        if self.report is None:
            raise Http404

    def get_page_title(self):
        return self.report.title

    def get_breadcrumbs_items(self):
        return _breadcrumbs({"url": "", "label": self.report.title})

    def get(self, request, *args, **kwargs):
        requested = request.GET.get("kommun", "")
        allowed_ids = {str(m.pk) for m in self.municipalities}
        # Another municipality's figures are refused outright, not quietly replaced by one's own.
        if requested and requested not in allowed_ids:
            raise PermissionDenied
        self.form = ReportFilterForm(
            request.GET,
            municipalities=self.municipalities,
            show_all_choice=len(self.municipalities) > 1,
        )
        self.table = None
        if self.form.is_valid():
            self.period = self.form.cleaned_data["period"]
            chosen = self.form.cleaned_data["kommun"]
            self.scope = [m for m in self.municipalities if chosen in (None, m.pk)]
            self.table = self.report.build(self.period, self.scope)
            if self.is_export:
                self.list_export = [key for key, _ in self.table.columns]
                self.export_headings = dict(self.table.columns)
                return self.as_spreadsheet(self.table.rows, request.GET["export"])
        elif self.is_export:
            return self.render_to_response(self.get_context_data(), status=400)
        return self.render_to_response(self.get_context_data())

    def get_filename(self):
        return f"pedagogsajten-{self.report.slug}-{self.period.start}-{self.period.end}"

    @property
    def show_export_buttons(self):
        return self.table is not None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "report": self.report,
                "form": self.form,
                "table": self.table,
                "csv_url": self.csv_export_url,
                "xlsx_url": self.xlsx_export_url,
            }
        )
        if self.table is not None:
            context["period"] = self.period
            context["scope"] = self.scope
            shown = self.table.rows[:ROWS_SHOWN]
            context["rows"] = [[row.get(key) for key, _ in self.table.columns] for row in shown]
            context["rows_not_shown"] = len(self.table.rows) - len(shown)
            if self.table.total:
                context["total"] = [self.table.total.get(key) for key, _ in self.table.columns]
            if self.table.chart:
                context["chart"] = bars(self.table)
            if self.table.series:
                context["series_chart"] = series(self.table)
        return context
