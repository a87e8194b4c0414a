"""Results recomputed in the background after new votes, never blocking a vote.

A vote only marks its dialogue dirty (a set insertion under a lock). One worker thread
recomputes dirty dialogues, waiting `debounce_seconds` first so a burst of votes costs
one computation, and keeps the latest results per dialogue for the pages to read.

Under a steady stream of votes the engine would otherwise run back to back and take CPU
from the votes, so after each round the worker also waits `spacing` times as long as
that round took: with the default 3, recomputing uses at most a quarter of the time.
`compute` may run the engine in another process (see recompute_process.py), which keeps
its CPU time off the web server's interpreter entirely.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from tracktwo.dialogue.results import DialogueResults, compute_results
from tracktwo.dialogue.store.database import Database

log = logging.getLogger(__name__)


class ResultsCache:
    def __init__(
        self,
        database: Database,
        debounce_seconds: float = 0.5,
        compute: Callable[[Database, int], DialogueResults] | None = None,
        spacing: float = 3.0,
    ) -> None:
        self._spacing = spacing
        self._database = database
        self._debounce = debounce_seconds
        self._compute = compute or _compute_in_session
        self._results: dict[int, DialogueResults] = {}
        self._dirty: set[int] = set()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._thread: threading.Thread | None = None
        self.computations = 0

    @property
    def compute(self) -> Callable[[Database, int], DialogueResults]:
        return self._compute

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="results-recompute", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None

    def mark_dirty(self, dialogue_id: int) -> None:
        with self._lock:
            self._dirty.add(dialogue_id)
            self._idle.clear()
        self._wake.set()

    def latest(self, dialogue_id: int) -> DialogueResults | None:
        with self._lock:
            return self._results.get(dialogue_id)

    def get(self, dialogue_id: int) -> DialogueResults:
        """The latest results, computed now if there are none yet (a page may wait; a vote never does)."""
        found = self.latest(dialogue_id)
        if found is not None:
            return found
        return self.refresh(dialogue_id)

    def refresh(self, dialogue_id: int) -> DialogueResults:
        results = self._compute(self._database, dialogue_id)
        with self._lock:
            self._results[dialogue_id] = results
            self.computations += 1
        return results

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """For tests and the demo: wait until no dialogue is waiting to be recomputed."""
        return self._idle.wait(timeout)

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.wait()
            if self._stopping.is_set():
                return
            self._stopping.wait(self._debounce)
            with self._lock:
                dirty, self._dirty = self._dirty, set()
                self._wake.clear()
            started = time.monotonic()
            for dialogue_id in sorted(dirty):
                try:
                    self.refresh(dialogue_id)
                except Exception:  # a bad dialogue must not stop the others' results
                    log.exception("recomputing dialogue %s failed", dialogue_id)
            with self._lock:
                if not self._dirty:
                    self._idle.set()
            self._stopping.wait(self._spacing * (time.monotonic() - started))


def _compute_in_session(database: Database, dialogue_id: int) -> DialogueResults:
    with database.session() as session:
        return compute_results(session, dialogue_id)
