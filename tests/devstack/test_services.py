"""The embedded services really start, restart on their data, and leave no process behind.

Plain functions without Django: run with ``python -m pytest -p no:django tests/devstack``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import psycopg
import pytest
import redis

from devstack.services import ServiceError, start_postgres, start_valkey

pytestmark = []

REPO = Path(__file__).resolve().parents[2]


def _processes_under(path: Path) -> list[psutil.Process]:
    """Live processes whose working directory or command line is inside ``path``."""
    root = str(path.resolve())
    found = []
    for proc in psutil.process_iter(["pid", "cmdline"]):
        if proc.info["pid"] == os.getpid():
            continue
        try:
            if proc.status() == psutil.STATUS_ZOMBIE:
                continue
            cmdline = " ".join(proc.info["cmdline"] or [])
            cwd = proc.cwd()
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
        if root in cmdline or cwd == root or cwd.startswith(root + os.sep):
            found.append(proc)
    return found


def _wait_no_processes_under(path: Path, timeout: float = 10.0) -> list[psutil.Process]:
    deadline = time.monotonic() + timeout
    left = _processes_under(path)
    while left and time.monotonic() < deadline:
        time.sleep(0.1)
        left = _processes_under(path)
    return left


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_postgres_starts_restarts_on_its_data_and_stops(tmp_path: Path) -> None:
    pg = start_postgres(tmp_path)
    try:
        assert pg.url.startswith("postgresql://postgres@/postgres?host=")
        with psycopg.connect(pg.url, autocommit=True) as conn:
            assert conn.execute("select 1").fetchone() == (1,)
            conn.execute("create table kept (v text)")
            conn.execute("insert into kept values ('before restart')")
        with pytest.raises(ServiceError, match="already owned"):
            start_postgres(tmp_path)  # one owner per data folder
        server_pids = [pg.pid, *(c.pid for c in psutil.Process(pg.pid).children())]
    finally:
        pg.stop()
    assert not any(_alive(pid) for pid in server_pids)
    assert _wait_no_processes_under(tmp_path) == []

    again = start_postgres(tmp_path)  # existing pgdata: no initdb, same data
    try:
        assert again.pid != pg.pid
        with psycopg.connect(again.url) as conn:
            assert conn.execute("select v from kept").fetchall() == [("before restart",)]
    finally:
        again.stop()
    assert _wait_no_processes_under(tmp_path) == []


def test_postgres_recovers_after_a_killed_run(tmp_path: Path) -> None:
    # A launcher killed together with its server: its lock is gone, postmaster.pid stays.
    owner = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sys, pathlib; from devstack.services import start_postgres; "
            "pg = start_postgres(pathlib.Path(sys.argv[1])); print(pg.pid, flush=True); "
            "os.kill(pg.pid, 9); os.kill(os.getpid(), 9)",
            str(tmp_path),
        ],
        env={**os.environ, "PYTHONPATH": str(REPO / "backend")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert owner.returncode == -signal.SIGKILL, owner.stderr
    assert int(owner.stdout.split()[0]) > 0
    assert (tmp_path / "pg" / "postmaster.pid").exists()

    recovered = start_postgres(tmp_path)
    try:
        with psycopg.connect(recovered.url) as conn:
            assert conn.execute("select 1").fetchone() == (1,)
    finally:
        recovered.stop()

    # A stale postmaster.pid whose pid now belongs to another live process (pid reuse).
    pidfile = tmp_path / "pg" / "postmaster.pid"
    pidfile.write_text(
        f"{os.getpid()}\n{tmp_path / 'pg'}\n1700000000\n5432\n{tmp_path / 'pg'}\n\n"
        "  0  0\nready   \n"
    )
    reused = start_postgres(tmp_path)
    try:
        assert reused.pid != os.getpid()
        with psycopg.connect(reused.url) as conn:
            assert conn.execute("select 1").fetchone() == (1,)
    finally:
        reused.stop()
    assert _wait_no_processes_under(tmp_path) == []


def test_valkey_starts_answers_and_stops(tmp_path: Path) -> None:
    valkey = start_valkey(tmp_path)
    try:
        password_file = tmp_path / "valkey.password"
        assert password_file.stat().st_mode & 0o777 == 0o600
        password = password_file.read_text().strip()
        assert len(password) >= 32
        assert valkey.url == f"redis://:{password}@127.0.0.1:{valkey.port}/0"
        assert password not in " ".join(psutil.Process(valkey.pid).cmdline())
        with pytest.raises(redis.AuthenticationError):  # NOAUTH without the password
            redis.Redis(host="127.0.0.1", port=valkey.port).ping()
        client = redis.Redis.from_url(valkey.url)
        assert client.ping() is True
        client.set("k", "v")
        assert client.get("k") == b"v"
        client.close()
    finally:
        valkey.stop()
    assert not _alive(valkey.pid)
    assert _wait_no_processes_under(tmp_path) == []

    port = valkey.port  # restart in the same folder, on a chosen port
    again = start_valkey(tmp_path, port=port)
    try:
        assert again.port == port
        assert again.password == password  # generated once, kept in the data folder
        assert redis.Redis.from_url(again.url).ping() is True
    finally:
        again.stop()
    assert not _alive(again.pid)
    assert _wait_no_processes_under(tmp_path) == []


def test_services_command_prints_exports_and_stops_everything_on_sigterm(tmp_path: Path) -> None:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env["KOMA_DATA_DIR"] = str(tmp_path)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO / "backend"), str(REPO / "worker"), env.get("PYTHONPATH", "")]
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "devstack", "services"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    exports: dict[str, str] = {}
    lines: list[str] = []

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("export "):
                name, _, value = line[len("export ") :].strip().partition("=")
                exports[name] = value.strip("'")

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 60
        while len(exports) < 3 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert set(exports) == {"DATABASE_URL", "MIGRATE_DATABASE_URL", "REDIS_URL"}, "".join(lines)

        with psycopg.connect(exports["DATABASE_URL"]) as conn:
            assert conn.execute("select current_user").fetchone() == ("koma_app",)
        with psycopg.connect(exports["MIGRATE_DATABASE_URL"]) as conn:
            assert conn.execute(
                "select rolsuper from pg_roles where rolname = current_user"
            ).fetchone() == (True,)
        assert redis.Redis.from_url(exports["REDIS_URL"]).ping() is True

        postmaster = int((tmp_path / "pg" / "postmaster.pid").read_text().split()[0])
        server_pids = [postmaster, *(c.pid for c in psutil.Process(postmaster).children())]
        valkey_pids = [c.pid for c in psutil.Process(proc.pid).children()]
        assert valkey_pids, "valkey-server should be a child of the launcher"
        assert _processes_under(tmp_path)

        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0, "".join(lines)
    except BaseException:
        proc.kill()
        for leftover in _processes_under(tmp_path):  # don't leak servers from a failed test
            leftover.kill()
        raise
    finally:
        proc.wait(10)
        reader.join(5)

    assert not any(_alive(pid) for pid in server_pids + valkey_pids)
    assert _wait_no_processes_under(tmp_path) == []
    assert not (tmp_path / "pg" / "postmaster.pid").exists()
