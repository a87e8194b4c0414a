"""Deterministic k-means and silhouette for two-dimensional points.

Two situations, two tools: `lloyd` compresses many points (up to a million
participants) into base clusters from a given start; `multi_start_kmeans` clusters a
few weighted points (at most 100 base-cluster centres) from many seeded k-means++
starts at once, vectorised over the starts, and keeps the lowest within-cluster spread.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tracktwo.consensus.matrix import FloatArray

IntArray = npt.NDArray[np.int64]

# Distances are computed in blocks of this many points to bound memory.
BLOCK = 65536


@dataclass(frozen=True)
class KMeansResult:
    labels: IntArray
    centers: FloatArray
    inertia: float


def nearest_center(points: FloatArray, centers: FloatArray) -> tuple[IntArray, FloatArray]:
    """Index of and squared distance to the nearest centre, for each point."""
    labels = np.empty(points.shape[0], dtype=np.int64)
    best = np.empty(points.shape[0])
    center_norms = (centers**2).sum(axis=1)
    for start in range(0, points.shape[0], BLOCK):
        block = points[start : start + BLOCK]
        distances = (block**2).sum(axis=1)[:, None] - 2.0 * block @ centers.T + center_norms[None, :]
        chosen = np.argmin(distances, axis=1)
        labels[start : start + BLOCK] = chosen
        best[start : start + BLOCK] = np.maximum(distances[np.arange(block.shape[0]), chosen], 0.0)
    return labels, best


def _drop_empty(labels: IntArray, centers: FloatArray, dist: FloatArray, weights: FloatArray) -> KMeansResult:
    used = np.unique(labels)
    remap = np.full(centers.shape[0], -1, dtype=np.int64)
    remap[used] = np.arange(used.size)
    return KMeansResult(labels=remap[labels], centers=centers[used], inertia=float((dist * weights).sum()))


def lloyd(points: FloatArray, weights: FloatArray, start: FloatArray, max_iter: int) -> KMeansResult:
    """Weighted Lloyd iterations from the given centres; empty clusters are dropped."""
    centers = start.copy()
    labels, dist = nearest_center(points, centers)
    for _ in range(max_iter):
        mass = np.bincount(labels, weights, minlength=centers.shape[0])
        occupied = mass > 0
        moved = centers.copy()
        for d in range(points.shape[1]):
            sums = np.bincount(labels, weights * points[:, d], minlength=centers.shape[0])
            moved[occupied, d] = sums[occupied] / mass[occupied]
        new_labels, dist = nearest_center(points, moved)
        settled = np.array_equal(new_labels, labels)
        centers, labels = moved, new_labels
        if settled:
            break
    return _drop_empty(labels, centers, dist, weights)


def _plus_plus_starts(
    points: FloatArray, weights: FloatArray, k: int, n_starts: int, rng: np.random.Generator
) -> FloatArray:
    """k-means++ starts, shape (n_starts, k, 2), drawn for all starts at once."""
    n = points.shape[0]
    draws = rng.random((n_starts, k))
    cumulative = np.cumsum(weights)
    first = np.minimum(np.searchsorted(cumulative, draws[:, 0] * cumulative[-1], side="right"), n - 1)
    centers = np.empty((n_starts, k, points.shape[1]))
    centers[:, 0] = points[first]
    closest = ((points[None, :, :] - centers[:, 0, None, :]) ** 2).sum(axis=2)
    for step in range(1, k):
        mass = np.cumsum(closest * weights[None, :], axis=1)
        target = draws[:, step] * mass[:, -1]
        pick = np.minimum((mass <= target[:, None]).sum(axis=1), n - 1)
        centers[:, step] = points[pick]
        closest = np.minimum(closest, ((points[None, :, :] - centers[:, step, None, :]) ** 2).sum(axis=2))
    return centers


def multi_start_kmeans(
    points: FloatArray, weights: FloatArray, k: int, *, seed: int, n_starts: int = 16, max_iter: int = 100
) -> KMeansResult:
    """Weighted k-means from `n_starts` seeded k-means++ starts; the lowest inertia wins.

    Meant for few points (base-cluster centres). `points` must be in canonical order for
    the result to be independent of input order. Ties in inertia keep the earliest start.
    """
    rng = np.random.default_rng(seed)
    centers = _plus_plus_starts(points, weights, k, n_starts, rng)
    cluster_ids = np.arange(k)[None, :, None]
    point_norms = (points**2).sum(axis=1)
    weighted_points = points * weights[:, None]
    labels = np.full((n_starts, points.shape[0]), -1)
    for _ in range(max_iter):
        new_labels = np.argmin(_start_distances(points, point_norms, centers), axis=1)
        if np.array_equal(new_labels, labels):
            break
        labels = new_labels
        member = (labels[:, None, :] == cluster_ids).astype(np.float64)  # (starts, k, points)
        mass = member @ weights
        sums = member @ weighted_points
        centers = np.where(mass[:, :, None] > 0, sums / np.maximum(mass, 1e-300)[:, :, None], centers)
    distances = _start_distances(points, point_norms, centers)
    labels = np.argmin(distances, axis=1)
    best_distance = np.maximum(np.take_along_axis(distances, labels[:, None, :], axis=1)[:, 0, :], 0.0)
    inertia = (best_distance * weights[None, :]).sum(axis=1)
    winner = int(np.argmin(np.round(inertia, 12)))
    return _drop_empty(labels[winner], centers[winner], best_distance[winner], weights)


def _start_distances(points: FloatArray, point_norms: FloatArray, centers: FloatArray) -> FloatArray:
    """Squared distances of every centre of every start to every point: (starts, k, points)."""
    cross = centers @ points.T
    result: FloatArray = (centers**2).sum(axis=2)[:, :, None] - 2.0 * cross + point_norms[None, None, :]
    return result


def first_distinct_rows(points: FloatArray) -> IntArray:
    """Rows of the first occurrence of each distinct point, in data order: Pol.is's k-means
    starts from the first k of them."""
    _, first = np.unique(points, axis=0, return_index=True)
    return np.sort(first).astype(np.int64)


def pairwise_distances(points: FloatArray) -> FloatArray:
    """Euclidean distances between all pairs of (few) points."""
    result: FloatArray = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    return result


def silhouette(distance: FloatArray, labels: IntArray) -> float:
    """Mean silhouette of points given their pairwise distances; a member of a singleton
    cluster scores 0."""
    n_clusters = int(labels.max()) + 1
    if n_clusters < 2:
        return 0.0
    member = (labels[:, None] == np.arange(n_clusters)[None, :]).astype(np.float64)
    to_cluster = distance @ member
    size = member.sum(axis=0)
    rows = np.arange(distance.shape[0])
    own = size[labels] - 1.0
    a = np.where(own > 0, to_cluster[rows, labels] / np.maximum(own, 1.0), 0.0)
    others = to_cluster / size[None, :]
    others[rows, labels] = np.inf
    b = others.min(axis=1)
    scale = np.maximum(a, b)
    score = np.where((own > 0) & (scale > 0), (b - a) / np.where(scale > 0, scale, 1.0), 0.0)
    return float(score.mean())
