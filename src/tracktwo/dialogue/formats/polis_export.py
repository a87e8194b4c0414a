"""Pol.is export folders: comments.csv, votes.csv, participants-votes.csv, summary.csv.

Both vote files of an export use agree = 1, disagree = -1, pass = 0 (the sign of
Pol.is's math is flipped back on export), which is also the engine's convention.

- votes.csv (absent from some exports) holds every vote cast, re-votes included; the
  latest per participant and statement counts. Where it is present it is the source.
- participants-votes.csv has one row per participant: `participant`, sometimes `xid`,
  Pol.is's `group-id` (blank when not clustered), vote counts, then one column per
  comment-id holding the participant's current vote (blank when none).
- comments.csv: `comment-id`, `moderated` (1 accepted, 0 unmoderated, -1 rejected),
  optional `is-meta`, `comment-body`. Its `agrees`/`disagrees` count every vote row,
  superseded re-votes included, so they need not match the current votes.
- summary.csv: `key,value` lines (topic, voters, comments, groups, ...).

When every id is a decimal integer (always, in real exports) participants and
statements are ordered by number, so the result does not depend on which vote file
was read. Strata and `strict_moderation` have no place in a Pol.is export.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from tracktwo.consensus.errors import InputError
from tracktwo.consensus.votes import Conversation, Statement, latest_votes
from tracktwo.dialogue.formats.plain_csv import (
    CsvTable,
    PathLike,
    conversation_from_votes,
    numeric_order,
    parse_bool,
    parse_moderated,
    read_csv_records,
    read_csv_table,
    required_id,
    write_csv_rows,
)

COMMENTS = "comments.csv"
VOTES = "votes.csv"
PARTICIPANTS_VOTES = "participants-votes.csv"
SUMMARY = "summary.csv"

# Not Pol.is: written only when a statement has a Chinese text, so it survives a round trip.
COMMENT_BODY_ZH = "comment-body-zh"

_VOTE_CELLS = ("1", "-1", "0", "")
_ACCEPTED_POLIS_VOTES = "1 (agree), -1 (disagree), 0 (pass)"
_FOLDER_HINT = (
    "a Pol.is export folder has comments.csv and participants-votes.csv (and often votes.csv and summary.csv)"
)
_WRITE_CHUNK = 2048


@dataclass(frozen=True)
class PolisExport:
    """A Pol.is export read into engine values.

    `polis_groups` maps every participant id to Pol.is's `group-id`, or None when Pol.is
    did not cluster them (or the participant appears only in votes.csv).
    `vote_source` names the file the votes came from; `superseded_votes` counts the
    re-votes dropped because a later vote replaced them.
    """

    conversation: Conversation
    polis_groups: Mapping[str, int | None]
    summary: Mapping[str, str]
    vote_source: str
    superseded_votes: int = 0


@dataclass(frozen=True)
class _ParticipantsVotes:
    participant_ids: list[str]
    groups: list[int | None]
    statement_ids: list[str]
    participant: npt.NDArray[np.int64]
    statement: npt.NDArray[np.int64]
    value: npt.NDArray[np.int8]


def _read_comments(path: Path) -> list[Statement]:
    table = read_csv_table(path, required=("comment-id", "moderated", "comment-body"))
    i_id, i_mod = table.index("comment-id"), table.index("moderated")
    i_body, i_meta = table.index("comment-body"), table.find("is-meta")
    i_zh = table.find(COMMENT_BODY_ZH)
    statements: list[Statement] = []
    first_line: dict[str, int] = {}
    for k, row in enumerate(table.rows):
        comment_id = required_id(table, k, "comment-id", row[i_id])
        if comment_id in first_line:
            raise table.error(
                k,
                f"comment-id {comment_id!r} appears twice (lines {first_line[comment_id]} "
                f"and {table.lines[k]})",
            )
        first_line[comment_id] = table.lines[k]
        statements.append(
            Statement(
                id=comment_id,
                text=row[i_body],
                moderated=parse_moderated(table, k, "moderated", row[i_mod]),
                is_meta=False if i_meta is None else parse_bool(table, k, "is-meta", row[i_meta]),
                text_zh="" if i_zh is None else row[i_zh],
            )
        )
    return statements


def _parse_group(table: CsvTable, row: int, text: str) -> int | None:
    value = text.strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise table.error(row, f"cannot read group-id {text!r}; expected a whole number or a blank") from None


def _read_participants_votes(path: Path, *, with_votes: bool) -> _ParticipantsVotes:
    table = read_csv_table(path, required=("participant", "group-id", "n-disagree"))
    i_participant, i_group = table.index("participant"), table.index("group-id")
    first = table.index("n-disagree") + 1
    statement_ids = list(table.header[first:])
    participant_ids: list[str] = []
    groups: list[int | None] = []
    first_line: dict[str, int] = {}
    for k, row in enumerate(table.rows):
        pid = required_id(table, k, "participant", row[i_participant])
        if pid in first_line:
            raise table.error(
                k, f"participant {pid!r} appears twice (lines {first_line[pid]} and {table.lines[k]})"
            )
        first_line[pid] = table.lines[k]
        participant_ids.append(pid)
        groups.append(_parse_group(table, k, row[i_group]))
    empty = np.empty(0, dtype=np.int64)
    if not with_votes or not table.rows or not statement_ids:
        return _ParticipantsVotes(participant_ids, groups, statement_ids, empty, empty, empty.astype(np.int8))
    cells = np.array([row[first:] for row in table.rows], dtype=str)
    valid = np.isin(cells, _VOTE_CELLS)
    if not valid.all():
        cells = np.char.strip(cells)
        valid = np.isin(cells, _VOTE_CELLS)
        if not valid.all():
            bad_row, bad_column = (int(x[0]) for x in np.nonzero(~valid))
            raise table.error(
                bad_row,
                f"unknown vote value {table.rows[bad_row][first + bad_column]!r} in column "
                f"{statement_ids[bad_column]!r}; accepted: {_ACCEPTED_POLIS_VOTES} "
                "or a blank for no vote",
            )
    codes = np.zeros(cells.shape, dtype=np.int8)
    codes[cells == "1"] = 1
    codes[cells == "-1"] = -1
    participant, statement = np.nonzero(cells != "")
    return _ParticipantsVotes(
        participant_ids,
        groups,
        statement_ids,
        participant.astype(np.int64),
        statement.astype(np.int64),
        codes[participant, statement],
    )


def _int_column(
    table: CsvTable, column: str, *, allowed: Sequence[int] | None = None, blank: int | None = None
) -> npt.NDArray[np.int64]:
    """One column of whole numbers; `blank` stands in for an empty cell (else an error)."""
    position = table.index(column)
    texts = [row[position].strip() for row in table.rows]
    if blank is not None:
        texts = [text or str(blank) for text in texts]
    try:
        values = np.array(texts, dtype=np.int64)
    except (ValueError, OverflowError):
        for k, text in enumerate(texts):
            try:
                np.int64(int(text))
            except (ValueError, OverflowError):
                raise table.error(k, f"cannot read {column} {text!r}; expected a whole number") from None
        raise
    if allowed is not None and values.size:
        bad = np.flatnonzero(~np.isin(values, allowed))
        if bad.size:
            k = int(bad[0])
            accepted = _ACCEPTED_POLIS_VOTES if column == "vote" else ", ".join(map(str, allowed))
            raise table.error(k, f"unknown {column} value {texts[k]!r}; accepted: {accepted}")
    return values.reshape(len(texts))


def _read_summary(path: Path) -> Mapping[str, str]:
    if not path.exists():
        return MappingProxyType({})
    summary: dict[str, str] = {}
    for _, record in read_csv_records(path):
        key = record[0].strip()
        if key:
            summary[key] = ",".join(record[1:])
    return MappingProxyType(summary)


def _index(ids: list[str], known: dict[str, int], texts: Sequence[str]) -> npt.NDArray[np.int64]:
    """Indices of `texts` in `ids`, appending unseen ids in order of appearance."""
    out = np.empty(len(texts), dtype=np.int64)
    for k, text in enumerate(texts):
        position = known.get(text)
        if position is None:
            position = known[text] = len(ids)
            ids.append(text)
        out[k] = position
    return out


def _reorder(ids: Sequence[str], index: npt.NDArray[np.int64]) -> tuple[list[int], npt.NDArray[np.int64]]:
    """Numeric order of ids (when all are numbers) and the index remapped to it."""
    order = numeric_order(ids)
    if order is None:
        return list(range(len(ids))), index
    new_position = np.empty(len(ids), dtype=np.int64)
    new_position[order] = np.arange(len(ids), dtype=np.int64)
    return order, new_position[index]


def read_polis_export(folder: PathLike) -> PolisExport:
    """Read a Pol.is export folder.

    Votes come from votes.csv when present (re-votes resolved to the latest by
    timestamp), otherwise from the vote columns of participants-votes.csv.
    """
    root = Path(folder)
    if not root.is_dir():
        raise InputError(f"not a folder; {_FOLDER_HINT}", path=str(root))
    comments_path, votes_path = root / COMMENTS, root / VOTES
    pv_path = root / PARTICIPANTS_VOTES
    if not comments_path.is_file():
        raise InputError(f"{COMMENTS} is missing; {_FOLDER_HINT}", path=str(root))
    if not pv_path.is_file() and not votes_path.is_file():
        raise InputError(
            f"neither {PARTICIPANTS_VOTES} nor {VOTES} is present; {_FOLDER_HINT}", path=str(root)
        )
    statements = _read_comments(comments_path)
    statement_ids = [st.id for st in statements]
    statement_known = {sid: k for k, sid in enumerate(statement_ids)}
    participant_ids: list[str] = []
    participant_known: dict[str, int] = {}
    groups: list[int | None] = []
    use_votes_file = votes_path.is_file()
    participant = statement = np.empty(0, dtype=np.int64)
    value = np.empty(0, dtype=np.int8)
    superseded = 0
    source = str(votes_path if use_votes_file else pv_path)

    if pv_path.is_file():
        pv = _read_participants_votes(pv_path, with_votes=not use_votes_file)
        _index(participant_ids, participant_known, pv.participant_ids)
        groups.extend(pv.groups)
        column_index = _index(statement_ids, statement_known, pv.statement_ids)
        if not use_votes_file:
            participant, statement, value = pv.participant, column_index[pv.statement], pv.value

    if use_votes_file:
        table = read_csv_table(votes_path, required=("timestamp", "comment-id", "voter-id", "vote"))
        i_comment, i_voter = table.index("comment-id"), table.index("voter-id")
        voters = [required_id(table, k, "voter-id", row[i_voter]) for k, row in enumerate(table.rows)]
        comments = [required_id(table, k, "comment-id", row[i_comment]) for k, row in enumerate(table.rows)]
        raw_value = _int_column(table, "vote", allowed=(1, -1, 0))
        # A blank timestamp (unknown) sorts before every known one; ties keep file order.
        timestamp = _int_column(table, "timestamp", blank=np.iinfo(np.int64).min)
        raw_participant = _index(participant_ids, participant_known, voters)
        raw_statement = _index(statement_ids, statement_known, comments)
        kept_participant, kept_statement, value = latest_votes(
            raw_participant, raw_statement, raw_value, timestamp
        )
        participant, statement = kept_participant.astype(np.int64), kept_statement.astype(np.int64)
        superseded = len(table.rows) - int(value.size)

    groups.extend([None] * (len(participant_ids) - len(groups)))
    statements.extend(Statement(sid) for sid in statement_ids[len(statements) :])
    participant_order, participant = _reorder(participant_ids, participant)
    statement_order, statement = _reorder(statement_ids, statement)
    ordered_ids = [participant_ids[k] for k in participant_order]
    conversation = conversation_from_votes(
        ordered_ids,
        [statements[k] for k in statement_order],
        participant,
        statement,
        value,
        source=source,
    )
    polis_groups = MappingProxyType({participant_ids[k]: groups[k] for k in participant_order})
    return PolisExport(
        conversation=conversation,
        polis_groups=polis_groups,
        summary=_read_summary(root / SUMMARY),
        vote_source=Path(source).name,
        superseded_votes=superseded,
    )


def _participant_rows(conversation: Conversation, groups: Mapping[str, int | None]) -> Iterator[list[object]]:
    """participants-votes.csv rows, built densely a block of participants at a time."""
    n_p, n_s = conversation.n_participants, conversation.n_statements
    p = conversation.participant.astype(np.int64)
    s = conversation.statement.astype(np.int64)
    v = conversation.value.astype(np.int64)
    order = np.lexsort((s, p))
    p, s, v = p[order], s[order], v[order]
    bounds = np.searchsorted(p, np.arange(n_p + 1))
    agrees = np.bincount(p, weights=v == 1, minlength=n_p).astype(np.int64).tolist()
    disagrees = np.bincount(p, weights=v == -1, minlength=n_p).astype(np.int64).tolist()
    seen = np.bincount(p, minlength=n_p).astype(np.int64).tolist()
    symbols = np.array(["-1", "0", "1"])
    for start in range(0, n_p, _WRITE_CHUNK):
        stop = min(start + _WRITE_CHUNK, n_p)
        lo, hi = bounds[start], bounds[stop]
        block = np.full((stop - start, n_s), "", dtype="<U2")
        block[p[lo:hi] - start, s[lo:hi]] = symbols[v[lo:hi] + 1]
        for offset, cells in enumerate(block.tolist()):
            k = start + offset
            pid = conversation.participant_ids[k]
            group = groups.get(pid)
            yield [
                pid,
                "" if group is None else int(group),
                0,
                seen[k],
                agrees[k],
                disagrees[k],
                *cells,
            ]


def write_polis_export(
    folder: PathLike,
    conversation: Conversation,
    groups: Mapping[str, int | None] | None = None,
    *,
    summary: Mapping[str, str] | None = None,
) -> Path:
    """Write comments.csv, votes.csv, participants-votes.csv and summary.csv in Pol.is's layout.

    `groups` fills the `group-id` column (blank for participants missing or None);
    `summary` adds or replaces summary.csv entries (topic, url, description, ...).
    Timestamps, authors and dates are unknown and left blank; n-comments is 0. Reading
    the folder back gives an equal conversation, except for strata and strict moderation
    (a Pol.is export has no place for them). Returns the folder.
    """
    root = Path(folder)
    groups = groups or {}
    known = set(conversation.participant_ids)
    unknown = sorted(pid for pid in groups if pid not in known)
    if unknown:
        raise InputError(
            f"groups name {len(unknown)} participant(s) not in the conversation, for example {unknown[0]!r}"
        )
    root.mkdir(parents=True, exist_ok=True)
    pids, statements = conversation.participant_ids, conversation.statements
    n_s = conversation.n_statements
    statement = conversation.statement.astype(np.int64)
    value = conversation.value
    agrees = np.bincount(statement, weights=value == 1, minlength=n_s).astype(np.int64).tolist()
    disagrees = np.bincount(statement, weights=value == -1, minlength=n_s).astype(np.int64).tolist()
    with_zh = any(st.text_zh for st in statements)
    write_csv_rows(
        root / COMMENTS,
        (
            [
                *("", "", st.id, "", agrees[k], disagrees[k], st.moderated),
                *("true" if st.is_meta else "false", st.text),
                *([st.text_zh] if with_zh else []),
            ]
            for k, st in enumerate(statements)
        ),
        [
            *("timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees"),
            *("moderated", "is-meta", "comment-body"),
            *([COMMENT_BODY_ZH] if with_zh else []),
        ],
    )
    # Pol.is lists votes comment by comment
    order = np.lexsort((conversation.participant, conversation.statement))
    write_csv_rows(
        root / VOTES,
        (
            ("", "", statements[s].id, pids[p], v)
            for p, s, v in zip(
                conversation.participant[order].tolist(),
                conversation.statement[order].tolist(),
                value[order].tolist(),
                strict=True,
            )
        ),
        ("timestamp", "datetime", "comment-id", "voter-id", "vote"),
    )
    write_csv_rows(
        root / PARTICIPANTS_VOTES,
        _participant_rows(conversation, groups),
        [
            *("participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"),
            *(st.id for st in statements),
        ],
    )
    entries: dict[str, object] = {
        "topic": "",
        "url": "",
        "views": "",
        "voters": len(pids),
        "voters-in-conv": len(pids),
        "commenters": "",
        "comments": n_s,
        "groups": len({group for group in groups.values() if group is not None}),
        "conversation-description": "",
    }
    entries.update(summary or {})
    write_csv_rows(root / SUMMARY, entries.items())
    return root
