"""Entries of a press round-up ("What they are saying"): who a quotation under a linked
headline comes from.

A round-up entry is a label paragraph, then the quotation from the piece it links to:

    **Rep. Jane Doe (R-IA) in the *Times-Republican*:** [**Iowa families will benefit**](https://...)
    [**The Hill**](https://...)**: Veteran groups warn Congress against shutdown**

The first names the piece's author and the outlet it ran in; the second the outlet alone,
linked. The author speaks (in the capacity the title gives: a representative's op-ed is
government), else the outlet, which is the press whatever the registry knows of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from tracktwo.narrative.quotes import patterns as p
from tracktwo.narrative.quotes.attribution import parse_speaker_phrase

# A paragraph's last words as one Markdown link, its text bold or not: a linked headline.
_TRAILING_LINK: Final = re.compile(r"[ \t*_]*\[[^\[\]]{1,300}\]\([^()\s]{1,900}\)[ \t*_]*$")
# A paragraph opening with a linked name, a colon and a headline.
_LINKED_OUTLET: Final = re.compile(
    r"[ \t*_]*\[[ \t*_]*(?P<who>[^\[\]:]{2,80}?)[ \t*_]*\]\([^()\s]{1,900}\)[ \t*_]*:\s*[*_]*\w"
)
# Where an author's piece ran: "Rep. Jane Doe (R-IA) in The Hill", "Sen. Roe on FoxNews.com",
# "Rep. Brett Guthrie (The Messenger, Owensboro, KY)"; a party and state code is the author's.
_RAN_IN: Final = re.compile(r"\s+(?:in|on)\s+(?:the\s+)?\S.*$")
_OUTLET_PARENTHESIS: Final = re.compile(r"\s*\((?![RDI]-[A-Z]{2}\))[^()]*\)")
# An author is named with a title or a party: "Rep. Jane Doe", "Sen. Roe", "Jane Doe (R-IA)";
# other labels are outlets, whose names look like people's ("Reno Gazette-Journal").
_AUTHOR: Final = re.compile(
    r"(?:(?:Rep|Sen|Gov|Secretary|Senator|Representative|Congressman|Congresswoman|Governor|Leader"
    r"|Speaker|Chairman|Chairwoman|Dr)\.?\s|[^()]*\([RDI]-[A-Z]{2}\))"
)
# A round-up names a local outlet with its town: "(Summerville, SC)", "(Cedar Rapids, IA)", "(OH)".
_PLACE_OF_OUTLET: Final = re.compile(r"\((?:[^()]*,\s*)?[A-Z][A-Za-z]+\.?(?:/[A-Z]{2})?\)\s*$")
_LONGEST_LABEL: Final = 300  # characters of a label paragraph without its link


@dataclass(frozen=True)
class RoundupLabel:
    """The label of a round-up entry: who it names, and where its paragraph ends (the link cut)."""

    who: str
    end: int
    outlet: bool  # the label is the outlet itself, or names no person: the press speaks


def roundup_label(text: str, start: int, end: int) -> RoundupLabel | None:
    """The label of the paragraph `text[start:end]` when it is a round-up entry, else None."""
    outlet = _LINKED_OUTLET.match(text, start, end)
    if outlet is not None:
        who = " ".join(p.clean_markdown(outlet.group("who")).split())
        return RoundupLabel(who, end, _AUTHOR.match(who) is None) if who else None
    if text[end - 1 : end] != ")":
        return None
    headline = _TRAILING_LINK.search(text, max(start, end - 1300), end)
    if headline is None or headline.start() - start > _LONGEST_LABEL:
        return None
    m = p.LABEL_COLON.match(p.clean_markdown(text[start : headline.start()]))
    if m is None:
        return None
    who = " ".join(m.group("who").split())
    if _AUTHOR.match(who) is None:
        return RoundupLabel(who, headline.start(), True)  # "Reno Gazette-Journal (Reno, NV)"
    author = _OUTLET_PARENTHESIS.sub("", _RAN_IN.sub("", who)).strip(" ,")
    return RoundupLabel(author, headline.start(), parse_speaker_phrase(author).kind != "person")


def names_its_town(label: str) -> bool:
    """Whether a round-up's label ends with its outlet's town ("The Tennessean (Nashville, TN)")."""
    return _PLACE_OF_OUTLET.search(label) is not None
