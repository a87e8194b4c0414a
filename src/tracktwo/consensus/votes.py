"""The input of the engine: votes, statements and optional participant strata.

Internally agree is +1 and disagree is -1 (the export convention). Pol.is's own
math stores agree as -1; readers of Pol.is math fixtures flip the sign on the way in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from tracktwo.consensus.errors import EmptyConversationError, InputError

AGREE = 1
DISAGREE = -1
PASS = 0

IntArray = npt.NDArray[np.int32]
VoteArray = npt.NDArray[np.int8]


def frozen_array(values: npt.ArrayLike, dtype: npt.DTypeLike) -> npt.NDArray[np.generic]:
    """Copy into a read-only array so frozen results stay frozen."""
    array = np.array(values, dtype=dtype, copy=True)
    array.setflags(write=False)
    return array


@dataclass(frozen=True)
class Statement:
    """One statement. `moderated` follows Pol.is: 1 accepted, 0 unmoderated, -1 rejected."""

    id: str
    text: str = ""
    moderated: int = 0
    is_meta: bool = False
    text_zh: str = ""

    @property
    def is_moderated_out(self) -> bool:
        return self.moderated < 0


@dataclass(frozen=True)
class Conversation:
    """Votes in coordinate form, at most one per (participant, statement).

    `participant` and `statement` index into `participant_ids` and `statements`;
    `value` is +1 agree, -1 disagree, 0 pass. `strata` maps an attribute name (for
    example "country") to one label per participant (None where undeclared).
    """

    participant_ids: tuple[str, ...]
    statements: tuple[Statement, ...]
    participant: IntArray
    statement: IntArray
    value: VoteArray
    strata: Mapping[str, tuple[str | None, ...]] = field(default_factory=lambda: MappingProxyType({}))
    strict_moderation: bool = False

    @property
    def statement_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.statements)

    @property
    def n_participants(self) -> int:
        return len(self.participant_ids)

    @property
    def n_statements(self) -> int:
        return len(self.statements)

    @property
    def n_votes(self) -> int:
        return int(self.value.shape[0])

    def moderated_out_mask(self) -> npt.NDArray[np.bool_]:
        """Statements whose votes are zeroed: those rejected by a moderator.

        As in Pol.is, strict moderation decides which statements participants are shown,
        not the math: a statement still unmoderated under strict moderation keeps its votes.
        """
        return np.array([s.moderated < 0 for s in self.statements], dtype=bool)

    def meta_mask(self) -> npt.NDArray[np.bool_]:
        return np.array([s.is_meta for s in self.statements], dtype=bool)


def build_conversation(
    participant_ids: Sequence[str],
    statements: Sequence[Statement],
    participant: npt.ArrayLike,
    statement: npt.ArrayLike,
    value: npt.ArrayLike,
    strata: Mapping[str, Sequence[str | None]] | None = None,
    *,
    strict_moderation: bool = False,
    source: str | None = None,
) -> Conversation:
    """Validate coordinate-form votes and freeze them into a Conversation.

    Raises InputError for duplicate (participant, statement) pairs, unknown vote values,
    out-of-range indices, duplicate ids or strata of the wrong length; raises
    EmptyConversationError when there are no statements.
    """
    if len(statements) == 0:
        raise EmptyConversationError(
            "the conversation has no statements; add at least one statement before computing"
        )
    p = np.asarray(participant, dtype=np.int64)
    s = np.asarray(statement, dtype=np.int64)
    v = np.asarray(value, dtype=np.int64)
    if not (p.shape == s.shape == v.shape) or p.ndim != 1:
        raise InputError("participant, statement and value arrays must have one equal length", path=source)
    if v.size and not np.isin(v, (AGREE, DISAGREE, PASS)).all():
        bad = int(v[~np.isin(v, (AGREE, DISAGREE, PASS))][0])
        raise InputError(f"unknown vote value {bad}; use 1 (agree), -1 (disagree) or 0 (pass)", path=source)
    n_p, n_s = len(participant_ids), len(statements)
    if p.size and (p.min() < 0 or p.max() >= n_p):
        raise InputError("a vote refers to a participant index out of range", path=source)
    if s.size and (s.min() < 0 or s.max() >= n_s):
        raise InputError("a vote refers to a statement index out of range", path=source)
    if len(set(participant_ids)) != n_p:
        raise InputError("participant ids are not unique", path=source)
    statement_ids = [st.id for st in statements]
    if len(set(statement_ids)) != n_s:
        raise InputError("statement ids are not unique", path=source)
    if p.size:
        key = np.sort(p * n_s + s)
        # Sorting and comparing neighbours: far faster than np.unique's hash path on 50M keys.
        if np.any(key[1:] == key[:-1]):
            raise InputError(
                "duplicate votes for the same participant and statement; "
                "resolve re-votes (keep the latest) before building a conversation",
                path=source,
            )
    frozen_strata: dict[str, tuple[str | None, ...]] = {}
    for name, labels in (strata or {}).items():
        if len(labels) != n_p:
            raise InputError(f"stratum {name!r} has {len(labels)} labels for {n_p} participants", path=source)
        frozen_strata[name] = tuple(None if lab in (None, "") else str(lab) for lab in labels)
    return Conversation(
        participant_ids=tuple(str(x) for x in participant_ids),
        statements=tuple(statements),
        participant=frozen_array(p, np.int32),  # type: ignore[arg-type]
        statement=frozen_array(s, np.int32),  # type: ignore[arg-type]
        value=frozen_array(v, np.int8),  # type: ignore[arg-type]
        strata=MappingProxyType(frozen_strata),
        strict_moderation=strict_moderation,
    )


def latest_votes(
    participant: npt.ArrayLike, statement: npt.ArrayLike, value: npt.ArrayLike, time: npt.ArrayLike
) -> tuple[IntArray, IntArray, VoteArray]:
    """Resolve re-votes: keep the latest vote per (participant, statement).

    Ties in time keep the vote that came last in input order, so the result is defined.
    """
    p = np.asarray(participant, dtype=np.int64)
    s = np.asarray(statement, dtype=np.int64)
    v = np.asarray(value, dtype=np.int8)
    t = np.asarray(time, dtype=np.float64)
    order = np.lexsort((np.arange(p.size), t, s, p))
    p, s, v = p[order], s[order], v[order]
    if p.size == 0:
        return p.astype(np.int32), s.astype(np.int32), v
    last = np.ones(p.size, dtype=bool)
    last[:-1] = (p[1:] != p[:-1]) | (s[1:] != s[:-1])
    return p[last].astype(np.int32), s[last].astype(np.int32), v[last]
