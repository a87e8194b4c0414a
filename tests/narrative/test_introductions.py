"""How a text introduces a person, read for later mentions (quotes.introductions)."""

from __future__ import annotations

from tracktwo.narrative.quotes.introductions import (
    introduced_surname,
    named_in_full,
    role_and_name,
    titled_name_head,
)

TEXT = (
    "HANOI — U.S. Defense Secretary Mark Esper on Wednesday accused rivals of coercion. The Director"
    " of Public Engagement Keisha Lance Bottoms spoke next about engagement.\n"
)


def test_a_surname_the_text_introduced_in_full() -> None:
    assert introduced_surname("Esper", TEXT, 0)
    assert not introduced_surname("Imagine", TEXT, 0)  # never named in full
    assert not introduced_surname("ESPER", TEXT, 0)  # a label's capitals are not a surname as written


def test_given_names_without_words_the_text_writes_in_lower_case() -> None:
    assert named_in_full("Engagement Keisha Lance Bottoms", TEXT) == "Keisha Lance Bottoms"
    assert named_in_full("Engagement Bottoms", TEXT) == ""  # no given name left


def test_a_first_mention_keeps_its_role_and_apposition_not_its_sentence() -> None:
    context = "U.S. Defense Secretary Mark Esper on Wednesday accused China"
    assert role_and_name("Mark Esper", context) == "U.S. Defense Secretary Mark Esper"
    context = "Marcelo Claure, the executive chairman, said in the email"
    assert role_and_name("Marcelo Claure", context) == "Marcelo Claure, the executive chairman"


def test_a_name_with_lower_case_role_words_before_it() -> None:
    assert titled_name_head("study lead author Lucas Paganini")
    assert titled_name_head("Lucas Paganini")
    assert not titled_name_head("the man next to Lucas Paganini")
    assert not titled_name_head("Paganini and his team")
