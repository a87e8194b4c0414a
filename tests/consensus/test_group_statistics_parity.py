"""Group statistics, representative statements and consensus: hand-computed cases, then
parity with Pol.is's own math output (../shared/data/polis-math)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pytest

from support.shared_data import shared_data_path
from tracktwo.consensus.errors import InputError
from tracktwo.consensus.group_statistics import (
    Z_90,
    GroupStatistics,
    consensus_statements,
    excluded_statements,
    group_aware_consensus,
    group_statistics,
    proportion_test,
    representative_statements,
    two_proportion_test,
)
from tracktwo.consensus.matrix import VoteMatrix
from tracktwo.consensus.votes import Statement, build_conversation
from tracktwo.dialogue.formats.polis_math import PolisMathFixture, read_polis_math

FIXTURES = ["25ptpt-3gp-no-strict-with-meta", "above-100-ptpts", "below-100-ptpts"]
EXACT = {"rel": 1e-12, "abs": 1e-12}  # Pol.is prints exact rationals with 16 significant digits
FLOAT32 = {"rel": 1e-6}  # Pol.is rounds repness-test to a 32-bit float


def matrix_from_rows(
    rows: Sequence[Sequence[int | None]], *, meta: Sequence[int] = (), rejected: Sequence[int] = ()
) -> VoteMatrix:
    """Matrix from a dense participant x statement table; None = no vote."""
    n_s = len(rows[0])
    statements = [
        Statement(str(j), is_meta=j in meta, moderated=-1 if j in rejected else 1) for j in range(n_s)
    ]
    p, s, v = [], [], []
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value is not None:
                p.append(i)
                s.append(j)
                v.append(value)
    conv = build_conversation([f"p{i}" for i in range(len(rows))], statements, p, s, v)
    return VoteMatrix.from_conversation(conv)


# ---------------------------------------------------------------- hand-computed statistics


def test_proportion_tests_by_hand() -> None:
    assert proportion_test(3, 3) == pytest.approx(2.0)  # 2 sqrt(4) (4/4 - 1/2)
    assert proportion_test(0, 0) == pytest.approx(1.0)  # the prior alone
    assert proportion_test(0, 3) == pytest.approx(2 * 2 * (1 / 4 - 0.5))
    # s1=4 n1=4, s2=1 n2=4: pi1=1, pi2=1/4, pooled 5/8; var = 5/8 * 3/8 * (1/4 + 1/4)
    assert two_proportion_test(3, 0, 3, 3) == pytest.approx(0.75 / math.sqrt(15 / 128))
    assert two_proportion_test(0, 3, 3, 3) == pytest.approx(-0.75 / math.sqrt(15 / 128))
    # every vote a success on both sides: pooled proportion 1, defined as 0
    assert two_proportion_test(2, 3, 2, 3) == 0.0


def test_group_statistics_by_hand() -> None:
    matrix = matrix_from_rows(
        [
            [1, -1],  # p0, group 0
            [1, 0],  # p1, group 0
            [-1, None],  # p2, group 1
            [1, 1],  # p3, not clustered: counts nowhere
        ]
    )
    stats = group_statistics(matrix, [0, 0, 1, -1])
    assert stats.n_groups == 2
    assert stats.group_sizes.tolist() == [2, 1]
    assert stats.na.tolist() == [[2, 0], [0, 0]]
    assert stats.nd.tolist() == [[0, 1], [1, 0]]
    assert stats.ns.tolist() == [[2, 2], [1, 0]]
    assert stats.pa[0, 0] == pytest.approx(3 / 4)
    assert stats.pd[0, 1] == pytest.approx(2 / 4)
    assert stats.pat[0, 0] == pytest.approx(math.sqrt(3))  # 2 sqrt(3) (3/3 - 1/2)
    # ra = (3/4) / ((0 + 1) / (1 + 2))
    assert stats.ra[0, 0] == pytest.approx(9 / 4)
    # s1=3 n1=3 against s2=1 n2=2: pi1=1, pi2=1/2, pooled 4/5, var = 4/5 * 1/5 * (1/3 + 1/2)
    assert stats.rat[0, 0] == pytest.approx(0.5 / math.sqrt(2 / 15))
    # group 1 never saw statement 1: smoothing gives 1/2 and the rest is group 0
    assert stats.pa[1, 1] == pytest.approx(0.5)
    assert stats.rd[1, 1] == pytest.approx(0.5 / (2 / 4))
    assert stats.voted.tolist() == [True, True]
    for name in ("na", "ns", "pa", "rat", "excluded"):
        with pytest.raises(ValueError):
            getattr(stats, name)[0] = 0


def test_group_statistics_rejects_bad_labels() -> None:
    matrix = matrix_from_rows([[1], [1]])
    with pytest.raises(InputError, match="one label per participant"):
        group_statistics(matrix, [0])
    with pytest.raises(InputError, match="-1"):
        group_statistics(matrix, [0, -2])
    with pytest.raises(InputError, match="integers"):
        group_statistics(matrix, [0.0, 1.0])
    with pytest.raises(InputError, match="n_groups"):
        group_statistics(matrix, [0, 3], n_groups=2)


def test_group_aware_consensus_by_hand() -> None:
    matrix = matrix_from_rows([[1, -1], [1, None], [0, 1]])
    stats = group_statistics(matrix, [0, 0, 1])
    gac = group_aware_consensus(stats)
    # statement 0: group 0 (2+1)/(2+2), group 1 (0+1)/(1+2)
    assert gac[0] == pytest.approx(3 / 4 * 1 / 3)
    # statement 1: group 0 (0+1)/(1+2), group 1 (1+1)/(1+2)
    assert gac[1] == pytest.approx(1 / 3 * 2 / 3)
    assert group_aware_consensus(stats, direction="disagree")[1] == pytest.approx(2 / 3 * 1 / 3)
    assert not gac.flags.writeable


# ---------------------------------------------------------------- hand-built selections


def polarised(n_statements: int, per_group: int = 10) -> VoteMatrix:
    """Group 0 agrees with everything, group 1 disagrees with everything."""
    return matrix_from_rows([[1] * n_statements] * per_group + [[-1] * n_statements] * per_group)


def test_ties_keep_column_order_and_the_list_stops_at_five() -> None:
    stats = group_statistics(polarised(7), [0] * 10 + [1] * 10)
    rep = representative_statements(stats)
    # every statement ties; the first one is the best agreement and column order decides the rest
    assert [r.statement for r in rep[0]] == [0, 1, 2, 3, 4]
    assert [r.best_agree for r in rep[0]] == [True, False, False, False, False]
    assert rep[0][0].n_agree == 10
    assert {r.repful_for for r in rep[0]} == {"agree"}
    # group 1 disagrees: no best agreement (na = 0, pat < z, ra < 1), five disagreements
    assert [r.statement for r in rep[1]] == [0, 1, 2, 3, 4]
    assert {r.repful_for for r in rep[1]} == {"disagree"}
    assert not any(r.best_agree for r in rep[1])
    assert rep[1][0].n_success == 10 and rep[1][0].n_trials == 10
    assert rep[1][0].p_success == pytest.approx(11 / 12)
    assert rep[1][0].repness == pytest.approx((11 / 12) / (1 / 12))


def test_repness_test_is_rounded_to_float32() -> None:
    stats = group_statistics(polarised(1), [0] * 10 + [1] * 10)
    r = representative_statements(stats)[0][0]
    assert r.repness_test == float(np.float32(stats.rat[0, 0]))
    assert r.repness_test != float(stats.rat[0, 0])


def test_agrees_come_before_disagrees_after_the_cut() -> None:
    rows = (
        [[1, 1, -1]] * 8
        + [[1, 0, -1]] * 2  # group 0: s0 all agree, s1 8 of 10, s2 all disagree
        + [[-1, -1, 1]] * 10  # group 1: the opposite
    )
    stats = group_statistics(matrix_from_rows(rows), [0] * 10 + [1] * 10)
    rep = representative_statements(stats)[0]
    metric = {r.statement: r.repness * r.repness_test * r.p_success * r.p_test for r in rep}
    assert metric[2] > metric[1]  # the disagreement ranks above the weaker agreement ...
    assert [(r.statement, r.repful_for) for r in rep] == [(0, "agree"), (1, "agree"), (2, "disagree")]
    # ... but agreements are listed first; pick_max applies before that reordering
    cut = representative_statements(stats, pick_max=2)[0]
    assert [(r.statement, r.repful_for) for r in cut] == [(0, "agree"), (2, "disagree")]


def test_without_significant_statements_one_best_agreement_is_kept() -> None:
    # one member per group, both agree: pat is significant but rat = 0 (no difference)
    stats = group_statistics(matrix_from_rows([[1, 1], [1, 1]]), [0, 1])
    rep = representative_statements(stats)
    assert [(r.statement, r.best_agree) for r in rep[0]] == [(0, True)]
    assert [(r.statement, r.best_agree) for r in rep[1]] == [(0, True)]


def test_without_any_agreement_the_best_test_value_is_kept() -> None:
    # everyone passes: no best agreement (na = nd = 0), nothing significant; Pol.is keeps the
    # first statement with the largest max(rat, rdt), and rat == rdt makes it a "disagree"
    stats = group_statistics(matrix_from_rows([[0, 0], [0, 0]]), [0, 1])
    rep = representative_statements(stats)
    assert [(r.statement, r.repful_for, r.best_agree) for r in rep[0]] == [(0, "disagree", False)]


def test_excluded_and_unvoted_statements_are_never_picked() -> None:
    rows = [[1, 1, 1, None]] * 10 + [[-1, -1, -1, None]] * 10
    matrix = matrix_from_rows(rows, meta=[0], rejected=[1])
    assert excluded_statements(matrix).tolist() == [True, True, False, False]
    stats = group_statistics(matrix, [0] * 10 + [1] * 10)
    rep = representative_statements(stats)
    assert [r.statement for r in rep[0]] == [2]
    assert [r.statement for r in rep[1]] == [2]
    # an explicit mask replaces the default one
    stats = group_statistics(matrix, [0] * 10 + [1] * 10, excluded=[False, False, True, False])
    assert [r.statement for r in representative_statements(stats)[0]] == [0, 1]


def test_consensus_by_hand() -> None:
    rows = [
        [1, 1, 1, -1, 1],
        [1, 1, 1, -1, 0],
        [1, 1, 0, -1, 0],
        [1, 1, -1, -1, 0],
        [1, 0, -1, -1, 0],
    ]
    cons = consensus_statements(matrix_from_rows(rows))
    # s0: 5 of 5 -> pa 6/7, pat sqrt(6); s1: 4 of 5 -> pa 5/7, pat 2 sqrt(6) (5/6 - 1/2)
    # s2: 3 of 5 -> pat 2 sqrt(6) (4/6 - 1/2) = 0.82, not significant
    assert [c.statement for c in cons.agree] == [0, 1]
    assert cons.agree[0].p_success == pytest.approx(6 / 7)
    assert cons.agree[0].p_test == pytest.approx(math.sqrt(6))
    assert cons.agree[1].p_test == pytest.approx(2 * math.sqrt(6) / 3)
    assert (cons.agree[1].n_success, cons.agree[1].n_trials) == (4, 5)
    assert [c.statement for c in cons.disagree] == [3]
    # counting only the first two participants: s2 becomes 2 of 2 (pat = 2 sqrt(3) / 2 > z)
    only_two = consensus_statements(matrix_from_rows(rows), counted=[True, True, False, False, False])
    assert [c.statement for c in only_two.agree] == [0, 1, 2]
    assert math.sqrt(3) > Z_90


def test_consensus_stops_at_five_in_column_order_on_ties() -> None:
    cons = consensus_statements(matrix_from_rows([[1] * 7] * 4))
    assert [c.statement for c in cons.agree] == [0, 1, 2, 3, 4]
    assert cons.disagree == ()


# ---------------------------------------------------------------- parity with Pol.is


def load(name: str) -> PolisMathFixture:
    return read_polis_math(shared_data_path("polis-math", name))


def polis_mod_out(fixture: PolisMathFixture) -> np.ndarray:
    return np.array([t in fixture.reference.mod_out for t in fixture.conversation.statement_ids])


def polis_group_statistics(fixture: PolisMathFixture, *, polis_mask: bool) -> GroupStatistics:
    matrix = VoteMatrix.from_conversation(fixture.conversation)
    labels = fixture.reference.group_labels(fixture.conversation.participant_ids)
    assert [g.id for g in fixture.reference.groups] == list(range(len(fixture.reference.groups)))
    return group_statistics(
        matrix,
        labels,
        n_groups=len(fixture.reference.groups),
        excluded=polis_mod_out(fixture) if polis_mask else None,
    )


@pytest.mark.shared_data
@pytest.mark.parametrize("name", FIXTURES)
def test_group_counts_match_polis_group_votes(name: str) -> None:
    fixture = load(name)
    stats = polis_group_statistics(fixture, polis_mask=False)
    ids = fixture.conversation.statement_ids
    for g, group_votes in fixture.reference.group_votes.items():
        assert stats.group_sizes[g] == group_votes.n_members
        for tid, (a, d, s) in group_votes.votes.items():
            j = ids.index(tid)
            assert (stats.na[g, j], stats.nd[g, j], stats.ns[g, j]) == (a, d, s), tid


@pytest.mark.shared_data
@pytest.mark.parametrize("name", FIXTURES)
def test_default_exclusion_is_polis_mod_out(name: str) -> None:
    fixture = load(name)
    matrix = VoteMatrix.from_conversation(fixture.conversation)
    ours = {
        t for t, x in zip(fixture.conversation.statement_ids, excluded_statements(matrix), strict=True) if x
    }
    # Pol.is ignores strict moderation in its math: mod-out is moderated = -1 or meta only
    # (below-100-ptpts is a strict conversation with unmoderated statements).
    assert ours == set(fixture.reference.mod_out)


@pytest.mark.shared_data
@pytest.mark.parametrize("polis_mask", [False, True], ids=["default-exclusion", "polis-mod-out"])
@pytest.mark.parametrize("name", FIXTURES)
def test_repness_matches_polis(name: str, polis_mask: bool) -> None:
    fixture = load(name)
    stats = polis_group_statistics(fixture, polis_mask=polis_mask)
    ids = fixture.conversation.statement_ids
    ours = representative_statements(stats)
    assert len(ours) == len(fixture.reference.repness)
    for g, expected in fixture.reference.repness.items():
        got = ours[g]
        assert [(ids[r.statement], r.repful_for, r.best_agree) for r in got] == [
            (e.tid, e.repful_for, e.best_agree) for e in expected
        ], f"group {g}"
        for r, e in zip(got, expected, strict=True):
            assert (r.n_success, r.n_trials, r.n_agree) == (e.n_success, e.n_trials, e.n_agree)
            assert r.p_success == pytest.approx(e.p_success, **EXACT)
            assert r.p_test == pytest.approx(e.p_test, **EXACT)
            assert r.repness == pytest.approx(e.repness, **EXACT)
            assert r.repness_test == pytest.approx(e.repness_test, **FLOAT32)


@pytest.mark.shared_data
@pytest.mark.parametrize("polis_mask", [False, True], ids=["default-exclusion", "polis-mod-out"])
@pytest.mark.parametrize("name", FIXTURES)
def test_consensus_matches_polis(name: str, polis_mask: bool) -> None:
    fixture = load(name)
    matrix = VoteMatrix.from_conversation(fixture.conversation)
    # Pol.is counts every participant for consensus, not only the in-conversation ones
    cons = consensus_statements(matrix, excluded=polis_mod_out(fixture) if polis_mask else None)
    ids = fixture.conversation.statement_ids
    for got, expected in (
        (cons.agree, fixture.reference.consensus_agree),
        (cons.disagree, fixture.reference.consensus_disagree),
    ):
        assert [ids[c.statement] for c in got] == [e.tid for e in expected]
        for c, e in zip(got, expected, strict=True):
            assert (c.n_success, c.n_trials) == (e.n_success, e.n_trials)
            assert c.p_success == pytest.approx(e.p_success, **EXACT)
            assert c.p_test == pytest.approx(e.p_test, **EXACT)


@pytest.mark.shared_data
@pytest.mark.parametrize("name", ["above-100-ptpts", "below-100-ptpts"])
def test_consensus_counts_everyone_not_only_in_conv(name: str) -> None:
    # these two fixtures have participants outside in-conv; counting only in-conv ones
    # would not reproduce Pol.is's n-trials
    fixture = load(name)
    matrix = VoteMatrix.from_conversation(fixture.conversation)
    in_conv = fixture.reference.in_conv_mask(fixture.conversation.participant_ids)
    assert not in_conv.all()
    restricted = consensus_statements(matrix, counted=in_conv)
    expected = [(e.tid, e.n_trials) for e in fixture.reference.consensus_agree]
    ids = fixture.conversation.statement_ids
    assert [(ids[c.statement], c.n_trials) for c in restricted.agree] != expected


@pytest.mark.shared_data
@pytest.mark.parametrize("name", FIXTURES)
def test_group_aware_consensus_matches_polis(name: str) -> None:
    fixture = load(name)
    stats = polis_group_statistics(fixture, polis_mask=False)
    gac = group_aware_consensus(stats)
    ids = fixture.conversation.statement_ids
    # Pol.is reports every voted statement, moderated-out and meta ones included
    assert set(fixture.reference.group_aware_consensus) == set(fixture.reference.tids)
    for tid, value in fixture.reference.group_aware_consensus.items():
        assert gac[ids.index(tid)] == pytest.approx(value, **EXACT), tid
