"""The engine's output: one immutable model of a conversation, and the engine's settings."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tracktwo.consensus.bridging import BridgingModel
from tracktwo.consensus.clustering import Clustering
from tracktwo.consensus.common_ground import CommonGround
from tracktwo.consensus.cruxes import Cruxes
from tracktwo.consensus.group_statistics import ConsensusStatements, GroupStatistics, RepresentativeStatement
from tracktwo.consensus.pca import PcaResult
from tracktwo.consensus.strata import StrataAgreement
from tracktwo.consensus.votes import Conversation


@dataclass(frozen=True)
class EngineSettings:
    """Every knob of the engine, with Pol.is's values where Pol.is has one."""

    seed: int = 0
    min_stratum_size: int = 5  # k: smaller strata are never reported on their own
    confidence: float = 0.90  # of the per-stratum intervals
    common_ground_threshold: float = 0.5  # the interval's lower bound must exceed it in every stratum
    common_ground_min_votes: int = 5  # fewer votes in a stratum is insufficient evidence
    crux_fdr: float = 0.10  # Benjamini-Hochberg q below which strata differ
    bootstrap_samples: int = 200  # 0 turns the bootstrap intervals off
    strata_crossings: bool = True  # also report country x sector and other pairs
    bridging: bool = True  # the matrix-factorisation bridging score


@dataclass(frozen=True)
class ConsensusModel:
    """Everything the engine computes. Statement fields are indexed like
    `conversation.statements`, participant fields like `conversation.participant_ids`.

    `strata`, `common_ground` and `cruxes` are None when no strata were declared;
    `bridging` is None when switched off in the settings.
    """

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
    strata: StrataAgreement | None
    common_ground: CommonGround | None
    cruxes: Cruxes | None
    bridging: BridgingModel | None

    @property
    def n_groups(self) -> int:
        return self.clustering.n_groups
