from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

from synthetic import (
    block_votes,
    conversation,
    matrix_of,
    permute_participants,
    random_conversation,
)
from tracktwo.consensus import strata as strata_module
from tracktwo.consensus.errors import InputError
from tracktwo.consensus.strata import (
    EVERYONE,
    StrataAgreement,
    bootstrap_interval,
    proportion_interval,
    strata_agreement,
)


def two_country_case() -> tuple[StrataAgreement, Mapping[str, Sequence[str | None]]]:
    """US = participants 0-4, CN = 5-9. Statement 0: US 4 agree 1 disagree; CN 2 agree,
    2 disagree, 1 pass. Statement 1: only US votes (3 agree). Statement 2: nobody votes."""
    votes = block_votes(range(5), 0, 4, 1, 0) + block_votes(range(5, 10), 0, 2, 2, 1)
    votes += block_votes(range(5), 1, 3, 0, 0)
    labels: Mapping[str, Sequence[str | None]] = {"country": ["US"] * 5 + ["CN"] * 5}
    conv = conversation(votes, 10, 3, labels)
    return strata_agreement(matrix_of(conv), conv.strata, bootstrap_samples=50), labels


def test_hand_computed_counts_and_rates() -> None:
    result, _ = two_country_case()
    table = result.table("country")
    assert table.labels == ("country=CN", "country=US")
    assert table.n_participants.tolist() == [5, 5]
    cn = table.stats("country=CN", 0)
    assert (cn.seen, cn.agrees, cn.disagrees, cn.passes) == (5, 2, 2, 1)
    assert cn.rate == pytest.approx(2 / 5)  # the pass is in the denominator
    us = table.stats("country=US", 0)
    assert (us.seen, us.agrees, us.disagrees, us.passes) == (5, 4, 1, 0)
    assert us.rate == pytest.approx(0.8)


def test_wilson_interval_matches_scipy_at_90_percent() -> None:
    result, _ = two_country_case()
    us = result.table("country").stats("country=US", 0)
    ci = stats.binomtest(4, 5).proportion_ci(confidence_level=0.9, method="wilson")
    assert us.lower == pytest.approx(ci.low, abs=1e-12)
    assert us.upper == pytest.approx(ci.high, abs=1e-12)


def test_wilson_interval_textbook_value() -> None:
    # Newcombe (1998), Statistics in Medicine 17:857, example 81/263: 0.2553 to 0.3662.
    lower, upper = proportion_interval(81, 263, confidence=0.95, method="wilson")
    assert float(lower) == pytest.approx(0.2553, abs=5e-5)
    assert float(upper) == pytest.approx(0.3662, abs=5e-5)


@pytest.mark.parametrize(("x", "n"), [(0, 10), (3, 10), (10, 10), (1, 1), (57, 200)])
def test_wilson_matches_scipy_across_values(x: int, n: int) -> None:
    lower, upper = proportion_interval(x, n, confidence=0.9)
    ci = stats.binomtest(x, n).proportion_ci(confidence_level=0.9, method="wilson")
    assert float(lower) == pytest.approx(ci.low, abs=1e-12)
    assert float(upper) == pytest.approx(ci.high, abs=1e-12)


def test_jeffreys_interval() -> None:
    lower, upper = proportion_interval([0, 3, 10], [10, 10, 10], confidence=0.9, method="jeffreys")
    assert lower[0] == 0.0 and upper[2] == 1.0
    assert lower[1] == pytest.approx(stats.beta.ppf(0.05, 3.5, 7.5))
    assert upper[1] == pytest.approx(stats.beta.ppf(0.95, 3.5, 7.5))
    assert upper[0] == pytest.approx(stats.beta.ppf(0.95, 0.5, 10.5))


def test_no_votes_gives_nan_rate_and_full_interval() -> None:
    result, _ = two_country_case()
    table = result.table("country")
    cn = table.stats("country=CN", 1)  # CN did not vote on statement 1
    assert cn.seen == 0 and np.isnan(cn.rate)
    assert (cn.lower, cn.upper) == (0.0, 1.0)
    assert (cn.bootstrap_lower, cn.bootstrap_upper) == (0.0, 1.0)
    nobody = table.stats("country=US", 2)  # statement 2 has no votes at all
    assert nobody.seen == 0 and np.isnan(nobody.rate)


