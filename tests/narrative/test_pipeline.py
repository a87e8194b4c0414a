"""analyze_document: sentences with frames, evidence at document offsets, and speakers."""

from __future__ import annotations

import random

import pytest

from sample_corpus import BRIEFING
from support.shared_data import shared_data_path
from tracktwo.narrative.actors import ActorRegistry, load_registry
from tracktwo.narrative.documents import Document
from tracktwo.narrative.frames import Detector, default_detector
from tracktwo.narrative.ingest import read_inputs
from tracktwo.narrative.pipeline import DocumentAnalysis, analyze_document, analyze_documents

SPEECH = """---
title: Remarks on Artificial Intelligence
date: '2025-03-04'
source_url: https://www.whitehouse.gov/remarks/2025/03/ai/
---

America is in a race with China to dominate artificial intelligence, and we must win it.

"We cannot let China win the AI race," said Jensen Huang, the CEO of Nvidia. "Export controls on AI \
chips only help our rivals."

We will cut the red tape that holds back American AI companies.
"""


@pytest.fixture(scope="module")
def tools() -> tuple[Detector, ActorRegistry]:
    return default_detector(), load_registry()


def _document(source: str, text: str) -> Document:
    body_start = text.index("---\n", 4) + 4
    url = text.split("source_url: ", 1)[1].split("\n", 1)[0]
    return Document(source=source, text=text, body_start=body_start, url=url, date="2025-01-01")


def _analyse(source: str, text: str, tools: tuple[Detector, ActorRegistry]) -> DocumentAnalysis:
    return analyze_document(_document(source, text), *tools)


def _assert_offsets_true(analysis: DocumentAnalysis) -> None:
    text = analysis.document.text
    for item in analysis.sentences:
        assert text[item.sentence.start : item.sentence.end] == item.sentence.text
        for evidence in item.evidence:
            assert text[evidence.start : evidence.end] == evidence.cue
            assert item.sentence.start <= evidence.start <= evidence.end <= item.sentence.end
    for quote in analysis.quotes:
        assert text[quote.start : quote.end] == quote.text


def test_sentences_carry_frames_evidence_and_the_document_speaker(
    tools: tuple[Detector, ActorRegistry],
) -> None:
    analysis = _analyse("speech.md", SPEECH, tools)
    _assert_offsets_true(analysis)
    first, *_, last = analysis.sentences
    assert first.sentence.text.startswith("America is in a race")
    assert "race" in first.frames and first.evidence
    assert first.attribution == "document"
    assert first.speaker == "The White House" and first.sector == "government" and first.country == "US"
    assert "deregulation" in last.frames and last.attribution == "document"


def test_a_quoted_sentence_is_attributed_to_its_speaker(tools: tuple[Detector, ActorRegistry]) -> None:
    analysis = _analyse("speech.md", SPEECH, tools)
    quoted = [item for item in analysis.sentences if item.sentence.text.startswith('"We cannot')]
    assert len(quoted) == 1
    assert quoted[0].attribution == "quote"
    assert quoted[0].speaker == "Jensen Huang" and quoted[0].sector == "industry"
    assert {quote.speaker for quote in analysis.quotes} == {"Jensen Huang"}


def test_transcript_turns_give_speakers_and_questions_carry_no_frame(
    tools: tuple[Detector, ActorRegistry],
) -> None:
    analysis = _analyse("briefing.md", BRIEFING, tools)
    _assert_offsets_true(analysis)
    assert {item.attribution for item in analysis.sentences} == {"transcript"}
    question = [item for item in analysis.sentences if item.speaker == "Q"]
    assert len(question) == 1
    assert "arms race" in question[0].sentence.text
    assert question[0].frames == () and question[0].evidence == () and question[0].sector == "media"
    answers = [item for item in analysis.sentences if item.speaker == "MS. LEAVITT"]
    assert any("race" in item.frames for item in answers)
    assert any("deregulation" in item.frames for item in answers)


def test_a_document_without_text_outside_its_header_has_no_sentences(
    tools: tuple[Detector, ActorRegistry],
) -> None:
    analysis = analyze_document(Document("x.md", "---\ntitle: x\n---\n", body_start=17), *tools)
    assert analysis.sentences == () and analysis.quotes == ()


@pytest.mark.shared_data
def test_fifty_briefings_analyse_with_true_offsets(tools: tuple[Detector, ActorRegistry]) -> None:
    folder = shared_data_path("wh-briefings")
    paths = random.Random(4).sample(sorted(folder.rglob("*.md")), 50)
    ingested = read_inputs(paths)
    assert ingested.failures == ()
    analyses = [analyze_document(document, *tools) for document in ingested.documents]
    for analysis in analyses:
        _assert_offsets_true(analysis)
        starts = [item.sentence.start for item in analysis.sentences]
        assert starts == sorted(starts)
        for item in analysis.sentences:
            assert item.attribution in {"quote", "transcript", "according_to", "document"}
            assert item.sector and item.country
            if item.speaker == "Q" and item.attribution == "transcript":
                assert item.frames == ()
    assert sum(len(analysis.sentences) for analysis in analyses) > 500


def test_a_batch_gives_what_each_document_gives_alone(tools: tuple[Detector, ActorRegistry]) -> None:
    documents = [_document("speech.md", SPEECH), _document("briefing.md", BRIEFING)]
    batch = analyze_documents(documents, *tools)
    assert list(batch) == [analyze_document(document, *tools) for document in documents]
