"""CSV / TSV and JSON Lines: one document per row, the text in one column, metadata in the others.

Tables are streamed line by line (a corpus export can be far larger than one document),
and every failure is per row: a malformed row, an undecodable line or an empty text cell
is recorded with its line number and the rows around it are still read. Sources are
`file.csv#row=N` (N counts data rows from 1, as a spreadsheet shows them below the
header) and `file.jsonl#line=N`. Line breaks in the text are normalised to \\n, as for
files read in text mode.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import BinaryIO

from tracktwo.narrative.documents import Document, DocumentFailure
from tracktwo.narrative.errors import IngestError
from tracktwo.narrative.ingest import kinds
from tracktwo.narrative.ingest.fields import TEXT_KEYS, describe, find_key
from tracktwo.narrative.ingest.files import open_binary, unreadable
from tracktwo.narrative.ingest.options import IngestOptions
from tracktwo.narrative.ingest.outcome import Outcome

_FIELD_LIMIT_ERROR = "field larger than field limit"


@dataclass(frozen=True)
class _Line:
    """A physical line: its text, or why it could not be decoded (kind, message)."""

    number: int
    text: str
    problem: tuple[str, str] | None = None


def read_csv(
    path: str | Path, source: str, options: IngestOptions, delimiter: str = ","
) -> Iterator[Outcome]:
    """One Document per CSV row (DocumentFailure for a row that cannot be used)."""
    # The csv module caps a cell at 131,072 characters, shorter than many transcripts; the
    # limit is process-wide, so it is only ever raised, to the document cap.
    if csv.field_size_limit() < options.max_bytes:
        csv.field_size_limit(options.max_bytes)
    with open_binary(path, source) as stream:
        lines: list[_Line] = []  # the lines of the row being parsed, for its failures

        def texts() -> Iterator[str]:
            for line in _lines(stream, source, options.max_bytes):
                lines.append(line)
                yield line.text

        reader = csv.reader(texts(), delimiter=delimiter, strict=True)
        header: list[str] | None = None
        text_index = 0
        row_number = 0
        while True:
            lines.clear()
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                if header is None:
                    raise IngestError(source, kinds.CSV, f"the header row is malformed: {exc}") from None
                row_number += 1
                yield _csv_failure(source, row_number, lines, exc)
                continue
            problem = next((line.problem for line in lines if line.problem is not None), None)
            if header is None:
                if problem is not None:
                    raise IngestError(source, problem[0], f"the header row: {problem[1]}")
                if row:
                    header = [cell.strip() for cell in row]
                    text_index = header.index(_text_column(header, source, options))
                continue
            if not row and problem is None:
                continue  # a blank line
            row_number += 1
            row_source = f"{source}#row={row_number}"
            where = f"row {row_number} (line {lines[0].number if lines else reader.line_num})"
            if problem is not None:
                yield DocumentFailure(row_source, problem[0], f"{where}: {problem[1]}")
            elif len(row) != len(header):
                yield DocumentFailure(
                    row_source,
                    kinds.CSV,
                    f"{where} has {len(row)} fields, the header has {len(header)}; "
                    "check for an unquoted delimiter or quote in the row",
                )
            else:
                fields = dict(zip(header, row, strict=True))
                yield _row_document(row_source, where, fields, header[text_index], options.max_bytes)
        if header is None:
            raise IngestError(source, kinds.EMPTY, "the table is empty: no header row")


def read_jsonl(path: str | Path, source: str, options: IngestOptions) -> Iterator[Outcome]:
    """One Document per JSON Lines object (DocumentFailure for a line that cannot be used)."""
    with open_binary(path, source) as stream:
        blank = True
        for line in _lines(stream, source, options.max_bytes):
            line_source = f"{source}#line={line.number}"
            where = f"line {line.number}"
            if line.problem is not None:
                blank = False
                yield DocumentFailure(line_source, line.problem[0], f"{where}: {line.problem[1]}")
                continue
            if not line.text.strip():
                continue
            blank = False
            try:
                record = json.loads(line.text)
            except json.JSONDecodeError as exc:
                yield DocumentFailure(
                    line_source, kinds.JSON, f"{where} is not valid JSON: {exc.msg} (column {exc.colno})"
                )
                continue
            if not isinstance(record, dict):
                yield DocumentFailure(
                    line_source, kinds.JSON, f"{where} is a JSON {type(record).__name__}, expected an object"
                )
                continue
            try:
                column = _text_column(record, line_source, options)
            except IngestError as exc:
                yield DocumentFailure(exc.source, exc.kind, f"{where}: {exc.reason}")
                continue
            if record[column] is not None and not isinstance(record[column], str):
                yield DocumentFailure(
                    line_source, kinds.JSON, f"{where}: the text field {column!r} is not a string"
                )
                continue
            fields = {key: _json_text(value) for key, value in record.items() if value is not None}
            yield _row_document(line_source, where, fields, column, options.max_bytes)
        if blank:
            raise IngestError(source, kinds.EMPTY, "the JSON Lines file is empty")


def _lines(stream: BinaryIO, source: str, max_bytes: int) -> Iterator[_Line]:
    """Decoded physical lines; a line that is not UTF-8 text or is longer than the cap
    comes with its problem (and as an empty line, so a CSV row around it still ends)."""
    offset = 0
    number = 0
    while True:
        try:
            raw = stream.readline(max_bytes + 1)
        except OSError as exc:
            raise unreadable(source, exc) from None
        if not raw:
            return
        number += 1
        start = offset
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest of the line, a chunk at a time
                offset += len(raw)
                raw = stream.readline(1 << 20)
            offset += len(raw)
            message = f"line longer than the {max_bytes / 1e6:g} MB cap on one document"
            yield _Line(number, "\n", (kinds.TOO_LARGE, message))
            continue
        offset += len(raw)
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        nul = raw.find(b"\x00")
        if nul >= 0:
            if number == 1:
                message = f"NUL byte at byte {start + nul}: a binary file, not a table"
                raise IngestError(source, kinds.BINARY, message)
            yield _Line(number, "\n", (kinds.BINARY, f"NUL byte at byte {start + nul}"))
            continue
        try:
            yield _Line(number, raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            message = f"invalid UTF-8 at byte {start + exc.start}: {exc.reason}; re-save the file as UTF-8"
            yield _Line(number, "\n", (kinds.ENCODING, message))


def _text_column(columns: Iterable[str], source: str, options: IngestOptions) -> str:
    names = dict.fromkeys(columns)
    wanted = (options.text_column,) if options.text_column else TEXT_KEYS
    column = find_key(names, wanted)
    if column is None:
        listed = ", ".join(repr(name) for name in names) or "none"
        asked = (
            f"no column {options.text_column!r}"
            if options.text_column
            else "no text column (text, body, content)"
        )
        raise IngestError(source, kinds.TABLE, f"{asked}; the columns are {listed}; name it with text_column")
    return column


def _csv_failure(source: str, row_number: int, lines: list[_Line], exc: csv.Error) -> DocumentFailure:
    first = lines[0].number if lines else 0
    where = f"row {row_number} (line {first})" if lines else f"row {row_number}"
    row_source = f"{source}#row={row_number}"
    if _FIELD_LIMIT_ERROR in str(exc):
        message = f"{where}: a cell is above the cap on one document (max_bytes)"
        return DocumentFailure(row_source, kinds.TOO_LARGE, message)
    hint = "; an unclosed quote?" if "unexpected end of data" in str(exc) else ""
    return DocumentFailure(row_source, kinds.CSV, f"{where} is malformed: {exc}{hint}")


def _row_document(
    source: str, where: str, fields: dict[str, str], text_column: str, max_bytes: int
) -> Outcome:
    text = fields.pop(text_column, "")
    # Characters, not bytes: a cell spread over many short lines escapes the line cap.
    if len(text) > max_bytes:
        message = f"{where}: the text is above the {max_bytes / 1e6:g} MB cap on one document (max_bytes)"
        return DocumentFailure(source, kinds.TOO_LARGE, message)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return DocumentFailure(source, kinds.EMPTY, f"{where}: the text column {text_column!r} is empty")
    described = describe(fields)
    return Document(
        source=source,
        text=text,
        title=described.title,
        date=described.date,
        url=described.url,
        metadata=MappingProxyType(fields),
    )


def _json_text(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
