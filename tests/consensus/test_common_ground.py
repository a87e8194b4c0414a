from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

from synthetic import block_votes, conversation, matrix_of, permute_participants, random_conversation
from tracktwo.consensus.common_ground import CommonGround, common_ground
from tracktwo.consensus.errors import InputError
from tracktwo.consensus.matrix import VoteMatrix
from tracktwo.consensus.strata import StrataAgreement, strata_agreement

US = list(range(10))
CN = list(range(10, 20))
UK = list(range(20, 23))  # three people: suppressed at k = 5


def wilson_lower(x: int, n: int) -> float:
    return float(stats.binomtest(x, n).proportion_ci(confidence_level=0.9, method="wilson").low)


def hand_case() -> CommonGround:
    votes = []
    votes += block_votes(US, 0, 9, 1, 0) + block_votes(CN, 0, 9, 0, 1)  # common ground
    votes += block_votes(US, 1, 10, 0, 0) + block_votes(CN, 1, 2, 8, 0)  # one side only
    votes += block_votes(US, 2, 1, 9, 0) + block_votes(CN, 2, 0, 10, 0)  # common rejection
    votes += block_votes(US, 3, 10, 0, 0) + block_votes(CN, 3, 3, 0, 0)  # CN: 3 votes only
    votes += block_votes(US + CN, 4, 20, 0, 0)  # moderated out
    votes += block_votes(US + CN, 5, 20, 0, 0)  # meta
    votes += block_votes(US + CN, 6, 20, 0, 0) + block_votes(UK, 6, 0, 3, 0)  # unanimous
    votes += block_votes(US, 7, 6, 4, 0) + block_votes(CN, 7, 6, 4, 0)  # 60%: not enough
    labels: Mapping[str, Sequence[str | None]] = {"country": ["US"] * 10 + ["CN"] * 10 + ["UK"] * 3}
    conv = conversation(votes, 23, 8, labels, moderated_out=[4], meta=[5])
    m = matrix_of(conv)
    return common_ground(strata_agreement(m, conv.strata, bootstrap_samples=0), m)


def test_hand_computed_common_ground() -> None:
    result = hand_case()
    assert result.strata == ("country=CN", "country=US")
    assert [s.statement for s in result.agreement] == [6, 0]
    strongest, second = result.agreement
    assert strongest.min_lower == pytest.approx(wilson_lower(10, 10))
    assert second.min_lower == pytest.approx(wilson_lower(9, 10))
    assert second.weakest_stratum == "country=CN"  # a tie goes to the first label
    cn = second.support[0]
    assert (cn.label, cn.seen, cn.agrees, cn.disagrees, cn.passes) == ("country=CN", 10, 9, 0, 1)
    assert cn.rate == pytest.approx(0.9)


def test_hand_computed_common_rejection() -> None:
    result = hand_case()
    assert [s.statement for s in result.rejection] == [2]
    rejected = result.rejection[0]
    assert rejected.weakest_stratum == "country=US"
    assert rejected.min_lower == pytest.approx(wilson_lower(9, 10))
    assert rejected.support[1].rate == pytest.approx(0.9)  # disagreement rate of the US


def test_insufficient_evidence_and_exclusions() -> None:
    result = hand_case()
    assert [(e.statement, e.strata) for e in result.insufficient_evidence] == [(3, ("country=CN",))]
    assert result.excluded == (4, 5)
    listed = {s.statement for s in result.agreement + result.rejection}
    assert not listed & {1, 3, 4, 5, 7}


def test_suppressed_stratum_does_not_block_and_is_not_shown() -> None:
    result = hand_case()
    assert 6 in [s.statement for s in result.agreement]
    assert "UK" not in repr(result)


def test_threshold_is_on_the_lower_bound() -> None:
    result = hand_case()
    assert 7 not in [s.statement for s in result.agreement]  # 60% agree, lower bound 0.35
    votes = block_votes(US, 0, 6, 4, 0) + block_votes(CN, 0, 6, 4, 0)
    labels: Mapping[str, Sequence[str | None]] = {"country": ["US"] * 10 + ["CN"] * 10}
    conv = conversation(votes, 20, 1, labels)
    m = matrix_of(conv)
    agreement = strata_agreement(m, conv.strata, bootstrap_samples=0)
    assert common_ground(agreement, m).agreement == ()
    assert [s.statement for s in common_ground(agreement, m, threshold=0.3).agreement] == [0]


