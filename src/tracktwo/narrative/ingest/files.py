"""Files on disk: walking input folders, reading bytes under a cap, and Markdown / text documents."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from tracktwo.narrative.documents import Document
from tracktwo.narrative.errors import IngestError
from tracktwo.narrative.ingest import kinds
from tracktwo.narrative.ingest.decoding import decode_text, require_text
from tracktwo.narrative.ingest.fields import describe
from tracktwo.narrative.ingest.front_matter import FrontMatterError, split_front_matter


def list_files(folder: str | Path) -> tuple[tuple[str, str], ...]:
    """(source, path) of every file under `folder`, sorted by source for determinism.

    `source` is the path relative to `folder` with POSIX separators. Hidden files and
    folders (names starting with '.': .git, .DS_Store) are skipped; symbolic links to
    folders are not followed, so a link cycle cannot make the walk endless.
    """
    found: list[tuple[str, str]] = []
    root_text = os.fspath(folder)
    prefix = len(os.path.join(root_text, ""))
    for root, dirs, names in os.walk(root_text):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        relative_root = root[prefix:].replace(os.sep, "/")
        for name in names:
            if name.startswith("."):
                continue
            source = f"{relative_root}/{name}" if relative_root else name
            found.append((source, os.path.join(root, name)))
    found.sort(key=lambda item: item[0])
    return tuple(found)


def read_bytes(path: str | Path, source: str, max_bytes: int) -> bytes:
    """The file's bytes; IngestError ("unreadable", "too_large") instead of OSError."""
    try:
        with open(path, "rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > max_bytes:
                raise IngestError(source, kinds.TOO_LARGE, _too_large(size, max_bytes))
            # read(n) allocates n bytes up front, so ask for the size the file says it has;
            # a file that grew since (or reports no size, like /proc) is read on to the cap.
            data = stream.read(size + 1) if size else b""
            if len(data) > size or not size:
                data += stream.read(max_bytes + 1 - len(data))
    except IngestError:
        raise
    except OSError as exc:
        raise unreadable(source, exc) from None
    if len(data) > max_bytes:  # the file grew while we read it, or is not a regular file
        raise IngestError(source, kinds.TOO_LARGE, _too_large(len(data), max_bytes))
    return data


def open_binary(path: str | Path, source: str) -> BinaryIO:
    """The file open for reading bytes; IngestError ("unreadable") instead of OSError."""
    try:
        return open(path, "rb")
    except OSError as exc:
        raise unreadable(source, exc) from None


def unreadable(source: str, exc: OSError) -> IngestError:
    return IngestError(source, kinds.UNREADABLE, f"cannot read the file: {exc.strerror or exc}")


def _too_large(size: int, max_bytes: int) -> str:
    return (
        f"{size / 1e6:.1f} MB, above the {max_bytes / 1e6:g} MB cap on one document; "
        "split it, or raise the cap (max_bytes)"
    )


def read_text_document(path: str | Path, source: str, max_bytes: int) -> Document:
    """A Markdown or plain-text file, its `text` exactly as read, front matter included."""
    text = decode_text(read_bytes(path, source, max_bytes), source)
    return text_document(text, source)


def text_document(text: str, source: str) -> Document:
    """A document from text as read: title, date and URL from its front matter, if any."""
    try:
        header = split_front_matter(text)
    except FrontMatterError as exc:
        raise IngestError(source, kinds.FRONT_MATTER, str(exc)) from None
    require_text(
        text,
        source,
        "only front matter, no text" if header.body_start else "the document has no text",
        start=header.body_start,
    )
    if not header.fields:
        return Document(source=source, text=text, body_start=header.body_start)
    described = describe(header.fields)
    return Document(
        source=source,
        text=text,
        body_start=header.body_start,
        title=described.title,
        date=described.date,
        url=described.url,
        metadata=header.fields,
    )
