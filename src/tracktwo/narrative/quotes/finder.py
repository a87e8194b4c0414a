"""Find quotations and their speakers in one document.

Three passes, each a compiled pattern that skips to its literal at C speed: transcript turn
labels, quotation marks, and "according to" (据…称 in Chinese). Each quotation mark pair is
then attributed from the few hundred characters around it, in this order:

1. "As X put it:" / "According to X," right before the quotation;
2. a label ending in a colon that opens the paragraph ("**Jane Doe, CEO, Acme:** “...”");
3. the words after it ("...,” said X, CEO of Y." / "...,” X said.");
4. a speech verb before it in the same sentence ("X said, “...”", "X called it “...”");
5. a continuation of the previous quotation of the same paragraph (also across the
   audience's reaction: "(Applause.)"), or of an unclosed quotation in the previous
   paragraph (English runs long quotations over paragraphs);
6. a label paragraph right before the quotation's paragraph, or a press round-up's entry
   (`roundups`: "**Rep. Jane Doe (R-IA) in The Hill:** [**headline**](...)");
7. the parent list item, a list's introduction, the author of a statement that is one
   quotation;
8. last, the sentence's subject when it is a known person and a comma stands right before a
   quotation of eight words or more ("First Lady Jane Doe called for unity, “...”").

Rules 6 and 7, and the line below a quotation in rule 3 ("— Jane Doe"), read the
quotation's place on the page: they live in `layout.LayoutRules`, which `_Finder` extends.
Quotation marks with none of these (scare quotes, titles) are not quotations of anyone and
are dropped. Who the words of an attribution name is `speakers.SpeakerResolver`'s part: a
pronoun ("he said") or an anaphor ("the company said") refers back to the last named speaker
of the paragraph (or the one before it), else to the person or organisation the sentences
before it name.
"""

from __future__ import annotations

import bisect
import re

from tracktwo.narrative.actors.people import person_resolver
from tracktwo.narrative.actors.registry import UNKNOWN, ActorRegistry, packaged_registry, title_rules
from tracktwo.narrative.documents import Document
from tracktwo.narrative.quotes import patterns as p
from tracktwo.narrative.quotes.attribution import (
    ParsedName,
    resolve_label,
    speaker_of_actor,
)
from tracktwo.narrative.quotes.attribution import (
    default_speaker as _default_speaker,
)
from tracktwo.narrative.quotes.chinese import attribute_chinese, find_according_to_chinese
from tracktwo.narrative.quotes.introductions import (
    titled_name_head,
)
from tracktwo.narrative.quotes.layout import BULLET, ONLY_GLUE, Cue, LayoutRules, Mark
from tracktwo.narrative.quotes.model import Quote, QuoteKind, Speaker
from tracktwo.narrative.quotes.phrases import (
    LEADING_CONJUNCTIONS,
    is_label,
    label_without_topic,
    last_noun_phrase,
    leading_proper,
    office_subject,
    proper_tail,
    role_then_name,
)
from tracktwo.narrative.quotes.speakers import (
    PERSON_MENTION,
    SUBJECT_LEAD,
    Attributed,
    front_matter_value,
)
from tracktwo.narrative.quotes.transcript import Turn, find_turns

# "John, you said", "as you have said": the one a transcript turn speaks to is the speaker.
_ADDRESSED = re.compile(r"(?:^|[\s,—–])(?:[Yy]ou)(?:\s+(?:have|had|once|also|yourself))?\s*$")
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
# The narrator's spoken quotation mark, anywhere in the words before the quotation.
_SPOKEN_QUOTE_MARK = re.compile(r"(?:\bI\s+quote|,\s*quote)\b")
# A sentence's subject ending in a name, before its verb: "the Irish poet William Butler Yeats"
# (described ...); the name must end the subject, and no verb comes before it.
_NAMED_SUBJECT = re.compile(
    r"(?P<who>(?:(?:(?![a-z]+(?:ed|ing)\s)[a-z]+|[A-Z][\w’'.\-]*)\s+){0,6}[A-Z][\w’'.\-]*)"
    r"\s+(?:also\s+|once\s+|then\s+)?[a-z]+ed\b"
)
_ONLY_PUNCTUATION = re.compile(r"[\s.,;:!?*_)\]]*$")
_MAX_QUOTE_WINDOW = 400
_NON_SPACE = re.compile(r"\S")
_NEXT_QUOTE = re.compile(r"[“\"「]")
_FINDING_WORD = re.compile(
    r"\b(?:finding|found|concluding|concluded|stating|stated|warning|warned|noting|noted)\b"
)
_PROGRESSIVE_WORD = re.compile(r"\b(?:saying|telling|arguing|claiming|insisting|warning)\b")
# A turn this short between two turns of one speaker only acknowledges ("Yeah.", "Go ahead.").
_INTERJECTION = 40
_KIND_OF_BODY = re.compile(
    r"^(?:The|A|An)\s+(?:[a-z\-]+\s+){0,2}?(?:group|organi[sz]ation|coalition|company|firm|union|association"
    r"|nonprofit|campaign|network)\s+(?=[A-Z])"
)
# "Paganini and his team wrote": the named author speaks for the team.
_WITH_TEAM = re.compile(
    r"(\S)\s+and\s+(?:his|her|their)\s+(?:team|colleagues|co-?authors|collaborators|co-?workers)\b"
)
_QUESTION_WORD = re.compile(r"\b(?:say|write|tell|mean)\b")
# What may stand between two quotations of one speaker: punctuation, at most "and", or an aside.
_JOINED = re.compile(
    r"[^\w]*(?:\band\b[^\w]*)?"
    # or an aside between dashes: "“...” — referring to his conference — “...”"
    r"|[\s,]*[—–]\s*[^—–“”\"]{1,80}?\s*[—–][\s,]*"
)
# An organisation's initials: "NRA", "CDC", "VA".
_ACRONYM = re.compile(r"[A-Z]{2,6}")
# The pronoun a possessive stands for: "In her own words" is what "she" says.
_POSSESSOR = {"his": "he", "her": "she", "their": "they"}
# Characters between two quotations joined as one (`_JOINED`, with the audience's reaction).
_LONGEST_JOINT = 400
# The audience's reactions a transcript notes between two quotations of one speaker.
_STAGE_DIRECTION = re.compile(r"\((?:Applause|Laughter|Cheers|Booing|Audience\s+[^()]{1,40})[^()]{0,20}\)")
# Between two quotations of one sentence whose speech verb came before the first: a clause
# joined by a conjunction, with no name, verb of speech or sentence end of its own ("Jefferson
# proclaimed that God “...” and that every individual “...”").
# A sentence that only attributes the quotation before it: ", said Ranking Member Doe." /
# " Ms. Doe added."
_SAID_AGAIN = re.compile(
    r"[\s,]*(?:(?:" + p.SAY_VERBS + r")\s+(?P<who>[A-Z][\w.’'\- ]{1,60}?|he|she)"
    r"|(?P<who_first>[A-Z][\w.’'\- ]{0,60}?|he|she)\s+(?:" + p.SAY_VERBS + r"))[\s.]*"
)
# An aside saying the words that follow are read out: "— and I’m going to read this, the quote —".
_READ_OUT = re.compile(r"\b(?:quote|quoting|read|reading)\b", re.IGNORECASE)
# A title's introduction before a colon: "an Executive Order titled:".
_NAMING_WORD = re.compile(r"\b(?:titled|entitled|named|called)\s*:\s*$")
# What may stand before the subject of a main clause: "his friend", "her old mentor", "the".
_CLAUSE_SUBJECT_LEAD = re.compile(r"\s*(?:(?:his|her|their|our|my|the)\s+(?:[a-z]+\s+){0,2})?(?=[A-Z])")
_SAME_CLAUSE = re.compile(r"[\s,]*(?:and|or|but|while)\s[^.!?;:“”\"A-Z]{0,80}")


