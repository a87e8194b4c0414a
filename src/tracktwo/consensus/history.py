"""A replay of Pol.is's update history: votes in time order, one update per batch.

Pol.is does not cluster a conversation once. Its math worker polls for new votes about
once a second and updates the previous state with each batch, so its groups depend on
that history (docs/consensus.md). This module replays it, following the rules of
Pol.is's `math/src/polismath/math/conversation.clj` (update graph), `clusters.clj`
(warm-started k-means, history_kmeans.py) and `conv_man.clj` (what survives a restart);
no code is taken from them. Per update:

1. the matrix of all votes so far, PCA and participant projections (pca.py, exact;
   Pol.is warm-starts a power iteration instead, which keeps signs continuous, but signs
   do not matter here because every warm start re-centres clusters on their members);
2. in-conversation participants: the earlier ones stay in, plus those with at least
   min(7, statements voted on so far) votes, topped up to 15 (participation.py);
3. 100 base clusters by k-means over their projections, in the order participants first
   voted, warm-started from the previous base clusters, at most 100 Lloyd steps;
4. for k = 2 .. min(5, 2 + base clusters // 12) a weighted k-means over the base-cluster
   centres, 20 Lloyd steps, warm-started from the previous clustering with that k;
5. the k with the best silhouette (ties: the larger k) is adopted only once it has won
   `k_buffer` updates in a row (Pol.is's group-k smoother).

A restart of Pol.is's worker forgets steps 4 and 5 (`ReplaySettings.worker_restarts`).
Batch boundaries and restarts are not recorded anywhere; `Batching` and the settings
state the rules used.
Moderation is taken as final throughout (its history is not in the fixtures either).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

import numpy as np
import numpy.typing as npt

from tracktwo.consensus.clustering import MAX_GROUPS, max_groups
from tracktwo.consensus.errors import EmptyConversationError, InputError
from tracktwo.consensus.frozen import read_only
from tracktwo.consensus.history_kmeans import KeyedClusters, warm_kmeans
from tracktwo.consensus.kmeans import pairwise_distances, silhouette
from tracktwo.consensus.matrix import FloatArray, VoteMatrix
from tracktwo.consensus.participation import MIN_PARTICIPANTS, MIN_VOTES, in_conversation
from tracktwo.consensus.pca import fit_pca
from tracktwo.consensus.votes import Conversation

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

RESTART_RULES = ("never", "after_last_vote", "after_silences", "every_update")


@dataclass(frozen=True)
class Batching:
    """How votes are cut into updates, with times in milliseconds (Pol.is's `modified`).

    - "gap": a new update starts after a silence longer than `size` seconds;
    - "window": one update per aligned window of `size` seconds that holds votes (the
      worker polls about every second, so a 1-second window is the closest guess);
    - "votes": one update per `size` votes;
    - "updates": `size` updates over equal numbers of votes.
    """

    kind: Literal["gap", "window", "votes", "updates"]
    size: float

    def __post_init__(self) -> None:
        if self.kind not in ("gap", "window", "votes", "updates"):
            raise InputError(f"unknown batching {self.kind!r}; use gap, window, votes or updates")
        if not self.size > 0:
            raise InputError(f"batching size must be positive, not {self.size}")

    def __str__(self) -> str:
        unit = {"gap": "s", "window": "s", "votes": " votes", "updates": " updates"}[self.kind]
        return f"{self.kind} {self.size:g}{unit}"

    def batch_ends(self, sorted_times: FloatArray) -> IntArray:
        """End (exclusive) of each batch over votes sorted by time."""
        n = sorted_times.shape[0]
        if self.kind == "gap":
            breaks = np.flatnonzero(np.diff(sorted_times) > self.size * 1000.0) + 1
        elif self.kind == "window":
            window = np.floor(sorted_times / (self.size * 1000.0))
            breaks = np.flatnonzero(np.diff(window) != 0) + 1
        elif self.kind == "votes":
            breaks = np.arange(int(np.ceil(self.size)), n, int(np.ceil(self.size)))
        else:
            breaks = np.unique(np.linspace(0, n, int(self.size) + 1).round().astype(np.int64)[1:-1])
        return read_only(np.append(breaks, n).astype(np.int64))


@dataclass(frozen=True)
class ReplaySettings:
    """Pol.is's options (conversation.clj defaults; groups run 20 steps, not the configured 100)."""

    base_k: int = 100
    base_iters: int = 100
    group_iters: int = 20
    max_groups: int = MAX_GROUPS
    k_buffer: int = 4
    min_votes: int = MIN_VOTES
    min_participants: int = MIN_PARTICIPANTS
    # When Pol.is's math worker (re)starts it loads a conversation's stored state and at
    # once recomputes it on the same votes (conv_man.clj: load-or-init, then an update with
    # no new votes). Base clusters, in-conv and PCA survive the reload; the per-k group
    # clusterings and the k smoother do not, so that update's group stage starts afresh.
    # Restart times are not recorded: "never"; "after_last_vote" (one reload after the
    # last vote, as when a worker loads a conversation long after it went quiet);
    # "after_silences" (also a reload before every batch that follows a silence longer
    # than `restart_silence_hours`); or "every_update" (no group memory at all).
    worker_restarts: Literal["never", "after_last_vote", "after_silences", "every_update"] = "after_last_vote"
    restart_silence_hours: float = 24.0

    def __post_init__(self) -> None:
        if self.worker_restarts not in RESTART_RULES:
            raise InputError(
                f"unknown worker_restarts {self.worker_restarts!r}; use one of {', '.join(RESTART_RULES)}"
            )


@dataclass(frozen=True)
class ReplayResult:
    """The state after the last update. Participant fields follow `participant_ids`;
    base-cluster members are participant indices."""

    participant_ids: tuple[str, ...]
    in_conversation: BoolArray
    base_clusters: KeyedClusters
    group_of_base: IntArray  # group (0..n_groups-1) of each base cluster, in id order
    labels: IntArray  # group per participant, -1 if not clustered
    n_groups: int
    n_updates: int
    k_history: tuple[int, ...]  # group k in force after each update (0 before groups exist)

    @property
    def groups(self) -> Mapping[str, int]:
        """Participant id -> group, for `compute_model(..., groups=...)`."""
        return MappingProxyType(
            {pid: int(g) for pid, g in zip(self.participant_ids, self.labels, strict=True) if g >= 0}
        )


@dataclass(frozen=True)
class _KSmoother:
    """Pol.is's group-k smoother: the k in force changes once a new k wins `buffer` times in a row."""

    last_k: int = 0
    streak: int = 0
    smoothed_k: int = 0

    def after(self, best_k: int, buffer: int) -> _KSmoother:
        streak = self.streak + 1 if best_k == self.last_k else 1
        smoothed = best_k if streak >= buffer or not self.smoothed_k else self.smoothed_k
        return _KSmoother(best_k, streak, smoothed)


@dataclass(frozen=True)
class _State:
    in_conv: BoolArray
    base: KeyedClusters | None = None
    group_clusterings: Mapping[int, KeyedClusters] = field(default_factory=lambda: MappingProxyType({}))
    smoother: _KSmoother = field(default_factory=_KSmoother)


def _checked_times(conversation: Conversation, times: npt.ArrayLike | None) -> FloatArray:
    if times is None:
        raise InputError("a history replay needs the time of every vote; none were given")
    array = np.asarray(times, dtype=np.float64)
    if array.shape != (conversation.n_votes,):
        raise InputError(f"got {array.size} vote times for {conversation.n_votes} votes; give one per vote")
    if not np.all(np.isfinite(array)):
        raise InputError("vote times must all be finite numbers (milliseconds)")
    return array


def _group_stage(
    base: KeyedClusters, previous: Mapping[int, KeyedClusters], settings: ReplaySettings
) -> dict[int, KeyedClusters]:
    """One clustering of the base-cluster centres per k, each warm-started from its own past."""
    weights = np.array(base.counts, dtype=np.float64)
    return {
        k: warm_kmeans(
            base.ids,
            base.centers,
            k,
            previous=previous.get(k),
            max_iter=settings.group_iters,
            weights=weights,
        )
        for k in range(2, max_groups(len(base.ids), settings.max_groups) + 1)
    }


def _best_k(base: KeyedClusters, clusterings: Mapping[int, KeyedClusters]) -> int:
    """The k of the best silhouette over base-cluster centres; ties go to the larger k."""
    distance = pairwise_distances(base.centers)
    best_k, best = 0, -np.inf
    for k, clustering in sorted(clusterings.items()):
        labels = clustering.labels_of(base.ids)
        if len(clustering.ids) < 2:
            continue  # one cluster has no silhouette
        score = silhouette(distance, labels)
        if score >= best:
            best_k, best = k, score
    return best_k


def _update(
    state: _State,
    matrix: VoteMatrix,
    conversation: Conversation,
    row_order: IntArray,
    settings: ReplaySettings,
) -> _State:
    """One Pol.is update on all votes so far (steps 1-5 of the module docstring)."""
    projection = fit_pca(matrix).participant_projection
    in_conv = in_conversation(
        matrix,
        conversation.participant_ids,
        settings.min_votes,
        settings.min_participants,
        already_in=state.in_conv,
    )
    rows = row_order[in_conv[row_order]]
    base = warm_kmeans(
        rows.tolist(), projection[rows], settings.base_k, previous=state.base, max_iter=settings.base_iters
    )
    if len(base.ids) < 2:
        return _State(in_conv, base, state.group_clusterings, state.smoother)
    clusterings = _group_stage(base, state.group_clusterings, settings)
    best = _best_k(base, clusterings)
    if best == 0:
        return _State(in_conv, base, MappingProxyType(clusterings), state.smoother)
    return _State(in_conv, base, MappingProxyType(clusterings), state.smoother.after(best, settings.k_buffer))


def _schedule(sorted_times: FloatArray, ends: IntArray, settings: ReplaySettings) -> list[tuple[int, bool]]:
    """The updates to run: (votes so far, whether the group memory is lost first).

    A reload is an extra update on the votes already seen (Pol.is recomputes a conversation
    as soon as it loads it), with the group clusterings and k smoother forgotten.
    """
    rule = settings.worker_restarts
    if rule == "every_update":
        return [(int(end), True) for end in ends]
    schedule: list[tuple[int, bool]] = []
    for number, end in enumerate(ends):
        start = int(ends[number - 1]) if number else 0
        silence = (sorted_times[start] - sorted_times[start - 1]) / 1000.0 if number else 0.0
        if rule == "after_silences" and silence > settings.restart_silence_hours * 3600.0:
            schedule.append((start, True))
        schedule.append((int(end), False))
    if rule in ("after_last_vote", "after_silences"):
        schedule.append((int(ends[-1]), True))
    return schedule


def _final_groups(state: _State, n_participants: int) -> tuple[IntArray, IntArray, int]:
    labels = np.full(n_participants, -1, dtype=np.int64)
    base = state.base
    k = state.smoother.smoothed_k
    chosen = state.group_clusterings.get(k)
    if base is None or chosen is None:
        return read_only(labels), read_only(np.full(len(base.ids) if base else 0, -1, dtype=np.int64)), 0
    group_of_base = chosen.labels_of(base.ids)
    for members, group in zip(base.members, group_of_base, strict=True):
        labels[list(members)] = group
    return read_only(labels), group_of_base, len(chosen.ids)


def replay_history(
    conversation: Conversation,
    vote_times: npt.ArrayLike | None,
    settings: ReplaySettings | None = None,
    batching: Batching | None = None,
) -> ReplayResult:
    """Replay the conversation's votes in time order, one Pol.is update per batch.

    `vote_times` holds one time (milliseconds) per vote of `conversation`, in its vote
    order; equal times keep that order. Raises InputError without usable times and
    EmptyConversationError without votes.
    """
    settings = settings or ReplaySettings()
    batching = batching or Batching("window", 1.0)
    times = _checked_times(conversation, vote_times)
    if conversation.n_votes == 0:
        raise EmptyConversationError("the conversation has no votes yet; there is no history to replay")
    order = np.lexsort((np.arange(times.size), times))
    participant = np.asarray(conversation.participant)[order]
    statement = np.asarray(conversation.statement)[order]
    value = np.asarray(conversation.value)[order]
    # Pol.is's matrix rows (and so its k-means data order) follow first appearance.
    first_seen = np.full(conversation.n_participants, np.iinfo(np.int64).max)
    np.minimum.at(first_seen, participant, np.arange(participant.size))
    row_order = np.argsort(first_seen, kind="stable")

    state = _State(in_conv=np.zeros(conversation.n_participants, dtype=bool))
    k_history = []
    schedule = _schedule(times[order], batching.batch_ends(times[order]), settings)
    for end, forget_groups in schedule:
        if forget_groups:
            state = _State(state.in_conv, state.base)
        so_far = dataclasses.replace(
            conversation,
            participant=read_only(participant[:end]),
            statement=read_only(statement[:end]),
            value=read_only(value[:end]),
        )
        state = _update(state, VoteMatrix.from_conversation(so_far), so_far, row_order, settings)
        k_history.append(state.smoother.smoothed_k)
    labels, group_of_base, n_groups = _final_groups(state, conversation.n_participants)
    return ReplayResult(
        participant_ids=conversation.participant_ids,
        in_conversation=state.in_conv,
        base_clusters=state.base or KeyedClusters((), (), read_only(np.zeros((0, 2)))),
        group_of_base=group_of_base,
        labels=labels,
        n_groups=n_groups,
        n_updates=len(schedule),
        k_history=tuple(k_history),
    )
