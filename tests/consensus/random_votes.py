"""Seeded random conversations for engine tests (not the synthetic benchmark generator)."""

from __future__ import annotations

import numpy as np

from tracktwo.consensus.votes import Conversation, Statement, build_conversation


def opinion_blobs(
    n_participants: int = 90,
    n_statements: int = 30,
    n_camps: int = 3,
    density: float = 0.7,
    seed: int = 0,
) -> tuple[Conversation, np.ndarray]:
    """Camps with opposite leanings on each statement; returns the conversation and camps."""
    rng = np.random.default_rng(seed)
    camp = np.arange(n_participants) % n_camps
    leaning = rng.choice([-0.9, 0.9], size=(n_camps, n_statements))
    p_idx, s_idx, values = [], [], []
    for p in range(n_participants):
        for s in range(n_statements):
            if rng.random() > density:
                continue
            u = rng.random()
            agree_p = (1 + leaning[camp[p], s]) / 2 * 0.9
            value = 1 if u < agree_p else (-1 if u < 0.9 else 0)
            p_idx.append(p)
            s_idx.append(s)
            values.append(value)
    conversation = build_conversation(
        [f"p{i:03d}" for i in range(n_participants)],
        [Statement(f"s{j}") for j in range(n_statements)],
        p_idx,
        s_idx,
        values,
    )
    return conversation, camp


def permuted(conversation: Conversation, seed: int) -> tuple[Conversation, np.ndarray]:
    """The same conversation with participants and vote rows in another order."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(conversation.n_participants)  # new position -> old index
    new_index = np.empty_like(order)
    new_index[order] = np.arange(order.size)
    rows = rng.permutation(conversation.n_votes)
    strata = {k: [v[i] for i in order] for k, v in conversation.strata.items()}
    result = build_conversation(
        [conversation.participant_ids[i] for i in order],
        list(conversation.statements),
        new_index[conversation.participant[rows]],
        conversation.statement[rows],
        conversation.value[rows],
        strata,
    )
    return result, order
