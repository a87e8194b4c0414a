"""`tracktwo analyze INPUT... --out DIR`: a corpus in; finding tables, summary.json and the report out.

The report is written in English (report.html) and Simplified Chinese (report.zh-Hans.html).
Frames come from the rule-based detector, or with `--frames-model DIR` from a classifier
trained by `tracktwo narrative train` (see `tracktwo.narrative.classifier.frame_detector`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from enum import StrEnum
from functools import partial
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from tracktwo.narrative.parquet_stream import ParquetStream

console = Console()
errors = Console(stderr=True)


def _fail(message: str, code: int = 2) -> typer.Exit:
    # Escaped: messages hold brackets that Rich would take for markup ("tracktwo[embeddings]").
    errors.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code=code)


def _close_after(parquet: ParquetStream, added: list[Future[None]]) -> None:
    """Finish the Parquet files once every chunk was added; run in the writer's thread, after
    the adds (one thread runs them in order), so a failed add fails the run, not a file."""
    for future in added:
        future.result()
    parquet.close()


def _import_summary_modules() -> None:
    import tracktwo.narrative.aggregate
    import tracktwo.reports.narrative_html  # noqa: F401


class ExecutorName(StrEnum):
    """Where the chunks run: a process pool, a Dask cluster, or this process."""

    local = "local"
    dask = "dask"
    serial = "serial"


def analyze(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Files, folders (.md .txt .html .csv .jsonl .warc) or http(s) URLs and feeds."),
    ],
    out: Annotated[Path, typer.Option("--out", help="Folder for the Parquet tables and summary.json.")],
    workers: Annotated[
        int | None, typer.Option(help="Worker processes (default: the number of CPUs; 1 runs in-process).")
    ] = None,
    actors: Annotated[
        Path | None, typer.Option(help="YAML file of extra actors, added to the packaged registry.")
    ] = None,
    text_column: Annotated[
        str | None, typer.Option(help="Column of CSV / JSON Lines inputs holding the text.")
    ] = None,
    executor_name: Annotated[
        ExecutorName,
        typer.Option(
            "--executor",
            help="local: a process pool; dask: a local Dask cluster, or --scheduler; serial: this process.",
        ),
    ] = ExecutorName.local,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Address of a running Dask scheduler (tcp://host:8786), with --executor dask."),
    ] = None,
    frames_model: Annotated[
        Path | None,
        typer.Option(
            "--frames-model",
            metavar="DIR",
            help="Folder of a classifier trained by `tracktwo narrative train`: it decides the frames it "
            "was trained on, the rules the rest (scope and policy areas stay with the rules). "
            "Default: the rule-based detector alone, no model needed.",
        ),
    ] = None,
) -> None:
    """Find who tells the AI race story: frames, policy areas, quotations and speakers."""
    # Imported here so that other commands start without loading pyarrow and the lexicons.
    from tracktwo.narrative.actors.people import person_resolver
    from tracktwo.narrative.errors import ClassifierError, NarrativeError
    from tracktwo.narrative.executors import (
        CHUNK_SIZE,
        AnalysisConfig,
        CountedChunks,
        Executor,
        LocalExecutor,
        SerialExecutor,
        analysis_tools,
        analyze_chunk,
        chunked,
        frame_source,
        with_progress,
    )
    from tracktwo.narrative.ingest import IngestOptions, WorkItem, iter_inputs, iter_work
    from tracktwo.narrative.parquet_stream import ParquetStream
    from tracktwo.narrative.tables import FindingTables, concat_tables, summary_counts

    n_workers = workers if workers is not None else (os.cpu_count() or 1)
    if n_workers < 1:
        raise _fail(f"--workers must be at least 1, got {n_workers}")
    if scheduler is not None and executor_name is not ExecutorName.dask:
        raise _fail("--scheduler needs --executor dask")
    if out.exists() and not out.is_dir():
        raise _fail(f"--out {out} is a file; give a folder (it is created if needed)")
    # Absolute: Dask workers need not share this process's working directory.
    config = AnalysisConfig(actors=actors, frames_model=frames_model.absolute() if frames_model else None)
    try:
        # Fail fast, once, on a bad --actors file or --frames-model folder rather than in every
        # worker, and before anything is written; built here, the detector (with its model),
        # the registry and its person resolver are inherited by the forked workers of the
        # local executor.
        detector, registry = analysis_tools(config)
        person_resolver(registry)
    except ClassifierError as error:
        raise _fail(f"--frames-model: {error}") from None
    except NarrativeError as error:
        raise _fail(str(error)) from None
    except OSError as error:
        raise _fail(f"{error.filename or actors}: {error.strerror}") from None

    # One thread writes the Parquet files while the run goes on (`ParquetStream`): Arrow
    # encodes without the GIL, so most of that work overlaps the analysis.
    writer = ThreadPoolExecutor(max_workers=1)
    parquet: ParquetStream | None = None
    try:
        with ExitStack() as stack:
            dask_executor: Executor | None = None
            if executor_name is ExecutorName.dask:
                # Opened before ingest, so that a missing Dask or a wrong address fails at once.
                from tracktwo.narrative.dask_executor import DaskExecutor

                try:
                    dask_executor = stack.enter_context(DaskExecutor(scheduler, workers=n_workers))
                except NarrativeError as error:
                    raise _fail(str(error)) from None
            try:
                parquet = ParquetStream(out)
            except OSError as error:
                raise _fail(f"{error.filename or out}: {error.strerror}") from None
            # Read lazily: the executor takes each chunk when a worker is ready for it, so the
            # inputs are read while the workers analyse. Files of one document each are read
            # by the worker that analyses them (in parallel, and their text is not sent),
            # except by the workers of a Dask scheduler elsewhere, which may not see them.
            options = IngestOptions(text_column=text_column)
            items: Iterator[WorkItem] = (
                iter_inputs(inputs, options) if scheduler is not None else iter_work(inputs, options)
            )
            chunks = CountedChunks(chunked(items, CHUNK_SIZE))
            stream = iter(chunks)
            head = list(islice(stream, 2))  # a single chunk is analysed in this process
            executor: Executor
            if dask_executor is not None:
                executor = dask_executor
            elif executor_name is ExecutorName.serial or n_workers == 1 or len(head) < 2:
                executor = SerialExecutor()
            else:
                executor = LocalExecutor(workers=n_workers)
            work = partial(analyze_chunk, config)
            parts: list[FindingTables] = []
            added: list[Future[None]] = []
            for part in with_progress(executor.map_chunks(work, chain(head, stream)), chunks, console=errors):
                if not parts:
                    # The summary's modules (numpy, scipy, the report) are imported while the
                    # workers run, not after the last chunk, where the run waits for nothing
                    # else; now, once the workers are forked (they need none of it).
                    added.append(writer.submit(_import_summary_modules))
                parts.append(part)
                added.append(writer.submit(parquet.add, part))
        closed = writer.submit(_close_after, parquet, added)
        tables = concat_tables(parts)
        # Imported (in the writer's thread) once the workers were forked: they start sooner.
        from tracktwo.narrative.aggregate import summarise, summary_to_json
        from tracktwo.reports.narrative_html import REPORT_FILES, render_narrative_report

        summary = summary_counts(tables, detector.frame_codes)
        findings = summarise(tables.sentences, tables.documents, tables.quotes)
        source = frame_source(config)
        summary["frames_detector"] = source.as_json()
        summary["aggregation"] = summary_to_json(findings)
        closed.result()
        parquet = None  # complete: nothing to drop
    except OSError as error:
        raise _fail(f"{error.filename or out}: {error.strerror}") from None
    finally:
        writer.shutdown(wait=True)
        if parquet is not None:
            parquet.abort()  # a run that failed leaves no file that looks complete
    try:
        (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
        for language, name in REPORT_FILES.items():
            report = render_narrative_report(
                findings, language=language, frame_source=source, link_other_language=True
            )
            (out / name).write_text(report, encoding="utf-8")
    except OSError as error:
        raise _fail(f"{error.filename or out}: {error.strerror}") from None

    n_documents = tables.documents.num_rows
    n_failed = tables.errors.num_rows
    console.print(
        f"{n_documents} documents analysed: {tables.sentences.num_rows} sentences, "
        f"{tables.quotes.num_rows} quotations; tables, summary.json and the reports "
        f"({', '.join(REPORT_FILES.values())}) written to {out}",
        highlight=False,
    )
    if n_failed:
        raise _fail(
            f"{n_failed} of {n_documents + n_failed} documents failed; see {out / 'errors.parquet'}", code=1
        )
