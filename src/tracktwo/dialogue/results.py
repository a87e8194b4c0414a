"""A dialogue's results: its current votes read from the store, run through the engine.

Only accepted statements and participants who have not withdrawn count; each
participant's latest vote on a statement is their vote. Statement ids in the model are
the store's ids as text; participant ids are the store's ids as text and never leave
the server (views show positions without ids, and each participant only their own).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from typing import cast

import numpy as np
from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from tracktwo.consensus.engine import compute_model
from tracktwo.consensus.errors import ConsensusError
from tracktwo.consensus.model import ConsensusModel, EngineSettings
from tracktwo.consensus.votes import Conversation, Statement, build_conversation
from tracktwo.dialogue.services.dialogues import dialogue_by_id
from tracktwo.dialogue.services.statements import list_statements
from tracktwo.dialogue.store.schema import Participant, VoteRow, utc_now
from tracktwo.dialogue.views import DialogueView, StatementView


@dataclass(frozen=True)
class StratumCount:
    """Participation of one stratum; counts are None when the stratum has fewer than k
    participants who voted (it is then shown as suppressed, not as a number)."""

    attribute: str
    value: str
    invited: int | None
    voted: int | None


@dataclass(frozen=True)
class DialogueResults:
    dialogue: DialogueView
    statements: tuple[StatementView, ...]  # accepted, in the model's order
    participation: tuple[StratumCount, ...]
    n_participants: int  # who cast at least one vote
    n_votes: int
    model: ConsensusModel | None
    message: str  # why there is no model, when there is none
    computed_at: datetime

    def priorities(self) -> dict[int, float]:
        if self.model is None:
            return {}
        return {
            int(s.id): float(p)
            for s, p in zip(self.model.conversation.statements, self.model.priority, strict=True)
        }

    def statement(self, model_index: int) -> StatementView:
        return self.statements[model_index]


def engine_settings(dialogue: DialogueView, seed: int = 0) -> EngineSettings:
    return EngineSettings(
        seed=seed, min_stratum_size=dialogue.privacy_k, common_ground_min_votes=dialogue.privacy_k
    )


_VOTES = cast(Table, VoteRow.__table__)
_PARTICIPANTS = cast(Table, Participant.__table__)


def read_conversation(
    session: Session, dialogue: DialogueView
) -> tuple[Conversation | None, tuple[StatementView, ...]]:
    """The dialogue's current votes as an engine Conversation (None without statements)."""
    statements = list_statements(session, dialogue.id, ("accepted",))
    if not statements:
        return None, statements
    connection = session.connection()
    # The whole log in insertion order, as plain tuples (Core, no ORM objects); a changed
    # vote is a later row, so keeping each pair's last row gives the current votes.
    # Withdrawn participants' votes were deleted when they withdrew.
    log_rows = connection.execute(
        select(_VOTES.c.participant_id, _VOTES.c.statement_id, _VOTES.c.value)
        .where(_VOTES.c.dialogue_id == dialogue.id)
        .order_by(_VOTES.c.id)
    ).all()
    # fromiter over the flattened rows: np.array(rows) would probe each Row for array
    # interfaces, which costs more than the query.
    log = np.fromiter(chain.from_iterable(log_rows), dtype=np.int64, count=3 * len(log_rows)).reshape(-1, 3)
    statement_ids = np.array([item.id for item in statements], dtype=np.int64)
    order = np.argsort(statement_ids)
    found = np.searchsorted(statement_ids, log[:, 1], sorter=order)
    found = np.minimum(found, len(statement_ids) - 1)
    column = order[found]
    accepted = statement_ids[column] == log[:, 1]
    log, column = log[accepted], column[accepted]
    voters, row = np.unique(log[:, 0], return_inverse=True)
    # Last row of each (participant, statement): unique over the reversed log.
    pair = row * len(statements) + column
    _, last_from_end = np.unique(pair[::-1], return_index=True)
    keep = np.sort(len(pair) - 1 - last_from_end)
    strata_rows = (
        {
            pid: (country, sector)
            for pid, country, sector in connection.execute(
                select(_PARTICIPANTS.c.id, _PARTICIPANTS.c.country, _PARTICIPANTS.c.sector).where(
                    _PARTICIPANTS.c.dialogue_id == dialogue.id
                )
            )
        }
        if len(voters)
        else {}
    )
    voter_ids = [int(pid) for pid in voters]
    conversation = build_conversation(
        [str(pid) for pid in voter_ids],
        [
            Statement(
                str(item.id), text=item.text_en, text_zh=item.text_zh, moderated=1, is_meta=item.is_meta
            )
            for item in statements
        ],
        row[keep],
        column[keep],
        log[keep, 2],
        {
            "country": [strata_rows[pid][0] for pid in voter_ids],
            "sector": [strata_rows[pid][1] for pid in voter_ids],
        },
    )
    return conversation, statements


def participation(session: Session, dialogue: DialogueView) -> tuple[StratumCount, ...]:
    rows = session.execute(
        select(Participant.id, Participant.country, Participant.sector).where(
            Participant.dialogue_id == dialogue.id, Participant.withdrawn_at.is_(None)
        )
    ).all()
    voters = set(
        session.scalars(select(VoteRow.participant_id).where(VoteRow.dialogue_id == dialogue.id).distinct())
    )
    counts: list[StratumCount] = []
    for attribute, values, column in (("country", dialogue.countries, 1), ("sector", dialogue.sectors, 2)):
        invited = Counter(row[column] for row in rows)
        voted = Counter(row[column] for row in rows if row[0] in voters)
        for value in values:
            counts.append(
                StratumCount(
                    attribute,
                    value,
                    _shown(invited[value], dialogue.privacy_k),
                    _shown(voted[value], dialogue.privacy_k),
                )
            )
    return tuple(counts)


def _shown(count: int, k: int) -> int | None:
    """A count of people is shown only when zero or at least k (smaller would single people out)."""
    return count if count == 0 or count >= k else None


def compute_results(session: Session, dialogue_id: int, seed: int = 0) -> DialogueResults:
    dialogue = dialogue_by_id(session, dialogue_id)
    conversation, statements = read_conversation(session, dialogue)
    counts = participation(session, dialogue)
    now = utc_now()
    if conversation is None:
        return DialogueResults(dialogue, statements, counts, 0, 0, None, "no statements yet", now)
    n_participants, n_votes = len(conversation.participant_ids), conversation.n_votes
    try:
        model = compute_model(conversation, engine_settings(dialogue, seed))
    except ConsensusError as error:
        return DialogueResults(dialogue, statements, counts, n_participants, n_votes, None, str(error), now)
    return DialogueResults(dialogue, statements, counts, n_participants, n_votes, model, "", now)
