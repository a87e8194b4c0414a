"""Executors: run a function over chunks of work, results in input order.

An `Executor` has one method, `map_chunks(fn, chunks)`, yielding `fn(chunk)` for each chunk
in the order given, whatever order the work finishes in, so that a run's output is the
same whichever executor ran it. `fn` and the chunks must pickle for the process executor
(a module-level function, or a `functools.partial` of one). `SerialExecutor` runs in this
process (tests, small inputs); `LocalExecutor(workers=N)` runs a process pool;
`tracktwo.narrative.dask_executor.DaskExecutor` runs the chunks on a Dask cluster.

`analyze_chunk(config, items)` is the unit of work of `tracktwo analyze`: it turns a
chunk of ingest work items (documents, failures, and files it reads itself: see
`ingest.iter_work`) into the four finding tables; each
process builds its detector and actor registry once per `AnalysisConfig`: the rule-based
detector, or with `frames_model` the trained classifier of that folder (weights and
embedder loaded once per process, never per chunk; the local executor's forked workers
inherit what the main process loaded).
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Generic, Protocol, TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tracktwo.narrative.actors import ActorRegistry, load_registry
from tracktwo.narrative.documents import Document, DocumentFailure
from tracktwo.narrative.frames import default_detector
from tracktwo.narrative.ingest import Outcome, WorkItem, read_work_item
from tracktwo.narrative.pipeline import DocumentAnalysis, FrameDetector, analyze_documents
from tracktwo.narrative.tables import FindingTables, tables_of

if TYPE_CHECKING:
    from tracktwo.narrative.classifier.source import FrameSource

T = TypeVar("T")
R = TypeVar("R")

CHUNK_SIZE: Final = 200  # documents per chunk: large enough to amortise pickling, small for balance


class Executor(Protocol):
    """Runs `fn` over chunks and yields the results in the order of `chunks`."""

    def map_chunks(self, fn: Callable[[T], R], chunks: Iterable[T]) -> Iterator[R]: ...


class SerialExecutor:
    """Every chunk in this process, one after the other."""

    def map_chunks(self, fn: Callable[[T], R], chunks: Iterable[T]) -> Iterator[R]:
        for chunk in chunks:
            yield fn(chunk)


class LocalExecutor:
    """A pool of `workers` processes; at most `4 * workers` chunks are in flight at once.

    Results are taken in order: with a few chunks queued behind a slow one, a worker that
    is done does not wait idle for the slow chunk's result to be taken.
    """

    def __init__(self, workers: int = 2) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self.workers = workers

    def map_chunks(self, fn: Callable[[T], R], chunks: Iterable[T]) -> Iterator[R]:
        with ProcessPoolExecutor(max_workers=self.workers) as pool:
            pending: deque[Future[R]] = deque()
            for chunk in chunks:
                pending.append(pool.submit(fn, chunk))
                if len(pending) >= 4 * self.workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()


def chunked(items: Iterable[T], size: int = CHUNK_SIZE) -> Iterator[tuple[T, ...]]:
    """`items` in consecutive tuples of `size` (the last may be shorter)."""
    if size < 1:
        raise ValueError(f"chunk size must be at least 1, got {size}")
    iterator = iter(items)
    while chunk := tuple(islice(iterator, size)):
        yield chunk


@dataclass(frozen=True)
class AnalysisConfig:
    """What a worker needs to build its detector and registry: picklable and hashable.

    `frames_model`: the folder of a classifier trained by `tracktwo narrative train`; None
    for the rule-based detector. Give it as an absolute path: Dask workers may run elsewhere.
    """

    actors: Path | None = None
    frames_model: Path | None = None


@lru_cache(maxsize=4)
def _tools(config: AnalysisConfig) -> tuple[FrameDetector, ActorRegistry]:
    # Built once per process and configuration: compiling the lexicons and the registry, and
    # loading a classifier with its embedding model, cost far more than analysing a chunk.
    detector: FrameDetector = default_detector()
    if config.frames_model is not None:
        # Imported only here: runs without a model never load the classifier (nor scipy with it).
        from tracktwo.narrative.classifier.frame_detector import load_model_detector

        detector = load_model_detector(config.frames_model, default_detector())
    return detector, load_registry(config.actors)


def analysis_tools(config: AnalysisConfig) -> tuple[FrameDetector, ActorRegistry]:
    """This process's detector and registry for `config`, built on first use.

    Calling it before a `LocalExecutor` starts lets the forked workers inherit both
    instead of each building its own (about a third of a second per worker, more with a
    classifier whose embedding model must be loaded).
    """
    return _tools(config)


def frame_source(config: AnalysisConfig) -> FrameSource:
    """Which detector gives the frames for `config` (for summary.json and the report)."""
    from tracktwo.narrative.classifier.frame_detector import ModelFrameDetector
    from tracktwo.narrative.classifier.source import rules_source

    detector, _ = _tools(config)
    if isinstance(detector, ModelFrameDetector):
        return detector.source
    return rules_source(detector.frame_codes)


def analyze_outcomes(
    outcomes: Sequence[Outcome], detector: FrameDetector, registry: ActorRegistry
) -> FindingTables:
    """The tables of a chunk of ingest outcomes; a document whose analysis raises becomes a failure.

    Failures keep their place in the order of `outcomes`.
    """
    documents = [outcome for outcome in outcomes if isinstance(outcome, Document)]
    analysed = iter(analyze_documents(documents, detector, registry))
    analyses: list[DocumentAnalysis] = []
    failures: list[DocumentFailure] = []
    for outcome in outcomes:
        result = next(analysed) if isinstance(outcome, Document) else outcome
        if isinstance(result, DocumentFailure):
            failures.append(result)
        else:
            analyses.append(result)
    return tables_of(analyses, failures)


def analyze_chunk(config: AnalysisConfig, items: Sequence[WorkItem]) -> FindingTables:
    """`analyze_outcomes` of the items, pending files read here, with this process's detector
    and registry for `config`."""
    detector, registry = _tools(config)
    with gc_paused():
        return analyze_outcomes([read_work_item(item) for item in items], detector, registry)


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused for the block, then as it was before.

    Why: a chunk makes hundreds of thousands of small objects (sentences, detections,
    quotations) that form no reference cycles, so reference counting frees them all; the
    collector would only traverse them again and again (about 15% of the analysis).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class CountedChunks(Generic[T]):
    """Chunks passed through as they are made, counting the items of each.

    Why: an executor takes a chunk only when a worker is ready for it, so a corpus read
    lazily is read while the workers analyse, not before they start; the progress bar
    learns the total when the last chunk has been made (`complete`).
    """

    def __init__(self, chunks: Iterable[Sequence[T]]) -> None:
        self._chunks = chunks
        self.sizes: list[int] = []
        self.complete = False

    def __iter__(self) -> Iterator[Sequence[T]]:
        for chunk in self._chunks:
            self.sizes.append(len(chunk))
            yield chunk
        self.complete = True


def with_progress(
    results: Iterable[T],
    sizes: Sequence[int] | CountedChunks[Any],
    *,
    console: Console | None = None,
    description: str = "Analysing",
) -> Iterator[T]:
    """`results` unchanged, advancing a Rich bar by `sizes[i]` documents per result.

    With `CountedChunks` (the chunks whose results these are) the total is unknown until
    they are all made. The bar shows only on a terminal (never in pipes, logs or tests).
    """
    console = console or Console(stderr=True)
    counted: CountedChunks[Any] | None = None
    if isinstance(sizes, CountedChunks):
        counted, known = sizes, sizes.sizes
    else:
        known = list(sizes)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not console.is_terminal,
        transient=True,
    ) as progress:
        task = progress.add_task(description, total=sum(known) if counted is None else None)
        for index, result in enumerate(results):
            if counted is None and index >= len(known):
                break  # as many results as sizes given
            yield result
            if counted is not None and counted.complete:
                progress.update(task, total=sum(known))
            progress.advance(task, known[index] if index < len(known) else 0)
