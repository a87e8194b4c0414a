"""Reading speaker phrases in the words around a quotation.

Pure functions of text (and, for `resolve_phrase`, of the registry): the name opening or
ending a clause, a label before a colon, the subject before a speech verb, a title as printed
before a name. The quotation finder (`finder`) decides where to look; these read what is there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from tracktwo.narrative.actors.registry import ActorRegistry, title_rules
from tracktwo.narrative.quotes import patterns as p
from tracktwo.narrative.quotes.attribution import (
    SURNAME_PARTICLES,
    ParsedName,
    is_name_word,
    parse_speaker_phrase,
    resolve_speaker,
)
from tracktwo.narrative.quotes.model import Speaker

LOWER_CONNECTORS = frozenset(
    {"of", "the", "and", "for", "at", "on", "in", "to", "de", "&", "with", "a", "an"}
)

# Titles whose holder a document names: "the President said" is the President it names.
DEFINITE_TITLES = frozenset(
    {"president", "vice president", "first lady", "second gentleman", "second lady", "prime minister"}
    | {"speaker"}  # of the House: "the Speaker said"
)


def leading_proper(text: str) -> str:
    """The capitalised words opening a sentence: its subject when that is a name."""
    run: list[str] = []
    for token in text.split():
        bare = token.strip(',;:()“”"*')
        folded = bare.casefold()
        if run and folded in NAME_CONNECTORS:
            run.append(token)
        elif bare[:1].isupper() and (run or folded not in title_rules().not_speaker_words):
            # a capitalised "Our" inside a name counts ("Bring Our Families Home"), not first
            run.append(token)
            if token.endswith(","):
                break
        else:
            break
    while run and run[-1].casefold() in NAME_CONNECTORS:
        run.pop()
    return " ".join(run).strip(" ,")


# Judged without what opens its sentence, a label is "Jane Doe said", not "Today in
# Springfield" (the words before the first comma).
_OPENING = re.compile(p.SENTENCE_LEAD)


# The date a round-up gives its entry, after the speaker: "Jane Doe (10/2/25)".
_LABEL_DATE = re.compile(r"\s*\(\d{1,2}/\d{1,2}/\d{2,4}\)\s*$")


def label_without_topic(label: str) -> str:
    """A round-up label's speaker without the topic or show after "on": "Sen. Dave McCormick on
    Fox News Sunday" is the senator, "Elon Musk on waste" Musk; a body named with "on" keeps it
    ("Friends Committee on National Legislation", "Senate Committee on Banking"), also after a
    comma ("Maya Wiley, President and CEO, The Leadership Conference on Civil and Human Rights")."""
    label = _LABEL_DATE.sub("", label)  # "Secretary of the Treasury Scott Bessent (10/2/25)"
    head, on, _ = label.partition(" on ")
    if not on or "," in head or head.endswith(("’s", "'s")):
        # "Maya Wiley, President and CEO, The Leadership Conference on Civil and Human Rights":
        # after a comma, "on" belongs to the organisation's name
        return label
    return head if parse_speaker_phrase(head).kind in ("person", "surname") else label


def is_label(who: str) -> bool:
    """A paragraph-opening "Name, Title, Organisation:" rather than a sentence ending in a colon."""
    opening = _OPENING.match(who)
    if opening is not None and opening.end() < len(who):
        who = who[opening.end() :]
    words = who.split()
    if not words or len(words) > 40 or not (words[0][:1].isalpha() or words[0][:1] == "@"):
        return False  # "(2) Clause 2 of Proclamation 9705:" opens a legal text, not a speaker
    head = who.split(",")[0].split()
    if len(head) < len(words) and head:
        # "Allyson Phillips, whose daughter ... was killed ...": the head before the first comma
        # decides, when it is a name (not "Above all, as we pray, we remember those words:")
        if len(head) >= 2 and sum(word.lstrip("([“\"'*")[:1].isupper() for word in head) < 2:
            return False
        words = head
    letters = [c for c in who if c.isalpha()]
    if len(words) >= 2 and letters and all(c.isupper() for c in letters):
        return False  # "PROMISE MADE:", "🚨 BREAKING:": headings, not speakers
    if any(word.strip("*#:").casefold() in title_rules().heading_labels for word in words[:1]):
        return False
    role_words = title_rules().role_words
    loose = [
        w
        for w in words
        if w[:1].islower()
        and w.casefold().strip(",.;’'") not in LOWER_CONNECTORS
        and w.casefold().strip(",.;’'") not in role_words
    ]
    return len(loose) <= 1


NAME_CONNECTORS = frozenset(
    {"of", "the", "for", "and", "&", "de", "von", "van", "der", "du", "la", "al", "bin"}
)


def _opens_surname(word: str) -> bool:
    return word[:1].isupper() and word.casefold() in SURNAME_PARTICLES


def proper_tail(text: str) -> str:
    """The run of capitalised words (with connectors) that ends `text`: the speaker's name and
    title ("I believe the Prime Minister" → "Prime Minister"), or "" when `text` ends in none."""
    run: list[str] = []
    for token in reversed(re.sub(r"[—–]", " — ", text).split()):
        bare = token.strip(',;:()“”"')
        folded = bare.casefold()
        if folded in NAME_CONNECTORS and run:
            run.insert(0, token)
        elif (
            not bare
            or folded in title_rules().not_speaker_words
            or folded in p.PRONOUNS
            or (folded in _PARTICIPLE_OPENERS and not run)
        ):
            break
        elif bare[:1].isupper() or bare[:1].isdigit():
            run.insert(0, token)
        else:
            break
    while run and run[0] in _SENTENCE_OPENERS:
        run.pop(0)  # "And President Kennedy once observed": the sentence's conjunction is no name
    # a capitalised European particle opens a name ("Van Der Beek", "De Blasio"); a lower-case
    # connector or "Al" does not
    if run and run[0].casefold() in NAME_CONNECTORS - {"the"} and not _opens_surname(run[0]):
        return ""  # "the former president of the United States": a description, not a name
    while run and run[0].casefold() in NAME_CONNECTORS and not (_opens_surname(run[0]) and len(run) > 1):
        run.pop(0)
    return " ".join(run).strip(" ,")


# Capitalised participles that end a run before a verb without being a name ("According",
# "Speaking"); a surname may end in -ing all the same ("Mildred Loving", "Coretta Scott King").
_PARTICIPLE_OPENERS = frozenset(
    {"according", "following", "regarding", "including", "speaking", "concerning", "during", "saying"}
)
LEADING_CONJUNCTIONS = frozenset({"and", "but", "so", "then", "also", "because"})
# Capitalised only because they open a sentence: "And", "But" (a lower-case "and" inside a run
# is a connector of a name, "Department of Health and Human Services").
_SENTENCE_OPENERS = frozenset(word.capitalize() for word in LEADING_CONJUNCTIONS | {"or", "yet"})


def role_then_name(phrase: str) -> bool:
    """Whether `phrase` is a role and then the name in apposition, news style: "Sweden’s deputy
    director of public prosecutions, Eva-Marie Persson" (said)."""
    segments = [segment.strip() for segment in phrase.strip(" ,").split(",")]
    if len(segments) != 2:
        return False
    role, name = segments
    words = role.split()
    role_words = title_rules().role_words
    return (
        bool(words)
        and len(words) <= 10
        and (words[0][:1].islower() or words[0].endswith(("’s", "'s")) or words[0] == "The")
        # a role says what the person is ("deputy director of ..."); "In his 1953 speech,
        # President Eisenhower" is no apposition
        and any(word.casefold().strip(",.") in role_words for word in words)
        and proper_tail(name) == name
        and 2 <= len(name.split()) <= 4
    )


