from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from math import comb

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import stats

from synthetic import block_votes, conversation, matrix_of, permute_participants, random_conversation
from tracktwo.consensus.cruxes import Cruxes, benjamini_hochberg, find_cruxes
from tracktwo.consensus.errors import InputError
from tracktwo.consensus.strata import strata_agreement


def cruxes_of(
    votes: list[tuple[int, int, int]],
    n_participants: int,
    n_statements: int,
    labels: Mapping[str, Sequence[str | None]],
    *,
    moderated_out: Sequence[int] = (),
    meta: Sequence[int] = (),
    seed: int = 0,
    q_threshold: float = 0.1,
) -> Cruxes:
    conv = conversation(votes, n_participants, n_statements, labels, moderated_out=moderated_out, meta=meta)
    m = matrix_of(conv)
    agreement = strata_agreement(m, conv.strata, bootstrap_samples=0)
    return find_cruxes(agreement, m, seed=seed, q_threshold=q_threshold)


def test_benjamini_hochberg_by_hand() -> None:
    q = benjamini_hochberg([0.01, 0.04, 0.03, 0.005])
    np.testing.assert_allclose(q, [0.02, 0.04, 0.04, 0.02])
    assert benjamini_hochberg([]).shape == (0,)
    np.testing.assert_allclose(benjamini_hochberg([0.9, 0.95]), [0.95, 0.95])


@settings(max_examples=200, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 60), elements=st.floats(0.0, 1.0)))
def test_benjamini_hochberg_matches_scipy(p: npt.NDArray[np.float64]) -> None:
    np.testing.assert_allclose(
        benjamini_hochberg(p), stats.false_discovery_control(p, method="bh"), rtol=1e-12
    )


def test_benjamini_hochberg_rejects_bad_input() -> None:
    with pytest.raises(InputError):
        benjamini_hochberg([0.1, np.nan])
    with pytest.raises(InputError):
        benjamini_hochberg([1.2])


def test_chi_square_for_large_tables() -> None:
    labels: Mapping[str, Sequence[str | None]] = {"country": ["US"] * 100 + ["CN"] * 100 + ["UK"] * 100}
    votes = block_votes(range(100), 0, 70, 30, 0) + block_votes(range(100, 200), 0, 40, 50, 10)
    votes += block_votes(range(200, 300), 0, 55, 45, 0)
    result = cruxes_of(votes, 300, 1, labels)
    (test,) = result.tests
    assert test.method == "chi2"
    table = np.array([[40, 60], [55, 45], [70, 30]])  # CN, UK, US: agree vs not
    expected = stats.chi2_contingency(table, correction=False)
    assert test.statistic == pytest.approx(expected.statistic)
    assert test.p_value == pytest.approx(expected.pvalue)
    assert test.strata == ("country=CN", "country=UK", "country=US")
    assert test.effect == pytest.approx(0.3)
    assert (test.most_agreeing, test.least_agreeing) == ("country=US", "country=CN")
    assert test.most_rate == pytest.approx(0.7)
    assert test.least_rate == pytest.approx(0.4)


def test_fisher_for_two_small_strata() -> None:
    labels: Mapping[str, Sequence[str | None]] = {"country": ["US"] * 6 + ["CN"] * 6}
    votes = block_votes(range(6), 0, 5, 1, 0) + block_votes(range(6, 12), 0, 1, 4, 1)
    (test,) = cruxes_of(votes, 12, 1, labels).tests
    assert test.method == "fisher"
    assert test.p_value == pytest.approx(stats.fisher_exact([[1, 5], [5, 1]]).pvalue)


