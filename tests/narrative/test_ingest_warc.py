from __future__ import annotations

import gzip
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from support.article_pages import NAVIGATION_ONLY, PARAGRAPHS, article_page
from tracktwo.narrative.ingest import read_inputs


def response(writer: WARCWriter, uri: str, status: str, content_type: str, body: bytes) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(uri, "response", payload=BytesIO(body), http_headers=headers)
    writer.write_record(record)


def write_crawl(path: Path, gzipped: bool) -> None:
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        response(
            writer,
            "https://news.example.org/ai-race",
            "200 OK",
            "text/html; charset=utf-8",
            article_page().encode(),
        )
        response(writer, "https://news.example.org/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n")
        response(
            writer,
            "https://news.example.org/old",
            "301 Moved Permanently",
            "text/html",
            b"<html>moved</html>",
        )
        response(
            writer, "https://news.example.org/gone", "404 Not Found", "text/html", NAVIGATION_ONLY.encode()
        )
        response(writer, "https://news.example.org/menu", "200 OK", "text/html", NAVIGATION_ONLY.encode())
        resource = writer.create_warc_record(
            "https://news.example.org/saved",
            "resource",
            payload=BytesIO(article_page().encode()),
            warc_content_type="text/html",
        )
        writer.write_record(resource)


def test_html_responses_become_articles(tmp_path: Path) -> None:
    for name, gzipped in (("crawl.warc.gz", True), ("crawl.warc", False)):
        write_crawl(tmp_path / name, gzipped)
        result = read_inputs([tmp_path / name])
        assert [d.source for d in result.documents] == [
            "https://news.example.org/ai-race",
            "https://news.example.org/saved",
        ]
        document = result.documents[0]
        assert PARAGRAPHS[0] in document.text
        assert document.url == "https://news.example.org/ai-race"
        assert "warc_date" in document.metadata
        assert [(f.source, f.kind) for f in result.failures] == [
            ("https://news.example.org/menu", "no_article")
        ]


def test_record_above_the_cap(tmp_path: Path) -> None:
    write_crawl(tmp_path / "crawl.warc", gzipped=False)
    result = read_inputs([tmp_path / "crawl.warc"], max_bytes=1000)
    assert result.documents == ()
    failures = {f.source: f.kind for f in result.failures}
    assert failures["https://news.example.org/ai-race"] == "too_large"
    assert failures["https://news.example.org/saved"] == "too_large"


def test_not_a_warc_and_a_cut_one(tmp_path: Path) -> None:
    (tmp_path / "fake.warc").write_bytes(b"this is not a web archive\n" * 10)
    write_crawl(tmp_path / "cut.warc.gz", gzipped=True)
    data = (tmp_path / "cut.warc.gz").read_bytes()
    (tmp_path / "cut.warc.gz").write_bytes(data[: len(data) // 2])
    (tmp_path / "garbage.warc.gz").write_bytes(gzip.compress(b"WARC/1.0\r\nnonsense") + b"\x00" * 10)
    result = read_inputs([tmp_path])
    failures = {f.source: f for f in result.failures}
    assert failures["fake.warc"].kind == "warc"
    assert "not a valid WARC file" in failures["fake.warc"].message
    assert failures["garbage.warc.gz"].kind == "warc"
    # Records before the cut are still read; warcio ends a cut gzip stream without an error.
    assert [d.source for d in result.documents] == ["https://news.example.org/ai-race"]
