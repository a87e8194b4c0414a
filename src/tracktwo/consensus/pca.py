"""Pol.is's PCA on a sparse vote matrix, exactly and deterministically.

Pol.is fills missing votes with the column mean, centres, and finds two components by
power iteration (switching to an unseeded mini-batch PCA above 10,000 participants).
Filling with the mean and then centring leaves every missing cell at exactly zero, so
the centred matrix has the sparsity of the votes themselves: the engine never builds a
dense matrix and solves the same eigenproblem exactly (dense for small conversations,
Lanczos with a fixed start vector for large ones). Signs are fixed by a rule, not by
chance: each component's largest loading is positive.

Pol.is zeroes a moderated-out (or meta) statement's whole column (every participant "passes" on
it). Such a column has mean 0 and contributes nothing to the components, but it does
count as a vote in each participant's sparsity scaling; this module reproduces that.
Statements nobody voted on are not columns of Pol.is's matrix at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.linalg
import scipy.sparse as sp
from scipy.sparse.linalg import LinearOperator, eigsh

from tracktwo.consensus.frozen import read_only
from tracktwo.consensus.matrix import FloatArray, VoteMatrix

# Below this many statements a dense eigendecomposition of the Gram matrix is cheapest;
# above, Lanczos is faster and does not depend on multithreaded BLAS (measured: 0.03 s
# against several seconds for 896 statements on a busy 2-core machine).
DENSE_GRAM_LIMIT = 100


@dataclass(frozen=True)
class PcaResult:
    """Components and projections, indexed by the conversation's statements and participants.

    `columns` marks the statements that are columns of Pol.is's matrix (at least one vote);
    other statements have zero loadings, zero projection and zero extremity.
    """

    center: FloatArray  # (n_statements,) column means, 0 for zeroed or unvoted columns
    components: FloatArray  # (2, n_statements)
    explained_variance: FloatArray  # (2,)
    participant_projection: FloatArray  # (n_participants, 2), NaN for participants with no vote
    statement_projection: FloatArray  # (n_statements, 2)
    extremity: FloatArray  # (n_statements,)
    columns: npt.NDArray[np.bool_]


def _centred_matrix(matrix: VoteMatrix, center: FloatArray, active: npt.NDArray[np.bool_]) -> sp.csr_matrix:
    keep = active[matrix.indices]
    rows = matrix.row_of_each_vote()[keep]
    cols = matrix.indices[keep]
    data = matrix.values[keep].astype(np.float64) - center[cols]
    return sp.csr_matrix((data, (rows, cols)), shape=(matrix.n_participants, matrix.n_statements))


def _top_eigenvectors(centred: sp.csr_matrix, n_components: int) -> tuple[FloatArray, FloatArray]:
    """Top right singular vectors (as rows) and their eigenvalues of centred^T centred."""
    n_cols = centred.shape[1]
    if n_cols <= DENSE_GRAM_LIMIT:
        gram = (centred.T @ centred).toarray()
        values, vectors = scipy.linalg.eigh(gram, subset_by_index=[n_cols - n_components, n_cols - 1])
        order = np.argsort(values)[::-1]
        return vectors[:, order].T.copy(), values[order]
    transposed = centred.T.tocsr()
    operator = LinearOperator((n_cols, n_cols), matvec=lambda v: transposed @ (centred @ v), dtype=np.float64)
    # A fixed, non-degenerate start vector makes ARPACK deterministic.
    start = 1.0 + np.sin(np.arange(n_cols, dtype=np.float64) + 1.0) / 2.0
    values, vectors = eigsh(operator, k=n_components, which="LA", v0=start, tol=1e-10)
    order = np.argsort(values)[::-1]
    return vectors[:, order].T.copy(), values[order]


def fit_pca(matrix: VoteMatrix, n_components: int = 2) -> PcaResult:
    """Pol.is's PCA over every participant who voted, with its projections and extremity."""
    agree, disagree, seen = matrix.counts()
    columns = seen > 0
    # Pol.is's mod-out set holds the rejected statements and every meta statement.
    zeroed = (matrix.moderated_out | matrix.is_meta) & columns
    active = columns & ~zeroed
    center = np.zeros(matrix.n_statements)
    center[active] = (agree[active] - disagree[active]) / seen[active]

    centred = _centred_matrix(matrix, center, active)
    n_active = int(active.sum())
    components = np.zeros((n_components, matrix.n_statements))
    variance = np.zeros(n_components)
    usable = min(n_components, n_active, max(matrix.n_participants - 1, 0))
    if usable > 0:
        vectors, values = _top_eigenvectors(centred, usable)
        for row in range(usable):
            largest = int(np.argmax(np.abs(vectors[row])))
            if vectors[row, largest] < 0:
                vectors[row] = -vectors[row]
        components[:usable] = vectors
        variance[:usable] = values / max(matrix.n_participants - 1, 1)

    n_columns = int(columns.sum())
    raw = np.asarray(centred @ components.T)
    # Each zeroed column is a "vote" of every participant in Pol.is's matrix.
    votes_counted = np.bincount(
        matrix.row_of_each_vote()[active[matrix.indices]], minlength=matrix.n_participants
    ) + int(zeroed.sum())
    voted = np.diff(matrix.indptr) > 0
    scale = np.sqrt(n_columns / np.maximum(votes_counted, 1))
    participant_projection = raw * scale[:, None]
    participant_projection[~voted] = np.nan

    # A statement's projection is that of a participant who agreed with it alone.
    statement_projection = ((1.0 - center) * np.sqrt(n_columns))[:, None] * components.T
    statement_projection[~columns] = 0.0
    extremity = np.linalg.norm(statement_projection, axis=1)
    for array in (
        center,
        components,
        variance,
        participant_projection,
        statement_projection,
        extremity,
        columns,
    ):
        read_only(array)
    return PcaResult(
        center=center,
        components=components,
        explained_variance=variance,
        participant_projection=participant_projection,
        statement_projection=statement_projection,
        extremity=extremity,
        columns=columns,
    )
