"""Fixtures of the JSON API tests: an app on SQLite and on PostgreSQL, a TestClient whose
lifespan runs (so the results worker is up), an organiser's API token, and an `ApiKit` that
builds dialogues, statements and participants through the API (helpers in support/web_api.py).

Fixture names carry an `api_` prefix so that page tests in this folder can define their own
`app` or `client` without clashing; nothing here is autouse.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from support.web_api import BASE_URL, ORGANISER_EMAIL, ApiKit, make_organiser
from tracktwo.web.app import create_app
from tracktwo.web.settings import WebSettings


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty store; PostgreSQL is started only for the postgresql parameter."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/api.db"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def api_settings(backend_url: str) -> WebSettings:
    """Settings of `api_app`; a test module may override this fixture (e.g. other rate limits)."""
    return WebSettings(database_url=backend_url, recompute_debounce_seconds=0.05)


@pytest.fixture
def api_app(api_settings: WebSettings) -> Iterator[FastAPI]:
    app = create_app(api_settings)
    try:
        yield app
    finally:
        app.state.tracktwo.database.dispose()


@pytest.fixture
def api_client(api_app: FastAPI) -> Iterator[TestClient]:
    """A client on https://testserver, used as a context manager so the lifespan runs."""
    with TestClient(api_app, base_url=BASE_URL) as client:
        yield client


@pytest.fixture
def organiser_token(api_app: FastAPI, api_client: TestClient) -> str:
    return make_organiser(api_app, api_client, ORGANISER_EMAIL)


@pytest.fixture
def api_kit(api_app: FastAPI, api_client: TestClient, organiser_token: str) -> ApiKit:
    return ApiKit(api_app, api_client, organiser_token)
