from __future__ import annotations

import os
from pathlib import Path

import pytest

from tracktwo.narrative.documents import Document, DocumentFailure
from tracktwo.narrative.ingest import IngestOptions, format_of, read_inputs, read_path
from tracktwo.narrative.ingest.files import list_files

ARTICLE = (
    "---\ntitle: 'Remarks on AI'\ndate: '2025-05-22'\nsource_url: https://example.org/a\n---\n"
    " \nWe must win the AI race.\n"
)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def only_failure(result_failures: tuple[DocumentFailure, ...]) -> DocumentFailure:
    assert len(result_failures) == 1, result_failures
    return result_failures[0]


def test_folder_sources_are_relative_posix_paths_sorted(tmp_path: Path) -> None:
    write(tmp_path / "b" / "z.md", "zed")
    write(tmp_path / "b" / "a.txt", "a text")
    write(tmp_path / "a.md", "first")
    write(tmp_path / "c" / "d" / "e.markdown", "deep")
    write(tmp_path / "LICENSE", "not a document")
    write(tmp_path / ".hidden.md", "skipped")
    write(tmp_path / ".git" / "x.md", "skipped")
    result = read_inputs([tmp_path])
    assert [d.source for d in result.documents] == ["a.md", "b/a.txt", "b/z.md", "c/d/e.markdown"]
    assert result.failures == ()


def test_a_single_file_is_named_by_its_name(tmp_path: Path) -> None:
    path = write(tmp_path / "sub" / "one.md", ARTICLE)
    (document,) = read_inputs([path]).documents
    assert document.source == "one.md"


def test_front_matter_is_honoured_and_kept_in_the_text(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", ARTICLE)
    (document,) = read_inputs([str(path)]).documents
    assert document.text == ARTICLE
    assert document.text[document.body_start :] == " \nWe must win the AI race.\n"
    assert (document.title, document.date, document.url) == (
        "Remarks on AI",
        "2025-05-22",
        "https://example.org/a",
    )
    assert document.metadata["source_url"] == "https://example.org/a"
    with pytest.raises(TypeError):
        document.metadata["title"] = "changed"  # type: ignore[index]


def test_text_is_exactly_what_open_reads(tmp_path: Path) -> None:
    content = "---\ntitle: T\n---\r\nLine one\r\nline two\rthree 人工智能 競賽\n"
    path = write(tmp_path / "crlf.txt", content)
    (document,) = read_inputs([path]).documents
    with open(path, encoding="utf-8") as handle:
        assert document.text == handle.read()
    assert "競賽" in document.text  # traditional characters are not converted here
    assert document.title == "T"


def test_bad_files_are_recorded_and_the_run_goes_on(tmp_path: Path) -> None:
    write(tmp_path / "binary.txt", b"PK\x03\x04\x00\x00zip")
    write(tmp_path / "latin1.md", "caf\u00e9 au lait\n".encode("latin-1"))
    write(tmp_path / "empty.md", "")
    write(tmp_path / "blank.txt", "  \n\t\n")
    write(tmp_path / "header_only.md", "---\ntitle: T\n---\n\n")
    write(tmp_path / "bad_header.md", "---\ntitle: [unclosed\n---\nBody")
    write(tmp_path / "unclosed.md", "---\ntitle: T\nBody without a closing line\n")
    write(tmp_path / "utf16.txt", "hello".encode("utf-16"))
    write(tmp_path / "good.md", ARTICLE)
    result = read_inputs([tmp_path])
    assert [d.source for d in result.documents] == ["good.md"]
    kinds = {f.source: f.kind for f in result.failures}
    assert kinds == {
        "bad_header.md": "front_matter",
        "binary.txt": "binary",
        "blank.txt": "empty",
        "empty.md": "empty",
        "header_only.md": "empty",
        "latin1.md": "encoding",
        "unclosed.md": "front_matter",
        "utf16.txt": "encoding",
    }
    messages = {f.source: f.message for f in result.failures}
    assert "invalid UTF-8 at byte 3 (line 1)" in messages["latin1.md"]
    assert "NUL byte at byte 4" in messages["binary.txt"]
    assert "only front matter" in messages["header_only.md"]
    assert "never closed" in messages["unclosed.md"]


def test_invalid_utf8_reports_the_byte_offset_and_line(tmp_path: Path) -> None:
    data = b"line one\nline two\n" + b"bad \xff byte\n"
    path = write(tmp_path / "x.md", data)
    failure = only_failure(read_inputs([path]).failures)
    assert failure.kind == "encoding"
    offset = data.index(b"\xff")
    assert f"byte {offset} (line 3)" in failure.message


def test_a_file_above_the_cap_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", "x" * 2000)
    result = read_inputs([path], max_bytes=1000)
    failure = only_failure(result.failures)
    assert failure.kind == "too_large"
    assert "max_bytes" in failure.message
    assert read_inputs([path], max_bytes=2000).documents[0].text == "x" * 2000


def test_missing_and_unsupported_inputs(tmp_path: Path) -> None:
    write(tmp_path / "notes.pdf", b"%PDF-1.4")
    result = read_inputs([tmp_path / "nope.md", tmp_path / "notes.pdf", "ftp://example.org/x"])
    assert [(f.source, f.kind) for f in result.failures] == [
        (str(tmp_path / "nope.md"), "not_found"),
        ("notes.pdf", "unsupported"),
        ("ftp://example.org/x", "unsupported"),
    ]


def test_unreadable_files(tmp_path: Path) -> None:
    # Tests may run as root, for whom permissions do not deny reading: a dangling link
    # and a folder where a file was expected fail to open for anyone.
    os.symlink(tmp_path / "gone.md", tmp_path / "dangling.md")
    (tmp_path / "folder.md").mkdir()
    write(tmp_path / "folder.md" / "inside.md", "inside")
    result = read_inputs([tmp_path])
    assert [d.source for d in result.documents] == ["folder.md/inside.md"]
    failure = only_failure(result.failures)
    assert (failure.source, failure.kind) == ("dangling.md", "unreadable")
    (directory_failure,) = read_path(tmp_path / "folder.md", "folder.md", IngestOptions())
    assert isinstance(directory_failure, DocumentFailure)
    assert directory_failure.kind == "unreadable"
    assert "directory" in directory_failure.message


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files without permission"
)
def test_a_file_without_read_permission(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.md", "text")
    path.chmod(0)
    try:
        failure = only_failure(read_inputs([path]).failures)
    finally:
        path.chmod(0o600)
    assert failure.kind == "unreadable"
    assert "Permission denied" in failure.message


def test_format_of() -> None:
    assert format_of("a/B.MD") == "text"
    assert format_of("crawl.warc.gz") == "warc"
    assert format_of("x.ndjson") == "jsonl"
    assert format_of("page.htm") == "html"
    assert format_of("LICENSE") is None
    assert format_of(".md") is None


def test_list_files_does_not_follow_folder_links(tmp_path: Path) -> None:
    write(tmp_path / "a.md", "a")
    os.symlink(tmp_path, tmp_path / "loop")
    assert [source for source, _ in list_files(tmp_path)] == ["a.md"]
    assert [d.source for d in read_inputs([tmp_path]).documents] == ["a.md"]


def test_documents_are_frozen(tmp_path: Path) -> None:
    (document,) = read_inputs([write(tmp_path / "a.md", "text")]).documents
    assert isinstance(document, Document)
    with pytest.raises(AttributeError):
        document.text = "changed"  # type: ignore[misc]
