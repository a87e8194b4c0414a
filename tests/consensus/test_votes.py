from __future__ import annotations

import numpy as np
import pytest

from tracktwo.consensus.errors import EmptyConversationError, InputError
from tracktwo.consensus.matrix import VoteMatrix
from tracktwo.consensus.votes import Statement, build_conversation, latest_votes


def statements(n: int) -> list[Statement]:
    return [Statement(str(i)) for i in range(n)]


def test_build_and_matrix_round_trip() -> None:
    conv = build_conversation(["a", "b"], statements(2), [0, 1, 1], [1, 0, 1], [1, -1, 0])
    dense = VoteMatrix.from_conversation(conv).to_dense()
    assert np.isnan(dense[0, 0])
    assert dense[0, 1] == 1 and dense[1, 0] == -1 and dense[1, 1] == 0


def test_conversation_is_frozen() -> None:
    conv = build_conversation(["a"], statements(1), [0], [0], [1])
    with pytest.raises(ValueError):
        conv.value[0] = -1


def test_duplicate_votes_are_rejected() -> None:
    with pytest.raises(InputError, match="duplicate votes"):
        build_conversation(["a"], statements(1), [0, 0], [0, 0], [1, -1])


def test_unknown_vote_value_is_rejected() -> None:
    with pytest.raises(InputError, match="unknown vote value 2"):
        build_conversation(["a"], statements(1), [0], [0], [2])


def test_no_statements_is_an_empty_conversation() -> None:
    with pytest.raises(EmptyConversationError):
        build_conversation(["a"], [], [], [], [])


def test_latest_vote_wins() -> None:
    p, s, v = latest_votes([0, 0, 1], [0, 0, 0], [1, -1, 0], [5.0, 3.0, 1.0])
    assert list(zip(p.tolist(), s.tolist(), v.tolist(), strict=True)) == [(0, 0, 1), (1, 0, 0)]
