"""Attribution rules written for text no rule had seen (eval/fresh part A's failure classes),
each on made-up sentences."""

from __future__ import annotations

import pytest

from support.quote_texts import quotes_of, the_quote_at
from tracktwo.narrative.actors import ActorRegistry
from tracktwo.narrative.quotes.attribution import parse_speaker_phrase

# --- quotations inside transcript turns ---------------------------------------------------------


def test_quotation_in_a_turn_attributed_by_relative_who_said(registry: ActorRegistry) -> None:
    text = (
        "MS. HARLOW:  Well, the nominee has been praised by the former Governor of Ohio, Dana Pembry,"
        " who said on her behalf last spring, “She is the most careful lawyer I have worked with.”"
        "  So I think that speaks for itself.\n"
    )
    found = quotes_of(text, registry)
    quote = the_quote_at(found, text, "She is the most careful")
    assert quote.text == "She is the most careful lawyer I have worked with."
    assert (quote.speaker, quote.sector) == ("Dana Pembry", "government")
    turn = [q for q in found if q.kind == "transcript"]
    assert turn and turn[0].speaker == "MS. HARLOW"


def test_pronoun_with_a_parenthetical_refers_to_the_person_named_before(registry: ActorRegistry) -> None:
    text = (
        "MR. OKAFOR:  Let me read you a criticism.  It comes from Senator Rosa Delgado.  She writes,"
        " in a column for her local paper, “The plan leaves our ports exposed for another decade.”"
        "  How do you answer her?\n"
    )
    quote = the_quote_at(quotes_of(text, registry), text, "The plan leaves")
    assert (quote.speaker, quote.sector, quote.cue) == ("Rosa Delgado", "government", "pronoun")


def test_pronoun_prefers_the_subject_of_an_earlier_sentence(registry: ActorRegistry) -> None:
    text = (
        "Q    Governor Ellen Marsh, in March, gave an interview to Tom Ruiz of a local station.  And in"
        " that interview, she said the grid was fine.  Then, when she was pressed, she said, “We have no"
        " shortage of power this winter.”  What changed?\n"
    )
    quote = the_quote_at(quotes_of(text, registry), text, "We have no")
    assert (quote.speaker, quote.sector) == ("Ellen Marsh", "government")  # not Tom Ruiz


def test_turn_speaker_keeps_a_quotation_nobody_else_is_named_for(registry: ActorRegistry) -> None:
    text = "THE PRESIDENT:  And I said to them, “Build it here and you pay nothing.”  They did.\n"
    found = quotes_of(text, registry)
    # a speaker quoting himself: the quotation is his, under his label when no title names him
    assert [q.kind for q in found] == ["transcript", "quote"]
    assert the_quote_at(found, text, "Build it here").speaker == "THE PRESIDENT"


def test_pronoun_ignores_capitalised_words_that_name_no_person(registry: ActorRegistry) -> None:
    text = (
        "We visited the Copper Valley Museum last week.  He said, “This is the finest collection I"
        " have seen.”\n"
    )
    assert not [q for q in quotes_of(text, registry) if q.kind == "quote"]


# --- Markdown links, titles and objects before the quotation -------------------------------------


def test_link_markup_around_the_verb_and_the_title_holder(registry: ActorRegistry) -> None:
    text = (
        "President Alvarez visited three factories this month.\n\n"
        "At a stop in Dayton, the President [said](https://example.org/remarks) that the aim is to"
        " “bring every one of these jobs home.” Orders rose after the visit.\n"
    )
    quote = the_quote_at(quotes_of(text, registry), text, "bring every")
    assert (quote.speaker, quote.sector) == ("President Alvarez", "government")


def test_a_bare_title_speaks_for_the_person_the_document_names(registry: ActorRegistry) -> None:
    text = (
        "First Lady Nora Quint opened the exhibit on Tuesday.\n\n"
        "The First Lady stated, “Every child should see this.”\n"
    )
    quote = the_quote_at(quotes_of(text, registry), text, "Every child")
    assert (quote.speaker, quote.sector) == ("Nora Quint", "government")


def test_bare_title_without_a_named_holder_stays_a_title(registry: ActorRegistry) -> None:
    text = "The President said, “We will not wait for the next storm.”\n"
    quote = the_quote_at(quotes_of(text, registry), text, "We will not")
    assert quote.speaker == "President"


