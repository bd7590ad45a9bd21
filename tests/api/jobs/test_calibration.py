"""Calibration and re-pack: a job whose real pace is twice the estimate.

Everything through the API (claim, autosave with active seconds, submit, review) and the
task the acceptance enqueues (``jobs.calibrate_job``, one service call), on real PostgreSQL.
"""

from __future__ import annotations

import pytest

from koma.audit.models import AuditEvent
from koma.jobs import logic
from koma.jobs.calibration import calibrated_seconds_per_item, recalibrate_job
from koma.jobs.models import Item, Job
from koma.units.models import Unit
from koma_worker.tasks.jobs import calibrate_job_task
from tests.api.test_counters import assert_counters_right
from tests.helpers import SCHEMA, make_job

pytestmark = pytest.mark.django_db

PER_ITEM = logic.estimate_item_seconds(SCHEMA)  # 57 s
TARGET = 30  # minutes: 32 items a unit at the estimate, so one accepted unit is 32 entries
ITEMS = 320


@pytest.fixture
def job(staff_a):
    return make_job(staff_a, items=ITEMS, unit_target_minutes=TARGET)


def claim_via_api(client) -> Unit:
    response = client.post("/api/v1/units/claim")
    assert response.status_code in (200, 201), response.json()
    return Unit.objects.get(pk=response.json()["id"])


def key_unit(client, unit: Unit, seconds_per_item: int) -> None:
    for item_id in unit.items.values_list("id", flat=True):
        response = client.put(
            f"/api/v1/units/{unit.id}/items/{item_id}/entry",
            {"values": {"name": "山田　太郎"}, "active_seconds_delta": seconds_per_item},
            format="json",
        )
        assert response.status_code == 200, response.json()


def accept_one_unit(worker_client, coord_client, seconds_per_item: int) -> Unit:
    unit = claim_via_api(worker_client)
    key_unit(worker_client, unit, seconds_per_item)
    assert worker_client.post(f"/api/v1/units/{unit.id}/submit").status_code == 200
    assert coord_client.post(f"/api/v1/units/{unit.id}/review/start").status_code == 200
    response = coord_client.post(
        f"/api/v1/units/{unit.id}/review", {"decision": "accept"}, format="json"
    )
    assert response.status_code == 200, response.json()
    return unit


def snapshot(unit_ids) -> dict:
    """Each unit's row and its items' (id, estimate), to show they did not change."""
    return {
        u.pk: (
            u.seq,
            u.status,
            u.item_count,
            u.estimated_minutes,
            u.version,
            list(u.items.order_by("seq").values_list("id", "estimated_seconds")),
        )
        for u in Unit.objects.filter(pk__in=unit_ids)
    }


def assert_every_item_in_one_unit(job: Job) -> None:
    assert not Item.objects.filter(job=job, unit__isnull=True).exists()
    for unit in job.units.all():
        assert unit.item_count == unit.items.count()
    seqs = list(job.units.values_list("seq", flat=True))
    assert len(seqs) == len(set(seqs))


