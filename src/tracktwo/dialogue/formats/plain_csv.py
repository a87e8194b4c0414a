"""Plain CSV files of a conversation: votes, statements, participant strata and groups.

- votes: `participant,statement,vote[,time]`; a vote is agree/disagree/pass, a/d/p or
  1/-1/0 (case-insensitive). With a time column the latest vote per participant and
  statement counts (a number such as Unix milliseconds, or an ISO 8601 date-time);
  without one a repeated vote is an error.
- statements: `id,text[,text_zh,moderated,is_meta]`.
- strata: `participant,<attribute>...` (for example country, sector); blank = undeclared.
- groups: `participant,group`.

Ids are strings exactly as written, minus surrounding spaces ("007" stays "007").
Files are UTF-8 (a byte-order mark is allowed). Every problem raises
`tracktwo.consensus.errors.InputError` naming the file and the line.

The small CSV helpers here (`read_csv_table`, `parse_bool`, `conversation_from_votes`)
are shared with the Pol.is export reader.
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from tracktwo.consensus.errors import InputError
from tracktwo.consensus.votes import (
    AGREE,
    DISAGREE,
    PASS,
    Conversation,
    Statement,
    build_conversation,
    latest_votes,
)

PathLike = str | os.PathLike[str]
Strata = Mapping[str, tuple[str | None, ...]]

VOTE_WORDS: Mapping[str, int] = MappingProxyType(
    {
        "agree": AGREE,
        "a": AGREE,
        "1": AGREE,
        "disagree": DISAGREE,
        "d": DISAGREE,
        "-1": DISAGREE,
        "pass": PASS,
        "p": PASS,
        "0": PASS,
    }
)
ACCEPTED_VOTES = "agree/disagree/pass, a/d/p or 1/-1/0 (case-insensitive)"

_TRUE = frozenset({"true", "t", "yes", "y", "1"})
_FALSE = frozenset({"false", "f", "no", "n", "0", ""})
_HEADER_SHOWN = 8


@dataclass(frozen=True)
class CsvTable:
    """A CSV file read whole: its header and rows, each row as wide as the header.

    `lines[i]` is the line on which row i starts (1-based, counting the header), so
    errors can point at it even when quoted fields span lines.
    """

    path: str
    header: tuple[str, ...]
    header_line: int
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]

    def find(self, name: str) -> int | None:
        """Position of a column, matched without regard to case; None when absent."""
        wanted = name.lower()
        for position, column in enumerate(self.header):
            if column.lower() == wanted:
                return position
        return None

    def index(self, name: str) -> int:
        position = self.find(name)
        if position is None:
            raise InputError(f"missing column {name!r}", path=self.path, line=self.header_line)
        return position

    def error(self, row: int, message: str) -> InputError:
        return InputError(message, path=self.path, line=self.lines[row])


def _describe_header(header: Sequence[str]) -> str:
    shown = ", ".join(header[:_HEADER_SHOWN])
    return shown + (f", ... ({len(header)} columns)" if len(header) > _HEADER_SHOWN else "")


def read_text(path: PathLike) -> str:
    """The whole file as text, with InputError for a missing, unreadable or non-UTF-8 file."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", path=name) from None
    except IsADirectoryError:
        raise InputError("expected a file but found a folder", path=name) from None
    except OSError as error:
        raise InputError(f"cannot read the file ({error.strerror})", path=name) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"the file is not UTF-8 text (byte 0x{data[error.start]:02x} cannot be decoded); "
            "save it as UTF-8 and try again",
            path=name,
            line=line,
        ) from None


def read_csv_records(path: PathLike) -> list[tuple[int, list[str]]]:
    """Every CSV record with the line it starts on; raises InputError on bad quoting.

    Records of blank cells only (blank lines, or ",," rows left by spreadsheets) are skipped.
    """
    name = str(path)
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                records.append((start, record))
            start = reader.line_num + 1
    except csv.Error as error:
        raise InputError(
            f"malformed CSV ({error}); check the quotes of the record starting here",
            path=name,
            line=start,
        ) from None
    return records


