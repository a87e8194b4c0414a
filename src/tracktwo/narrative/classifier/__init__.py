"""An optional learned frame classifier, trained from labelled sentences.

The rule-based detector (`tracktwo.narrative.frames`) stays the default and needs no
model. This package trains one-vs-rest logistic regressions on sentence embeddings:
either the packaged multilingual model (extra `embeddings`, see `packaged`) or a
model-free hashing baseline. Modules: `embedder` (the protocol and choice by name),
`hashing` and `packaged` (the two embedders), `data` (labelled sentences, split, hash),
`logistic` and `thresholds` (the maths), `training`, `model` (prediction) and `storage`
(save and load). In `tracktwo analyze --frames-model DIR`: `frame_detector` (the model as
the pipeline's frame detector), `areas` (policy areas from the rules' cues) and `source`
(which detector found the frames, for evidence, summary.json and the report).
"""

from __future__ import annotations

from tracktwo.narrative.classifier.data import Example, fingerprint, read_examples
from tracktwo.narrative.classifier.embedder import (
    EMBEDDER_NAMES,
    HASHING,
    PACKAGED,
    Embedder,
    EmbedderInfo,
    embedder_for,
    make_embedder,
)
from tracktwo.narrative.classifier.frame_detector import ModelFrameDetector, load_model_detector
from tracktwo.narrative.classifier.hashing import HashingEmbedder
from tracktwo.narrative.classifier.model import FrameClassifier, FramePrediction, TrainingInfo
from tracktwo.narrative.classifier.source import FrameSource, ModelIdentity
from tracktwo.narrative.classifier.storage import load_classifier, save_classifier
from tracktwo.narrative.classifier.training import TrainingResult, TrainingSettings, train_classifier

__all__ = [
    "EMBEDDER_NAMES",
    "HASHING",
    "PACKAGED",
    "Embedder",
    "EmbedderInfo",
    "Example",
    "FrameClassifier",
    "FramePrediction",
    "FrameSource",
    "HashingEmbedder",
    "ModelFrameDetector",
    "ModelIdentity",
    "TrainingInfo",
    "TrainingResult",
    "TrainingSettings",
    "embedder_for",
    "fingerprint",
    "load_classifier",
    "load_model_detector",
    "make_embedder",
    "read_examples",
    "save_classifier",
    "train_classifier",
]