_ASKED = re.compile(r"\b(?:was|were|is|are|been|being|get|gets|got)\s+asked\b")
# A quotation after "Subject ..., “" is a sentence of speech, not a name, from this length.
_SUBJECT_QUOTE_MIN_WORDS = 8


def _is_title_case(words: list[str]) -> bool:
    """Whether most words are capitalised, as in a title ("Ensuring the Future Is Made in ...")."""
    capitalised = sum(1 for word in words if word[:1].isupper())
    return capitalised >= 0.6 * len(words)


def _url(document: Document) -> str:
    return document.url or front_matter_value(document, "source_url") or front_matter_value(document, "url")


def publisher_of(document: Document, registry: ActorRegistry) -> Speaker | None:
    """The publishing institution, found by the domain of the document's URL in the registry."""
    url = _url(document)
    actor = registry.by_domain(url) if url else None
    return speaker_of_actor(actor.name, actor, "publisher") if actor is not None else None


def default_speaker(document: Document, registry: ActorRegistry | None = None) -> Speaker:
    """Who asserts the document's sentences outside quotations and turns (eval README).

    The named author of a prepared speech, op-ed, letter or personal statement (from the
    title "Remarks by ...", "Statement from ..."), the byline of a blog post, the signatories
    of a joint statement, else the publisher found by the URL's domain ("The White House").
    Without a registry the packaged one is used.
    """
    title = document.title or front_matter_value(document, "title")
    body = document.text[document.body_start :]
    return _default_speaker(title, body, _url(document), registry or packaged_registry())


def _headed_single_name(region: str, word: str) -> str:
    """A one-word subject with what heads it, when that makes it a name: a role ("The Nobel
    Prize-winning poet Tagore once wrote:" gives "poet Tagore"), or "the" before an acronym
    ("The NRA called this rule", "the VA says"); else "" (a capitalised word alone opening a
    sentence is no evidence of a name)."""
    words = region.split()
    at = len(words) - 1 - words[::-1].index(word) if word in words else -1
    if at < 1:
        return ""
    head = words[at - 1].casefold().strip(".,")
    if head == "the":
        return f"{words[at - 1]} {word}" if _ACRONYM.fullmatch(word) else ""
    return f"{words[at - 1]} {word}" if head in title_rules().role_words else ""