def test_announced_his_intention_to(registry: ActorRegistry) -> None:
    text = (
        "- The Chancellor hosted Canadian Prime Minister Lucas Fortier, who"
        " [announced](https://example.org/x) his intention to “double our purchases of American"
        " grain,” and to open two consulates.\n"
    )
    quote = the_quote_at(quotes_of(text, registry), text, "double our")
    assert (quote.speaker, quote.sector, quote.country) == ("Lucas Fortier", "government", "CA")


def test_called_on_someone_to_in_their_words(registry: ActorRegistry) -> None:
    text = (
        "Governor Pia Lund [called on](https://example.org/y) the legislature to pass a budget"
        " “that funds every classroom in the state.”\n"
    )
    quote = the_quote_at(quotes_of(text, registry), text, "that funds")
    assert (quote.speaker, quote.sector) == ("Pia Lund", "government")


def test_said_with_a_parenthetical_between_commas(registry: ActorRegistry) -> None:
    text = "Senator Ada Ng says, in a letter to colleagues, “The deadline is not negotiable.”\n"
    quote = the_quote_at(quotes_of(text, registry), text, "The deadline")
    assert (quote.speaker, quote.sector) == ("Ada Ng", "government")


# --- lists ---------------------------------------------------------------------------------------


def test_quotation_as_sub_item_speaks_for_the_parent_items_subject(registry: ActorRegistry) -> None:
    text = (
        "-   **Brightwater Foods Inc.**\n"
        "    [announced](https://example.org/z) a $2 billion plant in Iowa.\n"
        "    -   “This investment reflects our confidence in American farmers.”\n"
        "-   **Other news** followed.\n"
    )
    quote = the_quote_at(quotes_of(text, registry), text, "This investment")
    assert (quote.speaker, quote.sector, quote.cue) == ("Brightwater Foods Inc.", "industry", "parent_item")


def test_sub_item_under_a_heading_without_speech_is_not_attributed(registry: ActorRegistry) -> None:
    text = "-   **Brightwater Foods Inc.**\n    -   “A better harvest”\n"
    assert not [q for q in quotes_of(text, registry) if q.kind == "quote"]


# --- sectors ---------------------------------------------------------------------------------------


def test_trade_association_named_after_its_industry_is_industry(registry: ActorRegistry) -> None:
    text = (
        "-   [Midwest Ethanol Producers Association:](https://example.org/a) “We welcome the"
        " decision.”\n"
        "-   [Plains Soybean Council:](https://example.org/b) “Farmers will benefit.”\n"
    )
    found = quotes_of(text, registry)
    assert the_quote_at(found, text, "We welcome").sector == "industry"
    assert the_quote_at(found, text, "Farmers will").sector == "industry"


def test_moderator_of_a_government_press_call_is_government(registry: ActorRegistry) -> None:
    text = "MODERATOR:  Thanks, everyone.  Our first question goes to a reporter.\n\nQ    Thanks.\n"
    found = quotes_of(
        text,
        registry,
        title="Background Press Call on Trade",
        url="https://www.whitehouse.gov/briefings/x",
    )
    turn = [q for q in found if q.speaker == "MODERATOR"]
    assert turn and (turn[0].sector, turn[0].country) == ("government", "US")
    forum = quotes_of(text, registry, title="Remarks at a Technology Forum", url="https://example.org/x")
    assert [q.sector for q in forum if q.speaker == "MODERATOR"] == ["unknown"]


def test_label_resolved_through_a_title_with_connectors(registry: ActorRegistry) -> None:
    text = "MR. OSTROM:  Good afternoon.\n"
    found = quotes_of(
        text,
        registry,
        title="Press Briefing by NSC Coordinator for Strategic Communications Pete Ostrom",
        url="https://www.whitehouse.gov/briefings/y",
    )
    assert [(q.speaker, q.sector) for q in found] == [("MR. OSTROM", "government")]


@pytest.mark.parametrize(
    ("phrase", "name", "role"),
    [
        ("Secretary of Labor Jane Roe-Smith", "Jane Roe-Smith", "Secretary of Labor"),
        ("U.S. Secretary of Energy John Doe", "John Doe", "U.S. Secretary of Energy"),
        ("Mayor of Springfield Ann Lee", "Ann Lee", "Mayor of Springfield"),
    ],
)
def test_the_word_after_a_title_and_of_is_the_department_not_a_given_name(
    phrase: str, name: str, role: str
) -> None:
    parsed = parse_speaker_phrase(phrase)
    assert (parsed.name, parsed.role, parsed.kind) == (name, role, "person")


