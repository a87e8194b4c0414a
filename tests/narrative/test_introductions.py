"""How a text introduces a person, read for later mentions (quotes.introductions)."""

from __future__ import annotations

from tracktwo.narrative.quotes.introductions import (
    first_mention_phrase,
    introduced_surname,
    named_in_full,
    role_and_name,
    role_in_own_sentence,
    titled_name_head,
    titled_surname,
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


FIRST_MENTIONS = (
    "Today we recall a quote from disability rights activist\nJudy Heumann, who once wrote: “Change.”"
    " We thanked Senator Smith and Jane Doe. American Farm Bureau Federation President Zippy Duvall"
    " spoke. Abigail Dillen, President, Earthjustice: “Yes.” Seth Moulton, told journalist Hunter"
    " Walker. Secretary Fudge’s first stop was Lauderhill Point, a housing complex."
)


def test_a_first_mention_with_its_role_words() -> None:
    # lower-case role words, across a hard line wrap; the relative clause is no role
    assert (
        first_mention_phrase("Judy Heumann", FIRST_MENTIONS, 0) == "disability rights activist Judy Heumann"
    )
    # the organisation's name before the title
    assert (
        first_mention_phrase("Zippy Duvall", FIRST_MENTIONS, 0)
        == "American Farm Bureau Federation President Zippy Duvall"
    )
    # a bare title and the body after it
    assert (
        first_mention_phrase("Abigail Dillen", FIRST_MENTIONS, 0)
        == "Abigail Dillen, President of Earthjustice"
    )


def test_a_first_mention_without_the_words_of_its_clause() -> None:
    assert first_mention_phrase("Jane Doe", FIRST_MENTIONS, 0) == "Jane Doe"  # not "Senator Smith and"
    assert first_mention_phrase("Seth Moulton", FIRST_MENTIONS, 0) == "Seth Moulton"  # his act, not a role
    # a possessive and the verb between are no role
    assert (
        first_mention_phrase("Lauderhill Point", FIRST_MENTIONS, 0) == "Lauderhill Point, a housing complex"
    )
    assert first_mention_phrase("Mary Roe", FIRST_MENTIONS, 0) == ""  # never printed
    assert first_mention_phrase("Judy Heumann", FIRST_MENTIONS, FIRST_MENTIONS.index("We thanked")) == ""


def test_a_surname_introduced_by_a_title_alone() -> None:
    text = (
        "We spoke with Prime Minister Netanyahu today. Congresswoman Sheila Jackson Lee spoke."
        " Q Imagine says."
    )
    assert introduced_surname("Netanyahu", text, 0)
    assert not introduced_surname("Sheila", text, 0)  # a given name: a name follows it
    assert not introduced_surname("Imagine", text, 0)  # the reporter's "Q" is no title
    assert titled_surname("Netanyahu", "Prime Minister Netanyahu today")
    assert not titled_surname("Sheila", "Congresswoman Sheila Jackson Lee spoke")


def test_a_list_of_titles_reads_as_an_apposition() -> None:
    text = "Sales fell, chairman, CEO and president Craig Menear said on Tuesday."
    assert first_mention_phrase("Craig Menear", text, 0) == "Craig Menear, chairman, CEO and president"


def test_a_role_given_in_a_sentence_of_its_own() -> None:
    text = "Michelle Hege’s response was concern. Hege is the CEO of DH, the Spokane firm behind it. Later."
    assert role_in_own_sentence("Hege", text, 0) == "CEO of DH, the Spokane firm behind it"
    assert role_in_own_sentence("Doe", text, 0) == ""
    assert role_in_own_sentence("Hege", "Sam Hegemon is the best.", 0) == ""  # a whole word only
