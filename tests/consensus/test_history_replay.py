"""The replay of Pol.is's update history (consensus/history.py, history_kmeans.py).

Unit checks of the batching rules and of Pol.is's warm-started k-means, then the replay
against Pol.is's stored state in ../shared/data/polis-math (docs/consensus.md, "Replaying
Pol.is's history").
"""

from __future__ import annotations

import numpy as np
import pytest

from support.polis_replay import ONE_SECOND, ari_against_polis, replayed
from support.shared_data import shared_data_path
from tracktwo.consensus.clustering import polis_group_stage
from tracktwo.consensus.engine import compute_model
from tracktwo.consensus.errors import EmptyConversationError, InputError
from tracktwo.consensus.history import Batching, ReplaySettings, replay_history
from tracktwo.consensus.history_kmeans import KeyedClusters, warm_kmeans
from tracktwo.consensus.matrix import VoteMatrix
from tracktwo.consensus.pca import fit_pca
from tracktwo.consensus.rand_index import adjusted_rand_index
from tracktwo.consensus.votes import Conversation, Statement, build_conversation
from tracktwo.dialogue.formats.polis_math import read_polis_math


def small_conversation() -> Conversation:
    return build_conversation(
        ["a", "b", "c"],
        [Statement("1"), Statement("2")],
        participant=[0, 0, 1, 1, 2],
        statement=[0, 1, 0, 1, 0],
        value=[1, -1, 1, 1, -1],
    )


# --- batching --------------------------------------------------------------------------


def test_batching_rules_cut_sorted_times_into_updates() -> None:
    times = np.array([0.0, 400.0, 1_200.0, 9_000.0, 9_500.0, 30_000.0])
    assert Batching("window", 1).batch_ends(times).tolist() == [2, 3, 5, 6]
    assert Batching("gap", 5).batch_ends(times).tolist() == [3, 5, 6]
    assert Batching("votes", 4).batch_ends(times).tolist() == [4, 6]
    assert Batching("updates", 3).batch_ends(times).tolist() == [2, 4, 6]
    assert Batching("gap", 3600).batch_ends(times).tolist() == [6]


@pytest.mark.parametrize(("kind", "size"), [("hourly", 1.0), ("gap", 0.0), ("votes", -2.0)])
def test_bad_batching_is_refused(kind: str, size: float) -> None:
    with pytest.raises(InputError):
        Batching(kind, size)  # type: ignore[arg-type]


def test_bad_restart_rule_is_refused() -> None:
    with pytest.raises(InputError, match="worker_restarts"):
        ReplaySettings(worker_restarts="sometimes")  # type: ignore[arg-type]


# --- Pol.is's warm-started k-means -----------------------------------------------------


def test_fresh_start_takes_the_first_distinct_points_in_data_order() -> None:
    points = np.array([[0.0, 0.0], [0.0, 0.0], [10.0, 0.0], [10.0, 1.0], [0.0, 1.0]])
    result = warm_kmeans([7, 8, 9, 10, 11], points, 2, previous=None, max_iter=20)
    assert result.ids == (0, 1)
    assert result.members == ((7, 8, 11), (9, 10))


def test_warm_start_keeps_ids_drops_vanished_clusters_and_numbers_new_ones_after_the_largest_alive() -> None:
    previous = KeyedClusters(ids=(3, 5, 9), members=((1, 2), (4,), (99,)), centers=np.zeros((3, 2)))
    points = np.array([[0.0, 0.0], [0.0, 0.1], [5.0, 5.0], [20.0, 20.0]])
    result = warm_kmeans([1, 2, 4, 6], points, 100, previous=previous, max_iter=100)
    # 99 left the data: cluster 9 dies first, so the new clusters are numbered after 5
    # (Pol.is takes the largest id still alive); with k above the number of points every
    # distinct point ends up alone.
    assert result.ids == (3, 5, 6, 7)
    assert sorted(result.members) == [(1,), (2,), (4,), (6,)]
    assert result.members[result.ids.index(5)] == (4,)


def test_clusters_on_the_same_centre_merge_under_the_bigger_ones_id() -> None:
    previous = KeyedClusters(ids=(1, 2), members=((10, 11), (12,)), centers=np.zeros((2, 2)))
    points = np.array([[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]])
    result = warm_kmeans([10, 11, 12], points, 100, previous=previous, max_iter=10)
    assert result.ids == (1,)
    assert result.members == ((10, 11, 12),)


# --- inputs of the replay --------------------------------------------------------------


def test_replay_without_vote_times_says_what_is_missing() -> None:
    with pytest.raises(InputError, match="time of every vote"):
        replay_history(small_conversation(), None)


@pytest.mark.parametrize("times", [[1.0, 2.0], [1.0, 2.0, np.nan, 4.0, 5.0]])
def test_replay_refuses_times_that_do_not_fit_the_votes(times: list[float]) -> None:
    with pytest.raises(InputError, match="time"):
        replay_history(small_conversation(), times)


def test_replay_of_a_conversation_without_votes_is_refused() -> None:
    empty = build_conversation(["a"], [Statement("1")], participant=[], statement=[], value=[])
    with pytest.raises(EmptyConversationError):
        replay_history(empty, [])


