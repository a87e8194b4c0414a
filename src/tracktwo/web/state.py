"""What the application holds while it runs: the store, the results cache, the rate
limiters, the cookie signer. One value on `app.state`, reached through dependencies."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session
from starlette.requests import Request

from tracktwo.dialogue.recompute import ResultsCache
from tracktwo.dialogue.store.database import Database
from tracktwo.dialogue.views import DialogueView
from tracktwo.web.rate_limit import RateLimiter
from tracktwo.web.security import CookieSigner
from tracktwo.web.settings import WebSettings


@dataclass(frozen=True)
class Limiters:
    login: RateLimiter
    votes: RateLimiter
    submissions: RateLimiter
    tokens: RateLimiter


@dataclass(frozen=True)
class AppState:
    settings: WebSettings
    database: Database
    results: ResultsCache
    limiters: Limiters
    signer: CookieSigner


def state_of(request: Request) -> AppState:
    state: AppState = request.app.state.tracktwo
    return state


async def app_state(request: Request) -> AppState:
    """The dependency form of `state_of`. Async on purpose: FastAPI runs sync dependencies
    in a worker thread, and this one only reads an attribute, so it should not cost a
    thread hop on every request."""
    return state_of(request)


def change_dialogue(
    state: AppState,
    change: Callable[[Session, str, int], DialogueView],
    slug: str,
    organiser_id: int,
) -> DialogueView:
    """`change` (e.g. `dialogues.close_dialogue`) made to the organiser's dialogue in one
    transaction, then the dialogue's results marked for recomputing; the dialogue as changed."""
    with state.database.session() as session:
        view = change(session, slug, organiser_id)
    state.results.mark_dirty(view.id)
    return view
