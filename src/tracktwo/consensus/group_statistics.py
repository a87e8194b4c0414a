"""Per-group vote statistics, representative statements and consensus, as Pol.is computes them.

The selection rules reproduce Pol.is's `repness.clj` output exactly (checked against
Pol.is's own `math-pca2.json`), quirks included:

- Group statistics count only clustered participants (label >= 0); "the rest" of a group
  is the other groups, never the unclustered participants.
- Consensus counts every participant of the matrix, clustered or not.
- Excluded statements (moderated out or meta; Pol.is's `mod-out`) never enter a selection,
  and neither do statements nobody has voted on (Pol.is does not know them).
- Significance is a fixed one-sided z > 1.2816 (Pol.is's constant, not the exact 90% quantile).
- A representative statement's `repness_test` is rounded to a 32-bit float (Pol.is calls
  `float` on it) and the ranking uses that rounded value.
- Ties keep statement order (Pol.is sorts stably in column order).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import numpy.typing as npt

from tracktwo.consensus.errors import InputError
from tracktwo.consensus.frozen import read_only
from tracktwo.consensus.matrix import VoteMatrix

FloatArray = npt.NDArray[np.float64]
CountArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Direction = Literal["agree", "disagree"]

#: Pol.is's one-sided 90% critical value (`z-sig-90?`): a fixed constant, not norm.ppf(0.9).
Z_90 = 1.2816
#: How many statements Pol.is keeps per group (repness) and per direction (consensus).
PICK_MAX = 5


def _as_float32(value: float) -> float:
    """Round to the nearest 32-bit float, as Clojure's `(float x)` does."""
    return float(np.float32(value))


@dataclass(frozen=True)
class GroupStatistics:
    """Vote statistics per group (rows, 0..n_groups-1) and statement (columns).

    n = count, p = probability, r = representativeness (ratio to the rest), t = test (z),
    a = agree, d = disagree, s = seen (votes of any kind, passes included).
    `excluded` marks statements that no selection may pick (moderated out or meta);
    `voted` marks statements with at least one vote from any participant.
    """

    n_groups: int
    group_sizes: CountArray
    na: CountArray
    nd: CountArray
    ns: CountArray
    pa: FloatArray
    pd: FloatArray
    pat: FloatArray
    pdt: FloatArray
    ra: FloatArray
    rd: FloatArray
    rat: FloatArray
    rdt: FloatArray
    excluded: BoolArray
    voted: BoolArray

    @property
    def n_statements(self) -> int:
        return int(self.excluded.shape[0])


@dataclass(frozen=True)
class RepresentativeStatement:
    """One statement that stands for a group, in Pol.is's `repness` shape.

    `statement` is the column index in the vote matrix. `repful_for` picks agree when
    rat > rdt, else disagree; the other fields follow that direction. `best_agree` marks
    the statement Pol.is puts first as the group's best agreement (with `n_agree` = na).
    """

    statement: int
    repful_for: Direction
    n_success: int
    n_trials: int
    p_success: float
    p_test: float
    repness: float
    repness_test: float
    best_agree: bool = False
    n_agree: int | None = None


@dataclass(frozen=True)
class ConsensusStatement:
    """One statement most participants agree (or disagree) with, in Pol.is's `consensus` shape."""

    statement: int
    n_success: int
    n_trials: int
    p_success: float
    p_test: float


@dataclass(frozen=True)
class ConsensusStatements:
    """Top statements of broad agreement and of broad disagreement, best first."""

    agree: tuple[ConsensusStatement, ...]
    disagree: tuple[ConsensusStatement, ...]


def excluded_statements(matrix: VoteMatrix) -> BoolArray:
    """Pol.is's `mod-out`: statements moderated out, plus meta statements."""
    mask: BoolArray = np.asarray(matrix.moderated_out, dtype=bool) | np.asarray(matrix.is_meta, dtype=bool)
    read_only(mask)
    return mask


def proportion_test(successes: npt.ArrayLike, trials: npt.ArrayLike) -> FloatArray:
    """One-proportion z statistic with a +1 prior: 2 sqrt(n+1) ((s+1)/(n+1) - 1/2)."""
    s = np.asarray(successes, dtype=np.float64) + 1.0
    n = np.asarray(trials, dtype=np.float64) + 1.0
    # Same operation order as Pol.is's prop-test, so results agree to the last bit.
    result: FloatArray = (2.0 * np.sqrt(n)) * (s / n - 0.5)
    return result


