"""Dialogues: creation with their strata and privacy settings, lookup, closing."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracktwo.dialogue.errors import InvalidInput, NotFound
from tracktwo.dialogue.services.audit import record
from tracktwo.dialogue.store.schema import Dialogue, utc_now
from tracktwo.dialogue.text_rules import DESCRIPTION_MAX, TITLE_MAX, check_choice, clean_code, clean_text
from tracktwo.dialogue.views import DialogueView

MIN_PRIVACY_K = 2  # k = 1 would show single people's votes
MAX_PRIVACY_K = 100
MAX_STRATA = 20
SLUG_MAX = 40  # the column's width


@dataclass(frozen=True)
class DialogueSpec:
    """What an organiser decides when creating a dialogue."""

    title_en: str
    title_zh: str
    description_en: str = ""
    description_zh: str = ""
    countries: tuple[str, ...] = ("US", "CN")
    sectors: tuple[str, ...] = ("science", "civil_society", "academia", "policy")
    privacy_k: int = 5
    moderation: str = "strict"  # strict: submissions wait for approval; loose: shown at once
    allow_submissions: bool = True
    show_map: bool = True
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    simulated: bool = False


def _codes(values: tuple[str, ...], field_name: str) -> list[str]:
    codes = [clean_code(value, field_name) for value in values]
    if not codes:
        raise InvalidInput(f"declare at least one {field_name}")
    if len(codes) > MAX_STRATA:
        raise InvalidInput(f"at most {MAX_STRATA} values of {field_name}")
    if len(set(codes)) != len(codes):
        raise InvalidInput(f"the {field_name} list repeats a value")
    return codes


def validate_spec(spec: DialogueSpec) -> dict[str, object]:
    """The columns of a new dialogue, or InvalidInput naming the field at fault."""
    if not MIN_PRIVACY_K <= spec.privacy_k <= MAX_PRIVACY_K:
        raise InvalidInput(f"privacy threshold k must be between {MIN_PRIVACY_K} and {MAX_PRIVACY_K}")
    for moment in (spec.opens_at, spec.closes_at):
        if moment is not None and moment.tzinfo is None:
            raise InvalidInput("opening and closing times need a time zone")
    if spec.opens_at and spec.closes_at and spec.closes_at <= spec.opens_at:
        raise InvalidInput("the dialogue must close after it opens")
    return {
        "title_en": clean_text(spec.title_en, "English title", max_length=TITLE_MAX),
        "title_zh": clean_text(spec.title_zh, "Chinese title", max_length=TITLE_MAX),
        "description_en": clean_text(
            spec.description_en,
            "English description",
            max_length=DESCRIPTION_MAX,
            required=False,
            multiline=True,
        ),
        "description_zh": clean_text(
            spec.description_zh,
            "Chinese description",
            max_length=DESCRIPTION_MAX,
            required=False,
            multiline=True,
        ),
        "countries": json.dumps(_codes(spec.countries, "country")),
        "sectors": json.dumps(_codes(spec.sectors, "sector")),
        "privacy_k": spec.privacy_k,
        "moderation": check_choice(spec.moderation, "moderation", ("strict", "loose")),
        "allow_submissions": bool(spec.allow_submissions),
        "show_map": bool(spec.show_map),
        "opens_at": spec.opens_at,
        "closes_at": spec.closes_at,
        "simulated": bool(spec.simulated),
    }


def dialogue_view(row: Dialogue) -> DialogueView:
    return DialogueView(
        id=row.id,
        slug=row.slug,
        organiser_id=row.organiser_id,
        title_en=row.title_en,
        title_zh=row.title_zh,
        description_en=row.description_en,
        description_zh=row.description_zh,
        countries=tuple(json.loads(row.countries)),
        sectors=tuple(json.loads(row.sectors)),
        privacy_k=row.privacy_k,
        moderation=row.moderation,
        allow_submissions=row.allow_submissions,
        show_map=row.show_map,
        simulated=row.simulated,
        opens_at=row.opens_at,
        closes_at=row.closes_at,
        closed_at=row.closed_at,
        created_at=row.created_at,
    )


def create_dialogue(session: Session, organiser_id: int, spec: DialogueSpec) -> DialogueView:
    columns = validate_spec(spec)
    row = Dialogue(slug=secrets.token_hex(6), organiser_id=organiser_id, **columns)
    session.add(row)
    session.flush()
    record(session, "dialogue.create", organiser_id=organiser_id, dialogue_id=row.id, title=row.title_en)
    return dialogue_view(row)


def dialogue_row(session: Session, slug: str, organiser_id: int | None = None) -> Dialogue:
    """The dialogue with this slug (owned by `organiser_id` when given), or NotFound."""
    # A slug from a URL may hold anything; PostgreSQL refuses to even compare text with NUL.
    if len(slug) > SLUG_MAX or not slug.isprintable():
        raise NotFound(f"no dialogue {slug[:SLUG_MAX]!r}")
    row = session.scalar(select(Dialogue).where(Dialogue.slug == slug))
    if row is None or (organiser_id is not None and row.organiser_id != organiser_id):
        raise NotFound(f"no dialogue {slug!r}")
    return row


def get_dialogue(session: Session, slug: str, organiser_id: int | None = None) -> DialogueView:
    return dialogue_view(dialogue_row(session, slug, organiser_id))


def dialogue_by_id(session: Session, dialogue_id: int) -> DialogueView:
    row = session.get(Dialogue, dialogue_id)
    if row is None:
        raise NotFound(f"no dialogue with id {dialogue_id}")
    return dialogue_view(row)


def list_dialogues(session: Session, organiser_id: int) -> tuple[DialogueView, ...]:
    rows = session.scalars(
        select(Dialogue).where(Dialogue.organiser_id == organiser_id).order_by(Dialogue.id.desc())
    )
    return tuple(dialogue_view(row) for row in rows)


def close_dialogue(session: Session, slug: str, organiser_id: int) -> DialogueView:
    row = dialogue_row(session, slug, organiser_id)
    if row.closed_at is None:
        row.closed_at = utc_now()
        record(session, "dialogue.close", organiser_id=organiser_id, dialogue_id=row.id)
    return dialogue_view(row)


def reopen_dialogue(session: Session, slug: str, organiser_id: int) -> DialogueView:
    row = dialogue_row(session, slug, organiser_id)
    if row.closed_at is not None:
        row.closed_at = None
        record(session, "dialogue.reopen", organiser_id=organiser_id, dialogue_id=row.id)
    return dialogue_view(row)
