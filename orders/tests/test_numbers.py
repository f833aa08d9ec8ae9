import re
from unittest import mock

import pytest

from orders import numbers
from orders.models import NumberCounter

pytestmark = pytest.mark.django_db


def test_format_is_18_digits_of_local_time_and_a_counter():
    number = numbers.next_number("order")
    assert re.fullmatch(r"\d{18}", number)
    assert number.endswith("0001")


def test_numbers_in_one_second_count_up_and_never_repeat():
    drawn = [numbers.next_number("order") for _ in range(300)]
    assert len(set(drawn)) == 300


def test_kinds_have_their_own_counters():
    with mock.patch.object(numbers.timezone, "localtime") as now:
        now.return_value.strftime.return_value = "20261122101010"
        assert numbers.next_number("order") == "202611221010100001"
        assert numbers.next_number("payment") == "202611221010100001"
        assert numbers.next_number("order") == "202611221010100002"


def test_a_full_second_waits_for_the_next_one():
    NumberCounter.objects.create(kind="order", second="20261122101010", last=numbers.PER_SECOND)
    seconds = iter(["20261122101010", "20261122101011"])
    with mock.patch.object(numbers.timezone, "localtime") as now, mock.patch.object(numbers.time, "sleep") as sleep:
        now.return_value.strftime.side_effect = lambda fmt: next(seconds)
        assert numbers.next_number("order") == "202611221010110001"
    sleep.assert_called_once()


def test_counters_of_past_days_are_purged():
    from orders.tasks import purge_number_counters

    numbers.next_number("order")
    NumberCounter.objects.create(kind="order", second="20200101120000", last=5)
    assert purge_number_counters() == 1
    assert NumberCounter.objects.count() == 1  # today's stays: it still hands out numbers
