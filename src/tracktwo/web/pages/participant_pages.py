"""The participant's pages: open an invite, accept the privacy terms, vote on one
statement at a time (htmx swaps the next card in; plain forms work without JS), propose
a statement, see one's place on the opinion map, switch language, withdraw.

These pages mirror the participant JSON API (`api/participant_api.py`) and call the same
services; nothing here decides a business rule. Chatham House: no page shows an author,
and the map carries no participant ids.
"""

from __future__ import annotations

import math
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from tracktwo.dialogue.errors import DialogueError, Forbidden, InvalidInput, NotFound
from tracktwo.dialogue.services import invites, statements, voting
from tracktwo.dialogue.services.dialogues import dialogue_by_id
from tracktwo.dialogue.store.schema import utc_now
from tracktwo.dialogue.text_rules import POLICY_AREAS, STATEMENT_MAX
from tracktwo.dialogue.views import DialogueView, ParticipantView, StatementView, VoteReceipt
from tracktwo.reports.dialogue_results import participant_position, results_json
from tracktwo.web.auth import CurrentParticipant, State, check_csrf, limit, participant_token
from tracktwo.web.errors import RateLimited
from tracktwo.web.i18n import LANGUAGES, translations
from tracktwo.web.participation import next_for_participant, participant_dialogue
from tracktwo.web.rendering import render
from tracktwo.web.security import LANGUAGE_COOKIE, PARTICIPANT_COOKIE
from tracktwo.web.state import AppState

router = APIRouter(include_in_schema=False)

# The session cookie must outlive a browser restart: the invite link works only once, so
# a participant who lost the cookie could not come back.
PARTICIPANT_COOKIE_DAYS = 180
LANGUAGE_COOKIE_DAYS = 365
OTHER_LANGUAGE = {"en": "zh", "zh": "en"}
HTML_LANG = {"en": "en", "zh": "zh-Hans"}

# Opinion groups on the map: colours that keep 3:1 contrast on white and stay apart for
# the common colour-vision deficiencies (Okabe-Ito), with a letter each in the legend.
GROUP_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8F7A00", "#000000")
UNGROUPED_COLOUR = "#8A8A8A"
MAP_SIZE = 400
MAP_PADDING = 24


# --- small helpers -------------------------------------------------------------------


def _use_language(request: Request, fallback: str) -> str:
    """The page language: an explicit ?lang= or the language cookie, else `fallback` (the
    participant's own language) rather than the browser's guess."""
    for choice in (request.query_params.get("lang"), request.cookies.get(LANGUAGE_COOKIE)):
        if choice in LANGUAGES:
            request.state.language = choice
            return str(choice)
    language = fallback if fallback in LANGUAGES else "en"
    request.state.language = language
    return language


def _is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _set_cookie(response: Response, state: AppState, name: str, value: str, days: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=days * 24 * 3600,
        path="/",
        secure=state.settings.secure_cookies,
        httponly=True,
        samesite="lax",
    )


def safe_local_path(target: str | None) -> str:
    """`target` when it is a path on this site, else "/": never `//host`, `/\\host`, a
    scheme or control characters (an open redirect would lend our name to phishing)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    if "\\" in target or any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target


def _is_open(dialogue: DialogueView) -> bool:
    return dialogue.is_open(utc_now())


def _page(
    request: Request,
    template: str,
    dialogue: DialogueView | None,
    language: str,
    context: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    values: dict[str, Any] = {"simulated": bool(dialogue and dialogue.simulated)}
    if dialogue is not None:
        values["dialogue_title"] = dialogue.title(language)
        values["allow_submissions"] = dialogue.allow_submissions
        values["show_map"] = dialogue.show_map
    values.update(context or {})
    return render(request, template, values, status=status)


# --- statement cards -----------------------------------------------------------------


@dataclass(frozen=True)
class CardText:
    """What a card shows of a statement in the reader's language, and how it got there."""

    text: str
    text_lang: str  # HTML lang of the shown text
    note: str  # the translation state, in the reader's language
    other_text: str
    other_lang: str
    other_label: str


def card_text(item: StatementView, language: str) -> CardText:
    gettext = translations(language).gettext
    other = OTHER_LANGUAGE[language]
    own_text = item.text_zh if language == "zh" else item.text_en
    other_text = item.text_en if language == "zh" else item.text_zh
    shown_language = language if own_text else other
    state = item.translation(language)
    if not own_text:
        note = (
            gettext("Translation missing: shown in English")
            if other == "en"
            else gettext("Translation missing: shown in Chinese")
        )
    elif state == "machine":
        note = gettext("Machine translation")
    elif state == "human_verified":
        note = gettext("Human-verified translation")
    else:
        note = gettext("Original text")
    return CardText(
        text=own_text or other_text,
        text_lang=HTML_LANG[shown_language],
        note=note,
        other_text=other_text if own_text else "",
        other_lang=HTML_LANG[other],
        other_label=gettext("Show the English text") if other == "en" else gettext("Show the Chinese text"),
    )


