"""Find or install Debian's Chromium for browser tests.

Playwright cannot download its own browser here (no access to its CDN), so tests drive the distro's
``/usr/bin/chromium`` through ``executable_path``. On a fresh CI machine running as root the package is
installed on first use; elsewhere the browser tests are skipped with the reason.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

from support import InstallError, find_or_install

CHROMIUM_PATH = Path("/usr/bin/chromium")
# A CJK font too, so that screenshots of Chinese pages show characters rather than boxes.
CHROMIUM_PACKAGES = ("chromium", "fonts-wqy-zenhei")

# Headless, no sandbox (we run as root in CI), and nothing that phones home or updates itself mid-test.
CHROMIUM_ARGS: list[str] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]

_install_lock = threading.Lock()


class BrowserUnavailable(RuntimeError):
    """Chromium is missing and cannot be installed; ``reason`` is meant for a pytest skip message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def find_chromium() -> Path | None:
    """Path to an installed Debian Chromium, or None."""
    if CHROMIUM_PATH.exists():
        return CHROMIUM_PATH
    found = shutil.which("chromium")
    return Path(found) if found else None


def chromium_version(path: Path, timeout: float = 30.0) -> str:
    """``chromium --version`` output, e.g. for logging which browser the tests ran against."""
    result = subprocess.run(
        [str(path), "--version"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return (result.stdout or result.stderr).strip()


def ensure_chromium() -> Path:
    """Return the Chromium executable, installing Debian's ``chromium`` package when absent and root.

    Raises BrowserUnavailable when it is absent and cannot be installed (not root, no apt-get, apt
    failed or timed out).
    """
    with _install_lock:
        try:
            return find_or_install(
                find_chromium,
                CHROMIUM_PACKAGES,
                what=str(CHROMIUM_PATH),
                name="Chromium",
                not_found=f"{CHROMIUM_PATH} is missing",
            )
        except InstallError as exc:
            raise BrowserUnavailable(str(exc)) from exc
