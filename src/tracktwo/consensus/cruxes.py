"""Cruxes: statements on which the strata of an attribute disagree with each other.

For every attribute (crossings optional) and every statement, the reported strata that
voted on it form an r x 2 table: agrees vs not-agrees (disagrees and passes, as in the
agreement rate) among those who voted. The null hypothesis is that all strata share one
agree rate (homogeneity). The test, chosen per table:

- **Pearson chi-square** (r - 1 degrees of freedom) when the large-sample approximation
  holds by Cochran's rule: every expected count at least 1 and at least 80% of them 5 or
  more.
- Otherwise an exact conditional test, with all margins fixed: **Fisher's exact test**
  (two-sided, scipy) for two strata, and for three or more a **Monte Carlo exact test**
  of the chi-square statistic (agree counts drawn from the multivariate hypergeometric
  null; p = (1 + #{X*^2 >= X^2}) / (draws + 1), as R's
  `chisq.test(simulate.p.value = TRUE)`). Simulation is sequential and stops as soon as
  the decision is clear: every simulated test gets 99 draws, then only tests that are
  not (yet) significant after the correction and whose p-value is still imprecise (fewer
  than 20 simulated statistics reached the observed one; Besag and Clifford 1991) get
  more, up to 999 and then `monte_carlo_samples` (9,999; the smallest reportable p is
  1e-4). Lowering or refining p-values of tests that are not rejected never removes a
  Benjamini-Hochberg rejection, so a test that is significant early stays significant;
  its reported p-value is just coarser (e.g. 0.01 after 99 draws). Each statement draws
  from its own stream, seeded by (seed, attribute set, statement).

A table where everyone agrees, or nobody does, has one possible outcome: p = 1. A
statement fewer than two strata voted on is not tested. p-values are corrected with
Benjamini-Hochberg over all tests together (all attribute sets and statements); a crux
has q < `q_threshold` (default 0.1, the brief's false discovery rate) and an effect of at
least `min_effect` (default 0). The effect size is the largest difference in agree rate
between two strata, with the most and least agreeing strata named.

Only reported strata (at least k participants) take part: a test over a suppressed
stratum would leak its votes. Moderated-out and meta statements are not tested.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import stats

from tracktwo.consensus.errors import InputError
from tracktwo.consensus.matrix import VoteMatrix
from tracktwo.consensus.strata import StrataAgreement, StratumTable

FloatArray = npt.NDArray[np.float64]
TestMethod = Literal["chi2", "fisher", "monte_carlo", "degenerate"]


def benjamini_hochberg(p_values: npt.ArrayLike) -> FloatArray:
    """Benjamini-Hochberg adjusted p-values (q-values), in the input order.

    q_(i) = min over j >= i of m * p_(j) / j, capped at 1, for sorted p. Matches
    `scipy.stats.false_discovery_control(p, method="bh")`.
    """
    p = np.asarray(p_values, dtype=np.float64)
    if p.ndim != 1:
        raise InputError("p-values must be a one-dimensional array")
    if p.size == 0:
        return np.zeros(0)
    if np.isnan(p).any() or (p < 0).any() or (p > 1).any():
        raise InputError("p-values must lie in [0, 1] and not be NaN")
    m = p.size
    order = np.argsort(p, kind="stable")
    scaled = p[order] * m / np.arange(1, m + 1)
    q_sorted = np.minimum.accumulate(scaled[::-1])[::-1]
    q = np.empty(m)
    q[order] = np.minimum(q_sorted, 1.0)
    return q


@dataclass(frozen=True)
class CruxTest:
    """One homogeneity test: the strata of `attributes` on one statement.

    `statistic` is the Pearson chi-square of the table whichever `method` gave the
    p-value; `strata`, `rates` and `seen` list the strata that voted on the statement.
    """

    statement: int
    attributes: tuple[str, ...]
    method: TestMethod
    statistic: float
    p_value: float
    q_value: float
    effect: float
    most_agreeing: str
    most_rate: float
    least_agreeing: str
    least_rate: float
    strata: tuple[str, ...]
    rates: tuple[float, ...]
    seen: tuple[int, ...]
    is_crux: bool


@dataclass(frozen=True)
class Cruxes:
    """Every test run (by statement, then attribute set) and the cruxes among them,
    largest effect first."""

    q_threshold: float
    min_effect: float
    attribute_sets: tuple[tuple[str, ...], ...]
    tests: tuple[CruxTest, ...]
    cruxes: tuple[CruxTest, ...]


def _pearson(agree: FloatArray, seen: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Chi-square statistic of r x 2 tables (strata on axis 0) and the minimum expected
    count of each; rows with no votes are left out."""
    total = seen.sum(axis=0)
    p_hat = np.divide(agree.sum(axis=0), total, out=np.zeros(total.shape), where=total > 0)
    expected_a = seen * p_hat
    expected_n = seen * (1.0 - p_hat)
    var = seen * p_hat * (1.0 - p_hat)
    with np.errstate(invalid="ignore", divide="ignore"):
        terms = np.where(var > 0, (agree - expected_a) ** 2 / np.where(var > 0, var, 1.0), 0.0)
    return terms.sum(axis=0), np.minimum(expected_a, expected_n)