def test_small_stratum_is_suppressed_without_trace() -> None:
    labels: Mapping[str, Sequence[str | None]] = {"country": ["US"] * 6 + ["CN"] * 6 + ["TW"] * 2}
    votes = block_votes(range(14), 0, 14, 0, 0)
    conv = conversation(votes, 14, 1, labels)
    result = strata_agreement(matrix_of(conv), conv.strata, k=5)
    table = result.table("country")
    assert table.labels == ("country=CN", "country=US")
    assert table.n_suppressed_strata == 1
    assert table.n_participants_not_reported == 2
    assert table.agrees.shape == (2, 1)
    assert "TW" not in repr(result)
    with pytest.raises(KeyError, match="suppressed"):
        table.stats("country=TW", 0)
    # everyone minus the reported strata leaves two people: flagged for reports.
    assert table.differencing_risk == (EVERYONE,)


def test_k_is_inclusive() -> None:
    labels: Mapping[str, Sequence[str | None]] = {"country": ["US"] * 5 + ["CN"] * 4}
    conv = conversation(block_votes(range(9), 0, 9, 0, 0), 9, 1, labels)
    table = strata_agreement(matrix_of(conv), conv.strata, k=5).table("country")
    assert table.labels == ("country=US",)


def test_crossing_labels_and_sizes() -> None:
    country = ["US"] * 12 + ["CN"] * 12
    sector: list[str | None] = [*(["academia"] * 6 + ["civil"] * 6) * 2]
    sector[0] = None  # undeclared: left out of the sector table and of the crossing
    labels: Mapping[str, Sequence[str | None]] = {"country": list(country), "sector": list(sector)}
    votes = block_votes(range(24), 0, 20, 4, 0)
    conv = conversation(votes, 24, 1, labels)
    result = strata_agreement(matrix_of(conv), conv.strata, bootstrap_samples=0)
    assert [t.name for t in result.tables] == ["country", "sector", "country x sector"]
    crossing = result.table("country", "sector")
    assert crossing.labels == (
        "country=CN & sector=academia",
        "country=CN & sector=civil",
        "country=US & sector=academia",
        "country=US & sector=civil",
    )
    assert crossing.values[2] == ("US", "academia")
    assert crossing.n_participants.tolist() == [6, 6, 5, 6]
    assert result.table("sector").n_participants.tolist() == [11, 12]
    assert crossing.bootstrap_lower is None


def test_crossing_flags_differencing_against_a_parent() -> None:
    country = ["US"] * 8 + ["CN"] * 10
    sector = ["academia"] * 6 + ["civil"] * 2 + ["academia"] * 5 + ["civil"] * 5
    labels: Mapping[str, Sequence[str | None]] = {"country": list(country), "sector": list(sector)}
    conv = conversation(block_votes(range(18), 0, 18, 0, 0), 18, 1, labels)
    result = strata_agreement(matrix_of(conv), conv.strata, bootstrap_samples=0)
    crossing = result.table("country", "sector")
    assert "country=US & sector=civil" not in crossing.labels
    # country=US (8) minus US & academia (6) leaves the two US civil-society people,
    # and sector=civil (7) minus CN & civil (5) leaves the same two.
    assert crossing.differencing_risk == ("everyone", "country=US", "sector=civil")


