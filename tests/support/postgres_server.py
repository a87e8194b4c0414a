"""Start a throwaway PostgreSQL server for tests, installing Debian's package when needed.

Tests need a real server (SQL dialect, transactions, concurrency) but CI is a clean machine with no
service running, so each test session initialises its own cluster in a temp directory, listens only on
127.0.0.1 and a free port, and deletes everything on exit. initdb refuses to run as root, so when the
suite runs as root (CI) the server runs as the unprivileged ``postgres`` OS user.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import re
import shlex
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from support import InstallError, find_or_install, free_port, run_captured, tail

POSTGRES_PACKAGES = ("postgresql",)
DEBIAN_PG_ROOT = Path("/usr/lib/postgresql")
SERVER_USER = "postgres"  # OS user the server runs as when we are root; also the database superuser.
COMMAND_TIMEOUT = 120.0
START_TIMEOUT = 60  # seconds pg_ctl waits for the server to accept connections
_NAME_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

_install_lock = threading.Lock()


class ServerUnavailable(RuntimeError):
    """PostgreSQL cannot be found, installed or started; ``reason`` is meant for a pytest skip message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", path.name)) or (-1,)


def find_postgres_bin() -> Path | None:
    """Directory holding initdb and pg_ctl: the highest /usr/lib/postgresql/<version>/bin, else PATH."""
    if DEBIAN_PG_ROOT.is_dir():
        for version_dir in sorted(DEBIAN_PG_ROOT.iterdir(), key=_version_key, reverse=True):
            bin_dir = version_dir / "bin"
            if (bin_dir / "initdb").is_file() and (bin_dir / "pg_ctl").is_file():
                return bin_dir
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).parent
    return None


def ensure_postgres_installed() -> Path:
    """Return the PostgreSQL bin directory, installing Debian's ``postgresql`` when absent and root.

    Raises ServerUnavailable when it is absent and cannot be installed.
    """
    with _install_lock:
        try:
            return find_or_install(
                find_postgres_bin,
                POSTGRES_PACKAGES,
                what="PostgreSQL (initdb/pg_ctl)",
                name="PostgreSQL",
                not_found="initdb/pg_ctl were not found",
            )
        except InstallError as exc:
            raise ServerUnavailable(str(exc)) from exc


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