def _cochran_ok(agree: FloatArray, seen: FloatArray, voted: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    total = seen.sum(axis=0)
    p_hat = np.divide(agree.sum(axis=0), total, out=np.zeros(total.shape), where=total > 0)
    expected = np.stack((seen * p_hat, seen * (1.0 - p_hat)))  # (2, strata, statements)
    cells = 2 * voted.sum(axis=0)
    at_least_one = ((expected >= 1.0) | ~voted[None]).all(axis=(0, 1))
    five_or_more = ((expected >= 5.0) & voted[None]).sum(axis=(0, 1))
    return np.asarray(at_least_one & (five_or_more >= 0.8 * cells), dtype=bool)


def _null_statistics(
    agree: npt.NDArray[np.int64],
    seen: npt.NDArray[np.int64],
    samples: int,
    rng: np.random.Generator,
) -> FloatArray:
    """Chi-square statistics of `samples` tables drawn with the margins of one r x 2
    table fixed: agree counts from the multivariate hypergeometric, stratum by stratum."""
    remaining_agree = np.full(samples, int(agree.sum()), dtype=np.int64)
    remaining = int(seen.sum())
    draws = np.zeros((seen.size, samples))
    for r, n_r in enumerate(seen.tolist()):
        if r == seen.size - 1:
            x = remaining_agree
        else:
            x = rng.hypergeometric(remaining_agree, remaining - remaining_agree, n_r)
        draws[r] = x
        remaining_agree = remaining_agree - x
        remaining -= n_r
    statistic, _ = _pearson(draws, np.repeat(seen.astype(np.float64)[:, None], samples, axis=1))
    return statistic


class _Simulation:
    """The running Monte Carlo test of one r x 2 table (internal, mutable)."""

    def __init__(
        self,
        agree: npt.NDArray[np.int64],
        seen: npt.NDArray[np.int64],
        observed: float,
        rng: np.random.Generator,
    ) -> None:
        self.agree = agree
        self.seen = seen
        self.threshold = observed * (1.0 - 1e-9) - 1e-12  # ties count as "as extreme"
        self.rng = rng
        self.drawn = 0
        self.exceed = 0

    def run_to(self, total: int) -> None:
        if total > self.drawn:
            null = _null_statistics(self.agree, self.seen, total - self.drawn, self.rng)
            self.exceed += int(np.count_nonzero(null >= self.threshold))
            self.drawn = total

    @property
    def precise(self) -> bool:
        return self.exceed >= 20

    @property
    def p_value(self) -> float:
        return (1.0 + self.exceed) / (self.drawn + 1.0)


def _simulation_rounds(max_samples: int) -> list[int]:
    rounds = [n for n in (99, 999) if n < max_samples]
    return [*rounds, max_samples]


def find_cruxes(
    agreement: StrataAgreement,
    matrix: VoteMatrix,
    *,
    attribute_sets: Sequence[Sequence[str]] | None = None,
    include_crossings: bool = False,
    q_threshold: float = 0.1,
    min_effect: float = 0.0,
    monte_carlo_samples: int = 9_999,
    seed: int = 0,
) -> Cruxes:
    """Test every statement for different agree rates across the strata of each
    attribute set; see the module docstring for the tests and the correction."""
    if agreement.n_statements != matrix.n_statements:
        raise InputError(
            f"the strata agreement covers {agreement.n_statements} statements but the matrix has "
            f"{matrix.n_statements}; compute both from the same conversation"
        )
    if not 0.0 < q_threshold <= 1.0:
        raise InputError(f"q_threshold must lie in (0, 1], got {q_threshold}")
    if monte_carlo_samples < 1:
        raise InputError(f"monte_carlo_samples must be at least 1, got {monte_carlo_samples}")
    tables = agreement.select(attribute_sets, include_crossings=include_crossings)
    excluded = np.asarray(matrix.moderated_out | matrix.is_meta, dtype=bool)

    raw: list[_Raw] = []
    for table in tables:
        raw.extend(_test_table(table, excluded, seed))

    def p_values() -> list[float]:
        return [r.p if r.simulation is None else r.simulation.p_value for r in raw]

    simulated = [r.simulation for r in raw if r.simulation is not None]
    for i, total in enumerate(_simulation_rounds(monte_carlo_samples)):
        if i == 0:
            pending = simulated
        else:
            q_now = benjamini_hochberg(p_values())
            pending = [
                r.simulation
                for r, q in zip(raw, q_now.tolist(), strict=True)
                if r.simulation is not None and q >= q_threshold and not r.simulation.precise
            ]
        for simulation in pending:
            simulation.run_to(total)
    p_final = p_values()
    q_values = benjamini_hochberg(p_final)

    tests = []
    for r, p, q in zip(raw, p_final, q_values.tolist(), strict=True):
        j, table, method, statistic = r.statement, r.table, r.method, r.statistic
        p = min(max(p, 0.0), 1.0)
        voted = np.flatnonzero(table.seen[:, j] > 0)
        rates = table.rate[voted, j]
        hi, lo = int(np.argmax(rates)), int(np.argmin(rates))
        effect = float(rates[hi] - rates[lo])
        tests.append(
            CruxTest(
                statement=j,
                attributes=table.attributes,
                method=method,
                statistic=statistic,
                p_value=p,
                q_value=q,
                effect=effect,
                most_agreeing=table.labels[voted[hi]],
                most_rate=float(rates[hi]),
                least_agreeing=table.labels[voted[lo]],
                least_rate=float(rates[lo]),
                strata=tuple(table.labels[r] for r in voted.tolist()),
                rates=tuple(float(x) for x in rates.tolist()),
                seen=tuple(int(x) for x in table.seen[voted, j].tolist()),
                is_crux=q < q_threshold and effect >= min_effect,
            )
        )
    order = {attrs: i for i, attrs in enumerate(t.attributes for t in tables)}
    tests.sort(key=lambda t: (t.statement, order[t.attributes]))
    cruxes = sorted((t for t in tests if t.is_crux), key=lambda t: (-t.effect, t.q_value, t.statement))
    return Cruxes(
        q_threshold=q_threshold,
        min_effect=min_effect,
        attribute_sets=tuple(t.attributes for t in tables),
        tests=tuple(tests),
        cruxes=tuple(cruxes),
    )


@dataclass
class _Raw:
    """A test before the correction (internal)."""

    statement: int
    table: StratumTable
    method: TestMethod
    statistic: float
    p: float
    simulation: _Simulation | None = None


def _test_table(table: StratumTable, excluded: npt.NDArray[np.bool_], seed: int) -> list[_Raw]:
    if table.n_strata < 2:
        return []
    agree = table.agrees.astype(np.float64)
    seen = table.seen.astype(np.float64)
    voted = table.seen > 0
    tested = (voted.sum(axis=0) >= 2) & ~excluded
    statistic, _ = _pearson(agree, seen)
    large = _cochran_ok(agree, seen, voted)
    dof = voted.sum(axis=0) - 1
    chi2_p = stats.chi2.sf(statistic, np.maximum(dof, 1))
    total_agree = table.agrees.sum(axis=0)
    total_seen = table.seen.sum(axis=0)
    degenerate = (total_agree == 0) | (total_agree == total_seen)
    key = zlib.crc32(" x ".join(table.attributes).encode("utf-8"))
    out: list[_Raw] = []
    for j in np.flatnonzero(tested).tolist():
        stat = float(statistic[j])
        rows = np.flatnonzero(voted[:, j])
        if degenerate[j]:
            out.append(_Raw(j, table, "degenerate", stat, 1.0))
        elif large[j]:
            out.append(_Raw(j, table, "chi2", stat, float(chi2_p[j])))
        elif dof[j] == 1:
            a = table.agrees[rows, j]
            n = table.seen[rows, j]
            p = float(stats.fisher_exact([[a[0], n[0] - a[0]], [a[1], n[1] - a[1]]]).pvalue)
            out.append(_Raw(j, table, "fisher", stat, p))
        else:
            rng = np.random.default_rng(np.random.SeedSequence([seed, key, j]))
            simulation = _Simulation(table.agrees[rows, j], table.seen[rows, j], stat, rng)
            out.append(_Raw(j, table, "monte_carlo", stat, float("nan"), simulation))
    return out
