"""A classifier on disk: `classifier.npz` (the arrays) and `classifier.json` (everything else).

The JSON file is for people too: frames, thresholds, the embedder and the hash of the
training data can be read without Python. Both carry FORMAT_VERSION; a reader refuses
a version it does not know rather than guess.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from tracktwo.narrative.classifier.embedder import EmbedderInfo
from tracktwo.narrative.classifier.model import FrameClassifier, TrainingInfo
from tracktwo.narrative.errors import ClassifierError

FORMAT = "tracktwo-frame-classifier"
FORMAT_VERSION = 1
ARRAYS = "classifier.npz"
METADATA = "classifier.json"


def save_classifier(
    classifier: FrameClassifier, directory: str | os.PathLike[str], metrics: dict[str, Any] | None = None
) -> Path:
    """Write the classifier into `directory` (created if needed); `metrics` are kept for reading."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    np.savez(
        folder / ARRAYS,
        format_version=np.array(FORMAT_VERSION),
        weights=classifier.weights,
        biases=classifier.biases,
        thresholds=classifier.thresholds,
    )
    training = classifier.training
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "frames": list(classifier.frames),
        # null: the frame had too few examples and is never predicted.
        "thresholds": {
            f: (None if math.isinf(t) else float(t))
            for f, t in zip(classifier.frames, classifier.thresholds, strict=True)
        },
        "embedder": {
            "name": classifier.embedder.name,
            "version": classifier.embedder.version,
            "dimension": classifier.embedder.dimension,
        },
        "training": {
            "data_sha256": training.data_sha256,
            "examples": training.examples,
            "held_out": training.held_out,
            "seed": training.seed,
            "l2": training.l2,
            "validation_folds": training.validation_folds,
            "positives": dict(training.positives),
        },
        "held_out_metrics": metrics or {},
    }
    (folder / METADATA).write_text(
        json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return folder


def load_classifier(directory: str | os.PathLike[str]) -> FrameClassifier:
    folder = Path(directory)
    try:
        document = json.loads((folder / METADATA).read_text(encoding="utf-8"))
        with np.load(folder / ARRAYS, allow_pickle=False) as arrays:
            version = int(arrays["format_version"])
            weights, biases, thresholds = arrays["weights"], arrays["biases"], arrays["thresholds"]
    except FileNotFoundError as error:
        raise ClassifierError(
            f"{folder}: no classifier here ({Path(str(error.filename)).name} is missing); "
            "make one with `tracktwo narrative train`"
        ) from None
    except (OSError, ValueError, KeyError) as error:
        raise ClassifierError(f"{folder}: unreadable classifier ({error})") from None
    if (
        document.get("format") != FORMAT
        or version != FORMAT_VERSION
        or document.get("format_version") != version
    ):
        raise ClassifierError(
            f"{folder}: classifier format {document.get('format_version')!r} is not {FORMAT_VERSION}, "
            "the one this tracktwo reads; retrain with `tracktwo narrative train`"
        )
    try:
        embedder, training = document["embedder"], document["training"]
        return FrameClassifier(
            frames=tuple(document["frames"]),
            weights=np.asarray(weights, dtype=np.float64),
            biases=np.asarray(biases, dtype=np.float64),
            thresholds=np.asarray(thresholds, dtype=np.float64),
            embedder=EmbedderInfo(
                str(embedder["name"]), str(embedder["version"]), int(embedder["dimension"])
            ),
            training=TrainingInfo(
                data_sha256=str(training["data_sha256"]),
                examples=int(training["examples"]),
                held_out=int(training["held_out"]),
                seed=int(training["seed"]),
                l2=float(training["l2"]),
                validation_folds=int(training["validation_folds"]),
                positives=MappingProxyType({str(k): int(v) for k, v in training["positives"].items()}),
            ),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ClassifierError(f"{folder}: malformed {METADATA} ({error})") from None
