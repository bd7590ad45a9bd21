"""Claim throughput: POST /api/v1/units/claim through uvicorn vs the raw claim statement.

Standalone (no pytest): starts its own embedded PostgreSQL and Valkey in a temporary folder,
migrates, bulk-creates a large pool of one-item units and 64 workers with tokens, starts
uvicorn with the production settings, then for 1, 8, 32 and 64 concurrent clients measures

* HTTP: each client (a distinct worker) fires POST /api/v1/units/claim for a fixed time;
* raw:  the claim's pick (``koma.units.selectors.claimable_units``, FOR UPDATE SKIP LOCKED)
        inside one UPDATE, run directly with psycopg, one autocommit connection per thread.

    .venv/bin/python bench/claim/run.py [--seconds 10] [--raw-seconds 5] [--units 20000]

Everything it started is stopped at the end, also on Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO / "backend"), str(REPO / "worker")]

LEVELS = (1, 8, 32, 64)
WORKERS = max(LEVELS)
START_TIMEOUT = 60.0


@dataclass
class Result:
    clients: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # seconds, successful claims
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)

    def add_error(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def pct(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000


def merge(clients: int, parts: list[Result], seconds: float) -> Result:
    total = Result(clients=clients, seconds=seconds)
    for part in parts:
        total.latencies.extend(part.latencies)
        for kind, n in part.error_kinds.items():
            total.errors += n
            total.error_kinds[kind] = total.error_kinds.get(kind, 0) + n
    return total


# --------------------------------------------------------------------------- set-up


def start_services(folder: Path):
    from devstack.services import start_postgres, start_valkey

    pg = start_postgres(folder)
    try:
        valkey = start_valkey(folder)
    except BaseException:
        pg.stop()
        raise
    return pg, valkey


def configure_django(folder: Path, pg_url: str, redis_url: str, args) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=pg_url,
        REDIS_URL=redis_url,
        KOMA_DATA_DIR=str(folder / "data"),
        KOMA_CHANNEL_PREFIX="komabench",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),  # a throwaway database, a throwaway key
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        KOMA_MAX_HELD_UNITS="1000000",
        KOMA_CLAIM_RATE_LIMIT="1000000000",
        KOMA_DAILY_CAP_MINUTES="1000000000",
        KOMA_WEEKLY_CAP_MINUTES="1000000000",
        KOMA_LOG_LEVEL="ERROR",
    )
    if args.pool_max is not None:
        os.environ["KOMA_DB_POOL_MAX"] = str(args.pool_max)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_pool(units: int):
    """A published job of ``units`` one-item open units, and 64 workers with tokens."""
    from django.db import transaction

    from koma.accounts.models import Membership, Organization, User
    from koma.accounts.services import issue_token
    from koma.jobs.models import Item, Job
    from koma.units.models import Unit
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
            split_done=units,
            split_total=units,
        )
        created = Unit.objects.bulk_create(
            [
                Unit(
                    job=job,
                    seq=i,
                    item_count=1,
                    estimated_minutes=1,
                    deadline=job.deadline,
                )
                for i in range(1, units + 1)
            ],
            batch_size=5000,
        )
        Item.objects.bulk_create(
            [
                Item(job=job, seq=u.seq, ref=f"R{u.seq:06d}", estimated_seconds=27, unit=u)
                for u in created
            ],
            batch_size=5000,
        )
        workers = User.objects.bulk_create(
            [User(username=f"bench{i:02d}", password="!") for i in range(WORKERS)]
        )
        Membership.objects.bulk_create(
            [Membership(user=w, organization=operator, role="worker") for w in workers]
        )
        WorkerProfile.objects.bulk_create(
            [WorkerProfile(user=w, level=1, daily_cap_units=1_000_000_000) for w in workers]
        )
        # Every hour of every day is a window (docs/architecture.md A23): claims fit any time.
        WeeklyWindow.objects.bulk_create(
            [
                WeeklyWindow(worker=w, weekday=d, start_minute=0, end_minute=24 * 60)
                for w in workers
                for d in range(7)
            ]
        )
        tokens = [issue_token(user=w) for w in workers]
    return job, [w.pk for w in workers], tokens


def reopen(job_id: int) -> None:
    """Put the pool back (set-up between levels, not measured) and vacuum the dead rows."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE units_unit SET status = 'open', holder_id = NULL, claim_key = '', "
            "claimed_at = NULL, lease_expires_at = NULL WHERE job_id = %s AND status <> 'open'",
            [job_id],
        )
        cursor.execute("VACUUM ANALYZE units_unit")


def server_connections(dbname: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [dbname],
        )
        return cursor.fetchone()[0]


