from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tracktwo.consensus.clustering import base_clusters, cluster_participants, max_groups
from tracktwo.consensus.kmeans import multi_start_kmeans, pairwise_distances, silhouette


def ranks(n: int) -> np.ndarray:
    return np.arange(n, dtype=np.int64)


def blobs(seed: int, centers: list[tuple[float, float]], per: int = 40) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.concatenate([rng.normal(c, 0.3, size=(per, 2)) for c in centers])


def test_three_clear_blobs_give_three_groups() -> None:
    points = blobs(0, [(-4, 0), (4, 0), (0, 5)])
    truth = np.repeat(np.arange(3), 40)
    result = cluster_participants(points, np.ones(len(points), dtype=bool), ranks(len(points)))
    assert result.n_groups == 3
    # one-to-one correspondence between found groups and blobs
    pairs = {(int(a), int(b)) for a, b in zip(result.labels, truth, strict=True)}
    assert len(pairs) == 3


def test_unclustered_participants_get_no_group() -> None:
    points = blobs(1, [(-3, 0), (3, 0)])
    mask = np.ones(len(points), dtype=bool)
    mask[:5] = False
    result = cluster_participants(points, mask, ranks(len(points)))
    assert (result.labels[:5] == -1).all() and (result.labels[5:] >= 0).all()


def test_groups_are_numbered_largest_first() -> None:
    points = np.concatenate([blobs(2, [(-4, 0)], per=20), blobs(3, [(4, 0)], per=60)])
    result = cluster_participants(points, np.ones(len(points), dtype=bool), ranks(len(points)))
    assert result.n_groups == 2
    assert (result.labels[20:] == 0).all() and (result.labels[:20] == 1).all()


def test_too_few_participants_gives_no_groups() -> None:
    result = cluster_participants(np.zeros((1, 2)), np.ones(1, dtype=bool), ranks(1))
    assert result.n_groups == 0 and (result.labels == -1).all()


def test_max_groups_follows_polis() -> None:
    assert max_groups(100) == 5 and max_groups(12) == 3 and max_groups(11) == 2


def test_silhouette_of_singletons_is_zero() -> None:
    points = np.array([[0.0, 0.0], [10.0, 0.0]])
    assert silhouette(pairwise_distances(points), np.array([0, 1])) == 0.0


def brute_force_silhouette(points: np.ndarray, labels: np.ndarray) -> float:
    d = np.sqrt(((points[:, None] - points[None]) ** 2).sum(2))
    scores = []
    for i in range(len(points)):
        same = labels == labels[i]
        if same.sum() == 1:
            scores.append(0.0)
            continue
        a = d[i, same].sum() / (same.sum() - 1)
        b = min(d[i, labels == c].mean() for c in set(labels.tolist()) if c != labels[i])
        scores.append((b - a) / max(a, b))
    return float(np.mean(scores))


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=2, max_value=4))
def test_silhouette_matches_the_definition(seed: int, k: int) -> None:
    rng = np.random.default_rng(seed)
    points = rng.normal(size=(20, 2))
    labels = np.arange(20) % k
    found = silhouette(pairwise_distances(points), labels)
    assert abs(found - brute_force_silhouette(points, labels)) < 1e-12


def test_multi_start_kmeans_is_deterministic_and_finds_the_blobs() -> None:
    points = blobs(5, [(-4, 0), (4, 0), (0, 5)], per=10)
    weights = np.arange(1, 31, dtype=float)
    a = multi_start_kmeans(points, weights, 3, seed=1)
    b = multi_start_kmeans(points, weights, 3, seed=1)
    np.testing.assert_array_equal(a.labels, b.labels)
    assert len({(int(x), i // 10) for i, x in enumerate(a.labels)}) == 3


def test_base_clusters_are_exact_for_few_distinct_positions() -> None:
    points = np.repeat(np.array([[0.0, 1.0], [2.0, 2.0], [-1.0, 0.0]]), 4, axis=0)
    base = base_clusters(points, 100)
    assert base.centers.shape == (3, 2)
    np.testing.assert_allclose(base.centers[base.labels], points)


def test_base_clusters_compress_many_points() -> None:
    points = np.random.default_rng(0).normal(size=(500, 2))
    base = base_clusters(points, 100)
    assert 50 <= base.centers.shape[0] <= 100
    assert base.labels.max() + 1 == base.centers.shape[0]


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_clustering_is_independent_of_participant_order(seed: int) -> None:
    points = blobs(seed, [(-3, -1), (3, 0), (0, 4)], per=15)
    ids = ranks(len(points))
    base = cluster_participants(points, np.ones(len(points), dtype=bool), ids)
    order = np.random.default_rng(seed).permutation(len(points))
    shuffled = cluster_participants(points[order], np.ones(len(points), dtype=bool), ids[order])
    np.testing.assert_array_equal(shuffled.labels, base.labels[order])
