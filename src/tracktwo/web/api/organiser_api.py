"""The organiser's JSON API: tokens, dialogues, statements, invites, moderation, results,
joint statement, audit log and export. Bearer token authentication."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from starlette.requests import Request
from starlette.responses import Response

from tracktwo.dialogue.library import search_library
from tracktwo.dialogue.services import dialogues, invites, organisers, statements
from tracktwo.dialogue.services.audit import audit_log
from tracktwo.dialogue.services.library_import import add_from_library
from tracktwo.reports.dialogue_export import export_dialogue
from tracktwo.reports.dialogue_joint_statement import FORMATS
from tracktwo.reports.dialogue_results import results_json
from tracktwo.web.api import schemas
from tracktwo.web.auth import Organiser, State, client_address, limit
from tracktwo.web.downloads import attachment, joint_statement_attachment
from tracktwo.web.links import invite_base_url
from tracktwo.web.machine_translation import translate_missing
from tracktwo.web.state import change_dialogue

router = APIRouter(tags=["organiser"], responses=schemas.PROBLEM_RESPONSES)
StatementId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.post("/tokens", response_model=schemas.TokenResponse, status_code=201)
def create_token(body: schemas.TokenRequest, request: Request, state: State) -> schemas.TokenResponse:
    """Exchange an organiser's email and password for an API token (shown once)."""
    limit(state.limiters.login, f"login:{client_address(request)}")
    with state.database.session() as session:
        organiser = organisers.authenticate(session, body.email, body.password)
        token = organisers.issue_api_token(session, organiser.id, body.label)
    return schemas.TokenResponse(token=token)


@router.get("/dialogues", response_model=list[schemas.DialogueOut])
def list_dialogues(who: Organiser, state: State) -> list[schemas.DialogueOut]:
    with state.database.session() as session:
        return [schemas.DialogueOut.of(d) for d in dialogues.list_dialogues(session, who.organiser.id)]


@router.post("/dialogues", response_model=schemas.DialogueOut, status_code=201)
def create_dialogue(body: schemas.DialogueCreate, who: Organiser, state: State) -> schemas.DialogueOut:
    spec = dialogues.DialogueSpec(
        title_en=body.title_en,
        title_zh=body.title_zh,
        description_en=body.description_en,
        description_zh=body.description_zh,
        countries=tuple(body.countries),
        sectors=tuple(body.sectors),
        privacy_k=body.privacy_k,
        moderation=body.moderation,
        allow_submissions=body.allow_submissions,
        show_map=body.show_map,
        opens_at=body.opens_at,
        closes_at=body.closes_at,
    )
    with state.database.session() as session:
        return schemas.DialogueOut.of(dialogues.create_dialogue(session, who.organiser.id, spec))


@router.get("/dialogues/{slug}", response_model=schemas.DialogueOut)
def get_dialogue(slug: str, who: Organiser, state: State) -> schemas.DialogueOut:
    with state.database.session() as session:
        return schemas.DialogueOut.of(dialogues.get_dialogue(session, slug, who.organiser.id))


@router.post("/dialogues/{slug}/close", response_model=schemas.DialogueOut)
def close_dialogue(slug: str, who: Organiser, state: State) -> schemas.DialogueOut:
    return schemas.DialogueOut.of(change_dialogue(state, dialogues.close_dialogue, slug, who.organiser.id))


@router.post("/dialogues/{slug}/reopen", response_model=schemas.DialogueOut)
def reopen_dialogue(slug: str, who: Organiser, state: State) -> schemas.DialogueOut:
    return schemas.DialogueOut.of(change_dialogue(state, dialogues.reopen_dialogue, slug, who.organiser.id))


@router.get("/dialogues/{slug}/statements", response_model=list[schemas.StatementOut])
def list_statements(
    slug: str,
    who: Organiser,
    state: State,
    status: Annotated[str | None, Query(pattern="^(pending|accepted|rejected)$")] = None,
) -> list[schemas.StatementOut]:
    with state.database.session() as session:
        dialogue = dialogues.get_dialogue(session, slug, who.organiser.id)
        wanted = (status,) if status else statements.STATES
        return [schemas.StatementOut.of(s) for s in statements.list_statements(session, dialogue.id, wanted)]


