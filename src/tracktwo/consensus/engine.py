"""The engine's one entry point: a conversation in, an immutable model out."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from tracktwo.consensus.bridging import bridging_scores
from tracktwo.consensus.clustering import Clustering, cluster_participants
from tracktwo.consensus.common_ground import common_ground
from tracktwo.consensus.cruxes import find_cruxes
from tracktwo.consensus.errors import EmptyConversationError, InputError
from tracktwo.consensus.group_statistics import (
    consensus_statements,
    group_aware_consensus,
    group_statistics,
    representative_statements,
)
from tracktwo.consensus.matrix import VoteMatrix
from tracktwo.consensus.model import ConsensusModel, EngineSettings
from tracktwo.consensus.participation import in_conversation
from tracktwo.consensus.pca import fit_pca
from tracktwo.consensus.priority import routing_priorities
from tracktwo.consensus.strata import strata_agreement
from tracktwo.consensus.votes import Conversation


def natural_key(value: str) -> tuple[int, int, str]:
    """Order whole numbers as numbers, before any other string."""
    return (0, int(value), value) if value.isdigit() else (1, 0, value)


def id_ranks(ids: tuple[str, ...]) -> npt.NDArray[np.int64]:
    """Rank of each id in a natural order (numbers as numbers), to break ties by id."""
    if ids and all(value.isdigit() and len(value) <= 18 for value in ids):
        # The usual case (Pol.is ids), vectorised; "007" and "7" are ordered by their text.
        numbers = np.array([int(value) for value in ids], dtype=np.int64)
        order = np.lexsort((np.array(ids), numbers))
    else:
        order = np.array(sorted(range(len(ids)), key=lambda i: natural_key(ids[i])), dtype=np.int64)
    ranks = np.empty(len(ids), dtype=np.int64)
    ranks[order] = np.arange(len(ids))
    return ranks


def given_clustering(conversation: Conversation, groups: Mapping[str, str | int]) -> Clustering:
    """Clustering taken as given (participant id -> group), for checking statistics alone."""
    known = set(conversation.participant_ids)
    unknown = sorted(set(map(str, groups)) - known)
    if unknown:
        raise InputError(f"group membership names unknown participants: {', '.join(unknown[:5])}")
    names = sorted({str(g) for g in groups.values()}, key=natural_key)
    number = {name: i for i, name in enumerate(names)}
    by_id = {str(p): number[str(g)] for p, g in groups.items()}
    labels = np.array([by_id.get(p, -1) for p in conversation.participant_ids], dtype=np.int64)
    labels.setflags(write=False)
    empty = np.zeros((0, 2))
    return Clustering(labels, len(names), empty, np.full_like(labels, -1), empty, float("nan"), ())


def compute_model(
    conversation: Conversation,
    settings: EngineSettings | None = None,
    groups: Mapping[str, str | int] | None = None,
) -> ConsensusModel:
    """Compute the whole model. `groups` (participant id -> group) skips clustering."""
    settings = settings or EngineSettings()
    if conversation.n_votes == 0:
        raise EmptyConversationError("the conversation has no votes yet; nothing to compute")
    matrix = VoteMatrix.from_conversation(conversation)
    pca = fit_pca(matrix)
    clustered = in_conversation(matrix, conversation.participant_ids)
    if groups is not None:
        clustering = given_clustering(conversation, groups)
    else:
        clustering = cluster_participants(
            pca.participant_projection, clustered, id_ranks(conversation.participant_ids), seed=settings.seed
        )
    labels = clustering.labels
    stats = group_statistics(matrix, labels, n_groups=clustering.n_groups)
    if clustering.n_groups:
        gac_agree = group_aware_consensus(stats, direction="agree")
        gac_disagree = group_aware_consensus(stats, direction="disagree")
    else:
        # An empty product would read as perfect consensus; without groups there is none.
        gac_agree = gac_disagree = np.full(matrix.n_statements, np.nan)
        gac_agree.setflags(write=False)

    agreement = common = cruxes = None
    if conversation.strata:
        agreement = strata_agreement(
            matrix,
            conversation.strata,
            crossings=settings.strata_crossings,
            k=settings.min_stratum_size,
            confidence=settings.confidence,
            bootstrap_samples=settings.bootstrap_samples,
            seed=settings.seed,
        )
        common = common_ground(
            agreement,
            matrix,
            threshold=settings.common_ground_threshold,
            min_votes=settings.common_ground_min_votes,
        )
        cruxes = find_cruxes(agreement, matrix, q_threshold=settings.crux_fdr, seed=settings.seed)

    return ConsensusModel(
        conversation=conversation,
        settings=settings,
        pca=pca,
        clustered=clustered,
        clustering=clustering,
        vote_counts=matrix.votes_per_participant(),
        group_stats=stats,
        representative=representative_statements(stats) if clustering.n_groups else (),
        consensus=consensus_statements(matrix),
        group_aware_consensus=gac_agree,
        group_aware_consensus_disagree=gac_disagree,
        # Pol.is routes with the previous update's group votes; a one-shot model uses the
        # current ones (docs/consensus.md).
        priority=routing_priorities(matrix, labels >= 0, pca.extremity),
        strata=agreement,
        common_ground=common,
        cruxes=cruxes,
        bridging=bridging_scores(matrix, seed=settings.seed) if settings.bridging else None,
    )
