"""The organiser's statement pages: the list, the moderation queue, adding one statement,
uploading a CSV or a Pol.is comments.csv, and choosing statements from the library."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from tracktwo.dialogue.errors import InvalidInput
from tracktwo.dialogue.library import LibraryError, search_library
from tracktwo.dialogue.services import statements
from tracktwo.dialogue.services.library_import import add_from_library
from tracktwo.dialogue.text_rules import POLICY_AREAS
from tracktwo.dialogue.views import DialogueView, StatementView
from tracktwo.web.auth import Organiser, OrganiserSession, State, check_csrf
from tracktwo.web.machine_translation import translate_missing
from tracktwo.web.pages.organiser_common import (
    dialogue_page,
    field,
    fields,
    gettext,
    is_htmx,
    load_dialogue,
    see_other,
    upload,
)
from tracktwo.web.rendering import render

router = APIRouter(include_in_schema=False)

# The states an organiser may give a translation; "missing" follows from an empty text.
TRANSLATION_CHOICES = ("original", "human_verified", "machine")
CSV_COLUMNS = ("text_en", "text_zh", "policy_area")
OPTIONAL_CSV_COLUMNS = ("translation_en", "translation_zh", "is_meta")


def _empty_statement() -> dict[str, str]:
    return {
        "text_en": "",
        "text_zh": "",
        "policy_area": "general",
        "translation_en": "original",
        "translation_zh": "original",
    }


def _statements_page(
    request: Request,
    who: OrganiserSession,
    dialogue: DialogueView,
    state: State,
    *,
    values: dict[str, str] | None = None,
    add_error: str | None = None,
    upload_error: str | None = None,
    status: int = 200,
) -> Response:
    with state.database.session() as session:
        every = statements.list_statements(session, dialogue.id)
    added = request.query_params.get("added", "")
    translated = request.query_params.get("translated", "")
    failed = request.query_params.get("failed", "")
    context: dict[str, Any] = {
        "machine_translation": state.settings.translator is not None,
        "translated": int(translated) if translated.isdigit() else None,
        "translation_failed": int(failed) if failed.isdigit() else 0,
        "pending": [s for s in every if s.state == "pending"],
        "listed": [s for s in every if s.state != "pending"],
        "values": values or _empty_statement(),
        "add_error": add_error,
        "upload_error": upload_error,
        "policy_areas": POLICY_AREAS,
        "translation_choices": TRANSLATION_CHOICES,
        "csv_columns": CSV_COLUMNS,
        "optional_csv_columns": OPTIONAL_CSV_COLUMNS,
        "added": int(added) if added.isdigit() else None,
    }
    return dialogue_page(
        request, "organiser/statements.html", who, dialogue, context, status=status, tab="statements"
    )


@router.get("/o/d/{slug}/statements")
def statements_page(slug: str, request: Request, who: Organiser, state: State) -> Response:
    return _statements_page(request, who, load_dialogue(state, slug, who), state)


def _added(state: State, slug: str, added: tuple[StatementView, ...]) -> Response:
    if added:
        state.results.mark_dirty(added[0].dialogue_id)
    return see_other(f"/o/d/{slug}/statements?added={len(added)}")


@router.post("/o/d/{slug}/statements")
async def add_statement(slug: str, request: Request, who: Organiser, state: State) -> Response:
    await check_csrf(request, state)
    dialogue = load_dialogue(state, slug, who)
    form = await request.form()
    values = {name: field(form, name) for name in _empty_statement()}
    try:
        with state.database.session() as session:
            added = statements.add_statements(session, slug, who.organiser.id, [_draft(values)])
    except InvalidInput as error:
        return _statements_page(
            request, who, dialogue, state, values=values, add_error=str(error), status=422
        )
    return _added(state, slug, added)


def _draft(values: dict[str, str]) -> statements.StatementDraft:
    return statements.StatementDraft(
        text_en=values["text_en"],
        text_zh=values["text_zh"],
        policy_area=values["policy_area"],
        translation_en=values["translation_en"] or None,
        translation_zh=values["translation_zh"] or None,
    )


def _edit_page(
    request: Request,
    who: OrganiserSession,
    dialogue: DialogueView,
    statement: StatementView,
    values: dict[str, str],
    error: str | None = None,
    status: int = 200,
) -> Response:
    context = {
        "statement": statement,
        "values": values,
        "add_error": error,
        "policy_areas": POLICY_AREAS,
        "translation_choices": TRANSLATION_CHOICES,
    }
    return dialogue_page(
        request, "organiser/statement_edit.html", who, dialogue, context, status=status, tab="statements"
    )


def _statement_of(state: State, dialogue: DialogueView, statement_id: int) -> StatementView:
    with state.database.session() as session:
        return statements.get_statement(session, dialogue.id, statement_id)


@router.get("/o/d/{slug}/statements/{statement_id}/edit")
def edit_form(slug: str, statement_id: int, request: Request, who: Organiser, state: State) -> Response:
    dialogue = load_dialogue(state, slug, who)
    item = _statement_of(state, dialogue, statement_id)
    values = {
        "text_en": item.text_en,
        "text_zh": item.text_zh,
        "policy_area": item.policy_area,
        # A missing text has no state to choose; the form offers "original" for a new one.
        "translation_en": item.translation_en if item.translation_en != "missing" else "original",
        "translation_zh": item.translation_zh if item.translation_zh != "missing" else "original",
    }
    return _edit_page(request, who, dialogue, item, values)


@router.post("/o/d/{slug}/statements/{statement_id}/edit")
async def edit_statement(
    slug: str, statement_id: int, request: Request, who: Organiser, state: State
) -> Response:
    """Correct a text or its translation state (e.g. mark a machine translation verified)."""
    await check_csrf(request, state)
    dialogue = load_dialogue(state, slug, who)
    item = _statement_of(state, dialogue, statement_id)
    form = await request.form()
    values = {name: field(form, name) for name in _empty_statement()}
    try:
        with state.database.session() as session:
            statements.edit_statement(session, slug, who.organiser.id, statement_id, _draft(values))
    except InvalidInput as error:
        return _edit_page(request, who, dialogue, item, values, str(error), status=422)
    state.results.mark_dirty(dialogue.id)
    return see_other(f"/o/d/{slug}/statements#list")


@router.post("/o/d/{slug}/statements/translate")
async def machine_translate(slug: str, request: Request, who: Organiser, state: State) -> Response:
    """Fill missing texts by machine translation, when the deployment has turned it on."""
    await check_csrf(request, state)
    # Network calls: in a worker thread, so the event loop keeps serving other requests.
    report = await run_in_threadpool(translate_missing, state, slug, who.organiser.id)
    return see_other(
        f"/o/d/{slug}/statements?translated={len(report.translated)}&failed={len(report.failed)}#list"
    )


@router.post("/o/d/{slug}/statements/upload")
async def upload_statements(slug: str, request: Request, who: Organiser, state: State) -> Response:
    await check_csrf(request, state)
    dialogue = load_dialogue(state, slug, who)
    form = await request.form()
    given = upload(form, "file")
    _ = gettext(request)
    try:
        if given is None or not given.filename:
            raise InvalidInput(_("Choose a file to upload."))
        data = await given.read(statements.MAX_IMPORT_BYTES + 1)
        if field(form, "format") == "polis":
            language = "zh" if field(form, "language") == "zh" else "en"
            drafts = statements.drafts_from_polis_comments(data, language)
        else:
            drafts = statements.drafts_from_csv(data)
        with state.database.session() as session:
            added = statements.add_statements(session, slug, who.organiser.id, drafts, origin="import")
    except InvalidInput as error:
        return _statements_page(request, who, dialogue, state, upload_error=str(error), status=422)
    return _added(state, slug, added)


@router.post("/o/d/{slug}/statements/{statement_id}/moderation")
async def moderate(slug: str, statement_id: int, request: Request, who: Organiser, state: State) -> Response:
    await check_csrf(request, state)
    form = await request.form()
    wanted = field(form, "state")
    if wanted not in ("accepted", "rejected"):
        raise InvalidInput("moderation state must be accepted or rejected")
    with state.database.session() as session:
        view = statements.moderate_statement(session, slug, who.organiser.id, statement_id, wanted)
    state.results.mark_dirty(view.dialogue_id)
    if is_htmx(request):
        return render(request, "organiser/_moderated_row.html", {"statement": view})
    return see_other(f"/o/d/{slug}/statements")


def _library_page(
    request: Request,
    who: OrganiserSession,
    dialogue: DialogueView,
    state: State,
    *,
    error: str | None = None,
    chosen: list[str] | None = None,
    status: int = 200,
) -> Response:
    query = request.query_params.get("q", "")[:200]
    area = request.query_params.get("policy_area", "")
    try:
        entries = search_library(query, policy_area=area or None)
    except LibraryError:
        area, entries = "", search_library(query)
    with state.database.session() as session:
        present = {s.library_id for s in statements.list_statements(session, dialogue.id) if s.library_id}
    context = {
        "entries": entries,
        "query": query,
        "area": area,
        "policy_areas": POLICY_AREAS,
        "present": present,
        "chosen": set(chosen or ()),
        "error": error,
    }
    return dialogue_page(
        request, "organiser/library.html", who, dialogue, context, status=status, tab="statements"
    )


@router.get("/o/d/{slug}/library")
def library_page(slug: str, request: Request, who: Organiser, state: State) -> Response:
    return _library_page(request, who, load_dialogue(state, slug, who), state)


@router.post("/o/d/{slug}/library")
async def add_library(slug: str, request: Request, who: Organiser, state: State) -> Response:
    await check_csrf(request, state)
    dialogue = load_dialogue(state, slug, who)
    form = await request.form()
    chosen = [value for value in fields(form, "ids") if value][:500]
    try:
        with state.database.session() as session:
            added = add_from_library(session, slug, who.organiser.id, chosen)
    except InvalidInput as error:
        return _library_page(request, who, dialogue, state, error=str(error), chosen=chosen, status=422)
    return _added(state, slug, added)
