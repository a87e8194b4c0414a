"""Votes: an append-only log, idempotent on re-send, acknowledged only once committed."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tracktwo.dialogue.errors import Conflict, Forbidden, InvalidInput, NotFound
from tracktwo.dialogue.services.dialogues import dialogue_view
from tracktwo.dialogue.services.statements import statement_row
from tracktwo.dialogue.store.schema import Dialogue, Participant, VoteRow, utc_now
from tracktwo.dialogue.views import VoteReceipt

VOTE_VALUES = {"agree": 1, "disagree": -1, "pass": 0}
CLIENT_KEY_MAX = 64


def vote_value(value: int | str) -> int:
    """+1, -1 or 0 from an int or the words agree / disagree / pass."""
    if isinstance(value, str):
        if value not in VOTE_VALUES:
            raise InvalidInput(f"vote must be agree, disagree or pass; got {value!r}")
        return VOTE_VALUES[value]
    if isinstance(value, bool) or not isinstance(value, int) or value not in (1, -1, 0):
        raise InvalidInput(f"vote must be 1 (agree), -1 (disagree) or 0 (pass); got {value!r}")
    return value


def cast_vote(
    session: Session,
    participant: Participant,
    statement_id: int,
    value: int | str,
    client_key: str | None = None,
) -> VoteReceipt:
    """Record a vote. Re-sending the same vote (same client key, or the same value as the
    participant's latest vote on the statement) returns the first receipt and adds nothing."""
    number = vote_value(value)
    if client_key is not None and not (0 < len(client_key) <= CLIENT_KEY_MAX and client_key.isprintable()):
        raise InvalidInput(
            f"the idempotency key must have 1 to {CLIENT_KEY_MAX} characters and no control characters"
        )
    if participant.withdrawn_at is not None:
        raise Forbidden("this participant has withdrawn")
    if participant.accepted_terms_at is None:
        raise Forbidden("accept the privacy terms before voting")
    dialogue_row = session.get(Dialogue, participant.dialogue_id)
    if dialogue_row is None or not dialogue_view(dialogue_row).is_open(utc_now()):
        raise Forbidden("this dialogue is not open for votes")
    statement = statement_row(session, statement_id)
    if statement is None or statement.dialogue_id != participant.dialogue_id or statement.state != "accepted":
        raise NotFound(f"no statement {statement_id} to vote on in this dialogue")
    if client_key is not None:
        earlier = session.scalar(
            select(VoteRow).where(VoteRow.participant_id == participant.id, VoteRow.client_key == client_key)
        )
        if earlier is not None:
            return _repeat(earlier, statement_id, number)
    latest = session.scalar(
        select(VoteRow)
        .where(VoteRow.participant_id == participant.id, VoteRow.statement_id == statement_id)
        .order_by(VoteRow.id.desc())
        .limit(1)
    )
    if latest is not None and latest.value == number:
        return VoteReceipt(latest.id, statement_id, number, repeated=True)
    vote_id = _insert_vote(session, participant, statement_id, number, client_key)
    if vote_id is None:
        # The same key arrived twice at once; the other request's row won.
        earlier = session.scalar(
            select(VoteRow).where(VoteRow.participant_id == participant.id, VoteRow.client_key == client_key)
        )
        if earlier is None:
            raise Conflict("this vote clashed with another request; send it again")
        return _repeat(earlier, statement_id, number)
    return VoteReceipt(vote_id, statement_id, number, repeated=False)


def _insert_vote(
    session: Session, participant: Participant, statement_id: int, number: int, client_key: str | None
) -> int | None:
    """Insert the vote row and return its id, or None when a row with this client key exists.

    ON CONFLICT DO NOTHING rather than a SAVEPOINT around the insert: pysqlite starts no
    transaction before a SAVEPOINT, so its RELEASE would commit the vote on SQLite even when
    the caller's transaction later rolls back.
    """
    values = {
        "dialogue_id": participant.dialogue_id,
        "participant_id": participant.id,
        "statement_id": statement_id,
        "value": number,
        "client_key": client_key,
        "created_at": utc_now(),
    }
    conflict_columns = ["participant_id", "client_key"]
    if session.get_bind().dialect.name == "postgresql":
        pg_insert = postgresql.insert(VoteRow).values(**values)
        return session.scalar(
            pg_insert.on_conflict_do_nothing(index_elements=conflict_columns).returning(VoteRow.id)
        )
    lite_insert = sqlite.insert(VoteRow).values(**values)
    return session.scalar(
        lite_insert.on_conflict_do_nothing(index_elements=conflict_columns).returning(VoteRow.id)
    )


def _repeat(earlier: VoteRow, statement_id: int, number: int) -> VoteReceipt:
    if earlier.statement_id != statement_id or earlier.value != number:
        raise Conflict("this idempotency key was used for a different vote")
    return VoteReceipt(earlier.id, statement_id, number, repeated=True)


def voted_statements(session: Session, participant_id: int) -> dict[int, int]:
    """The participant's current vote on each statement they voted on (latest row wins)."""
    latest = (
        select(VoteRow.statement_id, func.max(VoteRow.id).label("last"))
        .where(VoteRow.participant_id == participant_id)
        .group_by(VoteRow.statement_id)
        .subquery()
    )
    rows = session.execute(
        select(VoteRow.statement_id, VoteRow.value).join(latest, VoteRow.id == latest.c.last)
    )
    return {statement: value for statement, value in rows}


def vote_count(session: Session, dialogue_id: int) -> int:
    return int(session.scalar(select(func.count(VoteRow.id)).where(VoteRow.dialogue_id == dialogue_id)) or 0)
