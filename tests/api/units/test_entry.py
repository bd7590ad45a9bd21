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


# ------------------------------------------------------------- versions and offline sync


def put_based(client, unit, item_id, values, base_version):
    return client.put(
        f"/api/v1/units/{unit.id}/items/{item_id}/entry",
        {"values": values, "base_version": base_version},
        format="json",
    )


def test_every_save_answers_the_next_version(worker_hanako, client_for, held):
    client, item = client_for(worker_hanako), held.items.first()
    assert put(client, held, item.id, {"name": "山田"}).json()["version"] == 1
    assert put(client, held, item.id, {"name": "山田"}).json()["version"] == 2
    detail = client.get(f"/api/v1/units/{held.id}").json()
    assert next(i for i in detail["items"] if i["id"] == item.id)["entry"]["version"] == 2


def test_an_outbox_replayed_in_order_is_saved(worker_hanako, client_for, held):
    """Saves kept offline go out one after another, each based on the version the last answered."""
    client, item = client_for(worker_hanako), held.items.first()
    version = put_based(client, held, item.id, {"name": "山"}, 0).json()["version"]
    for values in ({"name": "山田"}, {"name": "山田", "postal_code": "９６３８６０１"}):
        response = put_based(client, held, item.id, values, version)
        assert response.status_code == 200, response.json()
        version = response.json()["version"]
    entry = Entry.objects.get()
    assert entry.values == {"name": "山田", "postal_code": "963-8601"}
    assert entry.version == version == 3


def test_a_replay_of_what_the_server_has_passes(worker_hanako, client_for, held):
    """A keepalive save and the queued save of one draft race: both are based on version 1."""
    client, item = client_for(worker_hanako), held.items.first()
    put_based(client, held, item.id, {"name": "山田"}, 0)
    assert put_based(client, held, item.id, {"name": "山田花子"}, 1).status_code == 200
    response = put_based(client, held, item.id, {"name": "山田花子", "postal_code": "9638601"}, 1)
    assert response.status_code == 200, response.json()
    assert Entry.objects.get().values == {"name": "山田花子", "postal_code": "963-8601"}


def test_a_stale_save_does_not_overwrite_a_newer_server_value(worker_hanako, client_for, held):
    client, item = client_for(worker_hanako), held.items.first()
    put_based(client, held, item.id, {"name": "山田"}, 0)  # version 1, seen by the phone
    put_based(client, held, item.id, {"name": "山田花子"}, 1)  # version 2, from another tab
    # The phone, offline since version 1, sends its name and a postal code.
    response = put_based(client, held, item.id, {"name": "山田太郎", "postal_code": "9638601"}, 1)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "entry_version_conflict"
    assert body["fields"]["conflicts"] == ["name"]
    assert body["fields"]["entry"]["version"] == 2
    assert body["fields"]["entry"]["values"] == {"name": "山田花子"}
    entry = Entry.objects.get()
    assert entry.values == {"name": "山田花子"}  # the newer value is kept, nothing else written
    assert entry.version == 2
    # Re-based on what the server answered, the worker's choice goes through.
    response = put_based(client, held, item.id, {"name": "山田太郎", "postal_code": "9638601"}, 2)
    assert response.status_code == 200
    assert response.json()["values"] == {"name": "山田太郎", "postal_code": "963-8601"}


def test_without_base_version_saves_merge_as_before(worker_hanako, client_for, held):
    client, item = client_for(worker_hanako), held.items.first()
    put_based(client, held, item.id, {"name": "山田"}, 0)
    put_based(client, held, item.id, {"name": "山田花子"}, 1)
    assert put(client, held, item.id, {"name": "佐藤"}).status_code == 200
    assert Entry.objects.get().values == {"name": "佐藤"}


@pytest.mark.parametrize("base", [-1, "1", True, 1.5])
def test_a_malformed_base_version_is_400(worker_hanako, client_for, held, base):
    item = held.items.first()
    response = put_based(client_for(worker_hanako), held, item.id, {"name": "x"}, base)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
