"""pytest plugin: real PostgreSQL and Chromium for tests that need them.

Registered from tests/conftest.py with ``pytest_plugins = ["support.fixtures"]``. Servers are started
lazily, once per session (per xdist worker), only when a test asks for them, and a test whose server or
browser cannot be provided is skipped with the reason rather than failing the whole run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from support.chromium import CHROMIUM_ARGS, BrowserUnavailable, ensure_chromium
from support.postgres_server import PostgresServer, ServerUnavailable

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server private to this test session, on 127.0.0.1; stopped and deleted afterwards."""
    server = PostgresServer()
    try:
        server.start()
    except ServerUnavailable as exc:
        pytest.skip(f"PostgreSQL unavailable: {exc.reason}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """SQLAlchemy URL of a fresh, empty database for this test only, so tests cannot see each other's rows.

    The database is dropped afterwards (forcibly, so engines the test forgot to dispose do not block it).
    """
    try:
        url = postgres_server.create_database()
    except ServerUnavailable as exc:
        pytest.skip(f"PostgreSQL unavailable: could not create a database: {exc.reason}")
    yield url
    with contextlib.suppress(ServerUnavailable):  # the whole cluster is deleted at session end anyway
        postgres_server.drop_database(url.rsplit("/", 1)[1])


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Debian's Chromium executable, installed on first use when we are root."""
    try:
        return ensure_chromium()
    except BrowserUnavailable as exc:
        pytest.skip(f"Chromium unavailable: {exc.reason}")


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[Browser]:
    """A headless Playwright (sync API) Chromium shared by the session; tests should open their own pages.

    Playwright's bundled browser cannot be downloaded here, so the Debian binary is used via
    ``executable_path``.
    """
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        pytest.skip(f"Chromium unavailable: the playwright package is not installed ({exc})")

    playwright = sync_playwright().start()
    try:
        try:
            launched = playwright.chromium.launch(
                executable_path=str(chromium_path), args=CHROMIUM_ARGS, headless=True, timeout=60_000
            )
        except PlaywrightError as exc:
            pytest.skip(f"Chromium unavailable: launching {chromium_path} with Playwright failed: {exc}")
        try:
            yield launched
        finally:
            launched.close()
    finally:
        playwright.stop()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    """Keep each phase's report on the test item (`item.rep_call`), so fixtures can see at
    teardown whether the test failed (the browser tests keep screenshots then)."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