def relative_subject(region: str) -> str:
    """The name a relative "who" refers to: "former Speaker of the House, Paul Ryan, who said"
    → "Speaker of the House, Paul Ryan" (the role in apposition kept when there is one)."""
    segments = [segment.strip() for segment in re.split(r"[;:()]|,", region)]
    segments = [segment for segment in segments if segment]
    if len(segments) < 2 or segments[-1] != "who":
        return ""
    head = proper_tail(segments[-2])
    if not head:
        # "the statue of John Winthrop, who": a person's name after "of" (every word a name word)
        named = _NAME_AT_END.search(segments[-2])
        head = named.group() if named is not None and all(map(is_name_word, named.group().split())) else ""
    if not head:
        return ""
    if len(segments) >= 3 and head == segments[-2]:
        role = proper_tail(segments[-3])
        if role and not is_name_word(role.split()[0]):
            return f"{role}, {head}"
    return head


# A subordinate clause whose subject, a name, ends the region before the verb.
_CLAUSE_SUBJECT = re.compile(
    r"\b(?:when|while|after|before|because|since|if|that|as)\s+(?P<who>[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*){0,4})$"
)
_NAME_AT_END = re.compile(r"(?<![\w’'.\-])[A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*){1,3}$")
_DASH_ASIDE = re.compile(r"\s*[—–][^—–]{1,200}[—–]\s*$")
_REFLEXIVES = frozenset({"himself", "herself", "themselves"})
_TIME_ADVERBS = frozenset(
    {"once", "also", "then", "later", "just", "often", "always", "already", "still", "even", "previously"}
    # and auxiliaries: "Senator Mark Kelly has said"
    | {"has", "had", "have"}
)
# A manner adverb between a subject and its speech verb; nouns in -ly are not ("his family").
_MANNER = re.compile(
    r"(?!(?:family|ally|rally|supply|assembly|anomaly|monopoly|italy|july|daily)$)[a-z]{3,}ly"
)


