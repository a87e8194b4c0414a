"""A trained frame classifier: one logistic model and one threshold per frame, and its provenance."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import numpy.typing as npt
from scipy.special import expit

from tracktwo.narrative.classifier.embedder import Embedder, EmbedderInfo


@dataclass(frozen=True)
class TrainingInfo:
    """Where a classifier came from: enough to say whether two were trained alike."""

    data_sha256: str
    examples: int
    held_out: int
    seed: int
    l2: float
    validation_folds: int
    positives: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class FramePrediction:
    """The frames of one text, and every frame's score (a probability in [0, 1])."""

    text: str
    frames: tuple[str, ...]
    scores: Mapping[str, float]


@dataclass(frozen=True, eq=False)
class FrameClassifier:
    frames: tuple[str, ...]
    weights: npt.NDArray[np.float64]  # (frames, dimension)
    biases: npt.NDArray[np.float64]  # (frames,)
    thresholds: npt.NDArray[np.float64]  # (frames,); inf: never predicted
    embedder: EmbedderInfo
    training: TrainingInfo

    def __post_init__(self) -> None:
        shape = (len(self.frames), self.embedder.dimension)
        if (
            self.weights.shape != shape
            or self.biases.shape != shape[:1]
            or self.thresholds.shape != shape[:1]
        ):
            raise ValueError(
                f"weights {self.weights.shape}, biases {self.biases.shape} and thresholds "
                f"{self.thresholds.shape} do not fit {len(self.frames)} frames of {self.embedder.dimension}"
            )

    def scores(self, vectors: npt.NDArray[np.floating]) -> npt.NDArray[np.float64]:
        """(texts, frames) probabilities for already embedded texts."""
        return np.asarray(expit(np.asarray(vectors, dtype=np.float64) @ self.weights.T + self.biases))

    def decide(self, scores: npt.NDArray[np.float64]) -> list[frozenset[str]]:
        """The frames whose score reaches the frame's threshold, for each row of scores."""
        chosen = scores >= self.thresholds
        return [frozenset(f for f, on in zip(self.frames, row, strict=True) if on) for row in chosen]

    def predict(self, texts: Sequence[str], embedder: Embedder) -> tuple[FramePrediction, ...]:
        if embedder.info != self.embedder:
            raise ValueError(f"classifier expects {self.embedder}, got {embedder.info}")
        scores = self.scores(embedder.embed(texts))
        decided = self.decide(scores)
        return tuple(
            FramePrediction(
                text=text,
                frames=tuple(f for f in self.frames if f in frames),
                scores=MappingProxyType({f: float(s) for f, s in zip(self.frames, row, strict=True)}),
            )
            for text, frames, row in zip(texts, decided, scores, strict=True)
        )

    def trained_frames(self) -> tuple[str, ...]:
        """The frames that can be predicted at all (enough training examples)."""
        return tuple(f for f, t in zip(self.frames, self.thresholds, strict=True) if not math.isinf(t))
