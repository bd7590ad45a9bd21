"""Re-pack time: a job of 10,000 open units re-packed to a calibrated pace twice the estimate.

Standalone (no pytest): starts its own embedded PostgreSQL and Valkey in a temporary folder
(the helpers of bench/claim/run.py), migrates, writes one job in progress with ``--units``
never-claimed open units of ``--per-unit`` items (bulk insert + COPY; each item estimated at
6000 / per-unit seconds, so a unit is the 100-minute target) plus one accepted unit whose
holder's entries record twice the estimate, then times ``koma.jobs.calibration.recalibrate_job``
(the whole transaction the ``jobs.calibrate_job`` task runs: median, drift check, lock, delete,
insert, item reassignment, audit, commit), checks the counters against a fresh count, and times
a second call (nothing to do: the cost an acceptance pays when the pace has not drifted).

    .venv/bin/python bench/repack/run.py [--units 10000] [--per-unit 20] [--repeat 3]
                                         [--statements] [--keep]

--statements prints the time of each SQL statement of the re-pack and of its commit. Each
repeat writes a fresh job (the re-pack of one job is done once). Everything it started
is stopped at the end, also on Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib.util
import io
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "backend"), str(REPO / "worker")]

ACCEPTED_ITEMS = 40  # entries of the accepted unit: above KOMA_CALIBRATION_MIN_ENTRIES (20)


def _claim_bench():
    spec = importlib.util.spec_from_file_location("claim_bench", REPO / "bench/claim/run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["claim_bench"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


claim_bench = _claim_bench()


def make_job(*, units: int, per_unit: int, title: str) -> tuple[int, int]:
    """A job in progress: ``units`` open units of ``per_unit`` items and one accepted unit.

    Returns (job id, items in open units). Rows are written directly (a load fixture, not a
    code path under test); the counters come from the triggers, as on any insert.
    """
    from django.db import connection, transaction
    from django.utils import timezone

    from koma.accounts.models import Membership, Organization, User
    from koma.jobs.models import Job
    from koma.units.models import Entry, Unit

    seconds = 6000 // per_unit
    now = timezone.now()
    with transaction.atomic():
        city = Organization.objects.filter(kind="municipality").first()
        if city is None:
            city = Organization.objects.create(name="郡山市", kind="municipality", lg_code="072036")
            operator = Organization.objects.create(name="Koma運営", kind="operator")
            staff = User.objects.create(username="bench_staff")
            Membership.objects.create(user=staff, organization=city, role="staff")
            worker = User.objects.create(username="bench_worker")
            Membership.objects.create(user=worker, organization=operator, role="worker")
        staff = User.objects.get(username="bench_staff")
        worker = User.objects.get(username="bench_worker")
        job = Job.objects.create(
            municipality=city,
            created_by=staff,
            title=title,
            field_schema=[{"name": "memo", "label": "メモ", "kind": "text", "required": False}],
            deadline=date.today() + timedelta(days=30),
            client_rate_yen=60,
            worker_rate_yen=40,
            status=Job.Status.IN_PROGRESS,
            published_at=now,
            split_state=Job.SplitState.DONE,
            split_done=units * per_unit + ACCEPTED_ITEMS,
            split_total=units * per_unit + ACCEPTED_ITEMS,
            packed_seconds_per_item=seconds,
        )
        accepted = Unit.objects.create(
            job=job,
            seq=1,
            status=Unit.Status.ACCEPTED,
            holder=worker,
            claimed_at=now,
            submitted_at=now,
            accepted_at=now,
            item_count=ACCEPTED_ITEMS,
            estimated_minutes=-(-ACCEPTED_ITEMS * seconds // 60),
            deadline=job.deadline,
        )
        open_units = Unit.objects.bulk_create(
            [
                Unit(
                    job=job,
                    seq=i + 2,
                    item_count=per_unit,
                    estimated_minutes=-(-per_unit * seconds // 60),
                    deadline=job.deadline,
                )
                for i in range(units)
            ],
            batch_size=5000,
        )
        buffer = io.StringIO()
        owners = [accepted.pk] * ACCEPTED_ITEMS + [
            u.pk for u in open_units for _ in range(per_unit)
        ]
        for seq, unit_id in enumerate(owners, start=1):
            buffer.write(f"{job.pk}\t{seq}\tR{seq:07d}\t{{}}\t\t{seconds}\t{unit_id}\n")
        buffer.seek(0)
        with connection.cursor() as cursor:
            with cursor.cursor.copy(
                "COPY jobs_item (job_id, seq, ref, prefill, image, estimated_seconds, unit_id) "
                "FROM STDIN"
            ) as copy:
                while chunk := buffer.read(1 << 20):
                    copy.write(chunk)
        Entry.objects.bulk_create(
            [
                Entry(
                    unit=accepted,
                    item_id=item_id,
                    worker=worker,
                    values={"memo": "x"},
                    active_seconds=2 * seconds,
                )
                for item_id in accepted.items.values_list("id", flat=True)
            ]
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return job.pk, units * per_unit


def check_counters(job_id: int) -> None:
    from django.db.models import Count, Sum

    from koma.jobs.selectors import job_counts
    from koma.units.models import Unit

    counts = job_counts(job_id=job_id)
    for row in (
        Unit.objects.filter(job_id=job_id)
        .values("status")
        .annotate(n=Count("id"), items=Sum("item_count"))
    ):
        assert counts["units"][row["status"]] == row["n"], (row, counts)
        assert counts["items"][row["status"]] == row["items"], (row, counts)


def timed_statements(call):
    """Run ``call`` in a transaction, printing each statement's time and the commit's."""
    from django.db import connection, transaction

    times: list[tuple[float, str]] = []

    def wrapper(execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            times.append((time.perf_counter() - t0, " ".join(sql.split())[:70]))

    with connection.execute_wrapper(wrapper):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            result = call()
        except BaseException as exc:
            atomic.__exit__(type(exc), exc, exc.__traceback__)
            raise
        t0 = time.perf_counter()
        atomic.__exit__(None, None, None)
        commit = time.perf_counter() - t0
    for seconds, sql in sorted(times, reverse=True)[:6]:
        print(f"    {seconds * 1000:9.1f} ms  {sql}")
    print(f"    {commit * 1000:9.1f} ms  COMMIT (deferred foreign-key checks) + after-commit event")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=10_000, help="open units to re-pack")
    parser.add_argument("--per-unit", type=int, default=20, help="items per open unit")
    parser.add_argument("--repeat", type=int, default=3, help="jobs re-packed (fresh each)")
    parser.add_argument(
        "--statements", action="store_true", help="time each SQL statement and the commit"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    print(
        f"machine: nproc={os.cpu_count()} ({os.uname().machine}), python {sys.version.split()[0]}"
    )
    folder = Path(tempfile.mkdtemp(prefix="koma-bench-repack-"))
    folder.chmod(0o755)  # the embedded PostgreSQL may run as its own system user
    pg = valkey = None

    def on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    try:
        pg, valkey = claim_bench.start_services(folder)
        claim_bench.configure_django(folder, pg.url, valkey.url, argparse.Namespace(pool_max=None))
        from koma.jobs.calibration import recalibrate_job
        from koma.jobs.models import Job

        times, noops = [], []
        for n in range(args.repeat):
            t0 = time.perf_counter()
            job_id, items = make_job(units=args.units, per_unit=args.per_unit, title=f"bench{n}")
            setup = time.perf_counter() - t0
            t0 = time.perf_counter()
            if args.statements:
                result = timed_statements(functools.partial(recalibrate_job, job_id=job_id))
            else:
                result = recalibrate_job(job_id=job_id)
            took = time.perf_counter() - t0
            assert result is not None and result.repacked, result
            check_counters(job_id)
            t0 = time.perf_counter()
            again = recalibrate_job(job_id=job_id)
            noop = time.perf_counter() - t0
            assert again is not None and not again.repacked
            job = Job.objects.get(pk=job_id)
            after = job.units.filter(status="open").count()
            times.append(took)
            noops.append(noop)
            print(
                f"  job {n + 1}: set-up {setup:.1f}s; re-pack {args.units:,} open units "
                f"({items:,} items, {result.packed_seconds_per_item:g} → "
                f"{result.seconds_per_item:g} s/item) into {after:,}: {took:.2f}s; "
                f"second call (no drift): {noop * 1000:.0f} ms; counters right",
                flush=True,
            )
        print(
            f"\nre-pack time for {args.units:,} open units of {args.per_unit} items: "
            f"median {statistics.median(times):.2f}s (min {min(times):.2f}s, "
            f"max {max(times):.2f}s over {len(times)}); no-drift call median "
            f"{statistics.median(noops) * 1000:.0f} ms"
        )
        return 0
    except KeyboardInterrupt:
        print("interrupted; cleaning up", file=sys.stderr)
        return 130
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        for service in (valkey, pg):
            if service is not None:
                with contextlib.suppress(Exception):
                    service.stop()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