# --- speakers quoting themselves in a turn ------------------------------------------------------


def test_i_said_in_a_turn_is_the_turn_speaker_named_by_the_document_title(registry: ActorRegistry) -> None:
    text = (
        "THE PRESIDENT:  I met him last week, and he asked me why.  And I said, “Because we build"
        " things here and we always have.”  He laughed.\n"
    )
    found = quotes_of(text, registry, title="Remarks by President Jane Quill at a Factory Opening")
    quote = the_quote_at(found, text, "Because we build")
    assert (quote.speaker, quote.sector) == ("Jane Quill", "government")  # a full name: no title


def test_i_said_in_a_turn_without_a_titled_name_keeps_the_label(registry: ActorRegistry) -> None:
    text = "MS. ODELL:  I told them plainly.  I said, “We will not wait another year for this.”\n"
    found = quotes_of(text, registry, title="Press Briefing by Press Secretary Nora Odell")
    quote = the_quote_at(found, text, "We will not wait")
    assert quote.speaker == "MS. ODELL"


def test_i_said_outside_a_transcript_is_not_attributed(registry: ActorRegistry) -> None:
    text = "In the letter the author recalls a meeting.  I said, “We will not wait another year for this.”\n"
    found = quotes_of(text, registry)
    assert not [q for q in found if q.kind == "quote"]


def test_the_title_holder_is_the_publishers_not_a_foreign_one(registry: ActorRegistry) -> None:
    text = (
        "President Putin spoke on Monday.  President Putin repeated his demands, and President Putin"
        " left.  Later the President said, “We will keep talking, but not at any price.”\n"
    )
    found = quotes_of(text, registry, url="https://www.whitehouse.gov/briefings/x/")
    quote = the_quote_at(found, text, "We will keep talking")
    assert quote.speaker != "President Putin"


def test_a_relative_named_by_first_name_is_the_referent_of_a_pronoun(registry: ActorRegistry) -> None:
    text = (
        "THE PRESIDENT:  When my daughter Maisie started at the plant, she was nervous.  Then she said,"
        " “Dad, these machines are safer than the old ones.”  I believed her.\n"
    )
    found = quotes_of(text, registry)
    assert the_quote_at(found, text, "Dad, these machines").speaker == "Maisie"


def test_a_possessive_before_a_speech_noun_names_the_speaker(registry: ActorRegistry) -> None:
    text = (
        "Q:  And on Senator Dana Pembry’s comments yesterday, she said, “The bill is ready and we"
        " should vote.”  Is the White House on board?\n"
    )
    found = quotes_of(text, registry)
    assert the_quote_at(found, text, "The bill is ready").speaker == "Dana Pembry"


# --- session 4: quotations of other people inside turns (parts B and C) --------------------------

_BRIEFING = {"url": "https://www.whitehouse.gov/briefings/", "date": "2023-06-01"}


def test_you_said_in_a_question_is_the_one_who_answers(registry: ActorRegistry) -> None:
    text = (
        "Q    Thanks.  Admiral, you said last week about the port deal, “We will not sign it this year.”"
        "  Is that still true?\n\n"
        "MR. KIRBY:  It is.  Nothing has changed.\n"
    )
    quote = the_quote_at(quotes_of(text, registry, **_BRIEFING), text, "We will not sign")
    assert (quote.speaker, quote.cue, quote.sector) == ("MR. KIRBY", "addressee", "government")


def test_you_said_with_nobody_answering_stays_unattributed(registry: ActorRegistry) -> None:
    text = "Q    Admiral, you said last week about the port deal, “We will not sign it this year.”\n"
    found = quotes_of(text, registry, **_BRIEFING)
    assert not [q for q in found if q.kind == "quote"]


def test_the_first_lady_unnamed_in_the_document_is_the_holder_on_its_date(registry: ActorRegistry) -> None:
    text = (
        "MS. JEAN-PIERRE:  We were all watching the games.  As the first lady said, and I quote,"
        " “Our team carried more than a flag to Paris this summer.”  Now, on to the schedule.\n"
    )
    quote = the_quote_at(quotes_of(text, registry, **_BRIEFING), text, "Our team carried")
    assert (quote.speaker, quote.sector, quote.country) == ("Jill Biden", "government", "US")
    later = quotes_of(text, registry, url=_BRIEFING["url"], date="2025-06-01")
    assert the_quote_at(later, text, "Our team carried").speaker == "Melania Trump"


