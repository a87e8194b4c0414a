"""Common ground: statements a majority of every reported stratum agrees with.

A statement is **common ground** when, in every reported stratum of the chosen attribute
sets (default: each single attribute, e.g. every country and every sector; crossings
optional), the lower limit of the agreement interval exceeds `threshold` (default 0.5).
With the default 90% two-sided interval that reads: "in every stratum, a majority agrees,
at 95% one-sided confidence". **Common rejection** is the same for disagreement
(disagrees / votes seen). The intervals are the analytic ones of the StrataAgreement
(Wilson by default), so passes count as "not agreeing" (and "not disagreeing").

Evidence: a statement on which some reported stratum cast fewer than `min_votes` votes
(default 5, the same as k) is neither, but "insufficient evidence": silence of a stratum
is not consent. Moderated-out and meta statements are excluded.

Scope, to state next to the results: only strata with at least k participants are
reported, so common ground speaks for them alone; a suppressed stratum (fewer than k
people) may disagree. No declared strata, or none large enough, gives empty lists: there
is then no stratum to hold a statement across.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tracktwo.consensus.errors import InputError
from tracktwo.consensus.matrix import VoteMatrix
from tracktwo.consensus.strata import StrataAgreement, StratumTable, proportion_interval

FloatArray = npt.NDArray[np.float64]
CountArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class StratumSupport:
    """One stratum's votes on a statement. `rate`, `lower`, `upper` are of agreement for
    common ground and of disagreement for common rejection."""

    label: str
    n_participants: int
    seen: int
    agrees: int
    disagrees: int
    passes: int
    rate: float
    lower: float
    upper: float


@dataclass(frozen=True)
class CommonGroundStatement:
    """A statement held across every reported stratum; `min_lower` is the weakest
    stratum's lower limit (its `weakest_stratum`)."""

    statement: int
    min_lower: float
    weakest_stratum: str
    support: tuple[StratumSupport, ...]


@dataclass(frozen=True)
class InsufficientEvidence:
    """A statement some reported strata voted on fewer than `min_votes` times."""

    statement: int
    strata: tuple[str, ...]


@dataclass(frozen=True)
class CommonGround:
    """Common ground and common rejection, strongest (highest `min_lower`) first."""

    attribute_sets: tuple[tuple[str, ...], ...]
    strata: tuple[str, ...]
    threshold: float
    min_votes: int
    confidence: float
    k: int
    agreement: tuple[CommonGroundStatement, ...]
    rejection: tuple[CommonGroundStatement, ...]
    insufficient_evidence: tuple[InsufficientEvidence, ...]
    excluded: tuple[int, ...]


def _stack_i(tables: Sequence[StratumTable], field: str) -> CountArray:
    return np.concatenate([np.asarray(getattr(t, field), dtype=np.int64) for t in tables], axis=0)


def _stack_f(tables: Sequence[StratumTable], field: str) -> FloatArray:
    return np.concatenate([np.asarray(getattr(t, field), dtype=np.float64) for t in tables], axis=0)


def common_ground(
    agreement: StrataAgreement,
    matrix: VoteMatrix,
    *,
    attribute_sets: Sequence[Sequence[str]] | None = None,
    include_crossings: bool = False,
    threshold: float = 0.5,
    min_votes: int = 5,
) -> CommonGround:
    """Statements agreed (and rejected) across every reported stratum.

    `agreement` comes from `strata_agreement` on the same `matrix` (which gives the
    moderation and meta flags). `attribute_sets` picks its tables, e.g.
    `[("country",), ("country", "sector")]`; by default every single attribute, plus
    every crossing with `include_crossings`.
    """
    if agreement.n_statements != matrix.n_statements:
        raise InputError(
            f"the strata agreement covers {agreement.n_statements} statements but the matrix has "
            f"{matrix.n_statements}; compute both from the same conversation"
        )
    if not 0.0 <= threshold < 1.0:
        raise InputError(f"threshold must lie in [0, 1), got {threshold}")
    if min_votes < 1:
        raise InputError(f"min_votes must be at least 1, got {min_votes}")
    tables = list(agreement.select(attribute_sets, include_crossings=include_crossings))
    used = tuple(t.attributes for t in tables)
    excluded_mask = np.asarray(matrix.moderated_out | matrix.is_meta, dtype=bool)
    excluded = tuple(int(j) for j in np.flatnonzero(excluded_mask))
    tables = [t for t in tables if t.n_strata > 0]
    labels = tuple(label for t in tables for label in t.labels)
    empty = CommonGround(
        attribute_sets=used,
        strata=labels,
        threshold=threshold,
        min_votes=min_votes,
        confidence=agreement.confidence,
        k=agreement.k,
        agreement=(),
        rejection=(),
        insufficient_evidence=(),
        excluded=excluded,
    )
    if not labels:
        return empty

    sizes = _stack_i(tables, "n_participants")
    agrees = _stack_i(tables, "agrees")
    disagrees = _stack_i(tables, "disagrees")
    passes = _stack_i(tables, "passes")
    seen = _stack_i(tables, "seen")
    agree_rate = _stack_f(tables, "rate")
    agree_lower = _stack_f(tables, "lower")
    agree_upper = _stack_f(tables, "upper")
    dis_lower, dis_upper = proportion_interval(disagrees, seen, agreement.confidence, agreement.interval)
    with np.errstate(invalid="ignore", divide="ignore"):
        dis_rate = np.where(seen > 0, disagrees / np.maximum(seen, 1), np.nan)

    short = seen < min_votes  # (strata, statements)
    insufficient = short.any(axis=0) & ~excluded_mask
    candidate = ~excluded_mask & ~insufficient
    agreed = candidate & (agree_lower > threshold).all(axis=0)
    rejected = candidate & (dis_lower > threshold).all(axis=0)

    def listing(
        mask: npt.NDArray[np.bool_], rate: FloatArray, lower: FloatArray, upper: FloatArray
    ) -> tuple[CommonGroundStatement, ...]:
        out = []
        for j in np.flatnonzero(mask).tolist():
            weakest = int(np.argmin(lower[:, j]))
            support = tuple(
                StratumSupport(
                    label=labels[r],
                    n_participants=int(sizes[r]),
                    seen=int(seen[r, j]),
                    agrees=int(agrees[r, j]),
                    disagrees=int(disagrees[r, j]),
                    passes=int(passes[r, j]),
                    rate=float(rate[r, j]),
                    lower=float(lower[r, j]),
                    upper=float(upper[r, j]),
                )
                for r in range(len(labels))
            )
            out.append(
                CommonGroundStatement(
                    statement=j,
                    min_lower=float(lower[weakest, j]),
                    weakest_stratum=labels[weakest],
                    support=support,
                )
            )
        out.sort(key=lambda s: (-s.min_lower, s.statement))
        return tuple(out)

    return CommonGround(
        attribute_sets=used,
        strata=labels,
        threshold=threshold,
        min_votes=min_votes,
        confidence=agreement.confidence,
        k=agreement.k,
        agreement=listing(agreed, agree_rate, agree_lower, agree_upper),
        rejection=listing(rejected, dis_rate, dis_lower, dis_upper),
        insufficient_evidence=tuple(
            InsufficientEvidence(
                statement=j, strata=tuple(labels[r] for r in np.flatnonzero(short[:, j]).tolist())
            )
            for j in np.flatnonzero(insufficient).tolist()
        ),
        excluded=excluded,
    )
