"""The three jobs through real Celery workers on the real broker (Redis in the PostgreSQL run):
two workers at once, 1,000 due orders each, other orders untouched."""

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection
from django.utils import timezone

from config.settings.base import BASE_DIR
from conftest import own_redis_database
from orders.models import Order, OrderDetail, OrderEvent
from orders.status import OrderStatus
from payments.models import Payment
from payments.tests.fake_stripe import fake_stripe
from shop.tests.factories import GoodsFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgres_only")]
DUE = 1000


@pytest.fixture
def workers():
    """Two worker processes on the test database and the Redis broker; a sender for the same broker."""
    if not settings.REDIS_URL:
        pytest.skip("needs the Redis broker")
    # A queue of this test process's own: workers sharing one would take (and empty) each other's tasks.
    db, broker = connection.settings_dict, own_redis_database(settings.CELERY_BROKER_URL, 8)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.base", "CELERY_BROKER_URL": broker,
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"}  # fmt: skip
    sender = Celery(broker=broker)
    sender.connection_for_write().default_channel.client.delete("celery")  # no leftovers from other runs
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool",
                "solo",
                "-n",
                f"batch{n}@%h",
                "--loglevel",
                "WARNING",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        for n in range(2)
    ]
    try:
        yield sender
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)


def make_orders(goods, user, count, status, **fields):
    stamp = timezone.localtime().strftime("%Y%m%d")
    base = Order.objects.count()
    orders = Order.objects.bulk_create(
        Order(order_id=f"{stamp}99{base + n:08d}", user=user, status=status, origin_amount=goods.price,
              amount=goods.price, **fields)
        for n in range(count)
    )  # fmt: skip
    OrderDetail.objects.bulk_create(
        OrderDetail(order=o, user=user, goods=goods, title=goods.title, quantity=1, origin_price=goods.price,
                    price=goods.price, origin_amount=goods.price, amount=goods.price)
        for o in orders
    )  # fmt: skip
    return orders


def wait_for(condition, seconds=240):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def test_close_and_complete_1000_due_orders_with_two_workers(workers):
    user = UserFactory()
    goods = GoodsFactory(stock=0, sold_count=DUE)  # the due orders hold all of it
    old = timezone.now() - timedelta(hours=2)
    make_orders(goods, user, DUE, OrderStatus.WAITING)
    Order.objects.filter(status=OrderStatus.WAITING).update(created_at=old)
    young = make_orders(goods, user, 5, OrderStatus.WAITING)
    paid = make_orders(goods, user, 5, OrderStatus.PAID)
    Order.objects.filter(pk__in=[o.pk for o in paid]).update(created_at=old)
    make_orders(goods, user, DUE, OrderStatus.SHIPPED, end_at=timezone.now() - timedelta(minutes=5))
    later = make_orders(goods, user, 5, OrderStatus.SHIPPED, end_at=timezone.now() + timedelta(days=3))

    started = time.monotonic()
    for _ in range(2):  # two runs at once: the workers must not close or complete anything twice
        workers.send_task("payments.tasks.close_unpaid_orders")
        workers.send_task("payments.tasks.complete_shipped_orders")
    assert wait_for(lambda: Order.objects.filter(status=OrderStatus.CLOSED).count() == DUE
                    and Order.objects.filter(status=OrderStatus.FINISHED).count() == DUE)  # fmt: skip
    elapsed = time.monotonic() - started
    time.sleep(2)  # let the second runs finish: they must find nothing left to do

    goods.refresh_from_db()
    assert (goods.stock, goods.sold_count) == (DUE, 0)
    assert OrderEvent.objects.filter(action="cancel").count() == DUE
    assert OrderEvent.objects.filter(action="finish").count() == DUE
    assert set(Order.objects.filter(pk__in=[o.pk for o in young]).values_list("status", flat=True)) == {0}
    assert set(Order.objects.filter(pk__in=[o.pk for o in paid]).values_list("status", flat=True)) == {1}
    assert set(Order.objects.filter(pk__in=[o.pk for o in later]).values_list("status", flat=True)) == {2}
    print(f"\n{DUE} due orders closed and {DUE} completed by 2 workers in {elapsed:.1f}s; others untouched")


@pytest.fixture
def stripe_workers(monkeypatch):
    with fake_stripe() as fake:
        monkeypatch.setenv("STRIPE_SECRET_KEY", "sk_test_loopback")
        monkeypatch.setenv("STRIPE_WEBHOOK_SECRET", "whsec_loopback")
        monkeypatch.setenv("STRIPE_API_BASE", fake.url)
        yield fake


def test_poll_1000_pending_payments_with_two_workers(stripe_workers, workers):
    user = UserFactory()
    goods = GoodsFactory(price=100, stock=0)
    orders = make_orders(goods, user, DUE, OrderStatus.WAITING)
    payments = Payment.objects.bulk_create(
        Payment(payment_id=f"{o.order_id[:10]}88{i:06d}", order=o, user=user, pay_way="stripe", amount=100,
                currency="CNY")
        for i, o in enumerate(orders)
    )  # fmt: skip
    for payment in payments:
        payment.gateway_ref = f"cs_{payment.payment_id}"
    Payment.objects.bulk_update(payments, ["gateway_ref"])
    stripe_workers.paid.update(payment.gateway_ref for payment in payments)
    stale = make_orders(goods, user, 3, OrderStatus.WAITING)
    Payment.objects.bulk_create(
        Payment(payment_id=f"{o.order_id[:10]}77{i:06d}", order=o, user=user, pay_way="stripe", amount=100,
                currency="CNY", gateway_ref=f"cs_{o.order_id[:10]}77{i:06d}")
        for i, o in enumerate(stale)
    )  # fmt: skip
    Payment.objects.filter(order__in=stale).update(created_at=timezone.now() - timedelta(days=1))

    started = time.monotonic()
    for _ in range(2):
        workers.send_task("payments.tasks.poll_pending_payments")
    assert wait_for(lambda: Order.objects.filter(status=OrderStatus.PAID).count() == DUE)
    elapsed = time.monotonic() - started
    time.sleep(2)
    assert OrderEvent.objects.filter(action="pay").count() == DUE
    assert set(Order.objects.filter(pk__in=[o.pk for o in stale]).values_list("status", flat=True)) == {0}
    print(f"\n{DUE} pending payments polled and confirmed by 2 workers in {elapsed:.1f}s; stale ones untouched")