def two_proportion_test(
    successes_in: npt.ArrayLike,
    successes_out: npt.ArrayLike,
    trials_in: npt.ArrayLike,
    trials_out: npt.ArrayLike,
) -> FloatArray:
    """Pooled two-proportion z statistic with +1 added to every count (Pol.is's two-prop-test).

    Where the pooled proportion is 1 the statistic is defined as 0, as in Pol.is.
    """
    s1 = np.asarray(successes_in, dtype=np.int64) + 1
    s2 = np.asarray(successes_out, dtype=np.int64) + 1
    n1 = np.asarray(trials_in, dtype=np.int64) + 1
    n2 = np.asarray(trials_out, dtype=np.int64) + 1
    pooled_s = s1 + s2
    pooled_n = n1 + n2
    # pi1 - pi2 as one exact fraction, then a single rounding, like Pol.is's rationals.
    difference = (s1 * n2 - s2 * n1).astype(np.float64) / (n1 * n2).astype(np.float64)
    # pi_hat (1 - pi_hat) (1/n1 + 1/n2) = s (N - s) / (N n1 n2), with s, N the pooled counts.
    variance = (pooled_s * (pooled_n - pooled_s)).astype(np.float64) / (
        pooled_n.astype(np.float64) * n1.astype(np.float64) * n2.astype(np.float64)
    )
    degenerate = pooled_s == pooled_n
    with np.errstate(divide="ignore", invalid="ignore"):
        z = difference / np.sqrt(variance)
    result: FloatArray = np.where(degenerate, 0.0, z)
    return result


def _smoothed_ratio(
    count: CountArray, seen: CountArray, count_rest: CountArray, seen_rest: CountArray
) -> FloatArray:
    """((c + 1) / (n + 2)) / ((c_rest + 1) / (n_rest + 2)) with one rounding."""
    numerator = (count + 1) * (seen_rest + 2)
    denominator = (seen + 2) * (count_rest + 1)
    result: FloatArray = numerator.astype(np.float64) / denominator.astype(np.float64)
    return result


def _labels_array(matrix: VoteMatrix, labels: npt.ArrayLike, n_groups: int | None) -> tuple[CountArray, int]:
    array = np.asarray(labels)
    if array.shape != (matrix.n_participants,):
        raise InputError(
            f"got {array.shape[0] if array.ndim == 1 else array.shape} group labels for "
            f"{matrix.n_participants} participants; give one label per participant (-1 = none)"
        )
    if array.size and not np.issubdtype(array.dtype, np.integer):
        raise InputError("group labels must be integers (-1 for participants not clustered)")
    label_array = array.astype(np.int64)
    if label_array.size and label_array.min() < -1:
        raise InputError("group labels must be >= 0, or -1 for participants not clustered")
    top = int(label_array.max()) + 1 if label_array.size else 0
    if n_groups is None:
        n_groups = top
    elif n_groups < top:
        raise InputError(f"a group label is {top - 1} but n_groups is {n_groups}")
    return label_array, n_groups


def group_statistics(
    matrix: VoteMatrix,
    labels: npt.ArrayLike,
    *,
    n_groups: int | None = None,
    excluded: npt.ArrayLike | None = None,
) -> GroupStatistics:
    """Count and test every group's votes on every statement.

    `labels` holds one integer per participant: the group 0..n_groups-1, or -1 for a
    participant who is not clustered (their votes count nowhere here). `excluded`
    defaults to `excluded_statements(matrix)` (moderated out or meta); statistics are
    still computed for excluded statements, but no selection picks them.
    """
    label_array, n_groups = _labels_array(matrix, labels, n_groups)
    agree, disagree, seen = matrix.group_counts(label_array, n_groups)
    na = agree.astype(np.int64)
    nd = disagree.astype(np.int64)
    ns = seen.astype(np.int64)
    na_rest = na.sum(axis=0, keepdims=True) - na
    nd_rest = nd.sum(axis=0, keepdims=True) - nd
    ns_rest = ns.sum(axis=0, keepdims=True) - ns

    if excluded is None:
        excluded_mask = excluded_statements(matrix).copy()
    else:
        excluded_mask = np.array(excluded, dtype=bool, copy=True)
        if excluded_mask.shape != (matrix.n_statements,):
            raise InputError(
                f"excluded has {excluded_mask.size} entries for {matrix.n_statements} statements"
            )
    voted = np.bincount(matrix.indices, minlength=matrix.n_statements) > 0
    sizes = np.bincount(label_array[label_array >= 0], minlength=n_groups).astype(np.int64)

    stats = GroupStatistics(
        n_groups=n_groups,
        group_sizes=sizes,
        na=na,
        nd=nd,
        ns=ns,
        pa=(na + 1) / (ns + 2),
        pd=(nd + 1) / (ns + 2),
        pat=proportion_test(na, ns),
        pdt=proportion_test(nd, ns),
        ra=_smoothed_ratio(na, ns, na_rest, ns_rest),
        rd=_smoothed_ratio(nd, ns, nd_rest, ns_rest),
        rat=two_proportion_test(na, na_rest, ns, ns_rest),
        rdt=two_proportion_test(nd, nd_rest, ns, ns_rest),
        excluded=excluded_mask,
        voted=voted,
    )
    for name in (
        "group_sizes",
        "na",
        "nd",
        "ns",
        "pa",
        "pd",
        "pat",
        "pdt",
        "ra",
        "rd",
        "rat",
        "rdt",
        "excluded",
        "voted",
    ):
        read_only(getattr(stats, name))
    return stats


