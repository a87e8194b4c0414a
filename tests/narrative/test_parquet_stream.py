"""The Parquet files written while a run goes on: the same bytes however the rows come."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tracktwo.narrative import parquet_stream
from tracktwo.narrative.actors import load_registry
from tracktwo.narrative.documents import Document
from tracktwo.narrative.executors import analyze_outcomes
from tracktwo.narrative.frames import default_detector
from tracktwo.narrative.parquet_stream import ParquetStream, read_tables, write_tables
from tracktwo.narrative.tables import TABLE_NAMES, FindingTables, concat_tables

TEXT = (
    "---\ntitle: AI\n---\n\n"
    "America is in a race with China to dominate artificial intelligence.\n\n"
    '"We cannot let China win the AI race," said Jensen Huang, the CEO of Nvidia.\n\n'
    "We will cut the red tape that holds back American AI companies.\n"
)


def _chunks(n_documents: int, size: int) -> list[FindingTables]:
    documents = [
        Document(source=f"d{i}.md", text=TEXT, body_start=TEXT.index("America")) for i in range(n_documents)
    ]
    detector, registry = default_detector(), load_registry()
    return [
        analyze_outcomes(documents[i : i + size], detector, registry) for i in range(0, n_documents, size)
    ]


def test_row_groups_have_a_fixed_size_so_chunking_does_not_change_the_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parquet_stream, "ROW_GROUP_ROWS", 4)
    whole = write_tables(concat_tables(_chunks(7, 7)), tmp_path / "whole")
    stream = ParquetStream(tmp_path / "streamed")
    for chunk in _chunks(7, 2):
        stream.add(chunk)
    streamed = stream.close()
    for name in TABLE_NAMES:
        assert whole[name].read_bytes() == streamed[name].read_bytes(), name
    metadata = pq.read_metadata(streamed["sentences"])
    sizes = [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]
    assert sizes[:-1] == [4] * (len(sizes) - 1) and 0 < sizes[-1] <= 4
    assert sum(sizes) == concat_tables(_chunks(7, 7)).sentences.num_rows


def test_nothing_is_named_as_complete_before_close(tmp_path: Path) -> None:
    stream = ParquetStream(tmp_path)
    stream.add(_chunks(1, 1)[0])
    assert not any(path.exists() for path in stream.paths.values())
    stream.close()
    assert all(path.exists() for path in stream.paths.values())
    assert not list(tmp_path.glob("*.partial"))


def test_an_aborted_run_leaves_no_files(tmp_path: Path) -> None:
    stream = ParquetStream(tmp_path)
    stream.add(_chunks(1, 1)[0])
    stream.abort()
    assert list(tmp_path.iterdir()) == []


def test_a_run_without_rows_still_writes_every_file_with_its_schema(tmp_path: Path) -> None:
    paths = ParquetStream(tmp_path).close()
    again = read_tables(tmp_path)
    assert sorted(paths) == sorted(TABLE_NAMES)
    assert all(table.num_rows == 0 for table in again.by_name().values())
