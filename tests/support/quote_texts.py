"""Quotations found in made-up texts, for the attribution tests: one helper, one contract."""

from __future__ import annotations

from tracktwo.narrative.actors import ActorRegistry
from tracktwo.narrative.documents import Document
from tracktwo.narrative.quotes import Quote, find_quotes


def quotes_of(text: str, registry: ActorRegistry, **document: object) -> tuple[Quote, ...]:
    """`find_quotes` on `text` as a document; asserts the offsets contract for every quotation."""
    doc = Document(source="test.md", text=text, **document)  # type: ignore[arg-type]
    found = find_quotes(doc, registry)
    for quote in found:
        assert text[quote.start : quote.end] == quote.text
        assert 0 <= quote.cue_start <= quote.cue_end <= len(text)
    return found


def quote_at(found: tuple[Quote, ...], text: str, words: str) -> Quote | None:
    """The quotation (not a turn) that starts where `words` start in `text`, or None."""
    start = text.index(words)
    matching = [q for q in found if q.kind == "quote" and q.start == start]
    assert len(matching) <= 1, found
    return matching[0] if matching else None


def the_quote_at(found: tuple[Quote, ...], text: str, words: str) -> Quote:
    """`quote_at`, which must find one."""
    quote = quote_at(found, text, words)
    assert quote is not None, found
    return quote
