"""The Celery jobs at scale, on PostgreSQL: N due orders among M, closed and completed by one worker.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shop_bench .venv/bin/python bench/jobs.py [--full]

It fills the bench database (its order tables are emptied first), runs the close and the complete
job as one worker would (each chunk in turn, in this process) and prints their rates, then the
same with the due orders alone, to show the cost does not grow with the orders not due; then the
same for queueing the "placed" emails and for payment polling, and the plan PostgreSQL chooses for a
batch of the due query. A fault (an order left, one touched that was
not due) fails it; a slow figure does not.
"""

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django

django.setup()

from config.celery import app  # noqa: E402

app.conf.task_always_eager = True  # the chunks run here, one after another: one worker
# The emails the jobs queue (an order closed) are tasks of their own, drained by other workers, one SMTP
# message each: they are not part of the job's time.
from shop import emails  # noqa: E402

emails.send_after_commit = lambda name, *pks: None

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from orders import tasks as order_tasks  # noqa: E402
from orders.models import Commission, Order, OrderDetail, OrderEvent  # noqa: E402
from orders.status import OrderStatus  # noqa: E402
from payments import tasks  # noqa: E402
from payments.models import Payment  # noqa: E402
from payments.tests.fake_stripe import fake_stripe  # noqa: E402
from shop.models import Category, Goods, User  # noqa: E402

LINES = 3


def seed(*, total, due, status):
    """``total`` orders of ``status``, the first ``due`` of them due for their job."""
    with connection.cursor() as cursor:
        tables = ", ".join(m._meta.db_table for m in (Commission, OrderEvent, OrderDetail, Order))
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    category, _ = Category.objects.get_or_create(url_token="bench-jobs", defaults={"title": "Bench jobs"})  # noqa: S106
    goods = list(Goods.objects.filter(category=category)[:LINES]) or [
        Goods.objects.create(title=f"Bench {n}", url_token=f"bench-{n}", category=category, price=1000, stock=10**9)
        for n in range(LINES)
    ]
    Goods.objects.filter(category=category).update(stock=10**9, sold_count=10**9)  # what closing gives back fits
    buyer, _ = User.objects.get_or_create(username="bench-buyer")
    sharer, _ = User.objects.get_or_create(username="bench-sharer")
    now = timezone.now()
    long_ago, later = now - timedelta(days=30), now + timedelta(days=30)
    for first in range(0, total, 5000):
        orders = Order.objects.bulk_create(
            Order(order_id=f"2026010100{n:08d}", user=buyer, status=status, origin_amount=3000, amount=3000,
                  share_user=sharer, share_amount=30, end_at=long_ago if n < due else later)
            for n in range(first, min(first + 5000, total))
        )  # fmt: skip
        OrderDetail.objects.bulk_create(
            OrderDetail(order=order, user=buyer, goods=g, title=g.title, quantity=1, origin_price=1000, price=1000,
                        origin_amount=1000, amount=1000)
            for order in orders for g in goods
        )  # fmt: skip
    # Orders made long ago are due to close; the rest were made just now.
    Order.objects.filter(order_id__lt=f"2026010100{due:08d}").update(created_at=long_ago)
    Order.objects.filter(order_id__gte=f"2026010100{due:08d}").update(created_at=now)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Order._meta.db_table}")


def run(job, *, total, due, status, done_status):
    seed(total=total, due=due, status=status)
    started = time.perf_counter()
    getattr(tasks, job)()
    elapsed = time.perf_counter() - started
    moved = Order.objects.filter(status=done_status).count()
    untouched = Order.objects.filter(status=status).count()
    if (moved, untouched) != (due, total - due):
        raise SystemExit(f"FAULT in {job}: {moved} moved (expected {due}), {untouched} untouched ({total - due})")
    return elapsed


def tell_placed(*, total, due):
    """Queue the "placed" emails of ``due`` orders among ``total`` as the beat does (the emails are other
    tasks, sent by other workers): every due order's email queued once, no other. Returns the seconds."""
    seed(total=total, due=due, status=OrderStatus.WAITING)
    Order.objects.filter(order_id__lt=f"2026010100{due:08d}").update(placed_email_due=True)
    queued = []
    with mock.patch.object(order_tasks.send_emails, "delay", lambda name, pks: queued.extend(pks)):
        started = time.perf_counter()
        order_tasks.send_placed_emails()
        elapsed = time.perf_counter() - started
    expected = set(Order.objects.filter(order_id__lt=f"2026010100{due:08d}").values_list("pk", flat=True))
    if len(queued) != due or set(queued) != expected or Order.objects.filter(placed_email_due=True).exists():
        raise SystemExit(f"FAULT in send_placed_emails: {len(queued)} queued, {due} due")
    return elapsed


