"""Fixtures of the dialogue store tests: one migrated database per test, on SQLite and
PostgreSQL (helpers to fill it are in store_builder.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from store_builder import Builder

from tracktwo.dialogue.store.database import Database, open_database


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A freshly migrated store; PostgreSQL is only started for the postgresql parameter."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/t.db"
    else:
        url = request.getfixturevalue("postgres_url")
    opened = open_database(url)
    try:
        yield opened
    finally:
        opened.dispose()


@pytest.fixture
def build(database: Database) -> Builder:
    return Builder(database)
