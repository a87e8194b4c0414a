"""How a document introduces a person, read for later mentions: news names someone once in
full with a role ("U.S. Defense Secretary Mark Esper") and then by surname ("Esper said").

Pure functions of the text; the quotation finder asks them whether a lone surname is someone
the text introduced, and under which full name and role.
"""

from __future__ import annotations

import re

from tracktwo.narrative.actors.registry import title_rules
from tracktwo.narrative.quotes.attribution import AFTER_NAME_STOP, full_name_context, is_name_word, mixed_case
from tracktwo.narrative.quotes.patterns import word_starts
from tracktwo.narrative.quotes.phrases import proper_tail


def introduced_surname(word: str, text: str, body_start: int) -> bool:
    """Whether the text names someone in full with this surname ("U.S. Defense Secretary Mark
    Esper ... “...” Esper said") or with a title ("Prime Minister Netanyahu ... Netanyahu says");
    a capitalised word at a sentence start is no surname."""
    # written as a name is ("Esper", "McNally", "O’Neill", "Jean-Pierre"), not an acronym ("NATO")
    if len(word) < 2 or not is_name_word(word) or mixed_case(word.upper()) != word:
        return False
    found = full_name_context(word.upper(), text, body_start)
    if found is None:
        return False
    full, context = found
    if len(full.split()) >= 2:
        return True
    return titled_surname(full, context)


def titled_surname(word: str, context: str) -> bool:
    """Whether a first mention (`full_name_context`) gives the word as a surname after a title:
    "Prime Minister Netanyahu", "Mr. Cairncross"; not a given name ("Congresswoman Sheila
    Jackson Lee")."""
    at = context.find(word)
    before = context[:at].split()
    rules = title_rules()
    return (
        bool(before)
        and before[-1].casefold().rstrip(".") in rules.role_words | rules.honorifics
        and re.match(r"\s+[A-Z]", context[at + len(word) :]) is None
    )


def named_in_full(full: str, text: str, start: int = 0) -> str:
    """A first mention's name without the capitalised words before it that are no given names,
    or "" when none is left: "Director of Public Engagement Keisha Lance Bottoms" → "Keisha
    Lance Bottoms" (the text also writes "engagement" in lower case), "Treasury Janet Yellen" →
    "Janet Yellen"."""
    rules = title_rules()
    *given, surname = full.split()
    given = [
        word
        for word in given[-2:]
        if word.casefold().strip(".") not in rules.role_words | rules.not_speaker_words
        and not written_in_lower_case(word, text, start)
    ]
    return " ".join([*given, surname]) if given else ""


def role_and_name(full: str, context: str) -> str:
    """A first mention as a speaker phrase: the role before the name and an apposition after it
    ("U.S. Defense Secretary Mark Esper", "Marcelo Claure, the company’s executive chairman"),
    not the rest of its sentence ("Mark Esper on Wednesday accused China")."""
    at = context.find(full)
    if at < 0:
        return context
    after = context[at + len(full) :]
    apposition = after.split(",", 2)[1] if after.startswith(",") and after.count(",") >= 1 else ""
    return " ".join(f"{context[:at]} {full}{', ' + apposition if apposition.strip() else ''}".split())