def _drafts(items: list[schemas.StatementIn]) -> list[statements.StatementDraft]:
    return [
        statements.StatementDraft(
            text_en=i.text_en,
            text_zh=i.text_zh,
            policy_area=i.policy_area,
            translation_en=i.translation_en,
            translation_zh=i.translation_zh,
            is_meta=i.is_meta,
        )
        for i in items
    ]


def _added(state: State, slug: str, added: tuple[Any, ...]) -> list[schemas.StatementOut]:
    if added:
        state.results.mark_dirty(added[0].dialogue_id)
    return [schemas.StatementOut.of(s) for s in added]


@router.post("/dialogues/{slug}/statements", response_model=list[schemas.StatementOut], status_code=201)
def add_statements(
    slug: str, body: schemas.StatementsIn, who: Organiser, state: State
) -> list[schemas.StatementOut]:
    with state.database.session() as session:
        added = statements.add_statements(session, slug, who.organiser.id, _drafts(body.statements))
    return _added(state, slug, added)


@router.post(
    "/dialogues/{slug}/statements/import", response_model=list[schemas.StatementOut], status_code=201
)
def import_statements(
    slug: str, body: schemas.StatementImport, who: Organiser, state: State
) -> list[schemas.StatementOut]:
    """Import a CSV (text_en, text_zh, policy_area, ...) or a Pol.is comments.csv."""
    if body.format == "csv":
        drafts = statements.drafts_from_csv(body.content)
    else:
        drafts = statements.drafts_from_polis_comments(body.content, body.language)
    with state.database.session() as session:
        added = statements.add_statements(session, slug, who.organiser.id, drafts, origin="import")
    return _added(state, slug, added)


@router.post(
    "/dialogues/{slug}/statements/library", response_model=list[schemas.StatementOut], status_code=201
)
def add_library_statements(
    slug: str, body: schemas.LibraryPick, who: Organiser, state: State
) -> list[schemas.StatementOut]:
    with state.database.session() as session:
        added = add_from_library(session, slug, who.organiser.id, body.ids)
    return _added(state, slug, added)


@router.put("/dialogues/{slug}/statements/{statement_id}", response_model=schemas.StatementOut)
def edit_statement(
    slug: str, statement_id: StatementId, body: schemas.StatementIn, who: Organiser, state: State
) -> schemas.StatementOut:
    with state.database.session() as session:
        view = statements.edit_statement(session, slug, who.organiser.id, statement_id, _drafts([body])[0])
    state.results.mark_dirty(view.dialogue_id)
    return schemas.StatementOut.of(view)


@router.post("/dialogues/{slug}/statements/{statement_id}/moderation", response_model=schemas.StatementOut)
def moderate(
    slug: str, statement_id: StatementId, body: schemas.Moderation, who: Organiser, state: State
) -> schemas.StatementOut:
    with state.database.session() as session:
        view = statements.moderate_statement(session, slug, who.organiser.id, statement_id, body.state)
    state.results.mark_dirty(view.dialogue_id)
    return schemas.StatementOut.of(view)


@router.post("/dialogues/{slug}/invites", response_model=list[schemas.NewInviteOut], status_code=201)
def create_invites(
    slug: str, body: schemas.InvitesIn, request: Request, who: Organiser, state: State
) -> list[schemas.NewInviteOut]:
    """Make invites; the response is the only time their tokens and links are shown."""
    wanted = [
        invites.InviteRequest(i.country, i.sector, i.note, i.language)
        for i in body.invites
        for _ in range(i.count)
    ]
    with state.database.session() as session:
        made = invites.create_invites(session, slug, who.organiser.id, wanted)
    base = invite_base_url(request, state.settings)
    return [
        schemas.NewInviteOut(
            participant=m.participant_id,
            country=m.country,
            sector=m.sector,
            note=m.note,
            token=m.token,
            link=f"{base}/i/{m.token}",
        )
        for m in made
    ]


