"""Organiser accounts: creation, password log-in and API tokens."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracktwo.dialogue.errors import Conflict, Forbidden, InvalidInput
from tracktwo.dialogue.passwords import hash_password, verify_password
from tracktwo.dialogue.services.audit import record
from tracktwo.dialogue.store.schema import ApiToken, Organiser, utc_now
from tracktwo.dialogue.text_rules import clean_text
from tracktwo.dialogue.tokens import API_PREFIX, new_token, token_digest
from tracktwo.dialogue.views import OrganiserView

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Verifying against a real hash even for an unknown email keeps the timing the same.
_DUMMY_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$LadedID5LqrE1banxlFZ5A$o22PnJIOLIesBdcotP+qBrVGYHP8tjtxqy09rFPpT74"
)


def _view(row: Organiser) -> OrganiserView:
    return OrganiserView(row.id, row.email, row.display_name)


def normalise_email(email: str) -> str:
    address = clean_text(email, "email", max_length=254).lower()
    if not _EMAIL.match(address):
        raise InvalidInput(f"{address!r} is not an email address")
    return address


def create_organiser(session: Session, email: str, password: str, display_name: str = "") -> OrganiserView:
    address = normalise_email(email)
    if session.scalar(select(Organiser.id).where(Organiser.email == address)) is not None:
        raise Conflict(f"an organiser with email {address} exists already")
    name = clean_text(display_name or address.split("@")[0], "display name", max_length=120)
    row = Organiser(email=address, display_name=name, password_hash=hash_password(password))
    session.add(row)
    session.flush()
    record(session, "organiser.create", organiser_id=row.id, dialogue_id=None, email=address)
    return _view(row)


def authenticate(session: Session, email: str, password: str) -> OrganiserView:
    """The organiser with this email and password, or Forbidden (same message either way)."""
    try:
        address = normalise_email(email)
    except InvalidInput:
        address = ""
    row = session.scalar(select(Organiser).where(Organiser.email == address)) if address else None
    if row is None:
        verify_password(_DUMMY_HASH, password)
        raise Forbidden("wrong email or password")
    if not verify_password(row.password_hash, password):
        raise Forbidden("wrong email or password")
    return _view(row)


def organiser_by_id(session: Session, organiser_id: int) -> OrganiserView | None:
    row = session.get(Organiser, organiser_id)
    return None if row is None else _view(row)


def issue_api_token(session: Session, organiser_id: int, label: str = "api") -> str:
    """A new API token for the organiser; returned once, stored hashed."""
    token = new_token(API_PREFIX)
    session.add(
        ApiToken(
            organiser_id=organiser_id,
            token_hash=token_digest(token),
            label=clean_text(label, "token label", max_length=120),
        )
    )
    record(session, "token.issue", organiser_id=organiser_id, dialogue_id=None, label=label)
    return token


def organiser_for_token(session: Session, token: str) -> OrganiserView | None:
    if not token.startswith(API_PREFIX) or len(token) > 100:
        return None
    row = session.scalar(
        select(ApiToken).where(ApiToken.token_hash == token_digest(token), ApiToken.revoked_at.is_(None))
    )
    if row is None:
        return None
    return organiser_by_id(session, row.organiser_id)


def revoke_api_tokens(session: Session, organiser_id: int) -> int:
    rows = session.scalars(
        select(ApiToken).where(ApiToken.organiser_id == organiser_id, ApiToken.revoked_at.is_(None))
    ).all()
    for row in rows:
        row.revoked_at = utc_now()
    record(session, "token.revoke_all", organiser_id=organiser_id, dialogue_id=None, count=len(rows))
    return len(rows)
