"""Rules of session 9 on what stands between a speaker and the quotation (parts K and L).

Asides between commas before "that" ("You said, today, to my colleague, that “...”"), an aside
between dashes that says the words are read out ("— and I'm going to read this, the quote —"),
and the subject of a main clause after a subordinate one before a colon ("Though Madison
doubted it, his friend Thomas Jefferson later convinced him: “...”"); not a title after
"titled:"."""

from __future__ import annotations

import pytest

from support.quote_texts import quote_at, quotes_of, the_quote_at
from tracktwo.narrative.actors import ActorRegistry

SPEECH = "“Now is the time for every state to act and to fund these accounts for our children.”"


def test_asides_between_commas_before_that(registry: ActorRegistry) -> None:
    text = (
        "MS. JEAN-PIERRE: I don’t have anything.\n\n"
        f"Q And to go back to yesterday.  You said, today, to my colleague, that {SPEECH}  Why?\n\n"
        "MS. JEAN-PIERRE: Yes.\n"
    )
    quote = the_quote_at(quotes_of(text, registry), text, "Now is the time")
    assert (quote.speaker, quote.cue) == ("MS. JEAN-PIERRE", "addressee")


def test_an_aside_that_the_words_are_read_out(registry: ActorRegistry) -> None:
    text = (
        "Q One more thing.  The U.S. Chamber of Commerce president released a statement saying — "
        f"and I’m going to read this, the quote — {SPEECH}  Your reaction?\n"
    )
    quote = the_quote_at(quotes_of(text, registry), text, "Now is the time")
    assert (quote.speaker, quote.sector) == ("The U.S. Chamber of Commerce", "industry")


def test_another_aside_before_the_quotation_is_left_alone(registry: ActorRegistry) -> None:
    # "— my word —" comments; nothing says whose the words are but the pronoun's referent
    text = f"We had a fine dinner.  And the waiter responded — my word — {SPEECH}  We laughed.\n"
    quote = quote_at(quotes_of(text, registry), text, "Now is the time")
    assert quote is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Though Madison was once concerned that a written bill of rights would fail, his friend "
        "Thomas Jefferson later convinced him:",
        "When the session opened, Thomas Jefferson wrote:",
    ],
)
def test_the_subject_of_the_main_clause_before_a_colon(registry: ActorRegistry, sentence: str) -> None:
    text = f"The day matters.  {sentence} {SPEECH}  In 1789, Congress acted.\n"
    quote = the_quote_at(quotes_of(text, registry), text, "Now is the time")
    assert (quote.speaker, quote.sector) == ("Thomas Jefferson", "government")


def test_a_title_after_titled_is_no_ones_words(registry: ActorRegistry) -> None:
    text = (
        "- On May 12, 2025, President Trump signed an Executive Order titled: “Delivering "
        "Most-Favored-Nation Prescription Drug Pricing to American Patients.”\n"
    )
    assert quote_at(quotes_of(text, registry), text, "Delivering") is None
