"""Security plumbing: signed cookies, CSRF tokens, and the headers every response carries.

CSRF: each browser session (organiser or participant cookie) has a CSRF token derived
from its cookie with an HMAC; forms carry it in a hidden field and htmx sends it in a
header. The JSON API uses bearer tokens, not cookies, so it needs no CSRF token.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ORGANISER_COOKIE = "tt_organiser"
PARTICIPANT_COOKIE = "tt_participant"
LANGUAGE_COOKIE = "tt_lang"
# Before sign-in there is no session to tie a CSRF token to; this random cookie stands in.
PRE_SESSION_COOKIE = "tt_pre"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


def session_cookie_value(cookies: dict[str, str]) -> str | None:
    """The cookie CSRF tokens are derived from: the session's, else the pre-session one."""
    return cookies.get(PARTICIPANT_COOKIE) or cookies.get(ORGANISER_COOKIE) or cookies.get(PRE_SESSION_COOKIE)


class CookieSigner:
    def __init__(self, secret_key: str) -> None:
        self._secret = secret_key.encode("utf-8")
        self._serializer = URLSafeTimedSerializer(secret_key, salt="tracktwo-cookie")

    def dumps(self, value: Any) -> str:
        return self._serializer.dumps(value)

    def loads(self, signed: str, max_age_seconds: int) -> Any | None:
        try:
            return self._serializer.loads(signed, max_age=max_age_seconds)
        except BadSignature:
            return None

    def csrf_token(self, cookie_value: str) -> str:
        return hmac.new(self._secret, b"csrf:" + cookie_value.encode("utf-8"), hashlib.sha256).hexdigest()

    def csrf_valid(self, cookie_value: str | None, given: str | None) -> bool:
        if not cookie_value or not given:
            return False
        return hmac.compare_digest(self.csrf_token(cookie_value), given)


class SecurityHeadersMiddleware:
    """Adds the content security policy and hardening headers to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"content-security-policy", CONTENT_SECURITY_POLICY.encode("ascii")))
                headers.extend(SECURITY_HEADERS)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
