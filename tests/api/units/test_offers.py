"""Offers: open units go first to the workers in a window with the fewest hours this week
(docs/architecture.md A26), through the real services and API with the clock fixed in Japan.

The offer round is the Celery task's service (`offer_open_units`, `sweep_offers`), called
directly here; tests/live/test_offers_live.py runs it in the real worker process.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from koma.units.models import Offer
from tests.conftest import _user
from tests.helpers import fill_and_submit, make_job

pytestmark = pytest.mark.django_db

MONDAY = datetime.fromisoformat("2026-11-30T09:00:00+09:00")
TUESDAY = datetime.fromisoformat("2026-12-01T09:00:00+09:00")
NOW = datetime.fromisoformat("2026-12-02T10:00:00+09:00")  # a Wednesday, in every window


@pytest.fixture
def world(settings, staff_a, coordinator):
    settings.KOMA_FIXED_NOW = NOW
    settings.KOMA_CLAIM_RATE_LIMIT = 1000
    settings.KOMA_OFFER_SECONDS = 180
    return {"staff": staff_a, "coordinator": coordinator, "settings": settings}


def _worker(name: str, operator, *, weekdays=range(7), start=8 * 60, end=20 * 60):
    from koma.workforce.availability import Schedule, replace_availability

    user = _user(name, operator, "worker")
    user.worker_profile.daily_cap_units = 20
    user.worker_profile.save()
    schedule = Schedule(weekly={d: [(start, end)] for d in weekdays})
    replace_availability(worker=user, schedule=schedule, today=date(2026, 11, 29))
    return user


def _job_of(staff, minutes: list[int], **kw):
    """A published, split job whose units have these estimates (one item each)."""
    from koma.jobs.services import publish_job, split_job

    job = make_job(staff, items=len(minutes), publish=False, **kw)
    for item, m in zip(job.items.order_by("seq"), minutes, strict=True):
        item.estimated_seconds = m * 60
        item.save(update_fields=["estimated_seconds"])
    publish_job(job=job, by=staff)
    split_job(job_id=job.pk)
    assert job.units.count() == len(minutes)
    return job


def _accepted_hours(world, worker, hours: int, at: datetime) -> None:
    """`hours` of accepted work this week, through claim, keying, submit and review."""
    from koma.quality.services import review_unit, start_review
    from koma.units.services import claim_unit

    chunks = [120] * (hours // 2) + ([60] if hours % 2 else [])
    job = _job_of(world["staff"], chunks)
    for unit in job.units.order_by("seq"):
        claimed, _ = claim_unit(worker=worker, now=at, unit_id=unit.pk)
        submitted = fill_and_submit(claimed, worker)
        reviewing = start_review(unit=submitted, reviewer=world["coordinator"], now=at)
        review_unit(unit=reviewing, reviewer=world["coordinator"], decision="accept", now=at)
        at += timedelta(minutes=1)


@pytest.fixture
def crowd(world, operator, staff_a):
    """Seven workers: hours this week 8, 5, 2, 0 (claimed Tuesday), 0 (claimed Monday),
    0 (never claimed), and one with no window now."""
    w = {
        "a8": _worker("a8", operator),
        "b5": _worker("b5", operator),
        "c2": _worker("c2", operator),
        "d0_tue": _worker("d0_tue", operator),
        "f0_mon": _worker("f0_mon", operator),
        "e0_never": _worker("e0_never", operator),
        "g_away": _worker("g_away", operator, weekdays=[3]),  # Thursdays only
    }
    _accepted_hours(world, w["a8"], 8, MONDAY)
    _accepted_hours(world, w["b5"], 5, MONDAY)
    _accepted_hours(world, w["c2"], 2, MONDAY)
    # Two workers with 0 hours who claimed and released: the one who claimed longer ago first.
    scratch = _job_of(staff_a, [30])
    from koma.units.services import claim_unit, release_unit

    for name, at in (("f0_mon", MONDAY), ("d0_tue", TUESDAY)):
        unit, _ = claim_unit(worker=w[name], now=at, unit_id=scratch.units.get().pk)
        release_unit(unit=unit, worker=w[name])
    from koma.jobs.models import Job

    Job.objects.filter(pk=scratch.pk).update(status=Job.Status.CANCELLED)  # out of the way
    return w


FAIRNESS = ["e0_never", "f0_mon", "d0_tue", "c2", "b5", "a8"]


def _round(**kw):
    from koma.core import clock
    from koma.units.offers import offer_open_units

    return offer_open_units(now=clock.now(), **kw)


def test_publish_offers_units_in_fairness_order(world, crowd, client_for):
    from koma.workforce.today import worker_today

    hours = {n: worker_today(worker=crowd[n], now=NOW)["week_accepted_hours"] for n in crowd}
    assert hours == {
        "a8": 8,
        "b5": 5,
        "c2": 2,
        "d0_tue": 0,
        "f0_mon": 0,
        "e0_never": 0,
        "g_away": 0,
    }
    job = _job_of(world["staff"], [100] * 7)
    made = _round(job_id=job.pk)
    units = list(job.units.order_by("seq").values_list("pk", flat=True))
    offered = {o.unit_id: o.worker_id for o in Offer.objects.filter(state="pending")}
    assert [offered.get(u) for u in units] == [crowd[n].pk for n in FAIRNESS] + [None]
    assert len(made) == 6  # g_away is outside her window; one offer per worker
    # Each worker sees her own offer, expiring after KOMA_OFFER_SECONDS.
    body = client_for(crowd["e0_never"]).get("/api/v1/units/offer").json()
    assert body["unit_id"] == units[0]
    assert body["job_id"] == job.pk
    assert body["estimated_minutes"] == 100
    assert datetime.fromisoformat(body["expires_at"]) == NOW + timedelta(seconds=180)
    assert client_for(crowd["g_away"]).get("/api/v1/units/offer").status_code == 204
    # A second round changes nothing: every free worker already has an offer.
    assert _round(job_id=job.pk) == []


def test_an_offer_reserves_the_unit_and_passes_on_expiry_and_decline(world, crowd, client_for):
    from koma.units.offers import sweep_offers

    job = _job_of(world["staff"], [100])
    unit = job.units.get()
    _round(job_id=job.pk)
    first = Offer.objects.get(state="pending")
    assert first.worker_id == crowd["e0_never"].pk
    # Not claimable by others while the offer is pending: not listed, not claimable by id
    # and not by "next".
    other = client_for(crowd["f0_mon"])
    assert unit.pk not in [u["id"] for u in other.get("/api/v1/units/available").json()["results"]]
    assert other.post(f"/api/v1/units/{unit.pk}/claim").status_code == 409
    assert other.post("/api/v1/units/claim").json()["code"] == "no_unit_available"
    # The time runs out: the beat passes it to the next worker in order.
    world["settings"].KOMA_FIXED_NOW = NOW + timedelta(seconds=181)
    sweep_offers(now=NOW + timedelta(seconds=181))
    first.refresh_from_db()
    assert first.state == "passed"
    second = Offer.objects.get(state="pending")
    assert second.worker_id == crowd["f0_mon"].pk
    assert client_for(crowd["e0_never"]).get("/api/v1/units/offer").status_code == 204
    # She declines: it goes on at once to the next one.
    assert other.post("/api/v1/units/offer/decline").status_code == 204
    third = Offer.objects.get(state="pending")
    assert third.worker_id == crowd["d0_tue"].pk
    assert other.post("/api/v1/units/offer/decline").json()["code"] == "offer_not_found"
    # The offered worker's claim without an id takes it.
    response = client_for(crowd["d0_tue"]).post("/api/v1/units/claim")
    assert response.status_code == 201, response.json()
    assert response.json()["id"] == unit.pk
    third.refresh_from_db()
    assert third.state == "taken"
    # Released: offered again, but not to whoever let it pass within the cool-down.
    assert client_for(crowd["d0_tue"]).post(f"/api/v1/units/{unit.pk}/release").status_code == 200
    _round(unit_ids=[unit.pk])
    again = Offer.objects.get(state="pending")
    # e0 let it pass, f0 declined it, d0 released it: none of them within the cool-down.
    assert again.worker_id == crowd["c2"].pk


def test_claim_without_an_id_takes_the_offer_before_claim_order(world, crowd, client_for):
    later = _job_of(world["staff"], [100])
    _round(job_id=later.pk)
    offer = Offer.objects.get(state="pending", worker=crowd["e0_never"])
    # A more urgent job is published after the round: first in claim order, offered to no one.
    from koma.jobs.models import Job

    urgent = _job_of(world["staff"], [100])
    Job.objects.filter(pk=urgent.pk).update(priority=9)
    urgent.units.update(priority=9)
    response = client_for(crowd["e0_never"]).post("/api/v1/units/claim")
    assert response.status_code == 201
    assert response.json()["id"] == offer.unit_id
    # Without an offer, the same claim takes claim order: the urgent unit.
    response = client_for(crowd["f0_mon"]).post("/api/v1/units/claim")
    assert response.json()["id"] == urgent.units.get().pk


def test_the_offer_endpoint_reads_a_fixed_number_of_queries(
    world, crowd, client_for, django_assert_num_queries
):
    job = _job_of(world["staff"], [100])
    _round(job_id=job.pk)
    client = client_for(crowd["e0_never"])
    # the session, the user with its roles; the offer with its unit and job
    with django_assert_num_queries(3):
        assert client.get("/api/v1/units/offer").status_code == 200
    away = client_for(crowd["g_away"])
    with django_assert_num_queries(3):
        assert away.get("/api/v1/units/offer").status_code == 204


def test_a_team_jobs_units_are_offered_to_its_members_only(world, crowd, client_for):
    job = _job_of(world["staff"], [100, 100])
    team = {"members": [{"worker_id": crowd["c2"].pk}, {"worker_id": crowd["a8"].pk}]}
    response = client_for(world["coordinator"]).put(
        f"/api/v1/jobs/{job.pk}/team", team, format="json"
    )
    assert response.status_code == 200, response.json()
    _round(job_id=job.pk)
    offered = list(
        Offer.objects.filter(state="pending")
        .order_by("unit_id")
        .values_list("worker_id", flat=True)
    )
    # The fewest hours among the members first; e0, f0 and d0 are not on the team.
    assert offered == [crowd["c2"].pk, crowd["a8"].pk]
