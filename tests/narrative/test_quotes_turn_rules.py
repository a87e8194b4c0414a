"""Attribution rules of session 7, each on made-up texts: a speaker quoting themselves in
the last clause of a long sentence ("..., and I said"), the name a document's title gives a
turn's speaker, the person behind an honorific label quoting themselves, and the name
mentions a pronoun can refer to (whole-word connectors, an office held is no mention), the
sector of a former official, and news-style attributions (a role before the name in
apposition, a name and its body joined by "of", capitalised name particles)."""

from __future__ import annotations

import pytest

from support.quote_texts import quote_at, quotes_of, the_quote_at
from tracktwo.narrative.actors import ActorRegistry
from tracktwo.narrative.quotes.attribution import capacity, parse_speaker_phrase

TITLE = "Remarks by President Jane Quill at a Factory Opening"


@pytest.mark.parametrize(
    "sentence",
    [
        "I went up there, and I said,",
        "And so, I go to the event with this guy, Bob Meyers, a really bright guy, and I said,",
        "I told him — I said,",
        "I asked them — and you may remember this — I said,",
        "We had a long talk. And I said,",
    ],
)
def test_i_said_in_the_last_clause_is_the_turn_speaker(registry: ActorRegistry, sentence: str) -> None:
    text = f"THE PRESIDENT:  Thank you.  {sentence} “We are going to fix this bridge in a matter of weeks.”\n"
    quote = the_quote_at(quotes_of(text, registry, title=TITLE), text, "We are going to fix")
    assert (quote.speaker, quote.sector, quote.cue) == ("Jane Quill", "government", "said_before")


@pytest.mark.parametrize(
    "sentence",
    [
        "If I said,",  # a hypothetical: nobody said it
        "That is not what I said,",  # "I" is no subject of a report of speech here
    ],
)
def test_i_inside_a_clause_that_reports_no_speech_is_nobodys(registry: ActorRegistry, sentence: str) -> None:
    text = f"THE PRESIDENT:  Thanks.  {sentence} “Give me the money right now and nobody gets hurt,” folks.\n"
    assert quote_at(quotes_of(text, registry, title=TITLE), text, "Give me the money") is None


def test_i_said_in_the_last_clause_outside_a_transcript_is_not_attributed(registry: ActorRegistry) -> None:
    text = "The author recalls a meeting, and I said, “We will not wait another year for this.”\n"
    assert quote_at(quotes_of(text, registry), text, "We will not wait") is None


@pytest.mark.parametrize(
    ("title", "speaker"),
    [
        ("Remarks by President Biden Commemorating the Anniversary of the Act", "President Biden"),
        ("Remarks by President Biden Honoring the Champions", "President Biden"),
        ("Remarks by Vice President Harris Highlighting New Investments", "Vice President Harris"),
    ],
)
def test_a_title_case_verb_after_the_name_in_the_title_is_no_name(
    registry: ActorRegistry, title: str, speaker: str
) -> None:
    label = "THE VICE PRESIDENT" if "Vice" in title else "THE PRESIDENT"
    text = f"{label}:  Thank you all.  And I said, “We will get this done before the winter comes.”\n"
    quote = the_quote_at(quotes_of(text, registry, title=title, date="2023-05-01"), text, "We will get")
    assert (quote.speaker, quote.sector) == (speaker, "government")
    assert quote.person in ("Joe Biden", "Kamala Harris")


def test_a_name_ending_in_ing_in_a_title_is_kept(registry: ActorRegistry) -> None:
    # the name before "Downing" is no registered person: the word stays in the name
    text = "THE SENATOR:  Thank you.  And I said, “We will get this done before the winter comes.”\n"
    found = quotes_of(text, registry, title="Remarks by Senator Troy Downing on the Budget")
    assert the_quote_at(found, text, "We will get").speaker != "Senator Troy"


def test_an_honorific_label_quoting_itself_is_the_person_the_document_introduces(
    registry: ActorRegistry,
) -> None:
    text = (
        "Joining us today is Tony Carvalho, the chair of the National Council on Disability.\n\n"
        "MR. CARVALHO:  Thank you.  I went up to him one time, and I said, “You are going to go"
        " someplace at some point.”\n"
    )
    found = quotes_of(text, registry)
    quote = the_quote_at(found, text, "You are going to go")
    turn = next(q for q in found if q.kind == "transcript")
    assert quote.speaker == "MR. CARVALHO"
    assert quote.person == turn.person == "Tony Carvalho"


