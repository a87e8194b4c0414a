"""The trained classifier as the frame detector of `tracktwo analyze --frames-model DIR`.

What the model decides, and what stays with the rules (also in docs/benchmarks.md, section 6):

- Scope stays with the rules. The model is asked only about sentences the rule detector
  finds in scope (the sentence or its paragraph concerns AI): it was trained on such
  sentences and sees no paragraph, so out of scope it would guess ("a race to the bottom
  on wages"). Out-of-scope sentences get no frame, exactly as under the rules.
- Frames the model was trained on are decided by the model alone, from the whole
  sentence: no lexicon cue, negation or quotation rule is applied. Its evidence spans the
  whole sentence and names the model and the score ("model:NAME@VERSION p=0.873"); the
  `quoted` flag says whether the sentence opens inside quotation marks of its paragraph.
- Frames it was not trained on (too few examples: threshold "never") fall back to the
  rules, with the rules' evidence, so that a frame is never reported absent merely
  because the model cannot see it. `FrameSource` records which frames came from where.
- Policy areas come from the rules' area cues (see `areas`).

The embedding is batched: `detect_many` embeds the in-scope sentences of a whole chunk
in slices of EMBED_BATCH.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np

from tracktwo.narrative.classifier.areas import PolicyAreaCues
from tracktwo.narrative.classifier.embedder import Embedder, embedder_for
from tracktwo.narrative.classifier.model import FrameClassifier
from tracktwo.narrative.classifier.source import FrameSource, ModelIdentity, model_identity
from tracktwo.narrative.classifier.storage import METADATA, load_classifier
from tracktwo.narrative.errors import ClassifierError
from tracktwo.narrative.frames import Detector, Evidence, FrameDetection
from tracktwo.narrative.frames.negation import inside_quotation

# Sentences embedded at once: bounds the memory of the packaged model's forward pass.
EMBED_BATCH: Final = 256
_AREA_FRAMES: Final = frozenset({"deregulation", "safety"})  # codebook: areas only with these


@dataclass(frozen=True)
class _ModelFrames:
    """The model's decisions on one sentence: its frames and every trained frame's score."""

    frames: frozenset[str]
    scores: dict[str, float]


class ModelFrameDetector:
    """Frames from a trained classifier, scope and untrained frames from `rules` (see module doc)."""

    def __init__(
        self, rules: Detector, classifier: FrameClassifier, embedder: Embedder, identity: ModelIdentity
    ) -> None:
        unknown = sorted(set(classifier.frames) - set(rules.frame_codes))
        if unknown:
            raise ClassifierError(
                f"the classifier knows frames this tracktwo does not ({', '.join(unknown)}); "
                "retrain it with `tracktwo narrative train`"
            )
        self.rules = rules
        self.classifier = classifier
        self.embedder = embedder
        self.identity = identity
        self.model_frames = tuple(f for f in rules.frame_codes if f in classifier.trained_frames())
        self._columns = [classifier.frames.index(f) for f in self.model_frames]
        self._areas = PolicyAreaCues(rules.lexicon)

    @property
    def frame_codes(self) -> tuple[str, ...]:
        return self.rules.frame_codes

    @property
    def source(self) -> FrameSource:
        return FrameSource(
            detector="model",
            rule_frames=tuple(f for f in self.frame_codes if f not in self.model_frames),
            model_frames=self.model_frames,
            model=self.identity,
        )

    def detect_many(
        self,
        texts: Sequence[str],
        contexts: Sequence[str] | None = None,
        languages: str | Sequence[str] = "en",
    ) -> tuple[FrameDetection, ...]:
        """As `Detector.detect_many`, frames decided as the module docstring says."""
        by_rules = self.rules.detect_many(texts, contexts, languages)
        in_scope = [i for i, detection in enumerate(by_rules) if detection.in_scope]
        decided = self._decide([texts[i] for i in in_scope])
        results = list(by_rules)
        for i, model in zip(in_scope, decided, strict=True):
            language = languages if isinstance(languages, str) else languages[i]
            context = contexts[i] if contexts is not None else ""
            results[i] = self._combine(texts[i], context, language, by_rules[i], model)
        return tuple(results)

    def _decide(self, texts: list[str]) -> list[_ModelFrames]:
        if not texts:
            return []
        vectors = np.concatenate(
            [self.embedder.embed(texts[i : i + EMBED_BATCH]) for i in range(0, len(texts), EMBED_BATCH)]
        )
        scores = self.classifier.scores(vectors)[:, self._columns]
        chosen = scores >= self.classifier.thresholds[self._columns]
        return [
            _ModelFrames(
                frozenset(f for f, on in zip(self.model_frames, row_chosen, strict=True) if on),
                {f: float(s) for f, s in zip(self.model_frames, row_scores, strict=True)},
            )
            for row_scores, row_chosen in zip(scores, chosen, strict=True)
        ]

    def _combine(
        self, text: str, context: str, language: str, by_rules: FrameDetection, model: _ModelFrames
    ) -> FrameDetection:
        from_rules = [f for f in by_rules.frames if f not in self.model_frames]
        frames = tuple(f for f in self.frame_codes if f in model.frames or f in from_rules)
        before = _text_before(text, context)
        evidence = [
            Evidence(
                f, text, 0, len(text), self.identity.evidence_rule(model.scores[f]), inside_quotation(before)
            )
            for f in frames
            if f in model.frames
        ]
        evidence.extend(e for e in by_rules.evidence if e.frame_or_area in from_rules)
        areas: tuple[str, ...] = ()
        if _AREA_FRAMES.intersection(frames):
            areas, area_evidence = self._areas.find(text, language, before=before)
            evidence.extend(area_evidence)
        return FrameDetection(
            frames=frames,
            policy_areas=areas,
            evidence=tuple(evidence),
            in_scope=True,
            negated=tuple(e for e in by_rules.negated if e.frame_or_area in from_rules),
            scope_cue=by_rules.scope_cue,
            scope_from=by_rules.scope_from,
        )


def _text_before(text: str, context: str) -> str:
    """The paragraph's text before the sentence: a quotation may open there."""
    position = context.find(text) if context and text else -1
    return context[:position] if position > 0 else ""


