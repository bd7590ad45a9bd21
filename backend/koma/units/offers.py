"""Offers: an open unit is reserved for one worker at a time, fewest hours first (docs/architecture.md A26).

When units open (publish, release, reject, lease expiry) `offer_open_units` runs after
commit (Celery, enqueued by name) and every 20 seconds from beat
(`sweep_offers`), which first passes on the offers that expired. Each open unit, in claim
order, goes to the first eligible worker in fairness order:

- eligible: a WorkerProfile with level ≥ the unit's, in a window now (`Schedule.current_window`)
  with the unit's estimate fitting the minutes left in it, no unit held, no pending offer,
  the caps' minutes left for the estimate (`claim_budget`), not excluded from the unit, on
  the job's team if it has one, and not the one who let this unit pass within
  KOMA_OFFER_COOLDOWN_SECONDS;
- fairness order: fewest accepted minutes this Japanese week (Monday 00:00), then longest
  since the last claim (never claimed first), then user id.

One offer per worker at a time. A pending offer reserves its unit for KOMA_OFFER_SECONDS:
`claimable_units` leaves it out for everyone else (`offered_to_others`), and a claim without
an id takes it first. Rounds are serialised by a transaction-scoped advisory lock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet

from config.celery import app as celery_app
from koma.accounts.models import User
from koma.core.clock import TOKYO
from koma.core.errors import NotFound
from koma.realtime.publish import publish_many_on_commit, user_group
from koma.units.models import Claim, Offer, Unit

OFFER_TASK = "units.offer_open_units"  # the worker's task name; enqueued by name
OFFER_LOCK = (7002, 0)  # advisory-lock key: one offer round at a time
NEVER = datetime.min.replace(tzinfo=None)


def offered_to_others(*, worker: User, now: datetime) -> QuerySet[Offer, Any]:
    """Ids of units under a live offer to someone else (a subquery on the pending index)."""
    return (
        Offer.objects.filter(state=Offer.State.PENDING, expires_at__gt=now)
        .exclude(worker=worker)
        .values("unit_id")
    )


def pending_offer_for(*, worker: User, now: datetime) -> Offer | None:
    """The worker's live offer, with its unit and job, or None."""
    return (
        Offer.objects.filter(worker=worker, state=Offer.State.PENDING, expires_at__gt=now)
        .select_related("unit__job")
        .defer("unit__job__field_schema", "unit__job__instructions")
        .first()
    )


def offered_first(candidates: QuerySet[Unit], *, worker: User, now: datetime) -> Unit | None:
    """The unit offered to `worker`, if it is among `candidates` (a claim takes it first)."""
    mine = Offer.objects.filter(worker=worker, state=Offer.State.PENDING, expires_at__gt=now)
    return candidates.filter(pk__in=mine.values("unit_id")).first()


def enqueue_offers_on_commit(
    *, unit_ids: list[int] | None = None, job_id: int | None = None
) -> None:
    kwargs: dict[str, Any] = {"unit_ids": unit_ids, "job_id": job_id}
    transaction.on_commit(lambda: celery_app.send_task(OFFER_TASK, kwargs=kwargs))


def settle_offers_on_claim(*, unit: Unit, worker: User, now: datetime) -> None:
    """A claim ends the offers it touches: the worker's offer of this unit is taken; any other
    pending offer of this unit or to this worker is passed (its unit offered on)."""
    pending = Offer.objects.filter(state=Offer.State.PENDING).filter(
        Q(unit=unit) | Q(worker=worker)
    )
    rows = list(pending.values_list("id", "unit_id", "worker_id"))
    if not rows:
        return
    taken = [i for i, u, w in rows if u == unit.pk and w == worker.pk]
    passed = [i for i, u, w in rows if i not in taken]
    if taken:
        Offer.objects.filter(pk__in=taken).update(state=Offer.State.TAKEN, settled_at=now)
    if passed:
        Offer.objects.filter(pk__in=passed).update(state=Offer.State.PASSED, settled_at=now)
        others = sorted({u for i, u, w in rows if i in passed and u != unit.pk})
        if others:
            enqueue_offers_on_commit(unit_ids=others)


