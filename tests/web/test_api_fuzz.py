"""Property-based fuzzing of the whole JSON API with schemathesis, from its OpenAPI document.

Every operation gets generated requests (valid and invalid) with real credentials: the
organiser's bearer token on organiser operations, a participant's session token on
participant operations, and the slug and statement ids of a dialogue that exists, so the
requests reach the code behind the authentication. What must hold for every input: no
server error (5xx), and every answer has a status, media type and body the OpenAPI
document declares.

On SQLite and PostgreSQL; derandomized so CI sees the same cases every run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis import BaseSchema
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from support.postgres_server import PostgresServer, ServerUnavailable
from tracktwo.dialogue.services.dialogues import DialogueSpec, create_dialogue
from tracktwo.dialogue.services.invites import (
    InviteRequest,
    accept_terms,
    create_invites,
    participant_row_for_session_id,
    redeem_invite,
)
from tracktwo.dialogue.services.organisers import create_organiser, issue_api_token
from tracktwo.dialogue.services.statements import StatementDraft, add_statements
from tracktwo.dialogue.services.voting import cast_vote
from tracktwo.web.app import create_app
from tracktwo.web.rate_limit import RateLimit, RateLimits
from tracktwo.web.settings import WebSettings

OPENAPI = "/api/v1/openapi.json"
PARTICIPANTS = 12
# Fuzzing sends requests far faster than people do; the limits are tested in test_api_security.py.
GENEROUS = RateLimit(rate_per_second=10_000, burst=10_000)


@dataclass
class FuzzWorld:
    """An app with an organiser, a dialogue with statements, and participants in session."""

    app: FastAPI
    organiser_id: int
    organiser_token: str
    slug: str
    statement_ids: list[int]  # voted on; never edited or moderated by the fuzzer
    editable_ids: list[int]  # edited and moderated by the fuzzer
    sessions: list[str]
    served: int = 0

    def next_session(self) -> str:
        self.served += 1
        return self.sessions[self.served % len(self.sessions)]

    def new_invites(self, count: int) -> list[str]:
        database = self.app.state.tracktwo.database
        with database.session() as session:
            made = create_invites(
                session, self.slug, self.organiser_id, [InviteRequest("CN", "academia")] * count
            )
        return [invite.token for invite in made]

    def new_session(self) -> str:
        """A participant of their own (for withdrawal, which ends the session)."""
        database = self.app.state.tracktwo.database
        with database.session() as session:
            participant, token = redeem_invite(session, self.new_invites(1)[0])
            accept_terms(session, participant.id)
        return token


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def fuzz_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """SQLite, and PostgreSQL too: it refuses inputs SQLite takes (NUL characters, ids beyond
    32 bits), and fuzzing found server errors there that SQLite could not show."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('fuzz')}/fuzz.db"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    try:
        url = server.create_database()
    except ServerUnavailable as exc:
        pytest.skip(f"PostgreSQL unavailable: could not create a database: {exc.reason}")
    yield url
    with contextlib.suppress(ServerUnavailable):
        server.drop_database(url.rsplit("/", 1)[1])


@pytest.fixture(scope="module")
def fuzz_world(fuzz_url: str) -> Iterator[FuzzWorld]:
    """One world per backend for the whole module: the operations' cases pile up in it, as in real use."""
    settings_ = WebSettings(
        database_url=fuzz_url,
        rate_limits=RateLimits(login=GENEROUS, votes=GENEROUS, statements=GENEROUS, api_tokens=GENEROUS),
    )
    app = create_app(settings_)
    database = app.state.tracktwo.database
    with database.session() as session:
        organiser = create_organiser(session, "fuzz@example.org", "correct horse battery staple", "Fuzz")
        token = issue_api_token(session, organiser.id)
        dialogue = create_dialogue(
            session, organiser.id, DialogueSpec(title_en="Fuzzed dialogue", title_zh="模糊测试", privacy_k=2)
        )
        statements = add_statements(
            session,
            dialogue.slug,
            organiser.id,
            [StatementDraft(text_en=f"Statement {i}", text_zh=f"陈述 {i}") for i in range(8)],
        )
        invites = create_invites(
            session,
            dialogue.slug,
            organiser.id,
            [InviteRequest(("US", "CN")[i % 2], "science") for i in range(PARTICIPANTS)],
        )
    sessions = []
    for number, invite in enumerate(invites):
        with database.session() as session:
            participant, session_token = redeem_invite(session, invite.token)
            accept_terms(session, participant.id)
        sessions.append(session_token)
        # Votes from two camps, so results, joint statement and export have a model to show.
        with database.session() as session:
            row = participant_row_for_session_id(session, participant.id)
            for index, statement in enumerate(statements[:5]):
                cast_vote(session, row, statement.id, 1 if (number + index) % 2 else -1)
    try:
        ids = [s.id for s in statements]
        yield FuzzWorld(app, organiser.id, token, dialogue.slug, ids[:5], ids[5:], sessions)
    finally:
        database.dispose()


def _load_schema() -> BaseSchema:
    """The OpenAPI document, read from an app on an in-memory store (the document does not
    depend on the data; each test sends its requests to an app of its own, see `case.call`).

    Loaded eagerly: schemathesis' fixture-based lazy loading does not work with pytest 9."""
    loader = create_app(WebSettings(database_url="sqlite://"))
    try:
        return schemathesis.openapi.from_asgi(OPENAPI, loader)
    finally:
        loader.state.tracktwo.database.dispose()


schema = _load_schema()


def _real_statement(ids: list[int], value: Any) -> Any:
    """Half the generated statement ids become ids that exist, so votes and edits get through."""
    if isinstance(value, int) and not isinstance(value, bool) and value % 2 == 0:
        return ids[(value // 2) % len(ids)]
    return value


def aim_at_the_world(case: Any, world: FuzzWorld) -> None:
    """Credentials and identifiers that exist, in place of generated ones."""
    path = case.operation.path
    if "slug" in case.path_parameters:
        case.path_parameters["slug"] = world.slug
    if "statement_id" in case.path_parameters:
        case.path_parameters["statement_id"] = _real_statement(
            world.editable_ids, case.path_parameters["statement_id"]
        )
    if path.startswith("/api/v1/participant"):
        # Withdrawal ends a session, so it gets a participant of its own.
        withdrawing = case.operation.method.upper() == "DELETE"
        token = world.new_session() if withdrawing else world.next_session()
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
        body = case.body
        if path.endswith("/votes") and isinstance(body, dict) and "statement" in body:
            body["statement"] = _real_statement(world.statement_ids, body["statement"])
        invite = body.get("invite") if isinstance(body, dict) else None
        if path.endswith("/session") and isinstance(invite, str) and len(invite) % 2 == 0:
            body["invite"] = world.new_invites(1)[0]
    else:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {world.organiser_token}"}
        if path.endswith("/invites") and isinstance(case.body, dict):
            _real_strata(case.body.get("invites"))


def _real_strata(invites: Any) -> None:
    """Every other generated invite asks for a stratum the dialogue has, so some are made."""
    if not isinstance(invites, list):
        return
    for number, invite in enumerate(invites):
        if isinstance(invite, dict) and number % 2 == 0:
            invite["country"], invite["sector"] = ("US", "science")


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_input_makes_the_api_fail(case: Any, fuzz_world: FuzzWorld) -> None:
    aim_at_the_world(case, fuzz_world)
    response = case.call(app=fuzz_world.app)
    assert response.status_code < 500, (case.operation.label, response.status_code, response.text[:500])
    assert "content-security-policy" in response.headers
    case.validate_response(
        response,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
