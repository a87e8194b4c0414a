"""Sectors from titles and the registry, and names from a document's mentions (session 9).

Found on the development parts K and L: offices written another way ("Undersecretary of
Defense", "the president's council of economic advisors", "Special Assistant to the
President"), a farm as a business, large companies, a round-up entry's date after its speaker,
the full name given below a heading that names someone by title and surname only, and a verb
after a name that ends the words describing the person."""

from __future__ import annotations

import pytest

from support.quote_texts import quotes_of, the_quote_at
from tracktwo.narrative.actors import ActorRegistry
from tracktwo.narrative.actors.registry import resolve_by_title
from tracktwo.narrative.quotes.attribution import full_name_context

SPEECH = "“Now is the time for every state to act and to fund these accounts for our children.”"


@pytest.mark.parametrize(
    ("role", "sector"),
    [
        ("Former Acting Undersecretary of Defense for Intelligence and Security", "security"),
        ("member of the president’s council of economic advisors", "government"),
        ("Special Assistant to the President", "government"),
        ("Smith Tomato Farm (Steele, AL)", "industry"),
        ("Farm Credit Administration", "government"),  # the body's kind decides first
    ],
)
def test_offices_and_bodies_written_other_ways(role: str, sector: str) -> None:
    assert resolve_by_title(role).sector == sector


@pytest.mark.parametrize("company", ["AT&T", "Walmart", "Pfizer", "Home Depot"])
def test_large_companies_in_round_ups_are_industry(registry: ActorRegistry, company: str) -> None:
    text = f"Leaders praised the plan.\n\n**{company}:** {SPEECH}\n"
    quote = the_quote_at(quotes_of(text, registry), text, "Now is the time")
    assert quote.sector == "industry"


def test_a_round_up_entrys_date_is_no_part_of_its_speaker(registry: ActorRegistry) -> None:
    text = (
        "**For months, we warned about the damage:**\n\n"
        "[Secretary of the Treasury Scott Bessent\n(10/2/25)](https://www.example.com/a):\n"
        f"{SPEECH}\n"
    )
    quote = the_quote_at(quotes_of(text, registry), text, "Now is the time")
    assert (quote.speaker, quote.sector) == ("Scott Bessent", "government")


def test_a_title_and_surname_is_the_full_name_a_later_mention_gives(registry: ActorRegistry) -> None:
    text = (
        "*Director Quill Delivers the National Statement*\n\n"
        "**Vienna** – Drug Policy Director Sara Quill addressed the commission today.\n\n"
        f"{SPEECH[:-2]},” said Director Quill.  She met delegates.\n"
    )
    quote = the_quote_at(quotes_of(text, registry), text, "Now is the time")
    assert quote.speaker == "Sara Quill"


def test_a_verb_after_a_name_ends_the_words_that_describe_the_person() -> None:
    text = "And Dr. Murthy will discuss Pfizer’s vaccine application with us."
    assert full_name_context("MURTHY", text, 0) == ("Murthy", "And Dr. Murthy")
    described = "Jim Taiclet, the CEO of Lockheed Martin, spoke."
    assert full_name_context("TAICLET", described, 0) == (
        "Jim Taiclet",
        "Jim Taiclet, the CEO of Lockheed Martin, spoke",
    )


def test_the_words_before_a_name_stop_at_the_sentence_before() -> None:
    text = "Welcome to the town hall with Vice President Kamala Harris.  I’m Anderson Cooper."
    assert full_name_context("COOPER", text, 0) == ("Anderson Cooper", "I’m Anderson Cooper")
    titled = "We heard from U.S. Sen. Jane Quill of Ohio."
    assert full_name_context("QUILL", titled, 0) == ("Jane Quill", "U.S. Sen. Jane Quill of Ohio")