def _pass_expired(now: datetime) -> list[int]:
    """Mark the offers whose time is up as passed; tell each worker. Returns their units."""
    expired = list(
        Offer.objects.select_for_update(skip_locked=True)
        .filter(state=Offer.State.PENDING, expires_at__lte=now)
        .values_list("id", "unit_id", "worker_id")
    )
    if expired:
        Offer.objects.filter(pk__in=[i for i, _, _ in expired]).update(
            state=Offer.State.PASSED, settled_at=now
        )
    publish_many_on_commit(
        [
            (user_group(w), "unit.offer_expired", {"offer_id": i, "unit_id": u})
            for i, u, w in expired
        ]
    )
    return [u for _, u, _ in expired]


@dataclass
class _Candidate:
    user_id: int
    level: int
    claims_left: int
    minutes_left: int  # the smaller of the caps' minutes left and the window's
    accepted_minutes: int
    last_claim: datetime | None
    jobs: set[int]

    def order(self) -> tuple[int, datetime, int]:
        # Never claimed sorts before any claim; longest since the last claim next.
        last = self.last_claim.replace(tzinfo=None) if self.last_claim else NEVER
        return (self.accepted_minutes, last, self.user_id)


def _worker_pool(now: datetime) -> list[_Candidate]:
    """Every worker who may take an offer now, in fairness order."""
    from koma.units.selectors import claim_budgets
    from koma.workforce.availability import schedules_for
    from koma.workforce.models import TeamMember, WorkerProfile
    from koma.workforce.today import accepted_minutes_between, tokyo_week_start

    holding = Unit.objects.filter(holder=OuterRef("user_id"), status=Unit.Status.RESERVED)
    offered = Offer.objects.filter(worker=OuterRef("user_id"), state=Offer.State.PENDING)
    profiles = list(
        WorkerProfile.objects.filter(user__is_active=True)
        .exclude(Exists(holding))
        .exclude(Exists(offered))
        .only("user_id", "level", "daily_cap_units", "daily_cap_minutes", "weekly_cap_minutes")
    )
    if not profiles:
        return []
    schedules = schedules_for([p.user_id for p in profiles], around=now.astimezone(TOKYO).date())
    windows = {uid: s.current_window(now) for uid, s in schedules.items()}
    profiles = [p for p in profiles if windows[p.user_id] is not None]
    if not profiles:
        return []
    ids = [p.user_id for p in profiles]
    budgets = claim_budgets(profiles=profiles, now=now)
    week = tokyo_week_start(now)
    accepted = accepted_minutes_between(ids, week, week + timedelta(days=7))
    last = dict(
        Claim.objects.filter(worker_id__in=ids)
        .values("worker_id")
        .annotate(last=Max("claimed_at"))
        .values_list("worker_id", "last")
    )
    teams: dict[int, set[int]] = {uid: set() for uid in ids}
    for uid, job_id in TeamMember.objects.filter(worker_id__in=ids).values_list(
        "worker_id", "job_id"
    ):
        teams[uid].add(job_id)
    pool = []
    for p in profiles:
        budget = budgets[p.user_id]
        window = windows[p.user_id]
        assert window is not None
        left = min(budget.minutes_left, window.minutes_left(now))
        if budget.claims_left <= 0 or left <= 0:
            continue
        pool.append(
            _Candidate(
                user_id=p.user_id,
                level=p.level,
                claims_left=budget.claims_left,
                minutes_left=left,
                accepted_minutes=accepted.get(p.user_id, 0),
                last_claim=last.get(p.user_id),
                jobs=teams[p.user_id],
            )
        )
    pool.sort(key=_Candidate.order)
    return pool


