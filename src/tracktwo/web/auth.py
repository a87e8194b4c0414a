"""Who is calling: an organiser (API bearer token or signed session cookie) or a
participant (session token from their invite, as bearer or cookie); CSRF checks for
cookie-based form posts; rate limits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends
from starlette.requests import Request

from tracktwo.dialogue.services.invites import participant_for_session
from tracktwo.dialogue.services.organisers import organiser_by_id, organiser_for_token
from tracktwo.dialogue.views import OrganiserView, ParticipantView
from tracktwo.web.errors import NotSignedIn, RateLimited
from tracktwo.web.rate_limit import RateLimiter
from tracktwo.web.security import (
    CSRF_FIELD,
    CSRF_HEADER,
    ORGANISER_COOKIE,
    PARTICIPANT_COOKIE,
    session_cookie_value,
)
from tracktwo.web.state import AppState, app_state

State = Annotated[AppState, Depends(app_state)]


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


@dataclass(frozen=True)
class OrganiserSession:
    organiser: OrganiserView
    via_cookie: bool


def current_organiser(request: Request, state: State) -> OrganiserSession:
    token = bearer_token(request)
    with state.database.session() as session:
        if token is not None:
            found = organiser_for_token(session, token)
            if found is None:
                raise NotSignedIn("the API token is not valid")
            return OrganiserSession(found, via_cookie=False)
        cookie = request.cookies.get(ORGANISER_COOKIE)
        payload = state.signer.loads(cookie, state.settings.session_hours * 3600) if cookie else None
        if isinstance(payload, dict) and isinstance(payload.get("organiser"), int):
            organiser = organiser_by_id(session, payload["organiser"])
            if organiser is not None:
                return OrganiserSession(organiser, via_cookie=True)
    raise NotSignedIn("sign in as an organiser")


def participant_token(request: Request) -> str | None:
    return bearer_token(request) or request.cookies.get(PARTICIPANT_COOKIE)


def current_participant(request: Request, state: State) -> ParticipantView:
    token = participant_token(request)
    if token:
        with state.database.session() as session:
            found = participant_for_session(session, token)
        if found is not None:
            return found
    raise NotSignedIn("open your invite link first")


Organiser = Annotated[OrganiserSession, Depends(current_organiser)]
CurrentParticipant = Annotated[ParticipantView, Depends(current_participant)]


async def check_csrf(request: Request, state: AppState) -> None:
    """Form posts authenticated by a cookie must carry the session's CSRF token."""
    if bearer_token(request) is not None:
        return
    cookie = session_cookie_value(request.cookies)
    given = request.headers.get(CSRF_HEADER)
    if given is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not state.signer.csrf_valid(cookie, given):
        from tracktwo.dialogue.errors import Forbidden

        raise Forbidden("the form has expired or did not come from this site; reload the page and try again")


def limit(limiter: RateLimiter, key: str) -> None:
    if not limiter.allow(key):
        raise RateLimited(limiter.retry_after(key))


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"
