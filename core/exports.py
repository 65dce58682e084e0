"""One safe spreadsheet export for every CSV/XLSX the admin offers.

Readers write search queries and comments; a cell starting with =, +, -, @ or a tab/carriage
return is run as a formula by a spreadsheet program opening a CSV ("=1+1+cmd|…"). Such text gets a
leading apostrophe, which spreadsheets show as text. XLSX cells are typed as text by Wagtail
already (it turns what openpyxl takes for a formula back into a string).
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def as_text_in_spreadsheets(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class SafeSpreadsheetExportMixin(SpreadsheetExportMixin):
    """Wagtail's export (CSV and XLSX), with formulas neutralised in CSV cells."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return as_text_in_spreadsheets(value)
        return value
