from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.shared_data import shared_data_path
from tracktwo.narrative.documents import DocumentFailure
from tracktwo.narrative.ingest import read_inputs


def write(path: Path, content: str | bytes) -> Path:
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_csv_rows_become_documents_with_metadata(tmp_path: Path) -> None:
    path = write(
        tmp_path / "news.csv",
        'Title,Date,URL,Body,outlet\nRace on,2025-01-02,https://e.org/1,"We must win.\r\nNow.",Daily\n'
        "Talks,2025-02-03T10:00:00Z,https://e.org/2,Let us cooperate.,Weekly\n",
    )
    result = read_inputs([path])
    assert result.failures == ()
    first, second = result.documents
    assert first.source == "news.csv#row=1"
    assert first.text == "We must win.\nNow."
    assert (first.title, first.date, first.url) == ("Race on", "2025-01-02", "https://e.org/1")
    assert dict(first.metadata) == {
        "Title": "Race on",
        "Date": "2025-01-02",
        "URL": "https://e.org/1",
        "outlet": "Daily",
    }
    assert (second.source, second.date) == ("news.csv#row=2", "2025-02-03")


def test_text_column_is_detected_or_named(tmp_path: Path) -> None:
    write(tmp_path / "a.csv", "id,content\n1,first text\n")
    write(tmp_path / "b.csv", "id,speech\n1,named column\n")
    result = read_inputs([tmp_path / "a.csv"])
    assert [d.text for d in result.documents] == ["first text"]
    (failure,) = read_inputs([tmp_path / "b.csv"]).failures
    assert failure.kind == "table"
    assert "'id', 'speech'" in failure.message and "text_column" in failure.message
    assert [d.text for d in read_inputs([tmp_path / "b.csv"], text_column="speech").documents] == [
        "named column"
    ]


def test_malformed_csv_rows_are_recorded_with_their_line(tmp_path: Path) -> None:
    path = write(
        tmp_path / "bad.csv",
        "title,text\n"
        "ok,first\n"
        "too,many,fields\n"
        'quote,"closed"garbage\n'
        'multi,"line one\nline two"\n'
        "empty,\n"
        "ok,last\n",
    )
    result = read_inputs([path])
    assert [(d.source, d.text) for d in result.documents] == [
        ("bad.csv#row=1", "first"),
        ("bad.csv#row=4", "line one\nline two"),
        ("bad.csv#row=6", "last"),
    ]
    failures = {f.source: f for f in result.failures}
    assert failures["bad.csv#row=2"].kind == "csv"
    assert "row 2 (line 3) has 3 fields, the header has 2" in failures["bad.csv#row=2"].message
    assert failures["bad.csv#row=3"].kind == "csv"
    assert "line 4" in failures["bad.csv#row=3"].message
    assert failures["bad.csv#row=5"].kind == "empty"


def test_an_unclosed_quote_is_reported_where_the_row_starts(tmp_path: Path) -> None:
    path = write(tmp_path / "open.csv", 'title,text\nok,fine\nbad,"never closed\nmore\n')
    result = read_inputs([path])
    assert [d.text for d in result.documents] == ["fine"]
    (failure,) = result.failures
    assert (failure.source, failure.kind) == ("open.csv#row=2", "csv")
    assert "line 3" in failure.message and "unclosed quote" in failure.message


def test_invalid_utf8_fails_only_its_row(tmp_path: Path) -> None:
    data = b"title,text\na,good\nb,caf\xe9\nc,also good\n"
    result = read_inputs([write(tmp_path / "enc.csv", data)])
    assert [d.text for d in result.documents] == ["good", "also good"]
    (failure,) = result.failures
    assert (failure.source, failure.kind) == ("enc.csv#row=2", "encoding")
    assert f"byte {data.index(b'caf') + 3}" in failure.message