def test_a_name_mention_takes_connectors_only_as_whole_words(registry: ActorRegistry) -> None:
    # "de" opens "detailed": "President Okonkwo de" is no name, and the subject was lost
    text = (
        "Here are the highlights:\n\n"
        "- **President Okonkwo** [**detailed**](https://x.com/status/1952708025178832934) **trade talks"
        " with India:** “We are going to do a great deal of business with India, and soon.”\n"
    )
    quote = the_quote_at(quotes_of(text, registry), text, "We are going to do")
    assert (quote.speaker, quote.cue) == ("President Okonkwo", "subject_colon")


def test_an_office_once_held_is_no_referent_of_a_pronoun(registry: ActorRegistry) -> None:
    text = (
        "THE PRESIDENT:  I’ve spent more time with Xi Jinping of China than any world leader has,"
        " when I was Vice President and to this day.\n\n"
        "And here’s the deal: He asked me, on the plateau.  He said, “Can you define America for me"
        " in one word?”  I said, “Yes.”\n"
    )
    found = quotes_of(
        text,
        registry,
        title="Remarks by President Biden",
        date="2022-05-01",
        url="https://www.whitehouse.gov/x/",
    )
    quote = the_quote_at(found, text, "Can you define")
    assert quote.speaker == "Xi Jinping"  # not the Vice President of the document's date


def test_a_former_official_is_placed_by_the_former_office(registry: ActorRegistry) -> None:
    text = (
        "Kurt Vollmer, the former special envoy to Ukraine, and Tim Morrow, a former National Security"
        " Council official, testified on Tuesday.\n\n"
        "“I feared at the time of the call how its disclosure would play in Washington,” Morrow said.\n\n"
        "“I think all of us thought it was inappropriate,” Vollmer said.\n"
    )
    found = quotes_of(text, registry)
    assert the_quote_at(found, text, "I feared").sector == "government"
    assert the_quote_at(found, text, "I think all").sector == "government"


def test_a_current_role_outranks_a_former_office(registry: ActorRegistry) -> None:
    text = (
        "Dana Whitlow, a former National Security Council official who is now a professor at"
        " Stanford University, spoke on Monday.\n\n"
        "“The talks will take years, not months, and both sides know it,” Whitlow said.\n"
    )
    assert the_quote_at(quotes_of(text, registry), text, "The talks").sector == "academia"


def test_a_role_before_the_name_in_apposition_after_the_quotation(registry: ActorRegistry) -> None:
    text = (
        "“After a comprehensive assessment, the evidence is not strong enough to file an indictment,”"
        " Sweden’s deputy director of public prosecutions, Eva-Marie Persson, said on Tuesday.\n"
    )
    quote = the_quote_at(quotes_of(text, registry), text, "After a comprehensive")
    assert (quote.speaker, quote.sector, quote.country) == ("Eva-Marie Persson", "government", "SE")


def test_a_name_and_its_body_joined_by_of(registry: ActorRegistry) -> None:
    text = (
        "“We worked on the architecture of the spacecraft and the overall mission design,” comments"
        " Robin Biesbroek of the Concurrent Design Facility.\n\n"
        "“We believe that the nominee has a distinguished record of service,” said the Fraternal Order"
        " of Police, whose order of business is public safety.\n"
    )
    found = quotes_of(text, registry)
    quote = the_quote_at(found, text, "We worked on")
    assert (quote.speaker, quote.organisation) == ("Robin Biesbroek", "Concurrent Design Facility")
    # "order" is a word of the document: the body keeps its whole name
    assert the_quote_at(found, text, "We believe that").speaker == "the Fraternal Order of Police"


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("Van Der Beek", "Van Der Beek"),
        ("Mayor De Blasio", "De Blasio"),
        ("Mayor Bill de Blasio", "Bill de Blasio"),
    ],
)
def test_a_capitalised_particle_opens_a_name(phrase: str, name: str) -> None:
    parsed = parse_speaker_phrase(phrase)
    assert (parsed.name, parsed.kind) == (name, "person")


def test_a_surname_with_particles_is_a_speaker(registry: ActorRegistry) -> None:
    text = (
        "“My wife Kimberly and I went through every expecting parent’s worst nightmare,” Van Der Beek said.\n"
    )
    assert the_quote_at(quotes_of(text, registry), text, "My wife").speaker == "Van Der Beek"


def test_a_surname_the_document_named_in_full_is_a_referent_wherever_it_stands(
    registry: ActorRegistry,
) -> None:
    text = (
        "THE PRESIDENT:  I asked Jon Mercer to come by the office last spring.\n\n"
        "Before Mercer left, I got a call from him, about ten days later.  He said, “Because no president"
        " has taken the job with a world at war.”\n"
    )
    found = quotes_of(text, registry, title="Remarks by President Jane Quill")
    assert the_quote_at(found, text, "Because no president").speaker == "Jon Mercer"


