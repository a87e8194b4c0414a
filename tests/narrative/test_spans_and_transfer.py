"""Sentences as columns, the holding-quotation sweep and packed tables: faster, same findings."""

from __future__ import annotations

import pickle
import random

import pyarrow as pa
import pytest

from tracktwo.narrative.actors import load_registry
from tracktwo.narrative.documents import Document
from tracktwo.narrative.frames import default_detector
from tracktwo.narrative.pipeline import analyze_document, holding_quotes
from tracktwo.narrative.quotes import Quote
from tracktwo.narrative.sentences import sentence_spans, split_sentences
from tracktwo.narrative.tables import FindingTables, tables_of
from tracktwo.narrative.transfer import pack, unpack

DOCUMENTS = [
    Document("empty.md", ""),
    Document("one.md", "One sentence only"),
    Document(
        "briefing.md",
        "---\ntitle: Press Briefing\n---\n\n"
        "MS. LEAVITT: We are in a race with China. Mr. Smith agrees.\n\n"
        "Q Is it a new arms race?\n\n"
        '"We cannot let China win," said Jensen Huang, the CEO of Nvidia.\n',
    ),
    Document(
        "mixed.md",
        "The United States and China met today to discuss AI safety.\n\n"
        "中美双方今天举行会谈，讨论人工智能安全问题。双方同意继续对话。\n\n"
        "Both sides agreed to meet again next year.",
    ),
]


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.source)
def test_sentence_spans_are_the_columns_of_split_sentences(document: Document) -> None:
    spans = sentence_spans(document)
    sentences = split_sentences(document)
    assert len(spans) == len(sentences)
    assert spans.starts == [s.start for s in sentences]
    assert spans.ends == [s.end for s in sentences]
    assert spans.texts == [s.text for s in sentences]
    assert spans.paragraphs == [s.paragraph for s in sentences]
    assert spans.languages == [s.language for s in sentences]
    assert spans.sentences(document.source) == sentences


def test_rows_build_their_sentences_from_the_spans() -> None:
    document = DOCUMENTS[2]
    analysis = analyze_document(document, default_detector(), load_registry())
    assert analysis.rows.sentences == split_sentences(document)
    assert [a.sentence for a in analysis.sentences] == list(split_sentences(document))


def _quote(start: int, end: int, cue_start: int, cue_end: int) -> Quote:
    return Quote(
        "doc", start, end, "x" * (end - start), "quote", "X", "", "unknown", "unknown", "said_after",
        cue_start, cue_end, "none", "",
    )  # fmt: skip


def _holding_quotes_plainly(spans: list[tuple[int, int]], quotes: list[Quote]) -> list[Quote | None]:
    """The rule of `holding_quotes`, every quotation tested against every sentence."""
    holders: list[Quote | None] = []
    for start, end in spans:
        best: Quote | None = None
        for quote in quotes:
            overlap = min(end, quote.end) - max(start, quote.start)
            if quote.end <= start or quote.start >= end:
                continue
            holds = 2 * overlap >= end - start or (
                overlap > 0 and start <= quote.cue_start and quote.cue_end <= end
            )
            if holds and (best is None or quote.end - quote.start < best.end - best.start):
                best = quote
        holders.append(best)
    return holders


@pytest.mark.parametrize("seed", range(40))
def test_holding_quotes_sweep_agrees_with_testing_every_pair(seed: int) -> None:
    rng = random.Random(seed)
    spans: list[tuple[int, int]] = []
    position = 0
    for _ in range(rng.randint(0, 30)):
        position += rng.randint(0, 5)
        length = rng.randint(1, 40)
        spans.append((position, position + length))
        position += length
    quotes = []
    for _ in range(rng.randint(0, 8)):
        start = rng.randint(0, max(position, 1))
        end = start + rng.randint(1, 120)
        cue_start = rng.randint(max(0, start - 30), end + 30)
        quotes.append(_quote(start, end, cue_start, cue_start + rng.randint(0, 15)))
    quotes.sort(key=lambda q: (q.start, q.end))
    starts = [s for s, _ in spans]
    ends = [e for _, e in spans]
    assert holding_quotes(starts, ends, quotes) == _holding_quotes_plainly(spans, quotes)


def test_holding_quotes_prefers_the_innermost_and_the_first_of_equals() -> None:
    turn = _quote(0, 100, 0, 0)
    inner = _quote(10, 30, 40, 50)
    twin = _quote(10, 30, 60, 70)
    assert holding_quotes([12, 50], [28, 90], [turn, inner, twin]) == [inner, turn]
    assert holding_quotes([0, 5], [3, 9], []) == [None, None]


def test_pack_and_unpack_give_back_the_same_table() -> None:
    schema = pa.schema(
        [pa.field("source", pa.string(), nullable=False), pa.field("date", pa.string()), ("n", pa.int64())]
    )
    table = pa.Table.from_batches(
        [
            pa.record_batch([pa.array(["a", "a", "b"]), pa.array([None, None, "2025"]), pa.array([1, 2, 3])],
                            schema=schema),
            pa.record_batch([pa.array(["b"]), pa.array(["2025"]), pa.array([4])], schema=schema),
        ]
    )  # fmt: skip
    packed = pack(table, ("source", "date"))
    assert isinstance(packed.columns[0], pa.RunEndEncodedArray)
    assert isinstance(packed.columns[1], pa.RunEndEncodedArray)
    assert not isinstance(packed.columns[2], pa.RunEndEncodedArray)
    assert len(packed.columns[0].values) == 2  # "a", "b": each run once
    back = unpack(pickle.loads(pickle.dumps(packed)))
    assert back.equals(table)
    assert back.schema == table.schema
    empty = table.slice(0, 0)
    assert unpack(pack(empty, ("source",))).equals(empty)


def test_finding_tables_pickle_to_equal_and_smaller_tables() -> None:
    registry, detector = load_registry(), default_detector()
    analyses = [analyze_document(d, detector, registry) for d in DOCUMENTS * 20]
    tables = tables_of(analyses)
    data = pickle.dumps(tables)
    back = pickle.loads(data)
    assert isinstance(back, FindingTables)
    for name, table in tables.by_name().items():
        assert back.by_name()[name].equals(table), name
        assert back.by_name()[name].schema == table.schema
    plain = sum(len(pickle.dumps(table)) for table in tables.by_name().values())
    assert len(data) < plain