def _candidates(stats: GroupStatistics) -> list[int]:
    """Statements a selection may consider, in column order (Pol.is's tie order)."""
    return [int(s) for s in np.flatnonzero(stats.voted & ~stats.excluded)]


def _finalize(stats: GroupStatistics, g: int, s: int) -> RepresentativeStatement:
    agree = bool(stats.rat[g, s] > stats.rdt[g, s])
    if agree:
        return RepresentativeStatement(
            statement=s,
            repful_for="agree",
            n_success=int(stats.na[g, s]),
            n_trials=int(stats.ns[g, s]),
            p_success=float(stats.pa[g, s]),
            p_test=float(stats.pat[g, s]),
            repness=float(stats.ra[g, s]),
            repness_test=_as_float32(float(stats.rat[g, s])),
        )
    return RepresentativeStatement(
        statement=s,
        repful_for="disagree",
        n_success=int(stats.nd[g, s]),
        n_trials=int(stats.ns[g, s]),
        p_success=float(stats.pd[g, s]),
        p_test=float(stats.pdt[g, s]),
        repness=float(stats.rd[g, s]),
        repness_test=_as_float32(float(stats.rdt[g, s])),
    )


def _repness_metric(statement: RepresentativeStatement) -> float:
    return statement.repness * statement.repness_test * statement.p_success * statement.p_test


def _agree_metric(stats: GroupStatistics, g: int, s: int) -> float:
    return float(stats.ra[g, s]) * float(stats.rat[g, s]) * float(stats.pa[g, s]) * float(stats.pat[g, s])


def _beats_best_agree(stats: GroupStatistics, g: int, s: int, best: int | None, z: float) -> bool:
    """Pol.is's beats-best-agr?: the group's best agreement, even without significance."""
    if stats.na[g, s] == 0 and stats.nd[g, s] == 0:
        return False
    if best is not None and stats.ra[g, best] > 1.0:
        return _agree_metric(stats, g, s) > _agree_metric(stats, g, best)
    if best is not None:
        return float(stats.pa[g, s]) * float(stats.pat[g, s]) > float(stats.pa[g, best]) * float(
            stats.pat[g, best]
        )
    return bool(stats.pat[g, s] > z or (stats.ra[g, s] > 1.0 and stats.pa[g, s] > 0.5))


def _passes(stats: GroupStatistics, g: int, s: int, z: float) -> bool:
    return bool(
        (stats.rat[g, s] > z and stats.pat[g, s] > z) or (stats.rdt[g, s] > z and stats.pdt[g, s] > z)
    )


