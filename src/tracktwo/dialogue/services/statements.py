"""Statements: seeded by the organiser (one by one, CSV, Pol.is comments.csv, library),
submitted by participants, moderated.

A statement needs a text in at least one language; the other may be missing until a
human (or the optional machine-translation hook) provides it. Each language carries
the state of its translation so readers know what they read.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracktwo.dialogue.errors import Forbidden, InvalidInput, NotFound
from tracktwo.dialogue.services.audit import record
from tracktwo.dialogue.services.dialogues import dialogue_row, dialogue_view
from tracktwo.dialogue.store.schema import Dialogue, Participant, StatementRow, utc_now
from tracktwo.dialogue.text_rules import (
    POLICY_AREAS,
    STATEMENT_MAX,
    TRANSLATION_STATES,
    check_choice,
    clean_text,
)
from tracktwo.dialogue.views import StatementView

MAX_IMPORT_ROWS = 1000
MAX_IMPORT_BYTES = 2_000_000
STATES = ("pending", "accepted", "rejected")
MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL
_LINE_BREAKS = re.compile(r"[ \t]*[\r\n\t]+[ \t]*")


@dataclass(frozen=True)
class StatementDraft:
    """A statement before it is stored; states default from which texts are present."""

    text_en: str = ""
    text_zh: str = ""
    policy_area: str = "general"
    translation_en: str | None = None
    translation_zh: str | None = None
    is_meta: bool = False


def statement_row(session: Session, statement_id: int) -> StatementRow | None:
    """The statement with this id, or None; an id outside the column's range (PostgreSQL's
    integer) is simply not found rather than an error of the database."""
    if not 0 < statement_id <= MAX_ID:
        return None
    return session.get(StatementRow, statement_id)


def get_statement(session: Session, dialogue_id: int, statement_id: int) -> StatementView:
    """One statement of the dialogue, or NotFound."""
    row = statement_row(session, statement_id)
    if row is None or row.dialogue_id != dialogue_id:
        raise NotFound(f"no statement {statement_id} in this dialogue")
    return statement_view(row)


def statement_view(row: StatementRow) -> StatementView:
    return StatementView(
        id=row.id,
        dialogue_id=row.dialogue_id,
        text_en=row.text_en,
        text_zh=row.text_zh,
        translation_en=row.translation_en,
        translation_zh=row.translation_zh,
        policy_area=row.policy_area,
        origin=row.origin,
        library_id=row.library_id,
        state=row.state,
        is_meta=row.is_meta,
        created_at=row.created_at,
    )


def _translation_state(given: str | None, text: str, field: str) -> str:
    if not text:
        return "missing"
    if given is None or given == "missing":
        return "original"
    return check_choice(given, field, TRANSLATION_STATES)


def validated_columns(draft: StatementDraft) -> dict[str, object]:
    text_en = clean_text(draft.text_en, "English text", max_length=STATEMENT_MAX, required=False)
    text_zh = clean_text(draft.text_zh, "Chinese text", max_length=STATEMENT_MAX, required=False)
    if not text_en and not text_zh:
        raise InvalidInput("a statement needs a text in English or Chinese")
    return {
        "text_en": text_en,
        "text_zh": text_zh,
        "translation_en": _translation_state(draft.translation_en, text_en, "English translation state"),
        "translation_zh": _translation_state(draft.translation_zh, text_zh, "Chinese translation state"),
        "policy_area": check_choice(draft.policy_area or "general", "policy area", POLICY_AREAS),
        "is_meta": bool(draft.is_meta),
    }


def add_statements(
    session: Session,
    slug: str,
    organiser_id: int,
    drafts: Iterable[StatementDraft],
    *,
    origin: str = "seed",
    library_ids: Iterable[str | None] | None = None,
) -> tuple[StatementView, ...]:
    """Seed statements (accepted at once: the organiser wrote or chose them)."""
    dialogue = dialogue_row(session, slug, organiser_id)
    drafts = list(drafts)
    ids = list(library_ids) if library_ids is not None else [None] * len(drafts)
    rows = []
    for number, (draft, library_id) in enumerate(zip(drafts, ids, strict=True), start=1):
        try:
            columns = validated_columns(draft)
        except InvalidInput as error:
            raise InvalidInput(f"statement {number}: {error}") from None
        rows.append(
            StatementRow(
                dialogue_id=dialogue.id, origin=origin, library_id=library_id, state="accepted", **columns
            )
        )
    session.add_all(rows)
    session.flush()
    record(
        session,
        "statement.add",
        organiser_id=organiser_id,
        dialogue_id=dialogue.id,
        origin=origin,
        count=len(rows),
    )
    return tuple(statement_view(row) for row in rows)


def drafts_from_csv(data: bytes | str) -> list[StatementDraft]:
    """Statements from a CSV with a header: text_en and/or text_zh, optional policy_area,
    translation_en, translation_zh, is_meta. Errors name the line."""
    text = _decoded(data)
    reader = csv.DictReader(io.StringIO(text))
    columns = set(reader.fieldnames or ())
    if not columns & {"text_en", "text_zh"}:
        raise InvalidInput("the CSV needs a header with a text_en or text_zh column")
    drafts = []
    for row in reader:
        if reader.line_num > MAX_IMPORT_ROWS + 1:
            raise InvalidInput(f"the CSV has more than {MAX_IMPORT_ROWS} statements")
        if None in row:
            raise InvalidInput(f"line {reader.line_num}: more fields than the header has")
        draft = StatementDraft(
            text_en=row.get("text_en") or "",
            text_zh=row.get("text_zh") or "",
            policy_area=(row.get("policy_area") or "general").strip(),
            translation_en=(row.get("translation_en") or None),
            translation_zh=(row.get("translation_zh") or None),
            is_meta=(row.get("is_meta") or "").strip().lower() in {"1", "true", "yes"},
        )
        drafts.append(_checked(draft, reader.line_num))
    if not drafts:
        raise InvalidInput("the CSV has no statements")
    return drafts


def drafts_from_polis_comments(data: bytes | str, language: str = "en") -> list[StatementDraft]:
    """Statements from a Pol.is `comments.csv` (`comment-body`; moderated-out rows skipped)."""
    text = _decoded(data)
    reader = csv.DictReader(io.StringIO(text))
    if "comment-body" not in (reader.fieldnames or ()):
        raise InvalidInput("not a Pol.is comments.csv: no comment-body column")
    drafts = []
    for row in reader:
        if reader.line_num > MAX_IMPORT_ROWS + 1:
            raise InvalidInput(f"the file has more than {MAX_IMPORT_ROWS} comments")
        if (row.get("moderated") or "").strip() == "-1":
            continue
        # Pol.is comments may hold line breaks; a statement is one line, so they become spaces.
        body = _LINE_BREAKS.sub(" ", row.get("comment-body") or "")
        draft = StatementDraft(text_zh=body) if language == "zh" else StatementDraft(text_en=body)
        drafts.append(_checked(draft, reader.line_num))
    if not drafts:
        raise InvalidInput("the comments file has no statements to import")
    return drafts


def _checked(draft: StatementDraft, line: int) -> StatementDraft:
    """`draft` once `validated_columns` accepts it; its error otherwise, naming the file's line."""
    try:
        validated_columns(draft)
    except InvalidInput as error:
        raise InvalidInput(f"line {line}: {error}") from None
    return draft


