"""Real processes on the test database (docs/architecture.md A15): uvicorn, a Celery worker, HTTP clients.

The server and the worker run with the production settings (``config.settings``) against the
test database that pytest-django created, so every test here uses ``live_db`` (committed
data, visible to other processes) and every module is marked ``live``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.db import connection

from tests.helpers import make_job, password_for

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0


class _QuickPBKDF2(PBKDF2PasswordHasher):
    """Same algorithm name as the server's hasher (so it verifies), far fewer rounds.

    The test settings hash with MD5, which the server (config.settings) does not know: a
    persona's password must be re-hashed before it can log in over HTTP.
    """

    iterations = 1000


def password_of(user) -> str:
    return password_for(user.username)


def allow_http_login(user) -> str:
    """Give ``user`` a password hash the live server accepts; returns the raw password."""
    raw = password_of(user)
    user.password = make_password(raw, hasher=_QuickPBKDF2())
    user.save(update_fields=["password"])
    return raw


# --------------------------------------------------------------------------- processes


def test_database_url() -> str:
    """A DATABASE_URL for the test database (``config.env.database_from_url`` syntax)."""
    s = connection.settings_dict
    auth = quote(s["USER"] or "postgres", safe="")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"], safe="")
    host = s.get("HOST") or ""
    port = str(s.get("PORT") or "5432")
    name = quote(s["NAME"], safe="")
    if host.startswith("/"):  # a Unix-socket folder
        at_port = "" if port == "5432" else f":{port}"
        return f"postgresql://{auth}@{at_port}/{name}?host={quote(host, safe='/')}"
    return f"postgresql://{auth}@{host or '127.0.0.1'}:{port}/{name}"


test_database_url.__test__ = False  # a helper, not a test


def live_env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=f"{REPO / 'backend'}{os.pathsep}{REPO / 'worker'}",
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=test_database_url(),
        REDIS_URL=os.environ["REDIS_URL"],
        KOMA_CHANNEL_PREFIX="komatest",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_COOKIES="0",  # the live servers speak plain http
        KOMA_DATA_DIR=str(data_dir),  # static/media folders away from the repository's var/
        PYTHONUNBUFFERED="1",
        # The crowd tests claim far beyond one person's day and rate; their caps are
        # tested in tests/api/units/test_claimable.py.
        KOMA_CLAIM_RATE_LIMIT="1000000",
        KOMA_DAILY_CAP_MINUTES="1000000000",
        KOMA_WEEKLY_CAP_MINUTES="1000000000",
    )
    return env


@dataclass
class LiveProcess:
    name: str
    process: subprocess.Popen
    log: Path
    node: str = ""  # a Celery worker's node name

    def alive(self) -> bool:
        return self.process.poll() is None

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """SIGTERM to the whole process group (uvicorn's workers too), then SIGKILL."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # leftovers of the group, if any
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)


def start_process(name: str, cmd: list[str], env: dict[str, str], log: Path) -> LiveProcess:
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: one signal stops all of it
        )
    return LiveProcess(name=name, process=proc, log=log)


def _wait_until(live: LiveProcess, ready, what: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if not live.alive():
            raise RuntimeError(f"{live.name} exited ({live.process.returncode})\n{live.log_tail()}")
        if ready():
            return
        time.sleep(0.2)
    live.stop()
    raise RuntimeError(f"{live.name}: {what} not seen in {START_TIMEOUT}s\n{live.log_tail()}")


@pytest.fixture(scope="session")
def live_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("live")


def start_uvicorn(env: dict[str, str], log: Path, workers: int = 2) -> tuple[LiveProcess, str]:
    """``uvicorn config.asgi:application`` on a free port, once GET /auth/csrf answers."""
    from devstack.services import free_port, web_command

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    live = start_process(
        "uvicorn",
        web_command(host="127.0.0.1", port=port, workers=workers),
        env,
        log,
    )

    def answers() -> bool:
        try:
            return httpx.get(f"{url}/api/v1/auth/csrf", timeout=2, trust_env=False).is_success
        except httpx.HTTPError:
            return False

    _wait_until(live, answers, "GET /api/v1/auth/csrf")
    return live, url


@pytest.fixture(scope="session")
def uvicorn_proc(django_db_setup, live_dir) -> Iterator[tuple[LiveProcess, str]]:
    """uvicorn with two worker processes; session scope: a server outlives the flushes."""
    live, url = start_uvicorn(live_env(live_dir), live_dir / "uvicorn.log")
    try:
        yield live, url
    finally:
        live.stop()


@pytest.fixture(scope="session")
def live_server_url(uvicorn_proc) -> str:
    return uvicorn_proc[1]


@pytest.fixture(scope="session")
def celery_worker_proc(django_db_setup, live_dir) -> Iterator[LiveProcess]:
    """``celery worker --pool solo -Q celery``, ready once it answers a ping."""
    from koma_worker.celery_app import app

    hostname = f"live-{uuid.uuid4().hex[:8]}@%h"
    live = start_process(
        "celery worker",
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "koma_worker.celery_app",
            "worker",
            "--pool",
            "solo",
            "-Q",
            "celery",
            "--loglevel",
            "warning",
            "--hostname",
            hostname,
            "--without-gossip",
            "--without-mingle",
        ],
        live_env(live_dir),
        live_dir / "celery.log",
    )
    node = hostname.replace("%h", os.uname().nodename)
    live.node = node

    def pongs() -> bool:
        replies = app.control.ping(destination=[node], timeout=1.0) or []
        return any(node in reply for reply in replies)

    try:
        _wait_until(live, pongs, "a reply to celery ping")
        yield live
    finally:
        live.stop()


