"""32 real HTTP clients claim from one pool at once, through uvicorn with two processes."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field

import pytest

from koma.audit.models import AuditEvent
from koma.units.models import Unit
from koma.workforce.models import WorkerProfile
from tests.helpers import always_available, password_for
from tests.live.conftest import (
    http_client,
    live_env,
    make_live_job,
    start_uvicorn,
    token_for,
)

pytestmark = [pytest.mark.live, pytest.mark.usefixtures("live_db")]

CLIENTS = 32
UNITS = 100
MEMO_SCHEMA = [{"name": "memo", "label": "メモ", "kind": "text", "required": False}]
# A unit is packed near 100 minutes (koma.jobs.logic.TARGET_UNIT_SECONDS): items estimated
# at 6000 s each make one-item units, so N items give N units.
ONE_ITEM_A_UNIT_SECONDS = 6000
MAX_LOOPS = UNITS + 10  # a client never claims more than the pool holds


@dataclass
class ClientLog:
    worker_id: int
    claimed: list[int] = field(default_factory=list)
    statuses: list[tuple[str, int]] = field(default_factory=list)
    other_answers: list[tuple[str, int, str]] = field(default_factory=list)
    failure: BaseException | None = None


def _crowd(operator, count: int):
    from koma.accounts.services import create_user

    workers = [
        create_user(
            username=f"crowd{i:02d}",
            password=password_for(f"crowd{i:02d}"),
            organization=operator,
            role="worker",
            display_name=f"crowd{i:02d}",
        )
        for i in range(count)
    ]
    # The default daily cap (4) could stop a fast client before the pool is empty.
    WorkerProfile.objects.filter(user__in=workers).update(daily_cap_units=10_000)
    for w in workers:
        always_available(w)
    return [(w, token_for(w)) for w in workers]


def _run_together(count: int, body) -> None:
    """Start ``count`` threads that wait on one barrier, then run ``body(index)`` at once."""
    barrier = threading.Barrier(count, timeout=60)

    def run(index: int) -> None:
        barrier.wait()
        body(index)

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)
    assert not any(t.is_alive() for t in threads), "a client did not finish"


def test_it_hands_every_unit_to_exactly_one_of_32_concurrent_clients(
    live_server_url, staff_a, operator
):
    job = make_live_job(
        staff_a, items=UNITS, schema=MEMO_SCHEMA, item_seconds=ONE_ITEM_A_UNIT_SECONDS
    )
    unit_ids = set(job.units.values_list("id", flat=True))
    assert len(unit_ids) == UNITS
    crowd = _crowd(operator, CLIENTS)
    logs = [ClientLog(worker_id=w.pk) for w, _ in crowd]

    def claim_until_empty(index: int) -> None:
        log = logs[index]
        headers = {"Authorization": f"Token {crowd[index][1]}"}
        try:
            with http_client(live_server_url, headers=headers) as client:
                for _ in range(MAX_LOOPS):
                    response = client.post("/api/v1/units/claim")
                    log.statuses.append(("claim", response.status_code))
                    if response.status_code == 409:
                        code = response.json()["code"]
                        if code != "no_unit_available":
                            log.other_answers.append(("claim", 409, code))
                        return
                    if response.status_code != 201:
                        log.other_answers.append(("claim", response.status_code, response.text))
                        return
                    unit_id = response.json()["id"]
                    log.claimed.append(unit_id)
                    response = client.post(f"/api/v1/units/{unit_id}/submit")
                    log.statuses.append(("submit", response.status_code))
                    if response.status_code != 200:
                        log.other_answers.append(("submit", response.status_code, response.text))
                        return
        except BaseException as exc:  # reported below, with the client that saw it
            log.failure = exc

    _run_together(CLIENTS, claim_until_empty)

    assert [(log.worker_id, log.failure) for log in logs if log.failure] == []
    assert [(log.worker_id, log.other_answers) for log in logs if log.other_answers] == []
    statuses = Counter(status for log in logs for _, status in log.statuses)
    assert set(statuses) <= {200, 201, 409}, statuses
    assert not any(status >= 500 for status in statuses)
    claims = Counter(unit_id for log in logs for unit_id in log.claimed)
    assert [u for u, n in claims.items() if n > 1] == []  # no unit went to two clients
    assert set(claims) == unit_ids  # every unit was claimed, exactly once
    assert sum(claims.values()) == len(unit_ids) == statuses[201]
    assert statuses[409] == CLIENTS  # each client stopped on an empty pool, once
    holder_of = dict(Unit.objects.filter(job=job).values_list("id", "holder_id"))
    claimed_by = {unit_id: log.worker_id for log in logs for unit_id in log.claimed}
    assert holder_of == claimed_by
    assert set(Unit.objects.filter(job=job).values_list("status", flat=True)) == {"submitted"}
    audit = Counter(
        AuditEvent.objects.filter(
            verb="unit.claimed", object_type="unit", object_id__in=unit_ids
        ).values_list("object_id", flat=True)
    )
    assert audit == Counter(dict.fromkeys(unit_ids, 1))
    claimed_events = AuditEvent.objects.filter(verb="unit.claimed", object_id__in=unit_ids)
    assert {(e.object_id, e.actor_id) for e in claimed_events} == set(claimed_by.items())


def test_only_one_of_32_clients_gets_the_same_unit(live_server_url, staff_a, operator):
    job = make_live_job(staff_a, items=3, schema=MEMO_SCHEMA, item_seconds=ONE_ITEM_A_UNIT_SECONDS)
    target = job.units.order_by("seq").first()
    crowd = _crowd(operator, CLIENTS)
    answers: list[tuple[int, int, str] | None] = [None] * CLIENTS

    def claim_the_same(index: int) -> None:
        worker, token = crowd[index]
        with http_client(live_server_url, headers={"Authorization": f"Token {token}"}) as client:
            response = client.post(f"/api/v1/units/{target.pk}/claim")
        code = response.json().get("code", "") if response.status_code == 409 else ""
        answers[index] = (worker.pk, response.status_code, code)

    _run_together(CLIENTS, claim_the_same)

    assert None not in answers
    statuses = Counter((status, code) for _, status, code in answers)
    assert statuses == {(201, ""): 1, (409, "unit_not_open"): CLIENTS - 1}
    winner = next(worker_id for worker_id, status, _ in answers if status == 201)
    target.refresh_from_db()
    assert (target.status, target.holder_id) == ("reserved", winner)
    assert AuditEvent.objects.filter(verb="unit.claimed", object_id=target.pk).count() == 1
    # The other units of the job were not touched by the refused claims.
    assert set(job.units.exclude(pk=target.pk).values_list("status", flat=True)) == {"open"}


def test_a_double_tap_gets_one_unit(live_server_url, staff_a, operator):
    """One worker's phone fires 8 claims at once: all answer with the same unit."""
    job = make_live_job(staff_a, items=20, schema=MEMO_SCHEMA, item_seconds=ONE_ITEM_A_UNIT_SECONDS)
    [(worker, token)] = _crowd(operator, 1)
    answers: list[tuple[int, int] | None] = [None] * 8

    def tap(index: int) -> None:
        with http_client(live_server_url, headers={"Authorization": f"Token {token}"}) as client:
            response = client.post("/api/v1/units/claim")
        answers[index] = (response.status_code, response.json()["id"])

    _run_together(8, tap)

    assert sorted(status for status, _ in answers) == [200] * 7 + [201]
    assert len({unit_id for _, unit_id in answers}) == 1
    assert Unit.objects.filter(job=job, holder=worker).count() == 1


def test_connections_stay_within_the_pool(live_dir, operator):
    """Under ASGI each request runs in its own thread; the pool, not the thread count,
    must bound the server's connections (persistent per-thread ones piled up to 99)."""
    from django.db import connection

    def other_connections() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return cursor.fetchone()[0]

    crowd = _crowd(operator, 16)
    env = live_env(live_dir)
    env["KOMA_DB_POOL_MAX"] = "4"
    # Other live processes (the session's server and worker) keep pooled connections too.
    before = other_connections()
    server, url = start_uvicorn(env, live_dir / "uvicorn-default.log", workers=1)
    try:

        def ten_requests(index: int) -> None:
            headers = {"Authorization": f"Token {crowd[index][1]}"}
            with http_client(url, headers=headers) as client:
                for _ in range(10):
                    assert client.get("/api/v1/units/mine").status_code == 200

        _run_together(len(crowd), ten_requests)
        server_connections = other_connections() - before
    finally:
        server.stop()
    assert server_connections <= 4, f"{server_connections} connections after 160 requests"