def test_a_job_at_twice_the_estimated_pace_has_its_open_units_re_packed(
    job,
    staff_a,
    worker_hanako,
    worker_taro,
    coordinator,
    client_for,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    hanako, taro = client_for(worker_hanako), client_for(worker_taro)
    coord, staff = client_for(coordinator), client_for(staff_a)
    accepted = accept_one_unit(hanako, coord, seconds_per_item=2 * PER_ITEM)
    reserved = claim_via_api(taro)  # held while the pace is measured
    released = claim_via_api(hanako)
    assert hanako.post(f"/api/v1/units/{released.id}/release").status_code == 200
    kept_ids = [accepted.id, reserved.id, released.id]  # open again, but it was held once
    kept = snapshot(kept_ids)
    open_before = job.units.filter(status="open").exclude(pk=released.pk)
    items_before = Item.objects.filter(unit__in=open_before).count()
    units_before = open_before.count()
    size_before = max(open_before.values_list("item_count", flat=True))

    pushed = []
    monkeypatch.setattr(
        "koma.realtime.publish.group_send", lambda group, event, **ids: pushed.append(event)
    )
    with django_capture_on_commit_callbacks(execute=True):
        calibrate_job_task(job.id)  # what the acceptance enqueued
    assert pushed == ["job.repacked"]  # after commit, to the job's group

    job.refresh_from_db()
    assert calibrated_seconds_per_item(job) == 2 * PER_ITEM
    assert job.calibrated_entries == accepted.item_count
    assert job.packed_seconds_per_item == 2 * PER_ITEM
    assert snapshot(kept_ids) == kept  # accepted, reserved and once-held units never change
    repacked = job.units.exclude(pk__in=kept_ids)
    assert repacked.filter(status="open").count() == repacked.count() > units_before
    assert Item.objects.filter(unit__in=repacked).count() == items_before
    assert set(
        Item.objects.filter(unit__in=repacked).values_list("estimated_seconds", flat=True)
    ) == {2 * PER_ITEM}
    sizes = list(repacked.values_list("item_count", flat=True))
    assert max(sizes) < size_before  # smaller in item count: about half
    assert max(sizes) == len(logic.pack_items([2 * PER_ITEM] * 100, target_s=TARGET * 60)[0])
    for unit in repacked:
        assert unit.estimated_minutes == -(-unit.item_count * 2 * PER_ITEM // 60)
        assert unit.estimated_minutes <= 120
    assert_every_item_in_one_unit(job)
    assert_counters_right(staff, job.id)

    event = AuditEvent.objects.get(verb="job.repacked", object_id=job.id)
    assert event.data["reason"] == "calibrated_pace_drift"
    assert event.data["seconds_per_item_before"] == PER_ITEM
    assert event.data["seconds_per_item_after"] == 2 * PER_ITEM
    assert event.data["units_before"] == units_before
    assert event.data["units_after"] == repacked.count()
    assert event.data["items"] == items_before
    assert staff.get(f"/api/v1/jobs/{job.id}").json()["calibrated_seconds_per_item"] == 114.0

    # Run again (a redelivered task, the next acceptance): nothing moves.
    again = snapshot(job.units.values_list("pk", flat=True))
    result = recalibrate_job(job_id=job.id)
    assert result is not None and not result.repacked
    assert snapshot(job.units.values_list("pk", flat=True)) == again
    assert AuditEvent.objects.filter(verb="job.repacked").count() == 1

    # The re-packed units are claimed like any other, with their new estimate.
    taro_unit = Unit.objects.get(pk=reserved.pk)
    key_unit(taro, taro_unit, PER_ITEM)
    assert taro.post(f"/api/v1/units/{reserved.id}/submit").status_code == 200
    nxt = claim_via_api(taro)
    assert nxt.pk == released.pk or nxt.items.first().estimated_seconds == 2 * PER_ITEM
    assert_counters_right(staff, job.id)


def test_a_pace_within_15_percent_changes_nothing(job, worker_hanako, coordinator, client_for):
    accept_one_unit(
        client_for(worker_hanako), client_for(coordinator), seconds_per_item=int(PER_ITEM * 1.14)
    )
    before = snapshot(job.units.values_list("pk", flat=True))

    result = recalibrate_job(job_id=job.id)

    job.refresh_from_db()
    assert result is not None and not result.repacked
    assert job.calibrated_seconds_per_item == int(PER_ITEM * 1.14)  # stored all the same
    assert job.packed_seconds_per_item == PER_ITEM
    assert snapshot(job.units.values_list("pk", flat=True)) == before
    assert not AuditEvent.objects.filter(verb="job.repacked").exists()


def test_below_the_minimum_sample_there_is_no_calibrated_pace(
    staff_a, worker_hanako, coordinator, client_for, settings
):
    settings.KOMA_CALIBRATION_MIN_ENTRIES = 40  # one accepted unit holds 32 entries
    job = make_job(staff_a, items=ITEMS, unit_target_minutes=TARGET)
    accept_one_unit(client_for(worker_hanako), client_for(coordinator), 2 * PER_ITEM)
    before = snapshot(job.units.values_list("pk", flat=True))

    result = recalibrate_job(job_id=job.id)

    job.refresh_from_db()
    assert result is not None and result.seconds_per_item is None and result.entries == 32
    assert calibrated_seconds_per_item(job) is None
    assert snapshot(job.units.values_list("pk", flat=True)) == before


def test_the_median_ignores_entries_without_active_time_and_outliers(
    job, worker_hanako, coordinator, client_for
):
    hanako = client_for(worker_hanako)
    unit = claim_via_api(hanako)
    ids = list(unit.items.order_by("seq").values_list("id", flat=True))
    for n, item_id in enumerate(ids):
        seconds = 0 if n < 5 else (300 if n >= len(ids) - 3 else 80)  # 5 idle, 3 outliers
        body = {"values": {"name": "山田　太郎"}, "active_seconds_delta": seconds}
        put = hanako.put(f"/api/v1/units/{unit.id}/items/{item_id}/entry", body, format="json")
        assert put.status_code == 200
    assert hanako.post(f"/api/v1/units/{unit.id}/submit").status_code == 200
    coord = client_for(coordinator)
    assert coord.post(f"/api/v1/units/{unit.id}/review/start").status_code == 200
    assert (
        coord.post(
            f"/api/v1/units/{unit.id}/review", {"decision": "accept"}, format="json"
        ).status_code
        == 200
    )

    result = recalibrate_job(job_id=job.id)

    assert result is not None
    assert (result.seconds_per_item, result.entries) == (80.0, len(ids) - 5)


def test_an_acceptance_enqueues_the_calibration_after_commit(
    job, worker_hanako, coordinator, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    from config.celery import app

    sent = []
    monkeypatch.setattr(app, "send_task", lambda name, args: sent.append((name, args)))
    hanako, coord = client_for(worker_hanako), client_for(coordinator)
    unit = claim_via_api(hanako)
    key_unit(hanako, unit, PER_ITEM)
    assert hanako.post(f"/api/v1/units/{unit.id}/submit").status_code == 200
    assert coord.post(f"/api/v1/units/{unit.id}/review/start").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = coord.post(f"/api/v1/units/{unit.id}/review", {"decision": "accept"})
    assert response.status_code == 200
    assert sent == [("jobs.calibrate_job", [job.id])]


def test_a_broker_that_is_down_does_not_fail_the_acceptance(
    job, worker_hanako, coordinator, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    from config.celery import app

    def down(name, args):
        raise ConnectionError("broker down")

    monkeypatch.setattr(app, "send_task", down)
    hanako, coord = client_for(worker_hanako), client_for(coordinator)
    unit = claim_via_api(hanako)
    key_unit(hanako, unit, PER_ITEM)
    assert hanako.post(f"/api/v1/units/{unit.id}/submit").status_code == 200
    assert coord.post(f"/api/v1/units/{unit.id}/review/start").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = coord.post(f"/api/v1/units/{unit.id}/review", {"decision": "accept"})
    assert response.status_code == 200
    assert response.json()["status"] == "accepted"


def test_a_faster_pace_re_packs_into_fewer_bigger_units_reusing_seq_numbers(
    job, staff_a, worker_hanako, coordinator, client_for
):
    accepted = accept_one_unit(
        client_for(worker_hanako), client_for(coordinator), seconds_per_item=PER_ITEM // 2
    )
    open_seqs = sorted(job.units.filter(status="open").values_list("seq", flat=True))

    result = recalibrate_job(job_id=job.id)

    assert result is not None and result.repacked
    repacked = job.units.exclude(pk=accepted.pk).order_by("seq")
    assert repacked.count() < len(open_seqs)
    # Fewer units: they take the first of the freed numbers, no number after the last.
    assert list(repacked.values_list("seq", flat=True)) == open_seqs[: repacked.count()]
    assert {u.item_count for u in repacked[: repacked.count() - 1]} == {
        len(logic.pack_items([PER_ITEM // 2] * 100, target_s=TARGET * 60)[0])
    }
    assert_every_item_in_one_unit(job)
    assert_counters_right(client_for(staff_a), job.id)


def test_the_sweep_enqueues_jobs_accepted_since_their_last_calibration(
    job, staff_a, worker_hanako, coordinator, client_for, monkeypatch
):
    from config.celery import app
    from koma.jobs.calibration import sweep_calibrations

    sent = []
    monkeypatch.setattr(app, "send_task", lambda name, args: sent.append((name, args)))
    untouched = make_job(staff_a, items=10)  # published, nothing accepted
    accept_one_unit(client_for(worker_hanako), client_for(coordinator), PER_ITEM)

    assert sweep_calibrations() == [job.id]  # the acceptance's task never ran (lost)
    assert sent == [("jobs.calibrate_job", [job.id])]
    recalibrate_job(job_id=job.id)
    assert sweep_calibrations() == []  # calibrated since its last acceptance
    assert untouched.id not in sweep_calibrations()
