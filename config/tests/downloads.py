"""Reading staff downloads back the way a spreadsheet would."""

import csv
import io

from openpyxl import load_workbook


def body(response):
    return b"".join(response.streaming_content)


def csv_rows(response):
    """The rows of a CSV download; it must start with the UTF-8 byte order mark Excel needs."""
    data = body(response)
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def xlsx_sheet(response):
    """The first sheet of an XLSX download."""
    return load_workbook(io.BytesIO(body(response))).worksheets[0]
