"""WARC files (web archives, as crawlers and Webrecorder write them): one document per HTML page.

Response (and resource) records with an HTML payload and a 2xx status become articles
via trafilatura, their source the record's WARC-Target-URI. Everything else a crawl
holds (redirects, errors, images, scripts, request and metadata records) is not a
document and is passed over silently; only HTML in which no article is found, or a
record above the size cap, is recorded as a failure. The file is streamed record by
record, so archives far larger than memory are fine.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArchiveLoadFailed

from tracktwo.narrative.documents import DocumentFailure
from tracktwo.narrative.errors import IngestError
from tracktwo.narrative.ingest import kinds
from tracktwo.narrative.ingest.files import open_binary
from tracktwo.narrative.ingest.html import extract_article, is_html_type, looks_like_html
from tracktwo.narrative.ingest.options import IngestOptions
from tracktwo.narrative.ingest.outcome import Outcome, failure_of

_PAGE_RECORDS = frozenset({"response", "resource"})
_GZIP_MAGIC = b"\x1f\x8b"


def read_warc(path: str | Path, source: str, options: IngestOptions) -> Iterator[Outcome]:
    """Documents for the HTML pages of a WARC (.warc or .warc.gz) file."""
    with open_binary(path, source) as stream:
        start = stream.read(5)
        stream.seek(0)
        # warcio would read any text as a legacy ARC file, record per line; refuse it here.
        if not start.startswith((_GZIP_MAGIC, b"WARC/")):
            raise IngestError(
                source, kinds.WARC, f"not a valid WARC file: it starts with {start!r}, not 'WARC/'"
            )
        records = 0
        try:
            for record in ArchiveIterator(stream):
                if record.format != "warc":
                    raise ArchiveLoadFailed(f"record {records + 1} is not a WARC record")
                records += 1
                page = _page(record, source, records, options.max_bytes)
                if page is not None:
                    yield page
        except ArchiveLoadFailed as exc:
            message = f"not a valid WARC file (after {records} records): {exc}"
            raise IngestError(source, kinds.WARC, message) from None
        except OSError as exc:  # zlib / gzip errors of a truncated .warc.gz are OSErrors too
            message = f"the WARC file is truncated or corrupt (after {records} records): {exc}"
            raise IngestError(source, kinds.WARC, message) from None


def _page(record: Any, source: str, index: int, max_bytes: int) -> Outcome | None:
    if record.rec_type not in _PAGE_RECORDS:
        return None
    # A record without a target URI is still traceable by its position in the file.
    uri = str(record.rec_headers.get_header("WARC-Target-URI") or "") or f"{source}#record={index}"
    headers = record.http_headers if record.http_headers is not None else record.rec_headers
    if record.http_headers is not None:
        status = str(record.http_headers.get_statuscode() or "")
        if not status.startswith("2"):
            return None
    content_type = headers.get_header("Content-Type")
    if content_type is not None and not is_html_type(str(content_type)):
        return None
    body: bytes = record.content_stream().read(max_bytes + 1)
    if content_type is None and not looks_like_html(body):
        return None
    if len(body) > max_bytes:
        message = f"record above the {max_bytes / 1e6:g} MB cap on one document (max_bytes)"
        return DocumentFailure(uri, kinds.TOO_LARGE, message)
    captured = record.rec_headers.get_header("WARC-Date")
    # The capture time is not the publication date: it goes to metadata only.
    extra = {"warc_date": str(captured)} if captured else {}
    try:
        return extract_article(body, uri, url=uri if "://" in uri else None, metadata=extra)
    except IngestError as exc:
        return failure_of(exc)
