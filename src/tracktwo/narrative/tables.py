"""The findings as Arrow tables, and their Parquet files.

Four tables with fixed schemas (other parts of tracktwo read them by these names):
documents, sentences, quotes and errors. `tables_of(analyses, failures)` builds them from
analysed documents; `concat_tables` joins the tables of several chunks in order;
`write_tables` writes `documents.parquet`, `sentences.parquet`, `quotes.parquet` and
`errors.parquet`, always all four (an empty table keeps its schema).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from tracktwo.narrative.documents import DocumentFailure
from tracktwo.narrative.pipeline import DocumentAnalysis

EVIDENCE_TYPE: Final = pa.struct(
    [
        pa.field("label", pa.string(), nullable=False),
        pa.field("cue", pa.string(), nullable=False),
        pa.field("start", pa.int64(), nullable=False),
        pa.field("end", pa.int64(), nullable=False),
        pa.field("rule", pa.string(), nullable=False),
        pa.field("quoted", pa.bool_(), nullable=False),
    ]
)


def _required(name: str, kind: pa.DataType) -> pa.Field:
    return pa.field(name, kind, nullable=False)


def _optional(name: str, kind: pa.DataType) -> pa.Field:
    return pa.field(name, kind, nullable=True)


DOCUMENTS_SCHEMA: Final = pa.schema(
    [
        _required("source", pa.string()),
        _optional("title", pa.string()),
        _optional("date", pa.string()),  # YYYY-MM-DD
        _optional("url", pa.string()),
        _required("language", pa.string()),
        _required("n_chars", pa.int64()),
        _required("n_sentences", pa.int64()),
    ]
)
SENTENCES_SCHEMA: Final = pa.schema(
    [
        _required("source", pa.string()),
        _required("start", pa.int64()),
        _required("end", pa.int64()),
        _required("text", pa.string()),
        _required("language", pa.string()),
        _required("paragraph", pa.int64()),
        _optional("date", pa.string()),
        _required("frames", pa.list_(pa.string())),
        _required("policy_areas", pa.list_(pa.string())),
        _required("evidence", pa.list_(EVIDENCE_TYPE)),
        _optional("speaker", pa.string()),
        _optional("organisation", pa.string()),
        _required("sector", pa.string()),
        _required("country", pa.string()),
        _required("attribution", pa.string()),
    ]
)
QUOTES_SCHEMA: Final = pa.schema(
    [
        _required("source", pa.string()),
        _required("start", pa.int64()),
        _required("end", pa.int64()),
        _required("text", pa.string()),
        _required("kind", pa.string()),
        _optional("speaker", pa.string()),
        _optional("organisation", pa.string()),
        _required("sector", pa.string()),
        _required("country", pa.string()),
        _required("cue", pa.string()),
    ]
)
ERRORS_SCHEMA: Final = pa.schema(
    [_required("source", pa.string()), _required("kind", pa.string()), _required("message", pa.string())]
)
TABLE_NAMES: Final = ("documents", "sentences", "quotes", "errors")
SCHEMAS: Final = {
    "documents": DOCUMENTS_SCHEMA,
    "sentences": SENTENCES_SCHEMA,
    "quotes": QUOTES_SCHEMA,
    "errors": ERRORS_SCHEMA,
}


@dataclass(frozen=True)
class FindingTables:
    """The four tables of a run (or of one chunk of it)."""

    documents: pa.Table
    sentences: pa.Table
    quotes: pa.Table
    errors: pa.Table

    def by_name(self) -> dict[str, pa.Table]:
        return {name: getattr(self, name) for name in TABLE_NAMES}


def _columns(schema: pa.Schema) -> dict[str, list[Any]]:
    return {name: [] for name in schema.names}


def _table(columns: dict[str, list[Any]], schema: pa.Schema) -> pa.Table:
    return pa.table([pa.array(columns[f.name], type=f.type) for f in schema], schema=schema)


def tables_of(
    analyses: Iterable[DocumentAnalysis], failures: Iterable[DocumentFailure] = ()
) -> FindingTables:
    """The four tables of `analyses` and `failures`, rows in the order given."""
    documents = _columns(DOCUMENTS_SCHEMA)
    sentences = _columns(SENTENCES_SCHEMA)
    quotes = _columns(QUOTES_SCHEMA)
    for analysis in analyses:
        document = analysis.document
        source = document.source
        documents["source"].append(source)
        documents["title"].append(document.title)
        documents["date"].append(document.date)
        documents["url"].append(document.url)
        documents["language"].append(analysis.language)
        documents["n_chars"].append(len(document.text))
        documents["n_sentences"].append(len(analysis.sentences))
        for item in analysis.sentences:
            sentence = item.sentence
            sentences["source"].append(source)
            sentences["start"].append(sentence.start)
            sentences["end"].append(sentence.end)
            sentences["text"].append(sentence.text)
            sentences["language"].append(sentence.language)
            sentences["paragraph"].append(sentence.paragraph)
            sentences["date"].append(document.date)
            sentences["frames"].append(list(item.frames))
            sentences["policy_areas"].append(list(item.policy_areas))
            sentences["evidence"].append(
                [
                    {
                        "label": e.frame_or_area,
                        "cue": e.cue,
                        "start": e.start,
                        "end": e.end,
                        "rule": e.rule,
                        "quoted": e.quoted,
                    }
                    for e in item.evidence
                ]
            )
            sentences["speaker"].append(item.speaker)
            sentences["organisation"].append(item.organisation)
            sentences["sector"].append(item.sector)
            sentences["country"].append(item.country)
            sentences["attribution"].append(item.attribution)
        for quote in analysis.quotes:
            quotes["source"].append(quote.source)
            quotes["start"].append(quote.start)
            quotes["end"].append(quote.end)
            quotes["text"].append(quote.text)
            quotes["kind"].append(quote.kind)
            quotes["speaker"].append(quote.speaker or None)
            quotes["organisation"].append(quote.organisation or None)
            quotes["sector"].append(quote.sector)
            quotes["country"].append(quote.country)
            quotes["cue"].append(quote.cue)
    errors = _columns(ERRORS_SCHEMA)
    for failure in failures:
        errors["source"].append(failure.source)
        errors["kind"].append(failure.kind)
        errors["message"].append(failure.message)
    return FindingTables(
        documents=_table(documents, DOCUMENTS_SCHEMA),
        sentences=_table(sentences, SENTENCES_SCHEMA),
        quotes=_table(quotes, QUOTES_SCHEMA),
        errors=_table(errors, ERRORS_SCHEMA),
    )


def empty_tables() -> FindingTables:
    return tables_of(())


def concat_tables(parts: Sequence[FindingTables]) -> FindingTables:
    """The tables of `parts` joined in order (an empty sequence gives empty tables)."""
    if not parts:
        return empty_tables()
    joined = {
        name: pa.concat_tables([getattr(part, name) for part in parts]).combine_chunks()
        for name in TABLE_NAMES
    }
    return FindingTables(**joined)


def write_tables(tables: FindingTables, out: Path) -> dict[str, Path]:
    """Write the four tables as `<name>.parquet` in `out` (created if needed); their paths by name."""
    out.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for name, table in tables.by_name().items():
        path = out / f"{name}.parquet"
        pq.write_table(table, path)
        paths[name] = path
    return paths


def read_tables(out: Path) -> FindingTables:
    """The four tables written by `write_tables` in `out`."""
    return FindingTables(**{name: pq.read_table(out / f"{name}.parquet") for name in TABLE_NAMES})


def summary_counts(tables: FindingTables, frame_codes: Sequence[str]) -> dict[str, Any]:
    """The counts of a run for summary.json: documents analysed, failures by kind,
    sentences, sentences with each frame (every code in `frame_codes`, zeros included), quotes."""
    failures: dict[str, int] = {}
    for kind in tables.errors.column("kind").to_pylist():
        failures[kind] = failures.get(kind, 0) + 1
    with_frame = dict.fromkeys(frame_codes, 0)
    flat = pc.list_flatten(tables.sentences.column("frames"))
    for item in pc.value_counts(flat).to_pylist():
        with_frame[item["values"]] = item["counts"]
    return {
        "documents": tables.documents.num_rows,
        "failures": {kind: failures[kind] for kind in sorted(failures)},
        "failed_documents": tables.errors.num_rows,
        "sentences": tables.sentences.num_rows,
        "sentences_with_frame": with_frame,
        "quotes": tables.quotes.num_rows,
    }