def crossing_case() -> tuple[VoteMatrix, StrataAgreement]:
    """US civil society is split 5/5 on statement 0; every other cell agrees 10/10."""
    country = ["US"] * 20 + ["CN"] * 20
    sector = (["academia"] * 10 + ["civil"] * 10) * 2
    votes = block_votes(range(10), 0, 10, 0, 0) + block_votes(range(10, 20), 0, 5, 5, 0)
    votes += block_votes(range(20, 40), 0, 20, 0, 0)
    conv = conversation(votes, 40, 1, {"country": list(country), "sector": list(sector)})
    m = matrix_of(conv)
    return m, strata_agreement(m, conv.strata, bootstrap_samples=0)


def test_crossings_are_optional() -> None:
    m, agreement = crossing_case()
    singles = common_ground(agreement, m)
    assert singles.attribute_sets == (("country",), ("sector",))
    assert [s.statement for s in singles.agreement] == [0]  # US 15/20, civil 15/20 pass
    crossed = common_ground(agreement, m, include_crossings=True)
    assert crossed.agreement == ()
    assert "country=US & sector=civil" in crossed.strata
    only_country = common_ground(agreement, m, attribute_sets=[("country",)])
    assert only_country.strata == ("country=CN", "country=US")


def test_no_strata_gives_empty_results() -> None:
    conv = conversation(block_votes(range(10), 0, 10, 0, 0), 10, 1)
    m = matrix_of(conv)
    result = common_ground(strata_agreement(m, conv.strata), m)
    assert (result.agreement, result.rejection, result.insufficient_evidence) == ((), (), ())
    assert result.strata == () and result.attribute_sets == ()


def test_all_strata_suppressed_gives_empty_results() -> None:
    labels: Mapping[str, Sequence[str | None]] = {"country": ["US"] * 4 + ["CN"] * 4}
    conv = conversation(block_votes(range(8), 0, 8, 0, 0), 8, 1, labels)
    m = matrix_of(conv)
    result = common_ground(strata_agreement(m, conv.strata), m)
    assert result.agreement == () and result.strata == ()
    assert result.attribute_sets == (("country",),)


def test_statement_without_votes_is_insufficient() -> None:
    labels: Mapping[str, Sequence[str | None]] = {"country": ["US"] * 5 + ["CN"] * 5}
    conv = conversation(block_votes(range(10), 0, 10, 0, 0), 10, 2, labels)
    m = matrix_of(conv)
    result = common_ground(strata_agreement(m, conv.strata), m)
    assert [s.statement for s in result.agreement] == [0]
    assert [e.statement for e in result.insufficient_evidence] == [1]


def test_one_stratum_only() -> None:
    conv = conversation(block_votes(range(8), 0, 8, 0, 0), 8, 1, {"country": ["US"] * 8})
    m = matrix_of(conv)
    result = common_ground(strata_agreement(m, conv.strata), m)
    assert [s.statement for s in result.agreement] == [0]


def test_input_errors() -> None:
    m, agreement = crossing_case()
    other = matrix_of(conversation([], 40, 2))
    with pytest.raises(InputError, match="same conversation"):
        common_ground(agreement, other)
    with pytest.raises(InputError, match="threshold"):
        common_ground(agreement, m, threshold=1.5)
    with pytest.raises(InputError, match="min_votes"):
        common_ground(agreement, m, min_votes=0)


def test_result_is_frozen() -> None:
    result = hand_case()
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.threshold = 0.1  # type: ignore[misc]
    assert isinstance(result.agreement, tuple)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000))
def test_participant_order_does_not_matter(seed: int) -> None:
    conv = random_conversation(
        seed,
        80,
        12,
        0.8,
        {"country": ["US", "CN"], "sector": ["a", "b", None]},
        agree_bias={"country": {"US": 0.3}},
    )
    permuted = permute_participants(conv, seed)
    results = []
    for c in (conv, permuted):
        m = matrix_of(c)
        results.append(
            common_ground(
                strata_agreement(m, c.strata, bootstrap_samples=0),
                m,
                include_crossings=True,
                min_votes=3,
            )
        )
    assert results[0] == results[1]


def test_min_lower_is_sorted() -> None:
    conv = random_conversation(9, 200, 40, 0.9, {"country": ["US", "CN"]})
    m = matrix_of(conv)
    result = common_ground(strata_agreement(m, conv.strata, bootstrap_samples=0), m, threshold=0.3)
    lows = [s.min_lower for s in result.agreement]
    assert lows == sorted(lows, reverse=True)
    assert all(np.isclose(s.min_lower, min(x.lower for x in s.support)) for s in result.agreement)
