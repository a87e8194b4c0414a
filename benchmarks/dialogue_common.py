"""Shared setup of the dialogue benchmarks: a dialogue put into a store through the
services, a `tracktwo serve` subprocess on loopback, and participants who exchange
their invites for sessions through the API. The pieces the durability test uses too live in
tests/support/dialogue_server.py (imported as `support.dialogue_server`: importing this module
puts tests/ on sys.path); the diagnostic launcher and the CPU counters are the benchmarks' own."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BENCHMARKS = Path(__file__).resolve().parent
REPO = BENCHMARKS.parent
TESTS = REPO / "tests"
# The seeding, server and session helpers are shared with the tests (`support.dialogue_server`).
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from support import free_port  # noqa: E402
from support.dialogue_server import (  # noqa: E402
    SeededDialogue,
    Server,
    open_sessions,
    serve_command,
    stored_votes,
)
from support.dialogue_server import seed_dialogue as _seed_dialogue  # noqa: E402
from support.dialogue_server import served as _served  # noqa: E402

__all__ = ["SeededDialogue", "Server", "open_sessions", "stored_votes"]

COUNTRIES = ("US", "CN")
SECTORS = ("science", "civil_society", "academia", "policy")


def seed_dialogue(url: str, n_participants: int, n_statements: int) -> SeededDialogue:
    """An organiser, an open dialogue with `n_statements` accepted statements and
    `n_participants` unused invites, spread over the countries and sectors."""
    return _seed_dialogue(
        url,
        organiser="Bench",
        password="benchmark password 123",
        title=("Load", "负载"),
        statements=[f"Benchmark statement number {i} on safety testing." for i in range(n_statements)],
        strata=[
            (COUNTRIES[i % len(COUNTRIES)], SECTORS[(i // 2) % len(SECTORS)]) for i in range(n_participants)
        ],
    )


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


# What `tracktwo serve` does (cli/serve.py::_run), with the recompute debounce as an
# argument: a diagnostic only, to see what the background recompute costs the votes.
LAUNCHER = """
import os, sys, uvicorn
sys.path.insert(0, os.environ["TRACKTWO_BENCH_DIR"])
url, port, debounce, workers = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
os.environ["TRACKTWO_BENCH_URL"], os.environ["TRACKTWO_BENCH_DEBOUNCE"] = url, str(debounce)
uvicorn.run("dialogue_common:app_from_environment", factory=True, workers=workers,
            host="127.0.0.1", port=port, log_level="info", proxy_headers=False)
"""


def app_from_environment() -> Any:
    """The app for LAUNCHER's workers (each worker process builds its own)."""
    from tracktwo.web.app import create_app
    from tracktwo.web.settings import WebSettings

    settings = WebSettings(
        database_url=os.environ["TRACKTWO_BENCH_URL"],
        recompute_debounce_seconds=float(os.environ["TRACKTWO_BENCH_DEBOUNCE"]),
    )
    return create_app(settings)


@contextmanager
def served(
    db: str, *, debounce: float | None = None, workers: int = 1, start_timeout: float = 60.0
) -> Iterator[Server]:
    """`python -m tracktwo.cli serve --db DB` on 127.0.0.1 and a free port, until it answers;
    stopped (SIGTERM, then SIGKILL) when the block ends. With `debounce` or `workers`, the
    same app is started through LAUNCHER (a diagnostic; DB must then be a URL)."""
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="tracktwo-serve-", suffix=".log")[1])
    command = serve_command(db, port)
    if debounce is not None or workers != 1:
        debounce = 0.5 if debounce is None else debounce
        command = [sys.executable, "-c", LAUNCHER, db, str(port), str(debounce), str(workers)]
    with _served(
        command,
        port,
        log,
        start_timeout=start_timeout,
        cwd=REPO,
        env={"TRACKTWO_BENCH_DIR": str(BENCHMARKS)},
    ) as server:
        yield server


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its live child processes (uvicorn workers)."""
    import psutil

    parent = psutil.Process(pid)
    total = 0.0
    for process in [parent, *parent.children(recursive=True)]:
        times = process.cpu_times()
        total += times.user + times.system
    return total


def machine_busy_seconds() -> tuple[float, float]:
    """(busy CPU seconds, total CPU seconds) of the whole machine since boot, all cores."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    ticks = os.sysconf("SC_CLK_TCK")
    idle = values[3] + values[4]
    total = sum(values[:8])
    return (total - idle) / ticks, total / ticks
