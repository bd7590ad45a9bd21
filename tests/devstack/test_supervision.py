"""``python -m devstack run`` restarts a child that dies and keeps the others running.

The launcher runs in a subprocess on a temporary data folder with its own PostgreSQL and Valkey.
Each child is killed with SIGKILL in turn; the launcher must say so in one line, restart it, and
the platform must answer again (after the Celery worker, Valkey and PostgreSQL: a published job
splits).
SIGTERM then stops everything, leaving no process behind.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import psutil
import pytest

from devstack.services import free_port

pytestmark = pytest.mark.live

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT = 180.0
ANSWER_TIMEOUT = 60.0


class Launcher:
    def __init__(self, data_dir: Path, port: int, build: str = "") -> None:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "MIGRATE_DATABASE_URL", "REDIS_URL"}
        }
        env.update(
            KOMA_DATA_DIR=str(data_dir),
            KOMA_PORT=str(port),
            KOMA_DEMO_ITEMS="3",
            DJANGO_SETTINGS_MODULE="config.settings",
            PYTHONPATH=os.pathsep.join([str(REPO / "backend"), str(REPO / "worker")]),
        )
        self.url = f"http://127.0.0.1:{port}"
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "devstack", "run", *(["--build", build] if build else [])],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)

    def output(self) -> str:
        return "".join(self.lines[-80:])

    def answers(self) -> bool:
        try:
            response = httpx.get(f"{self.url}/api/v1/auth/csrf", timeout=2, trust_env=False)
            return response.status_code == 200
        except httpx.HTTPError:
            return False

    def wait_answers(self, timeout: float = ANSWER_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while not self.answers():
            assert self.proc.poll() is None, f"the launcher exited\n{self.output()}"
            assert time.monotonic() < deadline, f"no answer in {timeout} s\n{self.output()}"
            time.sleep(0.3)

    def wait_line(self, pattern: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            for line in self.lines:
                if re.search(pattern, line):
                    return line
            assert self.proc.poll() is None, f"the launcher exited\n{self.output()}"
            assert time.monotonic() < deadline, f"no line /{pattern}/\n{self.output()}"
            time.sleep(0.1)

    def child(self, marker: str, not_pid: int = 0, timeout: float = 30.0) -> psutil.Process:
        """The launcher's direct child whose command line contains ``marker`` (waits for it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for proc in psutil.Process(self.proc.pid).children():
                with contextlib.suppress(psutil.Error):
                    if proc.pid != not_pid and marker in " ".join(proc.cmdline()):
                        return proc
            time.sleep(0.1)
        raise AssertionError(f"no child running {marker!r}\n{self.output()}")


def _processes_under(path: Path) -> list[psutil.Process]:
    root = str(path.resolve())
    found = []
    for proc in psutil.process_iter(["pid", "cmdline"]):
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


def _publish_and_split(url: str) -> None:
    """As the demo municipality: create a one-item job, publish it, wait for the split."""
    with httpx.Client(base_url=f"{url}/api/v1", timeout=30, trust_env=False) as client:
        response = client.post(
            "/auth/token", json={"username": "koriyama", "password": "koma-demo"}
        )
        assert response.status_code == 200, response.text
        client.headers["Authorization"] = f"Token {response.json()['token']}"
        deadline = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
        response = client.post(
            "/jobs",
            json={
                "title": "監視テスト",
                "field_schema": [
                    {"name": "name", "label": "氏名", "kind": "text", "required": True}
                ],
                "deadline": deadline,
                "client_rate_yen": 3000,
                "worker_rate_yen": 2000,
            },
        )
        assert response.status_code == 201, response.text
        job_id = response.json()["id"]
        csv = "ref,name\nA-1,山田太郎\n".encode()
        response = client.post(
            f"/jobs/{job_id}/items/import", files={"file": ("items.csv", csv, "text/csv")}
        )
        assert response.status_code == 201, response.text
        response = client.post(f"/jobs/{job_id}/publish")
        assert response.status_code == 202, response.text
        until = time.monotonic() + 60
        while client.get(f"/jobs/{job_id}").json()["split"]["state"] != "done":
            assert time.monotonic() < until, "the job did not split in 60 s"
            time.sleep(0.3)


