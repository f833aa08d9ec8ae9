"""Order and payment numbers: ``YYYYMMDDhhmmss`` + 4 digits, unique by construction.

Each (kind, second) has a counter row; a number is the second plus the counter's next value, and
one atomic upsert both bumps and reads the counter, so no two callers can get the same value.
Past 9,999 numbers in one second the caller waits for the next second. Numbers are drawn outside
the order's transaction, so concurrent checkouts do not queue behind each other on the counter
row; a failed checkout leaves a gap, which is harmless.
"""

import time

from django.db import connection
from django.utils import timezone

from .models import NumberCounter

PER_SECOND = 9999

# Plain SQL: the ORM has no "insert or increment, returning the value" in one statement.
# PostgreSQL and SQLite (3.35+) share this syntax.
_BUMP = (
    f"INSERT INTO {NumberCounter._meta.db_table} (kind, second, last) VALUES (%s, %s, 1) "  # noqa: S608
    f"ON CONFLICT (kind, second) DO UPDATE SET last = {NumberCounter._meta.db_table}.last + 1 RETURNING last"
)


def next_number(kind):
    while True:
        second = timezone.localtime().strftime("%Y%m%d%H%M%S")
        with connection.cursor() as cursor:
            cursor.execute(_BUMP, [kind, second])
            (value,) = cursor.fetchone()
        if value <= PER_SECOND:
            return f"{second}{value:04d}"
        time.sleep(0.05)
