"""The supervising launcher: ``python -m devstack run`` and ``... services``.

``run`` starts PostgreSQL and Valkey (unless DATABASE_URL / REDIS_URL are set), migrates, seeds
the demo data (meanwhile ``--build CMD``, e.g. the frontend build, runs beside them and must
succeed), then runs the ASGI server, a Celery worker and Celery beat, each in its own
process group with its output prefixed by its name. Once everything runs, the launcher
supervises: whichever of them dies (PostgreSQL and Valkey included) is restarted after a
back-off of 1, 2, 4 … 30 s (back to 1 s once it has run for 60 s), with one ``devstack:`` line
saying so, while the others keep running. A failure during start-up still stops everything.
Ctrl-C / SIGTERM stops the children (SIGTERM, 10 s, SIGKILL), then Valkey, then PostgreSQL.

``services`` only starts PostgreSQL and Valkey (supervised the same way) and prints the
``export`` lines, until Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from devstack.services import (
    Postgres,
    ServiceError,
    Valkey,
    child_preexec,
    start_postgres,
    start_valkey,
    web_command,
)

REPO_DIR = Path(__file__).resolve().parents[2]
BACKEND_DIR = REPO_DIR / "backend"
WORKER_DIR = REPO_DIR / "worker"
MANAGE = BACKEND_DIR / "manage.py"
CHILD_STOP_TIMEOUT = 10.0
WEB_READY_TIMEOUT = 60.0
BACKOFF_FIRST = 1.0
BACKOFF_MAX = 30.0
STABLE_AFTER = 60.0  # seconds of running that reset the back-off


class Stop(Exception):
    """Raised to unwind when a stop was requested (signal) or something died."""

    def __init__(self, code: int, reason: str = "") -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class Console:
    """Writes whole lines to stdout, prefixed with the name of who wrote them."""

    def __init__(self, width: int = 8) -> None:
        self.width = width
        self._lock = threading.Lock()

    def line(self, name: str, text: str) -> None:
        with self._lock, contextlib.suppress(BrokenPipeError, ValueError, OSError):
            sys.stdout.write(f"{name:>{self.width}} | {text.rstrip()}\n")
            sys.stdout.flush()

    def plain(self, text: str = "") -> None:
        with self._lock, contextlib.suppress(BrokenPipeError, ValueError, OSError):
            sys.stdout.write(text + "\n")
            sys.stdout.flush()


@dataclass
class Restarts:
    """Back-off bookkeeping of one supervised process: 1, 2, 4 … 30 s between restarts,
    back to the first delay once the process had run for ``STABLE_AFTER`` seconds."""

    label: str
    delay: float = BACKOFF_FIRST
    count: int = 0
    started_at: float = field(default_factory=time.monotonic)
    due: float | None = None  # when a restart is pending: the time it is due

    def exited(self, now: float) -> float:
        """Schedule the restart of a process that just stopped; returns the wait."""
        if now - self.started_at >= STABLE_AFTER:
            self.delay, self.count = BACKOFF_FIRST, 0
        wait = self.delay
        self.count += 1
        self.delay = min(self.delay * 2, BACKOFF_MAX)
        self.due = now + wait
        return wait

    def started(self, now: float) -> None:
        self.started_at = now
        self.due = None

    def is_due(self, now: float) -> bool:
        return self.due is not None and now >= self.due


class Child:
    """A supervised child process in its own process group."""

    def __init__(
        self, name: str, cmd: list[str], env: dict[str, str], console: Console, label: str = ""
    ) -> None:
        self.name = name
        self.label = label or name
        self.cmd = cmd
        self.env = env
        self.console = console
        self.proc: subprocess.Popen | None = None
        self._pump: threading.Thread | None = None

    def start(self) -> Child:
        self.proc = subprocess.Popen(
            self.cmd,
            cwd=REPO_DIR,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            process_group=0,
            preexec_fn=child_preexec(),
        )
        self._pump = threading.Thread(target=self._copy_output, name=f"pump-{self.name}")
        self._pump.daemon = True
        self._pump.start()
        return self

    def _copy_output(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for raw in iter(self.proc.stdout.readline, b""):
            self.console.line(self.name, raw.decode("utf-8", errors="replace"))
        self.proc.stdout.close()

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def poll(self) -> int | None:
        return None if self.proc is None else self.proc.poll()

    def signal(self, sig: int) -> None:
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid, sig)

    def kill_group(self) -> None:
        """SIGKILL whatever is left in the child's process group (grandchildren included)."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)

    def finish(self) -> None:
        if self.proc is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(5)
        if self._pump is not None:
            self._pump.join(2)


