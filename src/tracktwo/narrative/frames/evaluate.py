"""Scoring frame detection against hand-labelled sentences.

`evaluate(items)` runs a detector on labelled items (sentence, paragraph, gold frames)
and returns per-frame precision, recall and F1; `score` does the same for any
predictions (the CSET baseline uses it); `false_alarm_rate` is the share of sentences
labelled with no frame that still get one (the target for official Chinese text).
Loaders read the labelled sets of shared/eval with each sentence's paragraph taken from
its source file, as the labellers read them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tracktwo.narrative.frames.detector import Detector, default_detector
from tracktwo.taxonomy.vocabulary import vocabulary

# A paragraph ends at a blank line; briefing files pad "blank" lines with spaces.
_BLANK_LINE = re.compile(r"\n[ \t\u00a0\u3000]*\n")


@dataclass(frozen=True)
class LabelledItem:
    """A labelled sentence: its text, its paragraph and the frames a reader gave it."""

    id: str
    text: str
    context: str
    frames: frozenset[str]
    language: str = "en"


@dataclass(frozen=True)
class FrameScore:
    frame: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def support(self) -> int:
        return self.true_positives + self.false_negatives

    @property
    def precision(self) -> float:
        # 0 when nothing was predicted: an empty prediction earns no credit.
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.support if self.support else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Evaluation:
    scores: tuple[FrameScore, ...]
    items: int

    def __getitem__(self, frame: str) -> FrameScore:
        for score in self.scores:
            if score.frame == frame:
                return score
        raise KeyError(f"no score for frame {frame!r}; scored: {', '.join(s.frame for s in self.scores)}")

    def table(self) -> str:
        """A plain-text table, one frame a line."""
        lines = [f"{'frame':<17} {'n':>4} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6}"]
        for s in self.scores:
            lines.append(
                f"{s.frame:<17} {s.support:>4} {s.true_positives:>4} {s.false_positives:>4}"
                f" {s.false_negatives:>4} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}"
            )
        return "\n".join(lines)


def score(
    gold: Sequence[frozenset[str]], predicted: Sequence[frozenset[str]], frames: Sequence[str] | None = None
) -> Evaluation:
    """Per-frame counts of predictions against gold labels, item by item."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    codes = tuple(frames) if frames is not None else vocabulary().codes("frames")
    scores = []
    for frame in codes:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if frame in g and frame in p)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if frame not in g and frame in p)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if frame in g and frame not in p)
        scores.append(FrameScore(frame, tp, fp, fn))
    return Evaluation(scores=tuple(scores), items=len(gold))


def predict(items: Sequence[LabelledItem], detector: Detector | None = None) -> tuple[frozenset[str], ...]:
    """The detector's frames for each item (its text, with its paragraph as context)."""
    used = detector if detector is not None else default_detector()
    detections = used.detect_many(
        [item.text for item in items], [item.context for item in items], [item.language for item in items]
    )
    return tuple(frozenset(d.frames) for d in detections)


def evaluate(items: Sequence[LabelledItem], detector: Detector | None = None) -> Evaluation:
    """Per-frame precision, recall and F1 of the detector on labelled items."""
    return score([item.frames for item in items], predict(items, detector))


def evaluate_baseline(
    items: Sequence[LabelledItem], matches: Callable[[str], bool], frame: str = "race"
) -> FrameScore:
    """Precision, recall and F1 for one frame of a sentence-level yes/no baseline."""
    predicted = [frozenset({frame}) if matches(item.text) else frozenset() for item in items]
    return score([item.frames for item in items], predicted, [frame])[frame]


def false_alarm_rate(items: Sequence[LabelledItem], detector: Detector | None = None) -> float:
    """Share of the items labelled with no frame that the detector gives some frame."""
    negatives = [item for item in items if not item.frames]
    if not negatives:
        return 0.0
    return sum(1 for frames in predict(negatives, detector) if frames) / len(negatives)


def paragraph_around(text: str, start: int, end: int) -> str:
    """The blank-line-delimited block of `text` holding `text[start:end]`."""
    block_start = 0
    for separator in _BLANK_LINE.finditer(text, 0, start):
        block_start = separator.end()
    following = _BLANK_LINE.search(text, end)
    block_end = following.start() if following is not None else len(text)
    return text[block_start:block_end]


def _read_jsonl(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_briefing_items(
    labels: str | os.PathLike[str], corpus: str | os.PathLike[str], *, include_ambiguous: bool = False
) -> tuple[LabelledItem, ...]:
    """Items of narrative-dev.jsonl, each with its paragraph from the wh-briefings file."""
    root = Path(corpus)
    files: dict[str, str] = {}
    items = []
    for row in _read_jsonl(Path(labels)):
        if row.get("ambiguous") and not include_ambiguous:
            continue
        path, start, end = str(row["path"]), int(str(row["start"])), int(str(row["end"]))
        if path not in files:
            files[path] = (root / path).read_text(encoding="utf-8")
        text = files[path][start:end]
        if text != row["text"]:
            raise ValueError(f"{labels}: item {row['id']} does not match {path}[{start}:{end}]")
        items.append(_item(row, text, paragraph_around(files[path], start, end), "en"))
    return tuple(items)


def load_report_items(
    labels: str | os.PathLike[str], reports: str | os.PathLike[str], *, include_ambiguous: bool = False
) -> tuple[LabelledItem, ...]:
    """Items of narrative-zh-dev.jsonl, each with its paragraph from the report's content."""
    root = Path(reports)
    records: dict[str, list[dict[str, object]]] = {}
    items = []
    for row in _read_jsonl(Path(labels)):
        if row.get("ambiguous") and not include_ambiguous:
            continue
        file_name = str(row["file"])
        if file_name not in records:
            records[file_name] = _read_jsonl(root / file_name)
        content = str(records[file_name][int(str(row["record"]))]["content"])
        start, end = int(str(row["start"])), int(str(row["end"]))
        if content[start:end] != row["text"]:
            raise ValueError(f"{labels}: item {row['id']} does not match its record's content")
        items.append(_item(row, content[start:end], paragraph_around(content, start, end), "zh"))
    return tuple(items)


def _item(row: dict[str, object], text: str, context: str, language: str) -> LabelledItem:
    frames = row.get("frames") or []
    if not isinstance(frames, list):
        raise ValueError(f"item {row.get('id')}: `frames` must be a list")
    return LabelledItem(
        id=str(row["id"]), text=text, context=context, frames=frozenset(map(str, frames)), language=language
    )


def split_halves(items: Iterable[LabelledItem]) -> tuple[tuple[LabelledItem, ...], tuple[LabelledItem, ...]]:
    """Two fixed halves by a hash of the item id: develop on one, report both."""
    first: list[LabelledItem] = []
    second: list[LabelledItem] = []
    for item in items:
        (first if hashlib.sha256(item.id.encode()).digest()[0] % 2 == 0 else second).append(item)
    return tuple(first), tuple(second)
