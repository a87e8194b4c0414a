"""The helpers that make the corpus run fast must not change what it finds."""

from __future__ import annotations

import gc
import io
import re
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from tracktwo.narrative.actors import load_registry
from tracktwo.narrative.aggregate import _categories, _label, _month, _source, summarise
from tracktwo.narrative.documents import Document
from tracktwo.narrative.executors import (
    AnalysisConfig,
    CountedChunks,
    LocalExecutor,
    _tools,
    analysis_tools,
    analyze_outcomes,
    chunked,
    gc_paused,
    with_progress,
)
from tracktwo.narrative.frames import default_detector
from tracktwo.narrative.language import detect_document_language
from tracktwo.narrative.paragraphs import paragraph_texts, split_paragraphs
from tracktwo.narrative.parquet_stream import read_tables, write_tables
from tracktwo.narrative.pipeline import SentenceAnalysis, analyze_document, attribution_of
from tracktwo.narrative.quotes import Speaker
from tracktwo.narrative.quotes.phrases import titled_names
from tracktwo.narrative.sentences import split_sentences
from tracktwo.narrative.tables import concat_tables, tables_of

TEXTS = [
    "",
    "one paragraph only",
    "\n\n  \n  first\n\nsecond  \n***\nthird\n \n",
    "---\ntitle: x\n---\n\nAlpha beta.\n\n\n  Gamma.\n---\nDelta\n",
    "no break\njust a line\n  \n\n",
]

TRANSCRIPT = (
    "---\ntitle: Press Briefing\ndate: '2025-03-04'\n---\n\n"
    "MS. LEAVITT: We are in a race with China to dominate artificial intelligence.\n\n"
    "Q Is the AI race with China a new arms race?\n\n"
    "MS. LEAVITT: We will cut the red tape that holds back American AI companies.\n\n"
    '"We cannot let China win the AI race," said Jensen Huang, the CEO of Nvidia.\n'
)


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("start", [0, 3])
def test_paragraph_texts_are_the_texts_of_split_paragraphs(text: str, start: int) -> None:
    expected = {p.index: text[p.start : p.end] for p in split_paragraphs(text, start)}
    assert paragraph_texts(text, start) == expected


def test_gc_paused_restores_the_collector_as_it_was() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # left disabled, as found
    finally:
        gc.enable()


def test_gc_paused_restores_the_collector_after_an_error() -> None:
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_analysis_tools_are_built_once_per_process_and_config() -> None:
    config = AnalysisConfig()
    assert analysis_tools(config) is _tools(config)
    detector, _ = analysis_tools(config)
    assert detector is default_detector()


def test_split_sentences_with_a_given_language_equals_detecting_it() -> None:
    document = Document(source="t.md", text=TRANSCRIPT, body_start=TRANSCRIPT.index("MS."))
    language = detect_document_language(document)
    assert split_sentences(document, language) == split_sentences(document)


def test_sentences_of_an_analysis_come_from_its_rows() -> None:
    document = Document(source="t.md", text=TRANSCRIPT, body_start=TRANSCRIPT.index("MS."))
    analysis = analyze_document(document, default_detector(), load_registry())
    rows = analysis.rows
    assert len(analysis.sentences) == len(rows.sentences) == len(rows.detections) == len(rows.holders)
    for item, holder in zip(analysis.sentences, rows.holders, strict=True):
        assert isinstance(item, SentenceAnalysis)
        attribution = attribution_of(holder, rows.default, rows.default_person)
        values = (item.speaker, item.person, item.organisation, item.sector, item.country, item.attribution)
        assert values == attribution
        for evidence in item.evidence:
            assert document.text[evidence.start : evidence.end] == evidence.cue
    reporter = [item for item in analysis.sentences if item.speaker == "Q"]
    assert reporter and all(not item.frames and not item.evidence for item in reporter)
    assert any(item.frames for item in analysis.sentences)


def test_attribution_of_a_sentence_outside_quotations_is_the_default_speaker() -> None:
    default = Speaker("", "The White House", "government", "US")
    assert attribution_of(None, default) == (None, None, "The White House", "government", "US", "document")
    assert attribution_of(None, default, "Joe Biden")[1] == "Joe Biden"


def test_tables_of_rows_equal_the_sentence_analyses() -> None:
    document = Document(source="t.md", text=TRANSCRIPT, body_start=TRANSCRIPT.index("MS."))
    analysis = analyze_document(document, default_detector(), load_registry())
    sentences = tables_of([analysis]).sentences.to_pylist()
    assert len(sentences) == len(analysis.sentences)
    for row, item in zip(sentences, analysis.sentences, strict=True):
        assert (row["start"], row["end"], row["text"]) == (
            item.sentence.start,
            item.sentence.end,
            item.sentence.text,
        )
        assert (row["frames"], row["policy_areas"]) == (list(item.frames), list(item.policy_areas))
        assert [(e["label"], e["cue"], e["start"], e["end"]) for e in row["evidence"]] == [
            (e.frame_or_area, e.cue, e.start, e.end) for e in item.evidence
        ]
        assert (row["speaker"], row["sector"], row["attribution"]) == (
            item.speaker,
            item.sector,
            item.attribution,
        )


