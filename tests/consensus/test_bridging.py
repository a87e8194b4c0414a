from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import optimize

from synthetic import conversation, matrix_of, permute_participants, random_conversation
from tracktwo.consensus.bridging import BridgingModel, bridging_scores
from tracktwo.consensus.matrix import VoteMatrix

LARGER, SMALLER = 60, 40
A, B = 10, 11  # statement indices in the two-camp conversation


def two_camps(seed: int = 0) -> VoteMatrix:
    """Camp 1 (participants 0-59) and camp 2 (60-99) split on ten partisan statements.
    Statement A: 55% of each camp agrees. Statement B: all of camp 1, none of camp 2
    (raw agreement 60%, above A's 55%)."""
    rng = np.random.default_rng(seed)
    camp1, camp2 = np.arange(LARGER), np.arange(LARGER, LARGER + SMALLER)
    votes: list[tuple[int, int, int]] = []

    def agree_share(members: npt.NDArray[np.int64], statement: int, share: float) -> None:
        n_agree = round(share * members.size)
        agreeing = set(rng.permutation(members)[:n_agree].tolist())
        votes.extend((int(p), statement, 1 if p in agreeing else -1) for p in members)

    for j in range(10):
        agree_share(camp1, j, 0.9 if j % 2 == 0 else 0.1)
        agree_share(camp2, j, 0.1 if j % 2 == 0 else 0.9)
    agree_share(camp1, A, 0.55)
    agree_share(camp2, A, 0.55)
    agree_share(camp1, B, 1.0)
    agree_share(camp2, B, 0.0)
    return matrix_of(conversation(votes, LARGER + SMALLER, 12))


def raw_agree_rate(m: VoteMatrix, statement: int) -> float:
    agree, _, seen = m.counts()
    return float(agree[statement] / seen[statement])


def test_bridging_prefers_agreement_across_the_divide() -> None:
    m = two_camps()
    assert raw_agree_rate(m, B) > raw_agree_rate(m, A)
    model = bridging_scores(m)
    assert model.converged
    assert model.bridging_score[A] > model.bridging_score[B]
    # B is explained by the divide, A is not
    assert abs(model.statement_factor[B]) > 3 * abs(model.statement_factor[A])


def test_larger_camp_is_on_the_positive_side() -> None:
    model = bridging_scores(two_camps())
    assert np.all(model.participant_factor[:LARGER] > 0)
    assert np.all(model.participant_factor[LARGER:] < 0)
    assert model.statement_factor[B] > 0  # agreed by the larger camp only


def cn_loss(model: BridgingModel, m: VoteMatrix) -> float:
    """The Community Notes loss, written out independently of the solver."""
    rows = m.row_of_each_vote()
    rating = np.where(m.values == 1, 1.0, np.where(m.values == -1, 0.0, 0.5))
    b, f = model.participant_intercept, model.participant_factor
    c, g = model.statement_intercept, model.statement_factor
    predicted = model.mu + b[rows] + c[m.indices] + f[rows] * g[m.indices]
    return float(
        np.mean((rating - predicted) ** 2)
        + 0.15 * (np.mean(b**2) + np.mean(c**2) + model.mu**2)
        + 0.03 * (np.mean(f**2) + np.mean(g**2))
    )


def test_solution_minimises_the_community_notes_loss() -> None:
    conv = random_conversation(3, 30, 8, 0.8)
    m = matrix_of(conv)
    model = bridging_scores(m, tolerance=1e-12, max_iterations=20_000)
    assert model.converged
    assert model.loss == pytest.approx(cn_loss(model, m), rel=1e-12)
    n_p, n_s = m.n_participants, m.n_statements

    def loss_of(x: npt.NDArray[np.float64]) -> float:
        trial = dataclasses.replace(
            model,
            mu=float(x[0]),
            participant_intercept=x[1 : 1 + n_p],
            participant_factor=x[1 + n_p : 1 + 2 * n_p],
            statement_intercept=x[1 + 2 * n_p : 1 + 2 * n_p + n_s],
            statement_factor=x[1 + 2 * n_p + n_s :],
        )
        return cn_loss(trial, m)

    x0 = np.concatenate(
        (
            [model.mu],
            model.participant_intercept,
            model.participant_factor,
            model.statement_intercept,
            model.statement_factor,
        )
    )
    gradient = optimize.approx_fprime(x0, loss_of, 1e-7)
    assert np.max(np.abs(gradient)) < 1e-5
    # a generic optimiser from elsewhere finds nothing better
    rng = np.random.default_rng(0)
    other = optimize.minimize(
        loss_of,
        rng.normal(0, 0.3, x0.size),
        method="L-BFGS-B",
        options={"maxiter": 20_000, "ftol": 1e-15, "gtol": 1e-10},
    )
    assert model.loss <= other.fun + 1e-9