class _Finder(LayoutRules):
    """The state of one pass over one document (internal; `find_quotes` returns frozen values)."""

    def __init__(self, document: Document, registry: ActorRegistry) -> None:
        self.document = document
        self.text = document.text
        self.registry = registry
        self.publisher = publisher_of(document, registry)
        self.quotes: list[Quote] = []
        self.attributed: list[Attributed] = []
        self.breaks: list[tuple[int, int]] = []
        self.break_starts: list[int] = []
        self.turns: tuple[Turn, ...] = ()
        self.turn_starts: list[int] = []
        self.turn_speakers: list[Speaker] = []
        self.phrase_cache: dict[str, tuple[ParsedName, Speaker]] = {}
        self.introduced_surnames: dict[str, bool] = {}
        self.quote_starts: list[int] = []
        self.quote_ends: list[int] = []
        self.mark_starts: list[int] = []  # the quoted text of every quotation mark pair, sorted
        self.mark_ends: list[int] = []
        self.title_holders: dict[str, Speaker | None] = {}
        self.kin_names: dict[str, str] | None = None
        self.people = person_resolver(registry)

    # --- paragraphs -------------------------------------------------------------------------

    def _paragraph(self, pos: int) -> tuple[int, int, int]:
        """Index, start and end of the paragraph holding `pos`."""
        i = bisect.bisect_right(self.break_starts, pos)
        start = self.breaks[i - 1][1] if i > 0 else self.document.body_start
        end = self.breaks[i][0] if i < len(self.breaks) else len(self.text)
        return i, start, end

    def _turn_floor(self, pos: int) -> int:
        i = bisect.bisect_right(self.turn_starts, pos)
        if i > 0 and self.turns[i - 1].start <= pos <= self.turns[i - 1].end:
            return self.turns[i - 1].start
        return -1

    def _exchange_floor(self, pos: int) -> int:
        """Where the speaker of the turn holding `pos` began, counting a turn that resumes after
        a short interjection ("Q I want to point to what Jake Sullivan said. / MS. JEAN-PIERRE:
        Yeah. / Q He said that ...") as one turn: a pronoun may refer back across the "Yeah"."""
        i = bisect.bisect_right(self.turn_starts, pos) - 1
        if i < 0 or not self.turns[i].start <= pos <= self.turns[i].end:
            return -1
        while (
            i >= 2
            and self.turns[i - 2].label == self.turns[i].label
            and self.turns[i - 1].end - self.turns[i - 1].start <= _INTERJECTION
        ):
            i -= 2
        return self.turns[i].start

    # --- quotation marks --------------------------------------------------------------------

    def _marks(self) -> list[Mark]:
        text = self.text
        body = self.document.body_start
        marks: list[Mark] = []
        for opening, pattern in p.QUOTATIONS:
            first = text.find(opening, body)
            if first < 0:
                continue
            for m in pattern.finditer(text, first):
                start, end = m.span("body")
                closed = m.group("close") is not None
                if not closed:
                    while end > start and text[end - 1].isspace():
                        end -= 1
                if end - start < 2 or _NON_SPACE.search(text, start, end) is None:
                    continue
                marks.append(Mark(m.start(), start, end, m.end() if closed else end, closed))
        marks.sort(key=lambda mark: mark.open_at)
        # a straight pair inside a curly quotation (or the reverse) is nested: keep the outer one
        kept: list[Mark] = []
        for mark in marks:
            if kept and mark.open_at < kept[-1].close_end:
                continue
            kept.append(mark)
        return kept

    def _sentence_prefix_start(self, floor: int, open_at: int) -> int:
        # A link's URL is no text: its dots end no sentence, and its length must not push the
        # speaker out of the window. Blanked (offsets kept), over a window as long as the URLs.
        wide = max(floor, open_at - 3 * _MAX_QUOTE_WINDOW)
        if "](" not in self.text[wide:open_at]:
            return p.last_sentence_start(self.text, max(floor, open_at - _MAX_QUOTE_WINDOW), open_at)
        window = _LINK_TARGET.sub(lambda m: "]" + " " * (len(m.group()) - 1), self.text[wide:open_at])
        return wide + p.last_sentence_start(window, 0, len(window))

    def _after_clause(self, close_end: int, ceiling: int) -> tuple[str, int]:
        window_end = min(ceiling, close_end + 300)
        raw = self.text[close_end:window_end]
        stop = len(raw)
        quote_mark = _NEXT_QUOTE.search(raw)
        if quote_mark is not None:
            stop = quote_mark.start()
        sentence = p.next_sentence_end(raw, 0, stop)
        if sentence is not None:
            stop = min(stop, sentence)
        return raw[:stop], close_end + stop

    def _english_cue(self, mark: Mark, floor: int, ceiling: int, quoted: str) -> Cue | None:
        """The attribution of an English quotation, by the rules in the module's order."""
        text = self.text
        prefix_start = self._sentence_prefix_start(floor, mark.open_at)
        # "said, and I quote, “...”", "an alternative to the, quote, “...”": a spoken quotation
        # mark, no words of the speaker's
        prefix = p.clean_markdown(text[prefix_start : mark.open_at])
        if "uote" in prefix:
            prefix = p.QUOTE_FORMULA.sub(r"\g<colon>", prefix)
        if prefix.endswith(("know, ", "know,", "mean, ", "mean,")):
            prefix = p.FILLER.sub("", prefix)
        elif prefix.endswith(("—", "–")):
            # only an aside that says the words are read out (others attribute or comment: "— as
            # Jane Doe put it —", "— my word —")
            aside = p.TRAILING_ASIDE.search(prefix)
            if aside is not None and _READ_OUT.search(aside.group()):
                prefix = prefix[: aside.start()]
        speech_before = bool(prefix) and p.has_speech_word(prefix)
        if speech_before:
            m = p.AS_PUT_IT.search(prefix) or p.ACCORDING_TO_BEFORE.search(prefix)
            if m is not None:
                cue = "as_put_it" if m.re is p.AS_PUT_IT else "according_to"
                groups = m.groupdict()
                named = groups["who"] or groups.get("words_of") or groups.get("own_words") or ""
                who = p.TRAILING_ADVERB.sub("", named)
                cue_start = prefix_start
                if groups.get("own_words"):  # "In Chávez’s own words, “...”", "In his own words"
                    who = _POSSESSOR.get(who.casefold(), re.sub(r"(?:’s|'s|’|')$", "", who))
                    # the cue's words start at the possessor: a "he" earlier in the sentence
                    # ("How does he respond ... in his words") is not the word that refers
                    cue_start = max(prefix_start, text.rfind(groups["own_words"], prefix_start, mark.open_at))
                if "," not in who:
                    who = last_noun_phrase(who)
                # "And as I’ve stated, and I read quotes from folks who said, including Eric
                # Holder, who said,": no speaker in the "as" clause, the later rules decide
                if who and self._speaker(who)[0].kind != "none":
                    return Cue(who, cue, cue_start, mark.open_at)
        if "uot" in prefix[-80:]:
            m = p.QUOTE_SPEAKER.search(prefix)
            if m is not None and self._known_if_single(m.group("who")):
                return Cue(m.group("who"), "said_before", prefix_start, mark.open_at)
        label_floor = floor
        for item in BULLET.finditer(text, max(floor, mark.open_at - _MAX_QUOTE_WINDOW), mark.open_at):
            label_floor = item.start() + 1  # the last list item of the paragraph before the quotation
        if (
            label_floor >= mark.open_at - _MAX_QUOTE_WINDOW
            and text.rfind(":", label_floor, mark.open_at) >= 0
        ):
            whole = p.clean_markdown(text[label_floor : mark.open_at])
            # a label is one phrase: after a sentence of the turn, only the last sentence counts
            # ("So, let me quote the president himself. And he said: “...”")
            whole = whole[p.last_sentence_start(whole, 0, len(whole)) :]
            m = p.LABEL_COLON.match(whole)
            if m is not None and is_label(m.group("who")):
                said = p.has_speech_word(m.group("who").split()[-1])  # "Senator Smith said:"
                cue = "said_before" if said else "label_colon"
                return Cue(label_without_topic(m.group("who")), cue, label_floor, mark.open_at)
        # a list item opens a sentence: "... ([Watch](...))\n- **President Trump voiced strong
        # support for Kevin Warsh:** “...”" is the item's subject's, not the link before it
        in_item = label_floor > prefix_start
        subject = self._subject_before_colon(
            p.clean_markdown(text[label_floor : mark.open_at]) if in_item else prefix, mark
        )
        if subject:
            return Cue(subject, "subject_colon", prefix_start, mark.open_at)
        if speech_before:
            m = p.PARTICIPLE_BEFORE.search(prefix)
            if m is not None:
                subject = prefix[: m.start()]
                lead = SUBJECT_LEAD.match(subject)
                first = subject[lead.end() if lead else 0 :].split()[:1]
                # "And she would write back saying, “...”": a pronoun subject
                pronoun = first[0].casefold() if first else ""
                # "The group Bring Our Families Home issued a statement saying": the name after
                # the kind of body
                subject = _KIND_OF_BODY.sub("", subject[lead.end() if lead else 0 :])
                who = pronoun if pronoun in p.PRONOUNS else leading_proper(subject)
                if who and self._known_if_single(who):
                    return Cue(who, "said_before", prefix_start, mark.open_at)
        clause_raw, clause_end = self._after_clause(mark.close_end, ceiling)
        clause = p.clean_markdown(clause_raw)
        dash = self._dash_after(mark.close_end, ceiling)
        if dash is not None:
            return dash
        m = p.ACCORDING_TO_AFTER.match(clause) if "ccording to" in clause or "words of" in clause else None
        if m is not None:
            return Cue(m.group("who"), "according_to", mark.close_end, clause_end)
        if clause and p.has_speech_word(clause):
            full_sentence = quoted.rstrip().endswith((".", "!", "?")) and not clause.startswith(",")
            m = p.AFTER_VERB_FIRST.match(clause)
            if (
                m is not None
                and (not full_sentence or len(m.group("who").split()) <= 12)
                and (
                    m.group("who")[:1].isupper()
                    or re.match(r"(?:the|a|an|one|his|her|their)\s", m.group("who"))
                )
            ):
                return Cue(m.group("who"), "said_after", mark.close_end, clause_end)
            m = p.AFTER_SUBJECT_FIRST.match(_WITH_TEAM.sub(r"\1", clause))
            if (
                m is not None
                # a long apposition after the name is news style ("Dylan Nelson, a postdoctoral
                # fellow at ..., and co-author of the study, said"): the name is what is counted
                and len(m.group("who").split(",")[0].split()) <= 10
                and (
                    m.group("who").casefold() in p.PRONOUNS
                    or p.ANAPHOR.match(m.group("who"))
                    or titled_name_head(m.group("who").split(",")[0])
                    or role_then_name(m.group("who"))
                )
            ):
                rest = m.group("rest").strip(" .")
                who = m.group("who")
                opens_next = clause_end < len(self.text) and self.text[clause_end] in '“"「'
                if full_sentence and opens_next and not rest.strip(" ,:"):
                    # "“...”  Separately, he said, “...”": the words introduce the next quotation
                    who = ""
                if self._speaker_in_turn(who, mark.open_at):
                    who = "I"
                elif not self._known_if_single(who):
                    who = ""
                if who and (not full_sentence or len(rest.split()) <= 6):
                    return Cue(who, "said_after", mark.close_end, clause_end)
        if speech_before:
            m = p.VERB_BEFORE.match(prefix)
            if m is not None and (
                m.group("core") is not None
                or m.group("lead") is not None
                or not m.group("who").endswith(("to", "would", "could", "will"))
            ):
                if self._speaker_in_turn(m.group("who"), mark.open_at):
                    return Cue("I", "said_before", prefix_start, mark.open_at)
                if _ADDRESSED.search(m.group("who")) and self._turn_floor(mark.open_at) >= 0:
                    return Cue("you", "addressee", prefix_start, mark.open_at)
                subject = " ".join(m.group("who").split()[-2:])
                if p.ANAPHOR.match(subject):  # "The statement said, “...”"
                    return Cue(subject, "said_before", prefix_start, mark.open_at)
                who = last_noun_phrase(m.group("who")) or office_subject(m.group("who"))
                if who and p.SCRIPTURE.search(who):
                    who = ""
                if who and " " not in who and not self._known_if_single(who):
                    who = _headed_single_name(m.group("who"), who)
                if who and self._known_if_single(who):
                    return Cue(who, "said_before", prefix_start, mark.open_at)
        # cheap string tests before each unanchored search: most prefixes have none of these
        last_words = prefix[-40:]
        m = (p.POSSESSIVE_SPEECH.search(prefix) if "’s " in last_words or "'s " in last_words else None) or (
            p.PARENTHETICAL_SPEECH.search(prefix) if prefix.count(",") >= 2 else None
        )
        if m is not None:
            who = m.group("who").strip()
            if self._known_if_single(who):
                return Cue(who, "said_before", prefix_start, mark.open_at)
        if _FINDING_WORD.search(last_words) and p.REPORT_FINDING.search(prefix):
            who = leading_proper(re.sub(r"^(?:The|A|An)\s+", "", prefix))
            if who and self._known_if_single(who):
                return Cue(who, "said_before", prefix_start, mark.open_at)
        m = (
            (p.LIKE_BEFORE.match(prefix) if last_words.endswith(("like,", "like")) else None)
            or (p.PROGRESSIVE_BEFORE.match(prefix) if _PROGRESSIVE_WORD.search(prefix) else None)
            or (p.QUESTION_SAY.search(prefix) if _QUESTION_WORD.search(prefix) else None)
        )
        if m is not None:
            who = last_noun_phrase(m.group("who"))
            if who and self._known_if_single(who):
                return Cue(who, "said_before", prefix_start, mark.open_at)
        if not prefix and len(self.text[mark.start : mark.end].split()) >= 4:
            return self._reported_before(prefix_start, floor, mark.open_at)
        if _SPOKEN_QUOTE_MARK.search(text, prefix_start, mark.open_at):
            # "the Irish poet William Butler Yeats described a world, and I quote, where “...”": the
            # narrator says the words are quoted, so they are the sentence's subject's
            lead = SUBJECT_LEAD.match(prefix)
            named = _NAMED_SUBJECT.match(prefix, lead.end() if lead is not None else 0)
            if named is not None and proper_tail(named.group("who")):
                return Cue(named.group("who"), "said_before", prefix_start, mark.open_at)
        return None

    def _reported_before(self, sentence_start: int, floor: int, open_at: int) -> Cue | None:
        """A quotation opening its sentence ("Quote, “...”") after a sentence that reports
        speech: "Senator Doe spoke on Sunday. She said he should negotiate. “That is the
        place to negotiate.”" / "You said earlier today that there were concerns. Quote, “...”"."""
        if sentence_start <= floor:
            return None
        lowest = max(floor, sentence_start - _MAX_QUOTE_WINDOW)
        start = p.last_sentence_start(self.text, lowest, sentence_start - 1)
        previous = p.clean_markdown(self.text[start:sentence_start])
        m = p.REPORTED_SPEECH.match(previous)
        if m is None:
            return None
        if _ADDRESSED.search(m.group("who")) and self._turn_floor(open_at) >= 0:
            return Cue("you", "addressee", start, sentence_start)
        who = last_noun_phrase(m.group("who"))
        if who and self._known_if_single(who):
            return Cue(who, "reported_before", start, sentence_start)
        return None

    def _referring_word_at(self, cue: Cue, mark: Mark) -> int:
        """Where the pronoun or anaphor of a cue before the quotation stands: names after it
        ("He’s saying that the Vice President wants “...”") are not what it refers to."""
        if cue.end > mark.open_at or not cue.who:
            return mark.open_at  # "“...,” he said": nothing between the quotation and the word
        first = cue.who.split()[0]
        # "in his words" is cued as "he": then the possessive is the word that refers
        for form in (first, *(owner for owner, pronoun in _POSSESSOR.items() if pronoun == first.casefold())):
            word = re.compile(r"(?i)\b" + re.escape(form) + r"\b")
            found = [m.start() for m in word.finditer(self.text, cue.start, mark.open_at)]
            if found:
                return found[-1]
        return mark.open_at

    def _subject_before_colon(self, prefix: str, mark: Mark) -> str:
        """ "And the First Lady ended the evening with a challenge: “...”": a sentence whose
        subject is a known person, ending in a colon before a quotation of six words or more
        (shorter ones after a colon are mostly titles: "signed two bills: “...”")."""
        if not prefix.rstrip().endswith(":") or len(self.text[mark.start : mark.end].split()) < 6:
            return ""
        if _NAMING_WORD.search(prefix):
            return ""  # "signed an Executive Order titled: “Delivering ...”"
        lead = SUBJECT_LEAD.match(prefix)
        mention = PERSON_MENTION.match(prefix, lead.end() if lead is not None else 0)
        if (mention is None or self._mentioned_person(mention.group().strip()) is None) and "," in prefix:
            # the main clause after a subordinate one: "Though Madison was once concerned ..., his
            # friend Thomas Jefferson later convinced him:"
            clause = _CLAUSE_SUBJECT_LEAD.match(prefix, prefix.rindex(",") + 1)
            mention = PERSON_MENTION.match(prefix, clause.end()) if clause is not None else None
        if mention is None or self._mentioned_person(mention.group().strip()) is None:
            return ""
        return mention.group().strip()

    def _speaker_in_turn(self, who: str, pos: int) -> bool:
        """Whether `who` is "I" ("And I said"): a speaker only inside a transcript turn, where
        it is the turn's speaker quoting themselves."""
        words = re.sub(r"[—–]", " — ", who).split() if "—" in who or "–" in who else who.split()
        if not words or words[-1] != "I" or self._turn_floor(pos) < 0:
            return False
        # the clause that says it opens right before "I" ("I went up there, and I said", "I told
        # him — I said"); "what I said", "if I said" are no report of speech
        opening = words[:-1]
        while opening and opening[-1].casefold() in LEADING_CONJUNCTIONS:
            opening = opening[:-1]
        return (
            not opening
            or opening[-1].endswith((",", ";"))
            or opening[-1] in ("—", "–")
            or (len(opening) < len(words) - 1 and opening[-1].endswith("."))
        )

    def _ends_its_paragraph(self, previous: Attributed, turn_floor: int) -> bool:
        """Whether an attributed quotation, with its attribution, ends its paragraph: news style
        runs a speaker's words on in a paragraph of quotation alone (“...,” said Jane Doe.
        / “...”), in the same transcript turn if any; not after a question or the narrator's
        own words, which the next quotation answers."""
        if previous.close_end < turn_floor or previous.first_person:
            return False  # "I said, “Why?”" / “...”: the answer is someone else's
        if self.text[max(0, previous.close_end - 3) : previous.close_end].rstrip("”\"'’ ").endswith("?"):
            return False  # a question quoted: the next paragraph answers it
        _, _, paragraph_end = self._paragraph(previous.close_end)
        after = max(previous.cue_end, previous.close_end)
        return _ONLY_PUNCTUATION.match(self.text, after, paragraph_end) is not None

    def _colon_paragraph_before(
        self, mark: Mark, paragraph: int, turn_floor: int, paragraph_end: int, quoted: str
    ) -> Cue | None:
        """A quotation opening its paragraph after a paragraph whose last sentence ends in a
        colon ("And it goes like this, he said:", "Press Secretary Jane Doe congratulated the
        communities:"): that sentence introduces it, as if the two were one."""
        start = self.breaks[paragraph - 2][1] if paragraph >= 2 else self.document.body_start
        end = self.breaks[paragraph - 1][0]
        if not p.clean_markdown(self.text[max(start, end - 20) : end]).rstrip().endswith(":"):
            return None
        return self._english_cue(mark, max(start, turn_floor), paragraph_end, quoted)

    def _may_be_attributed(self, mark: Mark, floor: int, paragraph_start: int, paragraph_end: int) -> bool:
        """A cheap necessary condition for the attribution rules, to skip the many quotation
        marks around titles and terms ("the term “agency” means") without running them."""
        text = self.text
        before = text[max(floor, mark.open_at - 300) : mark.open_at]
        if "](" in text[max(floor, mark.open_at - 1000) : mark.open_at]:
            # "The company [said](https://... 250 characters ...) it is a “...”": the words, not the URL
            before = _LINK_TARGET.sub("]", text[max(floor, mark.open_at - 1000) : mark.open_at])[-300:]
        after = text[mark.close_end : min(paragraph_end, mark.close_end + 160)]
        return (  # the cheap string tests first
            ":" in before[-40:]
            or before.rstrip().endswith("like,")  # "He’s like, “...”"
            or any(dash in after[:12] for dash in ("—", "–", "--"))
            or ONLY_GLUE.match(after) is not None
            or ONLY_GLUE.match(text, paragraph_start, mark.open_at) is not None
            or p.has_speech_word(after)
            or p.has_speech_word(before)
            or self._opens_list_item(mark.open_at) >= 0
            or (
                _QUESTION_WORD.search(before, max(0, len(before) - 200)) is not None
                and p.QUESTION_SAY.search(before) is not None
            )
        )

    def _attribute_marks(self, marks: list[Mark]) -> None:
        text = self.text
        for mark in marks:
            paragraph, paragraph_start, paragraph_end = self._paragraph(mark.open_at)
            turn_floor = self._turn_floor(mark.open_at)
            floor = max(paragraph_start, turn_floor)
            previous = self.attributed[-1] if self.attributed else None
            if previous is not None and previous.paragraph == paragraph:
                floor = max(floor, previous.cue_end, previous.close_end)
            chinese = p.is_chinese_context(text, mark.open_at, mark.end)
            if (
                not chinese
                and (previous is None or previous.paragraph < paragraph - 1)
                and not self._may_be_attributed(mark, floor, paragraph_start, paragraph_end)
            ):
                continue
            quoted = text[max(mark.start, mark.end - 8) : mark.end]
            cue: Cue | None
            if chinese:
                zh = attribute_chinese(text, mark.open_at, mark.close_end, floor, paragraph_end)
                cue = Cue(zh.who, zh.cue, zh.start, zh.end) if zh is not None else None
            else:
                cue = self._english_cue(mark, floor, paragraph_end, quoted)
                if cue is None and paragraph > 0 and ONLY_GLUE.match(text, paragraph_start, mark.open_at):
                    cue = self._colon_paragraph_before(mark, paragraph, turn_floor, paragraph_end, quoted)
            speaker: Speaker | None = None
            resolution_hint = ""
            if cue is not None:
                parsed, speaker = self._speaker(cue.who)
                if cue.cue == "addressee":
                    speaker = self._addressee(mark.open_at)
                    resolution_hint = "addressee"
                elif cue.who.casefold() == "i" and turn_floor >= 0:
                    # "I said, “...”" inside a transcript turn: the turn's speaker quoting
                    # themselves, named as the document names them ("President Biden")
                    speaker = self._turn_speaker_named(mark.open_at)
                    resolution_hint = "first-person"
                elif parsed.kind in ("pronoun", "anaphor"):
                    referring_at = self._referring_word_at(cue, mark)
                    speaker = None
                    if cue.cue == "according_to" and parsed.kind == "pronoun":
                        # "Mitch McConnell ... saying the Republicans don’t want, in his words,
                        # “...”": the person the sentence names last before the possessive
                        speaker = self._last_person_between(
                            self._sentence_prefix_start(floor, mark.open_at), referring_at
                        )
                    if speaker is None:
                        speaker = self._referent(
                            paragraph,
                            paragraph_start,
                            referring_at,
                            parsed.kind,
                            parsed.name.casefold() in ("they", "他们", "她们"),
                            self._exchange_floor(mark.open_at) if turn_floor >= 0 else turn_floor,
                        )
                    if (
                        speaker is not None
                        and parsed.kind == "pronoun"
                        and turn_floor >= 0
                        and self._same_person(speaker, self._turn_speaker(mark.open_at))
                    ):
                        speaker = None  # "he said" in a turn never means its own speaker, who says "I"
                    cue = Cue(
                        cue.who, "pronoun" if parsed.kind == "pronoun" else "anaphor", cue.start, cue.end
                    )
                    resolution_hint = "back-reference"
                elif parsed.kind == "none" or not speaker.name:
                    speaker = None
            if speaker is None and previous is not None:
                # only punctuation between the two: "...,” he said. “..." or "“...” “...", or
                # "and": "the VP wants to “grant amnesty,” and “her solution is ...”"
                same_paragraph = previous.paragraph == paragraph and self._joined(previous, mark)
                if (
                    not same_paragraph
                    and previous.paragraph == paragraph
                    and previous.cue_end < previous.close_end
                    and mark.open_at - previous.close_end <= 200
                ):
                    between = p.clean_markdown(text[previous.close_end : mark.open_at])
                    if p.has_speech_word(between):
                        # "**Jane Doe, Acme:** “...,” said Ms. Doe. “...": the label's speaker again
                        same_paragraph = self._said_again(previous, between)
                    else:
                        same_paragraph = _SAME_CLAUSE.fullmatch(between) is not None
                opens_paragraph = ONLY_GLUE.match(text, paragraph_start, mark.open_at) is not None
                runs_on = (
                    previous.paragraph == paragraph - 1
                    and opens_paragraph
                    and (not previous.closed or self._ends_its_paragraph(previous, turn_floor))
                )
                if same_paragraph or runs_on:
                    speaker = previous.speaker
                    cue = Cue(speaker.name, "continuation", mark.open_at, mark.open_at)
            if speaker is None:
                if ONLY_GLUE.match(text, paragraph_start, mark.open_at) is not None:
                    labelled = self._label_paragraph_before(paragraph)
                else:
                    labelled = self._label_line_before(paragraph_start, mark.open_at)
                if labelled is not None:
                    cue, speaker = labelled
            if speaker is None:
                parent = self._parent_item(mark.open_at, max(floor, paragraph_start)) or (
                    self._list_intro(paragraph, paragraph_start, mark.open_at) if turn_floor < 0 else None
                )
                if parent is not None:
                    cue = parent
                    speaker = self._speaker(parent.who)[1]
            if speaker is None and self._opens_body(mark.open_at):
                # "Statement from Secretary of State Marco Rubio" whose body is one quotation:
                # the statement's author speaks
                author = default_speaker(self.document, self.registry)
                if author.resolved_by not in ("publisher", "none") and author.sector != UNKNOWN:
                    speaker = author
                    cue = Cue(author.name, "document_author", self.document.body_start, mark.open_at)
            if speaker is None and not chinese:
                subject = self._subject_before_comma(mark, floor)
                if subject is not None:
                    speaker, cue = subject
            if speaker is None or cue is None:
                continue
            first_person = resolution_hint == "first-person" or (
                cue.cue == "continuation" and previous is not None and previous.first_person
            )
            self.attributed.append(
                Attributed(
                    paragraph,
                    speaker,
                    cue.end if cue.cue != "continuation" else mark.close_end,
                    mark.close_end,
                    mark.closed,
                    first_person,
                )
            )
            self._add(mark.start, mark.end, "quote", speaker, cue, resolution_hint)

    def _subject_before_comma(self, mark: Mark, floor: int) -> tuple[Speaker, Cue] | None:
        """Last resort: "First Lady Melania Trump called for national unity to fund the
        accounts, “...”", "President Zelenskyy, earlier, said — you know, calling for a
        no-fly zone again — said, “...”": a sentence whose subject is a known person, ending in
        a comma before a quotation of a sentence or more that no other rule attributes (a
        title after a comma is mostly Title Case: "signed the order, “Ensuring the Future Is
        Made in America”")."""
        if not self.text[max(floor, mark.open_at - 8) : mark.open_at].rstrip(" \t\n*_").endswith(","):
            return None  # the cheap test first: most quotation marks follow no comma
        # the opening words tell a sentence from a title (a quotation may run for pages)
        words = self.text[mark.start : min(mark.end, mark.start + 400)].split()[:40]
        if len(words) < _SUBJECT_QUOTE_MIN_WORDS or _is_title_case(words):
            return None
        prefix_start = self._sentence_prefix_start(floor, mark.open_at)
        prefix = p.clean_markdown(self.text[prefix_start : mark.open_at])
        if not prefix.rstrip().endswith(",") or _ASKED.search(prefix) is not None:
            return None  # "the President was asked yesterday, “...”": the asker's words
        lead = SUBJECT_LEAD.match(prefix)
        at = lead.end() if lead is not None else 0
        mention = PERSON_MENTION.match(prefix, at)
        if mention is None:
            return None
        # a mention is at most six words: "Senate Foreign Relations Committee Chair Bob Menendez"
        who = max(mention.group().strip(), leading_proper(prefix[at:]), key=len)
        speaker = self._mentioned_person(who)
        if speaker is None:
            return None
        return speaker, Cue(who, "subject_comma", prefix_start, mark.open_at)

    def _said_again(self, previous: Attributed, between: str) -> bool:
        """Whether the sentence between two quotations only says that the previous one's
        speaker said it (", said Ranking Member Doe.", ", she added."), in a sentence of its own."""
        m = _SAID_AGAIN.fullmatch(between)
        if m is None:
            return False
        who = m.group("who") or m.group("who_first") or ""
        if who.casefold() in p.PRONOUNS:
            return who.casefold() not in ("i", "we", "they", "you")
        # the surname is enough: the sentence attributes a quotation that a label attributed
        surname = previous.speaker.name.split()[-1:]
        return who.split()[-1] in surname or self._same_person(previous.speaker, self._speaker(who)[1])

    def _joined(self, previous: Attributed, mark: Mark) -> bool:
        """Whether only punctuation, "and", an aside or the audience's reaction ("he said.
        (Applause.) “...”") stands between the previous quotation (or its cue) and this one."""
        gap_start = max(previous.cue_end, previous.close_end)
        if mark.open_at - gap_start > _LONGEST_JOINT:
            return False
        joint = p.clean_markdown(self.text[gap_start : mark.open_at])
        if "(" in joint:
            joint = _STAGE_DIRECTION.sub(" ", joint)
        return _JOINED.fullmatch(joint) is not None

    def _add(self, start: int, end: int, kind: QuoteKind, speaker: Speaker, cue: Cue, hint: str = "") -> None:
        self.quotes.append(
            Quote(
                source=self.document.source,
                start=start,
                end=end,
                text=self.text[start:end],
                kind=kind,
                speaker=speaker.name,
                organisation=speaker.organisation,
                sector=speaker.sector,
                country=speaker.country,
                cue=cue.cue,
                cue_start=cue.start,
                cue_end=cue.end,
                resolved_by=speaker.resolved_by if not hint else f"{hint}:{speaker.resolved_by}",
                resolution_cue=speaker.resolution_cue,
                person=self._person(speaker),
            )
        )

    # --- transcripts and "according to" -----------------------------------------------------

    def _transcript(self) -> None:
        title = self.document.title or front_matter_value(self.document, "title")
        speakers: dict[str, tuple[Speaker, str]] = {}
        source, text, append = self.document.source, self.text, self.quotes.append
        for turn in self.turns:  # 150,000 turns a corpus: Quote built directly, positionally
            known = speakers.get(turn.label)
            if known is None:
                speaker = resolve_label(
                    turn.label, text, self.document.body_start, title, self.registry, self.publisher
                )
                known = speakers[turn.label] = (
                    speaker,
                    self._person(speaker) or self._introduced(turn.label),
                )
            speaker, person = known
            self.turn_speakers.append(speaker)
            append(
                Quote(
                    source,
                    turn.start,
                    turn.end,
                    text[turn.start : turn.end],
                    "transcript",
                    speaker.name,
                    speaker.organisation,
                    speaker.sector,
                    speaker.country,
                    "transcript_label",
                    turn.label_start,
                    turn.label_end,
                    speaker.resolved_by,
                    speaker.resolution_cue,
                    person,
                )
            )

    def _inside_quotation(self, pos: int) -> bool:
        i = bisect.bisect_right(self.quote_starts, pos)
        return i > 0 and pos < self.quote_ends[i - 1]

    def _according_to(self) -> None:
        text = self.text
        quoted = sorted((q.start, q.end) for q in self.quotes if q.kind == "quote")
        self.quote_starts = [start for start, _ in quoted]
        self.quote_ends = [end for _, end in quoted]
        for m in p.ACCORDING_TO.finditer(text, self.document.body_start):
            cue_start = m.start() - 1
            if (
                cue_start < 0
                or text[cue_start] not in "Aa"
                or (cue_start > 0 and text[cue_start - 1].isalnum())
            ):
                continue
            who_match = p.ACCORDING_TO_WHO.match(text, m.end())
            if who_match is None or self._inside_quotation(cue_start):
                continue
            after = text[who_match.end() : who_match.end() + 4]
            if re.match(r"\s*[,:]?\s*[“\"]", after):
                continue  # "According to X, “...”": the quotation itself is attributed
            who = re.sub(r"^the\s+", "", p.clean_markdown(who_match.group("who")))
            if p.NOT_A_SPEAKER.match(who) or not any(c.isupper() for c in who):
                continue
            parsed, speaker = self._speaker(who)
            if parsed.kind in ("pronoun", "anaphor", "none") or (
                speaker.sector == UNKNOWN and parsed.kind == "organisation" and len(who.split()) > 6
            ):
                continue
            _, paragraph_start, paragraph_end = self._paragraph(cue_start)
            sentence_start = self._sentence_prefix_start(paragraph_start, cue_start)
            sentence_end = p.next_sentence_end(text, who_match.end(), paragraph_end) or paragraph_end
            while sentence_end > sentence_start and text[sentence_end - 1].isspace():
                sentence_end -= 1
            if cue_start <= sentence_start + 1:
                comma = text.find(",", who_match.end(), sentence_end)
                start = comma + 1 if comma >= 0 else who_match.end()
                end = sentence_end
            elif re.match(r"\s*[.!?]", text[who_match.end() : who_match.end() + 3]):
                start, end = sentence_start, cue_start
            else:
                start, end = sentence_start, sentence_end
            while start < end and text[start] in " \t\n\xa0,":
                start += 1
            while end > start and text[end - 1] in " \t\n\xa0,":
                end -= 1
            if end - start < 10:
                continue
            self._add(
                start, end, "according_to", speaker, Cue(who, "according_to", cue_start, who_match.end())
            )

    def _according_to_chinese(self) -> None:
        for claim in find_according_to_chinese(self.text, self.document.body_start):
            parsed, speaker = self._speaker(claim.who)
            if parsed.kind in ("pronoun", "anaphor", "none"):
                continue
            self._add(
                claim.start,
                claim.end,
                "according_to",
                speaker,
                Cue(claim.who, "zh_according_to", claim.cue_start, claim.cue_end),
            )

    def _find_paragraphs(self) -> None:
        # only documents with candidates pay for the paragraph scan
        if not self.break_starts:
            self.breaks = [m.span() for m in p.PARAGRAPH_BREAK.finditer(self.text, self.document.body_start)]
            self.break_starts = [start for start, _ in self.breaks]

    def run(self) -> tuple[Quote, ...]:
        text = self.text
        self.turns = find_turns(text, self.document.body_start)
        self.turn_starts = [turn.start for turn in self.turns]
        self._transcript()
        marks = self._marks()
        if marks:
            self.mark_starts = [mark.start for mark in marks]
            self.mark_ends = [mark.end for mark in marks]
            self._find_paragraphs()
            self._attribute_marks(marks)
        if "ccording to" in text:
            self._find_paragraphs()
            self._according_to()
        if "据" in text or "據" in text:
            self._according_to_chinese()
        return tuple(sorted(self.quotes, key=lambda q: (q.start, q.end, q.kind)))


def find_quotes(document: Document, registry: ActorRegistry) -> tuple[Quote, ...]:
    """Every attributed quotation, transcript turn and "according to" claim in `document`.

    Offsets index `document.text`: `document.text[q.start:q.end] == q.text`.
    """
    return _Finder(document, registry).run()
