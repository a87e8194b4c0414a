"""A model-free baseline embedder: signed feature hashing of words, word pairs and Chinese characters.

It needs no model and no extra, so tests and a first try of `tracktwo narrative train`
run anywhere. It knows nothing of meaning: "halt" and "pause" share no feature.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterator, Sequence

import numpy as np

from tracktwo.narrative.classifier.embedder import HASHING, EmbedderInfo, Vectors

DEFAULT_DIMENSION = 4096
# Bumped whenever the features change, so that saved classifiers refuse the new vectors.
FEATURES_VERSION = "1"

_WORD = re.compile(r"[^\W\d_]+|\d+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _features(text: str) -> Iterator[str]:
    words = [w for w in _WORD.findall(text.lower()) if not _CJK.match(w)]
    yield from words
    yield from (f"{a} {b}" for a, b in itertools.pairwise(words))
    # Chinese is not split into words: characters and character pairs stand in for them.
    chars = _CJK.findall(text)
    yield from chars
    yield from (a + b for a, b in itertools.pairwise(chars))


class HashingEmbedder:
    def __init__(self, dimension: int = DEFAULT_DIMENSION) -> None:
        if dimension < 2:
            raise ValueError(f"dimension must be at least 2, got {dimension}")
        self._info = EmbedderInfo(HASHING, FEATURES_VERSION, dimension)

    @property
    def info(self) -> EmbedderInfo:
        return self._info

    def embed(self, texts: Sequence[str]) -> Vectors:
        dimension = self._info.dimension
        vectors = np.zeros((len(texts), dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for feature in _features(text):
                # blake2b, not hash(): the same text must give the same vector in every process.
                digest = int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "little")
                vectors[row, (digest >> 1) % dimension] += 1.0 if digest & 1 else -1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return (vectors / np.where(norms > 0, norms, 1.0)).astype(np.float32)
