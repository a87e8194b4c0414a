"""The FastAPI application: pages (Jinja2 + htmx) and the JSON API under /api/v1."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from tracktwo.dialogue.recompute import ResultsCache
from tracktwo.dialogue.recompute_process import ProcessCompute
from tracktwo.dialogue.store.database import Database, open_database
from tracktwo.web.errors import install_error_handlers
from tracktwo.web.security import CookieSigner, SecurityHeadersMiddleware
from tracktwo.web.settings import WebSettings
from tracktwo.web.state import AppState, Limiters

STATIC = Path(__file__).resolve().parent / "static"
API_PREFIX = "/api/v1"


def build_state(settings: WebSettings, database: Database | None = None) -> AppState:
    database = database or open_database(settings.database_url)
    limits = settings.rate_limits
    compute = ProcessCompute() if settings.recompute_in_process else None
    return AppState(
        settings=settings,
        database=database,
        results=ResultsCache(database, debounce_seconds=settings.recompute_debounce_seconds, compute=compute),
        limiters=Limiters(
            login=limits.login.limiter(),
            votes=limits.votes.limiter(),
            submissions=limits.statements.limiter(),
            tokens=limits.api_tokens.limiter(),
        ),
        signer=CookieSigner(settings.secret_key),
    )


def create_app(settings: WebSettings, database: Database | None = None) -> FastAPI:
    state = build_state(settings, database)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        state.results.start()
        try:
            yield
        finally:
            state.results.stop()
            if isinstance(state.results.compute, ProcessCompute):
                state.results.compute.close()

    app = FastAPI(
        title="tracktwo",
        summary="Track-two dialogue: invite, vote, find common ground, draft the joint statement.",
        version="0.1.0",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.tracktwo = state
    app.add_middleware(SecurityHeadersMiddleware)
    install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    from tracktwo.web.api.organiser_api import router as organiser_api
    from tracktwo.web.api.participant_api import router as participant_api
    from tracktwo.web.pages.organiser_pages import router as organiser_pages
    from tracktwo.web.pages.participant_pages import router as participant_pages

    app.include_router(organiser_api, prefix=API_PREFIX)
    app.include_router(participant_api, prefix=API_PREFIX)
    app.include_router(organiser_pages)
    app.include_router(participant_pages)
    return app
