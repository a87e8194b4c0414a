"""Running the engine in a separate process for the results cache.

The web server is one Python process; the engine's numpy work, run in a thread there,
still holds the interpreter for much of its time and slows votes down. A one-worker
process pool moves it to another core: the worker opens the same store by URL (SQLite
file or PostgreSQL), reads the votes and returns the frozen results, which pickle.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from tracktwo.dialogue.errors import StoreError
from tracktwo.dialogue.results import DialogueResults, compute_results
from tracktwo.dialogue.store.database import Database, open_database

_OPENED: dict[str, Database] = {}


def _compute_in_worker(url: str, dialogue_id: int) -> DialogueResults:
    database = _OPENED.get(url)
    if database is None:
        database = _OPENED[url] = open_database(url, migrate=False)
    with database.session() as session:
        return compute_results(session, dialogue_id)


class ProcessCompute:
    """A `compute` for ResultsCache that runs in a child process (spawned, not forked:
    the server has threads, and a forked child would inherit their locks mid-use)."""

    def __init__(self) -> None:
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))

    def __call__(self, database: Database, dialogue_id: int) -> DialogueResults:
        if database.url.startswith("sqlite") and ":memory:" in database.url:
            raise StoreError("an in-memory SQLite store cannot be read from another process")
        return self._pool.submit(_compute_in_worker, database.url, dialogue_id).result()

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
