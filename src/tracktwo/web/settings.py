"""The web application's settings: one frozen value, made by the CLI or a test."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from tracktwo.dialogue.translation import TranslatorSettings
from tracktwo.web.rate_limit import RateLimits


@dataclass(frozen=True)
class WebSettings:
    database_url: str
    # Signs cookies and CSRF tokens. A fresh random key per start logs everyone out on
    # restart; `tracktwo serve` reads a stable one from TRACKTWO_SECRET_KEY when set.
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    # Cookies are Secure by default; browsers accept Secure cookies from http://127.0.0.1
    # and http://localhost, so only a plain-http deployment elsewhere needs this off.
    secure_cookies: bool = True
    base_url: str = ""  # for invite links; empty: taken from each request
    # A burst of votes costs one recompute per second at most (the engine shares the CPU with the votes).
    recompute_debounce_seconds: float = 1.0
    # Run the engine in a child process (what `tracktwo serve` does): keeps its CPU time off
    # the server's interpreter. Off by default so that tests stay light and quick.
    recompute_in_process: bool = False
    rate_limits: RateLimits = field(default_factory=RateLimits)
    session_hours: int = 12
    # Machine translation of missing statement texts; None (the default) keeps it off.
    translator: TranslatorSettings | None = None
