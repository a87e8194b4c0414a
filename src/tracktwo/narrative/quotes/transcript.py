"""Transcript turns: "MS. LEAVITT:  Good afternoon." and the reporter's "Q    Thank you."

A turn runs from its label to the next label, an "END" line or a time stamp ("12:31 P.M.
EDT"), across paragraphs; its text is a quotation of the labelled speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tracktwo.narrative.actors.registry import title_rules
from tracktwo.narrative.quotes.patterns import TURN_LABEL

# Words that make a label look like a speaker only together with a word naming a person or
# role: "NATIONAL SECURITY:" is a heading, "NATIONAL SECURITY ADVISOR SULLIVAN:" a speaker.
_GENERIC = frozenset(
    {
        "the",
        "first",
        "second",
        "senior",
        "national",
        "special",
        "federal",
        "state",
        "white",
        "military",
        "foreign",
        "defense",
        "u.s.",
        "u.s",
        "administration",
        "chief",
        "deputy",
        "acting",
        "assistant",
        "associate",
        "under",
        "vice",
        "prime",
        "majority",
        "minority",
        "lead",
        "co",
        "global",
        "regional",
        "policy",
        "affairs",
        "legislative",
        "incoming",
        "outgoing",
        "crown",
        "house",
    }
)


_LEAD = re.compile(r"[ \t\xa0\n*:]*")

# Words of a sentence, not of a name or title: a label holding them is a heading.
_HEADING_WORDS = frozenset(
    {
        "is",
        "are",
        "was",
        "were",
        "will",
        "has",
        "have",
        "and",
        "for",
        "on",
        "in",
        "with",
        "a",
        "an",
        "by",
        "from",
        "at",
        "new",
        "more",
        "not",
        "no",
        "all",
    }
)


@dataclass(frozen=True)
class Turn:
    """One turn: the label as printed, its span, and the span of what the speaker says."""

    label: str
    label_start: int
    label_end: int
    start: int
    end: int


@lru_cache(maxsize=8192)  # labels repeat thousands of times across a corpus
def is_speaker_label(label: str) -> bool:
    """Whether an upper-case "LABEL:" at a line start names a speaker rather than a heading."""
    rules = title_rules()
    words = label.replace("\xa0", " ").split()
    if not words:
        return False
    folded = [w.casefold() for w in words]
    if len(words) == 1:
        return folded[0] in rules.single_word_labels
    if folded[0] not in rules.label_words or len(words) > 6:
        return False
    if any(w in _HEADING_WORDS for w in folded[1:]):
        return False  # "PRESIDENT TRUMP IS ENDING THE ENDLESS DELAYS" is a heading
    personal = rules.personal_words
    return any(
        w.rstrip(".") not in _GENERIC and (w in personal or w.rstrip(".") in personal) for w in folded
    ) or (
        # "MR. FERNÁNDEZ HERNÁNDEZ": an honorific and a surname
        folded[0].rstrip(".") in {"mr", "ms", "mrs", "miss", "mx", "dr", "prof"}
    )


def find_turns(text: str, body_start: int = 0) -> tuple[Turn, ...]:
    """The labelled turns of a transcript, in order; () for a document without labels."""
    # The label pattern is anchored on the line break before a label; the body's first line
    # follows the front matter's closing line break, or the start of the text.
    padded_offset = 0
    if body_start == 0:
        text_to_scan = "\n" + text
        padded_offset = 1
        search_from = 0
    else:
        text_to_scan = text
        search_from = body_start - 1
    boundaries: list[tuple[int, int, str | None]] = []  # (line start, label end, label or None for a stop)
    for match in TURN_LABEL.finditer(text_to_scan, search_from):
        kind = match.lastgroup or ""  # one call instead of one per group: 150,000 labels a corpus
        if kind == "bold" or (kind == "label" and not is_speaker_label(match.group(kind))):
            continue  # "**FACT:**" and upper-case headings are no speakers
        line_start = match.start() + 1 - padded_offset
        label = None if kind == "stop" else "Q" if kind == "q" else match.group(kind)
        boundaries.append((line_start, match.end() - padded_offset, label))
    turns: list[Turn] = []
    for i, (line_start, label_end, speaker_label) in enumerate(boundaries):
        if speaker_label is None:
            continue
        stop = boundaries[i + 1][0] if i + 1 < len(boundaries) else len(text)
        lead = _LEAD.match(text, label_end, stop)
        start = lead.end() if lead is not None else label_end
        end = stop
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        label_start = line_start
        while label_start < label_end and text[label_start] in " \t\xa0*":
            label_start += 1
        turns.append(Turn(" ".join(speaker_label.split()), label_start, label_end, start, end))
    return tuple(turns)