# An office named through its holder's country or body, with no person's name: "Iran’s foreign
# minister", "Ukraine’s Ambassador to the U.S.", "Amazon’s Chief Technology Officer" (the eval
# README counts an office named alone as its holder; an anonymous "a spokesperson" is not one).
_OFFICE = re.compile(
    r"(?:^|(?<=\s))(?P<office>[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){0,3}(?:’s|'s)\s+(?:[\w\-]+\s+){0,3}?"
    r"(?i:minister|secretary|ambassador|director|spokes(?:person|man|woman)|president|chair(?:man|woman)?"
    r"|chief\s+(?:executive|technology|operating|financial|economist)(?:\s+officer)?|CEO|head|governor|mayor"
    r"|administrator|commissioner|envoy|representative|leader|minister)"
    r"(?:\s+(?:of|for|to|at)\s+(?:the\s+)?[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){0,4})?)\s*$"
)


# "then-" or "now-" before a capitalised title: when the title was held, no part of it.
_TITLE_TENSE = re.compile(r"\b(?:then|now)-(?=[A-Z])")


def office_subject(region: str) -> str:
    """The office ending a sentence prefix before a speech verb, when it names no person
    ("Iran’s foreign minister" warned), else ""."""
    m = _OFFICE.search(region)
    return m.group("office") if m is not None else ""