def test_files_do_not_depend_on_how_the_rows_were_chunked(tmp_path: Path) -> None:
    documents = [
        Document(source=f"d{i}.md", text=TRANSCRIPT, body_start=TRANSCRIPT.index("MS.")) for i in range(5)
    ]
    detector, registry = default_detector(), load_registry()
    whole = analyze_outcomes(documents, detector, registry)
    parts = concat_tables(
        [analyze_outcomes(documents[i : i + 2], detector, registry) for i in range(0, 5, 2)]
    )
    assert parts.sentences.column("text").num_chunks == 3  # joined without a copy
    write_tables(whole, tmp_path / "whole")
    write_tables(parts, tmp_path / "parts")
    for name in ("documents", "sentences", "quotes", "errors"):
        first = (tmp_path / "whole" / f"{name}.parquet").read_bytes()
        assert first == (tmp_path / "parts" / f"{name}.parquet").read_bytes(), name
    again = read_tables(tmp_path / "parts")
    assert again.sentences.equals(whole.sentences)
    assert pq.read_metadata(tmp_path / "parts" / "sentences.parquet").num_rows == whole.sentences.num_rows


def test_summary_is_the_same_on_chunked_tables() -> None:
    documents = [
        Document(
            source=f"d{i}.md", text=TRANSCRIPT, body_start=TRANSCRIPT.index("MS."), date=f"2025-0{i + 1}-01"
        )
        for i in range(4)
    ]
    detector, registry = default_detector(), load_registry()
    whole = analyze_outcomes(documents, detector, registry)
    parts = concat_tables([analyze_outcomes(documents[i : i + 1], detector, registry) for i in range(4)])
    assert summarise(parts.sentences, parts.documents, parts.quotes) == summarise(
        whole.sentences, whole.documents, whole.quotes
    )


def test_categories_sort_labels_and_give_each_row_its_index() -> None:
    table = pa.table({"sector": ["industry", None, "", "government", "industry"]})
    labels, codes = _categories(table, "sector", _label)
    assert labels == ["government", "industry", "unknown"]
    assert codes.tolist() == [1, 2, 2, 0, 1]
    assert [labels[c] for c in codes] == [_label(v) for v in table.column("sector").to_pylist()]


def test_categories_of_a_missing_or_empty_column() -> None:
    table = pa.table({"other": [1, 2]})
    labels, codes = _categories(table, "date", _month)
    assert labels == ["undated"] and codes.tolist() == [0, 0]
    labels, codes = _categories(pa.table({"source": pa.array([], pa.string())}), "source", _source)
    assert labels == [] and codes.size == 0


def test_categories_merge_values_with_the_same_label() -> None:
    table = pa.table({"date": ["2025-03-04", "2025-03-31", None, "soon", "2024-12-01"]})
    labels, codes = _categories(table, "date", _month)
    assert labels == ["2024-12", "2025-03", "undated"]
    assert codes.tolist() == [1, 1, 2, 2, 0]
    assert np.asarray(codes).dtype == np.int64


def test_counted_chunks_count_items_as_chunks_are_made() -> None:
    counted = CountedChunks(chunked(range(5), 2))
    stream = iter(counted)
    assert next(stream) == (0, 1)
    assert counted.sizes == [2] and not counted.complete
    assert list(stream) == [(2, 3), (4,)]
    assert counted.sizes == [2, 2, 1] and counted.complete


@pytest.mark.parametrize("terminal", [False, True])
def test_with_progress_passes_results_through_with_counted_chunks(terminal: bool) -> None:
    console = Console(file=io.StringIO(), force_terminal=terminal)
    counted = CountedChunks(chunked(range(7), 3))
    results = list(with_progress((sum(chunk) for chunk in counted), counted, console=console))
    assert results == [3, 12, 6]
    assert list(with_progress(iter("abc"), [1, 1], console=console)) == ["a", "b"]  # as many as sizes


def test_local_executor_keeps_the_order_of_lazily_made_chunks() -> None:
    counted = CountedChunks(chunked(range(40), 3))
    assert list(LocalExecutor(workers=2).map_chunks(sum, counted)) == [sum(c) for c in chunked(range(40), 3)]
    assert counted.complete and sum(counted.sizes) == 40


# Text made of the pieces that decide a word boundary before a title: word characters of
# several scripts, underscores, digits, spaces and punctuation, and the title itself.
_TITLED_TEXT = st.lists(
    st.sampled_from(
        [
            "President ",
            "Vice President ",
            "First Lady ",
            "Joe ",
            "Biden",
            "X",
            "é",
            "_",
            "3",
            "ß",
            "中",
            " ",
            ".",
            "“",
            "\n",
            "the ",
            "Ex",
            "Jill Biden",
        ]
    ),
    max_size=25,
).map("".join)


@given(text=_TITLED_TEXT, pos=st.integers(0, 8), title=st.sampled_from(["President", "First Lady"]))
def test_titled_names_are_what_a_word_boundary_pattern_finds(text: str, pos: int, title: str) -> None:
    bounded = re.compile(r"\b" + re.escape(title) + r"\s+(?:[A-Z][\w’'.\-]*\s+){0,3}[A-Z][\w’'\-]+")
    expected = [m.span() for m in bounded.finditer(text, pos)]
    assert [m.span() for m in titled_names(title, text, pos)] == expected


def test_titled_names_skip_a_title_inside_a_word() -> None:
    text = "ExPresident Smith met_President Jones; President Biden and\nVice President Harris."
    assert [m.group() for m in titled_names("President", text)] == ["President Biden", "President Harris"]
