"""The organiser's invite page: rows of stratum, count, language and note; the POST answers
with the CSV of links (the only moment the tokens exist), and the page lists existing
invites by stratum and state, never with their tokens."""

from __future__ import annotations

from itertools import product

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from tracktwo.dialogue.errors import InvalidInput
from tracktwo.dialogue.services import invites
from tracktwo.dialogue.views import DialogueView
from tracktwo.web.auth import Organiser, OrganiserSession, State, check_csrf
from tracktwo.web.links import invite_base_url
from tracktwo.web.pages.organiser_common import dialogue_page, fields, gettext, load_dialogue

router = APIRouter(include_in_schema=False)

MAX_ROWS = 24
BLANK_ROWS = 8
MAX_PER_ROW = 500

Row = dict[str, str]


def _default_rows(dialogue: DialogueView) -> list[Row]:
    """One row per stratum (country x sector) when that is a manageable list."""
    pairs = list(product(dialogue.countries, dialogue.sectors))
    if len(pairs) > MAX_ROWS:
        pairs = [(dialogue.countries[0], dialogue.sectors[0])] * BLANK_ROWS
    return [
        {"country": c, "sector": s, "count": "0", "language": "zh" if c == "CN" else "en", "note": ""}
        for c, s in pairs
    ]


def _invites_page(
    request: Request,
    who: OrganiserSession,
    dialogue: DialogueView,
    state: State,
    rows: list[Row] | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    with state.database.session() as session:
        existing = invites.list_invites(session, dialogue.slug, who.organiser.id)
    context = {
        "rows": rows or _default_rows(dialogue),
        "existing": existing,
        "n_redeemed": sum(1 for i in existing if i.redeemed),
        "error": error,
    }
    return dialogue_page(
        request, "organiser/invites.html", who, dialogue, context, status=status, tab="invites"
    )


@router.get("/o/d/{slug}/invites")
def invites_page(slug: str, request: Request, who: Organiser, state: State) -> Response:
    return _invites_page(request, who, load_dialogue(state, slug, who), state)


def _requests(rows: list[Row], request: Request) -> list[invites.InviteRequest]:
    _ = gettext(request)
    wanted: list[invites.InviteRequest] = []
    for number, row in enumerate(rows, start=1):
        text = row["count"].strip() or "0"
        if not text.isdigit() or int(text) > MAX_PER_ROW:
            raise InvalidInput(
                _("Row {number}: how many must be a whole number from 0 to {limit}.").format(
                    number=number, limit=MAX_PER_ROW
                )
            )
        request_ = invites.InviteRequest(row["country"], row["sector"], row["note"], row["language"])
        wanted.extend([request_] * int(text))
    if not wanted:
        raise InvalidInput(_("Ask for at least one invite: set how many in a row."))
    return wanted


@router.post("/o/d/{slug}/invites")
async def create_invites(slug: str, request: Request, who: Organiser, state: State) -> Response:
    await check_csrf(request, state)
    dialogue = load_dialogue(state, slug, who)
    form = await request.form()
    columns = {name: fields(form, name) for name in ("country", "sector", "count", "language", "note")}
    n_rows = min(MAX_ROWS, max((len(values) for values in columns.values()), default=0))
    rows = [
        {name: (values[i] if i < len(values) else "") for name, values in columns.items()}
        for i in range(n_rows)
    ]
    try:
        wanted = _requests(rows, request)
        with state.database.session() as session:
            made = invites.create_invites(session, slug, who.organiser.id, wanted)
    except InvalidInput as error:
        return _invites_page(request, who, dialogue, state, rows=rows or None, error=str(error), status=422)
    data = invites.invites_csv(made, invite_base_url(request, state.settings))
    return Response(
        data.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="invites-{slug}.csv"',
            "Cache-Control": "no-store",
        },
    )
