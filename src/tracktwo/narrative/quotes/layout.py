"""Attribution from a quotation's place on the page, not from the words around it.

A label paragraph right before it ("**Jane Doe, CEO, Acme:**") or a press round-up's entry
(`roundups`); the line below it ("— Jane Doe", an epigraph's signature); the list item it
opens, under a parent item that names a speaker or under the paragraph that introduces the
list ("Here are highlights from President Trump’s speech:"); a statement whose body is the
quotation alone. `LayoutRules` holds these rules over the state `finder._Finder` keeps for one
document (its paragraph breaks among it), as `speakers.SpeakerResolver` does for speakers.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from tracktwo.narrative.actors.registry import UNKNOWN
from tracktwo.narrative.quotes import patterns as p
from tracktwo.narrative.quotes.model import Speaker
from tracktwo.narrative.quotes.phrases import is_label, leading_proper
from tracktwo.narrative.quotes.roundups import names_its_town, roundup_label
from tracktwo.narrative.quotes.speakers import (
    PERSON_MENTION,
    SPEECH_NOUN,
    SUBJECT_LEAD,
    SpeakerResolver,
)

# Only markup and spaces: what may stand between a quotation and its paragraph's edge.
ONLY_GLUE = re.compile(r"[\s*_\\\-•>\[\]()]*$")
# A line opening a list item.
BULLET = re.compile(r"\n[ \t\xa0]*(?:[-*•]|\d{1,2}[.)])[ \t\xa0]+")
# A list item's marker, and a quotation that opens a list item ("    -   “...").
_MARKER = r"(?:[-*•+]|\d{1,3}[.)])[ \t\xa0]+"
_ITEM_MARKER = re.compile(_MARKER)
_ITEM_OPENING = re.compile(r"[ \t\xa0]*" + _MARKER + r"(?:\*\*|_)?")
_LEADING_BOLD = re.compile(r"\*\*([^*\n]{2,80})\*\*")
# A list item that opens with the quotation, after at most a topic and a colon ("- “...",
# "- [On the talks](https://...): “...").
_QUOTE_ITEM = re.compile(
    r"[ \t\xa0]*" + _MARKER + r"(?:\[[^\]]{1,300}\]\([^)\s]{1,600}\)[ \t]*:|[^“”\"\n:]{1,120}:)?[\s*_]*"
)
_HEADING_MARKS = re.compile(r"^[#\s]*")
# A paragraph all in bold (underlined or not): "**Jane Doe, President of Acme**".
_BOLD_PARAGRAPH = re.compile(r"\s*\*\*(?:<u>)?(?P<who>[^*<>:“”\"]{5,200}?)(?:</u>)?\*\*\s*")
# A signature set as a list item of its own below an epigraph ("-   President Jane Doe"), and a
# signature line that is a name alone ("President Jane Doe, Jr.").
_SIGNATURE_ITEM = re.compile(r"^[\s*>]*-[ \t\xa0]+[*_]*(?P<who>[A-Z][^\n“”\":]{2,80})[*_\s]*$")
_NAME_LINE = re.compile(r"\s*(?P<who>[A-Z][^\d“”\":;!?]{2,80}?)[\s.]*")
# The dash between a bold label's name and role ("**KS Choi – Samsung North America CEO**").
_ROLE_DASH = re.compile(r"\s+[–—-]\s+")
# A list's heading that names no one: "Here’s what you missed:", "Here are some key moments:".
_HEADING_ONLY = re.compile(r"[#\s]*[^.!?:]{3,60}:\s*")
# What a paragraph says a list quotes from: someone's remarks, speech or interview.
_OCCASION = re.compile(
    r"\b(?:interview|remarks|speech|address|conversation|sit-down|exclusive|town\s+hall|press\s+conference"
    r"|fireside\s+chat|podcast|keynote)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mark:
    """A pair of quotation marks and the text between them (offsets into the document)."""

    open_at: int  # the opening mark
    start: int  # the quoted text
    end: int
    close_end: int  # just after the closing mark (== end when unclosed)
    closed: bool


@dataclass(frozen=True)
class Cue:
    """Who an attribution names, the rule that found it, and where its words stand."""

    who: str
    cue: str
    start: int
    end: int


class LayoutRules(SpeakerResolver):
    """The rules that read a quotation's place on the page (module docstring)."""

    breaks: list[tuple[int, int]]  # (end of a paragraph, start of the next), in order
    break_starts: list[int]

    def _dash_after(self, close_end: int, ceiling: int) -> Cue | None:
        """ "“...” — Jane Doe, CEO of Acme", on the same line or in the paragraph that follows;
        or an epigraph signed in the paragraph that follows, with no dash ("President Joe
        Biden, June 3, 2021")."""
        end = min(ceiling, close_end + 200)
        raw = self.text[close_end:end]
        below = in_paragraph = False
        if ONLY_GLUE.match(raw):
            # the first break at or after the quotation's end (one may start right at it)
            i = bisect.bisect_left(self.break_starts, close_end)
            if i < len(self.breaks):
                next_start = self.breaks[i][1]
                next_end = self.breaks[i + 1][0] if i + 1 < len(self.breaks) else len(self.text)
                end = min(next_end, next_start + 200)
                raw = self.text[next_start:end]
                below = next_end - next_start <= 200
        else:
            line = self._last_line_after(close_end, ceiling)
            if line >= 0:
                # "*“...”*  \n*Vice President Jane Doe*": the signature on the paragraph's last line
                raw, end, below = self.text[line:ceiling], ceiling, True
                in_paragraph = True
        m = p.AFTER_DASH.match(raw) or (_SIGNATURE_ITEM.match(raw) if below else None)
        if m is not None:
            who = p.clean_markdown(re.split(r"\s{2,}|\s\(|\[|\n\s*\n", m.group("who"))[0])
            if m.re is _SIGNATURE_ITEM and self._speaker(who)[0].kind != "person":
                return None  # a list below the quotation, not its signature
        else:
            cleaned = p.clean_markdown(raw) if below else ""
            signed = p.SIGNATURE.match(cleaned)
            if signed is None and in_paragraph and "**" not in raw:
                # a name alone on the quotation's last line, a known person's (a bold line or a
                # paragraph of its own is more often a heading: "**Ensuring Proper Treatment**")
                signed = _NAME_LINE.fullmatch(cleaned)
                if signed is not None and self._speaker(signed.group("who"))[1].sector == UNKNOWN:
                    return None
            if signed is None or self._speaker(signed.group("who"))[0].kind != "person":
                return None  # "Class of 2022": a date below a quotation signs it only with a name
            who = signed.group("who")
        if not who or not is_label(who):
            return None
        return Cue(who, "dash_after", close_end, end)

    def _last_line_after(self, close_end: int, ceiling: int) -> int:
        """The start of the line after the quotation when only markup ends the quotation's line
        and that line is the last of a short paragraph (a hard line break, "  \\n" or "\\\n",
        keeps both in one paragraph); else -1."""
        if ceiling - close_end > 150:
            return -1
        newline = self.text.find("\n", close_end, ceiling)
        if newline < 0 or "\n" in self.text[newline + 1 : ceiling].rstrip():
            return -1
        return newline + 1 if ONLY_GLUE.match(self.text, close_end, newline) else -1

    def _label_paragraph_before(self, paragraph: int) -> tuple[Cue, Speaker] | None:
        """A paragraph that is only a label ("**Jane Doe, CEO, Acme:**") before a quotation, or a
        round-up entry's label, with the speaker it names: an outlet of a round-up that no rule
        places, or one named with its town ("The Berkeley Independent (Summerville, SC)"), is
        the press."""
        if paragraph == 0:
            return None
        start = self.breaks[paragraph - 2][1] if paragraph >= 2 else self.document.body_start
        return self._label_speaker(start, self.breaks[paragraph - 1][0])

    def _label_line_before(self, paragraph_start: int, open_at: int) -> tuple[Cue, Speaker] | None:
        """The label of `_label_paragraph_before` on the line above, in the quotation's own
        paragraph ("**Jane Doe – Acme CEO**  \\n“...”": a hard line break, no blank line), when
        the quotation opens its line and the label is the paragraph's first line."""
        line_start = self.text.rfind("\n", paragraph_start, open_at) + 1
        if line_start <= paragraph_start or not ONLY_GLUE.match(self.text, line_start, open_at):
            return None
        if self.text.find("\n", paragraph_start, line_start - 1) >= 0:
            return None
        return self._label_speaker(paragraph_start, line_start - 1)

    def _label_speaker(self, start: int, end: int) -> tuple[Cue, Speaker] | None:
        """The label of the text from `start` to `end`, if it is one, with its speaker."""
        found = self._label_in(start, end)
        if found is None:
            return None
        label, outlet = found
        parsed, speaker = self._speaker(label.who)
        if parsed.kind in ("pronoun", "anaphor", "none"):
            return None
        if outlet and (speaker.sector == UNKNOWN or names_its_town(label.who)):
            speaker = Speaker(speaker.name, speaker.name, "media", speaker.country, "role", label.who)
        return label, speaker

    def _label_in(self, start: int, end: int) -> tuple[Cue, bool] | None:
        """The label that the text from `start` to `end` is, and whether it is a round-up's outlet."""
        entry = roundup_label(self.text, start, end)
        if entry is not None and is_label(entry.who):
            return Cue(entry.who, "label_colon", start, entry.end), entry.outlet
        if end - start > 300:
            return None
        m = p.LABEL_COLON.match(p.clean_markdown(self.text[start:end]))
        if m is not None and is_label(m.group("who")):
            return Cue(m.group("who"), "label_colon", start, end), False
        bold = _BOLD_PARAGRAPH.fullmatch(self.text, start, end)
        if bold is None:
            return None
        # "**Ying McGuire, President of National Minority Supplier Development Council**" or
        # "**KS Choi – Samsung North America President and CEO**" above the quotation: a name and
        # its role in bold, with no colon; or a body the registry or its kind places ("**U.S.
        # Chamber of Commerce**")
        who = _ROLE_DASH.sub(", ", " ".join(p.clean_markdown(bold.group("who")).split()), count=1)
        if not is_label(who):
            return None
        if "," in who:
            named = self._speaker(who.split(",")[0])[0].kind == "person"
        else:
            parsed, speaker = self._speaker(who)
            named = parsed.kind == "organisation" and speaker.sector != UNKNOWN
        return (Cue(who, "label_colon", start, end), False) if named else None

    def _opens_list_item(self, open_at: int) -> int:
        """The start of the line when the quotation opens a list item ("    -   “..."), else -1."""
        line_start = self.text.rfind("\n", 0, open_at) + 1
        if _ITEM_OPENING.fullmatch(self.text, line_start, open_at) is None:
            return -1
        return line_start

    def _opens_body(self, open_at: int) -> bool:
        """Whether only white space and markup stand between the body's start and `open_at`
        (looked at only when that is short: this runs for marks far into long documents)."""
        start = self.document.body_start
        return open_at - start <= 40 and not p.clean_markdown(self.text[start:open_at]).strip()

    def _list_intro(self, paragraph: int, paragraph_start: int, open_at: int) -> Cue | None:
        """A quotation that opens a list item, under a heading or paragraph whose subject is a
        person: that person's words ("### **Special Envoy Jane Doe on Sunday's shows** / -
        [On the talks](...): “...”", "Today, Secretary Doe joined three programs. / - “...”").
        Round-ups list one speaker's lines this way; an item quoting someone else names them
        (after a dash, with a verb), and the rules before this one take it."""
        text = self.text
        bullets = [m.start() + 1 for m in BULLET.finditer(text, max(paragraph_start - 1, 0), open_at)]
        if _QUOTE_ITEM.fullmatch(text, bullets[-1] if bullets else paragraph_start, open_at) is None:
            return None
        if bullets and bullets[0] > paragraph_start:
            # the list continues the paragraph that introduces it ("... underscored:\n- “...”")
            return self._introduced_by(paragraph_start, bullets[0])
        # the list opens its paragraph: walk back over its other items (each its own
        # paragraph) to what introduces them
        for index in range(paragraph - 1, max(-1, paragraph - 40), -1):
            start = self.breaks[index - 1][1] if index > 0 else self.document.body_start
            if _ITEM_OPENING.match(text, start) is not None or text.startswith(("(", "<"), start):
                continue  # another item, a "([Watch](...))" line of one, or a figure
            end = self.breaks[index][0]
            cue = self._introduced_by(start, end)
            if cue is None and _HEADING_ONLY.fullmatch(p.clean_markdown(text[start:end])) is not None:
                # "**Here’s what you missed:**" names no one: the article's opening paragraph
                # says whose remarks or interview the list quotes
                return self._occasion_before(index)
            return cue
        return None

    def _occasion_before(self, heading: int) -> Cue | None:
        """The person whose interview, remarks or speech the paragraphs before a list's heading
        report ("Yesterday, President Donald J. Trump delivered [remarks](...) at the summit",
        "In a wide-ranging interview with Politico, President Donald J. Trump reflected"):
        the first placed person of the nearest prose paragraph's first sentence, when that
        sentence names the occasion."""
        text = self.text
        for index in range(heading - 1, max(-1, heading - 4), -1):
            start = self.breaks[index - 1][1] if index > 0 else self.document.body_start
            if text.startswith(("<", "!", "("), start) or _ITEM_OPENING.match(text, start) is not None:
                continue  # a figure or an image between the opening and the heading
            prose = p.clean_markdown(text[start : self.breaks[index][0]])
            sentence = prose[: p.next_sentence_end(prose, 0, len(prose)) or len(prose)]
            if _OCCASION.search(sentence) is None:
                return None
            for mention in PERSON_MENTION.finditer(sentence):
                who = mention.group().strip()
                if self._mentioned_person(who) is not None:
                    return Cue(who, "list_intro", start, self.breaks[index][0])
            return None
        return None

    def _introduced_by(self, start: int, end: int) -> Cue | None:
        """The cue of a list's introduction when its subject is a placed person."""
        intro = _HEADING_MARKS.sub("", p.clean_markdown(self.text[start:end]))
        lead = SUBJECT_LEAD.match(intro)
        mention = PERSON_MENTION.match(intro, lead.end() if lead is not None else 0)
        if mention is not None:
            who = mention.group().strip()
        else:
            # "Here are highlights from President Trump’s speech:": whose words the list holds
            owner = next(
                (
                    found
                    for found in PERSON_MENTION.finditer(intro)
                    if found.group().endswith(("’s", "'s")) and SPEECH_NOUN.match(intro, found.end())
                ),
                None,
            )
            if owner is None:
                return None
            who = owner.group().strip()[:-2]
        # a heading's Title Case is no evidence of a person ("## Restoring Peace through
        # Strength"): the registry or a title must place the subject
        return Cue(who, "list_intro", start, end) if self._mentioned_person(who) is not None else None

    def _parent_item(self, open_at: int, floor: int) -> Cue | None:
        """A quotation that is a whole sub-item of a list is attributed to the subject of the
        item it hangs under, when that item opens with a name (bold, or a registered actor) and
        reports speech: "- **Acme Corp.** announced a plant ... / - “We are proud ...”"."""
        line_start = self._opens_list_item(open_at)
        if line_start < 0:
            return None
        text = self.text
        indent = len(text[line_start:open_at]) - len(text[line_start:open_at].lstrip(" \t\xa0"))
        limit = max(floor, line_start - 1500)
        at = line_start - 1
        while at > limit:
            previous = text.rfind("\n", limit, at) + 1
            line = text[previous:at]
            stripped = line.lstrip(" \t\xa0")
            depth = len(line) - len(stripped)
            if stripped and depth < indent:
                item = _ITEM_MARKER.match(stripped)
                if item is None:
                    return None  # the quotation's item hangs under no list item
                item_end = text.find("\n\n", previous, line_start)
                body = p.clean_markdown(text[previous : item_end if item_end >= 0 else line_start])
                bold = _LEADING_BOLD.match(stripped, item.end())
                if bold is not None:
                    who = p.clean_markdown(bold.group(1))
                else:
                    who = leading_proper(body[2:].strip())
                who = who.strip(" :,")
                if not who or who.endswith(":") or not p.has_speech_word(body):
                    return None
                parsed, speaker = self._speaker(who)
                if parsed.kind in ("pronoun", "anaphor", "none") or speaker.sector == UNKNOWN:
                    return None
                return Cue(who, "parent_item", previous, at)
            at = previous - 1
        return None
