"""Request and response bodies of the JSON API (pydantic), with the limits the services
enforce stated up front so the OpenAPI document tells clients about them."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tracktwo.dialogue.text_rules import CODE_MAX, DESCRIPTION_MAX, NOTE_MAX, STATEMENT_MAX, TITLE_MAX
from tracktwo.dialogue.views import DialogueView, InviteView, StatementView

PolicyArea = Literal["safety_evaluation", "lab_accountability", "bio_risk", "ip", "general"]
TranslationState = Literal["original", "human_verified", "machine", "missing"]
Language = Literal["en", "zh"]


class Problem(BaseModel):
    """Every error of the API: a problem document (RFC 9457), media type application/problem+json."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str


_PROBLEM_CONTENT = {"application/problem+json": {"schema": Problem.model_json_schema()}}
# The errors an API operation may answer with, so the OpenAPI document describes what
# clients really receive (FastAPI would otherwise document its own 422 body, which this
# API never sends).
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"description": description, "content": _PROBLEM_CONTENT}
    for status, description in (
        (400, "The body could not be read (not UTF-8 or not parseable)"),
        (401, "Not signed in: no or no valid token"),
        (403, "Not allowed (wrong password, used invite, terms not accepted, dialogue closed...)"),
        (404, "No such dialogue, statement or invite (or not yours)"),
        (409, "Conflicts with the current state"),
        (422, "Invalid input; the detail names the field or line at fault"),
        (429, "Too many requests; see Retry-After"),
        (503, "The store is unavailable"),
    )
}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TokenRequest(Strict):
    email: str = Field(max_length=254)
    password: str = Field(max_length=1024)
    label: str = Field(default="api", max_length=120)


class TokenResponse(BaseModel):
    token: str
    token_type: Literal["bearer"] = "bearer"


class DialogueCreate(Strict):
    title_en: str = Field(max_length=TITLE_MAX)
    title_zh: str = Field(max_length=TITLE_MAX)
    description_en: str = Field(default="", max_length=DESCRIPTION_MAX)
    description_zh: str = Field(default="", max_length=DESCRIPTION_MAX)
    countries: list[str] = Field(default_factory=lambda: ["US", "CN"], max_length=20)
    sectors: list[str] = Field(
        default_factory=lambda: ["science", "civil_society", "academia", "policy"], max_length=20
    )
    privacy_k: int = Field(default=5, ge=2, le=100)
    moderation: Literal["strict", "loose"] = "strict"
    allow_submissions: bool = True
    show_map: bool = True
    opens_at: datetime | None = None
    closes_at: datetime | None = None


class DialogueOut(BaseModel):
    slug: str
    title_en: str
    title_zh: str
    description_en: str
    description_zh: str
    countries: list[str]
    sectors: list[str]
    privacy_k: int
    moderation: str
    allow_submissions: bool
    show_map: bool
    simulated: bool
    opens_at: datetime | None
    closes_at: datetime | None
    closed_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, view: DialogueView) -> DialogueOut:
        return cls(
            slug=view.slug,
            title_en=view.title_en,
            title_zh=view.title_zh,
            description_en=view.description_en,
            description_zh=view.description_zh,
            countries=list(view.countries),
            sectors=list(view.sectors),
            privacy_k=view.privacy_k,
            moderation=view.moderation,
            allow_submissions=view.allow_submissions,
            show_map=view.show_map,
            simulated=view.simulated,
            opens_at=view.opens_at,
            closes_at=view.closes_at,
            closed_at=view.closed_at,
            created_at=view.created_at,
        )


class StatementIn(Strict):
    text_en: str = Field(default="", max_length=STATEMENT_MAX)
    text_zh: str = Field(default="", max_length=STATEMENT_MAX)
    policy_area: PolicyArea = "general"
    translation_en: TranslationState | None = None
    translation_zh: TranslationState | None = None
    is_meta: bool = False


class StatementsIn(Strict):
    statements: list[StatementIn] = Field(min_length=1, max_length=1000)


class StatementImport(Strict):
    format: Literal["csv", "polis_comments"]
    content: str = Field(max_length=2_000_000)
    language: Language = "en"  # of a Pol.is comments.csv


class LibraryPick(Strict):
    ids: list[str] = Field(min_length=1, max_length=500)


class Moderation(Strict):
    state: Literal["pending", "accepted", "rejected"]


class StatementOut(BaseModel):
    id: int
    text_en: str
    text_zh: str
    translation_en: str
    translation_zh: str
    policy_area: str
    origin: str
    library_id: str | None
    state: str
    is_meta: bool

    @classmethod
    def of(cls, view: StatementView) -> StatementOut:
        return cls(
            id=view.id,
            text_en=view.text_en,
            text_zh=view.text_zh,
            translation_en=view.translation_en,
            translation_zh=view.translation_zh,
            policy_area=view.policy_area,
            origin=view.origin,
            library_id=view.library_id,
            state=view.state,
            is_meta=view.is_meta,
        )


class InviteIn(Strict):
    country: str = Field(max_length=CODE_MAX)
    sector: str = Field(max_length=CODE_MAX)
    note: str = Field(default="", max_length=NOTE_MAX)
    language: Language = "en"
    count: int = Field(default=1, ge=1, le=500)


class InvitesIn(Strict):
    invites: list[InviteIn] = Field(min_length=1, max_length=100)


class NewInviteOut(BaseModel):
    participant: int
    country: str
    sector: str
    note: str
    token: str
    link: str


class InviteOut(BaseModel):
    participant: int
    country: str
    sector: str
    note: str
    created_at: datetime
    redeemed: bool
    withdrawn: bool

    @classmethod
    def of(cls, view: InviteView) -> InviteOut:
        return cls(
            participant=view.participant_id,
            country=view.country,
            sector=view.sector,
            note=view.note,
            created_at=view.created_at,
            redeemed=view.redeemed,
            withdrawn=view.withdrawn,
        )


class SessionRequest(Strict):
    invite: str = Field(max_length=100)


class SessionResponse(BaseModel):
    session_token: str
    token_type: Literal["bearer"] = "bearer"
    language: str


class ParticipantOut(BaseModel):
    country: str
    sector: str
    language: str
    accepted_terms: bool
    dialogue: str


class LanguageIn(Strict):
    language: Language


class VoteIn(Strict):
    statement: int = Field(ge=1, le=2**31 - 1)
    vote: Literal["agree", "disagree", "pass"]
    client_key: str | None = Field(default=None, min_length=1, max_length=64)


class VoteOut(BaseModel):
    vote_id: int
    statement: int
    vote: int
    repeated: bool


class SubmissionIn(Strict):
    text_en: str = Field(default="", max_length=STATEMENT_MAX)
    text_zh: str = Field(default="", max_length=STATEMENT_MAX)
    policy_area: PolicyArea = "general"


class NextStatementOut(BaseModel):
    statement: StatementOut | None
    remaining: int
    voted: int


class PositionOut(BaseModel):
    x: float | None
    y: float | None
    group: int | None
