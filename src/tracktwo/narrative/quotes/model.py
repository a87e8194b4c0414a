"""The values the quotation finder returns: speakers and quotations with their evidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

QuoteKind = Literal["quote", "transcript", "according_to"]


@dataclass(frozen=True)
class Speaker:
    """Who speaks, named as the eval README's conventions say, with codebook sector and country.

    `name` is the person without honorifics ("Jensen Huang"), title and surname when only
    the surname is given ("President Trump"), the organisation as written ("SAG-AFTRA"), or a
    transcript label as printed ("MS. LEAVITT", "Q"). `resolved_by` says where the sector came
    from: "registry", "role" (titles and organisations around the name), "label" (a transcript
    label's title), "document" (the name's first mention elsewhere in the document),
    "publisher", or "none"; `resolution_cue` is the alias or words that decided it.
    """

    name: str
    organisation: str = ""
    sector: str = "unknown"
    country: str = "unknown"
    resolved_by: str = "none"
    resolution_cue: str = ""


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation in a document, with offsets of the quoted text into `document.text`.

    For "quote" the span is strictly inside the quotation marks; for "transcript" it is the
    turn after the speaker label; for "according_to" the claim the cue attributes.
    `document.text[start:end] == text` always holds. `cue` names the attribution rule (e.g.
    "said_after", "label_colon", "transcript_label", "pronoun", "zh_verb_before") and
    `cue_start:cue_end` is the span of the words that attribute it. `person` is who the
    speaker is where the registry or the title holders say so ("THE PRESIDENT" in a 2023
    briefing: "Joe Biden"), else "" (`actors.people`).
    """

    source: str
    start: int
    end: int
    text: str
    kind: QuoteKind
    speaker: str
    organisation: str
    sector: str
    country: str
    cue: str
    cue_start: int
    cue_end: int
    resolved_by: str
    resolution_cue: str
    person: str = ""
