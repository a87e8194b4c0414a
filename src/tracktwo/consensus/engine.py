"""The engine's one entry point: a conversation in, an immutable model out."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from tracktwo.consensus.clustering import Clustering, cluster_participants
from tracktwo.consensus.errors import EmptyConversationError, InputError
from tracktwo.consensus.matrix import VoteMatrix
from tracktwo.consensus.model import ConsensusModel, EngineSettings
from tracktwo.consensus.participation import in_conversation
from tracktwo.consensus.pca import fit_pca
from tracktwo.consensus.votes import Conversation


def natural_key(value: str) -> tuple[int, int, str]:
    """Order whole numbers as numbers, before any other string."""
    return (0, int(value), "") if value.isdigit() else (1, 0, value)


def id_ranks(ids: tuple[str, ...]) -> npt.NDArray[np.int64]:
    """Rank of each id in a natural order (numbers as numbers), to break ties by id."""
    order = sorted(range(len(ids)), key=lambda i: natural_key(ids[i]))
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
    return ConsensusModel.assemble(conversation, matrix, pca, clustered, clustering, settings)
