import pytest

from orders.models import Address
from orders.tests.factories import ADDRESS, AddressFactory, place_order
from shop.tests.factories import GoodsFactory

pytestmark = pytest.mark.django_db

KEYS = {
    "id", "user_id", "name", "last_name", "phone", "email", "province", "city", "town", "country", "address_info",
    "company", "postcode", "status", "created_time", "updated_time",
}  # fmt: skip


def post(client, body):
    return client.post("/api/order/address", body, format="json").json()


def test_no_address_is_null_data(api):
    assert api.get("/api/order/address").json() == {"code": 0, "msg": "", "data": None}


def test_create_then_update_mine(api):
    created = post(api, ADDRESS)
    assert created["code"] == 0
    assert set(created["data"]) == KEYS
    assert created["data"]["user_id"] == api.user.id
    updated = post(api, {"id": created["data"]["id"], "city": "Luoyang"})
    assert updated["data"]["city"] == "Luoyang"
    assert updated["data"]["address_info"] == ADDRESS["address_info"]
    assert Address.objects.count() == 1


@pytest.mark.parametrize("missing", ["name", "phone", "province", "city", "country", "address_info", "postcode"])
def test_required_fields(api, missing):
    body = {k: v for k, v in ADDRESS.items() if k != missing}
    assert post(api, body) == {"code": -1, "msg": f"{missing}: This field is required.", "data": None}
    assert not Address.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [({"email": "nope"}, "email: Enter a valid email address."), ({"name": ""}, "name: This field may not be blank.")],
)
def test_bad_values(api, body, message):
    assert post(api, {**ADDRESS, **body}) == {"code": -1, "msg": message, "data": None}


def test_someone_elses_address_is_neither_shown_nor_changed(api, other_api):
    theirs = AddressFactory(user=other_api.user, city="Kaifeng")
    assert post(api, {"id": theirs.id, "city": "Mine now"}) == {
        "code": -1, "msg": "id: not one of your addresses", "data": None,
    }  # fmt: skip
    theirs.refresh_from_db()
    assert theirs.city == "Kaifeng"
    assert api.get("/api/order/addresses").json()["data"] == []
    assert api.get("/api/order/address").json()["data"] is None


def test_list_is_mine_newest_first(api, other_api):
    older, newer = AddressFactory(user=api.user), AddressFactory(user=api.user)
    AddressFactory(user=other_api.user)
    assert [a["id"] for a in api.get("/api/order/addresses").json()["data"]] == [newer.id, older.id]


def test_latest_is_the_most_recently_used(api):
    used = AddressFactory(user=api.user)
    AddressFactory(user=api.user)
    order = place_order(api.user, GoodsFactory())
    order.address = used
    order.save()
    assert api.get("/api/order/address").json()["data"]["id"] == used.id


@pytest.mark.parametrize(("phone", "postcode"), [("call me", "450000"), ("12345", "450000"), ("138 0000 1111", "#")])
def test_api_address_phone_and_postcode_are_checked(api, phone, postcode):
    body = {**ADDRESS, "phone": phone, "postcode": postcode}
    answer = api.post("/api/order/address", body, format="json").json()
    assert answer["code"] == -1
    assert answer["msg"].startswith("phone:" if phone != "138 0000 1111" else "postcode:")
