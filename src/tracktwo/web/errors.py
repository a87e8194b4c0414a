"""Errors as users meet them: a JSON problem document (RFC 9457) under /api, a friendly
page elsewhere, and never a traceback."""

from __future__ import annotations

import logging

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from tracktwo.dialogue.errors import Conflict, DialogueError, Forbidden, InvalidInput, NotFound, StoreError
from tracktwo.web.security import CONTENT_SECURITY_POLICY, SECURITY_HEADERS

log = logging.getLogger(__name__)

STATUS = {NotFound: 404, Forbidden: 403, InvalidInput: 422, Conflict: 409, StoreError: 503}
TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Too large",
    422: "Invalid input",
    429: "Too many requests",
    500: "Server error",
    503: "Service unavailable",
}


class RateLimited(Exception):
    def __init__(self, retry_after: float) -> None:
        super().__init__("too many requests; wait and try again")
        self.retry_after = retry_after


class NotSignedIn(Exception):
    """No valid organiser or participant credentials; pages redirect, the API answers 401."""


def status_of(error: DialogueError) -> int:
    for kind, status in STATUS.items():
        if isinstance(error, kind):
            return status
    return 400


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def problem(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        {"type": "about:blank", "title": TITLES.get(status, "Error"), "status": status, "detail": detail},
        status_code=status,
        media_type="application/problem+json",
        headers=headers,
    )


def install_error_handlers(app: FastAPI) -> None:
    def respond(
        request: Request, status: int, detail: str, headers: dict[str, str] | None = None
    ) -> Response:
        if wants_json(request):
            return problem(status, detail, headers)
        from tracktwo.web.rendering import render_error

        return render_error(request, status, detail, headers)

    @app.exception_handler(DialogueError)
    async def dialogue_error(request: Request, error: DialogueError) -> Response:
        return respond(request, status_of(error), str(error))

    @app.exception_handler(RateLimited)
    async def rate_limited(request: Request, error: RateLimited) -> Response:
        return respond(request, 429, str(error), {"Retry-After": str(max(1, round(error.retry_after)))})

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, error: NotSignedIn) -> Response:
        if wants_json(request):
            return problem(401, str(error) or "sign in first", {"WWW-Authenticate": "Bearer"})
        from starlette.responses import RedirectResponse

        target = "/login" if request.url.path.startswith("/o") else "/"
        return RedirectResponse(target, status_code=303)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        return respond(
            request, error.status_code, str(error.detail), dict(error.headers) if error.headers else None
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> Response:
        parts = []
        for item in error.errors()[:5]:
            where = ".".join(str(part) for part in item.get("loc", ()) if part != "body")
            parts.append(
                f"{where}: {item.get('msg', 'invalid')}" if where else str(item.get("msg", "invalid"))
            )
        return respond(request, 422, "; ".join(parts) or "invalid request")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        response = respond(request, 500, "something went wrong on the server; the error was logged")
        # Starlette answers this handler from its outermost middleware, outside
        # SecurityHeadersMiddleware, so the hardening headers are added here.
        response.headers["content-security-policy"] = CONTENT_SECURITY_POLICY
        for name, value in SECURITY_HEADERS:
            response.headers[name.decode("ascii")] = value.decode("ascii")
        return response