def _card_context(
    state: AppState, participant: ParticipantView, dialogue: DialogueView, language: str
) -> dict[str, Any]:
    item, remaining, voted = next_for_participant(state, participant)
    return {
        "item": item,
        "card": card_text(item, language) if item is not None else None,
        "done": voted,
        "total": voted + remaining,
        "client_key": secrets.token_urlsafe(16),
        "is_open": _is_open(dialogue),
        "allow_submissions": dialogue.allow_submissions,
        "show_map": dialogue.show_map,
        "error": "",
        "focus_card": False,
    }


# --- visitors and invites ------------------------------------------------------------


@router.get("/")
def home(request: Request, state: State) -> Response:
    token = participant_token(request)
    signed_in = False
    if token:
        with state.database.session() as session:
            signed_in = invites.participant_for_session(session, token) is not None
    return render(request, "participant/home.html", {"signed_in": signed_in})


@router.get("/i/{token}")
def invite_landing(token: str, request: Request, state: State) -> Response:
    """The invite's landing page. Only a POST redeems: link scanners open links with GET."""
    with state.database.session() as session:
        participant = invites.preview_invite(session, token)
        dialogue = dialogue_by_id(session, participant.dialogue_id)
    language = _use_language(request, participant.language)
    return _page(
        request,
        "participant/invite.html",
        dialogue,
        language,
        {"token": token, "description": dialogue.description(language)},
    )


@router.post("/i/{token}")
async def invite_redeem(token: str, request: Request, state: State) -> Response:
    """Exchange the invite for a session cookie (once). The form carries no CSRF token (the
    browser has no session yet); the secret invite token in the path plays that part."""
    form = await request.form()
    chosen = _field(form, "lang")
    with state.database.session() as session:
        participant, session_token = invites.redeem_invite(session, token)
        if chosen in LANGUAGES and chosen != participant.language:
            participant = invites.set_language(session, participant.id, chosen)
    response = RedirectResponse("/p", status_code=303)
    _set_cookie(response, state, PARTICIPANT_COOKIE, session_token, PARTICIPANT_COOKIE_DAYS)
    _set_cookie(response, state, LANGUAGE_COOKIE, participant.language, LANGUAGE_COOKIE_DAYS)
    return response


@router.get("/language/{code}")
def switch_language(code: str, request: Request, state: State) -> Response:
    if code not in LANGUAGES:
        raise NotFound("no such language; choose en or zh")
    token = participant_token(request)
    if token:
        with state.database.session() as session:
            participant = invites.participant_for_session(session, token)
            if participant is not None:
                invites.set_language(session, participant.id, code)
    response = RedirectResponse(safe_local_path(request.query_params.get("next")), status_code=303)
    _set_cookie(response, state, LANGUAGE_COOKIE, code, LANGUAGE_COOKIE_DAYS)
    return response


# --- terms and voting ----------------------------------------------------------------


@router.get("/p")
def participant_home(request: Request, participant: CurrentParticipant, state: State) -> Response:
    dialogue = participant_dialogue(state, participant)
    language = _use_language(request, participant.language)
    if not participant.accepted_terms:
        return _page(request, "participant/terms.html", dialogue, language, {"privacy_k": dialogue.privacy_k})
    context = _card_context(state, participant, dialogue, language)
    return _page(request, "participant/vote.html", dialogue, language, context)


@router.post("/p/terms")
async def accept_terms(request: Request, participant: CurrentParticipant, state: State) -> Response:
    await check_csrf(request, state)
    with state.database.session() as session:
        invites.accept_terms(session, participant.id)
    return RedirectResponse("/p", status_code=303)