def stop_children(children: list[Child], console: Console, hurry: threading.Event) -> None:
    """SIGTERM every child, wait up to 10 s (less after a second Ctrl-C), then SIGKILL."""
    running = [c for c in children if c.poll() is None]
    for child in running:
        child.signal(signal.SIGTERM)
    deadline = time.monotonic() + CHILD_STOP_TIMEOUT
    while any(c.poll() is None for c in running) and time.monotonic() < deadline:
        if hurry.wait(0.1):
            break
    for child in running:
        if child.poll() is None:
            console.line("koma", f"{child.name} did not stop in time: SIGKILL")
    for child in children:
        child.kill_group()
        child.finish()


class Launcher:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.console = Console()
        self.stop_requested = threading.Event()
        self.hurry = threading.Event()
        self.signal_name = ""
        self.postgres: Postgres | None = None
        self.valkey: Valkey | None = None
        self.children: list[Child] = []
        self.build: Child | None = None  # `run --build CMD`, during start-up only
        self.started = time.monotonic()
        self._last_service_check = 0.0
        self.supervising = False  # after start-up: restart what dies instead of stopping
        self.restarts: dict[str, Restarts] = {}

    # -- signals ---------------------------------------------------------------------------

    def install_signal_handlers(self) -> None:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, self._on_signal)

    def _on_signal(self, signum: int, _frame: object) -> None:
        if self.stop_requested.is_set():
            self.hurry.set()
            return
        self.signal_name = signal.Signals(signum).name
        self.stop_requested.set()

    def check(self) -> None:
        """Raise Stop when a stop was requested or a supervised process died."""
        if self.stop_requested.is_set():
            raise Stop(0, f"{self.signal_name} received")
        if self.supervising:
            self.supervise()
            return
        for child in self.children:
            code = child.poll()
            if code is not None:
                raise Stop(1, f"{child.name} exited with code {code}")
        if self.build is not None and self.build.poll() not in (None, 0):
            raise Stop(1, f"`{' '.join(self.build.cmd)}` failed with code {self.build.poll()}")
        now = time.monotonic()
        if now - self._last_service_check >= 1.0:
            self._last_service_check = now
            if self.valkey is not None and not self.valkey.is_running():
                raise Stop(1, f"valkey-server exited (see {self.valkey.log})")
            if self.postgres is not None and not self.postgres.is_running():
                raise Stop(1, f"PostgreSQL stopped (see {self.postgres.pgdata / 'log'})")

    def sleep(self, seconds: float) -> None:
        self.stop_requested.wait(seconds)
        self.check()

    # -- supervision -----------------------------------------------------------------------

    def _restarts(self, label: str) -> Restarts:
        return self.restarts.setdefault(label, Restarts(label))

    def _exited(self, label: str, how: str, now: float) -> None:
        restarts = self._restarts(label)
        wait = restarts.exited(now)
        self.console.plain(
            f"devstack: {label} {how}; restarting in {wait:g} s (restart {restarts.count})"
        )

    def supervise(self) -> None:
        """Restart, after its back-off, every supervised process that has died."""
        now = time.monotonic()
        for child in self.children:
            restarts = self._restarts(child.label)
            if restarts.due is None:
                code = child.poll()
                if code is not None:
                    child.kill_group()  # uvicorn's or Celery's own children, if any are left
                    child.finish()
                    self._exited(child.label, f"exited with code {code}", now)
            elif restarts.is_due(now):
                child.start()
                restarts.started(now)
        if now - self._last_service_check >= 1.0 or any(
            self._restarts(name).is_due(now) for name in ("postgres", "valkey")
        ):
            self._last_service_check = now
            self._supervise_postgres(now)
            self._supervise_valkey(now)

    def _supervise_postgres(self, now: float) -> None:
        if self.postgres is None:
            return
        restarts = self._restarts("postgres")
        if restarts.due is None:
            if not self.postgres.is_running():
                with contextlib.suppress(ServiceError):
                    self.postgres.stop()  # leftover backends, the data folder's lock
                self._exited("postgres", f"exited (see {self.postgres.log})", now)
        elif restarts.is_due(now):
            try:
                self.postgres = start_postgres(self.data_dir)
            except ServiceError as exc:
                self._exited("postgres", f"did not start: {str(exc).splitlines()[0]}", now)
                return
            restarts.started(time.monotonic())
            self.console.plain(f"devstack: postgres restarted (pid {self.postgres.pid})")

    def _supervise_valkey(self, now: float) -> None:
        if self.valkey is None:
            return
        restarts = self._restarts("valkey")
        if restarts.due is None:
            if not self.valkey.is_running():
                code = self.valkey.process.returncode
                self._exited("valkey", f"exited with code {code}", now)
        elif restarts.is_due(now):
            try:  # the same port and password: the children's REDIS_URL stays valid
                self.valkey = start_valkey(self.data_dir, port=self.valkey.port)
            except ServiceError as exc:
                self._exited("valkey", f"did not start: {str(exc).splitlines()[0]}", now)
                return
            restarts.started(time.monotonic())
            self.console.plain(f"devstack: valkey restarted (pid {self.valkey.pid})")

    # -- services --------------------------------------------------------------------------

    def start_services(self, env: dict[str, str], *, force: bool = False) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if force or not env.get("DATABASE_URL"):
            self.postgres = start_postgres(self.data_dir)
            env["DATABASE_URL"] = self.postgres.app_url  # role koma_app: owns no table
            env["MIGRATE_DATABASE_URL"] = self.postgres.url  # the owner, for `migrate`
            self.console.line("koma", f"PostgreSQL ready, socket in {self.postgres.socket_dir}")
        else:
            self.console.line("koma", "PostgreSQL: using DATABASE_URL from the environment")
        self.check()
        if force or not env.get("REDIS_URL"):
            self.valkey = start_valkey(self.data_dir)
            env["REDIS_URL"] = self.valkey.url
            self.console.line("koma", f"Valkey ready on {self.valkey.host}:{self.valkey.port}")
        else:
            self.console.line("koma", "Valkey: using REDIS_URL from the environment")
        self.check()

    def shutdown(self) -> list[str]:
        """Stop children, then Valkey, then PostgreSQL. Returns error messages."""
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, self._on_signal)  # later signals only shorten the waits
        self.stop_requested.set()
        errors = []
        stop_children(
            self.children + ([self.build] if self.build else []), self.console, self.hurry
        )
        for service in (self.valkey, self.postgres):
            if service is None:
                continue
            try:
                service.stop()
            except Exception as exc:
                errors.append(str(exc))
        return errors

    # -- run -------------------------------------------------------------------------------

    def child_env(self, env: dict[str, str]) -> dict[str, str]:
        env = dict(env)
        paths = [str(BACKEND_DIR), str(WORKER_DIR)]
        if env.get("PYTHONPATH"):
            paths.append(env["PYTHONPATH"])
        env["PYTHONPATH"] = os.pathsep.join(paths)
        env["KOMA_DATA_DIR"] = str(self.data_dir)
        env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        env["PYTHONUNBUFFERED"] = "1"
        # The launcher runs the demo: its seed and published passwords are allowed here only.
        env.setdefault("KOMA_DEMO", "1")
        if not env.get("DJANGO_SECRET_KEY") and not env.get("DJANGO_SECRET_KEY_FILE"):
            env["DJANGO_SECRET_KEY_FILE"] = str(self.secret_key_file())
        return env

    def secret_key_file(self) -> Path:
        """A random key kept in the data folder: sessions survive restarts, no shared key."""
        path = self.data_dir / "secret_key"
        if not path.is_file():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(50))
            path.chmod(0o600)
        return path

    def phase(self, what: str, since: float) -> None:
        """One line with how long a start-up phase took (`make run` is meant to be quick)."""
        self.console.line("koma", f"{what} in {time.monotonic() - since:.1f} s")

    def wait_for_build(self) -> None:
        if self.build is None:
            return
        since = time.monotonic()
        while self.build.poll() is None:
            self.sleep(0.1)
        self.check()  # a failed build stops everything
        self.build.finish()
        if time.monotonic() - since >= 0.1:
            self.phase("waited for the build", since)
        self.build = None

    def run_step(self, name: str, cmd: list[str], env: dict[str, str]) -> None:
        since = time.monotonic()
        step = Child(name, cmd, env, self.console).start()
        try:
            while step.poll() is None:
                self.sleep(0.1)
        except Stop:
            stop_children([step], self.console, self.hurry)
            raise
        step.finish()
        if step.poll() != 0:
            raise Stop(1, f"`{' '.join(cmd[1:])}` failed with code {step.poll()}")
        self.phase(f"{name} done", since)

    def wait_for_web(self, host: str, port: int) -> bool:
        deadline = time.monotonic() + WEB_READY_TIMEOUT
        while time.monotonic() < deadline:
            if _port_open(host, port):
                return True
            self.sleep(0.2)
        return False

    def run(self, build: list[str] | None = None) -> int:
        self.install_signal_handlers()
        env = os.environ.copy()
        host = env.get("KOMA_HOST") or "127.0.0.1"
        port = int(env.get("KOMA_PORT") or "8000")
        workers = int(env.get("KOMA_WEB_WORKERS") or "1")
        py = sys.executable
        try:
            if _port_open(host, port):
                raise Stop(1, f"{host}:{port} is already in use (another Koma still running?)")
            if build:
                self.build = Child("build", build, dict(env), self.console).start()
            since = time.monotonic()
            self.start_services(env)
            self.phase("services ready", since)
            env = self.child_env(env)
            self.run_step("migrate", [py, str(MANAGE), "migrate", "--noinput"], env)
            if env["KOMA_DEMO"].strip().lower() in {"1", "true", "yes", "on"}:
                seed = [py, str(MANAGE), "seed_demo"]
                if env.get("KOMA_DEMO_ITEMS"):
                    seed += ["--items", env["KOMA_DEMO_ITEMS"]]
                self.run_step("seed", seed, env)
            self.wait_for_build()
            celery = [py, "-m", "celery", "-A", "koma_worker.celery_app"]
            specs = [
                (
                    "web", "web",
                    web_command(host=host, port=port, workers=workers),
                ),
                (
                    "worker", "celery-worker",
                    [*celery, "worker", "--concurrency", "2", "--pool", "prefork",
                     "-Q", "celery", "--loglevel", "INFO"],
                ),
                (
                    "beat", "celery-beat",
                    [*celery, "beat", "--schedule", str(self.data_dir / "celerybeat-schedule"),
                     "--loglevel", "INFO"],
                ),
            ]  # fmt: skip
            # The web first: on a small machine the Celery processes' start-up would slow it
            # down, and tasks sent meanwhile wait in Valkey for the worker.
            web, *celery_specs = specs
            self.children.append(Child(web[0], web[2], env, self.console, web[1]).start())
            self.supervising = True
            since = time.monotonic()
            answering = self.wait_for_web(host, port)
            for name, label, cmd in celery_specs:
                self.children.append(Child(name, cmd, env, self.console, label).start())
            if answering:
                self.phase("web answering", since)
                self.phase("ready", self.started)
                self.print_banner(host, port)
            else:
                self.console.line("koma", f"web is not answering on {host}:{port} yet")
            while True:
                self.sleep(0.2)
        except Stop as stop:
            return self._finish(stop.code, stop.reason)
        except ServiceError as exc:
            return self._finish(1, str(exc))
        except BaseException:
            self.shutdown()
            raise

    def services(self, valkey_port: int | None = None) -> int:
        self.install_signal_handlers()
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            self.postgres = start_postgres(self.data_dir)
            self.check()
            self.valkey = start_valkey(self.data_dir, port=valkey_port)
            self.check()
            self.console.plain(f"export DATABASE_URL='{self.postgres.app_url}'")
            self.console.plain(f"export MIGRATE_DATABASE_URL='{self.postgres.url}'")
            self.console.plain(f"export REDIS_URL='{self.valkey.url}'")
            self.console.plain("# PostgreSQL and Valkey are running; Ctrl-C stops them.")
            self.supervising = True
            while True:
                self.sleep(0.5)
        except Stop as stop:
            return self._finish(stop.code, stop.reason)
        except ServiceError as exc:
            return self._finish(1, str(exc))
        except BaseException:
            self.shutdown()
            raise

    def _finish(self, code: int, reason: str) -> int:
        if code:
            self.console.line("koma", f"{reason}: stopping everything")
        elif reason:
            self.console.line("koma", f"{reason}: stopping")
        errors = self.shutdown()
        for error in errors:
            self.console.line("koma", error)
        if errors:
            return code or 1
        self.console.line("koma", "stopped")
        return code

    def print_banner(self, host: str, port: int) -> None:
        shown = "127.0.0.1" if host in {"0.0.0.0", "::", ""} else host
        lines = ["", f"  Koma is running at http://{shown}:{port}/"]
        logins = demo_logins()
        if logins:
            lines.append("  Demo logins (username / password):")
            width = max(_display_width(role) for role, _, _ in logins)
            lines += [
                f"    {role}{' ' * (width - _display_width(role))}  {user} / {pw}"
                for role, user, pw in logins
            ]
        lines += ["  Press Ctrl-C to stop.", ""]
        self.console.plain("\n".join(lines))