PAID = {"status": Payment.Status.PAID, "paid_amount": 3000}


def poll(*, total, due):
    """Poll ``due`` pending Stripe payments among ``total`` payments, the others paid; the loopback fake
    says one in a hundred of the due ones was paid. Every due one must be polled, those paid confirmed,
    and no other touched. Returns the seconds."""
    seed(total=total, due=0, status=OrderStatus.WAITING)
    buyer = User.objects.get(username="bench-buyer")
    for first in range(0, total, 5000):
        Payment.objects.bulk_create(
            Payment(payment_id=f"2026010100{n:08d}", order_id=n + 1, user=buyer, pay_way="stripe", amount=3000,
                    currency="CNY", gateway_ref=f"cs_2026010100{n:08d}",
                    **({} if n < due else {**PAID, "gateway_txn_id": f"pi_{n}"}))
            for n in range(first, min(first + 5000, total))
        )  # fmt: skip
    with fake_stripe() as fake:
        fake.amount, fake.paid = 3000, {f"cs_2026010100{n:08d}" for n in range(0, due, 100)}
        settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = "sk_test_bench", "whsec_bench"
        settings.STRIPE_API_BASE = fake.url
        started = time.perf_counter()
        tasks.poll_pending_payments()
        elapsed = time.perf_counter() - started
    polled = Payment.objects.filter(polled_at__isnull=False)
    confirmed = polled.filter(status=Payment.Status.PAID, order__status=OrderStatus.PAID).count()
    if polled.count() != due or confirmed != len(fake.paid):
        raise SystemExit(f"FAULT in polling: {polled.count()} polled, {due} due; {confirmed} of {len(fake.paid)} paid")
    return elapsed


def plan():
    cutoff = timezone.now() - timedelta(minutes=30)
    query = Order.objects.filter(status=OrderStatus.WAITING, created_at__lt=cutoff, pk__gt=0).order_by("pk")
    return " / ".join(line.strip() for line in query.values("pk")[:500].explain().splitlines()[:3])


def admin_search_ms():
    """The admin's search box, for an order number's beginning and for a buyer: the slower, in ms."""
    from orders.admin import OrderAdmin

    search = OrderAdmin(Order, None).get_search_results
    timings = []
    for term in ("202601010001", "bench-buyer"):
        started = time.perf_counter()
        queryset, _ = search(None, Order.objects.all(), term)
        list(queryset.order_by("-pk").values_list("pk", flat=True)[:100])  # the admin's first page
        timings.append((time.perf_counter() - started) * 1000)
    return max(timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--full", action="store_true", help="100,000 due among 200,000 (else 10,000 among 20,000)")
    size.add_argument("--smoke", action="store_true", help="500 among 1,000: CI's check that it runs, no figure")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("bench/jobs.py needs DATABASE_URL pointing at a PostgreSQL bench database")
    due, total = (100_000, 200_000) if args.full else (500, 1_000) if args.smoke else (10_000, 20_000)
    call_command("migrate", verbosity=0)
    print(f"jobs bench on {settings.DATABASES['default']['NAME']}: {due:,} due among {total:,}, {LINES} lines each")
    rows = []
    for job, status, done in (("close_unpaid_orders", OrderStatus.WAITING, OrderStatus.CLOSED),
                              ("complete_shipped_orders", OrderStatus.SHIPPED, OrderStatus.FINISHED)):  # fmt: skip
        among_all = run(job, total=total, due=due, status=status, done_status=done)
        alone = run(job, total=due, due=due, status=status, done_status=done)
        rows.append((job, among_all, alone))
    print(f"| job | {due:,} due among {total:,} | orders/s | {due:,} due alone | among / alone |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for job, among_all, alone in rows:
        print(f"| {job} | {among_all:.1f} s | {due / among_all:,.0f} | {alone:.1f} s | {among_all / alone:.2f} |")
    among_all, alone = tell_placed(total=total, due=due), tell_placed(total=due, due=due)
    print(f"| send_placed_emails (queueing) | {among_all:.1f} s | {due / among_all:,.0f} | {alone:.1f} s "
          f"| {among_all / alone:.2f} |")  # fmt: skip
    among_all, alone = poll(total=total, due=due), poll(total=due, due=due)
    print(f"| poll_pending_payments (loopback Stripe) | {among_all:.1f} s | {due / among_all:,.0f} | {alone:.1f} s "
          f"| {among_all / alone:.2f} |")  # fmt: skip
    seed(total=total, due=due, status=OrderStatus.WAITING)
    print(f"a due batch's plan: {plan()}")
    print(f"the admin's order search among {total:,} orders: {admin_search_ms():.1f} ms")


if __name__ == "__main__":
    main()
