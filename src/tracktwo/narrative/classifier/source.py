"""Which detector gave a run its frames: the rules, or a trained model (and which one).

`FrameSource` is written into summary.json and shown in report.html, and each model
detection's evidence carries `ModelIdentity.evidence_rule(score)`, so a finding can always
be traced to the detector that made it. A model is named by its folder and versioned by
the hash of its two files: retraining on other data, or with other settings, gives
another version even under the same folder name.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from tracktwo.narrative.classifier.embedder import EmbedderInfo
from tracktwo.narrative.classifier.storage import ARRAYS, METADATA

# Prefix of the evidence `rule` of a model detection (a lexicon rule id never has a colon).
MODEL_RULE_PREFIX: Final = "model:"
_VERSION_DIGITS: Final = 12


@dataclass(frozen=True)
class ModelIdentity:
    """A saved classifier as a finding refers to it."""

    name: str
    version: str
    embedder: EmbedderInfo
    training_data_sha256: str

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"

    def evidence_rule(self, score: float) -> str:
        """The `rule` of a model detection's evidence, e.g. "model:frames-use@3f2a9c1b0d4e p=0.873"."""
        return f"{MODEL_RULE_PREFIX}{self.label} p={score:.3f}"


def model_identity(folder: Path, embedder: EmbedderInfo, training_data_sha256: str) -> ModelIdentity:
    """The identity of the classifier saved in `folder` (its files must exist)."""
    digest = hashlib.sha256()
    for name in (METADATA, ARRAYS):
        digest.update((folder / name).read_bytes())
    return ModelIdentity(
        name=folder.resolve().name,
        version=digest.hexdigest()[:_VERSION_DIGITS],
        embedder=embedder,
        training_data_sha256=training_data_sha256,
    )


@dataclass(frozen=True)
class FrameSource:
    """The detector of a run; `model_frames` come from the model, `rule_frames` from the rules."""

    detector: Literal["rules", "model"]
    rule_frames: tuple[str, ...]
    model_frames: tuple[str, ...] = ()
    model: ModelIdentity | None = None

    def as_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {"detector": self.detector}
        if self.model is not None:
            embedder = self.model.embedder
            document["model"] = {
                "name": self.model.name,
                "version": self.model.version,
                "embedder": {
                    "name": embedder.name,
                    "version": embedder.version,
                    "dimension": embedder.dimension,
                },
                "training_data_sha256": self.model.training_data_sha256,
            }
        document["frames_from_model"] = list(self.model_frames)
        document["frames_from_rules"] = list(self.rule_frames)
        return document


def rules_source(frames: tuple[str, ...]) -> FrameSource:
    """The source of a run with the rule-based detector only."""
    return FrameSource(detector="rules", rule_frames=frames)
