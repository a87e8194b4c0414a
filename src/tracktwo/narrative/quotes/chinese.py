"""Chinese attribution: 外交部发言人毛宁表示：“……” / “……”，他说。 / 据新华社报道，……"""

from __future__ import annotations

from dataclasses import dataclass

from tracktwo.narrative.language import to_simplified
from tracktwo.narrative.quotes.patterns import ZH_ACCORDING_TO, ZH_AFTER, ZH_BEFORE


@dataclass(frozen=True)
class ChineseCue:
    """Who a Chinese quotation is attributed to, and where the attributing words are."""

    who: str
    cue: str
    start: int
    end: int


def attribute_chinese(text: str, open_at: int, close_end: int, floor: int, ceiling: int) -> ChineseCue | None:
    """The speaker words before (X说：“) or after (”，X说。) a quotation at `open_at:close_end`.

    `floor` and `ceiling` bound the paragraph; the opening mark is at `open_at`.
    """
    # The patterns are in simplified characters; the conversion keeps offsets, so the speaker
    # is cut from the text as written (traditional or simplified).
    window_start = max(floor, open_at - 60)
    before = text[window_start:open_at]
    match = ZH_BEFORE.search(to_simplified(before))
    if match is not None:
        who = before[match.start("who") : match.end("who")]
        return ChineseCue(who, "zh_verb_before", window_start + match.start(), open_at)
    after = text[close_end : min(ceiling, close_end + 60)]
    match = ZH_AFTER.match(to_simplified(after))
    if match is not None:
        who = after[match.start("who") : match.end("who")]
        return ChineseCue(who, "zh_verb_after", close_end, close_end + match.end())
    return None


@dataclass(frozen=True)
class ChineseClaim:
    """据 X 称，claim: the speaker words, the claim's span and the cue's span."""

    who: str
    start: int
    end: int
    cue_start: int
    cue_end: int


def find_according_to_chinese(text: str, start: int) -> tuple[ChineseClaim, ...]:
    """Every 据…称/介绍/报道，… in `text` from `start`."""
    claims = []
    for match in ZH_ACCORDING_TO.finditer(to_simplified(text), start):
        claim_start, claim_end = match.span("claim")
        who = text[match.start("who") : match.end("who")]
        claims.append(ChineseClaim(who, claim_start, claim_end, match.start(), claim_start))
    return tuple(claims)
