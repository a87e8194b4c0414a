"""Labelled sentences for training: read from JSON Lines, fingerprinted, split reproducibly.

Each line holds at least `text` and `frames` (a list of frame codes), as the labelled
sets in shared/eval do; lines marked `ambiguous` are skipped, as the codebook rules.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tracktwo.narrative.errors import ClassifierError
from tracktwo.taxonomy.vocabulary import vocabulary


@dataclass(frozen=True)
class Example:
    text: str
    frames: frozenset[str]


def read_examples(path: str | os.PathLike[str]) -> tuple[Example, ...]:
    """The non-ambiguous labelled sentences of a JSON Lines file."""
    known = set(vocabulary().codes("frames"))
    examples = []
    try:
        with Path(path).open(encoding="utf-8") as handle:
            lines = list(handle)
    except OSError as error:
        raise ClassifierError(f"{path}: {error.strerror}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise ClassifierError(f"{path}:{number}: not JSON ({error.msg})") from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise ClassifierError(f"{path}:{number}: each line needs a `text` string and a `frames` list")
        if row.get("ambiguous"):
            continue
        frames = row.get("frames", [])
        if not isinstance(frames, list) or not all(isinstance(f, str) for f in frames):
            raise ClassifierError(f"{path}:{number}: `frames` must be a list of frame codes")
        unknown = sorted(set(frames) - known)
        if unknown:
            raise ClassifierError(
                f"{path}:{number}: unknown frame {unknown[0]!r}; known: {', '.join(sorted(known))}"
            )
        examples.append(Example(row["text"], frozenset(frames)))
    if not examples:
        raise ClassifierError(f"{path}: no labelled sentences (ambiguous ones are skipped)")
    return tuple(examples)


def fingerprint(examples: Sequence[Example]) -> str:
    """SHA-256 of the sentences and their frames, in order: which data a model was trained on."""
    digest = hashlib.sha256()
    for example in examples:
        digest.update(json.dumps([example.text, sorted(example.frames)], ensure_ascii=False).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def stratified_split(
    examples: Sequence[Example], fraction: float, seed: int
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Indices (kept, held out), about `fraction` held out of every stratum.

    An example's stratum is its rarest frame (or none), so that a frame with few examples
    still lands on both sides where it can.
    """
    if not 0.0 <= fraction < 1.0:
        raise ClassifierError(f"the held-out fraction must be in [0, 1), got {fraction}")
    counts = Counter(frame for example in examples for frame in example.frames)
    strata: dict[str, list[int]] = {}
    for index, example in enumerate(examples):
        key = min(example.frames, key=lambda f: (counts[f], f)) if example.frames else ""
        strata.setdefault(key, []).append(index)
    rng = np.random.default_rng(seed)
    held_out: list[int] = []
    for key in sorted(strata):
        members = strata[key]
        order = rng.permutation(len(members))
        take = round(fraction * len(members))
        held_out.extend(members[i] for i in order[:take])
    held = set(held_out)
    return tuple(i for i in range(len(examples)) if i not in held), tuple(sorted(held))


def fold_labels(n: int, folds: int, seed: int) -> np.ndarray:
    """A fold number in [0, folds) for each of n items, balanced and shuffled by the seed."""
    return np.random.default_rng(seed).permutation(np.arange(n) % folds)
