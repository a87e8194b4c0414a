"""Opinion groups: Pol.is's two-stage clustering of participant projections.

First up to 100 base clusters compress the projections of participants in the
conversation (when there are at most 100 distinct positions, each is its own base
cluster, exactly); then a weighted k-means over the base-cluster centres for
k = 2..kmax (kmax = min(5, 2 + base clusters // 12)), the k whose silhouette over the
base-cluster centres is best winning, as in Pol.is. Groups are numbered by size,
largest first (ties by centre), so numbering is stable.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tracktwo.consensus.kmeans import (
    KMeansResult,
    first_distinct_rows,
    lloyd,
    multi_start_kmeans,
    pairwise_distances,
    silhouette,
)
from tracktwo.consensus.matrix import FloatArray

BASE_CLUSTERS = 100
MAX_GROUPS = 5
# Starts of the group-level k-means; the lowest within-group spread wins.
GROUP_STARTS = 8
# Base clusters only compress many participants; a bounded number of Lloyd steps suffices.
BASE_ITERATIONS = 20


@dataclass(frozen=True)
class Clustering:
    """`labels` has one group per participant, -1 for those not clustered."""

    labels: npt.NDArray[np.int64]
    n_groups: int
    centers: FloatArray  # (n_groups, 2)
    base_labels: npt.NDArray[np.int64]  # base cluster per participant, -1 if not clustered
    base_centers: FloatArray
    silhouette: float
    silhouettes: tuple[tuple[int, float], ...]  # (k, silhouette) for each k tried


def _canonical_order(points: FloatArray, tiebreak: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    return np.lexsort((tiebreak, points[:, 1], points[:, 0]))


def base_clusters(points: FloatArray, n_base: int) -> KMeansResult:
    """Base clusters of canonically ordered points.

    At most `n_base` distinct positions: each is a base cluster. Otherwise Lloyd's
    algorithm starts from points at evenly spaced ranks of the canonical order.
    """
    distinct, inverse = np.unique(points, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    if distinct.shape[0] <= n_base:
        return KMeansResult(labels=inverse.astype(np.int64), centers=distinct, inertia=0.0)
    ranks = np.linspace(0, points.shape[0] - 1, n_base).round().astype(np.int64)
    return lloyd(points, np.ones(points.shape[0]), points[ranks], BASE_ITERATIONS)


def max_groups(n_base: int, limit: int = MAX_GROUPS) -> int:
    return min(limit, 2 + n_base // 12)


def cluster_participants(
    projection: FloatArray,
    clustered: npt.NDArray[np.bool_],
    id_rank: npt.NDArray[np.int64],
    *,
    seed: int = 0,
    n_base: int = BASE_CLUSTERS,
    group_limit: int = MAX_GROUPS,
) -> Clustering:
    """Cluster the participants marked `clustered`; `id_rank` breaks ties (rank of each id)."""
    n = projection.shape[0]
    labels = np.full(n, -1, dtype=np.int64)
    base_labels = np.full(n, -1, dtype=np.int64)
    members = np.flatnonzero(clustered)
    empty = np.zeros((0, 2))
    if members.size < 2:
        return Clustering(labels, 0, empty, base_labels, empty, 0.0, ())
    order = members[_canonical_order(projection[members], id_rank[members])]
    points = projection[order]
    base = base_clusters(points, n_base)
    base_labels[order] = base.labels
    base_weight = np.bincount(base.labels).astype(np.float64)
    base_order = _canonical_order(base.centers, np.arange(base.centers.shape[0]))
    centers, weight = base.centers[base_order], base_weight[base_order]

    distance = pairwise_distances(centers)
    tried: list[tuple[int, float]] = []
    best_labels: npt.NDArray[np.int64] | None = None
    best_score = -np.inf
    for k in range(2, max_groups(centers.shape[0], group_limit) + 1):
        if k > centers.shape[0]:
            break
        result = multi_start_kmeans(centers, weight, k, seed=seed + k, n_starts=GROUP_STARTS)
        if int(result.labels.max()) + 1 < k:
            continue
        score = silhouette(distance, result.labels)
        tried.append((k, score))
        if score > best_score + 1e-12:
            best_score, best_labels = score, result.labels
    if best_labels is None:
        # Fewer than two distinct positions: there are no opinion groups to tell apart.
        return Clustering(labels, 0, empty, base_labels, base.centers, 0.0, tuple(tried))

    # Renumber groups: largest first, ties by centre coordinates.
    n_groups = int(best_labels.max()) + 1
    mass = np.bincount(best_labels, weight, minlength=n_groups)
    group_centers = np.stack(
        [np.bincount(best_labels, weight * centers[:, d], minlength=n_groups) / mass for d in range(2)],
        axis=1,
    )
    rank = np.lexsort((group_centers[:, 1], group_centers[:, 0], -mass))
    renumber = np.empty(n_groups, dtype=np.int64)
    renumber[rank] = np.arange(n_groups)
    group_of_base = np.empty(centers.shape[0], dtype=np.int64)
    group_of_base[base_order] = renumber[best_labels]
    labels[order] = group_of_base[base.labels]
    result_centers = group_centers[rank]
    for array in (labels, base_labels, result_centers):
        array.setflags(write=False)
    return Clustering(
        labels=labels,
        n_groups=n_groups,
        centers=result_centers,
        base_labels=base_labels,
        base_centers=base.centers,
        silhouette=float(best_score),
        silhouettes=tuple(tried),
    )


def polis_group_stage(
    centers: FloatArray, weights: FloatArray, *, max_iter: int = 20, group_limit: int = MAX_GROUPS
) -> npt.NDArray[np.int64]:
    """Pol.is's group stage, for comparison: one group label per base cluster.

    For k = 2 .. max_groups, a weighted k-means over the base-cluster centres that starts
    from the first k distinct centres in the order given and runs `max_iter` Lloyd
    iterations (Pol.is's 20); the k with the best silhouette wins. Given Pol.is's own base
    clusters in Pol.is's order it reproduces Pol.is's groups (tests/consensus). That order
    is the history of the conversation (base clusters are created and dropped as votes
    arrive), which a one-shot computation cannot know, so the engine itself uses seeded
    multi-start k-means in a canonical order instead (see docs/consensus.md).
    """
    best_labels: npt.NDArray[np.int64] | None = None
    best_score = -np.inf
    distance = pairwise_distances(centers)
    for k in range(2, max_groups(centers.shape[0], group_limit) + 1):
        start = centers[first_distinct_rows(centers)[:k]]
        if start.shape[0] < k:
            break
        result = lloyd(centers, weights, start, max_iter)
        if int(result.labels.max()) + 1 < k:
            continue
        score = silhouette(distance, result.labels)
        if score > best_score + 1e-12:
            best_score, best_labels = score, result.labels
    if best_labels is None:
        return np.zeros(centers.shape[0], dtype=np.int64)
    return best_labels
