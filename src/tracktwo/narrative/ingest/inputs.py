"""Dispatch: each input (folder, file, URL) to the reader for what it is, in a stable order."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from tracktwo.narrative.documents import Document, DocumentFailure
from tracktwo.narrative.errors import IngestError
from tracktwo.narrative.ingest import kinds
from tracktwo.narrative.ingest.fetch import is_url, read_url
from tracktwo.narrative.ingest.files import list_files, read_text_document
from tracktwo.narrative.ingest.html import read_html_document
from tracktwo.narrative.ingest.options import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, IngestOptions
from tracktwo.narrative.ingest.outcome import Ingested, Outcome, failure_of
from tracktwo.narrative.ingest.tables import read_csv, read_jsonl
from tracktwo.narrative.ingest.warc import read_warc

# File formats by the name's last suffix (lower case); `.warc.gz` is matched whole.
FORMATS: Mapping[str, str] = MappingProxyType(
    {
        ".md": "text",
        ".markdown": "text",
        ".txt": "text",
        ".html": "html",
        ".htm": "html",
        ".xhtml": "html",
        ".csv": "csv",
        ".tsv": "tsv",
        ".jsonl": "jsonl",
        ".ndjson": "jsonl",
        ".warc": "warc",
    }
)
_WARC_GZ = ".warc.gz"


def read_inputs(
    inputs: Sequence[str | Path],
    *,
    text_column: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Ingested:
    """Every document of `inputs`, and a failure for each one that could not be read.

    Never raises for a bad document: unreadable, binary or undecodable files, empty
    documents, files above `max_bytes`, malformed front matter or table rows, HTML
    without an article and unreachable URLs are all recorded in `failures`.
    """
    options = IngestOptions(text_column=text_column, timeout=timeout, max_bytes=max_bytes)
    documents: list[Document] = []
    failures: list[DocumentFailure] = []
    for outcome in iter_inputs(inputs, options):
        if isinstance(outcome, Document):
            documents.append(outcome)
        else:
            failures.append(outcome)
    return Ingested(documents=tuple(documents), failures=tuple(failures))


@dataclass(frozen=True, slots=True)
class PendingFile:
    """A file that holds one document (Markdown, text, HTML), listed but not read yet.

    Why: reading, decoding and (for HTML) extracting the article are a large share of
    what a folder of files costs. Deferred to the process that analyses the document,
    they run in parallel on every worker, and the text never travels from the reading
    process to the worker. `read()` gives exactly the outcome `iter_inputs` gives.
    """

    path: str  # absolute: a worker need not share the reading process's directory
    source: str
    kind: str  # "text" or "html"
    max_bytes: int

    def read(self) -> Outcome:
        try:
            if self.kind == "html":
                return read_html_document(self.path, self.source, self.max_bytes)
            return read_text_document(self.path, self.source, self.max_bytes)
        except IngestError as exc:
            return failure_of(exc)


# What `iter_work` yields: an outcome, or a one-document file that a worker reads.
WorkItem = Outcome | PendingFile


def read_work_item(item: WorkItem) -> Outcome:
    """The outcome of a work item: a pending file read now, an outcome as it is."""
    return item.read() if isinstance(item, PendingFile) else item


def iter_inputs(inputs: Sequence[str | Path], options: IngestOptions) -> Iterator[Outcome]:
    """The outcomes of `inputs` one by one, in order, for callers that stream (progress bars)."""
    for item in iter_work(inputs, options):
        yield read_work_item(item)


def iter_work(inputs: Sequence[str | Path], options: IngestOptions) -> Iterator[WorkItem]:
    """`iter_inputs`, but one-document files are listed (`PendingFile`) rather than read.

    Tables, web archives and URLs are read here: their documents are only known by
    reading them. `read_work_item` turns each item into the outcome `iter_inputs` gives.
    """
    for item in inputs:
        if isinstance(item, str) and is_url(item):
            yield from read_url(item, options)
            continue
        path = Path(item)
        if path.is_dir():
            for source, file in list_files(path):
                kind = format_of(file)
                if kind is not None:  # other files in a corpus folder (LICENSE, images) are not documents
                    yield from _work(file, source, kind, options)
        elif path.exists() or path.is_symlink():
            yield from _work(path, path.name, format_of(path), options)
        elif isinstance(item, str) and "://" in item:
            yield DocumentFailure(item, kinds.UNSUPPORTED, "only http:// and https:// URLs are fetched")
        else:
            yield DocumentFailure(str(item), kinds.NOT_FOUND, "no such file or folder")


def format_of(path: str | Path) -> str | None:
    """The reader for a file name: text, html, csv, tsv, jsonl or warc; None when unknown."""
    name = os.path.basename(path).lower()
    if name.endswith(_WARC_GZ):
        return "warc"
    dot = name.rfind(".")
    return FORMATS.get(name[dot:]) if dot > 0 else None


def read_path(path: str | Path, source: str, options: IngestOptions) -> Iterator[Outcome]:
    """The outcomes of one file, named `source`; never raises IngestError."""
    return _read(path, source, format_of(path), options)


def _work(path: str | Path, source: str, kind: str | None, options: IngestOptions) -> Iterator[WorkItem]:
    if kind in ("text", "html"):
        yield PendingFile(os.path.abspath(path), source, kind, options.max_bytes)
    else:
        yield from _read(path, source, kind, options)


def _read(path: str | Path, source: str, kind: str | None, options: IngestOptions) -> Iterator[Outcome]:
    try:
        if kind == "text":
            yield read_text_document(path, source, options.max_bytes)
        elif kind == "html":
            yield read_html_document(path, source, options.max_bytes)
        elif kind in ("csv", "tsv"):
            yield from read_csv(path, source, options, delimiter="\t" if kind == "tsv" else ",")
        elif kind == "jsonl":
            yield from read_jsonl(path, source, options)
        elif kind == "warc":
            yield from read_warc(path, source, options)
        else:
            endings = ", ".join(sorted([*FORMATS, _WARC_GZ]))
            yield DocumentFailure(source, kinds.UNSUPPORTED, f"unknown file type; ingest reads {endings}")
    except IngestError as exc:
        yield failure_of(exc)