def read_csv_table(path: PathLike, *, required: Sequence[str] = ()) -> CsvTable:
    """Read a CSV file with a header line; every row must have the header's width.

    Raises InputError for an empty file, missing or duplicate header columns, rows with
    the wrong number of columns, bad quoting and non-UTF-8 bytes.
    """
    name = str(path)
    records = read_csv_records(path)
    expected = f" with columns {', '.join(required)}" if required else ""
    if not records:
        raise InputError(f"the file is empty; expected a header line{expected}", path=name, line=1)
    header_line, raw_header = records[0]
    header = tuple(column.strip() for column in raw_header)
    seen: dict[str, int] = {}
    for position, column in enumerate(header, start=1):
        if not column:
            raise InputError(f"column {position} of the header has no name", path=name, line=header_line)
        if column in seen:
            raise InputError(
                f"the header names column {column!r} twice (columns {seen[column]} and {position})",
                path=name,
                line=header_line,
            )
        seen[column] = position
    lowered = {column.lower() for column in header}
    missing = [column for column in required if column.lower() not in lowered]
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(missing)} in the header; expected{expected} "
            f"but found: {_describe_header(header)}",
            path=name,
            line=header_line,
        )
    width = len(header)
    rows: list[tuple[str, ...]] = []
    lines: list[int] = []
    for line, record in records[1:]:
        if len(record) != width:
            raise InputError(
                f"expected {width} columns as in the header ({_describe_header(header)}) "
                f"but found {len(record)}",
                path=name,
                line=line,
            )
        rows.append(tuple(record))
        lines.append(line)
    return CsvTable(name, header, header_line, tuple(rows), tuple(lines))


def parse_bool(table: CsvTable, row: int, column: str, text: str) -> bool:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise table.error(row, f"cannot read {column} {text!r}; use true or false")


def parse_moderated(table: CsvTable, row: int, column: str, text: str) -> int:
    value = text.strip()
    if value in ("", "0"):
        return 0
    if value in ("1", "+1"):
        return 1
    if value == "-1":
        return -1
    raise table.error(
        row, f"cannot read {column} {text!r}; use 1 (accepted), 0 (unmoderated) or -1 (rejected)"
    )


def required_id(table: CsvTable, row: int, column: str, text: str) -> str:
    value = text.strip()
    if not value:
        raise table.error(row, f"empty {column}; every row needs one")
    return value


def numeric_order(ids: Sequence[str]) -> list[int] | None:
    """Positions of `ids` sorted by number when every id is a decimal integer, else None."""
    if not all(x.isascii() and x.isdigit() for x in ids):
        return None
    return sorted(range(len(ids)), key=lambda position: int(ids[position]))


def _empty_frozen(dtype: type[np.generic]) -> npt.NDArray[np.generic]:
    array = np.empty(0, dtype=dtype)
    array.setflags(write=False)
    return array


def conversation_from_votes(
    participant_ids: Sequence[str],
    statements: Sequence[Statement],
    participant: npt.ArrayLike,
    statement: npt.ArrayLike,
    value: npt.ArrayLike,
    strata: Mapping[str, Sequence[str | None]] | None = None,
    *,
    source: str | None = None,
) -> Conversation:
    """build_conversation, except that a conversation without statements is returned too.

    Votes are sorted by participant, then statement, so that equal votes read from
    differently ordered files give identical arrays. Readers do not judge whether there
    is enough to compute on; the engine does.
    """
    if statements:
        p = np.asarray(participant, dtype=np.int64)
        s = np.asarray(statement, dtype=np.int64)
        v = np.asarray(value)
        if not p.shape == s.shape == v.shape or p.ndim != 1:
            raise InputError(
                "participant, statement and value arrays must have one equal length", path=source
            )
        order = np.lexsort((s, p))
        return build_conversation(
            participant_ids,
            statements,
            p[order],
            s[order],
            v[order],
            strata,
            source=source,
        )
    if np.asarray(value).size:
        raise InputError("there are votes but no statements", path=source)
    if len(set(participant_ids)) != len(participant_ids):
        raise InputError("participant ids are not unique", path=source)
    frozen_strata: dict[str, tuple[str | None, ...]] = {}
    for name, labels in (strata or {}).items():
        if len(labels) != len(participant_ids):
            raise InputError(
                f"stratum {name!r} has {len(labels)} labels for {len(participant_ids)} participants",
                path=source,
            )
        frozen_strata[name] = tuple(label or None for label in labels)
    return Conversation(
        participant_ids=tuple(participant_ids),
        statements=(),
        participant=_empty_frozen(np.int32),  # type: ignore[arg-type]
        statement=_empty_frozen(np.int32),  # type: ignore[arg-type]
        value=_empty_frozen(np.int8),  # type: ignore[arg-type]
        strata=MappingProxyType(frozen_strata),
    )


