"""The engine's output: one immutable model of a conversation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tracktwo.consensus.clustering import Clustering
from tracktwo.consensus.group_statistics import (
    ConsensusStatements,
    GroupStatistics,
    RepresentativeStatement,
    consensus_statements,
    group_aware_consensus,
    group_statistics,
    representative_statements,
)
from tracktwo.consensus.matrix import VoteMatrix
from tracktwo.consensus.pca import PcaResult
from tracktwo.consensus.priority import routing_priorities
from tracktwo.consensus.votes import Conversation


@dataclass(frozen=True)
class EngineSettings:
    """Every knob of the engine, with Pol.is's values where Pol.is has one."""

    seed: int = 0
    min_stratum_size: int = 5  # k: smaller strata are never reported on their own
    confidence: float = 0.90
    common_ground_threshold: float = 0.5
    crux_fdr: float = 0.10
    bootstrap_samples: int = 200


@dataclass(frozen=True)
class ConsensusModel:
    conversation: Conversation
    settings: EngineSettings
    pca: PcaResult
    clustered: npt.NDArray[np.bool_]
    clustering: Clustering
    vote_counts: npt.NDArray[np.int64]
    group_stats: GroupStatistics
    representative: tuple[tuple[RepresentativeStatement, ...], ...]
    consensus: ConsensusStatements
    group_aware_consensus: npt.NDArray[np.float64]
    group_aware_consensus_disagree: npt.NDArray[np.float64]
    priority: npt.NDArray[np.float64]

    @classmethod
    def assemble(
        cls,
        conversation: Conversation,
        matrix: VoteMatrix,
        pca: PcaResult,
        clustered: npt.NDArray[np.bool_],
        clustering: Clustering,
        settings: EngineSettings,
    ) -> ConsensusModel:
        labels = clustering.labels
        stats = group_statistics(matrix, labels, n_groups=clustering.n_groups)
        in_groups = labels >= 0
        gac_agree = group_aware_consensus(stats, direction="agree")
        gac_disagree = group_aware_consensus(stats, direction="disagree")
        if clustering.n_groups == 0:
            # An empty product would read as perfect consensus; without groups there is none.
            gac_agree = np.full(matrix.n_statements, np.nan)
            gac_disagree = gac_agree
        return cls(
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
            # Pol.is routes with the previous update's group votes; a one-shot model uses
            # the current ones (docs/consensus.md).
            priority=routing_priorities(matrix, in_groups, pca.extremity),
        )

    @property
    def n_groups(self) -> int:
        return self.clustering.n_groups