def test_explicit_crossings_and_attribute_selection() -> None:
    conv = random_conversation(3, 80, 4, 0.7, {"a": ["x", "y"], "b": ["u", "v"], "c": ["p", "q"]})
    m = matrix_of(conv)
    none = strata_agreement(m, conv.strata, crossings=False, bootstrap_samples=0)
    assert [t.name for t in none.tables] == ["a", "b", "c"]
    pairs = strata_agreement(m, conv.strata, bootstrap_samples=0)
    assert [t.name for t in pairs.tables][3:] == ["a x b", "a x c", "b x c"]
    chosen = strata_agreement(
        m, conv.strata, attributes=["c", "a"], crossings=[("a", "c", "b")], bootstrap_samples=0
    )
    assert [t.name for t in chosen.tables] == ["c", "a", "a x c x b"]
    with pytest.raises(InputError, match="undeclared attributes"):
        strata_agreement(m, conv.strata, attributes=["a"], crossings=[("a", "z")])
    with pytest.raises(InputError, match="two or more"):
        strata_agreement(m, conv.strata, crossings=[("a",)])


def test_all_participants_in_one_stratum() -> None:
    conv = conversation(block_votes(range(7), 0, 5, 2, 0), 7, 1, {"country": ["US"] * 7})
    result = strata_agreement(matrix_of(conv), conv.strata)
    table = result.table("country")
    assert table.labels == ("country=US",)
    assert table.rate[0, 0] == pytest.approx(5 / 7)
    assert table.differencing_risk == ()


def test_no_strata_declared_gives_no_tables() -> None:
    conv = conversation(block_votes(range(7), 0, 5, 2, 0), 7, 1)
    result = strata_agreement(matrix_of(conv), conv.strata)
    assert result.tables == ()
    assert result.select() == ()
    with pytest.raises(KeyError):
        result.table("country")


def test_matches_a_dense_computation() -> None:
    conv = random_conversation(
        5, 300, 20, 0.4, {"country": ["US", "CN", "UK", None], "sector": ["a", "b", "c"]}
    )
    m = matrix_of(conv)
    result = strata_agreement(m, conv.strata, bootstrap_samples=0, interval="jeffreys")
    dense = m.to_dense()
    crossing = result.table("country", "sector")
    for row, (country, sector) in enumerate(crossing.values):
        members = np.array(
            [
                c == country and s == sector
                for c, s in zip(conv.strata["country"], conv.strata["sector"], strict=True)
            ]
        )
        block = dense[members]
        assert crossing.n_participants[row] == members.sum()
        np.testing.assert_array_equal(crossing.agrees[row], (block == 1).sum(axis=0))
        np.testing.assert_array_equal(crossing.disagrees[row], (block == -1).sum(axis=0))
        np.testing.assert_array_equal(crossing.passes[row], (block == 0).sum(axis=0))
        np.testing.assert_array_equal(crossing.seen[row], (~np.isnan(block)).sum(axis=0))


def test_chunked_counting_gives_the_same_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    conv = random_conversation(6, 200, 15, 0.5, {"country": ["US", "CN"], "sector": ["a", "b"]})
    m = matrix_of(conv)
    whole = strata_agreement(m, conv.strata, bootstrap_samples=20)
    monkeypatch.setattr(strata_module, "CHUNK_VOTES", 37)
    chunked = strata_agreement(m, conv.strata, bootstrap_samples=20)
    for a, b in zip(whole.tables, chunked.tables, strict=True):
        np.testing.assert_array_equal(a.agrees, b.agrees)
        np.testing.assert_array_equal(a.seen, b.seen)
        np.testing.assert_array_equal(a.bootstrap_lower, b.bootstrap_lower)


def test_bootstrap_is_seeded() -> None:
    conv = random_conversation(7, 120, 6, 0.8, {"country": ["US", "CN"]})
    m = matrix_of(conv)
    first = strata_agreement(m, conv.strata, seed=11).table("country")
    again = strata_agreement(m, conv.strata, seed=11).table("country")
    other = strata_agreement(m, conv.strata, seed=12).table("country")
    assert first.bootstrap_lower is not None and first.bootstrap_upper is not None
    np.testing.assert_array_equal(first.bootstrap_lower, again.bootstrap_lower)
    np.testing.assert_array_equal(first.bootstrap_upper, again.bootstrap_upper)
    assert other.bootstrap_lower is not None
    assert not np.array_equal(first.bootstrap_lower, other.bootstrap_lower)
    # a stratum's stream depends on its label, not on which other tables are computed
    alone = strata_agreement(m, conv.strata, seed=11, crossings=False).table("country")
    np.testing.assert_array_equal(first.bootstrap_lower, alone.bootstrap_lower)
    # the bootstrap and the Wilson interval agree roughly at these sizes
    assert np.all(np.abs(first.bootstrap_lower - first.lower) < 0.08)


