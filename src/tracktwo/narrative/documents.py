"""The values that flow through the narrative analysis: documents, sentences, failures.

Offsets are Python string indices into `Document.text`, the document's full text as
read (front matter included), so every finding can be traced to its exact characters:
`document.text[sentence.start:sentence.end] == sentence.text`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class Document:
    """One document as read.

    `source` is the path relative to the input (or the URL); `body_start` is the offset
    where the body begins after any front matter; `language` is "en", "zh" or "mixed"
    once detected (empty before).
    """

    source: str
    text: str
    body_start: int = 0
    title: str | None = None
    date: str | None = None  # ISO 8601 date (YYYY-MM-DD) where known
    url: str | None = None
    language: str = ""
    metadata: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document; `paragraph` counts paragraphs from 0 within the document."""

    source: str
    start: int
    end: int
    text: str
    language: str
    paragraph: int


@dataclass(frozen=True)
class DocumentFailure:
    """A document that could not be analysed, for errors.parquet."""

    source: str
    kind: str  # e.g. "unreadable", "binary", "encoding", "empty", "front_matter", "no_article", "fetch"
    message: str
