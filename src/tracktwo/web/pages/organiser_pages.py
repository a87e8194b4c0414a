"""The organiser's pages: sign in, the list of dialogues, creating one, its overview,
closing and reopening, the audit log and the export. Statements, invites, results and
the joint statement have their own modules, whose routers are included here."""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from tracktwo.dialogue.errors import Forbidden, InvalidInput
from tracktwo.dialogue.services import dialogues, organisers
from tracktwo.dialogue.services.audit import audit_log, record
from tracktwo.reports.dialogue_export import export_dialogue
from tracktwo.web.auth import Organiser, State, check_csrf, client_address, limit
from tracktwo.web.downloads import attachment
from tracktwo.web.pages.organiser_common import (
    dialogue_page,
    field,
    gettext,
    load_dialogue,
    see_other,
)
from tracktwo.web.pages.organiser_invite_pages import router as invite_router
from tracktwo.web.pages.organiser_results_pages import router as results_router
from tracktwo.web.pages.organiser_statement_pages import router as statement_router
from tracktwo.web.rendering import render
from tracktwo.web.security import ORGANISER_COOKIE, PRE_SESSION_COOKIE, session_cookie_value
from tracktwo.web.state import change_dialogue

router = APIRouter(include_in_schema=False)

DEFAULT_COUNTRIES = "US, CN"
DEFAULT_SECTORS = "science, civil_society, academia, policy"


@router.get("/login")
def login_form(request: Request, state: State) -> Response:
    # The form's CSRF token is tied to a random pre-session cookie (login CSRF would
    # otherwise let another site sign a browser in to the attacker's account).
    fresh = None
    if session_cookie_value(request.cookies) is None:
        fresh = secrets.token_urlsafe(24)
        request.state.session_cookie = fresh
    response = render(request, "organiser/login.html", {"email": "", "error": None})
    if fresh is not None:
        response.set_cookie(
            PRE_SESSION_COOKIE,
            fresh,
            httponly=True,
            secure=state.settings.secure_cookies,
            samesite="lax",
            path="/",
        )
    return response


@router.post("/login")
async def login(request: Request, state: State) -> Response:
    limit(state.limiters.login, f"login:{client_address(request)}")
    await check_csrf(request, state)
    form = await request.form()
    email = field(form, "email")[:254]
    password = field(form, "password")[:1024]
    try:
        with state.database.session() as session:
            organiser = organisers.authenticate(session, email, password)
    except Forbidden:
        _ = gettext(request)
        return render(
            request,
            "organiser/login.html",
            {"email": email, "error": _("Wrong email or password.")},
            status=401,
        )
    settings = state.settings
    response = see_other("/o")
    response.set_cookie(
        ORGANISER_COOKIE,
        state.signer.dumps({"organiser": organiser.id}),
        max_age=settings.session_hours * 3600,
        httponly=True,
        secure=settings.secure_cookies,
        samesite="lax",
        path="/",
    )
    return response


@router.post("/logout")
async def logout(request: Request, state: State) -> Response:
    await check_csrf(request, state)
    response = see_other("/login")
    response.delete_cookie(ORGANISER_COOKIE, path="/", secure=state.settings.secure_cookies, httponly=True)
    return response


@router.get("/o")
def dashboard(request: Request, who: Organiser, state: State) -> Response:
    with state.database.session() as session:
        found = dialogues.list_dialogues(session, who.organiser.id)
    return render(
        request,
        "organiser/dashboard.html",
        {"organiser": who.organiser, "dialogues": found, "now": datetime.now(UTC)},
    )


def _new_form_values() -> dict[str, str]:
    return {
        "title_en": "",
        "title_zh": "",
        "description_en": "",
        "description_zh": "",
        "countries": DEFAULT_COUNTRIES,
        "sectors": DEFAULT_SECTORS,
        "privacy_k": "5",
        "moderation": "strict",
        "allow_submissions": "on",
        "show_map": "on",
        "opens_at": "",
        "closes_at": "",
    }


@router.get("/o/new")
def new_dialogue_form(request: Request, who: Organiser) -> Response:
    return render(
        request,
        "organiser/new.html",
        {"organiser": who.organiser, "values": _new_form_values(), "error": None},
    )


