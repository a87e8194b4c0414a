"""Rules of session 8 on who a sentence names.

The last resort: a sentence whose subject is a known person, ending in a comma before a
quotation of a sentence or more that no other rule attributes ("First Lady Jane Quill
called for national unity, “...”"), and what it must leave alone: titles, the words put to
a subject who was asked, short quotations, subjects that are no person. And the person a
pronoun refers to: someone the speaker says they quote ("I'm going to quote Lindsay Gramm.
And he said, “...”")."""

from __future__ import annotations

import pytest

from support.quote_texts import quote_at, quotes_of, the_quote_at
from tracktwo.narrative.actors import ActorRegistry

SPEECH = "“Now is the time for every state to act and to fund these accounts for our children.”"


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("First Lady Jane Quill called for national unity to fund the accounts,", "Jane Quill"),
        ("Senator Tom Brand, earlier, said — you know, calling for a vote again — said,", "Tom Brand"),
        # longer than a six-word mention: the whole run of capitalised words is the subject
        (
            "Senate Foreign Relations Committee Chair Bob Marvell put out a statement that said, in part,",
            "Bob Marvell",
        ),
    ],
)
def test_a_known_subject_before_a_comma_speaks(registry: ActorRegistry, sentence: str, speaker: str) -> None:
    text = f"The event was held on Monday.  {sentence} {SPEECH}  More followed.\n"
    quote = the_quote_at(quotes_of(text, registry), text, "Now is the time")
    assert (quote.speaker, quote.sector) == (speaker, "government")


@pytest.mark.parametrize(
    "sentence",
    [
        "Senator Tom Brand was asked yesterday,",  # the question is the asker's
        "Senator Tom Brand signed the order,",  # the quotation below is a title
        "Black History Month opened this week with a promise,",  # capitals, no person
        "Then, after a long pause,",  # no subject at all
    ],
)
def test_no_known_subject_or_no_speech_is_nobodys(registry: ActorRegistry, sentence: str) -> None:
    quotation = (
        "“Ensuring the Future Is Made in All of America by All of America’s Workers”"
        if "order" in sentence
        else SPEECH
    )
    text = f"The event was held on Monday.  {sentence} {quotation}  More followed.\n"
    assert quote_at(quotes_of(text, registry), text, quotation[1:10]) is None


def test_a_short_quotation_after_a_comma_is_no_speech(registry: ActorRegistry) -> None:
    text = "The event was held on Monday.  Senator Tom Brand praised the program, “a real success.”\n"
    assert quote_at(quotes_of(text, registry), text, "a real success") is None


@pytest.mark.parametrize("verb", ["I’m going to quote", "I quoted", "quoting", "I cited"])
def test_a_person_quoted_is_what_he_or_she_refers_to(registry: ActorRegistry, verb: str) -> None:
    text = (
        "THE PRESIDENT:  One last thing, and then I’ll move on.  "
        f"{verb} Lindsay Gramm from August 7th.  And he said, “{SPEECH[1:]}\n"
    )
    quote = the_quote_at(quotes_of(text, registry, title="Remarks by President Jane Quill"), text, "Now is")
    assert (quote.speaker, quote.cue) == ("Lindsay Gramm", "pronoun")
