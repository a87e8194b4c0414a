"""The participant x statement vote matrix in sparse (CSR) form.

A dense matrix of 1,000,000 participants by 10,000 statements does not fit in memory,
so the engine never builds one. Missing votes are simply absent; a pass is a stored 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from tracktwo.consensus.votes import Conversation

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class VoteMatrix:
    """Votes by participant row. `values` holds +1 agree, -1 disagree, 0 pass.

    `moderated_out` marks statements whose votes Pol.is zeroes: they keep their stored
    votes here (statistics need none of them) and PCA treats their column as all-pass.
    """

    n_participants: int
    n_statements: int
    indptr: npt.NDArray[np.int64]
    indices: npt.NDArray[np.int32]
    values: npt.NDArray[np.int8]
    moderated_out: npt.NDArray[np.bool_]
    is_meta: npt.NDArray[np.bool_]

    @classmethod
    def from_conversation(cls, conversation: Conversation) -> VoteMatrix:
        n_p, n_s = conversation.n_participants, conversation.n_statements
        p = conversation.participant.astype(np.int64)
        s = conversation.statement.astype(np.int64)
        key = p * n_s + s
        # Votes usually arrive sorted already; otherwise one argsort of a single key is
        # several times faster than a lexsort of two.
        order = np.arange(key.size) if np.all(key[1:] > key[:-1]) else np.argsort(key, kind="stable")
        indptr = np.zeros(n_p + 1, dtype=np.int64)
        np.cumsum(np.bincount(p, minlength=n_p), out=indptr[1:])
        matrix = cls(
            n_participants=n_p,
            n_statements=n_s,
            indptr=indptr,
            indices=s[order].astype(np.int32),
            values=np.asarray(conversation.value)[order].astype(np.int8),
            moderated_out=conversation.moderated_out_mask(),
            is_meta=conversation.meta_mask(),
        )
        for array in (matrix.indptr, matrix.indices, matrix.values, matrix.moderated_out, matrix.is_meta):
            array.setflags(write=False)
        return matrix

    @property
    def n_votes(self) -> int:
        return int(self.values.shape[0])

    def row_of_each_vote(self) -> npt.NDArray[np.int64]:
        return np.repeat(np.arange(self.n_participants, dtype=np.int64), np.diff(self.indptr))

    def votes_per_participant(self) -> npt.NDArray[np.int64]:
        """Votes cast by each participant, passes included (Pol.is's user-vote-counts)."""
        return np.diff(self.indptr)

    def to_scipy(self, dtype: npt.DTypeLike = np.float64) -> sp.csr_matrix:
        """CSR with the vote values; passes are explicit zeros (do not call eliminate_zeros)."""
        return sp.csr_matrix(
            (self.values.astype(dtype), self.indices, self.indptr),
            shape=(self.n_participants, self.n_statements),
        )

    def to_dense(self) -> FloatArray:
        """Dense copy with NaN for missing votes; for small conversations and tests only."""
        dense = np.full((self.n_participants, self.n_statements), np.nan)
        dense[self.row_of_each_vote(), self.indices] = self.values
        return dense

    def counts(
        self, row_weights: npt.NDArray[np.float64] | None = None
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Agrees, disagrees and votes seen per statement, optionally over a subset of rows."""
        rows = self.row_of_each_vote()
        weights = np.ones(self.n_votes) if row_weights is None else row_weights[rows]
        n_s = self.n_statements
        agree = np.bincount(self.indices, weights * (self.values == 1), minlength=n_s).astype(np.float64)
        disagree = np.bincount(self.indices, weights * (self.values == -1), minlength=n_s).astype(np.float64)
        seen = np.bincount(self.indices, weights, minlength=n_s).astype(np.float64)
        return agree, disagree, seen

    def group_counts(
        self, labels: npt.NDArray[np.int64], n_groups: int
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Agrees, disagrees and votes seen, shape (n_groups, n_statements).

        `labels` gives each participant's group in 0..n_groups-1, or -1 to leave them out.
        """
        rows = self.row_of_each_vote()
        group = labels[rows]
        keep = group >= 0
        flat = group[keep] * self.n_statements + self.indices[keep]
        size = n_groups * self.n_statements
        values = self.values[keep]
        shape = (n_groups, self.n_statements)
        agree = np.bincount(flat, (values == 1).astype(np.float64), minlength=size).astype(np.float64)
        disagree = np.bincount(flat, (values == -1).astype(np.float64), minlength=size).astype(np.float64)
        agree, disagree = agree.reshape(shape), disagree.reshape(shape)
        seen = np.bincount(flat, minlength=size).astype(np.float64).reshape(shape)
        return agree, disagree, seen
