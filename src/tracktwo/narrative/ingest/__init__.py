"""Ingest: corpus files, folders, tables, web archives and URLs in; Documents and failures out.

`read_inputs` is the entry point. Each document's `text` is its full text as read
(front matter included; for HTML, the extracted article), so offsets found downstream
index exactly the characters a user sees; nothing is converted here (traditional and
simplified Chinese are left as written). A document that cannot be read becomes a
`DocumentFailure` with a kind (see `kinds`) and a message saying what to do; the run
goes on.
"""

from __future__ import annotations

from tracktwo.narrative.ingest.html import extract_article
from tracktwo.narrative.ingest.inputs import (
    PendingFile,
    WorkItem,
    format_of,
    iter_inputs,
    iter_work,
    read_inputs,
    read_path,
    read_work_item,
)
from tracktwo.narrative.ingest.options import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, IngestOptions
from tracktwo.narrative.ingest.outcome import Ingested, Outcome

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "IngestOptions",
    "Ingested",
    "Outcome",
    "PendingFile",
    "WorkItem",
    "extract_article",
    "format_of",
    "iter_inputs",
    "iter_work",
    "read_inputs",
    "read_path",
    "read_work_item",
]