def offer_open_units(
    *, now: datetime, unit_ids: list[int] | None = None, job_id: int | None = None
) -> list[Offer]:
    """One offer round: pass on expired offers, then offer open units (all, or those given,
    plus the units whose offers just expired) to eligible workers. Safe to run twice."""
    from koma.units.selectors import CLAIMABLE_JOB_STATES
    from koma.workforce.models import TeamMember

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", list(OFFER_LOCK))
        expired_units = _pass_expired(now)
        pool = _worker_pool(now)
        if not pool:
            return []
        units = Unit.objects.filter(
            status=Unit.Status.OPEN, job__status__in=CLAIMABLE_JOB_STATES
        ).exclude(pk__in=Offer.objects.filter(state=Offer.State.PENDING).values("unit_id"))
        if unit_ids is not None or job_id is not None:
            scope = Q(pk__in=list(unit_ids or []) + expired_units)
            if job_id is not None:
                scope |= Q(job_id=job_id)
            units = units.filter(scope)
        rows = list(
            units.order_by("deadline", "-priority", "id").values(
                "id",
                "job_id",
                "job__title",
                "estimated_minutes",
                "required_level",
                "excluded_worker_ids",
            )[: settings.KOMA_OFFER_SCAN_UNITS]
        )
        if not rows:
            return []
        unit_pks = [r["id"] for r in rows]
        team_jobs = set(
            TeamMember.objects.filter(job_id__in={r["job_id"] for r in rows}).values_list(
                "job_id", flat=True
            )
        )
        # Who let the unit go lately: an offer passed or declined, or a claim of it (released,
        # or its lease expired) within the cool-down.
        since = now - timedelta(seconds=settings.KOMA_OFFER_COOLDOWN_SECONDS)
        cooldown = set(
            Offer.objects.filter(
                unit_id__in=unit_pks,
                state__in=(Offer.State.PASSED, Offer.State.DECLINED),
                settled_at__gt=since,
            ).values_list("unit_id", "worker_id")
        ) | set(
            Claim.objects.filter(unit_id__in=unit_pks, claimed_at__gt=since).values_list(
                "unit_id", "worker_id"
            )
        )
        made: list[Offer] = []
        expires = now + timedelta(seconds=settings.KOMA_OFFER_SECONDS)
        for row in rows:
            if not pool:
                break
            chosen = next((c for c in pool if _fits(c, row, team_jobs, cooldown)), None)
            if chosen is None:
                continue
            pool.remove(chosen)  # one offer per worker at a time
            made.append(
                Offer(
                    unit_id=row["id"],
                    worker_id=chosen.user_id,
                    offered_at=now,
                    expires_at=expires,
                )
            )
        Offer.objects.bulk_create(made)
        by_id = {r["id"]: r for r in rows}
        publish_many_on_commit(
            [
                (
                    user_group(offer.worker_id),
                    "unit.offered",
                    {
                        "offer_id": offer.pk,
                        "unit_id": offer.unit_id,
                        "job_id": by_id[offer.unit_id]["job_id"],
                        "job_title": by_id[offer.unit_id]["job__title"],
                        "estimated_minutes": by_id[offer.unit_id]["estimated_minutes"],
                        "expires_at": offer.expires_at.isoformat(),
                    },
                )
                for offer in made
            ]
        )
        return made


def _fits(c: _Candidate, row: Mapping[str, Any], team_jobs: set[int], cooldown: set) -> bool:
    return (
        c.level >= row["required_level"]
        and row["estimated_minutes"] <= c.minutes_left
        and c.user_id not in row["excluded_worker_ids"]
        and (row["job_id"] not in team_jobs or row["job_id"] in c.jobs)
        and (row["id"], c.user_id) not in cooldown
    )


def sweep_offers(*, now: datetime) -> int:
    """The beat round: pass on expired offers, offer every open unit that has none."""
    return len(offer_open_units(now=now))


@transaction.atomic
def decline_offer(*, worker: User, now: datetime) -> Offer:
    """The worker says no: her offer is declined and its unit offered to the next one now."""
    offer = (
        Offer.objects.select_for_update()
        .filter(worker=worker, state=Offer.State.PENDING, expires_at__gt=now)
        .first()
    )
    if offer is None:
        raise NotFound("offer_not_found")
    offer.state = Offer.State.DECLINED
    offer.settled_at = now
    offer.save(update_fields=["state", "settled_at"])
    offer_open_units(now=now, unit_ids=[offer.unit_id])
    return offer
