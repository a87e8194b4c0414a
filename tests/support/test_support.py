"""Checks that the test-support plugin really starts PostgreSQL and Chromium on this machine.

These exercise the same code path CI uses, so a broken install or start shows up here with a clear
message instead of as confusing failures in the tests that depend on the fixtures.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from support.chromium import CHROMIUM_ARGS
from support.postgres_server import PostgresServer, ServerUnavailable, find_postgres_bin

if TYPE_CHECKING:
    from playwright.sync_api import Browser

sa = pytest.importorskip("sqlalchemy", reason="SQLAlchemy is needed to talk to the test PostgreSQL")

PAGE_TITLE = "tracktwo support check"


def test_find_postgres_bin_points_at_initdb(postgres_server: PostgresServer) -> None:
    bin_dir = find_postgres_bin()
    assert bin_dir is not None
    assert (bin_dir / "initdb").is_file()
    assert (bin_dir / "pg_ctl").is_file()


def test_server_listens_on_loopback_only(postgres_server: PostgresServer) -> None:
    assert postgres_server.url.startswith("postgresql+psycopg://postgres@127.0.0.1:")
    engine = sa.create_engine(postgres_server.url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("show listen_addresses")).scalar() == "127.0.0.1"
            assert conn.execute(sa.text("show fsync")).scalar() == "off"
    finally:
        engine.dispose()


def test_postgres_round_trip(postgres_url: str) -> None:
    engine = sa.create_engine(postgres_url)
    try:
        with engine.begin() as conn:
            assert conn.execute(sa.text("select 1")).scalar() == 1
            conn.execute(sa.text("create table statements (id serial primary key, body text not null)"))
            conn.execute(
                sa.text("insert into statements (body) values (:body)"),
                [{"body": "verification first"}, {"body": "对话"}],
            )
        with engine.connect() as conn:
            rows = conn.execute(sa.text("select body from statements order by id")).scalars().all()
        assert rows == ["verification first", "对话"]
    finally:
        engine.dispose()


@pytest.fixture
def other_postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    url = postgres_server.create_database()
    yield url
    postgres_server.drop_database(url.rsplit("/", 1)[1])


def test_postgres_urls_are_separate_databases(postgres_url: str, other_postgres_url: str) -> None:
    assert postgres_url != other_postgres_url
    first, second = sa.create_engine(postgres_url), sa.create_engine(other_postgres_url)
    try:
        with first.begin() as conn:
            conn.execute(sa.text("create table only_here (x int)"))
        with second.connect() as conn:
            names = {first.url.database, second.url.database}
            assert conn.execute(sa.text("select current_database()")).scalar() == second.url.database
            assert conn.execute(sa.text("select to_regclass('only_here')")).scalar() is None
        assert len(names) == 2
    finally:
        first.dispose()
        second.dispose()


def test_durable_server_keeps_fsync_on() -> None:
    try:
        server = PostgresServer("durable_check", durable=True)
        server.start()
    except ServerUnavailable as exc:
        pytest.skip(f"PostgreSQL unavailable: {exc.reason}")
    try:
        engine = sa.create_engine(server.url)
        with engine.connect() as conn:
            assert conn.execute(sa.text("show fsync")).scalar() == "on"
        engine.dispose()
    finally:
        server.stop()
    assert server.base_dir is None


@pytest.fixture
def tiny_site(tmp_path: Path) -> Iterator[str]:
    """A one-page site on 127.0.0.1 (a free port) served from a thread; yields its base URL."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "index.html").write_text(
        f"<!doctype html><html><head><meta charset='utf-8'><title>{PAGE_TITLE}</title></head>"
        "<body><h1>Hello</h1></body></html>",
        encoding="utf-8",
    )

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_chromium_args_are_headless_and_quiet() -> None:
    assert "--headless" in CHROMIUM_ARGS
    assert "--no-sandbox" in CHROMIUM_ARGS


def test_browser_loads_local_page(browser: Browser, tiny_site: str, tmp_path: Path) -> None:
    page = browser.new_page()
    try:
        page.goto(f"{tiny_site}/index.html", timeout=30_000)
        assert page.title() == PAGE_TITLE
        assert page.inner_text("h1") == "Hello"
        shot = tmp_path / "page.png"
        page.screenshot(path=str(shot), timeout=30_000)
    finally:
        page.close()
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