def test_a_pronoun_refers_to_the_speaker_of_the_house_named_by_title(registry: ActorRegistry) -> None:
    text = (
        "MS. JEAN-PIERRE:  I do not think the Speaker needs a back channel.\n"
        "He said — he himself said yesterday that “I will bring the aid bill to the floor.”\n"
    )
    quote = the_quote_at(quotes_of(text, registry, **_BRIEFING), text, "I will bring")
    assert (quote.speaker, quote.cue) == ("Kevin McCarthy", "pronoun")


def test_the_statement_said_is_the_body_that_issued_it(registry: ActorRegistry) -> None:
    text = (
        "Q    Thank you.\n"
        "The White House today put out a sharply worded statement about the committee.\n"
        "The statement said, “The committee has handed its gavel to the loudest voices.”\n"
    )
    quote = the_quote_at(quotes_of(text, registry, **_BRIEFING), text, "The committee has handed")
    assert (quote.speaker, quote.cue) == ("The White House", "anaphor")


def test_named_relatives_habitual_and_like_speech(registry: ActorRegistry) -> None:
    text = (
        "THE VICE PRESIDENT:  I met my husband, Dana Whitfield, at a fundraiser.\n\n"
        "Dana is so funny.  He’s like, “Honey, our list of wins reads like a grocery receipt.”\n\n"
        "My grandmother, Ruth Ellen Marsh, was tough.  But my grandmother, she used to say,"
        " “Never bow and never give up on the work.”\n"
    )
    found = quotes_of(text, registry, **_BRIEFING)
    assert the_quote_at(found, text, "Honey, our list").speaker == "Dana Whitfield"
    assert the_quote_at(found, text, "Never bow").speaker == "Ruth Ellen Marsh"


def test_a_spoken_quote_mark_is_no_speaker(registry: ActorRegistry) -> None:
    text = (
        "Q    On another matter, you have said that you want an alternative to the, quote,"
        " “coercive lending of the state banks.”\n\n"
        "MR. SULLIVAN:  That is right.\n"
    )
    quote = the_quote_at(quotes_of(text, registry, **_BRIEFING), text, "coercive lending")
    assert quote.speaker == "MR. SULLIVAN"


def test_a_known_subject_before_a_colon_speaks_a_long_quotation(registry: ActorRegistry) -> None:
    text = (
        "First Lady Jill Biden’s speech opened the summit.\n\n"
        "And the First Lady ended the evening with a challenge to the audience: “make a pledge to"
        " read with one child every week this year.”\n\n"
        "The President signed two bills: “the Ports Act.”\n"
    )
    found = quotes_of(text, registry, **_BRIEFING)
    quote = the_quote_at(found, text, "make a pledge")
    assert (quote.speaker, quote.cue) == ("Jill Biden", "subject_colon")
    assert not [q for q in found if q.text == "the Ports Act."]  # a title after a colon


def test_a_link_around_the_verb_hides_no_speaker(registry: ActorRegistry) -> None:
    url = "https://example.com/press/" + "a%20long%20fragment.%20With%20dots." * 8
    text = (
        "Nvidia announced a plant in Texas.\n\n"
        f"The chipmaker Nvidia\n[said]({url})\nit represents a “new era of American manufacturing for"
        " our customers.”\n"
    )
    quote = the_quote_at(quotes_of(text, registry), text, "new era of")
    assert (quote.speaker, quote.sector) == ("Nvidia", "industry")


def test_according_to_after_a_quotation(registry: ActorRegistry) -> None:
    text = (
        "More companies look at “expanding their presence or setting up shop in the United States,”"
        " [according to a new report from Reuters](https://www.reuters.com/x) — and the trend grows.\n"
    )
    quote = the_quote_at(quotes_of(text, registry), text, "expanding their")
    assert (quote.speaker, quote.sector, quote.cue) == ("Reuters", "media", "according_to")


