"""List and detail endpoints with a 100,000-item job, measured with wrk against a DRF floor.

Standalone (no pytest): starts its own embedded PostgreSQL and Valkey in a temporary folder
(the helpers of bench/claim/run.py), migrates, creates one 100,000-item job in every unit
state plus small jobs (bench/lists/dataset.py: bulk insert and COPY), starts uvicorn with the
production settings plus one constant endpoint (bench/lists/floor_urls.py), then drives each
endpoint with wrk as the role that uses it, and /bench/floor in the same run:

    .venv/bin/python bench/lists/run.py [--items 100000] [--seconds 5] [--connections 4]
                                        [--explain] [--profile] [--before]

Prints endpoint | p50 ms | p99 ms | req/s | floor p50/p99 | ratio (p50 / floor p50).
--explain also prints EXPLAIN ANALYZE of the available, mine and review-queue queries;
--profile times each endpoint in-process first (total, SQL, queries); --before times once the
COUNT(DISTINCT) query the job endpoints ran before the counters (minutes at 100,000 items).
wrk (Debian package) is installed through infra/scripts/ensure-test-packages.sh if missing.
Everything it started is stopped at the end, also on Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "backend"), str(REPO / "worker")]


def _claim_bench():
    spec = importlib.util.spec_from_file_location("claim_bench", REPO / "bench/claim/run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["claim_bench"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


claim_bench = _claim_bench()

ENDPOINTS = [
    # name, role whose token is used, path ({job} is the big job)
    ("GET /jobs (staff)", "staff", "/api/v1/jobs"),
    ("GET /jobs (coordinator)", "coordinator", "/api/v1/jobs"),
    ("GET /jobs/{id}", "staff", "/api/v1/jobs/{job}"),
    ("GET /jobs/{id}/progress", "staff", "/api/v1/jobs/{job}/progress"),
    ("GET /units/available", "worker", "/api/v1/units/available"),
    ("GET /units/mine", "worker", "/api/v1/units/mine"),
    ("GET /reviews/queue", "coordinator", "/api/v1/reviews/queue"),
]
FLOOR = ("GET /bench/floor (DRF floor)", "worker", "/bench/floor")


@dataclass
class Figures:
    p50: float
    p99: float
    rate: float
    bad: int  # non-2xx answers and socket errors


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found is None:
        subprocess.run([str(REPO / "infra/scripts/ensure-test-packages.sh"), "wrk"], check=True)
        found = shutil.which("wrk")
    if found is None:
        raise SystemExit("wrk is not installed and could not be installed")
    return found


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def run_wrk(wrk: str, url: str, token: str, seconds: float, connections: int) -> Figures:
    out = subprocess.run(
        [
            wrk,
            "-t",
            str(min(2, connections)),
            "-c",
            str(connections),
            "-d",
            f"{max(1, round(seconds))}s",
            "--latency",
            "--timeout",
            "10s",
            "-H",
            f"Authorization: Token {token}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    percentiles = dict(re.findall(r"^\s*(50|99)(?:\.0+)?%\s+([\d.]+(?:us|ms|s|m))", out, re.M))
    if set(percentiles) != {"50", "99"}:
        raise RuntimeError(f"unexpected wrk output:\n{out}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if errors:
        bad += sum(int(n) for n in errors.groups())
    return Figures(_ms(percentiles["50"]), _ms(percentiles["99"]), rate, bad)


def before(big) -> None:
    """What the jobs list and detail ran before the counters (minutes at 100,000 items)."""
    from django.db.models import Count

    from koma.jobs.models import Job

    t0 = time.perf_counter()
    old = Job.objects.filter(pk=big.job_id).annotate(
        item_count=Count("items", distinct=True), unit_count=Count("units", distinct=True)
    )
    counts = old.values_list("item_count", "unit_count").get()
    print(
        f"--- before the counters: COUNT(DISTINCT) items and units of the big job {counts}: "
        f"{(time.perf_counter() - t0) * 1000:.0f} ms (one query)"
    )


def explain(big) -> None:
    from koma.accounts.models import User
    from koma.quality.selectors import review_queue
    from koma.units import selectors

    worker = User.objects.get(username="bench00")
    coordinator = User.objects.get(username="bench_coord")
    queries = {
        "available (list)": selectors.units_available_for(worker=worker)[:20],
        "available (count)": None,
        "mine": selectors.units_held_by(worker=worker),
        "review queue": review_queue(reviewer=coordinator)[:50],
    }
    for name, qs in queries.items():
        print(f"--- EXPLAIN ANALYZE {name}")
        if qs is None:
            from django.db import connection

            sql, params = (
                selectors.units_available_for(worker=worker).order_by().values("id").query
            ).sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN ANALYZE SELECT count(*) FROM ({sql}) t", params)
                print("\n".join(row[0] for row in cursor.fetchall()))
            continue
        print(qs.explain(analyze=True))


def profile(big, tokens: dict[str, str], repeat: int = 20) -> None:
    """One request at a time, in this process: median total, SQL time and query count."""
    import statistics

    from django.db import connection
    from django.test import Client

    print(f"--- in-process, sequential, median of {repeat}: total ms | SQL ms | queries")
    for name, role, path in [*ENDPOINTS, FLOOR]:
        if path == FLOOR[2]:
            continue  # only the bench server routes the floor
        client = Client(HTTP_AUTHORIZATION=f"Token {tokens[role]}", SERVER_NAME="localhost")
        totals, sqls, counts = [], [], []
        for _ in range(repeat):
            spent = [0.0, 0]

            def timed(execute, sql, params, many, context, spent=spent):
                t = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    spent[0] += time.perf_counter() - t
                    spent[1] += 1

            t0 = time.perf_counter()
            with connection.execute_wrapper(timed):
                response = client.get(path.format(job=big.job_id))
            totals.append(time.perf_counter() - t0)
            assert response.status_code == 200, (path, response.status_code)
            sqls.append(spent[0])
            counts.append(spent[1])
        print(
            f"{name:<26} | {statistics.median(totals) * 1000:7.1f} | "
            f"{statistics.median(sqls) * 1000:6.1f} | {max(counts)}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000, help="items in the big job")
    parser.add_argument("--per-unit", type=int, default=100, help="items per unit")
    parser.add_argument("--seconds", type=float, default=5.0, help="wrk time per endpoint")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE too")
    parser.add_argument(
        "--profile", action="store_true", help="time each endpoint in-process first"
    )
    parser.add_argument(
        "--before", action="store_true", help="time the old COUNT(DISTINCT) query once (slow)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    wrk = ensure_wrk()

    print(
        f"machine: nproc={os.cpu_count()} ({os.uname().machine}), python {sys.version.split()[0]}"
    )
    folder = Path(tempfile.mkdtemp(prefix="koma-bench-lists-"))
    folder.chmod(0o755)  # the embedded PostgreSQL may run as its own system user
    pg = valkey = server = None

    def on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    try:
        t0 = time.perf_counter()
        pg, valkey = claim_bench.start_services(folder)
        claim_bench.configure_django(folder, pg.url, valkey.url, argparse.Namespace(pool_max=None))
        from bench.lists.dataset import make_big_job

        big = make_big_job(items=args.items, items_per_unit=args.per_unit)
        print(
            f"set-up {time.perf_counter() - t0:.1f}s: one job of {big.items:,} items in "
            f"{big.units:,} units (every state), 30 small jobs"
        )
        tokens = {
            "staff": big.staff_token,
            "coordinator": big.coordinator_token,
            "worker": big.worker_tokens[0],
        }
        if args.before:
            before(big)
        if args.explain:
            explain(big)
        if args.profile:
            profile(big, tokens)
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench.lists.floor_settings"  # the server's
        server, url, _log = claim_bench.start_uvicorn(folder)
        print(
            f"uvicorn --workers 2, config.settings + /bench/floor, wrk -c {args.connections} "
            f"-d {args.seconds:g}s per endpoint"
        )

        def measure(role: str, path: str) -> Figures:
            target = url + path.format(job=big.job_id)
            run_wrk(wrk, target, tokens[role], 1, args.connections)  # warm-up, not counted
            return run_wrk(wrk, target, tokens[role], args.seconds, args.connections)

        floor = measure(FLOOR[1], FLOOR[2])
        rows = [(name, measure(role, path)) for name, role, path in ENDPOINTS]
        floor_after = measure(FLOOR[1], FLOOR[2])
        print_table(rows, floor, floor_after)
        return 1 if any(f.bad for _, f in rows) else 0
    except KeyboardInterrupt:
        print("interrupted; cleaning up", file=sys.stderr)
        return 130
    finally:
        claim_bench.stop_group(server)
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        for service in (valkey, pg):
            if service is not None:
                with contextlib.suppress(Exception):
                    service.stop()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def print_table(rows, floor: Figures, floor_after: Figures) -> None:
    print()
    print(
        f"floor (GET /bench/floor, constant 20-row list through DRF + token auth): "
        f"p50 {floor.p50:.1f} ms, p99 {floor.p99:.1f} ms, {floor.rate:.0f} req/s "
        f"(again at the end: p50 {floor_after.p50:.1f} ms, {floor_after.rate:.0f} req/s)"
    )
    print()
    print(f"{'endpoint':<26} | p50 ms | p99 ms |  req/s | floor p50/p99 | ratio | bad")
    print(f"{'-' * 26}-+--------+--------+--------+---------------+-------+----")
    for name, f in rows:
        ratio = f.p50 / floor.p50 if floor.p50 else float("nan")
        print(
            f"{name:<26} | {f.p50:6.1f} | {f.p99:6.1f} | {f.rate:6.0f} | "
            f"{floor.p50:5.1f}/{floor.p99:5.1f}   | {ratio:5.2f} | {f.bad}"
        )
    slowest = max(f.p50 for _, f in rows)
    print(f"(slowest p50 {slowest:.1f} ms; target ≤ 100 ms)")


if __name__ == "__main__":
    sys.exit(main())
