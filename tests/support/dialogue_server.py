"""`tracktwo serve` as a real subprocess, for tests/web/test_durability.py and the dialogue
benchmarks (benchmarks/dialogue_common.py): a dialogue seeded into a store through the
services, the server started on 127.0.0.1 and a free port and waited for, participants who
exchange their invites for sessions through the API, and the votes as the store holds them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import select

from support import free_port
from tracktwo.dialogue.services.dialogues import DialogueSpec, create_dialogue
from tracktwo.dialogue.services.invites import InviteRequest, create_invites
from tracktwo.dialogue.services.organisers import create_organiser
from tracktwo.dialogue.services.statements import StatementDraft, add_statements
from tracktwo.dialogue.store.database import open_database
from tracktwo.dialogue.store.schema import VoteRow


@dataclass(frozen=True)
class SeededDialogue:
    dialogue_id: int
    slug: str
    statement_ids: tuple[int, ...]
    invite_tokens: tuple[str, ...]


def seed_dialogue(
    url: str,
    *,
    organiser: str,
    password: str,
    title: tuple[str, str],
    statements: Sequence[str],
    strata: Sequence[tuple[str, str]],
) -> SeededDialogue:
    """An organiser (`organiser`, email `<organiser in lower case>@example.org`), an open dialogue
    titled `title` (English, Chinese) with the English `statements`, accepted, and one unused
    invite per (country, sector) in `strata`."""
    database = open_database(url)
    try:
        with database.session() as session:
            made = create_organiser(session, f"{organiser.lower()}@example.org", password, organiser)
            dialogue = create_dialogue(session, made.id, DialogueSpec(title_en=title[0], title_zh=title[1]))
            added = add_statements(
                session, dialogue.slug, made.id, [StatementDraft(text_en=text) for text in statements]
            )
            invites = create_invites(
                session,
                dialogue.slug,
                made.id,
                [InviteRequest(country, sector) for country, sector in strata],
            )
    finally:
        database.dispose()
    return SeededDialogue(
        dialogue.id, dialogue.slug, tuple(s.id for s in added), tuple(i.token for i in invites)
    )


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base_url: str
    log_path: Path


def serve_command(db: str, port: int) -> list[str]:
    """`python -m tracktwo.cli serve --db DB` on 127.0.0.1:`port`."""
    return [
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


@contextmanager
def served(
    command: Sequence[str],
    port: int,
    log: Path,
    *,
    start_timeout: float,
    kill: bool = False,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> Iterator[Server]:
    """`command`, a server that will answer on 127.0.0.1:`port`, run with its output appended to
    `log` (and `env` added to the environment) until it answers; stopped when the block ends:
    with SIGKILL when `kill`, else SIGTERM and SIGKILL after 10 s."""
    with open(log, "ab") as out:
        process = subprocess.Popen(
            list(command),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=cwd,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        )
    server = Server(process, f"http://127.0.0.1:{port}", log)
    try:
        wait_until_up(server, start_timeout)
        yield server
    finally:
        stop(process, kill=kill)


@contextmanager
def served_cli(db: str, log: Path, *, start_timeout: float, kill: bool = False) -> Iterator[Server]:
    """`tracktwo serve --db DB` (see `serve_command`) on a free port, as in `served`."""
    port = free_port()
    with served(serve_command(db, port), port, log, start_timeout=start_timeout, kill=kill) as server:
        yield server


def wait_until_up(server: Server, timeout: float) -> None:
    """Until the server answers GET /static/tracktwo.css; RuntimeError with the log's end if it
    exits first or does not answer within `timeout` seconds."""
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


def stop(process: subprocess.Popen[bytes], *, kill: bool = False) -> None:
    """SIGKILL when `kill`, else SIGTERM and SIGKILL if it is still there after 10 s; then reaped."""
    if process.poll() is None:
        if kill:
            process.kill()
        else:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    process.wait(timeout=10)


def open_sessions(base_url: str, invite_tokens: Sequence[str], *, timeout: float = 30.0) -> list[str]:
    """Each invite exchanged for a session token, terms accepted (through the API); RuntimeError
    with the answer when either step fails."""
    tokens = []
    with httpx.Client(base_url=base_url, timeout=timeout) as client:
        for invite in invite_tokens:
            answer = client.post("/api/v1/participant/session", json={"invite": invite})
            if answer.status_code != 201:
                raise RuntimeError(f"session for an invite: {answer.status_code} {answer.text}")
            token: str = answer.json()["session_token"]
            terms = client.post("/api/v1/participant/terms", headers={"Authorization": f"Bearer {token}"})
            if terms.status_code != 200:
                raise RuntimeError(f"accepting the terms: {terms.status_code} {terms.text}")
            tokens.append(token)
    return tokens


def stored_votes(url: str, dialogue_id: int) -> list[tuple[str | None, int, int]]:
    """Every vote of the dialogue in the store, read directly: (client key, vote id, value)."""
    database = open_database(url, migrate=False)
    try:
        with database.session() as session:
            rows = session.execute(
                select(VoteRow.client_key, VoteRow.id, VoteRow.value).where(
                    VoteRow.dialogue_id == dialogue_id
                )
            ).all()
    finally:
        database.dispose()
    return [(key, vote_id, value) for key, vote_id, value in rows]