def test_a_pronoun_glued_to_a_dash_and_a_spoken_quote(registry: ActorRegistry) -> None:
    text = (
        "Years ago, Senator Dana Whitfield addressed the Arms Control Association about her"
        " long commitment to this cause—she said quote, “we must invent new approaches to meet"
        " changing threats.”\n"
    )
    quote = the_quote_at(quotes_of(text, registry), text, "we must invent")
    assert (quote.speaker, quote.sector) == ("Dana Whitfield", "government")


# --- session 4, part E: failure classes of a development part of any topic -----------------------


def test_a_quotation_opening_its_sentence_after_reported_speech(registry: ActorRegistry) -> None:
    text = (
        "Q    Thanks.  Dana Whitfield made a prediction about the race, and I want your response."
        "  I will quote what she said at an event.  Quote, “My bet is that the nominee will change"
        " within a month.”\n\n"
        "MS. JEAN-PIERRE:  I cannot speak to that.\n"
    )
    quote = the_quote_at(quotes_of(text, registry, **_BRIEFING), text, "My bet is")
    assert quote.speaker == "Dana Whitfield"


def test_you_said_in_the_sentence_before_a_quote_is_the_one_who_answers(registry: ActorRegistry) -> None:
    text = (
        "Q    You said earlier today that there were concerns with the leadership.  Quote, “It is"
        " clear that the leadership can do better.”  Can you clarify?\n\n"
        "MS. PSAKI:  Sure.\n"
    )
    quote = the_quote_at(quotes_of(text, registry, **_BRIEFING), text, "It is clear")
    assert (quote.speaker, quote.cue) == ("MS. PSAKI", "addressee")


def test_a_clause_opener_is_no_part_of_the_name_and_an_adverb_no_subject(registry: ActorRegistry) -> None:
    text = (
        "Q    When the President went to Riyadh, he said, “I am doing all I can to raise the supply.”"
        "  Separately, he specifically said, “We have to change the way the internet works.”\n"
    )
    found = quotes_of(text, registry, url=_BRIEFING["url"], date="2022-10-04")
    assert the_quote_at(found, text, "I am doing").speaker == "Joe Biden"
    assert the_quote_at(found, text, "We have to change").speaker == "Joe Biden"


def test_clergy_words_of_a_named_person_and_a_title_word_as_surname(registry: ActorRegistry) -> None:
    text = (
        "THE VICE PRESIDENT:  So, my pastor, Reverend Dr. Amos Carter, said to me recently, “We are"
        " called to do justice and to love mercy.”\n\n"
        "Let us remember the words of the great Coretta Scott King.  She said, “The fight for civil"
        " rights must be won with each generation.”\n"
    )
    found = quotes_of(text, registry, **_BRIEFING)
    pastor = the_quote_at(found, text, "We are")
    assert (pastor.speaker, pastor.sector) == ("Amos Carter", "civil_society")
    assert the_quote_at(found, text, "The fight").speaker == "Coretta Scott King"


def test_a_relative_who_after_of_and_a_formula_after_the_name(registry: ActorRegistry) -> None:
    text = (
        "THE PRESIDENT:  Near here is the statue of John Winthrop, who famously proclaimed that we"
        " would be “a city upon a hill, with the eyes of all people upon us.”  Seventy-five years"
        " ago, when our nations created NATO, former President Truman said, and I quote, “What we are"
        " about to do here is a neighborly act.”\n"
    )
    found = quotes_of(text, registry, **_BRIEFING)
    assert the_quote_at(found, text, "a city upon").speaker == "John Winthrop"
    assert the_quote_at(found, text, "What we are").speaker == "President Truman"


def test_a_progressive_report_carries_over_and_to_the_next_quotation(registry: ActorRegistry) -> None:
    text = (
        "Q    Speaker\nJohnson — he put out a statement on the border.  He’s saying that the Vice"
        " President wants Congress to, quote, “grant amnesty to people who came here,” and “her"
        " solution is to reward the chaos.”  Can you respond?\n"
    )
    found = quotes_of(text, registry, url=_BRIEFING["url"], date="2024-01-23")
    first = the_quote_at(found, text, "grant amnesty")
    second = the_quote_at(found, text, "her solution")
    assert first.speaker == second.speaker == "Speaker Johnson"
    assert (first.sector, first.person) == ("government", "Mike Johnson")


