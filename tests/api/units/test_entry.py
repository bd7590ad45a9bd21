import pytest

from koma.units.models import Entry
from tests.helpers import claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(worker_hanako, job_a):
    return claim(worker_hanako)


def put(client, unit, item_id, values):
    return client.put(
        f"/api/v1/units/{unit.id}/items/{item_id}/entry", {"values": values}, format="json"
    )


def test_it_autosaves_and_normalises_values(worker_hanako, client_for, held):
    item = held.items.first()
    response = put(
        client_for(worker_hanako),
        held,
        item.id,
        {
            "name": "髙橋　神子",
            "kana": "たかはし　かみこ",
            "birth_date": "平成元年1月8日",
            "postal_code": "１２３－４５６７",
            "count": "３",
            "kind": "転入",
        },
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["errors"] == {}
    assert body["values"] == {
        "name": "髙橋　神子",  # kanji code points untouched
        "kana": "タカハシ　カミコ",
        "birth_date": "1989-01-08",
        "postal_code": "123-4567",
        "count": "3",
        "kind": "転入",
    }


def test_a_compatibility_ideograph_survives(worker_hanako, client_for, held):
    item = held.items.first()
    body = put(client_for(worker_hanako), held, item.id, {"name": "\ufa19田"}).json()
    assert body["values"]["name"] == "\ufa19田"


def test_invalid_values_are_kept_with_error_codes(worker_hanako, client_for, held):
    item = held.items.first()
    body = put(
        client_for(worker_hanako),
        held,
        item.id,
        {
            "name": "",
            "postal_code": "12345678",
            "birth_date": "昭和64年1月8日",
            "kind": "x",
            "count": "三",
            "kana": "山田",
        },
    ).json()
    assert body["errors"] == {
        "name": "required",
        "postal_code": "invalid_postal_code",
        "birth_date": "not_a_date",
        "kind": "not_a_choice",
        "count": "not_a_number",
        "kana": "not_kana",
    }
    assert body["values"]["postal_code"] == "12345678"  # nothing the worker keyed is lost


def test_later_saves_merge_and_clear_errors(worker_hanako, client_for, held):
    client, item = client_for(worker_hanako), held.items.first()
    put(client, held, item.id, {"postal_code": "1"})
    body = put(client, held, item.id, {"postal_code": "9638601", "name": "山田"}).json()
    assert body["errors"] == {}
    assert body["values"] == {"postal_code": "963-8601", "name": "山田"}
    assert Entry.objects.count() == 1


def test_it_blocks_a_my_number(worker_hanako, client_for, held):
    item = held.items.first()
    response = put(client_for(worker_hanako), held, item.id, {"name": "123456789018"})
    assert response.status_code == 400
    assert response.json()["code"] == "MYNUMBER_DETECTED"
    assert Entry.objects.count() == 0


@pytest.mark.parametrize(
    "values, code",
    [
        ({"nope": "x"}, "unknown_field"),
        ("just a string", "invalid"),
        ({"name": 5}, "invalid_value"),
        ({"name": "x" * 20_000}, "invalid_value"),
    ],
)
def test_it_refuses_malformed_values(worker_hanako, client_for, held, values, code):
    item = held.items.first()
    response = put(client_for(worker_hanako), held, item.id, values)
    assert response.status_code == 400
    assert response.json()["code"] == code


def test_items_of_other_units_are_404(worker_hanako, client_for, held, staff_a):
    from tests.helpers import make_job

    other = make_job(staff_a, items=1).items.get()
    response = put(client_for(worker_hanako), held, other.id, {"name": "x"})
    assert response.status_code == 404
    assert response.json()["code"] == "item_not_found"


def test_another_worker_cannot_save(worker_taro, client_for, held):
    item = held.items.first()
    assert put(client_for(worker_taro), held, item.id, {"name": "x"}).status_code == 404


def test_a_submitted_unit_cannot_be_edited(worker_hanako, client_for, held):
    from tests.helpers import fill_and_submit

    fill_and_submit(held, worker_hanako)
    response = put(client_for(worker_hanako), held, held.items.first().id, {"name": "x"})
    assert response.status_code == 409
    assert response.json()["code"] == "unit_not_reserved_by_you"
