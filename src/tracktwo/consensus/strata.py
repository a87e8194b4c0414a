"""Agreement of every statement within every declared participant stratum.

A stratum is one value of a declared attribute ("country=US") or one cell of a crossing
of attributes ("country=US & sector=academia"). For each reported stratum and statement
the table holds the participants in the stratum, the votes they cast on the statement
(agrees, disagrees, passes) and the agreement rate with two kinds of interval.

Definitions (the reports quote them):

- **Agreement rate** = agrees / votes seen, where *votes seen* counts agrees, disagrees
  **and passes**. A pass is "not agreeing": a statement that half a stratum passes on
  has not won that stratum's agreement. Participants who did not vote on the statement
  are not in the denominator. With no votes seen the rate is NaN and both intervals are
  [0, 1] ("nothing is known").
- **Analytic interval**: two-sided, `confidence` (default 0.90), Wilson score interval by
  default (good coverage for small n and rates near 0 or 1, closed form); Jeffreys
  (equal-tailed Beta(x + 1/2, n - x + 1/2) quantiles, with the lower limit 0 at x = 0
  and the upper limit 1 at x = n, after Brown, Cai and DasGupta 2001) on request.
- **Bootstrap interval**: percentile interval of the Poisson bootstrap over
  participants: every participant of the stratum gets an independent Poisson(1) weight
  (the large-scale form of resampling participants with replacement; Hanley and
  MacGibbon 2006) and the rate is recomputed with the weighted counts. A weighted rate
  of one statement depends only on the summed weights of the participants who agreed
  and of those who voted otherwise, which are exactly Poisson(agrees) and
  Poisson(seen - agrees), independent; so each replicate is drawn from the stratum's
  counts, with the same distribution, cell by cell, as applying the per-participant
  weights with bincount, at a cost of O(B x strata x statements) instead of
  O(B x votes), independent of the number of votes. Replicates in which no voter drew a
  weight are left out (the rate is undefined there). Each stratum draws from its own
  stream, seeded by (seed, stratum label), so adding an attribute or a participant
  elsewhere does not move the intervals of the other strata. Like every percentile
  bootstrap it collapses to a point when a stratum is unanimous (rate 0 or 1); the
  analytic interval is the one to quote there. `bootstrap_samples=0` switches it off.

Privacy (DESIGN.md, "Privacy rules of a dialogue"): a stratum with fewer than `k`
participants (default 5) is suppressed. Its label, size and per-statement numbers are
not in the result at all, because even the existence of a one-person stratum
("country=TW") can identify someone; a table only says how many strata it suppressed
and how many participants it does not report on (suppressed or undeclared, pooled).

Differencing: totals over everyone are reported elsewhere in the engine, so everyone
minus the reported strata describes the participants left out. When that remainder is
between 1 and k - 1 participants, their votes can be recovered by subtraction. The table
names such parents ("everyone", or a reported single-attribute stratum for crossings) in
`differencing_risk` so that reports can avoid publishing both sides of the subtraction;
the engine does not suppress big strata on its own, since doing so would drop, say, the
whole US delegation from common ground because a single participant is from elsewhere.

Scale: the counts are one bincount pass over the CSR votes per table, in chunks of
participants, so memory stays bounded by the chunk and the (strata x statements) result.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import special

from tracktwo.consensus.errors import InputError
from tracktwo.consensus.frozen import read_only
from tracktwo.consensus.matrix import VoteMatrix

FloatArray = npt.NDArray[np.float64]
CountArray = npt.NDArray[np.int64]
IntervalMethod = Literal["wilson", "jeffreys"]

EVERYONE = "everyone"
# Cap on reported strata x statements per table; beyond it an attribute has too many
# distinct values to be a stratum (8 bytes x 10 arrays x 20M cells = 1.6 GB).
MAX_CELLS = 20_000_000
# Votes handled per counting chunk; bounds the temporaries (about 40 bytes a vote).
CHUNK_VOTES = 1 << 22


def z_value(confidence: float) -> float:
    """Two-sided normal quantile: 1.6449 for 90%."""
    _check_confidence(confidence)
    return float(special.ndtri(0.5 + confidence / 2.0))


def _check_confidence(confidence: float) -> None:
    if not 0.0 < confidence < 1.0:
        raise InputError(f"confidence must be between 0 and 1 (exclusive), got {confidence}")


def proportion_interval(
    successes: npt.ArrayLike,
    trials: npt.ArrayLike,
    confidence: float = 0.9,
    method: IntervalMethod = "wilson",
) -> tuple[FloatArray, FloatArray]:
    """Two-sided interval of a binomial proportion, elementwise; [0, 1] where trials == 0.

    `method` is "wilson" (score interval) or "jeffreys" (Beta(x + 1/2, n - x + 1/2)
    quantiles, lower limit 0 at x = 0 and upper limit 1 at x = n).
    """
    _check_confidence(confidence)
    x = np.asarray(successes, dtype=np.float64)
    n = np.asarray(trials, dtype=np.float64)
    x, n = np.broadcast_arrays(x, n)
    if np.any(x < 0) or np.any(x > n):
        raise InputError("successes must lie between 0 and the number of trials")
    has = n > 0
    safe_n = np.where(has, n, 1.0)
    if method == "wilson":
        z = z_value(confidence)
        z2 = z * z
        p = x / safe_n
        denom = 1.0 + z2 / safe_n
        centre = (p + z2 / (2.0 * safe_n)) / denom
        half = z / denom * np.sqrt(np.maximum(p * (1.0 - p) / safe_n + z2 / (4.0 * safe_n**2), 0.0))
        lower = np.clip(centre - half, 0.0, 1.0)
        upper = np.clip(centre + half, 0.0, 1.0)
        # Exact at the boundaries, where rounding could leave 1e-17 instead of 0.
        lower = np.where(x == 0, 0.0, lower)
        upper = np.where(x == n, 1.0, upper)
    elif method == "jeffreys":
        alpha = 1.0 - confidence
        a = x + 0.5
        b = np.where(has, n - x, 0.0) + 0.5
        lower = np.where(x == 0, 0.0, special.betaincinv(a, b, alpha / 2.0))
        upper = np.where(x == n, 1.0, special.betaincinv(a, b, 1.0 - alpha / 2.0))
    else:
        raise InputError(f"unknown interval method {method!r}; use 'wilson' or 'jeffreys'")
    lower = np.where(has, lower, 0.0).astype(np.float64)
    upper = np.where(has, upper, 1.0).astype(np.float64)
    return lower, upper


@dataclass(frozen=True)
class StratumStatementStats:
    """The numbers of one reported stratum on one statement."""

    label: str
    statement: int
    n_participants: int
    seen: int
    agrees: int
    disagrees: int
    passes: int
    rate: float
    lower: float
    upper: float
    bootstrap_lower: float | None
    bootstrap_upper: float | None


@dataclass(frozen=True)
class StratumTable:
    """Reported strata of one attribute set, by statement.

    Rows are the reported strata (at least k participants), sorted by their values;
    columns are all statements of the matrix (moderated-out and meta included, consumers
    filter). Count arrays are int64, rates and intervals float64, shape
    (n_strata, n_statements). Suppressed strata are absent, see the module docstring.
    """

    attributes: tuple[str, ...]
    labels: tuple[str, ...]
    values: tuple[tuple[str, ...], ...]
    n_participants: CountArray
    agrees: CountArray
    disagrees: CountArray
    passes: CountArray
    seen: CountArray
    rate: FloatArray
    lower: FloatArray
    upper: FloatArray
    bootstrap_lower: FloatArray | None
    bootstrap_upper: FloatArray | None
    n_suppressed_strata: int
    n_participants_not_reported: int
    differencing_risk: tuple[str, ...]

    @property
    def name(self) -> str:
        """ "country" or "country x sector"."""
        return " x ".join(self.attributes)

    @property
    def n_strata(self) -> int:
        return len(self.labels)

    @property
    def is_crossing(self) -> bool:
        return len(self.attributes) > 1

    def index(self, label: str) -> int:
        try:
            return self.labels.index(label)
        except ValueError:
            raise KeyError(
                f"no reported stratum {label!r} in table {self.name!r} "
                f"(it may be suppressed for having fewer than k participants)"
            ) from None

    def stats(self, label: str, statement: int) -> StratumStatementStats:
        """The numbers of one stratum on one statement (by statement index)."""
        row = self.index(label)
        boot_lo = None if self.bootstrap_lower is None else float(self.bootstrap_lower[row, statement])
        boot_hi = None if self.bootstrap_upper is None else float(self.bootstrap_upper[row, statement])
        return StratumStatementStats(
            label=label,
            statement=statement,
            n_participants=int(self.n_participants[row]),
            seen=int(self.seen[row, statement]),
            agrees=int(self.agrees[row, statement]),
            disagrees=int(self.disagrees[row, statement]),
            passes=int(self.passes[row, statement]),
            rate=float(self.rate[row, statement]),
            lower=float(self.lower[row, statement]),
            upper=float(self.upper[row, statement]),
            bootstrap_lower=boot_lo,
            bootstrap_upper=boot_hi,
        )


@dataclass(frozen=True)
class StrataAgreement:
    """Per-stratum agreement of every statement, one table per attribute set.

    Tables come in this order: each single attribute (in `attributes` order), then each
    crossing. No declared strata gives `tables == ()`.
    """

    n_participants: int
    n_statements: int
    k: int
    confidence: float
    interval: IntervalMethod
    bootstrap_samples: int
    seed: int
    tables: tuple[StratumTable, ...]

    def table(self, *attributes: str) -> StratumTable:
        """The table of one attribute set: `table("country")`, `table("country", "sector")`."""
        for table in self.tables:
            if table.attributes == tuple(attributes):
                return table
        raise KeyError(
            f"no stratum table for {' x '.join(attributes)!r}; known: {[t.name for t in self.tables]}"
        )

    def select(
        self,
        attribute_sets: Sequence[Sequence[str]] | None = None,
        *,
        include_crossings: bool = False,
    ) -> tuple[StratumTable, ...]:
        """Tables for the given attribute sets; by default every single attribute
        (and every crossing too with `include_crossings`)."""
        if attribute_sets is None:
            return tuple(t for t in self.tables if include_crossings or not t.is_crossing)
        return tuple(self.table(*attrs) for attrs in attribute_sets)


def _encode(labels: Sequence[str | None]) -> tuple[npt.NDArray[np.int64], tuple[str, ...]]:
    """Codes 0..m-1 in sorted label order, -1 for undeclared."""
    values = sorted({lab for lab in labels if lab is not None})
    lookup = {lab: i for i, lab in enumerate(values)}
    codes = np.fromiter(
        (-1 if lab is None else lookup[lab] for lab in labels), dtype=np.int64, count=len(labels)
    )
    return codes, tuple(values)


@dataclass(frozen=True)
class _Plan:
    """How participants map to the reported rows of one table."""

    attributes: tuple[str, ...]
    rows: npt.NDArray[np.int64]  # per participant: reported row, or -1
    labels: tuple[str, ...]
    values: tuple[tuple[str, ...], ...]
    sizes: CountArray
    n_suppressed: int
    n_not_reported: int
    differencing_risk: tuple[str, ...]


def _label(attributes: Sequence[str], values: Sequence[str]) -> str:
    return " & ".join(f"{a}={v}" for a, v in zip(attributes, values, strict=True))


def _plan(
    attributes: tuple[str, ...],
    codes: Mapping[str, tuple[npt.NDArray[np.int64], tuple[str, ...]]],
    k: int,
    n_participants: int,
    n_statements: int,
) -> _Plan:
    cell = np.zeros(n_participants, dtype=np.int64)
    undeclared = np.zeros(n_participants, dtype=bool)
    radices = []
    for attr in attributes:
        attr_codes, attr_values = codes[attr]
        radix = max(len(attr_values), 1)
        radices.append(radix)
        cell = cell * radix + np.maximum(attr_codes, 0)
        undeclared |= attr_codes < 0
    declared = ~undeclared
    # Sorted cell codes are in lexicographic order of the values, so rows are sorted too.
    cells, inverse, sizes_all = np.unique(cell[declared], return_inverse=True, return_counts=True)
    reported = sizes_all >= k
    n_suppressed = int(np.count_nonzero(~reported))
    n_reported = int(np.count_nonzero(reported))
    if n_reported * n_statements > MAX_CELLS:
        raise InputError(
            f"stratum table {' x '.join(attributes)!r} would hold {n_reported} strata x "
            f"{n_statements} statements; group the values of these attributes into fewer strata"
        )
    row_of_cell = np.full(cells.size, -1, dtype=np.int64)
    row_of_cell[reported] = np.arange(n_reported)
    rows = np.full(n_participants, -1, dtype=np.int64)
    rows[declared] = row_of_cell[inverse.reshape(-1)]
    values: list[tuple[str, ...]] = []
    for c in cells[reported].tolist():
        parts = []
        for attr, radix in zip(reversed(attributes), reversed(radices), strict=True):
            parts.append(codes[attr][1][c % radix])
            c //= radix
        values.append(tuple(reversed(parts)))
    labels = tuple(_label(attributes, v) for v in values)
    sizes = sizes_all[reported].astype(np.int64)
    n_not_reported = n_participants - int(sizes.sum())

    risk: list[str] = []
    if 0 < n_not_reported < k:
        risk.append(EVERYONE)
    if len(attributes) > 1:
        for pos, attr in enumerate(attributes):
            attr_codes, attr_values = codes[attr]
            parent_sizes = np.bincount(attr_codes[attr_codes >= 0], minlength=len(attr_values))
            position = {value: i for i, value in enumerate(attr_values)}
            covered = np.zeros(len(attr_values), dtype=np.int64)
            for v, size in zip(values, sizes.tolist(), strict=True):
                covered[position[v[pos]]] += size
            for i, value in enumerate(attr_values):
                rest = int(parent_sizes[i] - covered[i])
                if parent_sizes[i] >= k and 0 < rest < k:
                    risk.append(_label((attr,), (value,)))
    return _Plan(
        attributes=attributes,
        rows=rows,
        labels=labels,
        values=tuple(values),
        sizes=sizes,
        n_suppressed=n_suppressed,
        n_not_reported=n_not_reported,
        differencing_risk=tuple(risk),
    )


def _participant_chunks(matrix: VoteMatrix, chunk_votes: int) -> Iterator[tuple[int, int]]:
    """Participant ranges [a, b) holding about `chunk_votes` votes each."""
    n_p = matrix.n_participants
    if n_p == 0:
        return
    targets = np.arange(chunk_votes, matrix.n_votes, chunk_votes, dtype=np.int64)
    cuts = np.searchsorted(matrix.indptr, targets, side="left")
    bounds = np.unique(np.concatenate(([0], cuts, [n_p])))
    for a, b in itertools.pairwise(bounds.tolist()):
        if b > a:
            yield int(a), int(b)


def count_by_rows(
    matrix: VoteMatrix, row_of_participant: npt.NDArray[np.int64], n_rows: int
) -> tuple[CountArray, CountArray, CountArray]:
    """Agrees, disagrees, passes per (row, statement); row -1 leaves a participant out.

    One bincount per chunk of participants over (row, statement, vote value) keys.
    """
    n_s = matrix.n_statements
    size = n_rows * n_s * 3
    total = np.zeros(size, dtype=np.int64)
    if n_rows > 0:
        for a, b in _participant_chunks(matrix, CHUNK_VOTES):
            lo, hi = int(matrix.indptr[a]), int(matrix.indptr[b])
            if hi == lo:
                continue
            per_vote_row = np.repeat(row_of_participant[a:b], np.diff(matrix.indptr[a : b + 1]))
            keep = per_vote_row >= 0
            if not keep.any():
                continue
            key = per_vote_row[keep] * (n_s * 3)
            key += matrix.indices[lo:hi][keep].astype(np.int64) * 3
            key += matrix.values[lo:hi][keep].astype(np.int64) + 1
            total += np.bincount(key, minlength=size)
    cube = total.reshape(n_rows, n_s, 3)
    return (
        np.ascontiguousarray(cube[:, :, 2]),
        np.ascontiguousarray(cube[:, :, 0]),
        np.ascontiguousarray(cube[:, :, 1]),
    )


def _stream(seed: int, label: str) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([seed, zlib.crc32(label.encode("utf-8"))]))


def bootstrap_interval(
    agrees: CountArray,
    seen: CountArray,
    *,
    samples: int,
    confidence: float,
    rng: np.random.Generator,
) -> tuple[FloatArray, FloatArray]:
    """Percentile interval of the Poisson bootstrap of agrees / seen, per statement.

    `agrees` and `seen` are one stratum's counts over statements; [0, 1] where nothing
    was seen. See the module docstring for why drawing from the counts equals
    reweighting the stratum's participants.
    """
    n_s = agrees.shape[0]
    if samples <= 0:
        return np.zeros(n_s), np.ones(n_s)
    a_star = rng.poisson(agrees.astype(np.float64), size=(samples, n_s))
    total = a_star + rng.poisson((seen - agrees).astype(np.float64), size=(samples, n_s))
    with np.errstate(invalid="ignore", divide="ignore"):
        rates = np.where(total > 0, a_star / total, np.nan)
    ordered = np.sort(rates, axis=0)  # NaN (no weight drawn) sorts last
    valid = np.count_nonzero(total > 0, axis=0)
    last = np.maximum(valid - 1, 0)
    alpha = 1.0 - confidence

    def quantile(q: float) -> FloatArray:
        # Linear interpolation between order statistics, as numpy's default quantile.
        pos = last * q
        lo = np.floor(pos).astype(np.int64)
        hi = np.minimum(lo + 1, last)
        lo_v = np.take_along_axis(ordered, lo[None, :], axis=0)[0]
        hi_v = np.take_along_axis(ordered, hi[None, :], axis=0)[0]
        return np.asarray(lo_v + (hi_v - lo_v) * (pos - lo), dtype=np.float64)

    lower = np.where(valid > 0, quantile(alpha / 2.0), 0.0)
    upper = np.where(valid > 0, quantile(1.0 - alpha / 2.0), 1.0)
    return lower, upper


def _resolve_crossings(
    attributes: tuple[str, ...],
    declared: tuple[str, ...],
    crossings: bool | Sequence[Sequence[str]],
) -> list[tuple[str, ...]]:
    if crossings is True:
        return list(itertools.combinations(attributes, 2))
    if crossings is False:
        return []
    out: list[tuple[str, ...]] = []
    for crossing in crossings:
        combo = tuple(crossing)
        if isinstance(crossing, str) or len(combo) < 2 or len(set(combo)) != len(combo):
            raise InputError(f"a crossing names two or more distinct attributes, got {crossing!r}")
        missing = [a for a in combo if a not in declared]
        if missing:
            raise InputError(
                f"crossing {combo!r} names undeclared attributes {missing}; declared: {sorted(declared)}"
            )
        if combo not in out:
            out.append(combo)
    return out


def strata_agreement(
    matrix: VoteMatrix,
    strata: Mapping[str, Sequence[str | None]],
    *,
    attributes: Sequence[str] | None = None,
    crossings: bool | Sequence[Sequence[str]] = True,
    k: int = 5,
    confidence: float = 0.9,
    interval: IntervalMethod = "wilson",
    bootstrap_samples: int = 200,
    seed: int = 0,
) -> StrataAgreement:
    """Agreement of every statement within every reported stratum.

    `strata` is `Conversation.strata`: attribute -> one label (or None) per participant.
    `attributes` picks and orders the attributes (default: all, in mapping order).
    `crossings` is True for every pair of the chosen attributes, False for none, or
    explicit tuples of declared attributes such as `[("country", "sector")]`. Strata with fewer than `k`
    participants are suppressed (not in the result). See the module docstring for the
    rate, the intervals and the bootstrap.
    """
    if k < 1:
        raise InputError(f"k must be at least 1, got {k}")
    if bootstrap_samples < 0:
        raise InputError(f"bootstrap_samples must be 0 (off) or positive, got {bootstrap_samples}")
    _check_confidence(confidence)
    if interval not in ("wilson", "jeffreys"):
        raise InputError(f"unknown interval method {interval!r}; use 'wilson' or 'jeffreys'")
    chosen = tuple(strata.keys()) if attributes is None else tuple(attributes)
    if len(set(chosen)) != len(chosen):
        raise InputError(f"attributes are listed twice: {list(chosen)}")
    for attr in chosen:
        if attr not in strata:
            raise InputError(f"unknown stratum attribute {attr!r}; declared: {sorted(strata.keys())}")
    crossed = _resolve_crossings(chosen, tuple(strata.keys()), crossings)
    codes: dict[str, tuple[npt.NDArray[np.int64], tuple[str, ...]]] = {}
    for attr in dict.fromkeys(chosen + tuple(a for combo in crossed for a in combo)):
        labels = strata[attr]
        if len(labels) != matrix.n_participants:
            raise InputError(
                f"stratum {attr!r} has {len(labels)} labels for {matrix.n_participants} participants"
            )
        codes[attr] = _encode([None if lab in (None, "") else str(lab) for lab in labels])

    sets = [(a,) for a in chosen] + crossed
    tables = []
    for attrs in sets:
        plan = _plan(attrs, codes, k, matrix.n_participants, matrix.n_statements)
        tables.append(_table(matrix, plan, confidence, interval, bootstrap_samples, seed))
    return StrataAgreement(
        n_participants=matrix.n_participants,
        n_statements=matrix.n_statements,
        k=k,
        confidence=confidence,
        interval=interval,
        bootstrap_samples=bootstrap_samples,
        seed=seed,
        tables=tuple(tables),
    )


def _table(
    matrix: VoteMatrix,
    plan: _Plan,
    confidence: float,
    interval: IntervalMethod,
    bootstrap_samples: int,
    seed: int,
) -> StratumTable:
    n_rows = len(plan.labels)
    agrees, disagrees, passes = count_by_rows(matrix, plan.rows, n_rows)
    seen = agrees + disagrees + passes
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(seen > 0, agrees / np.maximum(seen, 1), np.nan)
    lower, upper = proportion_interval(agrees, seen, confidence, interval)
    boot_lower: FloatArray | None = None
    boot_upper: FloatArray | None = None
    if bootstrap_samples > 0:
        boot_lower = np.zeros(seen.shape)
        boot_upper = np.ones(seen.shape)
        for row, label in enumerate(plan.labels):
            boot_lower[row], boot_upper[row] = bootstrap_interval(
                agrees[row],
                seen[row],
                samples=bootstrap_samples,
                confidence=confidence,
                rng=_stream(seed, label),
            )
        read_only(boot_lower)
        read_only(boot_upper)
    return StratumTable(
        attributes=plan.attributes,
        labels=plan.labels,
        values=plan.values,
        n_participants=read_only(plan.sizes.copy()),
        agrees=read_only(agrees),
        disagrees=read_only(disagrees),
        passes=read_only(passes),
        seen=read_only(seen),
        rate=read_only(rate),
        lower=read_only(lower),
        upper=read_only(upper),
        bootstrap_lower=boot_lower,
        bootstrap_upper=boot_upper,
        n_suppressed_strata=plan.n_suppressed,
        n_participants_not_reported=plan.n_not_reported,
        differencing_risk=plan.differencing_risk,
    )