def test_a_name_in_a_title_ends_at_a_title_case_preposition(registry: ActorRegistry) -> None:
    text = (
        "---\ntitle: Remarks by President Trump During Hurricane Helene Briefing\ndate: 2025-05-01\n"
        "source_url: https://www.whitehouse.gov/remarks/\n---\n\n"
        "THE PRESIDENT:  And I said, “Do you think it is fair that we pay for all of it?”\n"
    )
    body = text.index("THE PRESIDENT")
    found = quotes_of(
        text, registry, body_start=body, title="Remarks by President Trump During Hurricane Helene Briefing",
        date="2025-05-01", url="https://www.whitehouse.gov/remarks/",
    )  # fmt: skip
    assert the_quote_at(found, text, "Do you think").speaker == "President Trump"


def test_president_and_ceo_is_a_company_title(registry: ActorRegistry) -> None:
    text = "**Mark Fields, President & CEO, Barrow Mining:** “We support the plan to speed up permits.”\n"
    quote = the_quote_at(quotes_of(text, registry), text, "We support")
    assert (quote.speaker, quote.sector) == ("Mark Fields", "industry")


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        (
            "This order fulfills President Biden’s promise to “take steps to ban large investors from"
            " buying homes.”\n",
            "take steps",
            "President Biden",
        ),
        (
            "One part of that roadmap, President Biden explained, is “building an even bigger coalition"
            " for safer streets.”\n",
            "building an",
            "President Biden",
        ),
        (
            "The Government Accountability Office released a report last year finding “No area of the"
            " federal government is immune to fraud.”\n",
            "No area",
            "Government Accountability Office",
        ),
        (
            "The Environmental Protection Agency announced it “successfully completed its mission in"
            " Western North Carolina.”\n",
            "successfully",
            "Environmental Protection Agency",
        ),
    ],
)
def test_possessive_parenthetical_report_and_clausal_speech(
    registry: ActorRegistry, text: str, words: str, speaker: str
) -> None:
    assert the_quote_at(quotes_of(text, registry), text, words).speaker == speaker


def test_a_quotation_after_a_finished_one_is_not_attributed_backwards(registry: ActorRegistry) -> None:
    text = "He said, “We will build it.”  Separately, Senator Dana Whitfield said, “We will not pay.”\n"
    found = quotes_of(text, registry, **_BRIEFING)
    assert the_quote_at(found, text, "We will not pay").speaker == "Dana Whitfield"
    # the words after the first quotation introduce the second one
    assert all(q.speaker != "Dana Whitfield" for q in found if q.text.startswith("We will build"))


# --- session 4, part F ------------------------------------------------------------------------------


def test_she_is_not_the_narrator_quoting_himself_in_between(registry: ActorRegistry) -> None:
    text = (
        "THE PRESIDENT:  I met Prime Minister Dana Whitfield before the war.  She looked at me, and"
        " she said, “You look worried, Senator.”  I said, “I am.”  She said, “Do not worry, we have"
        " a secret weapon.”\n"
    )
    found = quotes_of(text, registry, **_BRIEFING)
    assert the_quote_at(found, text, "I am.").speaker != "Dana Whitfield"
    assert the_quote_at(found, text, "Do not worry").speaker == "Dana Whitfield"


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        ("Senator Dana Whitfield once wrote, “The more that you read, the more you will know.”\n",
         "The more", "Dana Whitfield"),
        ("Senator Dana Whitfield came by.  He looked at me and said, “Dad, I know who runs the Army.”\n",
         "Dad, I", "Dana Whitfield"),
        ("Senator Dana Whitfield—bracing behind a small canal and a wall—bellowed to his men: “Give it to"
         " them, my boys, today!”\n", "Give it", "Dana Whitfield"),
    ],
)  # fmt: skip
def test_adverbs_pronoun_clauses_and_dash_asides_before_the_verb(
    registry: ActorRegistry, text: str, words: str, speaker: str
) -> None:
    assert the_quote_at(quotes_of(text, registry), text, words).speaker == speaker


def test_a_pronoun_refers_to_a_person_of_the_paragraph_before(registry: ActorRegistry) -> None:
    text = (
        "The program is a testament to First Lady Dana Whitfield and her work.\n\n"
        "Thousands of Americans wrote to ask how to help.  And she would write back saying, “Go out"
        " and help a neighbor who needs help.”\n"
    )
    quote = the_quote_at(quotes_of(text, registry), text, "Go out")
    assert (quote.speaker, quote.sector) == ("Dana Whitfield", "government")
