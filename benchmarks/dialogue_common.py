"""Shared setup of the dialogue benchmarks: a dialogue put into a store through the
services, a `tracktwo serve` subprocess on loopback, and participants who exchange
their invites for sessions through the API."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tracktwo.dialogue.services.dialogues import DialogueSpec, create_dialogue
from tracktwo.dialogue.services.invites import InviteRequest, create_invites
from tracktwo.dialogue.services.organisers import create_organiser
from tracktwo.dialogue.services.statements import StatementDraft, add_statements
from tracktwo.dialogue.store.database import open_database

BENCHMARKS = Path(__file__).resolve().parent
REPO = BENCHMARKS.parent
TESTS = REPO / "tests"
COUNTRIES = ("US", "CN")
SECTORS = ("science", "civil_society", "academia", "policy")


@dataclass(frozen=True)
class SeededDialogue:
    dialogue_id: int
    slug: str
    statement_ids: tuple[int, ...]
    invite_tokens: tuple[str, ...]


def seed_dialogue(url: str, n_participants: int, n_statements: int) -> SeededDialogue:
    """An organiser, an open dialogue with `n_statements` accepted statements and
    `n_participants` unused invites, spread over the countries and sectors."""
    database = open_database(url)
    try:
        with database.session() as session:
            organiser = create_organiser(session, "bench@example.org", "benchmark password 123", "Bench")
            dialogue = create_dialogue(session, organiser.id, DialogueSpec(title_en="Load", title_zh="负载"))
            statements = add_statements(
                session,
                dialogue.slug,
                organiser.id,
                [
                    StatementDraft(text_en=f"Benchmark statement number {i} on safety testing.")
                    for i in range(n_statements)
                ],
            )
            invites = create_invites(
                session,
                dialogue.slug,
                organiser.id,
                [
                    InviteRequest(COUNTRIES[i % len(COUNTRIES)], SECTORS[(i // 2) % len(SECTORS)])
                    for i in range(n_participants)
                ],
            )
    finally:
        database.dispose()
    return SeededDialogue(
        dialogue.id, dialogue.slug, tuple(s.id for s in statements), tuple(i.token for i in invites)
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base_url: str
    log_path: Path


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
    command = [
        sys.executable,
        "-m",
        "tracktwo.cli",
        "serve",
        "--db",
        db,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    if debounce is not None or workers != 1:
        debounce = 0.5 if debounce is None else debounce
        command = [sys.executable, "-c", LAUNCHER, db, str(port), str(debounce), str(workers)]
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=REPO,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "TRACKTWO_BENCH_DIR": str(BENCHMARKS)},
        )
    server = Server(process, f"http://127.0.0.1:{port}", log)
    try:
        wait_until_up(server, start_timeout)
        yield server
    finally:
        stop(process)


def wait_until_up(server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"server exited ({server.process.returncode}):\n{server.log_path.read_text()[-3000:]}"
            )
        try:
            if httpx.get(f"{server.base_url}/static/tracktwo.css", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server did not answer within {timeout} s:\n{server.log_path.read_text()[-3000:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def open_sessions(base_url: str, invite_tokens: Sequence[str]) -> list[str]:
    """Each invite exchanged for a session token, terms accepted (through the API)."""
    tokens = []
    with httpx.Client(base_url=base_url, timeout=30.0) as client:
        for invite in invite_tokens:
            answer = client.post("/api/v1/participant/session", json={"invite": invite})
            answer.raise_for_status()
            token = answer.json()["session_token"]
            client.post(
                "/api/v1/participant/terms", headers={"Authorization": f"Bearer {token}"}
            ).raise_for_status()
            tokens.append(token)
    return tokens


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
