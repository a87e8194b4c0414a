"""Test support: start real PostgreSQL and Chromium from inside the test suite.

CI runs ``make test`` on a clean machine, as root, without a terminal, so the helpers here install
missing Debian packages themselves (non-interactively, with timeouts) instead of asking a person to.
The shared ``apt_install`` and ``find_or_install`` live here so both ``postgres_server`` and ``chromium``
use one code path; so does ``free_port``, for every helper that starts a server on loopback.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path

APT_LISTS = Path("/var/lib/apt/lists")
APT_UPDATE_TIMEOUT = 300.0
APT_INSTALL_TIMEOUT = 900.0
# How long apt waits for another apt/dpkg (e.g. a parallel pytest-xdist worker) to release its lock.
APT_LOCK_WAIT_SECONDS = 600


class InstallError(RuntimeError):
    """A Debian package could not be installed; the message says why, for use in a skip reason."""


def tail(text: str, lines: int = 15) -> str:
    """The last `lines` lines of a command's output or a log, for error messages."""
    return "\n".join(text.strip().splitlines()[-lines:])


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now (a server started on it may still lose a race)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_captured(
    cmd: Sequence[str], *, timeout: float, env: dict[str, str], cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`cmd` run to the end without input, its output captured as text; the caller checks the
    exit status (subprocess.TimeoutExpired after `timeout` seconds)."""
    return subprocess.run(
        cmd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        env=env,
        check=False,
    )


def _run_apt(args: Sequence[str], timeout: float) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive", APT_LISTCHANGES_FRONTEND="none")
    cmd = ["apt-get", "-o", f"DPkg::Lock::Timeout={APT_LOCK_WAIT_SECONDS}", *args]
    try:
        return run_captured(cmd, timeout=timeout, env=env)
    except subprocess.TimeoutExpired as exc:
        raise InstallError(f"`{' '.join(cmd)}` timed out after {timeout:.0f}s") from exc


def _have_package_lists() -> bool:
    """True when `apt-get update` has been run at least once (Docker images often ship without lists)."""
    return APT_LISTS.is_dir() and any(
        p.name.endswith(("_Packages", "_Packages.lz4", "_Packages.gz", "_Packages.xz"))
        for p in APT_LISTS.iterdir()
    )


def can_apt_install() -> str | None:
    """None when we may install packages, else the reason we may not (shown in skip messages)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "not running as root, so cannot install Debian packages"
    if shutil.which("apt-get") is None:
        return "apt-get is not available on this machine"
    return None


def apt_install(packages: Sequence[str], timeout: float = APT_INSTALL_TIMEOUT) -> float:
    """Install Debian packages non-interactively; return the seconds it took.

    `apt-get update` runs only when there are no package lists, or when the install fails (stale lists
    point at package versions the mirror no longer has). Raises InstallError with apt's last lines.
    """
    reason = can_apt_install()
    if reason is not None:
        raise InstallError(reason)
    start = time.monotonic()
    updated = False
    if not _have_package_lists():
        _run_apt(["update"], APT_UPDATE_TIMEOUT)
        updated = True
    install = ["install", "-y", "--no-install-recommends", *packages]
    result = _run_apt(install, timeout)
    if result.returncode != 0 and not updated:
        # A failing source (e.g. a third-party repo) makes `update` exit non-zero but the Debian lists
        # are still refreshed, so retry the install whatever `update` returned.
        _run_apt(["update"], APT_UPDATE_TIMEOUT)
        result = _run_apt(install, timeout)
    if result.returncode != 0:
        raise InstallError(
            f"`apt-get install {' '.join(packages)}` failed (exit {result.returncode}):\n"
            f"{tail(result.stdout + result.stderr)}"
        )
    return time.monotonic() - start


def find_or_install(
    find: Callable[[], Path | None], packages: Sequence[str], *, what: str, name: str, not_found: str
) -> Path:
    """What `find` finds, installing the Debian `packages` first when it finds nothing.

    Raises InstallError, with a message meant for a skip reason, when `what` is not installed and
    cannot be (not root, no apt-get, apt failed or timed out), or when `find` still finds nothing
    after the install (`not_found` says what is missing). `name` names the software in messages.
    """
    found = find()
    if found is not None:
        return found
    reason = can_apt_install()
    if reason is not None:
        raise InstallError(f"{what} is not installed and {reason}")
    try:
        apt_install(packages)
    except InstallError as exc:
        raise InstallError(f"installing {name} failed: {exc}") from exc
    found = find()
    if found is None:
        raise InstallError(f"apt-get installed {packages} but {not_found}")
    return found
