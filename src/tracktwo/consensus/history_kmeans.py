"""Pol.is's k-means as it runs on every update: warm-started from the previous clusters.

Written from the rules of Pol.is's `math/src/polismath/math/clusters.clj` (no code taken):

- Clusters carry an id and their members' keys (participants, or base-cluster ids for the
  group stage). An update starts from the previous clusters: each keeps its members that
  are still in the data (a cluster with none left is dropped) and is re-centred on them;
  clusters that land on exactly the same centre are merged (the id of the bigger one);
  then, while there are fewer clusters than min(k, distinct points), the point farthest
  from its nearest centre leaves its cluster and becomes a new cluster with a fresh id
  (one more than the largest id alive). That is why ids grow over a conversation's life
  and gaps appear where clusters died.
- Without previous clusters the start is the first k distinct points in data order,
  with ids 0..k-1.
- Lloyd steps then reassign every point to its nearest centre, drop empty clusters and
  re-centre (weighted means); they stop after `max_iter` further steps or as soon as the
  sorted centres moved less than 0.01 each. That tolerance is coarse, and it shapes
  Pol.is's results, so it is reproduced.

Ties (equal distances) go to the later cluster or point, as Clojure's min-key / max-key
resolve them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tracktwo.consensus.frozen import read_only
from tracktwo.consensus.kmeans import first_distinct_rows
from tracktwo.consensus.matrix import FloatArray

IntArray = npt.NDArray[np.int64]

# Pol.is's convergence test: every sorted centre moved less than this.
SAME_CLUSTERING_TOLERANCE = 0.01


@dataclass(frozen=True)
class KeyedClusters:
    """Clusters in id order: `members[i]` holds the keys of cluster `ids[i]`, centred at `centers[i]`."""

    ids: tuple[int, ...]
    members: tuple[tuple[int, ...], ...]
    centers: FloatArray  # (n_clusters, 2)

    @property
    def counts(self) -> tuple[int, ...]:
        return tuple(len(m) for m in self.members)

    def labels_of(self, keys: Sequence[int]) -> IntArray:
        """Position (in id order) of the cluster holding each key; -1 for keys in none."""
        where = {key: i for i, members in enumerate(self.members) for key in members}
        return read_only(np.array([where.get(key, -1) for key in keys], dtype=np.int64))


@dataclass
class _Draft:
    """A cluster under construction (rows index the current data)."""

    id: int
    rows: list[int]


def _nearest_last(points: FloatArray, centers: FloatArray) -> tuple[IntArray, FloatArray]:
    """Nearest centre of each point (ties: the later centre) and the distance to it."""
    distance = np.sqrt(((points[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2))
    flipped = np.argmin(distance[:, ::-1], axis=1)
    nearest = centers.shape[0] - 1 - flipped
    return nearest.astype(np.int64), distance[np.arange(points.shape[0]), nearest]


def _fresh_start(points: FloatArray, k: int) -> tuple[list[int], FloatArray]:
    rows = first_distinct_rows(points)[:k]
    return list(range(rows.size)), points[rows].copy()


def _carried_over(
    keys: Sequence[int], points: FloatArray, weights: FloatArray, previous: KeyedClusters
) -> list[_Draft]:
    """Previous clusters restricted to keys still present, with identical centres merged."""
    row_of = {key: row for row, key in enumerate(keys)}
    drafts = [
        _Draft(cid, [row_of[m] for m in members if m in row_of])
        for cid, members in zip(previous.ids, previous.members, strict=True)
    ]
    drafts = [d for d in drafts if d.rows]
    if not drafts:
        # Nobody left in any cluster: one cluster of everyone keeps the later steps defined.
        return [_Draft(max(previous.ids, default=-1) + 1, list(range(len(keys))))]
    # Exact equality of centres, as Pol.is compares them: a dict on the coordinates finds twins.
    merged: list[_Draft] = []
    position_of: dict[tuple[float, ...], int] = {}
    for draft, center in zip(drafts, _centers(points, weights, drafts), strict=True):
        key = tuple(center.tolist())
        twin = position_of.get(key)
        if twin is None:
            position_of[key] = len(merged)
            merged.append(draft)
            continue
        earlier = merged[twin]
        # The bigger cluster names the merge; on a tie the later one, as max-key does.
        name = earlier.id if len(earlier.rows) > len(draft.rows) else draft.id
        merged[twin] = _Draft(name, earlier.rows + draft.rows)
    return merged


def _centers(points: FloatArray, weights: FloatArray, drafts: Sequence[_Draft]) -> FloatArray:
    """Weighted mean of each draft's rows (every draft has at least one)."""
    rows = np.concatenate([np.asarray(d.rows, dtype=np.int64) for d in drafts])
    owner = np.repeat(np.arange(len(drafts)), [len(d.rows) for d in drafts])
    w = weights[rows]
    mass = np.bincount(owner, w, minlength=len(drafts))
    result: FloatArray = np.stack(
        [
            np.bincount(owner, w * points[rows, d], minlength=len(drafts)) / mass
            for d in range(points.shape[1])
        ],
        axis=1,
    )
    return result


