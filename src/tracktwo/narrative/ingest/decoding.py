"""Bytes to text exactly as `open(path, encoding="utf-8").read()` gives it, or a clear failure.

Offsets downstream index this text, so it is the file's own characters: no conversion
(traditional and simplified Chinese stay as written), only the newline translation
Python's text mode applies (\\r\\n and \\r become \\n), so that the offsets a user
checks with `open(path, encoding="utf-8").read()` are the offsets we report.
"""

from __future__ import annotations

import re

from tracktwo.narrative.errors import IngestError
from tracktwo.narrative.ingest import kinds

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_VISIBLE = re.compile(r"\S")


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 bytes to text; IngestError ("encoding", "binary") when they are not UTF-8 text."""
    if data[:2] in _UTF16_BOMS:
        message = "UTF-16 text (byte-order mark at byte 0); re-save it as UTF-8"
        raise IngestError(source, kinds.ENCODING, message)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise IngestError(source, kinds.BINARY, f"NUL byte at byte {nul}: a binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise IngestError(
            source,
            kinds.ENCODING,
            f"invalid UTF-8 at byte {exc.start} (line {line}): {exc.reason}; re-save the file as UTF-8",
        ) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def require_text(text: str, source: str, message: str = "the document has no text", start: int = 0) -> None:
    """IngestError ("empty") when `text[start:]` is only white space (checked without copying it)."""
    if _VISIBLE.search(text, start) is None:
        raise IngestError(source, kinds.EMPTY, message)
