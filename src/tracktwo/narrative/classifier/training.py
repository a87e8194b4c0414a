"""Training: one-vs-rest logistic regression per frame on sentence embeddings.

The labelled sentences are split once (seeded, stratified) into a training part and a
held-out part. On the training part each frame's threshold is chosen on validation
folds (out-of-fold scores), then the frame's model is refitted on the whole training
part. The held-out part is scored only at the end, so its figures are honest for the
saved classifier.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from tracktwo.narrative.classifier.data import Example, fingerprint, fold_labels, stratified_split
from tracktwo.narrative.classifier.embedder import Embedder
from tracktwo.narrative.classifier.logistic import LogisticModel, fit_logistic
from tracktwo.narrative.classifier.model import FrameClassifier, TrainingInfo
from tracktwo.narrative.classifier.thresholds import NEVER, best_f1_threshold
from tracktwo.narrative.errors import ClassifierError
from tracktwo.narrative.frames.evaluate import Evaluation, score
from tracktwo.taxonomy.vocabulary import vocabulary


@dataclass(frozen=True)
class TrainingSettings:
    seed: int = 0
    held_out: float = 0.25
    l2: float = 1.0
    validation_folds: int = 5
    # Fewer training examples of a frame than this and it is never predicted: a threshold
    # chosen on one or two sentences means nothing.
    min_positives: int = 3


@dataclass(frozen=True)
class TrainingResult:
    classifier: FrameClassifier
    # Per-frame precision, recall and F1 on the held-out part; None when nothing is held out.
    held_out: Evaluation | None


def train_classifier(
    examples: Sequence[Example], embedder: Embedder, settings: TrainingSettings | None = None
) -> TrainingResult:
    used = settings if settings is not None else TrainingSettings()
    if used.validation_folds < 2:
        raise ClassifierError(f"at least 2 validation folds are needed, got {used.validation_folds}")
    frames = vocabulary().codes("frames")
    kept, held_out = stratified_split(examples, used.held_out, used.seed)
    if len(kept) < used.validation_folds:
        raise ClassifierError(
            f"{len(kept)} training sentences cannot make {used.validation_folds} validation folds"
        )
    vectors = np.asarray(embedder.embed([e.text for e in examples]), dtype=np.float64)
    x = vectors[list(kept)]
    folds = fold_labels(len(kept), used.validation_folds, used.seed)
    models: list[LogisticModel] = []
    thresholds: list[float] = []
    positives: dict[str, int] = {}
    for frame in frames:
        y = np.array([frame in examples[i].frames for i in kept], dtype=np.float64)
        positives[frame] = int(y.sum())
        if positives[frame] < used.min_positives:
            models.append(LogisticModel(np.zeros(x.shape[1]), -math.inf))
            thresholds.append(NEVER)
            continue
        validation_scores = np.empty(len(kept))
        for fold in range(used.validation_folds):
            inside = folds == fold
            model = fit_logistic(x[~inside], y[~inside], used.l2)
            validation_scores[inside] = model.probabilities(x[inside])
        thresholds.append(best_f1_threshold(validation_scores, y > 0))
        models.append(fit_logistic(x, y, used.l2))
    classifier = FrameClassifier(
        frames=frames,
        weights=np.stack([m.weights for m in models]),
        # A frame never predicted keeps a finite bias so that its scores stay plain zeros.
        biases=np.array([m.bias if math.isfinite(m.bias) else -50.0 for m in models]),
        thresholds=np.array(thresholds),
        embedder=embedder.info,
        training=TrainingInfo(
            data_sha256=fingerprint(examples),
            examples=len(examples),
            held_out=len(held_out),
            seed=used.seed,
            l2=used.l2,
            validation_folds=used.validation_folds,
            positives=MappingProxyType(positives),
        ),
    )
    evaluation = None
    if held_out:
        predicted = classifier.decide(classifier.scores(vectors[list(held_out)]))
        evaluation = score([examples[i].frames for i in held_out], predicted, frames)
    return TrainingResult(classifier, evaluation)
