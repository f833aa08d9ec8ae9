"""Downloads for staff, as CSV or XLSX, written row by row so that any number of rows takes the same
memory: CSV streams to the client as it is written; XLSX (openpyxl's write-only mode) goes through a
temporary file, which then streams.

CSV opens right in Excel and LibreOffice: UTF-8 with a byte order mark (or Excel garbles Chinese),
and a ``Text`` cell of digits (an order or phone number) written as ``="…"`` (or Excel shows an
18-digit order number as 2.02612E+17). Amounts are ``Decimal`` yuan, times are local.

Cells can hold what shoppers typed (names, addresses, remarks). A spreadsheet runs a cell that
starts with ``= + - @`` (or a tab or carriage return) as a formula, so such a cell is written
with a leading apostrophe: shown as typed, never run (OWASP's advice on CSV injection).
"""

import csv
import tempfile
from datetime import datetime
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Text(str):
    """A cell that stays text even when it is all digits: an order, payment or phone number."""


def safe_cell(value):
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None)


def _csv_cell(value):
    if isinstance(value, Text) and value.isdigit():
        return f'="{value}"'
    if isinstance(value, datetime):
        return f"{_local(value):%Y-%m-%d %H:%M:%S}"
    return "" if value is None else safe_cell(value)


class _Line:
    """What csv.writer writes to: it hands each row back, to be streamed."""

    def write(self, line):
        return line


def csv_response(filename, header, rows):
    """A CSV download of ``header`` and then ``rows``, streamed."""
    writer = csv.writer(_Line())

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow([_csv_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(filename, title, header, rows):
    """An XLSX download of one sheet: ``header`` in bold, then ``rows``."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    bold, money, moment = Font(bold=True), "#,##0.00", "yyyy-mm-dd hh:mm:ss"

    def cell(value, **style):
        written = WriteOnlyCell(sheet, value)
        for name, setting in style.items():
            setattr(written, name, setting)
        return written

    def typed(value):
        if isinstance(value, Promise):  # a translated label
            value = str(value)
        if isinstance(value, Decimal):
            return cell(value, number_format=money)
        if isinstance(value, datetime):
            return cell(_local(value), number_format=moment)
        if isinstance(value, str):  # text stays text; openpyxl would take "=…" for a formula
            return safe_cell(ILLEGAL_CHARACTERS_RE.sub("", value))
        return value

    sheet.append([cell(str(name), font=bold) for name in header])  # a header may be a translated label
    for row in rows:
        sheet.append([typed(value) for value in row])
    file = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    workbook.save(file)
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX)
