"""Who is "in the conversation", i.e. clustered (Pol.is's in-conv rule).

A participant is in with at least min(7, number of statements) votes. When fewer than
15 qualify, the most active voters are added until there are 15, so a young
conversation still shows groups. Ties among equally active voters are broken by
participant id, so the result does not depend on input order. Pol.is also keeps
participants who were in at an earlier update: a one-shot computation has no history,
a replay of it (history.py) passes the earlier mask as `already_in`.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from tracktwo.consensus.matrix import VoteMatrix

MIN_VOTES = 7
MIN_PARTICIPANTS = 15


def in_conversation(
    matrix: VoteMatrix,
    participant_ids: tuple[str, ...],
    min_votes: int = MIN_VOTES,
    min_participants: int = MIN_PARTICIPANTS,
    already_in: npt.NDArray[np.bool_] | None = None,
) -> npt.NDArray[np.bool_]:
    """Boolean mask over participants of those the clustering includes.

    `already_in` (those in at an earlier update) stay in, and count towards the 15 before
    the top-up, as in Pol.is.
    """
    votes = matrix.votes_per_participant()
    n_statements_voted = int((np.bincount(matrix.indices, minlength=matrix.n_statements) > 0).sum())
    threshold = min(min_votes, n_statements_voted)
    mask = (votes >= threshold) & (votes > 0)
    if already_in is not None:
        mask |= already_in
    missing = min_participants - int(mask.sum())
    if missing > 0:
        candidates = np.flatnonzero(~mask & (votes > 0))
        if candidates.size:
            ids = np.array(participant_ids, dtype=object)[candidates]
            order = sorted(range(candidates.size), key=lambda i: (-int(votes[candidates[i]]), str(ids[i])))
            mask[candidates[order[:missing]]] = True
    mask.setflags(write=False)
    return mask