def _select_for_group(
    stats: GroupStatistics, g: int, candidates: list[int], pick_max: int, z: float
) -> tuple[RepresentativeStatement, ...]:
    sufficient: list[RepresentativeStatement] = []
    best: RepresentativeStatement | None = None
    best_agree: int | None = None
    for s in candidates:
        if _passes(stats, g, s, z):
            sufficient.append(_finalize(stats, g, s))
        # Pol.is compares against the stored, float32-rounded repness-test of the best so far.
        if not sufficient and (
            best is None or max(float(stats.rat[g, s]), float(stats.rdt[g, s])) > best.repness_test
        ):
            best = _finalize(stats, g, s)
        if _beats_best_agree(stats, g, s, best_agree, z):
            best_agree = s

    head: list[RepresentativeStatement] = []
    if best_agree is not None:
        finalized = _finalize(stats, g, best_agree)
        head = [replace(finalized, best_agree=True, n_agree=int(stats.na[g, best_agree]))]
    elif best is not None:
        head = [best]
    if not sufficient:
        return tuple(head)
    rest = [r for r in sufficient if best_agree is None or r.statement != best_agree]
    rest.sort(key=lambda r: -_repness_metric(r))  # stable: ties keep column order
    chosen = (head if best_agree is not None else []) + rest
    chosen = chosen[:pick_max]
    agrees = [r for r in chosen if r.repful_for == "agree"]
    disagrees = [r for r in chosen if r.repful_for == "disagree"]
    return tuple(agrees + disagrees)


def representative_statements(
    stats: GroupStatistics, *, pick_max: int = PICK_MAX, z_threshold: float = Z_90
) -> tuple[tuple[RepresentativeStatement, ...], ...]:
    """Each group's representative statements, exactly as Pol.is's `repness` selects them.

    A statement passes when (rat > z and pat > z) or (rdt > z and pdt > z). Passing
    statements are ranked by repness * repness_test * p_success * p_test (descending);
    the group's best agreement (Pol.is's best-agree rule) goes first, the list is cut to
    `pick_max`, then agreements are moved before disagreements (order kept within each).
    When nothing passes the group gets one statement: its best agreement, or failing that
    the statement with the largest max(rat, rdt). Returns one tuple per group.
    """
    candidates = _candidates(stats)
    return tuple(
        _select_for_group(stats, g, candidates, pick_max, z_threshold) for g in range(stats.n_groups)
    )


def consensus_statements(
    matrix: VoteMatrix,
    *,
    counted: npt.ArrayLike | None = None,
    excluded: npt.ArrayLike | None = None,
    pick_max: int = PICK_MAX,
    z_threshold: float = Z_90,
) -> ConsensusStatements:
    """Statements with broad agreement or disagreement, as Pol.is's `consensus`.

    Pol.is counts every participant in the matrix (not only the clustered ones); pass a
    boolean `counted` mask to restrict. A statement qualifies for "agree" when
    pa > 0.5 and pat > z; candidates are sorted by pa * pat (descending, ties in column
    order) and cut to `pick_max`; likewise for "disagree" with pd and pdt.
    """
    if counted is None:
        labels = np.zeros(matrix.n_participants, dtype=np.int64)
    else:
        mask = np.asarray(counted, dtype=bool)
        if mask.shape != (matrix.n_participants,):
            raise InputError(f"counted has {mask.size} entries for {matrix.n_participants} participants")
        labels = np.where(mask, 0, -1).astype(np.int64)
    stats = group_statistics(matrix, labels, n_groups=1, excluded=excluded)
    candidates = _candidates(stats)

    def top(count: CountArray, p: FloatArray, test: FloatArray) -> tuple[ConsensusStatement, ...]:
        chosen = [s for s in candidates if p[0, s] > 0.5 and test[0, s] > z_threshold]
        chosen.sort(key=lambda s: -(float(p[0, s]) * float(test[0, s])))
        return tuple(
            ConsensusStatement(
                statement=s,
                n_success=int(count[0, s]),
                n_trials=int(stats.ns[0, s]),
                p_success=float(p[0, s]),
                p_test=float(test[0, s]),
            )
            for s in chosen[:pick_max]
        )

    return ConsensusStatements(
        agree=top(stats.na, stats.pa, stats.pat),
        disagree=top(stats.nd, stats.pd, stats.pdt),
    )


def group_aware_consensus(stats: GroupStatistics, *, direction: Direction = "agree") -> FloatArray:
    """Per statement, the product over groups of (na + 1) / (ns + 2): high only when every
    group agrees. Pol.is reports the agree form for every voted statement, moderated-out
    and meta included. Returned read-only, one value per statement.
    """
    count = stats.na if direction == "agree" else stats.nd
    result = np.ones(stats.n_statements, dtype=np.float64)
    # Multiply group by group, in group order, as Pol.is does.
    for g in range(stats.n_groups):
        result = result * ((count[g] + 1.0) / (stats.ns[g] + 2.0))
    read_only(result)
    return result
