"""Errors of the narrative analysis: one hierarchy, messages that say what to do."""

from __future__ import annotations


class NarrativeError(Exception):
    """Base class of every error the narrative analysis raises."""


class IngestError(NarrativeError):
    """A document could not be read; recorded per document, the run goes on."""

    def __init__(self, source: str, kind: str, message: str) -> None:
        self.source = source
        self.kind = kind
        self.reason = message
        super().__init__(f"{source}: {message}")


class LexiconError(NarrativeError):
    """A lexicon, pattern or actor registry data file is malformed."""


class ClassifierError(NarrativeError):
    """The learned frame classifier could not be trained, saved, loaded or run."""


class EmbeddingsUnavailable(ClassifierError):
    """The packaged embedding model is not installed (the `embeddings` extra is missing)."""
