"""A Dask executor: the `Executor` protocol on a local Dask cluster or a running scheduler.

`DaskExecutor()` starts a `distributed.LocalCluster` of worker processes listening on the
loopback interface only (no dashboard, logs silenced) and closes it on leaving the `with`
block; `DaskExecutor("tcp://host:8786")` connects to a running scheduler instead, whose
workers must have tracktwo installed. `map_chunks` submits one task per chunk, keeps a
bounded number in flight and yields the results in input order, so a run's tables are
the same as with the serial and process executors.

Dask is imported only when the executor opens, so other commands never load it; a missing
installation or an unreachable scheduler is a `DaskUnavailable` with a one-line message.
"""

from __future__ import annotations

import importlib
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import Any, Final, TypeVar

from tracktwo.narrative.errors import NarrativeError

T = TypeVar("T")
R = TypeVar("R")

CONNECT_TIMEOUT: Final = 5.0  # seconds to reach a scheduler before giving up


class DaskUnavailable(NarrativeError):
    """Dask is not installed, or the cluster could not be started or reached."""


class DaskExecutor:
    """Chunks as Dask tasks; at most `2 * threads` in flight, results in input order.

    Use as a context manager so the cluster (or the connection) opens once and closes at
    the end; `map_chunks` outside a `with` block opens and closes it around the one call.
    """

    def __init__(
        self, scheduler: str | None = None, workers: int = 2, *, connect_timeout: float | None = None
    ) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self.scheduler = scheduler
        self.workers = workers
        self.connect_timeout = connect_timeout
        self._cluster: Any = None
        self._client: Any = None

    def __enter__(self) -> DaskExecutor:
        self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def open(self) -> None:
        """Start the local cluster or connect to the scheduler (nothing if already open)."""
        if self._client is not None:
            return
        try:
            # Any: distributed's own annotations are partial, and mypy --strict rejects its untyped calls.
            distributed: Any = importlib.import_module("distributed")
        except ImportError as error:
            raise DaskUnavailable(
                f"--executor dask needs Dask: pip install 'tracktwo[dask]' ({error})"
            ) from None
        timeout = CONNECT_TIMEOUT if self.connect_timeout is None else self.connect_timeout
        if self.scheduler is None:
            try:
                self._cluster = distributed.LocalCluster(
                    host="127.0.0.1",
                    processes=True,
                    n_workers=self.workers,
                    threads_per_worker=1,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self._client = distributed.Client(self._cluster, timeout=timeout)
            except Exception as error:
                self.close()
                raise DaskUnavailable(f"could not start a local Dask cluster: {error}") from None
        else:
            try:
                self._client = distributed.Client(self.scheduler, timeout=timeout)
            except Exception as error:
                self.close()
                raise DaskUnavailable(
                    f"could not reach the Dask scheduler at {self.scheduler} within {timeout:g} s: {error}"
                ) from None

    def close(self) -> None:
        """Close the connection and any cluster this executor started."""
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()

    def _threads(self) -> int:
        # The scheduler's workers decide how many chunks can run at once.
        threads = sum(self._client.nthreads().values()) if self._client is not None else 0
        return max(int(threads), self.workers if self.scheduler is None else 1)

    def map_chunks(self, fn: Callable[[T], R], chunks: Iterable[T]) -> Iterator[R]:
        if self._client is None:
            with self:
                yield from self._map(fn, chunks)
        else:
            yield from self._map(fn, chunks)

    def _map(self, fn: Callable[[T], R], chunks: Iterable[T]) -> Iterator[R]:
        client = self._client
        limit = 2 * self._threads()
        pending: deque[Any] = deque()
        try:
            for chunk in chunks:
                # pure=False: a fresh key per chunk, without hashing the chunk's contents.
                pending.append(client.submit(fn, chunk, pure=False))
                if len(pending) >= limit:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            if pending:
                client.cancel(list(pending))