def test_a_paragraph_of_quotation_alone_runs_on_the_speaker_of_the_paragraph_before(
    registry: ActorRegistry,
) -> None:
    text = (
        "“The authorities must end this brutal and deadly crackdown immediately,” said Philip Luther,"
        " research director at Amnesty International.\n\n"
        "“The frequency of lethal force used against peaceful protesters raises serious fears.”\n"
    )
    quote = the_quote_at(quotes_of(text, registry), text, "The frequency")
    assert (quote.speaker, quote.cue) == ("Philip Luther", "continuation")


@pytest.mark.parametrize(
    "first",
    [
        "“Why are you coming to our town this week?” asked Senator Rosa Delgado.",  # a question: answered
        "THE PRESIDENT:  And I said, “We will fix the bridge in a matter of weeks.”",  # the narrator
    ],
)
def test_no_run_on_after_a_question_or_the_narrators_words(registry: ActorRegistry, first: str) -> None:
    text = f"{first}\n\n“Because the whole county depends on that one bridge for every delivery.”\n"
    found = quotes_of(text, registry, title="Remarks by President Jane Quill")
    assert quote_at(found, text, "Because the whole") is None


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        (
            "In 1919, the Irish poet William Butler Yeats described a world, and I quote, where",
            "William Butler Yeats",
        ),
        ("And last night, Senator Rosa Delgado called the new bridge a, quote,", "Rosa Delgado"),
    ],
)
def test_the_narrators_spoken_quotation_mark_gives_the_words_to_the_subject(
    registry: ActorRegistry, sentence: str, speaker: str
) -> None:
    text = (
        f"THE PRESIDENT:  Thanks.  {sentence} “things fall apart and the centre cannot hold,” end of quote.\n"
    )
    quote = the_quote_at(quotes_of(text, registry, title=TITLE), text, "things fall apart")
    assert (quote.speaker, quote.cue) == (speaker, "said_before")


def test_a_spoken_quotation_mark_after_a_subject_with_no_name_gives_nobody(registry: ActorRegistry) -> None:
    text = "THE PRESIDENT:  Thanks.  The ambassadors wrote about how, quote, “many countries care.”\n"
    assert quote_at(quotes_of(text, registry, title=TITLE), text, "many countries") is None


def test_an_as_clause_with_no_speaker_leaves_the_quotation_to_the_later_rules(
    registry: ActorRegistry,
) -> None:
    text = (
        "MS. JEAN-PIERRE:  Well.  And as I’ve stated, and I read quotes from folks who said it,"
        " including Eric Holder, who said, “If his last name was Joe Smith, this would not have happened.”\n"
    )
    quote = the_quote_at(quotes_of(text, registry), text, "If his last name")
    assert (quote.speaker, quote.cue) == ("Eric Holder", "said_before")


def test_he_or_she_is_no_organisation_quoted_before(registry: ActorRegistry) -> None:
    text = (
        "“We needed to act, and we did,” said OpenAI.  Its policy chief, Jane Kleeborn, agreed"
        " with the plan today.  She said, “Few pieces of legislation have done more for our towns.”\n"
    )
    quote = quote_at(quotes_of(text, registry), text, "Few pieces")
    assert quote is None or quote.speaker != "OpenAI"


def test_the_verb_right_after_the_dash_closing_an_aside(registry: ActorRegistry) -> None:
    text = (
        "As the attack began, tradition holds that General Andrew Jackson—bracing behind a small"
        " canal—bellowed to his men: “Give it to them, my boys! Let us finish the business today!”\n"
    )
    quote = the_quote_at(quotes_of(text, registry), text, "Give it to them")
    assert (quote.speaker, quote.sector) == ("Andrew Jackson", "security")


def test_a_word_cut_off_and_corrected_in_speech_is_no_part_of_the_name() -> None:
    assert parse_speaker_phrase("Neil Brod- — Bradley").name == "Neil Bradley"
    assert parse_speaker_phrase("Karine Jean-Pierre").name == "Karine Jean-Pierre"