def test_small_replay_clusters_everyone_who_voted() -> None:
    result = replay_history(small_conversation(), [0.0, 1.0, 5_000.0, 5_001.0, 9_000.0])
    assert result.in_conversation.tolist() == [True, True, True]
    assert result.n_updates == 4  # three one-second windows, then the reload's recompute
    assert sorted(m for members in result.base_clusters.members for m in members) == [0, 1, 2]


# --- against Pol.is's stored state ------------------------------------------------------

FIXTURES = ["25ptpt-3gp-no-strict-with-meta", "above-100-ptpts", "below-100-ptpts"]


@pytest.mark.shared_data
@pytest.mark.parametrize("name", ["25ptpt-3gp-no-strict-with-meta", "below-100-ptpts"])
def test_replay_reproduces_polis_groups_of_the_small_fixtures(name: str) -> None:
    fixture, result = replayed(name)
    assert result.n_groups == len(fixture.reference.groups)
    assert ari_against_polis(fixture, result) == pytest.approx(1.0)
    assert set(result.groups) == set(fixture.reference.in_conv)


@pytest.mark.shared_data
def test_replay_rebuilds_polis_base_cluster_ids_of_below_100() -> None:
    """Every base cluster, id and members, as Pol.is stored it: the ids record the order in
    which participants got clusters of their own, which only the history explains."""
    fixture, result = replayed("below-100-ptpts")
    ids = fixture.conversation.participant_ids
    ours = {
        (bid, tuple(ids[m] for m in members))
        for bid, members in zip(result.base_clusters.ids, result.base_clusters.members, strict=True)
    }
    base = fixture.reference.base_clusters
    assert ours == set(zip(base.ids, base.members, strict=True))


@pytest.mark.shared_data
def test_without_a_reload_the_warm_group_stage_drifts_from_polis() -> None:
    """Pol.is's stored groups are those of a fresh group stage (a reload); keeping the
    group clusterings of every earlier update gives other groups on `below-100-ptpts`."""
    fixture, result = replayed("below-100-ptpts", ReplaySettings(worker_restarts="never"))
    assert ari_against_polis(fixture, result) < 0.9


@pytest.mark.shared_data
def test_above_100_is_not_reproduced_by_the_same_rule() -> None:
    """Measured, not hoped for: 31 participants Pol.is kept in the conversation with fewer
    than 7 votes follow from no rule and no vote time in the fixture, the 100 base clusters
    then differ, and the groups with them (docs/consensus.md)."""
    fixture, result = replayed("above-100-ptpts")
    ids = fixture.conversation.participant_ids
    ours = {ids[i] for i in np.flatnonzero(result.in_conversation)}
    assert ours < set(fixture.reference.in_conv)
    assert len(set(fixture.reference.in_conv) - ours) == 31
    ari = ari_against_polis(fixture, result)
    assert -1.0 <= ari <= 1.0
    if result.n_groups != len(fixture.reference.groups) or ari < 0.9:
        pytest.xfail(f"{result.n_groups} groups vs Pol.is's {len(fixture.reference.groups)}, ARI {ari:.2f}")


@pytest.mark.shared_data
def test_replay_is_deterministic_and_its_groups_feed_the_engine() -> None:
    fixture, first = replayed("25ptpt-3gp-no-strict-with-meta")
    second = replay_history(fixture.conversation, fixture.vote_times, None, ONE_SECOND)
    assert np.array_equal(first.labels, second.labels)
    assert first.base_clusters.ids == second.base_clusters.ids
    assert first.k_history == second.k_history
    model = compute_model(fixture.conversation, groups=first.groups)
    assert model.n_groups == first.n_groups


@pytest.mark.shared_data
@pytest.mark.parametrize("name", FIXTURES)
def test_one_update_from_polis_stored_state_keeps_its_base_clusters_and_groups(name: str) -> None:
    """The warm-started k-means checked where Pol.is's state is known: started from Pol.is's
    stored base clusters on the final votes (the update a reload runs), it leaves all of them
    unchanged, ids and members, and the fresh group stage then gives Pol.is's groups, on all
    three fixtures, `above-100-ptpts` (100 base clusters) included."""
    folder = shared_data_path("polis-math", name)
    fixture = read_polis_math(folder)
    conversation, stored = fixture.conversation, fixture.reference.base_clusters
    index = {pid: i for i, pid in enumerate(conversation.participant_ids)}
    previous = KeyedClusters(
        ids=stored.ids,
        members=tuple(tuple(index[m] for m in members) for members in stored.members),
        centers=np.stack([stored.x, stored.y], axis=1),
    )
    times = fixture.vote_times
    first_vote = np.full(conversation.n_participants, np.inf)
    np.minimum.at(first_vote, np.asarray(conversation.participant), times)
    rows = sorted((index[p] for p in fixture.reference.in_conv), key=lambda i: (first_vote[i], i))
    projection = fit_pca(VoteMatrix.from_conversation(conversation)).participant_projection

    base = warm_kmeans(rows, projection[rows], 100, previous=previous, max_iter=100)

    assert base.ids == previous.ids
    assert [set(m) for m in base.members] == [set(m) for m in previous.members]
    groups = polis_group_stage(base.centers, np.array(base.counts, dtype=np.float64))
    ours = np.full(conversation.n_participants, -1)
    for members, group in zip(base.members, groups, strict=True):
        ours[list(members)] = group
    theirs = fixture.reference.group_labels(conversation.participant_ids)
    assert adjusted_rand_index(theirs[theirs >= 0], ours[theirs >= 0]) == pytest.approx(1.0)
