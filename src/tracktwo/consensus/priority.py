"""Routing priority: how likely a statement is to be shown next, as Pol.is's comment-priorities.

priority = (importance * newness)^2 with
    importance = (1 - p) * (E + 1) * a,   p = (P + 1) / (S + 2),  a = (A + 1) / (S + 2)
    newness    = 1 + 8 * 2^(-S / 5)
where A, P, S are the agrees, passes and votes seen among the counted participants and E is
the statement's extremity (length of its PCA projection). Meta statements get a fixed 7^2 = 49.
Moderated-out statements are not special here: Pol.is gives them the ordinary formula (their
extremity is 0 because PCA sees their column zeroed).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from tracktwo.consensus.errors import InputError
from tracktwo.consensus.matrix import VoteMatrix

FloatArray = npt.NDArray[np.float64]

#: Pol.is's fixed, pre-squaring priority of meta statements.
META_PRIORITY = 7.0


def routing_priorities(
    matrix: VoteMatrix,
    counted_participants_mask: npt.ArrayLike,
    extremity: npt.ArrayLike,
    *,
    meta_priority: float = META_PRIORITY,
) -> FloatArray:
    """Priority of every statement (read-only array, one per matrix column).

    Pol.is counts only the participants in its groups (the in-conversation participants
    that were clustered); pass that set as `counted_participants_mask`. `extremity` gives
    one non-negative value per statement (from the PCA; 0 where unknown).
    """
    mask = np.asarray(counted_participants_mask, dtype=bool)
    if mask.shape != (matrix.n_participants,):
        raise InputError(
            f"counted_participants_mask has {mask.size} entries for {matrix.n_participants} participants"
        )
    extremity_array = np.asarray(extremity, dtype=np.float64)
    if extremity_array.shape != (matrix.n_statements,):
        raise InputError(f"extremity has {extremity_array.size} entries for {matrix.n_statements} statements")
    if not np.isfinite(extremity_array).all():
        raise InputError("extremity must be finite; use 0 for statements without a projection")
    agree, disagree, seen = matrix.counts(mask.astype(np.float64))
    passes = seen - agree - disagree
    p = (passes + 1.0) / (seen + 2.0)
    a = (agree + 1.0) / (seen + 2.0)
    importance = (1.0 - p) * (extremity_array + 1.0) * a
    newness = 1.0 + 8.0 * np.power(2.0, seen / -5.0)
    priority = importance * newness
    priority = np.where(np.asarray(matrix.is_meta, dtype=bool), meta_priority, priority)
    result: FloatArray = np.power(priority, 2.0)
    result.setflags(write=False)
    return result
