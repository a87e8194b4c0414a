from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tracktwo.consensus.clustering import cluster_participants, max_groups
from tracktwo.consensus.kmeans import weighted_silhouette


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
    assert weighted_silhouette(points, np.ones(2), np.array([0, 1])) == 0.0


def test_weighted_silhouette_equals_silhouette_of_repeated_points() -> None:
    points = np.array([[0.0, 0.0], [1.0, 0.0], [5.0, 0.0], [6.0, 1.0]])
    weights = np.array([2.0, 1.0, 3.0, 1.0])
    labels = np.array([0, 0, 1, 1])
    expanded = np.repeat(points, weights.astype(int), axis=0)
    expanded_labels = np.repeat(labels, weights.astype(int))
    # plain silhouette over the expanded points
    d = np.sqrt(((expanded[:, None] - expanded[None]) ** 2).sum(2))
    scores = []
    for i in range(len(expanded)):
        same = expanded_labels == expanded_labels[i]
        a = d[i, same].sum() / (same.sum() - 1)
        b = d[i, ~same].mean()
        scores.append((b - a) / max(a, b))
    assert (
        weighted_silhouette(points, weights, labels) == np.float64(np.mean(scores)).item()
        or abs(weighted_silhouette(points, weights, labels) - float(np.mean(scores))) < 1e-12
    )


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_clustering_is_independent_of_participant_order(seed: int) -> None:
    points = blobs(seed, [(-3, -1), (3, 0), (0, 4)], per=15)
    ids = ranks(len(points))
    base = cluster_participants(points, np.ones(len(points), dtype=bool), ids)
    order = np.random.default_rng(seed).permutation(len(points))
    shuffled = cluster_participants(points[order], np.ones(len(points), dtype=bool), ids[order])
    np.testing.assert_array_equal(shuffled.labels, base.labels[order])