@router.get("/dialogues/{slug}/invites", response_model=list[schemas.InviteOut])
def list_invites(slug: str, who: Organiser, state: State) -> list[schemas.InviteOut]:
    with state.database.session() as session:
        return [schemas.InviteOut.of(i) for i in invites.list_invites(session, slug, who.organiser.id)]


def _results(state: State, slug: str, organiser_id: int) -> Any:
    with state.database.session() as session:
        dialogue = dialogues.get_dialogue(session, slug, organiser_id)
    return state.results.get(dialogue.id)


@router.get("/dialogues/{slug}/results")
def results(slug: str, who: Organiser, state: State) -> dict[str, Any]:
    """Participation, opinion map, groups, common ground, cruxes and bridging scores;
    strata and groups smaller than k are suppressed."""
    return results_json(_results(state, slug, who.organiser.id))


@router.get(
    "/dialogues/{slug}/joint-statement",
    response_class=Response,
    responses={200: {"content": {media.split(";")[0]: {} for media, _ in FORMATS.values()}}},
)
def joint_statement(
    slug: str,
    who: Organiser,
    state: State,
    format: Annotated[str, Query(pattern="^(md|html|pdf)$")] = "md",
    language: Annotated[str, Query(pattern="^(both|en|zh)$")] = "both",
) -> Response:
    """The draft joint statement as Markdown, HTML or PDF."""
    current = _results(state, slug, who.organiser.id)
    return joint_statement_attachment(current, format, language, f"joint-statement-{slug}")


@router.get("/dialogues/{slug}/audit")
def audit(slug: str, who: Organiser, state: State) -> list[dict[str, Any]]:
    with state.database.session() as session:
        dialogue = dialogues.get_dialogue(session, slug, who.organiser.id)
        return [
            {
                "id": e.id,
                "action": e.action,
                "detail": e.detail,
                "organiser": e.organiser_id,
                "time": e.created_at.isoformat(),
            }
            for e in audit_log(session, dialogue.id)
        ]


@router.get(
    "/dialogues/{slug}/export", response_class=Response, responses={200: {"content": {"application/zip": {}}}}
)
def export(slug: str, who: Organiser, state: State) -> Response:
    """Everything about the dialogue as a ZIP (pseudonymised votes, no tokens, no authors)."""
    current = _results(state, slug, who.organiser.id)
    with state.database.session() as session:
        data = export_dialogue(session, current)
    return attachment(data, "application/zip", f"dialogue-{slug}.zip")


@router.get("/library")
def library(
    q: Annotated[str, Query(max_length=200)] = "",
    policy_area: Annotated[
        str | None, Query(pattern="^(safety_evaluation|lab_accountability|bio_risk|ip|general)$")
    ] = None,
) -> list[dict[str, Any]]:
    """The statement library: red lines and standards on the public record, with sources."""
    return [
        {
            "id": e.id,
            "kind": e.kind,
            "policy_area": e.policy_area,
            "text_en": e.text_en,
            "text_zh": e.text_zh,
            "source": e.source,
            "date": e.date,
            "organisation": e.organisation,
            "source_url": e.source_url,
        }
        for e in search_library(q, policy_area=policy_area)
    ]


@router.post("/dialogues/{slug}/statements/translate")
def machine_translate(slug: str, who: Organiser, state: State) -> dict[str, Any]:
    """Fill missing English or Chinese texts by machine translation (marked "machine").
    Needs TRACKTWO_MT_BASE_URL and TRACKTWO_MT_MODEL; off otherwise."""
    report = translate_missing(state, slug, who.organiser.id)
    return {
        "translated": list(report.translated),
        "failed": [{"statement": s, "error": e} for s, e in report.failed],
    }