def test_a_cell_above_the_cap(tmp_path: Path) -> None:
    path = write(tmp_path / "big.csv", "title,text\nsmall,ok\nbig," + "x" * 300 + "\n")
    result = read_inputs([path], max_bytes=200)
    assert [d.text for d in result.documents] == ["ok"]
    assert [(f.source, f.kind) for f in result.failures] == [("big.csv#row=2", "too_large")]


def test_tsv_and_a_byte_order_mark(tmp_path: Path) -> None:
    path = write(tmp_path / "t.tsv", "\ufefftext\ttitle\nhello, world\tT\n")
    (document,) = read_inputs([path]).documents
    assert (document.text, document.title) == ("hello, world", "T")


def test_empty_and_binary_tables(tmp_path: Path) -> None:
    write(tmp_path / "empty.csv", "")
    write(tmp_path / "binary.csv", b"\x00\x01\x02text\n")
    write(tmp_path / "blank.jsonl", "\n  \n")
    kinds = {(f.source, f.kind) for f in read_inputs([tmp_path]).failures}
    assert kinds == {("empty.csv", "empty"), ("binary.csv", "binary"), ("blank.jsonl", "empty")}


def test_json_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": "China is racing ahead.", "title": "T1", "date": "2025-03-04", "score": 3}),
        "",
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"headline": "no text"}),
        json.dumps({"body": "Body field.", "url": "https://e.org/x", "tags": ["a", "b"], "none": None}),
        json.dumps({"text": 42}),
        json.dumps({"text": "   "}),
    ]
    result = read_inputs([write(tmp_path / "c.jsonl", "\n".join(lines) + "\n")])
    first, second = result.documents
    assert (first.source, first.text, first.title, first.date) == (
        "c.jsonl#line=1",
        "China is racing ahead.",
        "T1",
        "2025-03-04",
    )
    assert first.metadata["score"] == "3"
    assert (second.source, second.url, second.metadata["tags"]) == (
        "c.jsonl#line=6",
        "https://e.org/x",
        '["a", "b"]',
    )
    assert "none" not in second.metadata
    kinds = [(f.source, f.kind) for f in result.failures]
    assert kinds == [
        ("c.jsonl#line=3", "json"),
        ("c.jsonl#line=4", "json"),
        ("c.jsonl#line=5", "table"),
        ("c.jsonl#line=7", "json"),
        ("c.jsonl#line=8", "empty"),
    ]
    assert all(isinstance(f, DocumentFailure) and f.message.startswith("line ") for f in result.failures)


def test_json_lines_named_column_and_long_line(tmp_path: Path) -> None:
    path = write(
        tmp_path / "d.ndjson", json.dumps({"speech": "x" * 500}) + "\n" + json.dumps({"speech": "ok"}) + "\n"
    )
    result = read_inputs([path], text_column="speech", max_bytes=100)
    assert [d.text for d in result.documents] == ["ok"]
    assert [(f.source, f.kind) for f in result.failures] == [("d.ndjson#line=1", "too_large")]


def test_a_multi_line_cell_above_the_cap(tmp_path: Path) -> None:
    cell = "\n".join(["short line"] * 40)
    path = write(tmp_path / "lines.csv", f'title,text\nlong,"{cell}"\nshort,ok\n')
    result = read_inputs([path], max_bytes=200)
    assert [d.text for d in result.documents] == ["ok"]
    assert [(f.source, f.kind) for f in result.failures] == [("lines.csv#row=1", "too_large")]


@pytest.mark.shared_data
def test_chinese_reports_as_json_lines_are_kept_as_written() -> None:
    folder = shared_data_path("zh-gov-reports")
    result = read_inputs([folder])
    assert result.failures == ()
    records = [
        (path.name, number, json.loads(line))
        for path in sorted(folder.glob("*.jsonl"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
    ]
    assert len(result.documents) == len(records)
    for document, (name, number, record) in zip(result.documents, records, strict=True):
        assert document.source == f"{name}#line={number}"
        assert document.text == record["content"].replace("\r\n", "\n")
        assert document.title == record["title"]
        assert document.url == record["url"]