class PostgresServer:
    """A private PostgreSQL cluster in a temp directory, for the lifetime of a ``with`` block.

    ``durable=False`` (the default) turns off fsync and friends, which makes tests fast and is safe
    because the data is thrown away; pass ``durable=True`` for benchmarks that measure commit cost.
    """

    def __init__(
        self,
        dbname: str = "tracktwo_test",
        *,
        durable: bool = False,
        bin_dir: Path | None = None,
        start_attempts: int = 3,
    ) -> None:
        self.dbname = _check_name(dbname)
        self.durable = durable
        self._bin_dir = bin_dir
        self._start_attempts = start_attempts
        self.port: int | None = None
        self.base_dir: Path | None = None
        self.start_seconds: float | None = None
        self._as_user: str | None = None
        self._running = False

    # -- public API ---------------------------------------------------------------------------------

    @property
    def host(self) -> str:
        return "127.0.0.1"

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the database created at start."""
        return self.url_for(self.dbname)

    def url_for(self, dbname: str) -> str:
        """SQLAlchemy URL (psycopg 3 driver) for a database on this server."""
        if self.port is None:
            raise RuntimeError("PostgresServer is not running")
        return f"postgresql+psycopg://{SERVER_USER}@{self.host}:{self.port}/{dbname}"

    @property
    def data_dir(self) -> Path:
        assert self.base_dir is not None, "PostgresServer is not running"
        return self.base_dir / "data"

    @property
    def socket_dir(self) -> Path:
        assert self.base_dir is not None, "PostgresServer is not running"
        return self.base_dir / "sock"

    @property
    def log_file(self) -> Path:
        assert self.base_dir is not None, "PostgresServer is not running"
        return self.base_dir / "server.log"

    def create_database(self, name: str | None = None) -> str:
        """Create a new empty database (unique name when none given) and return its SQLAlchemy URL."""
        name = _check_name(name or f"t_{uuid.uuid4().hex[:16]}")
        self._client("createdb", name)
        return self.url_for(name)

    def drop_database(self, name: str) -> None:
        """Drop a database, disconnecting any sessions still open on it."""
        self._client(
            "psql",
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-d",
            "postgres",
            "-c",
            f'DROP DATABASE IF EXISTS "{_check_name(name)}" WITH (FORCE)',
        )

    def start(self) -> PostgresServer:
        """Install if needed, initdb, start on a free loopback port and create ``dbname``."""
        if self._running:
            return self
        if self._bin_dir is None:
            self._bin_dir = ensure_postgres_installed()
        began = time.monotonic()
        self._as_user = self._server_user()
        self.base_dir = self._make_base_dir()
        atexit.register(self.stop)  # safety net if the ``with`` block is never left (e.g. KeyboardInterrupt)
        try:
            self._initdb()
            self._start_server()
            self._client("createdb", self.dbname)
        except BaseException:
            self.stop()
            raise
        self.start_seconds = time.monotonic() - began
        return self

    def stop(self) -> None:
        """Stop the server immediately (no checkpoint: the data is discarded) and delete its directory."""
        atexit.unregister(self.stop)
        base_dir = self.base_dir
        if base_dir is None:
            return
        data_dir = base_dir / "data"
        if self._running or (data_dir / "postmaster.pid").exists():
            try:
                self._server_cmd(
                    "pg_ctl", "stop", "-D", str(data_dir), "-m", "immediate", "-w", "-t", "30", timeout=60
                )
            except (ServerUnavailable, OSError):
                _kill_postmaster(data_dir)
        self._running = False
        self.port = None
        self.base_dir = None
        shutil.rmtree(base_dir, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- internals ----------------------------------------------------------------------------------

    def _server_user(self) -> str | None:
        """OS user to run initdb/postgres as: ``postgres`` when we are root, else ourselves (None)."""
        if not _is_root():
            return None
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError as exc:
            raise ServerUnavailable(
                f"running as root but there is no '{SERVER_USER}' OS user to run the server as "
                "(initdb refuses root; the Debian postgresql package creates that user)"
            ) from exc
        if shutil.which("runuser") is None and shutil.which("su") is None:
            raise ServerUnavailable(
                "running as root but neither runuser nor su is available to drop privileges"
            )
        return SERVER_USER

    def _make_base_dir(self) -> Path:
        """Temp dir owned by the server user. As root, fall back to /tmp if $TMPDIR is not reachable."""
        candidates = [Path(tempfile.gettempdir())]
        if self._as_user is not None and Path("/tmp") not in candidates:
            candidates.append(Path("/tmp"))
        for parent in candidates:
            base = Path(tempfile.mkdtemp(prefix="tracktwo-pg-", dir=parent))
            if self._as_user is None:
                return base
            entry = pwd.getpwnam(self._as_user)
            os.chown(base, entry.pw_uid, entry.pw_gid)
            probe = self._wrap(["test", "-w", str(base)])
            if (
                subprocess.run(
                    probe, stdin=subprocess.DEVNULL, capture_output=True, timeout=30, check=False
                ).returncode
                == 0
            ):
                return base
            shutil.rmtree(base, ignore_errors=True)
        raise ServerUnavailable(f"no temp directory writable by the '{self._as_user}' user in {candidates}")

    def _wrap(self, cmd: Sequence[str]) -> list[str]:
        if self._as_user is None:
            return list(cmd)
        if shutil.which("runuser"):
            return ["runuser", "-u", self._as_user, "--", *cmd]
        return ["su", "-s", "/bin/sh", "-c", shlex.join(cmd), self._as_user]

    def _server_cmd(
        self, program: str, *args: str, timeout: float = COMMAND_TIMEOUT, log_to: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run a server-side binary (initdb, pg_ctl) as the server user; raise ServerUnavailable on failure.

        ``log_to`` sends output to a file instead of pipes: ``pg_ctl start`` forks the postmaster, which
        must not inherit our pipes or ``run`` would wait for it to exit.
        """
        assert self._bin_dir is not None and self.base_dir is not None
        cmd = self._wrap([str(self._bin_dir / program), *args])
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = env["LANG"] = "C.UTF-8"
        try:
            if log_to is None:
                result = run_captured(cmd, timeout=timeout, env=env, cwd=self.base_dir)
                output = result.stdout + result.stderr
            else:
                with open(log_to, "w") as out:
                    result = subprocess.run(
                        cmd,
                        stdin=subprocess.DEVNULL,
                        stdout=out,
                        stderr=subprocess.STDOUT,
                        text=True,
                        timeout=timeout,
                        cwd=self.base_dir,
                        env=env,
                        check=False,
                    )
                output = log_to.read_text(errors="replace")
        except subprocess.TimeoutExpired as exc:
            raise ServerUnavailable(f"`{program} {' '.join(args)}` timed out after {timeout:.0f}s") from exc
        if result.returncode != 0:
            raise ServerUnavailable(f"`{program}` failed (exit {result.returncode}):\n{tail(output)}")
        return result

    def _client(self, program: str, *args: str) -> None:
        """Run a client binary (createdb, psql) as ourselves over TCP on 127.0.0.1 (trust auth)."""
        assert self._bin_dir is not None and self.port is not None
        cmd = [
            str(self._bin_dir / program),
            "-h",
            self.host,
            "-p",
            str(self.port),
            "-U",
            SERVER_USER,
            "-w",
            *args,
        ]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["PGCONNECT_TIMEOUT"] = "10"
        try:
            result = run_captured(cmd, timeout=COMMAND_TIMEOUT, env=env)
        except subprocess.TimeoutExpired as exc:
            raise ServerUnavailable(f"`{program} {' '.join(args)}` timed out") from exc
        if result.returncode != 0:
            raise ServerUnavailable(f"`{program} {' '.join(args)}` failed: {tail(result.stderr)}")

    def _initdb(self) -> None:
        args = ["-D", str(self.data_dir), "-U", SERVER_USER, "--auth=trust", "-E", "UTF8", "--locale=C"]
        if not self.durable:
            args.append("--no-sync")
        self._server_cmd("initdb", *args)
        # Only the Unix socket and IPv4 loopback may connect (trust auth, so nothing wider).
        hba = (
            "# written by tests/support/postgres_server.py\n"
            "local all all trust\n"
            "host  all all 127.0.0.1/32 trust\n"
        )
        (self.data_dir / "pg_hba.conf").write_text(hba)  # existing file: ownership is kept
        self.socket_dir.mkdir()
        if self._as_user is not None:
            entry = pwd.getpwnam(self._as_user)
            os.chown(self.socket_dir, entry.pw_uid, entry.pw_gid)

    def _server_options(self, port: int) -> str:
        opts = [f"-k {self.socket_dir}", "-h 127.0.0.1", f"-p {port}", "-c max_connections=200"]
        if not self.durable:
            opts += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        return " ".join(opts)

    def _start_server(self) -> None:
        last_error: ServerUnavailable | None = None
        for _ in range(self._start_attempts):
            port = free_port()
            try:
                self._server_cmd(
                    "pg_ctl",
                    "start",
                    "-D",
                    str(self.data_dir),
                    "-l",
                    str(self.log_file),
                    "-w",
                    "-t",
                    str(START_TIMEOUT),
                    "-o",
                    self._server_options(port),
                    timeout=START_TIMEOUT + 30,
                    log_to=self.data_dir.parent / "pg_ctl.out",
                )
            except ServerUnavailable as exc:
                # Most likely someone grabbed the port between free_port() and bind; try another.
                log = self.log_file.read_text(errors="replace") if self.log_file.exists() else ""
                last_error = ServerUnavailable(f"{exc.reason}\nserver log:\n{tail(log)}")
                _kill_postmaster(self.data_dir)
                continue
            self.port = port
            self._running = True
            return
        assert last_error is not None
        raise last_error


def _check_name(name: str) -> str:
    """Database names are interpolated into SQL and URLs, so only plain identifiers are allowed."""
    if not _NAME_RE.match(name):
        raise ValueError(f"database name must match {_NAME_RE.pattern}: {name!r}")
    return name


def _kill_postmaster(data_dir: Path) -> None:
    """Last resort when pg_ctl stop fails: SIGKILL the postmaster named in postmaster.pid."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        pid = int((data_dir / "postmaster.pid").read_text().splitlines()[0])
        os.kill(pid, signal.SIGKILL)
