"""Who speaks: the speakers of one document's quotations, by name, title and reference.

The part of the quotation finder (`finder`) that turns the words of an attribution into a
speaker: a phrase resolved against the registry and the titles and first mentions the text
gives (`_speaker`), the speaker of a transcript turn and whom "you" addresses in it, the
referent of a pronoun or an anaphor ("he said", "the company said": the last speaker quoted,
else a person the sentences before name), and who holds a title ("the President") in the
document. `SpeakerResolver` holds these as methods over the state the finder keeps while it
walks a document.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from tracktwo.narrative.actors.people import HONORIFIC_LABEL, PersonResolver
from tracktwo.narrative.actors.registry import UNKNOWN, ActorRegistry
from tracktwo.narrative.documents import Document
from tracktwo.narrative.quotes import patterns as p
from tracktwo.narrative.quotes.attribution import (
    ParsedName,
    full_name_context,
    name_mentions,
    person_of_body,
    resolve_label,
    speaker_of_actor,
)
from tracktwo.narrative.quotes.introductions import (
    first_mention_phrase,
    introduced_surname,
    named_in_full,
    role_and_name,
    role_in_own_sentence,
    titled_surname,
    written_in_lower_case,
)
from tracktwo.narrative.quotes.model import Speaker
from tracktwo.narrative.quotes.phrases import (
    DEFINITE_TITLES,
    resolve_phrase,
    title_case,
    titled_names,
)
from tracktwo.narrative.quotes.transcript import Turn

# A name in running text: two to six capitalised words, or "the President" and similar titles.
# How many mentions of a surname are read for one that gives the given name.
_MENTIONS_FOR_A_GIVEN_NAME = 4
PERSON_MENTION = re.compile(
    r"\b[Tt]he\s+(?:(?:[Vv]ice\s+)?[Pp]resident|[Ff]irst\s+[Ll]ady|[Ss]econd\s+[Gg]entleman|Speaker)\b"
    # a line break inside a name is the text's wrapping ("Speaker\nJohnson"), a blank line is not
    r"|(?<![\w’'])[A-Z][\w’'.\-]*"
    # possessive: a long run of spaces is crossed once, not tried at every split; a connector
    # is a whole word ("President Trump detailed" holds no "de")
    r"(?:[ \t\xa0]*+(?:\n[ \t\xa0]*+)?+(?<=\s)"
    r"(?:[A-Z][\w’'.\-]*|(?:of|the|de|van|von|al|bin)(?![\w’'\-]))){1,5}"
    r"(?<![.’'\-])"
)

# A relative named ("my son Beau", "my husband, Doug Emhoff", "my mom, Catherine Eugenia
# Finnegan Biden"): a person although no registry or title knows them.
# The look-ahead's class lets `re` skip to candidate letters at C speed (`\b` first would not).
_KIN_NAME = re.compile(
    r"(?=[MmOoHh])\b(?:[Mm]y|[Oo]ur|[Hh]is|[Hh]er)\s+(?:late\s+)?(?:husband|wife|son|daughter|father|mother|dad|mom|brother"
    r"|sister|grandson|granddaughter|grandfather|grandmother|grandpa|grandma|uncle|aunt|nephew|niece)"
    r",?\s+(?P<name>[A-Z][a-z]+(?:[ \t]+[A-Z][\w’'\-]*[a-z][\w’'\-]*){0,3})\b"
)

_WOMEN_S_HONORIFICS = frozenset({"mrs", "ms", "miss", "madam"})

# Title Case words that end a name in a document's title ("President Trump During ...").
_TITLE_CASE_BREAK = re.compile(
    r"\s+(?:During|At|On|In|With|For|Before|After|And|To|From|Following|Upon|Ahead|Regarding|About|Via)\b"
)

# A Title Case verb after the name in a document title ("President Biden Honoring ..."); names
# end in "-ing" too ("Xi Jinping"), so the name before it must be a registered one.
_TITLE_GERUND = re.compile(r"\s+[A-Z][a-z]{2,}ing\b.*$")

# Capitalised words opening a clause, before the name a mention run swallowed with them.
_CLAUSE_OPENER = re.compile(
    r"(?:When|While|After|Before|Since|If|As|Although|Though|Because|Once|Until|Unless|Whether|And|But|So|Then)"
    r"\s+(?=\S)"
)

# Whose words are quoted next, even when nobody registered them: "the words of the great X".
# A name introduced as a person: "my colleague, George Mitchell", "his lawyer, Richard Sauber",
# "a guy named Ted Kellner" (not "a place called Bears Ears"), "..., said Mary E. Lovely".
_INTRODUCED_AS = re.compile(
    r"\b(?:said|says|told|added|wrote|according\s+to"
    r"|colleague|friend|lawyer|attorney|counsel|spokes(?:man|woman|person)|aide|advis[eo]r"
    r"|(?:guy|man|woman|fellow|gentleman|lady|president|senator|governor|leader|officer|soldier|doctor|teacher)"
    r"\s+named),?\s+$"
)

# A name set off by dashes that a pronoun picks up: "— Cedric Richmond — he said".
_RESUMED_BY_PRONOUN = re.compile(r"\s*[—–]\s*(?:he|she)\s")

_DASH_BEFORE = re.compile(r"[—–]\s*$")
# A name that ends its sentence, the next one opening with "He"/"She": "I was in Israel with
# Golda Meir.  She was — just before the Six-Day War."
_RESUMED_BY_NEXT_SENTENCE = re.compile(r"[.!?][”’\"]?\s+(?:He|She)\s")

_WORDS_OF = re.compile(
    r"\b(?:(?:words|quote|quotation|saying|sayings|advice|message|motto|question|letter|note|poem)\s+(?:of|from|by)\s+(?:the\s+)?"
    r"(?:(?:great|late|poet|writer|author|reverend|civil\s+rights\s+(?:leader|icon))\s+)?"
    # "Remember what Maya Angelou said? She said, “...”"
    r"|\b(?:what|how)\s+"
    # "I’m going to quote Lindsey Graham from August 7th. And he said, “...”"
    r"|\b(?:quote|quoting|quoted|cite|citing|cited)\s+(?:the\s+)?(?:(?:great|late)\s+)?)$"
)


def _kin_name(match: re.Match[str]) -> str:
    """The relative's name of a `_KIN_NAME` match, its line breaks and runs of spaces made one space."""
    return " ".join(match.group("name").split())


