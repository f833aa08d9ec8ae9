"""The admin's order export at scale, on PostgreSQL: peak memory and time for 10,000 orders (100,000 with --full).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shop_bench .venv/bin/python bench/export.py [--full|--smoke]

It fills the bench database with orders of 3 lines (``bench/jobs.py``'s filler), then downloads each
export (orders and order lines, CSV and XLSX) through the admin's view in a fresh process, reading the
streamed answer to the end, and prints that process's peak resident memory (before the export: the
Django process alone) and the time. A download that is not whole (a row missing) fails it.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from orders.models import Order, OrderDetail  # noqa: E402
from orders.status import OrderStatus  # noqa: E402
from shop.models import User  # noqa: E402


def peak_mb():
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the parent)."""
    status = Path("/proc/self/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1]) / 1024


def download(rows, format):
    """One export in this process: ``(bytes, rows, seconds, peak MB before, peak MB after)``."""
    from django.contrib import admin

    staff, _ = User.objects.get_or_create(username="bench-staff", defaults={"is_staff": True, "is_superuser": True})
    request = RequestFactory().get("/admin/orders/order/export/", {"start": "2000-01-01", "end": "2099-12-31",
                                                                  "rows": rows, "format": format})  # fmt: skip
    request.user = staff
    before, started = peak_mb(), time.perf_counter()
    response = admin.site._registry[Order].export(request)
    size = 0
    with tempfile.TemporaryFile() as kept:
        for chunk in response.streaming_content:
            size += len(chunk)
            kept.write(chunk)
        response.close()
        seconds, after = time.perf_counter() - started, peak_mb()
        kept.seek(0)
        if format == "csv":
            return size, _count(kept, b"\n"), seconds, before, after
        with zipfile.ZipFile(kept) as book, book.open("xl/worksheets/sheet1.xml") as sheet:
            return size, _count(sheet, b"</row>"), seconds, before, after


def _count(source, end):
    """How many times ``end`` occurs in ``source`` (the rows, the header included), read in pieces."""
    count, carry = 0, b""
    while piece := source.read(1 << 20):
        count += (carry + piece).count(end)
        carry = piece[1 - len(end) :] if len(end) > 1 else b""
    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--full", action="store_true", help="100,000 orders (else 10,000)")
    size.add_argument("--smoke", action="store_true", help="1,000 orders: CI's check that it runs")
    parser.add_argument("--one", nargs=2, metavar=("ROWS", "FORMAT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(*download(*args.one))
        return
    if connection.vendor != "postgresql":
        raise SystemExit("bench/export.py needs DATABASE_URL pointing at a PostgreSQL bench database")
    sys.path.insert(0, str(ROOT / "bench"))
    from jobs import LINES, seed

    total = 1_000 if args.smoke else 100_000 if args.full else 10_000
    seed(total=total, due=0, status=OrderStatus.PAID)
    assert Order.objects.count() == total and OrderDetail.objects.count() == total * LINES
    print(f"export bench: {total:,} orders of {LINES} lines, each download read to its end in a fresh process")
    print("| export | rows | size | time | peak memory (the process before the export) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for rows, count in (("orders", total), ("lines", total * LINES)):
        for format in ("csv", "xlsx"):
            output = subprocess.run([sys.executable, __file__, "--one", rows, format], check=True,  # noqa: S603
                                    capture_output=True, text=True, cwd=ROOT).stdout.split()  # fmt: skip
            size, lines, seconds, before, after = int(output[0]), int(output[1]), *map(float, output[2:])
            if lines != count + 1:
                raise SystemExit(f"FAULT: the {rows} {format} has {lines - 1:,} rows, not {count:,}")
            print(f"| {rows} {format} | {count:,} | {size / 2**20:.1f} MB | {seconds:.1f} s "
                  f"| {after:.0f} MB ({before:.0f} MB) |")  # fmt: skip


if __name__ == "__main__":
    main()