def celery_control(node: str):
    """The worker's remote control (stats, cancel/add consumer) addressed to ``node``."""
    from koma_worker.celery_app import app

    return app.control, app.control.inspect(destination=[node], timeout=5.0)


# --------------------------------------------------------------------------- database


@pytest.fixture
def live_db(committed_db) -> Iterator[None]:
    """Committed data for the live processes; flushed after the test (``committed_db``)."""
    yield


def make_live_job(
    staff,
    *,
    items: int,
    schema=None,
    item_seconds: int | None = None,
    unit_target_minutes: int = 100,
    deadline=None,
):
    """A published job, split before it is returned.

    ``publish_job`` queues the real split task on commit; the split also runs here, so the
    job is ready whether or not a Celery worker is up. ``split_job`` holds an advisory lock
    per job, so when the worker got there first this call does nothing and we wait for it.
    ``item_seconds`` replaces every item's estimate before splitting (6000 s: one item a unit).
    """
    from koma.jobs.models import Job
    from koma.jobs.services import publish_job, split_job

    job = make_job(
        staff,
        items=items,
        schema=schema,
        publish=False,
        unit_target_minutes=unit_target_minutes,
        deadline=deadline,
    )
    if item_seconds is not None:
        job.items.update(estimated_seconds=item_seconds)
    publish_job(job=job, by=staff)
    split_job(job_id=job.pk)
    deadline = time.monotonic() + 60
    while Job.objects.get(pk=job.pk).split_state != Job.SplitState.DONE:
        assert time.monotonic() < deadline, "the split did not finish in 60 s"
        time.sleep(0.1)
    job.refresh_from_db()
    return job


# --------------------------------------------------------------------------- HTTP clients


def http_client(base_url: str, **kw) -> httpx.Client:
    kw.setdefault("timeout", 30.0)
    return httpx.Client(base_url=base_url, trust_env=False, **kw)


@contextlib.contextmanager
def session_login(base_url: str, user) -> Iterator[httpx.Client]:
    """A client logged in with the session cookie, sending X-CSRFToken on every request."""
    password = allow_http_login(user)
    with http_client(base_url) as client:
        response = client.get("/api/v1/auth/csrf")
        assert response.status_code == 200, response.text
        client.headers["X-CSRFToken"] = client.cookies["csrftoken"]
        response = client.post(
            "/api/v1/auth/login", json={"username": user.username, "password": password}
        )
        assert response.status_code == 200, response.text
        assert "sessionid" in client.cookies
        # login() rotates the CSRF token; the new cookie came with the answer.
        client.headers["X-CSRFToken"] = client.cookies["csrftoken"]
        yield client


@contextlib.contextmanager
def token_login(base_url: str, user) -> Iterator[httpx.Client]:
    """A client sending ``Authorization: Token …`` obtained from POST /auth/token."""
    password = allow_http_login(user)
    with http_client(base_url) as anonymous:
        response = anonymous.post(
            "/api/v1/auth/token", json={"username": user.username, "password": password}
        )
    assert response.status_code == 200, response.text
    token = response.json()["token"]
    with http_client(base_url, headers={"Authorization": f"Token {token}"}) as client:
        yield client


def token_for(user) -> str:
    """A token made directly (set-up for crowds: a login per user would dominate the test)."""
    from koma.accounts.services import issue_token

    return issue_token(user=user)


def cookie_header(client: httpx.Client) -> str:
    return "; ".join(f"{name}={value}" for name, value in client.cookies.items())