# --------------------------------------------------------------------------- uvicorn


def start_uvicorn(folder: Path) -> tuple[subprocess.Popen, str, Path]:
    import httpx

    from devstack.services import free_port, web_command

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = folder / "uvicorn.log"
    env = dict(os.environ, PYTHONPATH=f"{REPO / 'backend'}{os.pathsep}{REPO / 'worker'}")
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            web_command(host="127.0.0.1", port=port, workers=2),
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"uvicorn exited:\n{log.read_text(errors='replace')[-3000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/api/v1/auth/csrf", timeout=2, trust_env=False).is_success:
                return proc, url, log
        time.sleep(0.2)
    raise RuntimeError("uvicorn did not answer GET /api/v1/auth/csrf")


def stop_group(proc: subprocess.Popen | None) -> None:
    if proc is None:
        return
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(15)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(5)


# --------------------------------------------------------------------------- measuring


def run_together(clients: int, seconds: float, body) -> tuple[list[Result], float]:
    """``body(index, result, stop_at)`` in ``clients`` threads released by one barrier."""
    barrier = threading.Barrier(clients + 1)
    results = [Result(clients=clients) for _ in range(clients)]
    stop_at = [0.0]

    def run(index: int) -> None:
        barrier.wait()
        try:
            body(index, results[index], stop_at[0])
        except Exception as exc:  # counted, the run goes on
            results[index].add_error(type(exc).__name__)

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    stop_at[0] = started + seconds
    barrier.wait()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def bench_http(url: str, tokens: list[str], clients: int, seconds: float, cap: int) -> Result:
    import httpx

    per_client = max(1, cap // clients)

    def body(index: int, result: Result, stop_at: float) -> None:
        headers = {"Authorization": f"Token {tokens[index]}"}
        with httpx.Client(base_url=url, headers=headers, timeout=30, trust_env=False) as client:
            for _ in range(per_client):
                if time.perf_counter() >= stop_at:
                    return
                t0 = time.perf_counter()
                try:
                    response = client.post("/api/v1/units/claim")
                except httpx.HTTPError as exc:
                    result.add_error(type(exc).__name__)
                    continue
                elapsed = time.perf_counter() - t0
                if response.status_code == 201:
                    result.latencies.append(elapsed)
                else:
                    code = ""
                    with contextlib.suppress(ValueError, AttributeError):
                        code = response.json().get("code", "")
                    result.add_error(f"{response.status_code} {code}".strip())
                    if code == "no_unit_available":
                        return

    parts, elapsed = run_together(clients, seconds, body)
    return merge(clients, parts, elapsed)


def bench_raw(dsn: str, worker_ids: list[int], clients: int, seconds: float, cap: int) -> Result:
    from datetime import UTC, datetime

    import psycopg
    from django.db import transaction

    from koma.accounts.models import User
    from koma.units.selectors import ClaimBudget, claimable_units

    def claim_sql(worker_id: int) -> tuple[str, list]:
        """The pick POST /units/claim locks, compiled once per worker, inside one UPDATE."""
        worker = User.objects.get(pk=worker_id)
        no_cap = ClaimBudget(claims_left=10**6, minutes_left=10**9)
        with transaction.atomic():  # Django compiles FOR UPDATE only inside a transaction
            pick = (
                claimable_units(worker=worker, now=datetime.now(UTC), budget=no_cap)
                .values("id")[:1]
                .select_for_update(skip_locked=True, no_key=True, of=("self",))
            )
            pick_sql, pick_params = pick.query.sql_with_params()
        sql = (
            "UPDATE units_unit SET status = 'reserved', holder_id = %s, claimed_at = %s,"
            " lease_expires_at = %s, version = version + 1"
            f" WHERE id = ({pick_sql}) AND status = 'open' RETURNING id"
        )
        return sql, list(pick_params)

    statements = [claim_sql(worker_ids[index]) for index in range(clients)]
    per_client = max(1, cap // clients)
    connections = [psycopg.connect(dsn, autocommit=True) for _ in range(clients)]

    def body(index: int, result: Result, stop_at: float) -> None:
        conn = connections[index]
        sql, pick_params = statements[index]
        for _ in range(per_client):
            if time.perf_counter() >= stop_at:
                return
            now = datetime.now(UTC)
            params = [worker_ids[index], now, now + timedelta(minutes=150), *pick_params]
            t0 = time.perf_counter()
            row = conn.execute(sql, params).fetchone()
            elapsed = time.perf_counter() - t0
            if row is None:
                result.add_error("pool empty")
                return
            result.latencies.append(elapsed)

    try:
        parts, elapsed = run_together(clients, seconds, body)
    finally:
        for conn in connections:
            conn.close()
    return merge(clients, parts, elapsed)


def libpq_dsn() -> str:
    from django.db import connection

    s = connection.settings_dict
    parts = [f"dbname={s['NAME']}", f"user={s['USER']}", f"host={s['HOST']}", f"port={s['PORT']}"]
    if s["PASSWORD"]:
        parts.append(f"password={s['PASSWORD']}")
    return " ".join(parts)


# --------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="HTTP time per level")
    parser.add_argument("--raw-seconds", type=float, default=5.0, help="raw SQL time per level")
    parser.add_argument("--units", type=int, default=20_000, help="open units in each pool")
    parser.add_argument(
        "--pool-max",
        type=int,
        default=None,
        help="KOMA_DB_POOL_MAX for each server process (default: the settings' default)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    print(
        f"machine: nproc={os.cpu_count()} ({os.uname().machine}), python {sys.version.split()[0]}"
    )
    folder = Path(tempfile.mkdtemp(prefix="koma-bench-"))
    folder.chmod(0o755)  # the embedded PostgreSQL may run as its own system user
    pg = valkey = server = None

    def on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    try:
        t0 = time.perf_counter()
        pg, valkey = start_services(folder)
        configure_django(folder, pg.url, valkey.url, args)
        job, worker_ids, tokens = make_pool(args.units)
        from django.conf import settings

        dbname = settings.DATABASES["default"]["NAME"]
        print(
            f"set-up {time.perf_counter() - t0:.1f}s: {args.units} open one-item units, "
            f"{WORKERS} workers with tokens"
        )
        # Raw statement first, before the server exists: its connections cannot crowd it.
        dsn = libpq_dsn()
        raws = {}
        for clients in LEVELS:
            reopen(job.pk)
            raws[clients] = bench_raw(dsn, worker_ids, clients, args.raw_seconds, args.units)
            print(f"  raw  {clients:>2} clients: {raws[clients].rate:8.1f} claims/s", flush=True)
        server, url, log = start_uvicorn(folder)
        print(
            f"uvicorn --workers 2, config.settings, DEBUG={settings.DEBUG}, "
            f"KOMA_DB_POOL_MAX={os.environ.get('KOMA_DB_POOL_MAX', '(unset: default 8)')}"
        )
        rows = []
        for clients in LEVELS:
            reopen(job.pk)
            http = bench_http(url, tokens, clients, args.seconds, cap=args.units)
            conns = server_connections(dbname)
            rows.append((http, raws[clients], conns))
            print(
                f"  http {clients:>2} clients: {http.rate:8.1f} claims/s, {http.errors} errors, "
                f"server db connections afterwards: {conns}",
                flush=True,
            )
        print_table(rows)
        errors: dict[str, int] = {}
        for http, _, _ in rows:
            for kind, n in http.error_kinds.items():
                errors[kind] = errors.get(kind, 0) + n
        if errors:
            print(f"HTTP errors by kind: {errors}")
            text = log.read_text(errors="replace").splitlines()
            causes = list(dict.fromkeys(line for line in text if "Error:" in line))
            for line in causes[-3:]:
                print(f"  server log: {line.strip()[:200]}")
        return 0
    except KeyboardInterrupt:
        print("interrupted; cleaning up", file=sys.stderr)
        return 130
    finally:
        stop_group(server)
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        for service in (valkey, pg):
            if service is not None:
                with contextlib.suppress(Exception):
                    service.stop()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def print_table(rows) -> None:
    print()
    print("                    POST /api/v1/units/claim (HTTP)     raw claim (psycopg)")
    print("clients | claims/s   p50 ms   p99 ms  errors | claims/s   p50 ms   p99 ms | HTTP/raw")
    print("--------+----------------------------------+-----------------------------+---------")
    for http, raw, _ in rows:
        ratio = http.rate / raw.rate if raw.rate else float("nan")
        print(
            f"{http.clients:>7} | {http.rate:8.1f} {http.pct(0.5):8.1f} {http.pct(0.99):8.1f} "
            f"{http.errors:>7} | {raw.rate:8.1f} {raw.pct(0.5):8.2f} {raw.pct(0.99):8.2f} "
            f"| {ratio:7.3f}"
        )
    medians = [statistics.median(h.latencies) for h, _, _ in rows if h.latencies]
    if medians:
        print(f"(HTTP p50 from {min(medians) * 1000:.1f} to {max(medians) * 1000:.1f} ms)")


if __name__ == "__main__":
    sys.exit(main())
