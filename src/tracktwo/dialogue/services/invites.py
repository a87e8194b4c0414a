"""Invites and participants: single-use links with the stratum the organiser sets,
redemption into a participant session, terms, language, withdrawal.

An invite token is shown once (in the CSV the organiser downloads at creation) and
stored only as a digest. Opening the link the first time exchanges it for a session
token held in the participant's browser; the link then no longer works, so a forwarded
link cannot be used by a second person.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tracktwo.dialogue.errors import Conflict, Forbidden, InvalidInput, NotFound
from tracktwo.dialogue.services.audit import record
from tracktwo.dialogue.services.dialogues import dialogue_row, dialogue_view
from tracktwo.dialogue.store.schema import Participant, StatementRow, VoteRow, utc_now
from tracktwo.dialogue.text_rules import LANGUAGES, NOTE_MAX, check_choice, clean_text
from tracktwo.dialogue.tokens import INVITE_PREFIX, SESSION_PREFIX, new_token, token_digest
from tracktwo.dialogue.views import InviteView, NewInvite, ParticipantView

MAX_INVITES_PER_BATCH = 2000


@dataclass(frozen=True)
class InviteRequest:
    country: str
    sector: str
    note: str = ""
    language: str = "en"


def participant_view(row: Participant) -> ParticipantView:
    return ParticipantView(
        id=row.id,
        dialogue_id=row.dialogue_id,
        country=row.country,
        sector=row.sector,
        language=row.language,
        accepted_terms=row.accepted_terms_at is not None,
        withdrawn=row.withdrawn_at is not None,
    )


def create_invites(
    session: Session, slug: str, organiser_id: int, requests: Iterable[InviteRequest]
) -> tuple[NewInvite, ...]:
    dialogue = dialogue_view(dialogue_row(session, slug, organiser_id))
    requests = list(requests)
    if not requests:
        raise InvalidInput("ask for at least one invite")
    if len(requests) > MAX_INVITES_PER_BATCH:
        raise InvalidInput(f"at most {MAX_INVITES_PER_BATCH} invites at a time")
    made = []
    for number, request in enumerate(requests, start=1):
        prefix = f"invite {number}: " if len(requests) > 1 else ""
        if request.country not in dialogue.countries:
            raise InvalidInput(
                f"{prefix}country {request.country!r} is not one of {', '.join(dialogue.countries)}"
            )
        if request.sector not in dialogue.sectors:
            raise InvalidInput(
                f"{prefix}sector {request.sector!r} is not one of {', '.join(dialogue.sectors)}"
            )
        note = clean_text(request.note, f"{prefix}note", max_length=NOTE_MAX, required=False)
        language = check_choice(request.language, f"{prefix}language", LANGUAGES)
        token = new_token(INVITE_PREFIX)
        row = Participant(
            dialogue_id=dialogue.id,
            invite_hash=token_digest(token),
            country=request.country,
            sector=request.sector,
            note=note,
            language=language,
        )
        session.add(row)
        session.flush()
        made.append(NewInvite(row.id, row.country, row.sector, row.note, token))
    record(session, "invite.create", organiser_id=organiser_id, dialogue_id=dialogue.id, count=len(made))
    return tuple(made)


def invites_csv(invites: Iterable[NewInvite], base_url: str) -> str:
    """The CSV an organiser downloads once: one row per invite with its link."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["participant", "country", "sector", "note", "link"])
    for invite in invites:
        writer.writerow(
            [
                invite.participant_id,
                _csv_safe(invite.country),
                _csv_safe(invite.sector),
                _csv_safe(invite.note),
                f"{base_url.rstrip('/')}/i/{invite.token}",
            ]
        )
    return out.getvalue()


def _csv_safe(text: str) -> str:
    """A leading = + - @ would make a spreadsheet run the cell as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def list_invites(session: Session, slug: str, organiser_id: int) -> tuple[InviteView, ...]:
    dialogue = dialogue_row(session, slug, organiser_id)
    rows = session.scalars(
        select(Participant).where(Participant.dialogue_id == dialogue.id).order_by(Participant.id)
    )
    return tuple(
        InviteView(
            row.id,
            row.country,
            row.sector,
            row.note,
            row.created_at,
            row.redeemed_at is not None,
            row.withdrawn_at is not None,
        )
        for row in rows
    )


def preview_invite(session: Session, invite_token: str) -> ParticipantView:
    """The participant an unused invite is for, without using the invite up (a GET of the
    link must not redeem it: mail link scanners open links). Raises what redeeming would."""
    return participant_view(_unused_invite(session, invite_token))


def redeem_invite(session: Session, invite_token: str) -> tuple[ParticipantView, str]:
    """Exchange an unused invite for a participant session token (returned once)."""
    row = _unused_invite(session, invite_token)
    session_token = new_token(SESSION_PREFIX)
    row.session_hash = token_digest(session_token)
    row.redeemed_at = utc_now()
    return participant_view(row), session_token


def _unused_invite(session: Session, invite_token: str) -> Participant:
    if not invite_token.startswith(INVITE_PREFIX) or len(invite_token) > 100:
        raise NotFound("this invite link is not valid")
    row = session.scalar(select(Participant).where(Participant.invite_hash == token_digest(invite_token)))
    if row is None:
        raise NotFound("this invite link is not valid")
    if row.withdrawn_at is not None:
        raise Forbidden("this participant has withdrawn from the dialogue")
    if row.redeemed_at is not None:
        raise Forbidden("this invite link has been used already; invite links work once")
    return row


def participant_row_for_session(session: Session, session_token: str) -> Participant | None:
    if not session_token.startswith(SESSION_PREFIX) or len(session_token) > 100:
        return None
    row = session.scalar(select(Participant).where(Participant.session_hash == token_digest(session_token)))
    if row is None or row.withdrawn_at is not None:
        return None
    return row


def participant_for_session(session: Session, session_token: str) -> ParticipantView | None:
    row = participant_row_for_session(session, session_token)
    return None if row is None else participant_view(row)


def accept_terms(session: Session, participant_id: int) -> ParticipantView:
    row = _active(session, participant_id)
    if row.accepted_terms_at is None:
        row.accepted_terms_at = utc_now()
    return participant_view(row)


def set_language(session: Session, participant_id: int, language: str) -> ParticipantView:
    row = _active(session, participant_id)
    row.language = check_choice(language, "language", LANGUAGES)
    return participant_view(row)


def withdraw(session: Session, participant_id: int) -> int:
    """Remove the participant's votes and statements (and the votes on those), end their
    session. Returns the dialogue id, whose results must be recomputed."""
    row = _active(session, participant_id)
    own_statements = select(StatementRow.id).where(StatementRow.author_participant_id == row.id)
    session.execute(delete(VoteRow).where(VoteRow.statement_id.in_(own_statements)))
    session.execute(delete(StatementRow).where(StatementRow.author_participant_id == row.id))
    session.execute(delete(VoteRow).where(VoteRow.participant_id == row.id))
    row.withdrawn_at = utc_now()
    row.session_hash = None
    # Recorded without the participant's stratum or note: the log says only that someone left.
    record(session, "participant.withdraw", organiser_id=None, dialogue_id=row.dialogue_id)
    return row.dialogue_id


def _active(session: Session, participant_id: int) -> Participant:
    row = session.get(Participant, participant_id)
    if row is None:
        raise NotFound("no such participant")
    if row.withdrawn_at is not None:
        raise Conflict("this participant has withdrawn")
    return row


def participant_row_for_session_id(session: Session, participant_id: int) -> Participant:
    """The participant's row inside the caller's transaction (for voting)."""
    return _active(session, participant_id)