def exact_conditional_p(agree: Sequence[int], seen: Sequence[int]) -> float:
    """Enumerate every table with the same margins (the exact test the simulation estimates)."""
    total_agree, total = sum(agree), sum(seen)

    def chi2(x: Sequence[int]) -> float:
        p = total_agree / total
        return sum((a - n * p) ** 2 / (n * p * (1 - p)) for a, n in zip(x, seen, strict=True))

    observed = chi2(agree)
    p_value = 0.0
    for x in itertools.product(*(range(n + 1) for n in seen)):
        if sum(x) != total_agree:
            continue
        prob = np.prod([comb(n, a) for a, n in zip(x, seen, strict=True)]) / comb(total, total_agree)
        if chi2(x) >= observed - 1e-9:
            p_value += prob
    return p_value


def test_monte_carlo_for_three_small_strata() -> None:
    labels: Mapping[str, Sequence[str | None]] = {"country": ["US"] * 6 + ["CN"] * 5 + ["UK"] * 5}
    votes = block_votes(range(6), 0, 5, 1, 0) + block_votes(range(6, 11), 0, 1, 4, 0)
    votes += block_votes(range(11, 16), 0, 1, 2, 1)
    exact = exact_conditional_p([1, 1, 5], [5, 4, 6])  # CN, UK, US
    # a strict threshold keeps the simulation going until the p-value is precise
    (test,) = cruxes_of(votes, 16, 1, labels, q_threshold=1e-9).tests
    assert test.method == "monte_carlo"
    assert test.p_value == pytest.approx(exact, rel=0.25)
    again = cruxes_of(votes, 16, 1, labels, q_threshold=1e-9).tests[0]
    assert again.p_value == test.p_value  # seeded
    other_seed = cruxes_of(votes, 16, 1, labels, seed=5, q_threshold=1e-9).tests[0]
    assert other_seed.p_value != test.p_value
    assert other_seed.p_value == pytest.approx(exact, rel=0.25)


def test_monte_carlo_resolves_small_p_values_only_when_needed() -> None:
    labels: Mapping[str, Sequence[str | None]] = {"country": ["US"] * 12 + ["CN"] * 12 + ["UK"] * 5}
    votes = block_votes(range(12), 0, 12, 0, 0) + block_votes(range(12, 24), 0, 0, 12, 0)
    votes += block_votes(range(24, 29), 0, 2, 3, 0)
    (early,) = cruxes_of(votes, 29, 1, labels).tests
    assert early.method == "monte_carlo"
    assert early.p_value == pytest.approx(1 / 100)  # significant after 99 draws: stop
    assert early.is_crux
    (resolved,) = cruxes_of(votes, 29, 1, labels, q_threshold=1e-9).tests
    assert resolved.p_value == pytest.approx(1 / 10_000)  # no simulated table as extreme


def divisive_case() -> Cruxes:
    us, cn = range(40), range(40, 80)
    votes = block_votes(us, 0, 36, 4, 0) + block_votes(cn, 0, 4, 36, 0)  # crux
    votes += block_votes(us, 1, 20, 20, 0) + block_votes(cn, 1, 20, 20, 0)  # same rates
    votes += block_votes(us, 2, 40, 0, 0) + block_votes(cn, 2, 40, 0, 0)  # everyone agrees
    votes += block_votes(us, 3, 30, 10, 0)  # only the US voted
    votes += block_votes(us, 4, 40, 0, 0) + block_votes(cn, 4, 0, 40, 0)  # moderated out
    votes += block_votes(us, 5, 40, 0, 0) + block_votes(cn, 5, 0, 40, 0)  # meta
    labels: Mapping[str, Sequence[str | None]] = {"country": ["US"] * 40 + ["CN"] * 40}
    return cruxes_of(votes, 80, 6, labels, moderated_out=[4], meta=[5])


def test_cruxes_found_and_others_not() -> None:
    result = divisive_case()
    assert [t.statement for t in result.tests] == [0, 1, 2]
    assert [t.statement for t in result.cruxes] == [0]
    crux = result.cruxes[0]
    assert crux.is_crux and crux.q_value < 0.1
    assert crux.effect == pytest.approx(0.8)
    assert (crux.most_agreeing, crux.least_agreeing) == ("country=US", "country=CN")
    degenerate = result.tests[2]
    assert degenerate.method == "degenerate" and degenerate.p_value == 1.0
    assert result.tests[1].effect == 0.0 and not result.tests[1].is_crux


