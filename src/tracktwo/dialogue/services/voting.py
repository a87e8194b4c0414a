"""Votes: an append-only log, idempotent on re-send, acknowledged only once committed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Select, Table, bindparam, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tracktwo.dialogue.errors import Conflict, Forbidden, InvalidInput, NotFound
from tracktwo.dialogue.services.dialogues import dialogue_view
from tracktwo.dialogue.services.statements import MAX_ID
from tracktwo.dialogue.store.schema import Dialogue, Participant, StatementRow, VoteRow, utc_now
from tracktwo.dialogue.tokens import SESSION_PREFIX, token_digest
from tracktwo.dialogue.views import VoteReceipt, open_at

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


@dataclass(frozen=True)
class Voter:
    """What a vote needs to know about who casts it, read in one query."""

    participant_id: int
    dialogue_id: int
    accepted_terms: bool
    dialogue_open: bool


def _voter_query() -> Select[Any]:
    participants, dialogues = cast(Table, Participant.__table__), cast(Table, Dialogue.__table__)
    return (
        select(
            participants.c.id,
            participants.c.dialogue_id,
            participants.c.accepted_terms_at,
            dialogues.c.opens_at,
            dialogues.c.closes_at,
            dialogues.c.closed_at,
        )
        .join(dialogues, dialogues.c.id == participants.c.dialogue_id)
        .where(participants.c.session_hash == bindparam("digest"), participants.c.withdrawn_at.is_(None))
    )


_VOTER = _voter_query()


def voter_for_session(session: Session, session_token: str) -> Voter | None:
    """The active participant holding this session token, with their dialogue's state, in
    one joined query (the vote path is the hot path of the application)."""
    if not session_token.startswith(SESSION_PREFIX) or len(session_token) > 100:
        return None
    row = session.connection().execute(_VOTER, {"digest": token_digest(session_token)}).first()
    if row is None:
        return None
    participant_id, dialogue_id, accepted_at, opens_at, closes_at, closed_at = row
    return Voter(
        participant_id,
        dialogue_id,
        accepted_at is not None,
        open_at(utc_now(), opens_at, closes_at, closed_at),
    )


def voter_of(session: Session, participant: Participant) -> Voter:
    dialogue = session.get(Dialogue, participant.dialogue_id)
    is_open = dialogue is not None and dialogue_view(dialogue).is_open(utc_now())
    if participant.withdrawn_at is not None:
        raise Forbidden("this participant has withdrawn")
    return Voter(participant.id, participant.dialogue_id, participant.accepted_terms_at is not None, is_open)


def cast_vote(
    session: Session,
    participant: Participant,
    statement_id: int,
    value: int | str,
    client_key: str | None = None,
) -> VoteReceipt:
    """Record a vote of a participant row (see `cast_vote_as`)."""
    return cast_vote_as(session, voter_of(session, participant), statement_id, value, client_key)


def cast_vote_as(
    session: Session,
    voter: Voter,
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
    if not voter.accepted_terms:
        raise Forbidden("accept the privacy terms before voting")
    if not voter.dialogue_open:
        raise Forbidden("this dialogue is not open for votes")
    state = _vote_state(session, voter.participant_id, statement_id, client_key)
    if state is None or state.dialogue_id != voter.dialogue_id or state.statement_state != "accepted":
        raise NotFound(f"no statement {statement_id} to vote on in this dialogue")
    if state.keyed_vote is not None:
        earlier = _by_vote_id(session, state.keyed_vote)
        if earlier is not None:
            return _repeat(earlier, statement_id, number)
    if state.latest_vote is not None and state.latest_value == number:
        return VoteReceipt(state.latest_vote, statement_id, number, repeated=True)
    vote_id = _insert_vote(session, voter, statement_id, number, client_key)
    if vote_id is None:
        # The same key arrived twice at once; the other request's row won.
        earlier = _by_client_key(session, voter.participant_id, client_key or "")
        if earlier is None:
            raise Conflict("this vote clashed with another request; send it again")
        return _repeat(earlier, statement_id, number)
    return VoteReceipt(vote_id, statement_id, number, repeated=False)


@dataclass(frozen=True)
class _VoteState:
    dialogue_id: int
    statement_state: str
    latest_vote: int | None
    latest_value: int | None
    keyed_vote: int | None


_VOTES = cast(Table, VoteRow.__table__)
_STATEMENTS = cast(Table, StatementRow.__table__)


def _vote_state_query() -> Select[Any]:
    """The statement's dialogue and state, the participant's latest vote on it, and the vote
    already sent with this client key, as one Core query built once (building a query
    with aliases costs more than running it)."""
    # Separate aliases: each subquery must read the votes table on its own, not correlate
    # to another subquery's copy of it.
    latest, latest_row, keyed_row = _VOTES.alias("latest"), _VOTES.alias("latest_row"), _VOTES.alias("keyed")
    latest_id = (
        select(latest.c.id)
        .where(latest.c.participant_id == bindparam("participant"), latest.c.statement_id == _STATEMENTS.c.id)
        .order_by(latest.c.id.desc())
        .limit(1)
        .correlate(_STATEMENTS)
        .scalar_subquery()
    )
    latest_value = select(latest_row.c.value).where(latest_row.c.id == latest_id).scalar_subquery()
    # A NULL key matches nothing (NULL = NULL is not true), so a vote without a key finds none.
    keyed = (
        select(keyed_row.c.id)
        .where(
            keyed_row.c.participant_id == bindparam("participant"), keyed_row.c.client_key == bindparam("key")
        )
        .scalar_subquery()
    )
    return select(_STATEMENTS.c.dialogue_id, _STATEMENTS.c.state, latest_id, latest_value, keyed).where(
        _STATEMENTS.c.id == bindparam("statement")
    )


_VOTE_STATE = _vote_state_query()


def _vote_state(
    session: Session, participant_id: int, statement_id: int, client_key: str | None
) -> _VoteState | None:
    if not 0 < statement_id <= MAX_ID:
        return None
    row = (
        session.connection()
        .execute(_VOTE_STATE, {"participant": participant_id, "statement": statement_id, "key": client_key})
        .first()
    )
    return None if row is None else _VoteState(row[0], row[1], row[2], row[3], row[4])


def _by_vote_id(session: Session, vote_id: int) -> tuple[int, int, int] | None:
    row = (
        session.connection()
        .execute(select(_VOTES.c.id, _VOTES.c.statement_id, _VOTES.c.value).where(_VOTES.c.id == vote_id))
        .first()
    )
    return None if row is None else (row[0], row[1], row[2])


def _by_client_key(session: Session, participant_id: int, client_key: str) -> tuple[int, int, int] | None:
    row = session.execute(
        select(VoteRow.id, VoteRow.statement_id, VoteRow.value).where(
            VoteRow.participant_id == participant_id, VoteRow.client_key == client_key
        )
    ).first()
    return None if row is None else (row[0], row[1], row[2])


def _insert_vote(
    session: Session, voter: Voter, statement_id: int, number: int, client_key: str | None
) -> int | None:
    """Insert the vote row and return its id, or None when a row with this client key exists.

    ON CONFLICT DO NOTHING rather than a SAVEPOINT around the insert: pysqlite starts no
    transaction before a SAVEPOINT, so its RELEASE would commit the vote on SQLite even when
    the caller's transaction later rolls back.
    """
    params = {
        "v_dialogue": voter.dialogue_id,
        "v_participant": voter.participant_id,
        "v_statement": statement_id,
        "v_value": number,
        "v_key": client_key,
        "v_created": utc_now(),
    }
    dialect = "postgresql" if session.get_bind().dialect.name == "postgresql" else "sqlite"
    inserted = session.connection().scalar(_INSERTS[dialect], params)
    return None if inserted is None else int(inserted)


def _insert_query(dialect: Any) -> Any:
    """INSERT ... ON CONFLICT (participant, client key) DO NOTHING RETURNING id, built once."""
    return (
        dialect.insert(_VOTES)
        .values(
            dialogue_id=bindparam("v_dialogue"),
            participant_id=bindparam("v_participant"),
            statement_id=bindparam("v_statement"),
            value=bindparam("v_value"),
            client_key=bindparam("v_key"),
            created_at=bindparam("v_created"),
        )
        .on_conflict_do_nothing(index_elements=["participant_id", "client_key"])
        .returning(_VOTES.c.id)
    )


_INSERTS = {"postgresql": _insert_query(postgresql), "sqlite": _insert_query(sqlite)}


def _repeat(earlier: tuple[int, int, int], statement_id: int, number: int) -> VoteReceipt:
    earlier_id, earlier_statement, earlier_value = earlier
    if earlier_statement != statement_id or earlier_value != number:
        raise Conflict("this idempotency key was used for a different vote")
    return VoteReceipt(earlier_id, statement_id, number, repeated=True)


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