@router.post("/p/vote")
async def vote(request: Request, participant: CurrentParticipant, state: State) -> Response:
    """One vote. With htmx the answer is the next card; without, a redirect to /p."""
    await check_csrf(request, state)
    form = await request.form()
    htmx = _is_htmx(request)
    error = ""
    try:
        limit(state.limiters.votes, f"vote:{participant.id}")
        try:
            statement_id = int(_field(form, "statement"))
        except ValueError:
            raise InvalidInput("the vote names no statement") from None
        client_key = _field(form, "client_key") or None
        value = _field(form, "vote")

        def record() -> VoteReceipt:
            with state.database.session() as session:
                row = invites.participant_row_for_session_id(session, participant.id)
                return voting.cast_vote(session, row, statement_id, value, client_key)

        # The store is synchronous: run it in the worker threads, not on the event loop.
        receipt = await run_in_threadpool(record)
        if not receipt.repeated:
            state.results.mark_dirty(participant.dialogue_id)
    except (DialogueError, RateLimited) as problem:
        if not htmx:
            raise
        # htmx does not swap error responses; answer with the card and the reason instead.
        error = _vote_error(problem, _use_language(request, participant.language))
    if not htmx:
        return RedirectResponse("/p", status_code=303)
    language = _use_language(request, participant.language)

    def next_card() -> dict[str, Any]:
        return _card_context(state, participant, participant_dialogue(state, participant), language)

    context = await run_in_threadpool(next_card)
    context.update(error=error, focus_card=True)
    return render(request, "participant/_card.html", context)


def _vote_error(problem: Exception, language: str) -> str:
    gettext = translations(language).gettext
    if isinstance(problem, RateLimited):
        return gettext("You are voting very fast. Wait a moment and try again.")
    if isinstance(problem, Forbidden):
        return gettext(str(problem))
    return gettext("Your vote could not be recorded. Reload the page and try again.")


# --- submissions ---------------------------------------------------------------------


def _submission_dialogue(state: AppState, participant: ParticipantView) -> DialogueView:
    dialogue = participant_dialogue(state, participant)
    if not dialogue.allow_submissions:
        raise Forbidden("this dialogue does not take statements from participants")
    return dialogue


def _submit_form(
    request: Request,
    dialogue: DialogueView,
    language: str,
    *,
    text: str = "",
    text_language: str = "",
    policy_area: str = "general",
    error: str = "",
    status: int = 200,
) -> Response:
    return _page(
        request,
        "participant/submit.html",
        dialogue,
        language,
        {
            "text": text,
            "text_language": text_language or language,
            "policy_area": policy_area,
            "policy_areas": POLICY_AREAS,
            "strict": dialogue.moderation == "strict",
            "statement_max": STATEMENT_MAX,
            "error": error,
            "is_open": _is_open(dialogue),
            "language_next": "/p/submit",
        },
        status=status,
    )


@router.get("/p/submit")
def submit_page(request: Request, participant: CurrentParticipant, state: State) -> Response:
    if not participant.accepted_terms:
        return RedirectResponse("/p", status_code=303)
    dialogue = _submission_dialogue(state, participant)
    language = _use_language(request, participant.language)
    return _submit_form(request, dialogue, language)


@router.post("/p/submit")
async def submit(request: Request, participant: CurrentParticipant, state: State) -> Response:
    await check_csrf(request, state)
    if not participant.accepted_terms:
        return RedirectResponse("/p", status_code=303)
    dialogue = _submission_dialogue(state, participant)
    language = _use_language(request, participant.language)
    gettext = translations(language).gettext
    form = await request.form()
    text = _field(form, "text")
    text_language = _field(form, "text_language")
    if text_language not in LANGUAGES:
        text_language = language
    policy_area = _field(form, "policy_area") or "general"
    kept = {"text": text, "text_language": text_language, "policy_area": policy_area}

    length = len(unicodedata.normalize("NFC", text).strip())
    if length == 0:
        return _submit_form(
            request, dialogue, language, error=gettext("Write your statement first."), status=422, **kept
        )
    if length > STATEMENT_MAX:
        message = gettext("Your statement has %(count)d characters; the limit is %(limit)d.") % {
            "count": length,
            "limit": STATEMENT_MAX,
        }
        return _submit_form(request, dialogue, language, error=message, status=422, **kept)
    try:
        limit(state.limiters.submissions, f"statement:{participant.id}")
        draft = (
            statements.StatementDraft(text_zh=text, policy_area=policy_area)
            if text_language == "zh"
            else statements.StatementDraft(text_en=text, policy_area=policy_area)
        )
        with state.database.session() as session:
            view = statements.submit_statement(session, participant.id, draft)
    except RateLimited:
        message = gettext("You have sent several statements in a short time. Wait a minute and send again.")
        return _submit_form(request, dialogue, language, error=message, status=429, **kept)
    except DialogueError as problem:
        status = 422 if isinstance(problem, InvalidInput) else 403
        return _submit_form(request, dialogue, language, error=gettext(str(problem)), status=status, **kept)
    if view.state == "accepted":
        state.results.mark_dirty(participant.dialogue_id)
    return _page(
        request,
        "participant/submitted.html",
        dialogue,
        language,
        {"pending": view.state == "pending", "language_next": "/p/submit"},
    )