# What makes a possessive name a speaker: "Senator Doe’s comments ... she said".
SPEECH_NOUN = re.compile(
    r"\s+(?:comments?|remarks?|statements?|words|op-?eds?|letters?|tweets?|posts?|interviews?|testimony|speech"
    r"|address|appearances?)\b"
)

# Words that may open a sentence before its subject: "And President Biden, in February, ..."
SUBJECT_LEAD = re.compile(r"[\s\-*•>]*" + p.SENTENCE_LEAD)


@dataclass(frozen=True)
class Attributed:
    paragraph: int
    speaker: Speaker
    cue_end: int
    close_end: int
    closed: bool
    first_person: bool = False  # "I said, “...”": the narrator, whom no "he" or "she" means


def front_matter_value(document: Document, key: str) -> str:
    value = document.metadata.get(key, "")
    return value if isinstance(value, str) else ""


class SpeakerResolver:
    """Speaker resolution over the state `finder._Finder` keeps for one document; the finder
    sets every attribute below before it asks."""

    document: Document
    text: str
    registry: ActorRegistry
    publisher: Speaker | None
    people: PersonResolver
    attributed: list[Attributed]
    turns: tuple[Turn, ...]
    turn_starts: list[int]
    turn_speakers: list[Speaker]
    phrase_cache: dict[str, tuple[ParsedName, Speaker]]
    introduced_surnames: dict[str, bool]
    mark_starts: list[int]
    mark_ends: list[int]
    title_holders: dict[str, Speaker | None]
    kin_names: dict[str, str] | None

    def _speaker(self, who: str) -> tuple[ParsedName, Speaker]:
        cached = self.phrase_cache.get(who)
        if cached is None:
            parsed, resolved = resolve_phrase(who, self.registry, self.publisher)
            # "Beau said": the son the document named (an unknown single word: only then the
            # document is scanned for relatives)
            word = who.strip()
            unknown_name = parsed.kind in ("person", "surname", "organisation") and resolved.sector == UNKNOWN
            relative = self._kin_names().get(word) if unknown_name and word.isalpha() else None
            if relative is not None:
                parsed, resolved = ParsedName(relative, "", "person"), Speaker(relative)
            elif parsed.kind == "organisation" and (split := self._person_of_body(who)) is not None:
                parsed, resolved = split
            elif parsed.kind == "surname":
                resolved = self._second_reference(parsed, resolved)
            elif parsed.kind == "person" and resolved.sector == UNKNOWN:
                resolved = self._described_at_first_mention(parsed, resolved)

            elif parsed.kind in ("organisation", "none"):
                bare = re.sub(r"^(?i:the)\s+", "", parsed.name)
                if bare.casefold() in DEFINITE_TITLES:
                    # "The First Lady stated", "as the first lady said": the one the document
                    # names, else the holder on its date
                    holder = self._title_holder(bare)
                    if holder is not None:
                        parsed, resolved = ParsedName(holder.name, bare, "person"), holder
            cached = (parsed, resolved)
            self.phrase_cache[who] = cached
        return cached

    def _person_of_body(self, who: str) -> tuple[ParsedName, Speaker] | None:
        """ "Robin Biesbroek of the CDF said": the person and the body they speak for, when
        the document never writes the name's words in lower case ("Fraternal Order of Police"
        is a body: "order" is a word)."""
        person, body = person_of_body(who.strip())
        if not body or any(
            written_in_lower_case(word, self.text, self.document.body_start) for word in person.split()
        ):
            return None
        parsed, resolved = resolve_phrase(f"{person}, {body}", self.registry, self.publisher)
        if parsed.kind != "person":
            return None
        if not resolved.organisation:  # the body no rule places is still the one they speak for
            named = re.sub(r"^(?:of|at|from|with)\s+(?:the\s+)?", "", body).rstrip(" .,;:")
            resolved = Speaker(
                resolved.name,
                named,
                resolved.sector,
                resolved.country,
                resolved.resolved_by,
                resolved.resolution_cue,
            )
        return parsed, resolved

    def _described_at_first_mention(self, parsed: ParsedName, resolved: Speaker) -> Speaker:
        """A full name that neither the registry nor its own phrase places: the role the
        document gives where it first prints the name ("disability rights activist Judy
        Heumann, who once wrote: “...”"), if that role tells a sector."""
        body = self.document.body_start
        # the first mention's role, else one a sentence of its own gives ("Hege is the CEO of DH")
        placed = self._placed_by(first_mention_phrase(parsed.name, self.text, body), parsed.name)
        if placed is None:
            role = role_in_own_sentence(parsed.name.split()[-1], self.text, body)
            placed = self._placed_by(f"{parsed.name}, {role}" if role else "", parsed.name)
        return placed or resolved

    def _placed_by(self, phrase: str, name: str) -> Speaker | None:
        """The speaker a phrase describing `name` makes of them, if it tells their sector."""
        if not phrase or phrase == name:
            return None
        parsed, speaker = resolve_phrase(phrase, self.registry, self.publisher)
        placed = parsed.kind == "person" and parsed.name == name and speaker.sector != UNKNOWN
        return speaker if placed else None

    def _first_full_mention(self, surname: str, role: str) -> tuple[tuple[str, str] | None, str]:
        """The first mention of the surname (`full_name_context`) and its name in full
        (`named_in_full`). When that gives no given name, a later mention with the role the
        speaker phrase gives ("Director Carter" after "*Director Carter Delivers the Statement*"
        heads a release: "ONDCP Director Sara Carter" below); another Young than "Senator
        Young" ("OMB Director Shalanda Young") is not the one meant."""
        role_words = {word.casefold().rstrip(".") for word in role.split()}
        first: tuple[tuple[str, str] | None, str] = (None, "")
        for i, found in enumerate(name_mentions(surname.upper(), self.text, self.document.body_start)):
            full = named_in_full(found[0], self.text, self.document.body_start)
            if i == 0:
                first = (found, full)
                if len(full.split()) >= 2 or not role_words:
                    break
            elif len(full.split()) >= 2:
                described = {word.casefold().rstrip(".,") for word in found[1].split()}
                if role_words <= described:
                    return found, full
            if i == _MENTIONS_FOR_A_GIVEN_NAME - 1:
                break
        return first

    def _second_reference(self, parsed: ParsedName, resolved: Speaker) -> Speaker:
        """A surname alone ("Huang said", "Speaker Johnson said") names someone the text
        introduced before: the speaker quoted earlier with that surname, else the first full
        mention in the document ("National Economic Advisor Lael Brainard"), else the one
        registered person with that surname (only for a bare surname: "Director Young" may be
        any Young)."""
        surname = parsed.name.split()[-1]
        if parsed.role.casefold().rstrip(".") in _WOMEN_S_HONORIFICS:
            # "Mrs. Trump concluded": the woman the document names with that surname ("First Lady
            # Melania Trump"), not the better-known man
            named = re.search(
                r"\b(?:First\s+Lady|Mrs\.?|Ms\.?|Miss|Madam)\s+((?:[A-Z][\w’'\-]+\s+){1,2}"
                + re.escape(surname)
                + r")\b",
                self.text,
            )
            if named is not None:
                return resolve_phrase(named.group(1), self.registry, self.publisher)[1]
        earlier = self._earlier_speaker_named(surname)
        if earlier is not None:
            if (
                parsed.role
                and resolved.resolved_by == "registry"
                and self.registry.lookup(parsed.name) is not None
                and not self._same_person(earlier, resolved)
            ):
                return resolved  # "President Biden" is registered as written: not Jill Biden, quoted earlier
            return earlier
        if resolved.sector != UNKNOWN and resolved.resolved_by == "registry":
            return resolved
        found, full = self._first_full_mention(surname, parsed.role)
        if found is not None and full:
            first_parsed, first = resolve_phrase(role_and_name(full, found[1]), self.registry, self.publisher)
            if first_parsed.kind == "person" and first.sector == UNKNOWN:
                # lower-case role words the capitalised run missed: "chairman, CEO and president
                # Craig Menear said"
                first = self._described_at_first_mention(first_parsed, first)
            if first_parsed.kind == "person" and (first.sector != UNKNOWN or resolved.sector == UNKNOWN):
                if first.name.endswith(f" {full}"):
                    # "Special Presidential Envoy for Climate John Kerry": the capitalised words
                    # before the name that the text also writes in lower case are no given names
                    first = replace(first, name=full)
                return first  # the full name, and what its first mention says of them
        candidates = self.registry.by_surname(surname)
        if len(candidates) == 1 and parsed.name == surname:
            return speaker_of_actor(candidates[0].name, candidates[0])
        if resolved.sector == UNKNOWN and parsed.name != surname and self.publisher is not None:
            # "Speaker Johnson" in a 2024 briefing: the title's holder then, if the surname fits
            holder = self.people.person(parsed.name, self.publisher.country, self.document.date)
            if holder is not None:
                return self._as_title_holder(parsed.name, holder, self.publisher.country)
        if resolved.sector == UNKNOWN and found is not None and titled_surname(surname, found[1]):
            # introduced by title alone: "Prime Minister Netanyahu ... Netanyahu says"
            phrase = role_and_name(surname, found[1])
            titled_parsed, titled = resolve_phrase(phrase, self.registry, self.publisher)
            if phrase != surname and titled_parsed.kind in ("person", "surname") and titled.sector != UNKNOWN:
                return titled
        return resolved

    def _introduced_surname(self, word: str) -> bool:
        """`introductions.introduced_surname` for this document, remembered (a scan of the text)."""
        known = self.introduced_surnames.get(word)
        if known is None:
            known = introduced_surname(word, self.text, self.document.body_start)
            self.introduced_surnames[word] = known
        return known

    def _known_if_single(self, who: str) -> bool:
        """A one-word subject ("Imagine said", "Wade said") counts only when it is a pronoun, a
        registered name or surname, or the surname of someone quoted earlier in the document:
        capitals at a sentence start are no evidence of a name."""
        words = who.split()
        if len(words) != 1 or words[0].casefold() in p.PRONOUNS or words[0].casefold() in DEFINITE_TITLES:
            return True
        word = words[0].strip(",")
        return bool(
            self.registry.lookup(word)
            or self.registry.by_surname(word)
            or self._earlier_speaker_named(word)
            or word in self._kin_names()
            or self._introduced_surname(word)
        )

    def _kin_names(self) -> dict[str, str]:
        """The first names the document gives relatives, each with the fullest name given
        ("my husband, Doug Emhoff"): "Doug said" names him."""
        if self.kin_names is None:
            self.kin_names = {}
            for m in _KIN_NAME.finditer(self.text, self.document.body_start):
                name = _kin_name(m)
                first = name.split()[0]
                if len(name) > len(self.kin_names.get(first, "")):
                    self.kin_names[first] = name
        return self.kin_names

    def _earlier_speaker_named(self, surname: str) -> Speaker | None:
        last = surname.split()[-1].casefold()
        for item in reversed(self.attributed):
            words = item.speaker.name.split()
            if len(words) >= 2 and words[-1].casefold() == last:
                return item.speaker
        return None

    def _turn_speaker(self, pos: int) -> Speaker | None:
        """The resolved speaker of the transcript turn holding `pos` (see `_transcript`)."""
        i = bisect.bisect_right(self.turn_starts, pos) - 1
        return self.turn_speakers[i] if 0 <= i < len(self.turn_speakers) else None

    def _same_person(self, one: Speaker, other: Speaker | None) -> bool:
        if other is None:
            return False
        person = self._person(one)
        return bool(person) and person == self._person(other)

    def _turn_speaker_named(self, pos: int) -> Speaker | None:
        """The speaker of the transcript turn holding `pos`. A title label ("THE PRESIDENT") is
        named by the person the document's title gives that title ("Remarks by President Biden
        ..." gives "President Biden"); the body is no guide, since a speech names other
        presidents more often than its speaker."""
        i = bisect.bisect_right(self.turn_starts, pos)
        if i == 0:
            return None
        label = self.turns[i - 1].label
        title_text = self.document.title or front_matter_value(self.document, "title")
        title = re.sub(r"^(?i:the)\s+", "", label)
        if title != label and title.casefold() in DEFINITE_TITLES and title_text:
            named = next(titled_names(title_case(title), title_text), None)
            if named is not None:
                # a title is in Title Case: "Remarks by President Trump During Hurricane Helene
                # Briefing" names "President Trump"
                name = _TITLE_CASE_BREAK.split(" ".join(named.group().split()), maxsplit=1)[0]
                gerund = _TITLE_GERUND.search(name)
                if gerund is not None and self.registry.lookup(name[: gerund.start()]) is not None:
                    # "Remarks by President Biden Commemorating ...": the title's verb is no name
                    name = name[: gerund.start()]
                parsed, speaker = self._speaker(name)
                if parsed.kind in ("person", "surname") and speaker.sector != UNKNOWN:
                    return speaker
        body = self.document.body_start
        return resolve_label(label, self.text, body, title_text, self.registry, self.publisher)

    def _addressee(self, pos: int) -> Speaker | None:
        """Whom "you" means in the transcript turn holding `pos`: the one who answers, the
        speaker of the next turn ("Q: John, you said, “...”" / "MR. KIRBY: ..."), or None."""
        i = bisect.bisect_right(self.turn_starts, pos)
        if i == 0 or i >= len(self.turns) or self.turns[i].label == self.turns[i - 1].label:
            return None
        return self.turn_speakers[i]

    def _is_body(self, speaker: Speaker) -> bool:
        """Whether a speaker is an organisation, not a person."""
        actor = self.registry.lookup(speaker.resolution_cue or speaker.name)
        if actor is not None:
            return actor.kind == "organisation"
        return bool(speaker.organisation) and speaker.name == speaker.organisation

    def _referent(
        self,
        paragraph: int,
        paragraph_start: int,
        before: int,
        kind: str,
        plural: bool = False,
        floor: int = -1,
    ) -> Speaker | None:
        """The speaker a pronoun or anaphor refers back to: the last speaker quoted in the
        paragraph, else a person named in the sentences before it in the paragraph (or the
        transcript turn), else the last speaker quoted in the previous paragraph, else the last
        registered person or organisation named before it."""
        # "She said, “You look worried.” I said, “I am.” She said, “...”": a third person
        # is not the narrator quoting themselves in between
        third = [item for item in self.attributed[-4:] if not item.first_person]
        last = third[-1] if third else None
        if last is not None and last.close_end < floor:
            last = None  # quoted in an earlier transcript turn: another speaker's words
        if last is not None and kind == "pronoun" and not plural and self._is_body(last.speaker):
            last = None  # "he" or "she" is a person, not the group quoted before
        if last is not None and last.paragraph == paragraph:
            if kind == "pronoun" and not plural and before - last.close_end > 40:
                # "Putin says “...”. ... a former president named Abraham Lincoln voiced the
                # opposite. He said": a person named after the last quotation is nearer
                named = self._person_named_before(last.close_end, before)
                if named is not None:
                    return named
            return last.speaker
        # inside a transcript turn, the turn is the unit: its line breaks split no topic
        region_start = floor if 0 <= floor < paragraph_start else paragraph_start
        if kind == "pronoun" and not plural:
            # the paragraph first, then the nearest 600 characters of the turn's earlier
            # paragraphs (most referents are near; a pronoun is common, the walk is not cheap)
            named = self._person_named_before(max(paragraph_start, floor), before)
            if named is None and (region_start < paragraph_start or (floor < 0 and paragraph > 0)):
                # the turn's earlier paragraphs, or outside transcripts the paragraph before
                earlier = region_start if region_start < paragraph_start else self.document.body_start
                named = self._person_named_before(max(earlier, paragraph_start - 600), paragraph_start)
            if named is not None:
                return named
        if last is not None and last.paragraph >= paragraph - 1:
            return last.speaker
        if kind == "anaphor":
            wanted = {"organisation"}  # "the company said"
        else:
            wanted = {"person", "organisation"} if plural else {"person"}
        # the nearest 2,000 characters of the paragraph, then (for "the statement said") of the
        # turn's earlier paragraphs: a paragraph of a huge file must not make this quadratic
        lowest = max(region_start if kind == "anaphor" else paragraph_start, before - 2000)
        for start, end in ((max(paragraph_start, lowest), before), (lowest, max(paragraph_start, lowest))):
            for match in reversed(self.registry.find_all(self.text[start:end]) if start < end else ()):
                if match.actor.kind in wanted:
                    return speaker_of_actor(match.actor.name, match.actor)
        return None

    def _person_named_before(self, start: int, before: int) -> Speaker | None:
        """The person a pronoun most likely refers to, from the sentences before it: walking
        back sentence by sentence, the subject of a sentence that opens with a person's name
        ("Senator Jane Doe, in March, wrote an op-ed. In it, she says ..."), else the last
        person named in the nearest sentence that names one ("This comes from Senator Jane
        Doe. She writes ..."). Names are runs of capitalised words read as a person by the
        attribution rules, or "the President" and similar titles, read as the holder the
        document names."""
        start = max(start, before - 1500)  # a long turn must not make this quadratic
        text = self.text
        ends = [start]
        for match in p.SENTENCE_END.finditer(text, start, before):
            if p.is_sentence_end(text, match):
                ends.append(match.end())
        ends.append(before)
        for i in range(len(ends) - 2, -1, -1):
            sentence_start, sentence_end = ends[i], ends[i + 1]
            last: Speaker | None = None
            last_at = -1
            for match in PERSON_MENTION.finditer(text, sentence_start, sentence_end):
                i = bisect.bisect_right(self.mark_starts, match.start())
                if i > 0 and match.start() < self.mark_ends[i - 1]:
                    continue  # "I said, “Barack, ...”": a name inside quoted words is no referent
                mention = match.group().strip()
                mention_start = match.start()
                opener = _CLAUSE_OPENER.match(mention)
                if opener is not None:  # "When the President went": the clause's subject
                    mention, mention_start = mention[opener.end() :], mention_start + opener.end()
                spoke = mention.endswith(("’s", "'s")) and SPEECH_NOUN.match(text, match.end()) is not None
                if spoke:
                    mention = mention[:-2]  # "Senator Doe’s comments": Doe spoke
                speaker = self._mentioned_person(mention)
                if speaker is not None and spoke:
                    return speaker  # whose comments the sentence is about, wherever it names them
                opening = p.clean_markdown(text[sentence_start:mention_start])
                subject = SUBJECT_LEAD.fullmatch(opening) is not None
                if speaker is None and (
                    subject
                    or _WORDS_OF.search(text, max(sentence_start, mention_start - 40), mention_start)
                    or _INTRODUCED_AS.search(text, max(sentence_start, mention_start - 40), mention_start)
                    or (
                        _RESUMED_BY_NEXT_SENTENCE.match(text, match.end()) is not None
                        and self._reads_as_a_name(mention)
                    )
                    # "one of the advisors — Cedric Richmond — he said": a name set off by dashes
                    # that the pronoun resumes
                    or (
                        _RESUMED_BY_PRONOUN.match(text, match.end()) is not None
                        and _DASH_BEFORE.search(text, max(sentence_start, mention_start - 3), mention_start)
                        is not None
                        and " ".join(mention.split()).casefold() not in DEFINITE_TITLES
                    )
                ):
                    # "Nikki Haley made a pronouncement ... she said", "the words of the great
                    # Coretta Scott King. She said": a full name as subject or as the source of
                    # words is a person, registered or not
                    parsed, named = self._speaker(mention)
                    # "Locksley had barely heard of them" after "Richard Locksley" was introduced
                    introduced = parsed.kind == "surname" and self._introduced_surname(mention)
                    speaker = named if parsed.kind == "person" or introduced else None
                elif speaker is None and " " not in mention and self._introduced_surname(mention):
                    # "By the time Buckley learned of it, she said" after "Jessie Buckley": a
                    # person the document named in full, wherever the sentence names them
                    speaker = self._speaker(mention)[1]
                if speaker is None:
                    continue
                if subject:
                    return speaker  # the sentence's subject
                last, last_at = speaker, match.start()
            # "my mom, Catherine Biden, had a backbone. She used to say": a relative named in
            # the sentences walked (the whole document is not scanned: a pronoun is common, the
            # scan is not cheap)
            for kin in _KIN_NAME.finditer(text, sentence_start, sentence_end):
                if kin.start() > last_at:
                    last, last_at = Speaker(_kin_name(kin)), kin.start()
            if last is not None:
                return last
        return None

    def _reads_as_a_name(self, mention: str) -> bool:
        """Whether no word of a mention is a word the body writes in lower case: "Golda Meir",
        not "Purple Heart" or "Situation Room" (capitalised, and resumed by "He" all the same)."""
        return not any(
            written_in_lower_case(word.strip(".,’'"), self.text, self.document.body_start)
            for word in mention.split()
        )

    def _mentioned_person(self, mention: str) -> Speaker | None:
        """The speaker a name mention in running text stands for, or None if it is no person."""
        cleaned = p.clean_markdown(mention)
        if cleaned.split()[0].casefold() == "the":
            held = self._title_holder(cleaned.split(maxsplit=1)[1] if len(cleaned.split()) > 1 else "")
            return held
        if cleaned.endswith(("’s", "'s")):
            return None  # "Senator Doe’s bill": a possessive names no subject
        if " ".join(cleaned.split()).casefold() in DEFINITE_TITLES:
            return None  # "when I was Vice President": an office held, not "the Vice President"
        parsed, speaker = self._speaker(cleaned)
        # capitals are no evidence of a person ("Black History Month"): the registry or a title
        # must say who it is
        if parsed.kind in ("person", "surname") and speaker.sector != UNKNOWN:
            return speaker
        return None

    def _last_person_between(self, start: int, end: int) -> Speaker | None:
        """The last person named from `start` to `end` (`_mentioned_person`), or None."""
        last: Speaker | None = None
        for match in PERSON_MENTION.finditer(self.text, start, end):
            if not self.text.startswith(("’s", "'s"), match.end()):  # "The President’s own CIA Director"
                last = self._mentioned_person(match.group()) or last
        return last

    def _title_holder(self, title: str) -> Speaker | None:
        """Who "the President" or "the First Lady" is in this document: the person most often
        named with that title ("President Biden", "First Lady Jill Biden"), else the holder of
        the publisher's country on the document's date (`actors/data/title_holders.yaml`: a
        2024 briefing's "the first lady" is Jill Biden though it never names her), or None."""
        title = title_case(title)
        if title in self.title_holders:
            return self.title_holders[title]
        holder: Speaker | None = None
        own_country = self.publisher.country if self.publisher is not None else None
        if title.casefold() in DEFINITE_TITLES:
            counts: dict[str, tuple[int, Speaker]] = {}
            for match in titled_names(title, self.text, self.document.body_start):
                # "First Lady Melania Trump’s speech": the name without its possessive
                named = re.sub(r"[’']s$", "", " ".join(match.group().split()))
                parsed, speaker = self._speaker(named)
                # the publisher's own title holder: a White House page's "the President" is
                # not "President Putin", however often it names him
                foreign = own_country not in (None, UNKNOWN) and speaker.country not in (own_country, UNKNOWN)
                if parsed.kind in ("person", "surname") and speaker.sector != UNKNOWN and not foreign:
                    seen = counts.get(speaker.name)
                    counts[speaker.name] = ((seen[0] if seen else 0) + 1, speaker)
            if counts:
                holder = max(counts.values(), key=lambda item: item[0])[1]  # the first on a tie
            elif own_country not in (None, UNKNOWN):
                holder = self._dated_holder(str(own_country), title)
        self.title_holders[title] = holder
        return holder

    def _dated_holder(self, country: str, title: str) -> Speaker | None:
        name = self.people.title_holder(country, title, self.document.date)
        return self._as_title_holder(name, name, country) if name is not None else None

    def _as_title_holder(self, printed: str, holder: str, country: str) -> Speaker:
        """A title's holder as a speaker named `printed`: the registered person, else a
        government speaker of the title's country (every listed title is a public office)."""
        actor = self.registry.lookup(holder)
        if actor is not None and actor.kind == "person":
            return speaker_of_actor(printed, actor, "title-holder")
        return Speaker(printed, "", "government", country, "title-holder", holder)

    def _introduced(self, label: str) -> str:
        """Who an honorific label ("MR. HASSETT") is when no list knows: the full name the
        document's body introduces ("Kevin Hassett, Director of the National Economic
        Council"), or else its title, else ""."""
        honorific = HONORIFIC_LABEL.match(label)
        if honorific is None:
            return ""
        surname = honorific.group("surname")
        found = full_name_context(surname, self.text, self.document.body_start)
        if found is None:
            # "Press Briefing by ... National Economic Council Director Kevin Hassett": a
            # briefing's guests are introduced by its title, which the body need not repeat
            title = " ".join((self.document.title or front_matter_value(self.document, "title")).split())
            found = full_name_context(surname, title, 0)
        if found is None or found[1] == found[0]:
            return ""  # no role said with the name: perhaps a relative who shares it
        return named_in_full(found[0], self.text, self.document.body_start)

    def _person(self, speaker: Speaker) -> str:
        """Who the speaker is (`actors.people`: registry, title holders on the document's date)."""
        if not speaker.name:
            return ""
        # "MR. COELHO" quoting himself in his turn ("I said, “...”") is the turn's person
        person = self.people.person(speaker.name, speaker.country, self.document.date)
        return person or (self._introduced(speaker.name) if speaker.name.isupper() else "")
