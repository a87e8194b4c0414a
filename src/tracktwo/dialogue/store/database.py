"""Opening a dialogue store: SQLite (the default, in WAL mode) or PostgreSQL by URL.

Durability: SQLite runs with `journal_mode=WAL` and `synchronous=NORMAL`, under which a
committed transaction survives the death of the process (it is in the WAL file the moment
COMMIT returns); only a power cut may lose the last commits. A vote is acknowledged to a
client only after its transaction has committed, so an acknowledged vote survives a
SIGKILL of the server. `synchronous=FULL` (`durable_power_loss=True`) also covers
power loss, at some cost in votes per second.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from tracktwo.dialogue.errors import StoreError
from tracktwo.dialogue.store.migrate import upgrade_to_head


@dataclass(frozen=True)
class Database:
    """An engine and its session factory; `session()` gives one transaction."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose transaction commits when the block ends and rolls back on error."""
        with self.sessions.begin() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _configure_sqlite(engine: Engine, durable_power_loss: bool) -> None:
    synchronous = "FULL" if durable_power_loss else "NORMAL"

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


def open_database(url: str, *, migrate: bool = True, durable_power_loss: bool = False) -> Database:
    """Open (and by default migrate to the latest schema) the store at `url`.

    `url` is a SQLAlchemy URL: `sqlite:///path/to/file.db` or
    `postgresql+psycopg://user@host:port/name`. A bad URL raises StoreError.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise StoreError(f"not a database URL: {url!r} ({error})") from None
    options: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            folder = Path(database).expanduser().resolve().parent
            if not folder.is_dir():
                raise StoreError(f"folder for the SQLite file does not exist: {folder}")
        # One connection per thread, shared across the request thread pool.
        options["connect_args"] = {"check_same_thread": False}
    elif parsed.get_backend_name() == "postgresql":
        # Enough connections for the server's worker threads; no pre-ping (a round trip on
        # every checkout, a third of a vote's cost): stale connections are recycled instead.
        options["pool_size"] = 20
        options["max_overflow"] = 20
        options["pool_recycle"] = 1800
    else:
        raise StoreError(f"unsupported database {parsed.get_backend_name()!r}: use sqlite or postgresql")
    try:
        engine = create_engine(url, **options)
    except Exception as error:  # a missing driver, a malformed option
        raise StoreError(f"cannot open {parsed.render_as_string(hide_password=True)}: {error}") from None
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine, durable_power_loss)
    if migrate:
        upgrade_to_head(engine)
    return Database(url=url, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))
