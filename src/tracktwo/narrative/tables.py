"""The findings as Arrow tables, and their Parquet files.

Four tables with fixed schemas (other parts of tracktwo read them by these names):
documents, sentences, quotes and errors. `tables_of(analyses, failures)` builds them from
analysed documents; `concat_tables` joins the tables of several chunks in order;
`parquet_stream` writes them as `documents.parquet`, `sentences.parquet`, `quotes.parquet`
and `errors.parquet`, always all four (an empty table keeps its schema).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tracktwo.narrative.documents import DocumentFailure
from tracktwo.narrative.frames import Evidence
from tracktwo.narrative.pipeline import DocumentAnalysis, attribution_of, document_evidence
from tracktwo.narrative.transfer import PackedTable, pack, unpack

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
        _optional("person", pa.string()),
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
        _optional("person", pa.string()),
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

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Pickled (a worker's result on its way to the main process) with the columns that
        # repeat a value over runs of rows sent once per run: see `transfer`.
        return _unpacked, tuple(pack(getattr(self, name), _REPEATED.get(name, ())) for name in TABLE_NAMES)


# The columns whose values come in runs: a document's on each of its sentences and quotations,
# a speaker's on each sentence of a quotation or turn (the document's default elsewhere).
_REPEATED: Final = {
    "sentences": (
        "source",
        "date",
        "language",
        "speaker",
        "person",
        "organisation",
        "sector",
        "country",
        "attribution",
    ),
    "quotes": ("source",),
}


def _unpacked(*tables: PackedTable) -> FindingTables:
    return FindingTables(*(unpack(table) for table in tables))


def _column(values: list[Any], field: pa.Field) -> pa.Array:
    return pa.array(values, type=field.type)


def _table(columns: dict[str, pa.Array | list[Any]], schema: pa.Schema) -> pa.Table:
    return pa.table(
        [c if isinstance(c, pa.Array) else _column(c, f) for f in schema for c in (columns[f.name],)],
        schema=schema,
    )


def _offsets(lengths: Iterable[int]) -> pa.Array:
    """The offsets of a list column whose rows have these lengths."""
    return pa.array(np.concatenate(([0], np.cumsum(np.fromiter(lengths, np.int64))), dtype=np.int32))


def _string_lists(rows: Sequence[Sequence[str]]) -> pa.Array:
    """A list<string> column from offsets and one flat array.

    Why: `pa.array` of a million small Python lists (most of them empty) inspects each
    list; the flat form costs one pass over the values.
    """
    flat = [value for row in rows for value in row]
    return pa.ListArray.from_arrays(_offsets(map(len, rows)), pa.array(flat, pa.string()))


def _evidence_lists(rows: Sequence[Sequence[Evidence]]) -> pa.Array:
    """The evidence column, built like `_string_lists` (no dictionary per evidence)."""
    flat = [e for row in rows for e in row]
    fields = list(EVIDENCE_TYPE)
    structs = pa.StructArray.from_arrays(
        [
            pa.array([e.frame_or_area for e in flat], pa.string()),
            pa.array([e.cue for e in flat], pa.string()),
            pa.array([e.start for e in flat], pa.int64()),
            pa.array([e.end for e in flat], pa.int64()),
            pa.array([e.rule for e in flat], pa.string()),
            pa.array([e.quoted for e in flat], pa.bool_()),
        ],
        fields=fields,
    )
    return pa.ListArray.from_arrays(_offsets(map(len, rows)), structs, type=pa.list_(EVIDENCE_TYPE))


def _per_sentence(values: list[Any], counts: Sequence[int], kind: pa.DataType) -> pa.Array:
    """A document value repeated for each of its sentences."""
    index = np.repeat(np.arange(len(counts), dtype=np.int64), np.asarray(counts, dtype=np.int64))
    return pa.array(values, kind).take(pa.array(index))


_ATTRIBUTION_COLUMNS: Final = ("speaker", "person", "organisation", "sector", "country", "attribution")


def _attributions(analyses: Sequence[DocumentAnalysis]) -> list[pa.Array]:
    """The speaker, person, organisation, sector, country and attribution columns of the
    sentences.

    A quotation or turn holds many sentences, and most sentences none: each distinct
    attribution is worked out once, every sentence gets the number of its own, and each
    column is the distinct values taken by those numbers (one `take` in C rather than a
    tuple per sentence for 1.2 million sentences).
    """
    distinct: list[tuple[Any, ...]] = []
    codes: list[int] = []
    for analysis in analyses:
        rows = analysis.rows
        default = len(distinct)
        distinct.append(attribution_of(None, rows.default, rows.default_person))
        holders = {id(h): h for h in rows.holders if h is not None}  # in order of first use
        known: dict[int, int] = {}
        for key, holder in holders.items():
            known[key] = len(distinct)
            distinct.append(attribution_of(holder, rows.default))
        if known:
            codes.extend([default if h is None else known[id(h)] for h in rows.holders])
        else:
            codes.extend([default] * len(rows.holders))
    taken = pa.array(np.asarray(codes, dtype=np.int64))
    columns = list(zip(*distinct, strict=True)) if distinct else [() for _ in _ATTRIBUTION_COLUMNS]
    return [
        pa.array(list(values), SENTENCES_SCHEMA.field(name).type).take(taken)
        for name, values in zip(_ATTRIBUTION_COLUMNS, columns, strict=True)
    ]


def tables_of(
    analyses: Iterable[DocumentAnalysis], failures: Iterable[DocumentFailure] = ()
) -> FindingTables:
    """The four tables of `analyses` and `failures`, rows in the order given.

    Built column by column: a chunk holds hundreds of thousands of sentences, and one
    comprehension per column is several times cheaper than appending row by row.
    """
    analyses = list(analyses)
    failures = list(failures)
    docs = [a.document for a in analyses]
    spans = [a.rows.spans for a in analyses]
    counts = [len(s) for s in spans]
    starts = [start for s in spans for start in s.starts]
    detections = [detection for a in analyses for detection in a.rows.detections]
    speakers = _attributions(analyses)
    quotes = [quote for a in analyses for quote in a.quotes]
    documents: dict[str, list[Any]] = {
        "source": [d.source for d in docs],
        "title": [d.title for d in docs],
        "date": [d.date for d in docs],
        "url": [d.url for d in docs],
        "language": [a.language for a in analyses],
        "n_chars": [len(d.text) for d in docs],
        "n_sentences": counts,
    }
    sentences = {
        "source": _per_sentence(documents["source"], counts, pa.string()),
        "start": starts,
        "end": [end for s in spans for end in s.ends],
        "text": [text for s in spans for text in s.texts],
        "language": [language for s in spans for language in s.languages],
        "paragraph": [paragraph for s in spans for paragraph in s.paragraphs],
        "date": _per_sentence(documents["date"], counts, pa.string()),
        "frames": _string_lists([d.frames for d in detections]),
        "policy_areas": _string_lists([d.policy_areas for d in detections]),
        "evidence": _evidence_lists(
            [document_evidence(d, start) for start, d in zip(starts, detections, strict=True)]
        ),
        "speaker": speakers[0],
        "person": speakers[1],
        "organisation": speakers[2],
        "sector": speakers[3],
        "country": speakers[4],
        "attribution": speakers[5],
    }
    quote_columns = {
        "source": [q.source for q in quotes],
        "start": [q.start for q in quotes],
        "end": [q.end for q in quotes],
        "text": [q.text for q in quotes],
        "kind": [q.kind for q in quotes],
        "speaker": [q.speaker or None for q in quotes],
        "person": [q.person or None for q in quotes],
        "organisation": [q.organisation or None for q in quotes],
        "sector": [q.sector for q in quotes],
        "country": [q.country for q in quotes],
        "cue": [q.cue for q in quotes],
    }
    errors = {
        "source": [f.source for f in failures],
        "kind": [f.kind for f in failures],
        "message": [f.message for f in failures],
    }
    return FindingTables(
        documents=_table(documents, DOCUMENTS_SCHEMA),
        sentences=_table(sentences, SENTENCES_SCHEMA),
        quotes=_table(quote_columns, QUOTES_SCHEMA),
        errors=_table(errors, ERRORS_SCHEMA),
    )


def empty_tables() -> FindingTables:
    return tables_of(())


def concat_tables(parts: Sequence[FindingTables]) -> FindingTables:
    """The tables of `parts` joined in order (an empty sequence gives empty tables).

    The columns keep one chunk per part: joining costs nothing, and whatever reads the
    tables meanwhile (the summary) need not wait for a copy of a million rows.
    """
    if not parts:
        return empty_tables()
    joined = {name: pa.concat_tables([getattr(part, name) for part in parts]) for name in TABLE_NAMES}
    return FindingTables(**joined)


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