def last_noun_phrase(region: str) -> str:
    """The speaker phrase ending a sentence prefix before a speech verb."""
    if "-" in region:
        # "then-Chairman of the Joint Chiefs of Staff General Mark Milley": a title held then
        region = _TITLE_TENSE.sub("", region)
    if "—" in region or "–" in region:
        # "General Jackson—bracing behind a canal—bellowed": the aside between dashes is no subject
        region = _DASH_ASIDE.sub("", region)
        # "75 years ago—when the nations came together—President Truman said": a name right
        # after an aside is the subject, whatever clause the aside closed
        after_aside = re.split(r"[—–]", region)[-1].strip()
        if after_aside and "," not in after_aside and proper_tail(after_aside) == after_aside:
            return after_aside
    # "in this space—he said"
    words = (re.sub(r"[—–]", " — ", region) if "—" in region or "–" in region else region).split()
    while len(words) >= 2 and (
        _MANNER.fullmatch(words[-1]) or words[-1].casefold() in _REFLEXIVES or words[-1] in _TIME_ADVERBS
    ):
        words = words[:-1]  # "He specifically said", "who famously proclaimed", "Dr. Seuss once wrote"
    region = " ".join(words)
    if words and words[-1].casefold() in p.PRONOUNS:
        # "when he was pressed, he said": the pronoun right before the verb is the subject,
        # whatever adverbial clause precedes it
        return words[-1].casefold()
    if words and words[-1] == "who":
        relative = relative_subject(region)
        if relative:
            return relative
    region = region.strip()
    clause = _CLAUSE_SUBJECT.search(region)
    if clause is not None and proper_tail(clause.group("who")):
        # "What was it when Joe Biden said": the subject of the clause, not an adverbial after one
        return proper_tail(clause.group("who"))
    adverbial = p.TRAILING_ADVERBIAL.search(region)
    if adverbial is not None and "," not in region[adverbial.start() :].rstrip(","):
        # "President Biden in a statement said"; not "when NATO was created, President Truman said"
        region = region[: adverbial.start()].strip()
    if not region:
        return ""
    last_word = region.split()[-1].casefold().strip(",")
    if last_word in p.PRONOUNS:
        return last_word
    segments = [segment.strip() for segment in re.split(r"[;:()]|,", region.rstrip(","))]
    segments = [segment for segment in segments if segment]
    if not segments:
        return ""
    if region.endswith(",") and len(segments) >= 2:
        # "Jensen Huang, CEO of Nvidia, said": a name and its apposition; "my pastor, Reverend
        # Amos Brown, said": the apposition is the name
        head = proper_tail(segments[-2])
        if head:
            return f"{head}, {segments[-1]}"
        last = proper_tail(segments[-1])
        return last if last and last == segments[-1] and len(last.split()) >= 2 else ""
    tail = segments[-1]
    article = re.match(r"(?:the|The)\s+", tail)
    if article is not None and " ".join(tail[article.end() :].split()).casefold() in DEFINITE_TITLES:
        # "In a visit to Ohio, the President said": the title is the subject, not an apposition
        return tail[article.end() :]
    if tail[:1].islower() and len(segments) >= 2 and re.match(r"(?:a|an|the|who|whose)\b", tail):
        # "Viola Fletcher, a survivor of the massacre, testified": the apposition follows the name
        head = proper_tail(segments[-2])
        if head:
            return f"{head}, {tail}"
        # "In a recent interview, the New York Congresswoman Jane Doe says": no name before the
        # comma, so the words after it are the subject, not an apposition
    words = tail.split()
    if words and words[-1].casefold() in {"and", "but", "then", "who"}:
        # "President Biden signed the order and said": the subject opens the clause; "He
        # looked at me and said": a pronoun does
        if words[0].casefold() in p.PRONOUNS:
            return words[0].casefold()
        subject: list[str] = []
        for word in words:
            if word[:1].isupper() or (word.casefold() in NAME_CONNECTORS and subject):
                subject.append(word)
            else:
                break
        return proper_tail(" ".join(subject))
    return proper_tail(tail)


@lru_cache(maxsize=65536)  # speaker phrases repeat across documents; resolution is pure
def resolve_phrase(
    who: str, registry: ActorRegistry, publisher: Speaker | None
) -> tuple[ParsedName, Speaker]:
    cleaned = p.clean_markdown(who)
    parsed = parse_speaker_phrase(cleaned)
    if parsed.kind in ("pronoun", "anaphor", "none"):
        return parsed, Speaker(parsed.name)
    if (
        parsed.kind == "organisation"
        and not any(c.isupper() for c in parsed.name)
        and not p.CJK.search(parsed.name)
    ):
        return ParsedName(parsed.name, parsed.role, "none"), Speaker(parsed.name)
    return parsed, resolve_speaker(parsed, registry, publisher, cleaned)


# Words that may open a clause before its subject: "And I said, “...”".


def title_case(title: str) -> str:
    """ "vice president" / "VICE PRESIDENT" as printed before a name: "Vice President"."""
    return " ".join(word.capitalize() if word.casefold() != "of" else "of" for word in title.split())


def titled_names(title: str, text: str, pos: int = 0) -> Iterator[re.Match[str]]:
    """Each title followed by a name in `text` from `pos` ("President Joe Biden"), the title as
    `title_case` gives it, where a word boundary opens the title (`patterns.word_starts`: this
    runs over whole documents, once per title and document)."""
    return p.word_starts(_titled_name(title), text, pos)


@lru_cache(maxsize=32)
def _titled_name(title: str) -> re.Pattern[str]:
    return re.compile(re.escape(title) + r"\s+(?:[A-Z][\w’'.\-]*\s+){0,3}[A-Z][\w’'\-]+")
