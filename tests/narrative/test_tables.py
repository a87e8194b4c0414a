"""The finding tables: exact schemas, true offsets, Parquet files, and executors that agree."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pyarrow as pa
import pytest

from tracktwo.narrative.actors import load_registry
from tracktwo.narrative.documents import Document, DocumentFailure
from tracktwo.narrative.executors import (
    AnalysisConfig,
    LocalExecutor,
    SerialExecutor,
    analyze_chunk,
    analyze_outcomes,
    chunked,
)
from tracktwo.narrative.frames import default_detector
from tracktwo.narrative.ingest import Outcome
from tracktwo.narrative.parquet_stream import read_tables, write_tables
from tracktwo.narrative.tables import (
    DOCUMENTS_SCHEMA,
    ERRORS_SCHEMA,
    QUOTES_SCHEMA,
    SCHEMAS,
    SENTENCES_SCHEMA,
    concat_tables,
    empty_tables,
    summary_counts,
)

TEXT = (
    "---\ntitle: AI\ndate: '2025-03-04'\n---\n\n"
    "America is in a race with China to dominate artificial intelligence.\n\n"
    '"We cannot let China win the AI race," said Jensen Huang, the CEO of Nvidia.\n\n'
    "We will cut the red tape that holds back American AI companies.\n"
)


def _outcomes(n: int) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for i in range(n):
        outcomes.append(
            Document(f"doc{i}.md", TEXT, body_start=TEXT.index("---\n", 4) + 4, title="AI", date="2025-03-04")
        )
        if i % 7 == 3:
            outcomes.append(DocumentFailure(f"bad{i}.md", "encoding", "invalid UTF-8"))
    return outcomes


def test_schemas_are_as_documented() -> None:
    assert DOCUMENTS_SCHEMA.names == [
        "source", "title", "date", "url", "language", "n_chars", "n_sentences",
    ]  # fmt: skip
    assert SENTENCES_SCHEMA.names == [
        "source", "start", "end", "text", "language", "paragraph", "date", "frames", "policy_areas",
        "evidence", "speaker", "person", "organisation", "sector", "country", "attribution",
    ]  # fmt: skip
    assert QUOTES_SCHEMA.names == [
        "source", "start", "end", "text", "kind", "speaker", "person", "organisation", "sector", "country",
        "cue",
    ]  # fmt: skip
    assert ERRORS_SCHEMA.names == ["source", "kind", "message"]
    evidence = SENTENCES_SCHEMA.field("evidence").type.value_type
    assert [(f.name, f.type) for f in evidence] == [
        ("label", pa.string()),
        ("cue", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("rule", pa.string()),
        ("quoted", pa.bool_()),
    ]
    assert SENTENCES_SCHEMA.field("frames").type == pa.list_(pa.string())
    assert SENTENCES_SCHEMA.field("speaker").nullable and not SENTENCES_SCHEMA.field("sector").nullable


def test_tables_of_a_chunk_hold_true_offsets_and_failures_in_order() -> None:
    tables = analyze_outcomes(_outcomes(4), default_detector(), load_registry())
    for name, table in tables.by_name().items():
        assert table.schema == SCHEMAS[name]
    assert tables.documents.column("source").to_pylist() == [f"doc{i}.md" for i in range(4)]
    assert tables.documents.column("n_chars").to_pylist() == [len(TEXT)] * 4
    assert tables.errors.to_pylist() == [
        {"source": "bad3.md", "kind": "encoding", "message": "invalid UTF-8"}
    ]
    rows = tables.sentences.to_pylist()
    assert sum(tables.documents.column("n_sentences").to_pylist()) == len(rows)
    for row in rows:
        assert TEXT[row["start"] : row["end"]] == row["text"]
        assert row["date"] == "2025-03-04"
        for evidence in row["evidence"]:
            assert TEXT[evidence["start"] : evidence["end"]] == evidence["cue"]
    assert any("race" in row["frames"] for row in rows)
    for quote in tables.quotes.to_pylist():
        assert TEXT[quote["start"] : quote["end"]] == quote["text"]
    counts = summary_counts(tables, default_detector().frame_codes)
    assert counts["documents"] == 4 and counts["failures"] == {"encoding": 1}
    assert counts["sentences"] == len(rows) and counts["quotes"] == tables.quotes.num_rows
    assert counts["sentences_with_frame"]["race"] == sum("race" in row["frames"] for row in rows)
    assert counts["sentences_with_frame"]["mirror"] == 0


def test_empty_tables_are_written_with_their_schema(tmp_path: Path) -> None:
    paths = write_tables(empty_tables(), tmp_path / "out")
    assert sorted(path.name for path in paths.values()) == [
        "documents.parquet",
        "errors.parquet",
        "quotes.parquet",
        "sentences.parquet",
    ]
    again = read_tables(tmp_path / "out")
    for name, table in again.by_name().items():
        assert table.num_rows == 0
        assert table.schema.names == SCHEMAS[name].names


def test_tables_round_trip_through_parquet(tmp_path: Path) -> None:
    tables = analyze_outcomes(_outcomes(3), default_detector(), load_registry())
    write_tables(tables, tmp_path)
    again = read_tables(tmp_path)
    for name in SCHEMAS:
        assert again.by_name()[name].to_pylist() == tables.by_name()[name].to_pylist()


def test_an_analysis_that_raises_becomes_a_failure_row() -> None:
    class Broken:
        def detect_many(self, *args: object, **kwargs: object) -> None:
            raise RuntimeError("boom")

    tables = analyze_outcomes(_outcomes(1), Broken(), load_registry())  # type: ignore[arg-type]
    assert tables.documents.num_rows == 0
    (row,) = tables.errors.to_pylist()
    assert row["source"] == "doc0.md" and row["kind"] == "analysis" and "boom" in row["message"]


def test_serial_and_local_executors_give_identical_tables() -> None:
    chunks = list(chunked(_outcomes(30), 4))
    work = partial(analyze_chunk, AnalysisConfig())
    serial = concat_tables(list(SerialExecutor().map_chunks(work, chunks)))
    local = concat_tables(list(LocalExecutor(workers=2).map_chunks(work, chunks)))
    for name in SCHEMAS:
        assert serial.by_name()[name].equals(local.by_name()[name]), name
    assert serial.documents.column("source").to_pylist() == [f"doc{i}.md" for i in range(30)]


def test_chunking_and_workers_are_checked() -> None:
    assert [len(chunk) for chunk in chunked(range(5), 2)] == [2, 2, 1]
    with pytest.raises(ValueError, match="chunk size"):
        list(chunked(range(5), 0))
    with pytest.raises(ValueError, match="workers"):
        LocalExecutor(workers=0)