def test_bootstrap_equals_reweighting_participants() -> None:
    """Drawing from the counts gives the distribution of per-participant Poisson weights."""
    rng = np.random.default_rng(0)
    voted_agree, voted_other = 18, 12  # 30 voters of a 40-person stratum
    replicates = 40_000
    weights = rng.poisson(1.0, size=(replicates, 40))
    a = weights[:, :voted_agree].sum(axis=1)
    total = weights[:, : voted_agree + voted_other].sum(axis=1)
    per_participant = a[total > 0] / total[total > 0]
    expected = np.quantile(per_participant, [0.05, 0.95])
    lower, upper = bootstrap_interval(
        np.array([voted_agree]),
        np.array([voted_agree + voted_other]),
        samples=replicates,
        confidence=0.9,
        rng=np.random.default_rng(1),
    )
    assert float(lower[0]) == pytest.approx(expected[0], abs=0.01)
    assert float(upper[0]) == pytest.approx(expected[1], abs=0.01)


def test_result_is_frozen() -> None:
    result, _ = two_country_case()
    table = result.table("country")
    with pytest.raises(ValueError):
        table.rate[0, 0] = 1.0
    with pytest.raises(ValueError):
        table.agrees[0, 0] = 1
    assert table.bootstrap_lower is not None
    with pytest.raises(ValueError):
        table.bootstrap_lower[0, 0] = 1.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        table.labels = ()  # type: ignore[misc]


def test_input_errors() -> None:
    conv = random_conversation(2, 20, 2, 0.5, {"country": ["US", "CN"]})
    m = matrix_of(conv)
    with pytest.raises(InputError, match="unknown stratum attribute"):
        strata_agreement(m, conv.strata, attributes=["sector"])
    with pytest.raises(InputError, match="labels for 20 participants"):
        strata_agreement(m, {"country": ["US"] * 3})
    with pytest.raises(InputError, match="k must be"):
        strata_agreement(m, conv.strata, k=0)
    with pytest.raises(InputError, match="confidence"):
        strata_agreement(m, conv.strata, confidence=1.0)
    with pytest.raises(InputError, match="interval method"):
        strata_agreement(m, conv.strata, interval="wald")  # type: ignore[arg-type]


def test_too_many_strata_is_an_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    conv = random_conversation(2, 40, 3, 0.5, {"id": [str(i) for i in range(8)]})
    monkeypatch.setattr(strata_module, "MAX_CELLS", 5)
    with pytest.raises(InputError, match="fewer strata"):
        strata_agreement(matrix_of(conv), conv.strata, k=1)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n_participants=st.integers(0, 60))
def test_participant_order_does_not_matter(seed: int, n_participants: int) -> None:
    conv = random_conversation(
        seed, n_participants, 5, 0.6, {"country": ["US", "CN", "UK", None], "sector": ["a", "b"]}
    )
    permuted = permute_participants(conv, seed + 1)
    a = strata_agreement(matrix_of(conv), conv.strata, k=3, bootstrap_samples=30, seed=seed)
    b = strata_agreement(matrix_of(permuted), permuted.strata, k=3, bootstrap_samples=30, seed=seed)
    assert len(a.tables) == len(b.tables)
    for ta, tb in zip(a.tables, b.tables, strict=True):
        assert ta.labels == tb.labels
        assert ta.differencing_risk == tb.differencing_risk
        for name in (
            "n_participants",
            "agrees",
            "disagrees",
            "passes",
            "seen",
            "lower",
            "upper",
            "bootstrap_lower",
            "bootstrap_upper",
        ):
            np.testing.assert_array_equal(getattr(ta, name), getattr(tb, name))
        np.testing.assert_array_equal(np.isnan(ta.rate), np.isnan(tb.rate))
