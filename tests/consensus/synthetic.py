"""Small synthetic conversations for the consensus tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from tracktwo.consensus.matrix import VoteMatrix
from tracktwo.consensus.votes import Conversation, Statement, build_conversation


def statements(n: int, *, moderated_out: Sequence[int] = (), meta: Sequence[int] = ()) -> list[Statement]:
    return [
        Statement(f"s{i}", moderated=-1 if i in moderated_out else 1, is_meta=i in meta) for i in range(n)
    ]


def conversation(
    votes: Sequence[tuple[int, int, int]],
    n_participants: int,
    n_statements: int,
    strata: Mapping[str, Sequence[str | None]] | None = None,
    *,
    moderated_out: Sequence[int] = (),
    meta: Sequence[int] = (),
) -> Conversation:
    """A conversation from (participant, statement, value) triples."""
    p = [v[0] for v in votes]
    s = [v[1] for v in votes]
    x = [v[2] for v in votes]
    return build_conversation(
        [f"p{i}" for i in range(n_participants)],
        statements(n_statements, moderated_out=moderated_out, meta=meta),
        p,
        s,
        x,
        strata,
    )


def matrix_of(conv: Conversation) -> VoteMatrix:
    return VoteMatrix.from_conversation(conv)


def block_votes(
    participants: Sequence[int], statement: int, agrees: int, disagrees: int, passes: int
) -> list[tuple[int, int, int]]:
    """Votes of the listed participants on one statement: agrees first, then disagrees,
    then passes; participants beyond the total do not vote."""
    values = [1] * agrees + [-1] * disagrees + [0] * passes
    if len(values) > len(participants):
        raise ValueError("more votes than participants")
    return [(p, statement, v) for p, v in zip(participants, values, strict=False)]


def random_conversation(
    seed: int,
    n_participants: int,
    n_statements: int,
    density: float,
    strata_values: Mapping[str, Sequence[str | None]] | None = None,
    *,
    agree_bias: Mapping[str, Mapping[str, float]] | None = None,
) -> Conversation:
    """Random votes; each participant gets a random label per attribute from
    `strata_values`. `agree_bias[attr][label]` shifts that stratum's agree probability."""
    rng = np.random.default_rng(seed)
    strata: dict[str, list[str | None]] = {}
    for attr, choices in (strata_values or {}).items():
        picks = rng.integers(0, len(choices), size=n_participants)
        strata[attr] = [choices[i] for i in picks.tolist()]
    mask = rng.random((n_participants, n_statements)) < density
    p, s = np.nonzero(mask)
    base = rng.uniform(0.2, 0.8, size=n_statements)
    prob = base[s].copy()
    for attr, shifts in (agree_bias or {}).items():
        labels = strata[attr]
        shift = np.array([shifts.get(lab or "", 0.0) for lab in labels])
        prob = np.clip(prob + shift[p], 0.0, 1.0)
    u = rng.random(p.size)
    value = np.where(u < prob, 1, np.where(u < prob + (1 - prob) * 0.8, -1, 0))
    return build_conversation(
        [f"p{i}" for i in range(n_participants)],
        statements(n_statements),
        p,
        s,
        value,
        strata,
    )


def permute_participants(conv: Conversation, seed: int) -> Conversation:
    """The same conversation with participants listed in another order."""
    rng = np.random.default_rng(seed)
    n = conv.n_participants
    order = rng.permutation(n)  # new position i holds old participant order[i]
    new_of_old = np.empty(n, dtype=np.int64)
    new_of_old[order] = np.arange(n)
    shuffle_votes = rng.permutation(conv.n_votes)
    return build_conversation(
        [conv.participant_ids[i] for i in order.tolist()],
        list(conv.statements),
        new_of_old[conv.participant][shuffle_votes],
        np.asarray(conv.statement)[shuffle_votes],
        np.asarray(conv.value)[shuffle_votes],
        {attr: [labels[i] for i in order.tolist()] for attr, labels in conv.strata.items()},
        strict_moderation=conv.strict_moderation,
    )
