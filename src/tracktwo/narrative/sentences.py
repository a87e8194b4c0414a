"""Sentences of a document body with exact offsets into the document's full text.

One compiled expression finds every boundary of the body in a single `finditer` pass; the
text between two boundaries is a sentence. A boundary is:

- English end punctuation (`.`, `!`, `?`, ellipses) with any closing quotes, brackets or
  Markdown emphasis, then whitespace, then what can start a sentence: a capital or a
  digit (after any opening quote or bracket) or a CJK ideograph. A period is no end after
  a single letter that follows a space or a period (initials, "U.S.", "a.m.", "e.g.";
  but "J&J." ends) or after a title or other abbreviation ("Mr.", "Sen.", "Gov.",
  "Inc."); "No.", "Vol." and months end a sentence only before a capital, never before
  a number ("No. 5", "Jan. 20"). A spaced ellipsis (" … ") marks an elision, not an end.
- Chinese end punctuation (。！？, a …… run) with closing quotes or brackets, then any
  whitespace; a ；clause is split off when both sides are long.
- A paragraph break (a newline and lines without a word character) or a line that opens
  with a bullet, a numbered item, a heading, a block quotation, a transcript turn
  ("MS. LEAVITT:", "Q"), an enumerator of legal text ("(a)", "(iv)"), an HTML tag or a
  Markdown table row.
- The colon closing a bold run-in heading ("**PROMISE MADE:** ..."): the heading is a
  sentence of its own.

The whitespace and blank lines of a boundary, and the line markers that are no part of
the text (bullets, numbers, "##", ">", speaker labels), belong to no sentence, so spans
start at the first word and end at the last non-space character; enumerators stay with
their clause; hard line wraps inside a sentence stay in it, as in the source. Pieces of
a few characters without a word character ("***", "—") are no sentences."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from tracktwo.narrative.documents import Document, Sentence
from tracktwo.narrative.language import Language, detect_document_language, paragraph_languages
from tracktwo.narrative.paragraphs import BLANK_LINES, body_content_start

# Whitespace except the newline: spaces, tabs, no-break and ideographic spaces, "\r".
_SPACE: Final = r"[^\S\n]"
_CLOSERS: Final = r"[\"'”’»)\]}*_」』）〕】》〉]"
_OPENERS: Final = r"[\"'“‘«(\[*_$¿¡「『（《〈【〔]"
_UPPER: Final = "A-ZÀ-ÖØ-Þ"
_IDEOGRAPH: Final = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
# What can open a Chinese sentence: an ideograph or an opening quote or bracket.
_CJK_START: Final = f"(?:{_IDEOGRAPH}|[「『“（《〈【〔])"
_ZH_CLAUSE_MIN: Final = 16  # characters on each side of a ；that splits a clause off

# Transcript speaker labels as printed ("MS. JEAN-PIERRE:", "THE VICE PRESIDENT:",
# "MR. McDONOUGH:") and the reporter's "Q"; a dash after them (an interrupted turn
# resumed) stays with the sentence.
_LABEL_HEAD: Final = rf"[{_UPPER}](?:c[{_UPPER}])?"
_LABEL_TAIL: Final = rf"[{_UPPER}.'’\-]"
_SPEAKER: Final = rf"(?:{_LABEL_HEAD}{_LABEL_TAIL}*{_SPACE}+){{0,5}}{_LABEL_HEAD}{_LABEL_TAIL}+:"
_REPORTER: Final = r"Q[.:]?"
# Markers that open a line and are left out of the sentence: bullets, numbered items,
# headings, block quotations, transcript turns. They need a space and then text after them.
_MARKER: Final = rf"(?:[-*+•▪◦●]|\d{{1,3}}[.)]|\#{{1,6}}|>|{_SPEAKER}|{_REPORTER}){_SPACE}+(?=\S)"
# Lines that open with these start a new sentence that keeps them: enumerators of legal
# text ("(a)", "(iv)", "(B)", "(12)", Markdown-escaped "\\(b\\)"), HTML tags and Markdown
# table rows, so that a table is not read as one long sentence.
_KEPT_OPENER: Final = (
    r"\\?\((?:\d{1,3}|[A-Za-z]|([a-z])\1|x{0,3}(?:ix|iv|v?i{0,3})|X{0,3}(?:IX|IV|V?I{0,3}))\\?\)"
    rf"{_SPACE}|</?[A-Za-z!]|\|"
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A period after these words (titles, ranks, street and company words) never ends a
# sentence; nor does one after a single letter (see `_BOUNDARY_PATTERN`).
ABBREVIATIONS: Final = _words(
    """
    Mr Mrs Ms Mx Dr Messrs Mmes Prof Sen Sens Rep Reps Gov Govs Lt Col Gen Maj Capt Cmdr Adm
    Sgt Cpl Pvt Brig Amb Hon Rev Pres Sec Secs Supt Atty Insp Jr Sr St Mt Ft Esq vs
    Ave Blvd Rd Hwy Univ Dept Assn Bros approx Corp Inc Ltd Co Cir Fed Reg Stat Cong
    """
)
# A period after these words ends a sentence before a capital but not before a number.
ABBREVIATIONS_BEFORE_NUMBERS: Final = _words(
    """
    No Nos Vol Vols Art Arts Ch Fig Op Pub pp Para Pt Tit
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    """
)


def _after_words(words: Iterable[str], negative: bool) -> str:
    """Look-behinds for a period just matched after one of `words` (one per word length)."""
    by_length: dict[int, list[str]] = {}
    for word in sorted(set(words)):
        by_length.setdefault(len(word), []).append(re.escape(word))
    checks = [rf"\b(?:{'|'.join(group)})\." for _, group in sorted(by_length.items())]
    if negative:
        return "".join(f"(?<!{check})" for check in checks)
    return "(?:" + "|".join(f"(?<={check})" for check in checks) + ")"


# The expression opens with one character class, so that `re` skips ahead to candidate
# characters at C speed; each branch then checks, by a one-character look-behind first,
# which one it saw. Branches are ordered by how often their character occurs.
_BOUNDARY_PATTERN: Final = (
    r"[\n.!?…*。！？；]"
    r"(?:"
    # a line break, a boundary only before a blank line or a marker (checked in the gap)
    rf"(?<=\n)(?=[^\S\n]*(?:[^\w\s]|\n|[{_UPPER}][{_UPPER}.'’\-\s:]|\d|$))"
    # English: a run of end punctuation, not after a space (" … " marks an elision), whose
    # last period is no abbreviation's
    rf"|(?<=[.!?…])(?<=[^\s.!?…].)[.!?…]*"
    rf"(?:(?<=[!?…])|(?<![\s.(\[“\"'/\-][A-Za-z]\.){_after_words(ABBREVIATIONS, negative=True)}"
    rf"(?:{_after_words(ABBREVIATIONS_BEFORE_NUMBERS, negative=False)}(?P<capital_only>))?+)"
    rf"{_CLOSERS}*(?=\s)(?P<en>)"
    # the colon and bold marks closing a bold run-in heading
    rf"|(?<=\*)(?<=:\*\*)(?={_SPACE})(?P<run_in>)"
    # Chinese: end punctuation, closers; no space needed
    rf"|(?<=[。！？])[。！？]*{_CLOSERS}*(?P<zh>)"
    rf"|(?<=…)…+{_CLOSERS}*(?=\s*{_CJK_START})(?P<zh_ellipsis>)"
    rf"|(?<=；)(?<=[^。！？；\n]{{{_ZH_CLAUSE_MIN}}}；)"
    rf"(?=\s*[^。！？；\s][^。！？；\n]{{{_ZH_CLAUSE_MIN - 1}}})(?P<zh_clause>)"
    r")"
    # the gap, taken whole (atomic): either a line break, with any blank lines, indentation
    # and a line marker (a turn that opens with a dash is still a turn), or spaces
    rf"(?P<gap>(?>(?:(?<=\n)|{_SPACE}*\n)(?P<para>{BLANK_LINES})?{_SPACE}*"
    rf"(?:(?P<mark>{_MARKER})|(?P<kept_opener>(?={_KEPT_OPENER})))?|{_SPACE}*))"
    # what must follow, by kind of end
    r"(?(en)"
    rf"(?(capital_only)(?={_OPENERS}*[{_UPPER}])|(?={_OPENERS}*(?:[{_UPPER}0-9]|{_IDEOGRAPH})))"
    r"|(?(zh)|(?(zh_ellipsis)|(?(zh_clause)|(?(run_in)(?=\S)|(?(para)|(?(mark)|(?(kept_opener)|(?!)))))))))"
)
_BOUNDARY: Final = re.compile(_BOUNDARY_PATTERN)
_GAP_GROUP: Final = _BOUNDARY.groupindex["gap"]
_PARA_GROUP: Final = _BOUNDARY.groupindex["para"]
_LEADING_MARKER: Final = re.compile(rf"{_SPACE}*(?:{_MARKER})?")
_WORD: Final = re.compile(r"\w")
# Pieces shorter than this are dropped when they hold no word character ("***", "—").
_SHORT: Final = 8


@dataclass(frozen=True, slots=True)
class SentenceSpans:
    """A document's sentences as columns: entry i of each list is sentence i.

    Why columns: the corpus path turns sentences straight into table columns, and one
    `Sentence` object per sentence (1.2 million a corpus, frozen dataclasses) cost more
    than finding the boundaries; `sentences(source)` builds them where they are wanted.
    """

    starts: list[int]
    ends: list[int]
    texts: list[str]
    paragraphs: list[int]
    languages: list[str]

    def __len__(self) -> int:
        return len(self.starts)

    def sentences(self, source: str) -> tuple[Sentence, ...]:
        """The `Sentence` objects of these spans, for the document `source`."""
        return tuple(
            [
                Sentence(source, start, end, text, language, paragraph)
                for start, end, text, language, paragraph in zip(
                    self.starts, self.ends, self.texts, self.languages, self.paragraphs, strict=True
                )
            ]
        )


def split_sentences(document: Document, language: str = "") -> tuple[Sentence, ...]:
    """Sentences of the document's body (front matter skipped), in order, never overlapping.

    Each keeps `document.source`, offsets into `document.text`
    (`document.text[s.start:s.end] == s.text`), its paragraph index (as in
    `split_paragraphs`) and its language: the document's, or its paragraph's when the
    document is "mixed" (a document whose `language` is unset is detected first, unless
    the caller has detected it and passes it as `language`).
    """
    return sentence_spans(document, language).sentences(document.source)


def sentence_spans(document: Document, language: str = "") -> SentenceSpans:
    """The sentences of `split_sentences` as columns (see `SentenceSpans`)."""
    text = document.text
    language = language or document.language or detect_document_language(document)
    by_paragraph: Mapping[int, Language] | None = None
    if language == "mixed":
        by_paragraph = {item.paragraph.index: item.language for item in paragraph_languages(document)}
    content = body_content_start(text, document.body_start)
    lead = _LEADING_MARKER.match(text, content)
    position = lead.end() if lead else content
    starts: list[int] = []
    ends: list[int] = []
    texts: list[str] = []
    paragraphs: list[int] = []
    add_start, add_end, add_text, add_paragraph = starts.append, ends.append, texts.append, paragraphs.append
    gap_group = _GAP_GROUP
    para_group = _PARA_GROUP
    word = _WORD.search
    paragraph = 0
    # The hot loop of the analysis: one iteration per sentence of the corpus, kept lean
    # (bound methods and locals: attribute look-ups per sentence add up over 1.2 million).
    for match in _BOUNDARY.finditer(text, position):
        end, after = match.span(gap_group)  # the gap ends the match: what follows is zero-width
        if end > position:
            piece = text[position:end]
            if piece[-1].isspace():  # a sentence ended by a line break
                piece = piece.rstrip()
                end = position + len(piece)
            if len(piece) >= _SHORT or word(piece) is not None:
                add_start(position)
                add_end(end)
                add_text(piece)
                add_paragraph(paragraph)
        if match.start(para_group) >= 0:
            paragraph += 1
        position = after
    piece = text[position:].rstrip()
    if piece and (len(piece) >= _SHORT or word(piece) is not None):
        add_start(position)
        add_end(position + len(piece))
        add_text(piece)
        add_paragraph(paragraph)
    if by_paragraph is None:
        languages = [language] * len(starts)
    else:
        get = by_paragraph.get
        languages = [get(index, "en") for index in paragraphs]
    return SentenceSpans(starts, ends, texts, paragraphs, languages)
