"""One document analysed: its sentences with frames, policy areas, evidence and speaker.

`analyze_document(document, detector, registry)` splits the document into sentences,
detects frames with the sentence's paragraph as context (one `detect_many` batch per
document), finds its quotations and transcript turns, and attributes each sentence to
the quotation or turn that holds it, else to the document's default speaker (author or
publisher). Evidence offsets are made relative to the document text, so
`document.text[e.start:e.end] == e.cue` as for sentences and quotes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Final, Literal, ParamSpec, Protocol

from tracktwo.narrative.actors import ActorRegistry
from tracktwo.narrative.actors.people import person_resolver
from tracktwo.narrative.documents import Document, DocumentFailure, Sentence
from tracktwo.narrative.frames import OUT_OF_SCOPE, Evidence, FrameDetection
from tracktwo.narrative.language import detect_document_language
from tracktwo.narrative.paragraphs import paragraph_texts
from tracktwo.narrative.quotes import Quote, Speaker, default_speaker, find_quotes
from tracktwo.narrative.sentences import SentenceSpans, sentence_spans


class FrameDetector(Protocol):
    """What the pipeline asks of a frame detector: the rule-based `frames.Detector`, or the
    learned classifier behind `tracktwo analyze --frames-model` (`classifier.ModelFrameDetector`)."""

    @property
    def frame_codes(self) -> tuple[str, ...]: ...

    def detect_many(
        self,
        texts: Sequence[str],
        contexts: Sequence[str] | None = None,
        languages: str | Sequence[str] = "en",
    ) -> tuple[FrameDetection, ...]: ...


Attribution = Literal["quote", "transcript", "according_to", "document"]
# The transcript label of a reporter; codebook: "A reporter's question carries no frame".
REPORTER: Final = "Q"
# Failures of the analysis itself (not of reading) carry this kind in errors.parquet.
ANALYSIS_FAILURE: Final = "analysis"
# Past any offset: the start of "the next quotation" once all have been taken.
_NO_MORE: Final = sys.maxsize


@dataclass(frozen=True)
class SentenceAnalysis:
    """A sentence with its frames, policy areas, evidence (document offsets) and speaker."""

    sentence: Sentence
    frames: tuple[str, ...]
    policy_areas: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    speaker: str | None
    person: str | None  # who the speaker is, where the registry or the title holders know
    organisation: str | None
    sector: str
    country: str
    attribution: Attribution


@dataclass(frozen=True)
class SentenceRows:
    """The analysis of a document's sentences, one entry per sentence in each field.

    `spans` are the sentences of the document `source` as columns; `detections` are final
    (a reporter's question has none); `holders` give the quotation or turn that holds the
    sentence, None where the document's `default` speaker speaks (`default_person` is who
    that speaker is, "" when unknown). Why not a
    `SentenceAnalysis` (or even a `Sentence`) per sentence: a corpus run turns these
    straight into table columns, and a million such objects cost more than the rest of
    that step. `sentences` builds the `Sentence` objects on first use.
    """

    source: str
    spans: SentenceSpans
    detections: tuple[FrameDetection, ...]
    holders: tuple[Quote | None, ...]
    default: Speaker
    default_person: str = ""

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        return self.spans.sentences(self.source)


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
                *attribution_of(holder, rows.default, rows.default_person),
            )
            for sentence, detection, holder in zip(rows.sentences, rows.detections, rows.holders, strict=True)
        )


def attribution_of(
    holder: Quote | None, default: Speaker, default_person: str = ""
) -> tuple[str | None, str | None, str | None, str, str, Attribution]:
    """Speaker, person, organisation, sector, country and attribution of a sentence held by
    `holder` (None: the document's `default` speaker, who is `default_person`)."""
    if holder is None:
        return (
            default.name or None,
            default_person or None,
            default.organisation or None,
            default.sector,
            default.country,
            "document",
        )
    return (
        holder.speaker or None,
        holder.person or None,
        holder.organisation or None,
        holder.sector,
        holder.country,
        holder.kind,
    )


def document_evidence(detection: FrameDetection, shift: int) -> tuple[Evidence, ...]:
    """The evidence of a sentence's detection with offsets into the document (`shift`: the
    sentence's start)."""
    if not detection.evidence:  # most sentences have none: no generator for them
        return ()
    return tuple(
        Evidence(e.frame_or_area, e.cue, e.start + shift, e.end + shift, e.rule, e.quoted)
        for e in detection.evidence
    )


def analyze_document(
    document: Document, detector: FrameDetector, registry: ActorRegistry
) -> DocumentAnalysis:
    """Sentences, frames, speakers and quotations of `document` (see the module docstring)."""
    prepared = _prepare(document)
    detections = detector.detect_many(*_batch([prepared]))
    return _finish(prepared, detections, registry)


def analyze_documents(
    documents: Sequence[Document], detector: FrameDetector, registry: ActorRegistry
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
        detections = batch[offset : offset + len(item.spans)]
        offset += len(item.spans)
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
    spans: SentenceSpans
    contexts: list[str]


def _prepare(document: Document) -> _Prepared:
    language = document.language or detect_document_language(document)
    spans = sentence_spans(document, language)  # the language is detected once
    # One string object per paragraph: `detect_many` tells paragraphs apart by identity.
    paragraphs = paragraph_texts(document.text, document.body_start).get
    contexts = [paragraphs(index, text) for index, text in zip(spans.paragraphs, spans.texts, strict=True)]
    return _Prepared(document, language, spans, contexts)


def _batch(prepared: Sequence[_Prepared]) -> tuple[list[str], list[str], list[str]]:
    texts = [text for item in prepared for text in item.spans.texts]
    contexts = [context for item in prepared for context in item.contexts]
    languages = [language for item in prepared for language in item.spans.languages]
    return texts, contexts, languages


def _alone(prepared: _Prepared, detector: FrameDetector, registry: ActorRegistry) -> DocumentAnalysis:
    return _finish(prepared, detector.detect_many(*_batch([prepared])), registry)


def _finish(
    prepared: _Prepared, detections: Sequence[FrameDetection], registry: ActorRegistry
) -> DocumentAnalysis:
    document, spans = prepared.document, prepared.spans
    quotes = find_quotes(document, registry)
    holders = holding_quotes(spans.starts, spans.ends, quotes)
    # Codebook: "A reporter's question carries no frame". Most documents have no reporter's
    # turn: their detections are kept as they are, without a test per sentence.
    if any(quote.kind == "transcript" and quote.speaker == REPORTER for quote in quotes):
        final = tuple(
            [
                OUT_OF_SCOPE
                if quote is not None and quote.kind == "transcript" and quote.speaker == REPORTER
                else d
                for d, quote in zip(detections, holders, strict=True)
            ]
        )
    else:
        final = tuple(detections)
    default = default_speaker(document, registry)
    people = person_resolver(registry)
    default_person = people.person(default.name, default.country, document.date) if default.name else None
    rows = SentenceRows(document.source, spans, final, tuple(holders), default, default_person or "")
    return DocumentAnalysis(document, prepared.language, rows, quotes)


def holding_quotes(starts: Sequence[int], ends: Sequence[int], quotes: Sequence[Quote]) -> list[Quote | None]:
    """For each sentence (`starts[i]`, `ends[i]`), the innermost quotation that holds it, else None.

    A quotation holds a sentence when it covers at least half of it, or overlaps it while the
    sentence also holds the words that attribute it ('"...," said X.', "According to X, ...").
    Of several that hold it, the shortest wins (the first of equals).

    Quotations are sorted by start and may nest (a quotation inside a transcript turn), so a
    sweep keeps the quotations that have started and not yet ended. Most sentences of a
    transcript lie in exactly one turn, hence the path for a single candidate.
    """
    if not quotes:
        return [None] * len(starts)
    holders: list[Quote | None] = []
    append = holders.append
    active: list[Quote] = []
    count = len(quotes)
    next_quote = 0
    next_start = quotes[0].start
    for start, end in zip(starts, ends, strict=True):
        while next_start < end:
            active.append(quotes[next_quote])
            next_quote += 1
            next_start = quotes[next_quote].start if next_quote < count else _NO_MORE
        if not active:
            append(None)
            continue
        for quote in active:
            if quote.end <= start:  # one has ended: drop all that have
                active = [q for q in active if q.end > start]
                break
        best: Quote | None = None
        best_length = 0
        for quote in active:
            q_start, q_end = quote.start, quote.end
            overlap = (end if end < q_end else q_end) - (start if start > q_start else q_start)
            holds = 2 * overlap >= end - start or (
                overlap > 0 and start <= quote.cue_start and quote.cue_end <= end
            )
            if holds and (best is None or q_end - q_start < best_length):
                best, best_length = quote, q_end - q_start
        append(best)
    return holders