def _split_outliers(
    points: FloatArray, weights: FloatArray, drafts: list[_Draft], k: int
) -> tuple[list[int], FloatArray]:
    """Give the most distant points clusters of their own until there are min(k, distinct) clusters."""
    possible = min(k, first_distinct_rows(points).size)
    while True:
        drafts = [d for d in drafts if d.rows]
        centers = _centers(points, weights, drafts)
        if len(drafts) >= possible:
            break
        _, distance = _nearest_last(points, centers)
        outlier = points.shape[0] - 1 - int(np.argmax(distance[::-1]))
        if distance[outlier] <= 0:
            break
        for draft in drafts:
            if outlier in draft.rows:
                draft.rows = [r for r in draft.rows if r != outlier]
        drafts.append(_Draft(max(d.id for d in drafts) + 1, [outlier]))
    return [d.id for d in drafts], centers


def _same_clustering(before: FloatArray, after: FloatArray) -> bool:
    def lexicographic(centers: FloatArray) -> FloatArray:
        sorted_centers: FloatArray = centers[np.lexsort((centers[:, 1], centers[:, 0]))]
        return sorted_centers

    n = min(before.shape[0], after.shape[0])
    moved = np.linalg.norm(lexicographic(before)[:n] - lexicographic(after)[:n], axis=1)
    return bool(np.all(moved < SAME_CLUSTERING_TOLERANCE))


def _lloyd(
    points: FloatArray, weights: FloatArray, ids: list[int], centers: FloatArray, max_iter: int
) -> tuple[list[int], FloatArray, IntArray]:
    """Lloyd steps as Pol.is runs them: ids of the surviving clusters, their centres, and
    each point's cluster (a position in those lists)."""
    for step in range(max_iter + 1):
        nearest, _ = _nearest_last(points, centers)
        used = np.unique(nearest)
        mass = np.bincount(nearest, weights, minlength=centers.shape[0])[used]
        new_centers = np.stack(
            [
                np.bincount(nearest, weights * points[:, d], minlength=centers.shape[0])[used] / mass
                for d in range(points.shape[1])
            ],
            axis=1,
        )
        converged = _same_clustering(centers, new_centers)
        # Empty clusters are dropped: survivors keep their ids, labels follow the survivors.
        ids, centers = [ids[int(i)] for i in used], new_centers
        labels: IntArray = np.searchsorted(used, nearest).astype(np.int64)
        if converged or step == max_iter:
            break
    return ids, centers, labels


def warm_kmeans(
    keys: Sequence[int],
    points: FloatArray,
    k: int,
    *,
    previous: KeyedClusters | None,
    max_iter: int,
    weights: FloatArray | None = None,
) -> KeyedClusters:
    """One update's k-means over `points` (one row per key, in data order), started from
    `previous` when given (and not empty), otherwise from the first k distinct points."""
    if points.shape[0] == 0:
        return KeyedClusters((), (), read_only(np.zeros((0, 2))))
    w = np.ones(points.shape[0]) if weights is None else np.asarray(weights, dtype=np.float64)
    if previous is not None and previous.ids:
        ids, centers = _split_outliers(points, w, _carried_over(keys, points, w, previous), k)
    else:
        ids, centers = _fresh_start(points, k)
    ids, centers, labels = _lloyd(points, w, ids, centers, max_iter)
    order = np.argsort(ids, kind="stable")
    members = tuple(tuple(int(keys[int(r)]) for r in np.flatnonzero(labels == i)) for i in order)
    return KeyedClusters(
        ids=tuple(int(ids[i]) for i in order), members=members, centers=read_only(centers[order].copy())
    )