def test_a_killed_child_is_restarted_and_the_others_keep_running(tmp_path: Path) -> None:
    # `make run` builds the frontend this way, beside the services, migrate and seed.
    launcher = Launcher(tmp_path, free_port(), build="sh -c 'sleep 1; echo the build passed'")
    try:
        launcher.wait_answers(START_TIMEOUT)
        built = launcher.wait_line(r"^ +build \| the build passed$")
        web = launcher.wait_line(r"^ +koma \| web answering in ")
        assert launcher.lines.index(built) < launcher.lines.index(web)
        for label, marker in [
            ("celery-worker", " worker "),
            ("celery-beat", " beat "),
            ("web", "uvicorn"),
            ("valkey", "valkey-server"),
        ]:
            victim = launcher.child(marker)
            others = {
                p.pid for p in psutil.Process(launcher.proc.pid).children() if p.pid != victim.pid
            }
            victim.send_signal(signal.SIGKILL)
            launcher.wait_line(
                rf"^devstack: {label} exited with code -9; restarting in 1 s \(restart 1\)$"
            )
            launcher.child(marker, not_pid=victim.pid)  # restarted
            launcher.wait_answers()
            if label in {"celery-worker", "valkey"}:
                _publish_and_split(launcher.url)
            still = {p.pid for p in psutil.Process(launcher.proc.pid).children()}
            assert others <= still, f"{label}'s death took others down\n{launcher.output()}"

        # PostgreSQL is not the launcher's child (pg_ctl daemonises it): find it by its pidfile.
        postmaster = int((tmp_path / "pg" / "postmaster.pid").read_text().split()[0])
        os.kill(postmaster, signal.SIGKILL)
        launcher.wait_line(
            r"^devstack: postgres exited \(see .*\); restarting in 1 s \(restart 1\)$"
        )
        launcher.wait_line(r"^devstack: postgres restarted")
        launcher.wait_answers()
        _publish_and_split(launcher.url)  # web and worker reach the restarted database
        assert launcher.proc.poll() is None

        descendants = psutil.Process(launcher.proc.pid).children(recursive=True)
        launcher.proc.send_signal(signal.SIGTERM)
        assert launcher.proc.wait(60) == 0, launcher.output()
        _gone, alive = psutil.wait_procs(descendants, timeout=10)
        assert alive == [], launcher.output()
    finally:
        if launcher.proc.poll() is None:
            os.killpg(launcher.proc.pid, signal.SIGKILL)
            for leftover in _processes_under(tmp_path):
                with contextlib.suppress(psutil.Error):
                    leftover.kill()
        launcher.proc.wait(10)
    deadline = time.monotonic() + 10
    while _processes_under(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_under(tmp_path) == [], launcher.output()


def test_a_failed_build_stops_everything(tmp_path: Path) -> None:
    launcher = Launcher(tmp_path, free_port(), build="sh -c 'sleep 1; exit 3'")
    try:
        assert launcher.proc.wait(START_TIMEOUT) == 1, launcher.output()
        assert "failed with code 3: stopping everything" in launcher.output()
        assert not any("web answering" in line for line in launcher.lines)
    finally:
        if launcher.proc.poll() is None:
            os.killpg(launcher.proc.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while _processes_under(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_under(tmp_path) == [], launcher.output()


def test_the_back_off_doubles_up_to_30_s_and_resets_after_a_stable_minute() -> None:
    from devstack.launcher import Restarts

    restarts = Restarts("celery-worker", started_at=0.0)
    waits = []
    now = 0.0
    for _ in range(7):  # dies again right after each restart
        now += 0.5
        waits.append(restarts.exited(now))
        now = restarts.due
        restarts.started(now)
    assert waits == [1, 2, 4, 8, 16, 30, 30]
    assert restarts.count == 7
    assert restarts.exited(now + 59) == 30  # ran 59 s: still backing off
    restarts.started(restarts.due)
    assert restarts.exited(restarts.started_at + 60) == 1  # ran 60 s: back to 1 s
    assert restarts.count == 1
