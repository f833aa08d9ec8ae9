"""CSV downloads for staff.

Cells can hold what shoppers typed (names, addresses, remarks). A spreadsheet runs a cell that
starts with ``= + - @`` (or a tab or carriage return) as a formula, so such a cell is written
with a leading apostrophe: shown as typed, never run (OWASP's advice on CSV injection).
"""

import csv

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def csv_response(filename, header, rows):
    """A CSV download of ``header`` and then ``rows``."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return response