def demo_logins() -> list[tuple[str, str, str]]:
    """``koma.demo.LOGINS`` when importable: [(role label, username, password), ...]."""
    try:
        module = importlib.import_module("koma.demo")
        logins = [tuple(map(str, entry)) for entry in module.LOGINS]
    except Exception:
        return []
    return [entry for entry in logins if len(entry) == 3]


def _display_width(text: str) -> int:
    """Terminal columns: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _port_open(host: str, port: int) -> bool:
    target = "127.0.0.1" if host in {"0.0.0.0", ""} else ("::1" if host == "::" else host)
    try:
        with socket.create_connection((target, port), timeout=0.5):
            return True
    except OSError:
        return False


def default_data_dir() -> Path:
    return Path(os.environ.get("KOMA_DATA_DIR") or REPO_DIR / "var").expanduser().resolve()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devstack", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="state folder (default: $KOMA_DATA_DIR or var/)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="PostgreSQL, Valkey, migrate, seed, web, worker and beat")
    run.add_argument(
        "--build",
        default="",
        help="a command to run beside services, migrate and seed; the web starts once it passed",
    )
    services = commands.add_parser("services", help="only PostgreSQL and Valkey (prints exports)")
    services.add_argument("--valkey-port", type=int, default=None)
    args = parser.parse_args(argv)
    data_dir = args.data_dir.expanduser().resolve() if args.data_dir else default_data_dir()
    launcher = Launcher(data_dir)
    if args.command == "run":
        return launcher.run(build=shlex.split(args.build) or None)
    return launcher.services(valkey_port=args.valkey_port)
