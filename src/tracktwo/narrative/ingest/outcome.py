"""What ingest returns: the documents read and the failures recorded on the way."""

from __future__ import annotations

from dataclasses import dataclass

from tracktwo.narrative.documents import Document, DocumentFailure
from tracktwo.narrative.errors import IngestError

# Readers yield one of these per document (or table row, WARC record, feed item), in
# input order, so a caller can stream them to a progress bar or an executor.
Outcome = Document | DocumentFailure


@dataclass(frozen=True)
class Ingested:
    """Documents in input order (folders sorted by path) and the failures, in the same order."""

    documents: tuple[Document, ...]
    failures: tuple[DocumentFailure, ...]


def failure_of(error: IngestError) -> DocumentFailure:
    return DocumentFailure(source=error.source, kind=error.kind, message=error.reason)
