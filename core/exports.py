"""Spreadsheet exports that a spreadsheet cannot run as formulas.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return, which some spreadsheets skip before looking) is read as a formula
when a CSV file is opened: a walk-in called ``=HYPERLINK(...)`` becomes a link
that sends the sheet's data away. ``spreadsheet_cell_safe`` is the one rule;
every CSV export writes its cells through it. (XLSX cells are typed as text
by Wagtail already.)
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell_safe(value):
    """The value, with a leading apostrophe if a spreadsheet would run it."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeSpreadsheetExportMixin(SpreadsheetExportMixin):
    """Wagtail's spreadsheet export, with every CSV cell made safe."""

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: spreadsheet_cell_safe(
                    self.preprocess_field_value(field, value, self.FORMAT_CSV)
                )
                for field, value in row_dict.items()
            }
        )
