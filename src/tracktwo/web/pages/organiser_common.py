"""What every organiser page shares: finding the organiser's dialogue, rendering with the
dialogue's navigation and simulated banner, reading form fields, readable stratum names."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse

from tracktwo.dialogue.services import dialogues
from tracktwo.dialogue.views import DialogueView
from tracktwo.taxonomy.vocabulary import Kind, TaxonomyError, vocabulary
from tracktwo.web.auth import OrganiserSession
from tracktwo.web.i18n import translations
from tracktwo.web.rendering import render, request_language
from tracktwo.web.state import AppState

# Sector codes the default dialogue uses that the shared vocabulary does not name.
_EXTRA_LABELS: dict[str, str] = {"science": "Science", "policy": "Policy"}
ATTRIBUTE_KINDS: dict[str, Kind] = {"country": "countries", "sector": "sectors"}


def gettext(request: Request) -> Any:
    return translations(request_language(request)).gettext


def load_dialogue(state: AppState, slug: str, who: OrganiserSession) -> DialogueView:
    """The organiser's own dialogue with this slug; NotFound (404) for anyone else's."""
    with state.database.session() as session:
        return dialogues.get_dialogue(session, slug, who.organiser.id)


def code_label(request: Request, kind: Kind, code: str) -> str:
    """A country or sector code in the page language (the code itself when unknown)."""
    language = request_language(request)
    try:
        return vocabulary().term(kind, code).label(language)
    except TaxonomyError:
        extra = _EXTRA_LABELS.get(code)
        return str(gettext(request)(extra)) if extra else code


def stratum_label(request: Request, label: str) -> str:
    """The engine's stratum label ("country=US & sector=science") in words."""
    parts = []
    for piece in label.split(" & "):
        attribute, _, value = piece.partition("=")
        kind = ATTRIBUTE_KINDS.get(attribute)
        parts.append(code_label(request, kind, value) if kind else piece)
    return " · ".join(parts)


def dialogue_page(
    request: Request,
    template: str,
    who: OrganiserSession,
    dialogue: DialogueView,
    context: dict[str, Any] | None = None,
    status: int = 200,
    tab: str = "overview",
) -> HTMLResponse:
    language = request_language(request)
    values: dict[str, Any] = {
        "organiser": who.organiser,
        "dialogue": dialogue,
        "title": dialogue.title(language),
        "tab": tab,
        "country_label": lambda code: code_label(request, "countries", code),
        "sector_label": lambda code: code_label(request, "sectors", code),
    }
    values.update(context or {})
    return render(request, template, values, status=status)


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def field(form: FormData, name: str, default: str = "") -> str:
    value = form.get(name)
    return value if isinstance(value, str) else default


def fields(form: FormData, name: str) -> list[str]:
    return [value if isinstance(value, str) else "" for value in form.getlist(name)]


def upload(form: FormData, name: str) -> UploadFile | None:
    value = form.get(name)
    return value if isinstance(value, UploadFile) else None


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"