def _decoded(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    if len(data) > MAX_IMPORT_BYTES:
        raise InvalidInput(f"the file is larger than {MAX_IMPORT_BYTES // 1_000_000} MB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(f"the file is not UTF-8 text (byte {error.start})") from None


def submit_statement(session: Session, participant_id: int, draft: StatementDraft) -> StatementView:
    """A participant's statement: pending under strict moderation, accepted under loose."""
    participant = session.get(Participant, participant_id)
    if participant is None or participant.withdrawn_at is not None:
        raise NotFound("no such participant")
    dialogue = dialogue_view(_dialogue_of(session, participant))
    if not dialogue.allow_submissions:
        raise Forbidden("this dialogue does not take statements from participants")
    if not dialogue.is_open(utc_now()):
        raise Forbidden("this dialogue is not open")
    columns = validated_columns(StatementDraft(draft.text_en, draft.text_zh, draft.policy_area))
    state = "pending" if dialogue.moderation == "strict" else "accepted"
    row = StatementRow(
        dialogue_id=dialogue.id,
        origin="participant",
        state=state,
        author_participant_id=participant.id,
        **columns,
    )
    session.add(row)
    session.flush()
    return statement_view(row)


def _dialogue_of(session: Session, participant: Participant) -> Dialogue:
    row = session.get(Dialogue, participant.dialogue_id)
    if row is None:
        raise NotFound("no such dialogue")
    return row


def moderate_statement(
    session: Session, slug: str, organiser_id: int, statement_id: int, state: str
) -> StatementView:
    dialogue = dialogue_row(session, slug, organiser_id)
    check_choice(state, "moderation state", STATES)
    row = statement_row(session, statement_id)
    if row is None or row.dialogue_id != dialogue.id:
        raise NotFound(f"no statement {statement_id} in this dialogue")
    if row.state != state:
        record(
            session,
            "statement.moderate",
            organiser_id=organiser_id,
            dialogue_id=dialogue.id,
            statement=statement_id,
            before=row.state,
            after=state,
        )
        row.state = state
    return statement_view(row)


def edit_statement(
    session: Session, slug: str, organiser_id: int, statement_id: int, draft: StatementDraft
) -> StatementView:
    """Correct a text or its translation (e.g. after a human verified a machine translation)."""
    dialogue = dialogue_row(session, slug, organiser_id)
    row = statement_row(session, statement_id)
    if row is None or row.dialogue_id != dialogue.id:
        raise NotFound(f"no statement {statement_id} in this dialogue")
    columns = validated_columns(draft)
    for key, value in columns.items():
        setattr(row, key, value)
    record(
        session, "statement.edit", organiser_id=organiser_id, dialogue_id=dialogue.id, statement=statement_id
    )
    return statement_view(row)


def list_statements(
    session: Session, dialogue_id: int, states: tuple[str, ...] = STATES
) -> tuple[StatementView, ...]:
    rows = session.scalars(
        select(StatementRow)
        .where(StatementRow.dialogue_id == dialogue_id, StatementRow.state.in_(states))
        .order_by(StatementRow.id)
    )
    return tuple(statement_view(row) for row in rows)
