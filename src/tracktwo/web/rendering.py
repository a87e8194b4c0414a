"""Rendering pages: Jinja2 templates (autoescaped) with the request's language, its
gettext functions and the CSRF token of the browser session."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from tracktwo.taxonomy.vocabulary import vocabulary
from tracktwo.web.i18n import LANGUAGES, negotiate, translations
from tracktwo.web.security import CSRF_FIELD, LANGUAGE_COOKIE, session_cookie_value
from tracktwo.web.state import state_of

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent / "templates"))
TEMPLATES.env.autoescape = True
TEMPLATES.env.trim_blocks = True
TEMPLATES.env.lstrip_blocks = True


def request_language(request: Request) -> str:
    cached = getattr(request.state, "language", None)
    if cached in LANGUAGES:
        return str(cached)
    return negotiate(
        request.query_params.get("lang"),
        request.cookies.get(LANGUAGE_COOKIE),
        request.headers.get("accept-language"),
    )


def csrf_token(request: Request) -> str:
    """The CSRF token of this browser's session cookie (participant or organiser)."""
    cookie = session_cookie_value(request.cookies)
    fresh = getattr(request.state, "session_cookie", None)
    source = fresh or cookie
    return state_of(request).signer.csrf_token(source) if source else ""


def policy_area_label(code: str, language: str) -> str:
    try:
        return vocabulary().term("policy_areas", code).label(language)
    except (KeyError, LookupError):
        return code


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    language = request_language(request)
    gettext = translations(language)
    values: dict[str, Any] = {
        "request": request,
        "lang": language,
        "html_lang": "zh-Hans" if language == "zh" else "en",
        "_": gettext.gettext,
        "ngettext": gettext.ngettext,
        "csrf_field": CSRF_FIELD,
        "csrf_token": csrf_token(request),
        "area_label": lambda code: policy_area_label(code, language),
    }
    values.update(context or {})
    return TEMPLATES.TemplateResponse(request, name, values, status_code=status, headers=headers)


def render_error(
    request: Request, status: int, detail: str, headers: dict[str, str] | None = None
) -> Response:
    return render(request, "error.html", {"status": status, "detail": detail}, status=status, headers=headers)