# The words right before a name, commas kept on their words: no other punctuation between them.
# A hard line wrap may fall between them, a blank line may not.
_CLAUSE_WORDS_BEFORE = re.compile(r"(?:[^\s;:.!?()\[\]“”\"—–]+(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*)){1,8}$")
# Lower-case words that link a name to what comes before it, not role words.
_LINK_WORDS = frozenset({"or", "with", "to", "by", "from", "in", "on", "as", "than"})
# A clause after a name, not an apposition: "Jane Doe, told reporters", "Jane Doe, said".
_CLAUSE_AFTER_NAME = re.compile(
    r",\s*(?:(?:who|which|that|[a-z]+ed|says?|said|told|wrote|writes|is|was)\b|\d)"
)
# Words of the clause around a name, which end its role: "a guy named", "first stop was".
_CLAUSE_VERBS = ("is", "was", "are", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did")
_NAMING = ("said", "says", "told", "named", "called")
_RELATIVES = ("who", "whom", "which", "that", "when", "where", "while", "after", "before", "about")
_DETERMINERS = ("a", "an", "this", "these", "those", "including", "like", "such")
_PRONOUNS = ("i", "we", "you", "he", "she", "it", "they", "his", "her", "their", "our", "my", "its", "your")
_CLAUSE_WORDS = frozenset((*_CLAUSE_VERBS, *_NAMING, *_RELATIVES, *_DETERMINERS, *_PRONOUNS))
# Words that may join the words of one name ("Secretary of State") or link two ("Smith and Doe").
_NAME_LINKS = frozenset({"of", "for", "the", "and", "&", "at"})


def first_mention_phrase(name: str, text: str, body_start: int) -> str:
    """The document's first mention of a full name with the role words around it, as a speaker
    phrase: "disability rights activist Judy Heumann", "Adrienne Woodland, spokesperson for AAA";
    just the name when no role words come with it, "" when the text never prints the name.

    Why: news and proclamations give a person's role once, where they first name them, and
    quote them later by name alone ("Judy Heumann, who once wrote: “...”").
    """
    # the name's words as printed, maybe wrapped over two lines
    printed = re.compile(r"\s+".join(map(re.escape, name.split())) + r"(?!\w)")
    found = next(word_starts(printed, text, body_start), None)
    if found is None:
        return ""
    at, end = found.span()
    role = _role_before(text, max(body_start, at - 100), at)
    # the apposition, not what the person then says: "Judy Heumann, who once wrote: “...”"
    after = re.split(r"[:“\"]", AFTER_NAME_STOP.split(text[end : end + 100], maxsplit=1)[0], maxsplit=1)[0]
    if _CLAUSE_AFTER_NAME.match(after):
        after = ""  # "Seth Moulton, told journalist Hunter Walker": his words, not his role
    else:
        # "Abigail Dillen, President, Earthjustice": a bare title and the body it belongs to
        parts = after.split(",", 3)
        if len(parts) > 2 and parts[1].strip().istitle() and len(parts[1].split()) <= 3:
            after = ",".join(parts[:2]) + " of" + parts[2]
    if any(word.endswith(",") for word in role):
        # a list of titles reads as an apposition: "Craig Menear, chairman, CEO and president"
        return f"{name}, {' '.join(role)}"
    return role_and_name(name, " ".join([*role, name]) + after)


def role_in_own_sentence(surname: str, text: str, body_start: int) -> str:
    """A role the text gives a person in a sentence of its own, "" if none: "Hege is the CEO of
    DH, the Spokane advertising firm" gives "CEO of DH, the Spokane advertising firm"."""
    pattern = re.compile(re.escape(surname) + r",?\s+(?:is|was)\s+(?:the|a|an)\s+(?P<role>[^.;:“”\"]{3,80})")
    found = next(word_starts(pattern, text, body_start), None)
    return found.group("role").strip() if found is not None else ""


def _role_before(text: str, start: int, at: int) -> list[str]:
    """The words of a role right before a name at `at`: titles and lower-case role words
    ("disability rights activist", "former Ambassador", "chairman, CEO and president") and the
    organisation's name before them ("American Farm Bureau Federation President"), back to a
    word of the clause around them ("was", "a", "thanked Senator Smith and") or a possessive
    ("Secretary Fudge’s first stop was")."""
    before = _CLAUSE_WORDS_BEFORE.search(text, start, at)
    role_words = title_rules().role_words
    role: list[str] = []
    for word in reversed(before.group().split() if before is not None else []):
        bare = word.rstrip(",")
        folded = bare.casefold()
        in_title_list = bool(role) and role[0].casefold().rstrip(".,") in role_words
        if word.endswith(","):
            # a comma ends the clause, but for a list of titles: "chairman, CEO and president"
            if not (in_title_list and folded.rstrip(".") in role_words):
                break
            role.insert(0, word)
        elif folded == "and" and in_title_list:
            role.insert(0, word)
        elif folded in _NAME_LINKS and role and role[0][:1].isupper():
            role.insert(0, word)  # inside a name: "Secretary of State", "Center for Democracy"
        elif (
            folded in _LINK_WORDS
            or folded in _NAME_LINKS
            or folded in _CLAUSE_WORDS
            or folded.endswith(("’s", "'s"))
            or (word.islower() and folded.endswith(("ed", "ing")))
        ):
            break
        else:
            role.insert(0, word)
    while role and role[0].casefold() in _NAME_LINKS:
        role.pop(0)
    return role


def titled_name_head(head: str) -> bool:
    """Whether the words before a verb are a name, with at most a few lower-case role words
    before it: "Lucas Paganini", "study lead author Lucas Paganini" (not "the man next to")."""
    head = head.strip()
    name = proper_tail(head)
    if name == head:
        return bool(name)
    before = head[: len(head) - len(name)].split()
    return (
        len(name.split()) >= 2
        and len(before) <= 4
        and all(word.casefold() in title_rules().role_words or word.islower() for word in before)
        and not any(word.casefold() in {"to", "with", "and", "of", "for", "by"} for word in before)
    )


def written_in_lower_case(word: str, text: str, start: int = 0) -> bool:
    """Whether `text` from `start` writes the word in lower case (as a word, not a name).

    Callers pass the body's start: a front matter's URL slug writes every name of the title in
    lower case ("...-director-kevin-hassett-...")."""
    lowered = word.lower()
    # the substring test first: most given names never occur in lower case at all
    return (
        text.find(lowered, start) >= 0
        and re.compile(r"\b" + re.escape(lowered) + r"\b").search(text, start) is not None
    )
