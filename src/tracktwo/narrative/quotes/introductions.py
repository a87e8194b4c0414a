"""How a document introduces a person, read for later mentions: news names someone once in
full with a role ("U.S. Defense Secretary Mark Esper") and then by surname ("Esper said").

Pure functions of the text; the quotation finder asks them whether a lone surname is someone
the text introduced, and under which full name and role.
"""

from __future__ import annotations

import re

from tracktwo.narrative.actors.registry import title_rules
from tracktwo.narrative.quotes.attribution import full_name_context, is_name_word
from tracktwo.narrative.quotes.phrases import proper_tail


def introduced_surname(word: str, text: str, body_start: int) -> bool:
    """Whether the text names someone in full with this surname ("U.S. Defense Secretary Mark
    Esper ... “...” Esper said"); a capitalised word at a sentence start is no surname."""
    if not is_name_word(word) or not word[1:].islower():
        return False
    found = full_name_context(word.upper(), text, body_start)
    return found is not None and len(found[0].split()) >= 2


def named_in_full(full: str, text: str) -> str:
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
        and not _written_in_lower_case(word, text)
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


def _written_in_lower_case(word: str, text: str) -> bool:
    lowered = word.lower()
    # the substring test first: most given names never occur in lower case at all
    return lowered in text and re.search(r"\b" + re.escape(lowered) + r"\b", text) is not None