def test_deterministic_and_insensitive_to_the_start() -> None:
    m = two_camps(seed=4)
    first = bridging_scores(m)
    second = bridging_scores(m)
    np.testing.assert_array_equal(first.statement_intercept, second.statement_intercept)
    np.testing.assert_array_equal(first.participant_factor, second.participant_factor)
    other_start = bridging_scores(m, seed=99)
    np.testing.assert_allclose(other_start.statement_intercept, first.statement_intercept, atol=1e-3)
    np.testing.assert_allclose(other_start.statement_factor, first.statement_factor, atol=1e-3)


def test_excluded_statements_and_missing_votes_are_nan() -> None:
    votes = [(p, j, 1 if (p + j) % 3 else -1) for p in range(8) for j in range(3)]
    votes += [(0, 4, 1), (1, 4, -1), (0, 5, 1)]
    conv = conversation(votes, 9, 6, moderated_out=[4], meta=[5])  # 3: no votes; p8: none
    model = bridging_scores(matrix_of(conv))
    assert np.all(np.isfinite(model.statement_intercept[:3]))
    assert np.all(np.isnan(model.statement_intercept[3:]))
    assert np.all(np.isnan(model.statement_factor[3:]))
    assert np.isnan(model.participant_factor[8]) and np.isnan(model.participant_intercept[8])
    assert model.statement_votes.tolist() == [8, 8, 8, 0, 0, 0]


def test_no_votes_at_all() -> None:
    model = bridging_scores(matrix_of(conversation([], 3, 2)))
    assert np.isnan(model.mu) and np.all(np.isnan(model.bridging_score))
    assert model.iterations == 0


def test_passes_count_as_half_or_are_left_out() -> None:
    votes = [(p, 0, 0) for p in range(6)] + [(p, 1, 1 if p < 4 else -1) for p in range(6)]
    m = matrix_of(conversation(votes, 6, 2))
    half = bridging_scores(m)
    left_out = bridging_scores(m, pass_value=None)
    assert half.statement_votes.tolist() == [6, 6]
    assert left_out.statement_votes.tolist() == [0, 6]
    assert np.isnan(left_out.statement_intercept[0])
    with pytest.raises(ValueError):
        half.statement_intercept[0] = 1.0


def test_result_is_frozen() -> None:
    model = bridging_scores(two_camps())
    with pytest.raises(dataclasses.FrozenInstanceError):
        model.mu = 0.0  # type: ignore[misc]
    for array in (model.participant_factor, model.statement_factor, model.statement_votes):
        assert not array.flags.writeable


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n_participants=st.integers(2, 50))
def test_participant_order_does_not_matter(seed: int, n_participants: int) -> None:
    conv = random_conversation(seed, n_participants, 7, 0.7)
    permuted = permute_participants(conv, seed)
    first = bridging_scores(matrix_of(conv))
    second = bridging_scores(matrix_of(permuted))
    np.testing.assert_allclose(second.statement_intercept, first.statement_intercept, atol=1e-6)
    np.testing.assert_allclose(second.statement_factor, first.statement_factor, atol=1e-6)
    assert second.mu == pytest.approx(first.mu, abs=1e-6)
    position = {pid: i for i, pid in enumerate(permuted.participant_ids)}
    back = np.array([position[pid] for pid in conv.participant_ids], dtype=np.int64)
    np.testing.assert_allclose(second.participant_factor[back], first.participant_factor, atol=1e-6)
    np.testing.assert_allclose(second.participant_intercept[back], first.participant_intercept, atol=1e-6)


def test_squared_error_is_the_same_in_chunks() -> None:
    from tracktwo.consensus.bridging import _squared_error

    rng = np.random.default_rng(2)
    counts = rng.integers(0, 5, size=30)
    indptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    cols = rng.integers(0, 6, size=int(indptr[-1])).astype(np.int32)
    rating = rng.random(cols.size)
    b, f, c, g = rng.random(30), rng.random(30), rng.random(6), rng.random(6)
    whole = _squared_error(rating, cols, indptr, 0.3, b, c, f, g)
    rows = np.repeat(np.arange(30), counts)
    direct = float(np.sum((rating - (0.3 + b[rows] + c[cols] + f[rows] * g[cols])) ** 2))
    assert whole == pytest.approx(direct, rel=1e-12)
    for chunk in (1, 3, 7):
        assert _squared_error(rating, cols, indptr, 0.3, b, c, f, g, chunk) == pytest.approx(
            direct, rel=1e-12
        )


def test_block_product_gives_the_same_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    from tracktwo.consensus import bridging

    m = two_camps()
    separate = bridging_scores(m)
    monkeypatch.setattr(bridging, "BLOCK_PRODUCT_MIN_VOTES", 0)
    block = bridging_scores(m)
    np.testing.assert_allclose(block.statement_intercept, separate.statement_intercept, atol=1e-12)
    np.testing.assert_allclose(block.participant_factor, separate.participant_factor, atol=1e-12)
