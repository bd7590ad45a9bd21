"""Publishing over HTTP hands the split to the real Celery worker process."""

from __future__ import annotations

import time

import pytest

from koma.jobs.models import Item, Job
from koma.units.models import Unit
from tests.helpers import SCHEMA, csv_bytes
from tests.live.conftest import celery_control, token_login

pytestmark = [pytest.mark.live, pytest.mark.usefixtures("live_db")]

ITEMS = 2500  # about 24 units of ~105 items: more than one split batch
SPLIT_TIMEOUT = 60.0


def create_draft_job(client, *, items: int) -> int:
    """POST /jobs then POST /jobs/{id}/items/import, as a staff member's browser does."""
    response = client.post(
        "/api/v1/jobs",
        json={
            "title": "住民異動届 入力",
            "field_schema": SCHEMA,
            "deadline": "2099-12-31",
            "client_rate_yen": 60,
            "worker_rate_yen": 40,
        },
    )
    assert response.status_code == 201, response.text
    job_id = response.json()["id"]
    rows = [["ref", "name"], *[[f"R{i:05d}", f"山田{i}"] for i in range(1, items + 1)]]
    response = client.post(
        f"/api/v1/jobs/{job_id}/items/import",
        files={"file": ("items.csv", csv_bytes(rows), "text/csv")},
    )
    assert response.status_code == 201, response.text
    assert response.json()["imported"] == items
    return job_id


def wait_for_split(client, job_id: int, timeout: float = SPLIT_TIMEOUT) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        progress = client.get(f"/api/v1/jobs/{job_id}/progress")
        assert progress.status_code == 200, progress.text
        body = progress.json()
        if body["split"]["state"] in ("done", "failed") or time.monotonic() > deadline:
            return body
        time.sleep(0.2)


def split_tasks_done(inspect, node: str) -> int:
    stats = (inspect.stats() or {}).get(node)
    assert stats is not None, "the worker did not answer `inspect stats`"
    return stats.get("total", {}).get("jobs.split_job", 0)


def test_it_splits_the_published_job_in_the_worker_process(
    live_server_url, celery_worker_proc, staff_a
):
    control, inspect = celery_control(celery_worker_proc.node)
    with token_login(live_server_url, staff_a) as client:
        job_id = create_draft_job(client, items=ITEMS)
        before = split_tasks_done(inspect, celery_worker_proc.node)
        # Hold the worker's queue so "nothing split in the server" is observable, not a race.
        control.cancel_consumer("celery", destination=[celery_worker_proc.node], reply=True)
        try:
            response = client.post(f"/api/v1/jobs/{job_id}/publish")
            assert response.status_code == 202, response.text
            assert response.json()["status"] == "published"
            assert response.json()["unit_count"] == 0
            time.sleep(1.0)  # a split running in the server would have written units by now
            assert Unit.objects.filter(job_id=job_id).count() == 0
            assert Job.objects.get(pk=job_id).split_state == "pending"
        finally:
            control.add_consumer("celery", destination=[celery_worker_proc.node], reply=True)

        body = wait_for_split(client, job_id)

    assert body["split"] == {"state": "done", "done": ITEMS, "total": ITEMS}, body
    assert celery_worker_proc.alive(), celery_worker_proc.log_tail()
    assert split_tasks_done(inspect, celery_worker_proc.node) == before + 1
    units = list(Unit.objects.filter(job_id=job_id).order_by("seq"))
    assert body["unit_total"] == body["units"]["open"] == len(units) > 1
    assert body["items_total"] == ITEMS
    assert not Item.objects.filter(job_id=job_id, unit__isnull=True).exists()
    assert sum(u.item_count for u in units) == ITEMS
    assert [u.seq for u in units] == list(range(1, len(units) + 1))
    for unit in units:
        assert unit.item_count == unit.items.count()
        assert unit.estimated_minutes <= 120
    # Items keep their order across units.
    refs = list(
        Item.objects.filter(job_id=job_id)
        .order_by("unit__seq", "seq")
        .values_list("ref", flat=True)
    )
    assert refs == [f"R{i:05d}" for i in range(1, ITEMS + 1)]
