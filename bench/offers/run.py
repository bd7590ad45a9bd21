"""Offers per second: `offer_open_units` rounds over open units and workers in windows.

Standalone (no pytest): starts its own embedded PostgreSQL and Valkey in a temporary folder,
migrates, bulk-creates a published job of --units open units and --workers workers with a
window around the clock (and a week of claims and accepted work, so the fairness order has
something to sort), then runs offer rounds as the Celery task and beat do:

* round 1: every worker is free, one offer each;
* rounds 2..n: the clock moves past KOMA_OFFER_SECONDS, so each round first passes on the
  expired offers and then offers units again: the passed units come first in claim order and
  go to the next workers (the cool-down keeps each off a unit she let pass).

Prints offers made per second (with the `unit.offered` pushes to Valkey included) and the
time of the claim's pick (`claimable_units(...).first()`) with the pending offers excluded.

    .venv/bin/python bench/offers/run.py [--units 1000] [--workers 200] [--rounds 10]
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO / "backend"), str(REPO / "worker")]


def configure_django(folder: Path, pg_url: str, redis_url: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=pg_url,
        REDIS_URL=redis_url,
        KOMA_DATA_DIR=str(folder / "data"),
        KOMA_CHANNEL_PREFIX="komabench",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        KOMA_LOG_LEVEL="ERROR",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_world(units: int, workers: int, now):
    from django.db import transaction

    from koma.accounts.models import Membership, Organization, User
    from koma.jobs.models import Job
    from koma.units.models import Claim, Unit
    from koma.workforce.models import WeeklyWindow, WorkerProfile

    with transaction.atomic():
        operator = Organization.objects.create(name="Koma運営", kind="operator")
        city = Organization.objects.create(name="郡山市", kind="municipality", lg_code="072036")
        staff = User.objects.create(username="bench_staff")
        Membership.objects.create(user=staff, organization=city, role="staff")
        job = Job.objects.create(
            municipality=city,
            created_by=staff,
            title="bench",
            field_schema=[{"name": "memo", "label": "メモ", "kind": "text", "required": False}],
            deadline=date.today() + timedelta(days=30),
            client_rate_yen=60,
            worker_rate_yen=40,
            status=Job.Status.PUBLISHED,
            split_state=Job.SplitState.DONE,
        )
        Unit.objects.bulk_create(
            [
                Unit(job=job, seq=i, item_count=1, estimated_minutes=30, deadline=job.deadline)
                for i in range(1, units + 1)
            ],
            batch_size=5000,
        )
        people = User.objects.bulk_create(
            [User(username=f"bench{i:03d}", password="!") for i in range(workers)]
        )
        Membership.objects.bulk_create(
            [Membership(user=w, organization=operator, role="worker") for w in people]
        )
        WorkerProfile.objects.bulk_create(
            [WorkerProfile(user=w, level=1, daily_cap_units=1000) for w in people]
        )
        WeeklyWindow.objects.bulk_create(
            [
                WeeklyWindow(worker=w, weekday=d, start_minute=0, end_minute=1440)
                for w in people
                for d in range(7)
            ]
        )
        # Some history this week: claims at different times (the tie-break reads them).
        Claim.objects.bulk_create(
            [
                Claim(worker=w, claimed_at=now - timedelta(hours=i % 48), estimated_minutes=30)
                for i, w in enumerate(people)
                if i % 3
            ]
        )
    return job


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()

    from devstack.services import start_postgres, start_valkey

    folder = Path(tempfile.mkdtemp(prefix="koma-bench-offers-"))
    pg = start_postgres(folder)
    valkey = None
    try:
        valkey = start_valkey(folder)
        configure_django(folder, pg.url, valkey.url)
        from django.conf import settings
        from django.utils import timezone

        from koma.units.models import Offer
        from koma.units.offers import offer_open_units
        from koma.units.selectors import claimable_units

        now = timezone.now()
        job = make_world(args.units, args.workers, now)
        print(
            f"offers bench: {args.units} open units, {args.workers} workers in a window, "
            f"KOMA_OFFER_SECONDS={settings.KOMA_OFFER_SECONDS}"
        )
        made_total = 0
        spent = 0.0
        per_round = []
        for r in range(args.rounds):
            at = now + timedelta(seconds=r * (settings.KOMA_OFFER_SECONDS + 1))
            started = time.perf_counter()
            made = offer_open_units(now=at)
            took = time.perf_counter() - started
            spent += took
            made_total += len(made)
            per_round.append((len(made), took))
            print(f"  round {r + 1}: {len(made):4d} offers in {took * 1000:7.1f} ms")
            if not made:
                break
        offered_units = Offer.objects.values("unit_id").distinct().count()
        print(
            f"offers made: {made_total} in {spent:.2f} s = {made_total / spent:,.0f} offers/s "
            f"({offered_units} of {args.units} units offered at least once)"
        )
        # The claim's pick with the last round's pending offers excluded.
        from koma.accounts.models import User

        worker = User.objects.filter(username="bench000").get()
        at = now + timedelta(seconds=(len(per_round) - 1) * (settings.KOMA_OFFER_SECONDS + 1))
        timings = []
        for _ in range(50):
            started = time.perf_counter()
            claimable_units(worker=worker, now=at).first()
            timings.append(time.perf_counter() - started)
        pending = Offer.objects.filter(state="pending").count()
        if os.environ.get("BENCH_EXPLAIN"):  # the pick's plan: hashed NOT IN over pending offers
            qs = claimable_units(worker=worker, now=at)
            print(qs[:1].explain(analyze=True))
        print(
            f"claim pick with {pending} pending offers: median "
            f"{statistics.median(timings) * 1000:.2f} ms over 50 (profile, caps, budget, pick)"
        )
        del job
    finally:
        if valkey is not None:
            valkey.stop()
        pg.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