def _codes(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _moment(text: str, what: str) -> datetime | None:
    """A datetime-local value, read as UTC."""
    if not text.strip():
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{what} is not a date and time (YYYY-MM-DDTHH:MM)") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _spec(values: dict[str, str]) -> dialogues.DialogueSpec:
    try:
        k = int(values["privacy_k"].strip())
    except ValueError:
        raise InvalidInput("privacy threshold k must be a whole number") from None
    return dialogues.DialogueSpec(
        title_en=values["title_en"],
        title_zh=values["title_zh"],
        description_en=values["description_en"],
        description_zh=values["description_zh"],
        countries=_codes(values["countries"]),
        sectors=_codes(values["sectors"]),
        privacy_k=k,
        moderation=values["moderation"],
        allow_submissions=values["allow_submissions"] == "on",
        show_map=values["show_map"] == "on",
        opens_at=_moment(values["opens_at"], "the opening time"),
        closes_at=_moment(values["closes_at"], "the closing time"),
    )


@router.post("/o/new")
async def create_dialogue(request: Request, who: Organiser, state: State) -> Response:
    await check_csrf(request, state)
    form = await request.form()
    values = {name: field(form, name) for name in _new_form_values()}
    try:
        spec = _spec(values)
        with state.database.session() as session:
            made = dialogues.create_dialogue(session, who.organiser.id, spec)
    except InvalidInput as error:
        return render(
            request,
            "organiser/new.html",
            {"organiser": who.organiser, "values": values, "error": str(error)},
            status=422,
        )
    return see_other(f"/o/d/{made.slug}")


@router.get("/o/d/{slug}")
def overview(slug: str, request: Request, who: Organiser, state: State) -> Response:
    dialogue = load_dialogue(state, slug, who)
    results = state.results.get(dialogue.id)
    return dialogue_page(
        request,
        "organiser/overview.html",
        who,
        dialogue,
        {
            "is_open": dialogue.is_open(datetime.now(UTC)),
            "n_statements": len(results.statements),
            "n_participants": results.n_participants
            if results.n_participants == 0 or results.n_participants >= dialogue.privacy_k
            else None,
            "n_votes": results.n_votes,
        },
    )


@router.post("/o/d/{slug}/close")
async def close(slug: str, request: Request, who: Organiser, state: State) -> Response:
    await check_csrf(request, state)
    change_dialogue(state, dialogues.close_dialogue, slug, who.organiser.id)
    return see_other(f"/o/d/{slug}")


@router.post("/o/d/{slug}/reopen")
async def reopen(slug: str, request: Request, who: Organiser, state: State) -> Response:
    await check_csrf(request, state)
    change_dialogue(state, dialogues.reopen_dialogue, slug, who.organiser.id)
    return see_other(f"/o/d/{slug}")


def _detail(text: str) -> str:
    try:
        data: Any = json.loads(text)
    except ValueError:
        return text
    if isinstance(data, dict):
        return ", ".join(f"{key}: {value}" for key, value in data.items())
    return str(data)


@router.get("/o/d/{slug}/audit")
def audit(slug: str, request: Request, who: Organiser, state: State) -> Response:
    dialogue = load_dialogue(state, slug, who)
    with state.database.session() as session:
        events = [
            {
                "time": event.created_at.strftime("%Y-%m-%d %H:%M:%S"),
                "action": event.action,
                "detail": _detail(event.detail),
                "by_you": event.organiser_id == who.organiser.id,
                "by_organiser": event.organiser_id is not None,
            }
            for event in audit_log(session, dialogue.id)
        ]
    return dialogue_page(request, "organiser/audit.html", who, dialogue, {"events": events}, tab="audit")


@router.get("/o/d/{slug}/export.zip")
def export(slug: str, who: Organiser, state: State) -> Response:
    dialogue = load_dialogue(state, slug, who)
    current = state.results.get(dialogue.id)
    with state.database.session() as session:
        data = export_dialogue(session, current)
        # Downloading every vote is an organiser action like any other: it goes in the log.
        record(session, "dialogue.export", organiser_id=who.organiser.id, dialogue_id=dialogue.id)
    return attachment(data, "application/zip", f"dialogue-{slug}.zip")


router.include_router(statement_router)
router.include_router(invite_router)
router.include_router(results_router)
