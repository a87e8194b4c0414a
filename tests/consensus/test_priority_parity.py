"""Routing priorities: hand-computed cases, then parity with Pol.is's comment-priorities."""

from __future__ import annotations

import numpy as np
import pytest

from support.shared_data import shared_data_path
from tracktwo.consensus.errors import InputError
from tracktwo.consensus.matrix import VoteMatrix
from tracktwo.consensus.priority import routing_priorities
from tracktwo.consensus.votes import Statement, build_conversation
from tracktwo.dialogue.formats.polis_math import read_polis_math

FIXTURES = ["25ptpt-3gp-no-strict-with-meta", "above-100-ptpts", "below-100-ptpts"]


def small_matrix() -> VoteMatrix:
    statements = [Statement("a"), Statement("b"), Statement("c", is_meta=True), Statement("d", moderated=-1)]
    # p0 and p1 are counted; p2 is not
    conv = build_conversation(
        ["p0", "p1", "p2"],
        statements,
        participant=[0, 1, 0, 2, 2],
        statement=[1, 1, 3, 1, 0],
        value=[1, 1, 0, -1, -1],
    )
    return VoteMatrix.from_conversation(conv)


def test_priorities_by_hand() -> None:
    priorities = routing_priorities(small_matrix(), [True, True, False], [0.0, 1.0, 0.0, 0.5])
    # a: no counted votes, E = 0: importance (1 - 1/2) * 1 * 1/2, newness 1 + 8 = 9
    assert priorities[0] == pytest.approx((0.25 * 9) ** 2)
    # b: A = 2, P = 0, S = 2, E = 1: p = 1/4, a = 3/4
    importance = (1 - 1 / 4) * 2 * (3 / 4)
    assert priorities[1] == pytest.approx((importance * (1 + 8 * 2 ** (-2 / 5))) ** 2)
    # c: meta, fixed 7^2
    assert priorities[2] == 49.0
    # d: moderated out but scored normally: one counted pass, A = 0, P = 1, S = 1
    importance = (1 - 2 / 3) * 1.5 * (1 / 3)
    assert priorities[3] == pytest.approx((importance * (1 + 8 * 2 ** (-1 / 5))) ** 2)
    assert not priorities.flags.writeable


def test_priorities_reject_bad_shapes() -> None:
    matrix = small_matrix()
    with pytest.raises(InputError, match="participants"):
        routing_priorities(matrix, [True], [0.0] * 4)
    with pytest.raises(InputError, match="statements"):
        routing_priorities(matrix, [True] * 3, [0.0])
    with pytest.raises(InputError, match="finite"):
        routing_priorities(matrix, [True] * 3, [0.0, np.nan, 0.0, 0.0])


@pytest.mark.shared_data
@pytest.mark.parametrize("name", FIXTURES)
def test_priorities_match_polis(name: str) -> None:
    fixture = read_polis_math(shared_data_path("polis-math", name))
    conv, ref = fixture.conversation, fixture.reference
    matrix = VoteMatrix.from_conversation(conv)
    ids = conv.statement_ids
    extremity = np.zeros(conv.n_statements)
    for tid, value in zip(ref.tids, ref.pca.comment_extremity, strict=True):
        extremity[ids.index(tid)] = value
    # Pol.is counts the participants in its groups (clustered, in-conversation ones)
    counted = ref.group_labels(conv.participant_ids) >= 0
    priorities = routing_priorities(matrix, counted, extremity)
    assert set(ref.comment_priorities) == set(ref.tids)
    for tid, value in ref.comment_priorities.items():
        assert priorities[ids.index(tid)] == pytest.approx(value, rel=1e-12, abs=1e-12), tid
    for tid in ref.meta_tids:
        assert ref.comment_priorities[tid] == 49
