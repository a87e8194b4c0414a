from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracktwo.consensus.rand_index import adjusted_rand_index


def test_identical_labelings_score_one_whatever_the_names() -> None:
    assert adjusted_rand_index([0, 0, 1, 1, 2], [5, 5, 3, 3, 9]) == pytest.approx(1.0)


def test_known_value() -> None:
    # classic example: ARI of [0,0,0,1,1,1] vs [0,0,1,1,2,2] is 0.24242...
    assert adjusted_rand_index([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) == pytest.approx(0.2424242424)


def test_mismatched_lengths_are_an_error() -> None:
    with pytest.raises(ValueError):
        adjusted_rand_index([0, 1], [0])


@given(st.lists(st.integers(0, 3), min_size=2, max_size=40), st.randoms())
def test_symmetric_and_bounded(labels: list[int], rnd: object) -> None:
    other = np.random.default_rng(len(labels)).integers(0, 3, size=len(labels))
    forward = adjusted_rand_index(labels, other)
    assert forward == pytest.approx(adjusted_rand_index(other, labels))
    assert forward <= 1.0 + 1e-12
