"""Work items: one-document files listed for a worker to read, everything else read at once.

`iter_work` must give, once each item is read (`read_work_item`), exactly what `iter_inputs`
gives, bad files included, so that a run's tables do not depend on which process read a file.
"""

from __future__ import annotations

import os
import pickle
from functools import partial
from pathlib import Path

import pytest

from tracktwo.narrative.documents import Document, DocumentFailure
from tracktwo.narrative.executors import (
    AnalysisConfig,
    LocalExecutor,
    SerialExecutor,
    analysis_tools,
    analyze_chunk,
    analyze_outcomes,
    chunked,
)
from tracktwo.narrative.ingest import (
    IngestOptions,
    PendingFile,
    iter_inputs,
    iter_work,
    read_work_item,
)
from tracktwo.narrative.tables import SCHEMAS, concat_tables

ARTICLE = "---\ntitle: AI\ndate: '2025-03-04'\n---\n\nAmerica is in a race with China to dominate AI.\n"
PAGE = (
    "<html><head><title>Chips</title></head><body><article><h1>Chips</h1>"
    + "".join(f"<p>Paragraph {i} of a long article about export controls on AI chips.</p>" for i in range(12))
    + "</article></body></html>"
)


def _corpus(root: Path) -> Path:
    """A folder with good and bad documents of every one-document kind, and a table."""
    files: dict[str, str | bytes] = {
        "a.md": ARTICLE,
        "b.txt": "A plain text about AI safety evaluations.",
        "c.html": PAGE,
        "d.md": b"\x00\x01\x02binary\x00",
        "e.md": b"caf\xe9 in Latin-1, not UTF-8",
        "f.md": "---\ntitle: [unclosed\n---\nBody.\n",
        "g.md": "",
        "h.html": "<html><body></body></html>",
        "rows.csv": "text,date\nFirst row about AI.,2025-01-01\nSecond row.,2025-01-02\n",
    }
    for name, content in files.items():
        path = root / "corpus" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root / "corpus"


def test_one_document_files_are_listed_and_tables_read_at_once(tmp_path: Path) -> None:
    items = list(iter_work([_corpus(tmp_path)], IngestOptions()))
    pending = [item for item in items if isinstance(item, PendingFile)]
    assert [(item.source, item.kind) for item in pending] == [
        ("a.md", "text"),
        ("b.txt", "text"),
        ("c.html", "html"),
        ("d.md", "text"),
        ("e.md", "text"),
        ("f.md", "text"),
        ("g.md", "text"),
        ("h.html", "html"),
    ]
    assert all(os.path.isabs(item.path) for item in pending)
    rows = [item for item in items if not isinstance(item, PendingFile)]
    assert [row.source for row in rows] == ["rows.csv#row=1", "rows.csv#row=2"]
    assert all(isinstance(row, Document) for row in rows)


def test_read_items_are_exactly_what_iter_inputs_gives(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    options = IngestOptions(max_bytes=10_000)
    read = [read_work_item(item) for item in iter_work([corpus, corpus / "a.md", tmp_path / "nope"], options)]
    assert read == list(iter_inputs([corpus, corpus / "a.md", tmp_path / "nope"], options))
    failures = {item.source: item.kind for item in read if isinstance(item, DocumentFailure)}
    assert set(failures) == {"d.md", "e.md", "f.md", "g.md", "h.html", str(tmp_path / "nope")}


def test_a_pending_file_is_read_when_asked_and_travels_to_a_worker(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    (item,) = [i for i in iter_work([corpus / "a.md"], IngestOptions()) if isinstance(i, PendingFile)]
    # read where it lands: a worker unpickles it and reads the file as it is then
    (corpus / "a.md").write_text(ARTICLE.replace("China", "Europe"), encoding="utf-8")
    document = pickle.loads(pickle.dumps(item)).read()
    assert isinstance(document, Document)
    assert "Europe" in document.text and document.source == "a.md" and document.title == "AI"
    (corpus / "a.md").unlink()
    gone = item.read()
    assert isinstance(gone, DocumentFailure) and gone.kind == "unreadable" and gone.source == "a.md"


def test_a_relative_input_is_read_from_any_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    (item,) = list(iter_work(["corpus/b.txt"], IngestOptions()))
    monkeypatch.chdir("/")
    document = read_work_item(item)
    assert isinstance(document, Document) and document.text.startswith("A plain text")


def test_the_cap_goes_with_the_pending_file(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    (item,) = list(iter_work([corpus / "c.html"], IngestOptions(max_bytes=100)))
    failure = read_work_item(item)
    assert isinstance(failure, DocumentFailure) and failure.kind == "too_large"


def test_executors_give_the_same_tables_from_work_items_as_from_outcomes(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    items = list(iter_work([corpus], IngestOptions()))
    detector, registry = analysis_tools(AnalysisConfig())
    expected = analyze_outcomes(list(iter_inputs([corpus], IngestOptions())), detector, registry)
    work = partial(analyze_chunk, AnalysisConfig())
    for executor in (SerialExecutor(), LocalExecutor(workers=2)):
        tables = concat_tables(list(executor.map_chunks(work, chunked(items, 3))))
        for name in SCHEMAS:
            assert tables.by_name()[name].equals(expected.by_name()[name]), name
    assert expected.errors.num_rows == 5 and expected.documents.num_rows == 5