@pytest.mark.parametrize(
    ("role", "organisation"),
    [
        ("President of the White House Historical Association", None),  # no White House
        ("Microsoft President", "Microsoft"),  # a title after the name keeps the body
        ("Senior Director of the Atlantic Council’s Eurasia Center", "Atlantic Council"),  # its own
    ],
)
def test_a_registered_name_opening_a_longer_name_is_not_that_body(
    registry: ActorRegistry, role: str, organisation: str | None
) -> None:
    actor, _ = capacity(role, registry)
    assert (actor.name if actor is not None else None) == organisation


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("Something one of the advisers said this weekend — Cedric Rowan — he said,", "Cedric Rowan"),
        ("I have a question from Adam Lorne of WXYZ 9.  He says,", "Adam Lorne"),
    ],
)
def test_a_name_set_off_by_dashes_or_the_source_of_a_question_is_a_referent(
    registry: ActorRegistry, sentence: str, speaker: str
) -> None:
    text = f"Q    Okay.  {sentence} “We saw the President greet the mayor during the parade yesterday.”\n"
    assert the_quote_at(quotes_of(text, registry), text, "We saw the").speaker == speaker


def test_a_place_before_a_pronoun_is_no_referent(registry: ActorRegistry) -> None:
    text = (
        "THE PRESIDENT:  We were on the Tibetan Plateau, he and I, with our interpreters.  And he"
        " looked at me and he said, “Can you define America for me in one word?”\n"
    )
    quote = quote_at(quotes_of(text, registry, title=TITLE), text, "Can you define")
    assert quote is None or quote.speaker != "Tibetan Plateau"


@pytest.mark.parametrize(
    ("phrase", "name", "role"),
    [
        ("Secretary of the Treasury Scott Bessent", "Scott Bessent", "Secretary of the Treasury"),
        ("Secretary of the Interior Doug Burgum", "Doug Burgum", "Secretary of the Interior"),
        ("Secretary of Labor Lori Chavez-DeRemer", "Lori Chavez-DeRemer", "Secretary of Labor"),
    ],
)
def test_a_department_named_with_the_is_no_part_of_the_name(phrase: str, name: str, role: str) -> None:
    parsed = parse_speaker_phrase(phrase)
    assert (parsed.name, parsed.role, parsed.kind) == (name, role, "person")


@pytest.mark.parametrize(
    "phrase", ["Secretary of the", "Chair of the Congressional Black Caucus", "of the Treasury"]
)
def test_phrases_ending_in_a_department_or_a_body_parse_without_error(phrase: str) -> None:
    assert parse_speaker_phrase(phrase).kind in ("person", "organisation", "surname", "none")


def test_as_someone_described_names_the_speaker(registry: ActorRegistry) -> None:
    text = (
        "- As President Okonkwo described in 2018: “Illegal dumping hurts every town along the river,"
        " and the towns pay for it.”\n\n"
        "The lands, as described on the map titled “Proposed Boundary of the River Park and its lands,”"
        " are reserved.\n"
    )
    found = quotes_of(text, registry)
    assert (
        the_quote_at(found, text, "Illegal dumping").speaker,
        the_quote_at(found, text, "Illegal dumping").cue,
    ) == (
        "President Okonkwo",
        "as_put_it",
    )
    assert quote_at(found, text, "Proposed Boundary") is None  # a text's "as described on the map"


def test_a_list_introduced_as_someones_speech_holds_their_words(registry: ActorRegistry) -> None:
    text = (
        "Today, in remarks to the General Assembly, President Donald J. Trump spoke about peace.\n\n"
        "**Here are highlights from President Trump’s speech:**\n\n"
        "-   “America is blessed with the strongest economy and the strongest borders on earth.”\n"
        "    ([Watch](https://x.com/status/1970492048580202726))\n"
        "-   “In a period of just seven months, I have ended seven wars, and nobody helped.”\n"
    )
    found = quotes_of(text, registry, date="2025-09-23", url="https://www.whitehouse.gov/x/")
    for words in ("America is blessed", "In a period"):
        quote = the_quote_at(found, text, words)
        assert (quote.speaker, quote.cue) == ("President Trump", "list_intro")


def test_a_list_introduced_without_a_speaker_names_nobody(registry: ActorRegistry) -> None:
    text = "**Here are some of the key moments:**\n\n-   “We will make the cities safe again, and soon.”\n"
    assert quote_at(quotes_of(text, registry), text, "We will make") is None


def test_a_word_before_the_name_that_is_no_role_is_no_apposition(registry: ActorRegistry) -> None:
    text = (
        "In his famed 1953 “Atoms for Peace and Prosperity for All the Nations” speech, President"
        " Eisenhower proclaimed that “the United States knows that peaceful power is no dream.”\n"
    )
    found = quotes_of(text, registry)
    assert quote_at(found, text, "Atoms for Peace") is None
