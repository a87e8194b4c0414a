"""The dialogue store: opening, migrations that match the models, SQLite pragmas, bad URLs,
and the round trip of timezone-aware datetimes on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text

from tracktwo.dialogue.errors import StoreError
from tracktwo.dialogue.store.database import Database, open_database, sqlite_url
from tracktwo.dialogue.store.schema import Base, Dialogue, Organiser

TABLES = {"organisers", "api_tokens", "dialogues", "statements", "participants", "votes", "audit_events"}


def _revision(database: Database) -> str | None:
    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_open_migrates_to_head(database: Database) -> None:
    assert _revision(database) == "0001"
    names = set(inspect(database.engine).get_table_names())
    assert names >= TABLES | {"alembic_version"}


def test_opening_twice_is_a_no_op(database: Database) -> None:
    with database.session() as session:
        session.add(Organiser(email="a@example.org", display_name="A", password_hash="x"))
    again = open_database(database.url)
    try:
        assert _revision(again) == "0001"
        with again.session() as session:
            assert session.scalars(select(Organiser.email)).all() == ["a@example.org"]
        with again.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
    finally:
        again.dispose()


def test_migrated_schema_matches_the_models(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_open_without_migrate_leaves_the_database_empty(tmp_path: Path) -> None:
    database = open_database(sqlite_url(tmp_path / "raw.db"), migrate=False)
    try:
        assert inspect(database.engine).get_table_names() == []
    finally:
        database.dispose()


def test_sqlite_pragmas(tmp_path: Path) -> None:
    database = open_database(sqlite_url(tmp_path / "p.db"))
    try:
        assert database.is_sqlite
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000
    finally:
        database.dispose()


def test_sqlite_durable_power_loss_uses_synchronous_full(tmp_path: Path) -> None:
    database = open_database(sqlite_url(tmp_path / "d.db"), durable_power_loss=True)
    try:
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    finally:
        database.dispose()


def test_backend_matches_the_url(database: Database) -> None:
    assert database.is_sqlite == database.url.startswith("sqlite")


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("mysql://user@localhost/db", "unsupported database"),
        ("oracle://user@localhost/db", "unsupported database"),
        ("not a url at all", "not a database URL"),
        ("", "not a database URL"),
    ],
)
def test_bad_urls_raise_store_error(url: str, fragment: str) -> None:
    with pytest.raises(StoreError, match=fragment):
        open_database(url)


def test_sqlite_file_in_a_missing_folder(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "folder" / "t.db"
    with pytest.raises(StoreError, match="folder for the SQLite file does not exist"):
        open_database(sqlite_url(missing))
    assert not missing.parent.exists()


def test_unreachable_postgresql_raises_store_error() -> None:
    # Port 1 on localhost refuses at once: the migration cannot connect.
    with pytest.raises(StoreError, match="cannot migrate"):
        open_database("postgresql+psycopg://nobody@127.0.0.1:1/none")


def test_foreign_keys_are_enforced(database: Database) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), database.session() as session:
        session.add(
            Dialogue(
                slug="orphan",
                organiser_id=999,
                title_en="x",
                title_zh="x",
                countries="[]",
                sectors="[]",
            )
        )


def test_datetimes_come_back_aware_and_in_utc(database: Database) -> None:
    beijing = timezone(timedelta(hours=8))
    moment = datetime(2030, 5, 1, 9, 30, tzinfo=beijing)
    with database.session() as session:
        organiser = Organiser(email="t@example.org", display_name="T", password_hash="x")
        session.add(organiser)
        session.flush()
        session.add(
            Dialogue(
                slug="tz",
                organiser_id=organiser.id,
                title_en="x",
                title_zh="x",
                countries="[]",
                sectors="[]",
                opens_at=moment,
            )
        )
    with database.sessions() as session:
        row = session.scalar(select(Dialogue).where(Dialogue.slug == "tz"))
        assert row is not None
        assert row.opens_at == moment
        assert row.opens_at is not None and row.opens_at.utcoffset() == timedelta(0)
        assert row.created_at.tzinfo is not None
        assert abs(row.created_at - datetime.now(UTC)) < timedelta(minutes=5)


def test_naive_datetimes_are_refused_by_the_store(database: Database) -> None:
    from sqlalchemy.exc import StatementError

    with pytest.raises(StatementError, match="naive datetime"), database.session() as session:
        session.add(Organiser(email="n@example.org", display_name="N", password_hash="x"))
        session.flush()
        session.add(
            Dialogue(
                slug="naive",
                organiser_id=1,
                title_en="x",
                title_zh="x",
                countries="[]",
                sectors="[]",
                opens_at=datetime(2030, 1, 1),
            )
        )
        session.flush()


def test_session_rolls_back_on_error(database: Database) -> None:
    with pytest.raises(RuntimeError), database.session() as session:
        session.add(Organiser(email="r@example.org", display_name="R", password_hash="x"))
        session.flush()
        raise RuntimeError("boom")
    with database.session() as session:
        assert session.scalars(select(Organiser)).all() == []
