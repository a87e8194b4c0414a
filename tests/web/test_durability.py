"""An acknowledged vote survives a SIGKILL of the server process.

`tracktwo serve` runs as a subprocess on 127.0.0.1; client threads send a burst of votes,
each with its own idempotency key, and record every vote the server acknowledged (201).
Mid-burst the server gets SIGKILL. The store must then hold every acknowledged vote with
its value, and after a restart, re-sending the acknowledged votes must answer 200
"repeated" with the first receipt and add no row.

On PostgreSQL the test server runs with fsync off; that does not weaken the test, since
what is killed is the application process, not the database.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from support.dialogue_server import SeededDialogue, open_sessions, seed_dialogue, served_cli, stored_votes

PARTICIPANTS = 30
STATEMENTS = 30
THREADS = 6
KILL_AFTER = 120  # acknowledged votes before the SIGKILL; the plan has PARTICIPANTS * STATEMENTS
START_TIMEOUT = 30.0
VALUES = {"agree": 1, "disagree": -1, "pass": 0}


@dataclass(frozen=True)
class PlannedVote:
    token: str
    statement: int
    value: str
    key: str


@dataclass(frozen=True)
class Ack:
    vote: PlannedVote
    vote_id: int


def _seed(url: str) -> SeededDialogue:
    return seed_dialogue(
        url,
        organiser="Kill",
        password="a long enough password",
        title=("Kill", "终止"),
        statements=[f"Durability statement {i}." for i in range(STATEMENTS)],
        strata=[("US" if i % 2 else "CN", "science") for i in range(PARTICIPANTS)],
    )


def _plan(tokens: list[str], statements: Sequence[int]) -> list[PlannedVote]:
    """Round by round, every participant votes once, so none nears the vote rate limit."""
    names = list(VALUES)
    return [
        PlannedVote(token, statement, names[(p + s) % 3], f"k-{p}-{s}")
        for s, statement in enumerate(statements)
        for p, token in enumerate(tokens)
    ]


def _post(client: httpx.Client, vote: PlannedVote) -> httpx.Response:
    return client.post(
        "/api/v1/participant/votes",
        json={"statement": vote.statement, "vote": vote.value, "client_key": vote.key},
        headers={"Authorization": f"Bearer {vote.token}"},
    )


def _burst_and_kill(
    base: str, process: subprocess.Popen[bytes], plan: list[PlannedVote]
) -> tuple[list[Ack], int]:
    """Votes from THREADS threads; SIGKILL once KILL_AFTER are acknowledged. Returns the
    acknowledged votes and how many requests failed because the server was gone."""
    todo: queue.Queue[PlannedVote] = queue.Queue()
    for vote in plan:
        todo.put(vote)
    acks: list[Ack] = []
    failures: list[str] = []
    lock = threading.Lock()
    killed = threading.Event()

    def kill() -> None:
        if not killed.is_set():
            killed.set()
            os.kill(process.pid, signal.SIGKILL)

    def client_thread() -> None:
        with httpx.Client(base_url=base, timeout=10.0) as client:
            while True:
                try:
                    vote = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    answer = _post(client, vote)
                except httpx.TransportError:
                    with lock:
                        failures.append(vote.key)
                    if killed.is_set():
                        return
                    continue
                with lock:
                    if answer.status_code in (200, 201):
                        acks.append(Ack(vote, answer.json()["vote_id"]))
                        if len(acks) >= KILL_AFTER:
                            kill()
                    else:
                        failures.append(f"{vote.key}: {answer.status_code} {answer.text}")

    threads = [threading.Thread(target=client_thread) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert killed.is_set(), f"the burst ended before the kill; failures: {failures[:5]}"
    assert not todo.empty(), "the kill came after the last vote: not mid-burst"
    return acks, len(failures)


def _stored(url: str, dialogue_id: int) -> dict[str, tuple[int, int]]:
    rows = stored_votes(url, dialogue_id)
    stored = {key: (vote_id, value) for key, vote_id, value in rows if key is not None}
    assert len(stored) == len(rows), "a vote without a client key, or two with the same key"
    return stored


def _check_kill_survival(db: str, url: str, log: Path) -> None:
    seeded = _seed(url)
    dialogue_id = seeded.dialogue_id
    with served_cli(db, log, start_timeout=START_TIMEOUT, kill=True) as server:
        tokens = open_sessions(server.base_url, seeded.invite_tokens, timeout=10.0)
        acks, failed = _burst_and_kill(server.base_url, server.process, _plan(tokens, seeded.statement_ids))
        server.process.wait(timeout=10)
        assert server.process.returncode == -signal.SIGKILL
    assert len(acks) >= KILL_AFTER
    assert failed >= 1, "no request met the dead server: the kill was not mid-burst"

    stored = _stored(url, dialogue_id)
    missing = [a.vote.key for a in acks if stored.get(a.vote.key) != (a.vote_id, VALUES[a.vote.value])]
    assert not missing, f"{len(missing)} acknowledged votes lost or changed, e.g. {missing[:5]}"
    # Unacknowledged requests in flight at the kill may or may not have committed; nothing else may be there.
    planned_keys = {f"k-{p}-{s}" for p in range(PARTICIPANTS) for s in range(STATEMENTS)}
    assert set(stored) <= planned_keys

    # Restart on the same store: re-sent acknowledged votes are repeats with the first receipt.
    with (
        served_cli(db, log, start_timeout=START_TIMEOUT, kill=True) as server,
        httpx.Client(base_url=server.base_url, timeout=10.0) as client,
    ):
        for ack in acks:
            answer = _post(client, ack.vote)
            assert answer.status_code == 200, answer.text
            body = answer.json()
            assert body["repeated"] is True and body["vote_id"] == ack.vote_id
    assert _stored(url, dialogue_id) == stored


def test_acknowledged_votes_survive_sigkill_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "kill.db"
    _check_kill_survival(str(path), f"sqlite:///{path}", tmp_path / "server.log")


def test_acknowledged_votes_survive_sigkill_postgresql(postgres_url: str, tmp_path: Path) -> None:
    _check_kill_survival(postgres_url, postgres_url, tmp_path / "server.log")