def _parse_time(table: CsvTable, row: int, text: str) -> tuple[float, bool]:
    """A vote time as a number, and whether it was written as an ISO date-time."""
    value = text.strip()
    if not value:
        raise table.error(row, "empty time; when the time column is present every vote needs one")
    try:
        number = float(value)
    except ValueError:
        pass
    else:
        if math.isfinite(number):
            return number, False
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise table.error(
            row,
            f"cannot read time {text!r}; use a number (for example Unix milliseconds) "
            "or an ISO 8601 date-time such as 2024-05-01T14:30:00Z",
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp(), True


def read_statements_csv(path: PathLike) -> tuple[Statement, ...]:
    """Statements from `id,text[,text_zh,moderated,is_meta]`, in file order."""
    table = read_csv_table(path, required=("id", "text"))
    i_id, i_text = table.index("id"), table.index("text")
    i_zh, i_mod, i_meta = table.find("text_zh"), table.find("moderated"), table.find("is_meta")
    statements: list[Statement] = []
    first_line: dict[str, int] = {}
    for k, row in enumerate(table.rows):
        statement_id = required_id(table, k, "statement id", row[i_id])
        if statement_id in first_line:
            raise table.error(
                k,
                f"statement {statement_id!r} appears twice (lines {first_line[statement_id]} "
                f"and {table.lines[k]}); statement ids must be unique",
            )
        first_line[statement_id] = table.lines[k]
        statements.append(
            Statement(
                id=statement_id,
                text=row[i_text],
                text_zh="" if i_zh is None else row[i_zh],
                moderated=0 if i_mod is None else parse_moderated(table, k, "moderated", row[i_mod]),
                is_meta=False if i_meta is None else parse_bool(table, k, "is_meta", row[i_meta]),
            )
        )
    return tuple(statements)


def read_strata_csv(path: PathLike, participant_ids: Sequence[str]) -> Strata:
    """Participant attributes from `participant,<attribute>...`, one label per participant.

    Participants the file does not mention get None; a row naming a participant not in
    `participant_ids`, or naming one twice, is an InputError.
    """
    table = read_csv_table(path, required=("participant",))
    i_participant = table.index("participant")
    attributes = [(k, name) for k, name in enumerate(table.header) if k != i_participant]
    if not attributes:
        raise InputError(
            "the strata file declares no attributes; add columns such as country or sector "
            "after the participant column",
            path=table.path,
            line=table.header_line,
        )
    position = {pid: k for k, pid in enumerate(participant_ids)}
    labels: dict[str, list[str | None]] = {name: [None] * len(position) for _, name in attributes}
    first_line: dict[str, int] = {}
    for k, row in enumerate(table.rows):
        pid = required_id(table, k, "participant id", row[i_participant])
        where = position.get(pid)
        if where is None:
            raise table.error(
                k,
                f"participant {pid!r} is not in the conversation (they cast no vote); "
                "strata may only describe participants who voted",
            )
        if pid in first_line:
            raise table.error(
                k, f"participant {pid!r} appears twice (lines {first_line[pid]} and {table.lines[k]})"
            )
        first_line[pid] = table.lines[k]
        for column, name in attributes:
            label = row[column].strip()
            labels[name][where] = label or None
    return MappingProxyType({name: tuple(values) for name, values in labels.items()})


def with_strata(conversation: Conversation, path: PathLike) -> Conversation:
    """The conversation with the strata of a strata CSV added (same-named attributes replaced)."""
    strata = dict(conversation.strata)
    strata.update(read_strata_csv(path, conversation.participant_ids))
    return replace(conversation, strata=MappingProxyType(strata))


def read_groups_csv(path: PathLike, participant_ids: Sequence[str] | None = None) -> Mapping[str, str]:
    """Group labels from `participant,group`; a participant with a blank group is left out
    (in no group), as is anyone the file does not mention.

    With `participant_ids`, a row naming anyone else is an InputError.
    """
    table = read_csv_table(path, required=("participant", "group"))
    i_participant, i_group = table.index("participant"), table.index("group")
    known = None if participant_ids is None else set(participant_ids)
    groups: dict[str, str] = {}
    first_line: dict[str, int] = {}
    for k, row in enumerate(table.rows):
        pid = required_id(table, k, "participant id", row[i_participant])
        if known is not None and pid not in known:
            raise table.error(k, f"participant {pid!r} is not in the conversation")
        if pid in first_line:
            raise table.error(
                k, f"participant {pid!r} appears twice (lines {first_line[pid]} and {table.lines[k]})"
            )
        first_line[pid] = table.lines[k]
        label = row[i_group].strip()
        if label:
            groups[pid] = label
    return MappingProxyType(groups)


def read_votes_csv(
    path: PathLike,
    *,
    statements: PathLike | None = None,
    strata: PathLike | None = None,
) -> Conversation:
    """A conversation from a votes CSV, with optional statements and strata CSVs.

    Participants come in order of first vote; statements in the order of the statements
    file, then those that appear only in the votes (with empty text).
    """
    table = read_csv_table(path, required=("participant", "statement", "vote"))
    i_participant, i_statement = table.index("participant"), table.index("statement")
    i_vote, i_time = table.index("vote"), table.find("time")
    statement_list = list(read_statements_csv(statements)) if statements is not None else []
    statement_index = {st.id: k for k, st in enumerate(statement_list)}
    participant_index: dict[str, int] = {}
    n_rows = len(table.rows)
    participant = np.empty(n_rows, dtype=np.int64)
    statement = np.empty(n_rows, dtype=np.int64)
    value = np.empty(n_rows, dtype=np.int8)
    time = np.empty(n_rows, dtype=np.float64)
    time_is_iso: bool | None = None
    first_line: dict[tuple[int, int], int] = {}
    for k, row in enumerate(table.rows):
        pid = required_id(table, k, "participant id", row[i_participant])
        sid = required_id(table, k, "statement id", row[i_statement])
        vote = VOTE_WORDS.get(row[i_vote].strip().lower())
        if vote is None:
            raise table.error(k, f"unknown vote value {row[i_vote]!r}; accepted: {ACCEPTED_VOTES}")
        p = participant_index.setdefault(pid, len(participant_index))
        s = statement_index.get(sid)
        if s is None:
            s = statement_index[sid] = len(statement_list)
            statement_list.append(Statement(sid))
        participant[k], statement[k], value[k] = p, s, vote
        if i_time is None:
            if (p, s) in first_line:
                raise table.error(
                    k,
                    f"duplicate vote of participant {pid!r} on statement {sid!r} (lines "
                    f"{first_line[p, s]} and {table.lines[k]}); remove one, or add a time "
                    "column so that the latest vote counts",
                )
            first_line[p, s] = table.lines[k]
        else:
            time[k], is_iso = _parse_time(table, k, row[i_time])
            if time_is_iso is None:
                time_is_iso = is_iso
            elif is_iso != time_is_iso:
                raise table.error(
                    k,
                    "the time column mixes numbers and ISO date-times; use one kind throughout",
                )
    votes: tuple[npt.ArrayLike, npt.ArrayLike, npt.ArrayLike] = (participant, statement, value)
    if i_time is not None:
        votes = latest_votes(participant, statement, value, time)
    conversation = conversation_from_votes(list(participant_index), statement_list, *votes, source=table.path)
    return conversation if strata is None else with_strata(conversation, strata)


def write_csv_rows(
    path: PathLike, rows: Iterable[Sequence[object]], header: Sequence[str] | None = None
) -> None:
    """Write UTF-8 CSV with CRLF line ends (RFC 4180), so that a lone CR or LF inside a
    text is quoted and survives reading back."""
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        if header is not None:
            writer.writerow(header)
        writer.writerows(rows)


def write_votes_csv(path: PathLike, conversation: Conversation) -> None:
    """Write `participant,statement,vote` with votes as 1, -1 or 0."""
    pids, sids = conversation.participant_ids, conversation.statement_ids
    rows = (
        (pids[p], sids[s], int(v))
        for p, s, v in zip(
            conversation.participant.tolist(),
            conversation.statement.tolist(),
            conversation.value.tolist(),
            strict=True,
        )
    )
    write_csv_rows(path, rows, ("participant", "statement", "vote"))


def write_statements_csv(path: PathLike, statements: Iterable[Statement]) -> None:
    """Write `id,text,text_zh,moderated,is_meta`."""
    rows = (
        (st.id, st.text, st.text_zh, st.moderated, "true" if st.is_meta else "false") for st in statements
    )
    write_csv_rows(path, rows, ("id", "text", "text_zh", "moderated", "is_meta"))


def write_strata_csv(path: PathLike, conversation: Conversation) -> None:
    """Write `participant,<attribute>...`; an undeclared label is left blank."""
    names = list(conversation.strata)
    rows = (
        (pid, *(conversation.strata[name][k] or "" for name in names))
        for k, pid in enumerate(conversation.participant_ids)
    )
    write_csv_rows(path, rows, ("participant", *names))


def write_groups_csv(path: PathLike, groups: Mapping[str, object | None]) -> None:
    """Write `participant,group`; a participant without a group gets a blank."""
    rows = ((pid, "" if group is None else group) for pid, group in groups.items())
    write_csv_rows(path, rows, ("participant", "group"))