def load_model_detector(folder: Path, rules: Detector) -> ModelFrameDetector:
    """The detector of the classifier saved in `folder`, with its embedder loaded.

    Every way this can fail is a `ClassifierError` that says what to do: no such folder,
    a folder that holds no classifier, a classifier of another format version, an
    embedder that is not installed (`EmbeddingsUnavailable`) or not the version trained with.
    """
    if not folder.exists():
        raise ClassifierError(
            f"{folder}: no such folder; give the folder written by `tracktwo narrative train`"
        )
    if not folder.is_dir():
        raise ClassifierError(f"{folder} is a file; give the folder written by `tracktwo narrative train`")
    if not (folder / METADATA).is_file():
        raise ClassifierError(
            f"{folder}: not a frame classifier (no {METADATA}); make one with `tracktwo narrative train`"
        )
    classifier = load_classifier(folder)
    try:
        # One BLAS thread: `tracktwo analyze` runs one process per CPU, and on a 2-CPU machine
        # two threads per forward pass made the packaged model 4x slower even in a single process.
        embedder = embedder_for(classifier.embedder, threads=1)
        # The packaged model reads its weights on first use: read them now, in the process that
        # builds the detector, so that forked workers inherit them rather than each reading its own.
        embedder.embed(["warm-up"])
        identity = model_identity(folder, classifier.embedder, classifier.training.data_sha256)
        return ModelFrameDetector(rules, classifier, embedder, identity)
    except ClassifierError as error:  # every message names the folder, as those of loading do
        raise type(error)(f"{folder}: {error}") from None
