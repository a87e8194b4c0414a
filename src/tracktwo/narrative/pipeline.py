"""One document analysed: its sentences with frames, policy areas, evidence and speaker.

`analyze_document(document, detector, registry)` splits the document into sentences,
detects frames with the sentence's paragraph as context (one `detect_many` batch per
document), finds its quotations and transcript turns, and attributes each sentence to
the quotation or turn that holds it, else to the document's default speaker (author or
publisher). Evidence offsets are made relative to the document text, so
`document.text[e.start:e.end] == e.cue` as for sentences and quotes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Final, Literal, ParamSpec

from tracktwo.narrative.actors import ActorRegistry
from tracktwo.narrative.documents import Document, DocumentFailure, Sentence
from tracktwo.narrative.frames import OUT_OF_SCOPE, Detector, Evidence, FrameDetection
from tracktwo.narrative.language import detect_document_language
from tracktwo.narrative.paragraphs import paragraph_texts
from tracktwo.narrative.quotes import Quote, Speaker, default_speaker, find_quotes
from tracktwo.narrative.sentences import split_sentences

Attribution = Literal["quote", "transcript", "according_to", "document"]
# The transcript label of a reporter; codebook: "A reporter's question carries no frame".
REPORTER: Final = "Q"
# Failures of the analysis itself (not of reading) carry this kind in errors.parquet.
ANALYSIS_FAILURE: Final = "analysis"


@dataclass(frozen=True)
class SentenceAnalysis:
    """A sentence with its frames, policy areas, evidence (document offsets) and speaker."""

    sentence: Sentence
    frames: tuple[str, ...]
    policy_areas: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    speaker: str | None
    organisation: str | None
    sector: str
    country: str
    attribution: Attribution


@dataclass(frozen=True)
class SentenceRows:
    """The analysis of a document's sentences, one entry per sentence in each field.

    `detections` are final (a reporter's question has none); `holders` give the quotation
    or turn that holds the sentence, None where the document's `default` speaker speaks.
    Why not a `SentenceAnalysis` per sentence: a corpus run turns these straight into
    table columns, and a million such objects cost more than the rest of that step.
    """

    sentences: tuple[Sentence, ...]
    detections: tuple[FrameDetection, ...]
    holders: tuple[Quote | None, ...]
    default: Speaker


@dataclass(frozen=True)
class DocumentAnalysis:
    """A document analysed: sentences in order and every quotation found in it.

    `sentences` is built from `rows` on first use.
    """

    document: Document
    language: str
    rows: SentenceRows
    quotes: tuple[Quote, ...]

    @cached_property
    def sentences(self) -> tuple[SentenceAnalysis, ...]:
        rows = self.rows
        return tuple(
            SentenceAnalysis(
                sentence,
                detection.frames,
                detection.policy_areas,
                document_evidence(detection, sentence.start),
                *attribution_of(holder, rows.default),
            )
            for sentence, detection, holder in zip(rows.sentences, rows.detections, rows.holders, strict=True)
        )


def attribution_of(
    holder: Quote | None, default: Speaker
) -> tuple[str | None, str | None, str, str, Attribution]:
    """Speaker, organisation, sector, country and attribution of a sentence held by `holder`
    (None: the document's `default` speaker)."""
    if holder is None:
        return default.name or None, default.organisation or None, default.sector, default.country, "document"
    return holder.speaker or None, holder.organisation or None, holder.sector, holder.country, holder.kind


def document_evidence(detection: FrameDetection, shift: int) -> tuple[Evidence, ...]:
    """The evidence of a sentence's detection with offsets into the document (`shift`: the
    sentence's start)."""
    if not detection.evidence:  # most sentences have none: no generator for them
        return ()
    return tuple(
        Evidence(e.frame_or_area, e.cue, e.start + shift, e.end + shift, e.rule, e.quoted)
        for e in detection.evidence
    )


def analyze_document(document: Document, detector: Detector, registry: ActorRegistry) -> DocumentAnalysis:
    """Sentences, frames, speakers and quotations of `document` (see the module docstring)."""
    prepared = _prepare(document)
    detections = detector.detect_many(*_batch([prepared]))
    return _finish(prepared, detections, registry)


def analyze_documents(
    documents: Sequence[Document], detector: Detector, registry: ActorRegistry
) -> tuple[DocumentAnalysis | DocumentFailure, ...]:
    """`analyze_document` for each document, in order, with one `detect_many` batch for all.

    A document whose analysis raises becomes a `DocumentFailure` of kind "analysis" (one bad
    document must not stop a corpus run); the others are analysed as if alone.
    """
    prepared: list[_Prepared | DocumentFailure] = [_guarded(_prepare, document) for document in documents]
    ready = [item for item in prepared if isinstance(item, _Prepared)]
    try:
        batch = detector.detect_many(*_batch(ready))
    except Exception:  # find the culprit: detect document by document
        return tuple(
            item if isinstance(item, DocumentFailure) else _guarded(_alone, item, detector, registry)
            for item in prepared
        )
    results: list[DocumentAnalysis | DocumentFailure] = []
    offset = 0
    for item in prepared:
        if isinstance(item, DocumentFailure):
            results.append(item)
            continue
        detections = batch[offset : offset + len(item.sentences)]
        offset += len(item.sentences)
        results.append(_guarded(_finish, item, detections, registry))
    return tuple(results)


P = ParamSpec("P")


def _guarded(step: Callable[P, _Prepared | DocumentAnalysis], *args: P.args, **kwargs: P.kwargs) -> Any:
    try:
        return step(*args, **kwargs)
    except Exception as error:
        first = args[0]
        document = first.document if isinstance(first, _Prepared) else first
        source = document.source if isinstance(document, Document) else "?"
        return DocumentFailure(
            source,
            ANALYSIS_FAILURE,
            f"analysis failed ({type(error).__name__}: {error}); please report this document",
        )


@dataclass(frozen=True)
class _Prepared:
    document: Document
    language: str
    sentences: tuple[Sentence, ...]
    contexts: list[str]


def _prepare(document: Document) -> _Prepared:
    language = document.language or detect_document_language(document)
    sentences = split_sentences(document, language)  # the language is detected once
    text = document.text
    # One string object per paragraph: `detect_many` tells paragraphs apart by identity.
    paragraphs = paragraph_texts(text, document.body_start)
    contexts = [paragraphs.get(s.paragraph, s.text) for s in sentences]
    return _Prepared(document, language, sentences, contexts)


def _batch(prepared: Sequence[_Prepared]) -> tuple[list[str], list[str], list[str]]:
    texts = [s.text for item in prepared for s in item.sentences]
    contexts = [context for item in prepared for context in item.contexts]
    languages = [s.language for item in prepared for s in item.sentences]
    return texts, contexts, languages


def _alone(prepared: _Prepared, detector: Detector, registry: ActorRegistry) -> DocumentAnalysis:
    return _finish(prepared, detector.detect_many(*_batch([prepared])), registry)


def _finish(
    prepared: _Prepared, detections: Sequence[FrameDetection], registry: ActorRegistry
) -> DocumentAnalysis:
    document, sentences = prepared.document, prepared.sentences
    quotes = find_quotes(document, registry)
    holders = _holding_quotes(sentences, quotes)
    # Codebook: "A reporter's question carries no frame".
    final = tuple(
        OUT_OF_SCOPE if quote is not None and quote.kind == "transcript" and quote.speaker == REPORTER else d
        for d, quote in zip(detections, holders, strict=True)
    )
    rows = SentenceRows(sentences, final, tuple(holders), default_speaker(document, registry))
    return DocumentAnalysis(document, prepared.language, rows, quotes)


def _holding_quotes(sentences: tuple[Sentence, ...], quotes: tuple[Quote, ...]) -> list[Quote | None]:
    """For each sentence, the innermost quotation that holds it, else None.

    A quotation holds a sentence when it covers at least half of it, or overlaps it while the
    sentence also holds the words that attribute it ('"...," said X.', "According to X, ...").

    Quotations are sorted by start and may nest (a quotation inside a transcript turn), so a
    sweep keeps the quotations that have started and not yet ended.
    """
    holders: list[Quote | None] = []
    active: list[Quote] = []
    next_quote = 0
    for sentence in sentences:
        start, end = sentence.start, sentence.end
        while next_quote < len(quotes) and quotes[next_quote].start < end:
            active.append(quotes[next_quote])
            next_quote += 1
        if active:
            active = [q for q in active if q.end > start]
        best: Quote | None = None
        for quote in active:
            overlap = min(end, quote.end) - max(start, quote.start)
            holds = 2 * overlap >= end - start or (
                overlap > 0 and start <= quote.cue_start and quote.cue_end <= end
            )
            if holds and (best is None or quote.end - quote.start < best.end - best.start):
                best = quote
        holders.append(best)
    return holders
