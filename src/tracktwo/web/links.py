"""Absolute links the app hands out (invite links)."""

from __future__ import annotations

from starlette.requests import Request

from tracktwo.web.settings import WebSettings


def invite_base_url(request: Request, settings: WebSettings) -> str:
    """The configured public URL, else the URL this request came in on."""
    return (settings.base_url or str(request.base_url)).rstrip("/")