def test_q_values_are_benjamini_hochberg_over_all_tests() -> None:
    result = divisive_case()
    p = [t.p_value for t in result.tests]
    np.testing.assert_allclose([t.q_value for t in result.tests], benjamini_hochberg(p))


def test_min_effect_filters_small_differences() -> None:
    conv = random_conversation(
        4, 2000, 6, 0.9, {"country": ["US", "CN"]}, agree_bias={"country": {"US": 0.08}}
    )
    m = matrix_of(conv)
    agreement = strata_agreement(m, conv.strata, bootstrap_samples=0)
    loose = find_cruxes(agreement, m)
    strict = find_cruxes(agreement, m, min_effect=0.2)
    assert len(loose.cruxes) > 0 and strict.cruxes == ()
    effects = [t.effect for t in loose.cruxes]
    assert effects == sorted(effects, reverse=True)


def test_crossings_are_optional() -> None:
    conv = random_conversation(8, 300, 5, 0.8, {"country": ["US", "CN"], "sector": ["a", "b"]})
    m = matrix_of(conv)
    agreement = strata_agreement(m, conv.strata, bootstrap_samples=0)
    assert find_cruxes(agreement, m).attribute_sets == (("country",), ("sector",))
    with_crossings = find_cruxes(agreement, m, include_crossings=True)
    assert ("country", "sector") in with_crossings.attribute_sets
    assert len(with_crossings.tests) == 15
    only = find_cruxes(agreement, m, attribute_sets=[("sector",)])
    assert {t.attributes for t in only.tests} == {("sector",)}


def test_no_strata_and_single_stratum_give_no_tests() -> None:
    conv = conversation(block_votes(range(10), 0, 6, 4, 0), 10, 1)
    m = matrix_of(conv)
    assert find_cruxes(strata_agreement(m, conv.strata), m).tests == ()
    one = conversation(block_votes(range(10), 0, 6, 4, 0), 10, 1, {"country": ["US"] * 10})
    m1 = matrix_of(one)
    result = find_cruxes(strata_agreement(m1, one.strata), m1)
    assert result.tests == () and result.cruxes == ()


def test_suppressed_strata_do_not_take_part() -> None:
    labels: Mapping[str, Sequence[str | None]] = {"country": ["US"] * 10 + ["CN"] * 10 + ["TW"] * 2}
    votes = block_votes(range(20), 0, 10, 10, 0) + block_votes(range(20, 22), 0, 2, 0, 0)
    (test,) = cruxes_of(votes, 22, 1, labels).tests
    assert test.strata == ("country=CN", "country=US")


def test_input_errors() -> None:
    conv = random_conversation(1, 30, 3, 0.5, {"country": ["US", "CN"]})
    m = matrix_of(conv)
    agreement = strata_agreement(m, conv.strata)
    with pytest.raises(InputError, match="q_threshold"):
        find_cruxes(agreement, m, q_threshold=0.0)
    with pytest.raises(InputError, match="same conversation"):
        find_cruxes(agreement, matrix_of(conversation([], 30, 2)))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000))
def test_participant_order_does_not_matter(seed: int) -> None:
    conv = random_conversation(
        seed,
        60,
        8,
        0.7,
        {"country": ["US", "CN", "UK"], "sector": ["a", "b"]},
        agree_bias={"country": {"US": 0.3, "CN": -0.2}},
    )
    permuted = permute_participants(conv, seed)
    results = []
    for c in (conv, permuted):
        m = matrix_of(c)
        agreement = strata_agreement(m, c.strata, k=3, bootstrap_samples=0)
        results.append(find_cruxes(agreement, m, include_crossings=True, monte_carlo_samples=999))
    assert results[0] == results[1]
