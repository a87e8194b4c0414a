from __future__ import annotations

import random

import pytest

from support.shared_data import shared_data_path
from tracktwo.narrative.ingest import read_inputs


@pytest.mark.shared_data
def test_text_is_the_file_as_read_with_the_header_honoured() -> None:
    folder = shared_data_path("wh-briefings")
    paths = sorted(folder.rglob("*.md"))
    sample = random.Random(2026).sample(paths, 400)
    result = read_inputs(sample)
    assert result.failures == ()
    for path, document in zip(sample, result.documents, strict=True):
        with open(path, encoding="utf-8") as handle:
            assert document.text == handle.read(), path
        assert document.source == path.name
        if path.name == "README.md":
            continue
        assert document.text[: document.body_start].endswith("\n---\n")
        assert document.date is not None and document.date in document.metadata["date"]
        assert document.url == document.metadata["source_url"]
        assert document.title == document.metadata["title"]


@pytest.mark.shared_data
def test_the_whole_corpus_reads_without_failures() -> None:
    folder = shared_data_path("wh-briefings")
    result = read_inputs([folder])
    assert result.failures == ()
    assert len(result.documents) == 14_397  # 14,396 briefings and the corpus README
    sources = [document.source for document in result.documents]
    assert sources == sorted(sources)
    assert sources[0] == "README.md"
    assert (
        sources[1]
        == "articles/2025-02/2025-02-10-cfpb-isnt-a-wall-street-regulator-its-a-main-street-regulator.md"
    )
    assert all("\\" not in source for source in sources)
    undated = [document.source for document in result.documents if document.date is None]
    assert undated == ["README.md"]
    assert sum(len(document.text) for document in result.documents) == 139_522_019
