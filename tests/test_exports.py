"""Every CSV the admin exports keeps a reader's text from running as a spreadsheet formula."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from core.exports import as_text_in_spreadsheets
from search.models import SearchQueryDay
from tests.editorial import build_editorial_site

HOSTILE = "=1+1+cmd|' /C calc'!A0"


@pytest.fixture
def chief(db):
    site = build_editorial_site()
    SearchQueryDay.record(timezone.localdate() - datetime.timedelta(days=1), HOSTILE, 0)
    return site.chief


def csv_cells(response) -> list[str]:
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(content)) for cell in row]


EXPORTS = {
    "search log": ("search_queries:index", []),
    "Statistik: searches per week": ("insights_admin:report", ["sokningar"]),
    "Statistik: zero-hit searches": ("insights_admin:report", ["sokningar-utan-traff"]),
}


@pytest.mark.parametrize("export", EXPORTS)
def test_reader_text_is_exported_as_text(client, chief, export):
    client.force_login(chief)
    name, args = EXPORTS[export]
    response = client.get(reverse(name, args=args) + "?export=csv")
    assert response.status_code == 200
    cells = csv_cells(response)
    assert "'" + HOSTILE in cells
    assert HOSTILE not in cells


@pytest.mark.parametrize(
    ("value", "exported"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+46 42 10 50 00", "'+46 42 10 50 00"),
        ("-1", "'-1"),
        ("@import", "'@import"),
        ("\tfoo", "'\tfoo"),
        ("högläsning", "högläsning"),
        (42, 42),
    ],
)
def test_what_counts_as_a_formula(value, exported):
    assert as_text_in_spreadsheets(value) == exported
