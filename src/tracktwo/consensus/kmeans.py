"""Weighted k-means and weighted silhouette in two dimensions, deterministic.

Pol.is seeds k-means with the first distinct points in participant order, which makes
groups depend on input order. Here the points are first put in a canonical order (by
coordinates) and seeded with weighted k-means++ from a fixed seed, so the same points
give the same clusters whatever order they come in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tracktwo.consensus.matrix import FloatArray

# Distances are computed in blocks of this many points to bound memory.
BLOCK = 65536


@dataclass(frozen=True)
class KMeansResult:
    labels: npt.NDArray[np.int64]
    centers: FloatArray
    inertia: float


def nearest_center(points: FloatArray, centers: FloatArray) -> tuple[npt.NDArray[np.int64], FloatArray]:
    """Index of and squared distance to the nearest centre, for each point."""
    labels = np.empty(points.shape[0], dtype=np.int64)
    best = np.empty(points.shape[0])
    center_norms = (centers**2).sum(axis=1)
    for start in range(0, points.shape[0], BLOCK):
        block = points[start : start + BLOCK]
        distances = (block**2).sum(axis=1)[:, None] - 2.0 * block @ centers.T + center_norms[None, :]
        labels[start : start + BLOCK] = np.argmin(distances, axis=1)
        best[start : start + BLOCK] = np.maximum(
            distances[np.arange(block.shape[0]), labels[start : start + BLOCK]], 0.0
        )
    return labels, best


def _plus_plus_init(points: FloatArray, weights: FloatArray, k: int, rng: np.random.Generator) -> FloatArray:
    first = rng.choice(points.shape[0], p=weights / weights.sum())
    centers = [points[first]]
    closest = ((points - points[first]) ** 2).sum(axis=1)
    for _ in range(1, k):
        mass = closest * weights
        total = mass.sum()
        if total <= 0:
            break
        pick = rng.choice(points.shape[0], p=mass / total)
        centers.append(points[pick])
        closest = np.minimum(closest, ((points - points[pick]) ** 2).sum(axis=1))
    return np.array(centers)


def weighted_kmeans(
    points: FloatArray,
    weights: FloatArray,
    k: int,
    *,
    seed: int,
    n_init: int = 4,
    max_iter: int = 100,
) -> KMeansResult:
    """Lloyd's algorithm with weighted k-means++ starts; the best of n_init runs wins.

    `points` must already be in canonical order for the result to be order-independent.
    """
    rng = np.random.default_rng(seed)
    best: KMeansResult | None = None
    for _ in range(n_init):
        centers = _plus_plus_init(points, weights, k, rng)
        labels, dist = nearest_center(points, centers)
        for _ in range(max_iter):
            n_centers = centers.shape[0]
            mass = np.bincount(labels, weights, minlength=n_centers)
            sums = np.stack(
                [
                    np.bincount(labels, weights * points[:, d], minlength=n_centers)
                    for d in range(points.shape[1])
                ],
                axis=1,
            )
            occupied = mass > 0
            new_centers = centers.copy()
            new_centers[occupied] = sums[occupied] / mass[occupied, None]
            new_labels, dist = nearest_center(points, new_centers)
            converged = np.array_equal(new_labels, labels)
            centers, labels = new_centers, new_labels
            if converged:
                break
        # Drop centres that lost all their points and relabel densely.
        used = np.unique(labels)
        remap = np.full(centers.shape[0], -1, dtype=np.int64)
        remap[used] = np.arange(used.size)
        result = KMeansResult(
            labels=remap[labels], centers=centers[used], inertia=float((dist * weights).sum())
        )
        if best is None or result.inertia < best.inertia - 1e-12:
            best = result
    assert best is not None
    return best


def weighted_silhouette(points: FloatArray, weights: FloatArray, labels: npt.NDArray[np.int64]) -> float:
    """Silhouette of the participants, when each point stands for `weight` participants at it.

    A participant's own point contributes weight-1 others at distance 0; a member of a
    cluster of a single participant scores 0, as in the usual definition.
    """
    n_clusters = int(labels.max()) + 1
    if n_clusters < 2:
        return 0.0
    distance = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    # mass-weighted distance sums from each point to each cluster
    to_cluster = np.stack(
        [(distance[:, labels == c] * weights[labels == c]).sum(axis=1) for c in range(n_clusters)], axis=1
    )
    cluster_mass = np.bincount(labels, weights, minlength=n_clusters)
    own_mass = cluster_mass[labels] - 1.0
    rows = np.arange(points.shape[0])
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(own_mass > 0, to_cluster[rows, labels] / np.maximum(own_mass, 1e-300), 0.0)
        others = to_cluster / cluster_mass[None, :]
        others[rows, labels] = np.inf
        b = others.min(axis=1)
        score = np.where((own_mass > 0) & (np.maximum(a, b) > 0), (b - a) / np.maximum(a, b), 0.0)
    return float((score * weights).sum() / weights.sum())