# --- the opinion map -----------------------------------------------------------------


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    colour: str


@dataclass(frozen=True)
class LegendEntry:
    label: str
    colour: str
    count: int


def group_letter(group: int) -> str:
    return chr(ord("A") + group) if 0 <= group < 26 else str(group + 1)


def _colour(group: int | None) -> str:
    return UNGROUPED_COLOUR if group is None else GROUP_COLOURS[group % len(GROUP_COLOURS)]


def build_map(
    points: list[dict[str, Any]], own: dict[str, Any] | None, language: str
) -> dict[str, Any] | None:
    """Scale the map's points into the SVG's box; None when there is nothing to draw."""
    gettext = translations(language).gettext
    usable = [
        p
        for p in points
        if isinstance(p.get("x"), int | float)
        and isinstance(p.get("y"), int | float)
        and math.isfinite(p["x"])
        and math.isfinite(p["y"])
    ]
    if not usable:
        return None
    xs = [float(p["x"]) for p in usable]
    ys = [float(p["y"]) for p in usable]
    own_xy = None
    if own is not None and own.get("x") is not None and own.get("y") is not None:
        own_xy = (float(own["x"]), float(own["y"]))
        xs.append(own_xy[0])
        ys.append(own_xy[1])
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    inner = MAP_SIZE - 2 * MAP_PADDING
    centre_x, centre_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2

    def place(x: float, y: float) -> tuple[float, float]:
        # SVG's y grows downwards; flip so the map reads like a chart.
        return (
            round(MAP_SIZE / 2 + (x - centre_x) / span * inner, 2),
            round(MAP_SIZE / 2 - (y - centre_y) / span * inner, 2),
        )

    drawn = []
    counts: dict[int | None, int] = {}
    for p in usable:
        group = p.get("group") if isinstance(p.get("group"), int) else None
        counts[group] = counts.get(group, 0) + 1
        sx, sy = place(float(p["x"]), float(p["y"]))
        drawn.append(MapPoint(sx, sy, _colour(group)))
    legend = [
        LegendEntry(gettext("Group %(letter)s") % {"letter": group_letter(group)}, _colour(group), count)
        for group, count in sorted((g, c) for g, c in counts.items() if g is not None)
    ]
    if None in counts:
        legend.append(
            LegendEntry(gettext("Not in a group large enough to show"), UNGROUPED_COLOUR, counts[None])
        )
    you = None
    if own_xy is not None:
        ox, oy = place(*own_xy)
        own_group = own.get("group") if own is not None else None
        you = {
            "x": ox,
            "y": oy,
            "label_x": round(min(ox + 12, MAP_SIZE - 30), 2),
            "label_y": round(max(oy - 10, 14), 2),
            "group": group_letter(own_group) if isinstance(own_group, int) else None,
        }
    return {"size": MAP_SIZE, "points": drawn, "legend": legend, "you": you}


@router.get("/p/map")
def opinion_map(request: Request, participant: CurrentParticipant, state: State) -> Response:
    if not participant.accepted_terms:
        return RedirectResponse("/p", status_code=303)
    dialogue = participant_dialogue(state, participant)
    if not dialogue.show_map:
        raise Forbidden("the organiser does not show the opinion map in this dialogue")
    language = _use_language(request, participant.language)
    results = state.results.get(dialogue.id)
    document = results_json(results)
    points = (document.get("map") or {}).get("points") or []
    own = participant_position(results, participant.id)
    drawn = build_map(points, own, language)
    return _page(
        request,
        "participant/map.html",
        dialogue,
        language,
        {"map": drawn, "privacy_k": dialogue.privacy_k},
    )


# --- withdrawal ----------------------------------------------------------------------


@router.get("/p/withdraw")
def withdraw_page(request: Request, participant: CurrentParticipant, state: State) -> Response:
    dialogue = participant_dialogue(state, participant)
    language = _use_language(request, participant.language)
    return _page(request, "participant/withdraw.html", dialogue, language)


@router.post("/p/withdraw")
async def withdraw(request: Request, participant: CurrentParticipant, state: State) -> Response:
    await check_csrf(request, state)
    _use_language(request, participant.language)
    with state.database.session() as session:
        dialogue_id = invites.withdraw(session, participant.id)
    state.results.mark_dirty(dialogue_id)
    response = render(request, "participant/goodbye.html", {"language_next": "/", "csrf_token": ""})
    response.delete_cookie(
        PARTICIPANT_COOKIE,
        path="/",
        secure=state.settings.secure_cookies,
        httponly=True,
        samesite="lax",
    )
    return response
