"""Frozen values the services return: the web and CLI layers never touch ORM rows.

No view that can reach a page carries the author of a statement or the identity
behind a vote (Chatham House).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class OrganiserView:
    id: int
    email: str
    display_name: str


def open_at(
    now: datetime, opens_at: datetime | None, closes_at: datetime | None, closed_at: datetime | None
) -> bool:
    """Votes and submissions are taken only between opening and closing, unless closed."""
    if closed_at is not None:
        return False
    if opens_at is not None and now < opens_at:
        return False
    return not (closes_at is not None and now >= closes_at)


@dataclass(frozen=True)
class DialogueView:
    id: int
    slug: str
    organiser_id: int
    title_en: str
    title_zh: str
    description_en: str
    description_zh: str
    countries: tuple[str, ...]
    sectors: tuple[str, ...]
    privacy_k: int
    moderation: str
    allow_submissions: bool
    show_map: bool
    simulated: bool
    opens_at: datetime | None
    closes_at: datetime | None
    closed_at: datetime | None
    created_at: datetime

    def is_open(self, now: datetime) -> bool:
        return open_at(now, self.opens_at, self.closes_at, self.closed_at)

    def title(self, language: str) -> str:
        return self.title_zh if language == "zh" and self.title_zh else self.title_en

    def description(self, language: str) -> str:
        return self.description_zh if language == "zh" and self.description_zh else self.description_en


@dataclass(frozen=True)
class StatementView:
    id: int
    dialogue_id: int
    text_en: str
    text_zh: str
    translation_en: str
    translation_zh: str
    policy_area: str
    origin: str
    library_id: str | None
    state: str
    is_meta: bool
    created_at: datetime

    def text(self, language: str) -> str:
        """The text in `language`, falling back to the other one when it is missing."""
        preferred, other = (self.text_zh, self.text_en) if language == "zh" else (self.text_en, self.text_zh)
        return preferred or other

    def translation(self, language: str) -> str:
        return self.translation_zh if language == "zh" else self.translation_en


@dataclass(frozen=True)
class InviteView:
    """An invite as the organiser sees it later: its stratum, note and state, never its token."""

    participant_id: int
    country: str
    sector: str
    note: str
    created_at: datetime
    redeemed: bool
    withdrawn: bool


@dataclass(frozen=True)
class NewInvite:
    """An invite just made: the only moment its token exists in clear."""

    participant_id: int
    country: str
    sector: str
    note: str
    token: str


@dataclass(frozen=True)
class ParticipantView:
    """A participant as they see themselves."""

    id: int
    dialogue_id: int
    country: str
    sector: str
    language: str
    accepted_terms: bool
    withdrawn: bool


@dataclass(frozen=True)
class VoteReceipt:
    vote_id: int
    statement_id: int
    value: int
    repeated: bool  # True when this exact vote was already recorded (idempotent re-send)


@dataclass(frozen=True)
class AuditView:
    id: int
    action: str
    detail: str
    organiser_id: int | None
    dialogue_id: int | None
    created_at: datetime
