"""Attribution rules of session 5 (eval/fresh parts B, C, E, F and H), each on made-up texts:
the clause around a speaker (introductory phrases, conjunctions, "when" clauses, "did X say",
the object of "quote"), quotations that belong together (a second clause, round-up lists,
signatures), transcripts (interjections, the turn's own speaker, press briefings), people and
sectors; and the scorer's title-free comparison of names."""

from __future__ import annotations

import pytest

from support.quote_texts import quote_at, quotes_of
from tracktwo.narrative.actors import ActorRegistry
from tracktwo.narrative.actors.registry import resolve_by_title
from tracktwo.narrative.documents import Document
from tracktwo.narrative.quotes import find_quotes
from tracktwo.narrative.quotes.attribution import parse_speaker_phrase
from tracktwo.narrative.quotes.evaluate import bare_name, same_speaker
from tracktwo.narrative.quotes.phrases import label_without_topic

# --- what opens the sentence before the subject ------------------------------------------------


@pytest.mark.parametrize(
    "opening",
    [
        "In 2019, Senator Rosa Delgado said:",
        "Last year, Senator Rosa Delgado said:",
        "On Tuesday, Senator Rosa Delgado said,",
    ],
)
def test_an_introductory_phrase_is_no_part_of_the_speaker(registry: ActorRegistry, opening: str) -> None:
    text = f"{opening} “We will rebuild every bridge in this state before the decade is out.”\n"
    quote = quote_at(quotes_of(text, registry), text, "We will rebuild")
    assert quote is not None
    assert (quote.speaker, quote.sector) == ("Rosa Delgado", "government")


def test_an_introductory_phrase_leaves_no_name_when_a_clause_follows() -> None:
    # the phrase is cut only before a capital: "In 2019, he said" keeps its pronoun reading
    assert parse_speaker_phrase("In 2019, Senator Rosa Delgado").name == "Rosa Delgado"
    assert parse_speaker_phrase("In 2019, he").kind == "none"


def test_a_sentence_opening_conjunction_before_a_titled_name(registry: ActorRegistry) -> None:
    text = (
        "And President Okonkwo once observed that “Every leader must endure the gap between hope and"
        " what is possible.”\n"
    )
    quote = quote_at(quotes_of(text, registry), text, "Every leader must")
    assert quote is not None
    assert (quote.speaker, quote.sector) == ("President Okonkwo", "government")


def test_a_subject_after_an_adverbial_with_a_comma_is_no_apposition(registry: ActorRegistry) -> None:
    text = (
        "In a recent interview with a national paper, the Ohio Congresswoman Dana Pembry says, quote,"
        " “Housing is this administration’s weakest issue by a wide margin.”\n"
    )
    quote = quote_at(quotes_of(text, registry), text, "Housing is")
    assert quote is not None
    assert (quote.speaker, quote.sector) == ("Dana Pembry", "government")


def test_a_pronoun_refers_to_the_subject_after_an_introductory_phrase(registry: ActorRegistry) -> None:
    text = (
        "In 1979, Pope Paul Clement IV returned to his homeland and preached to a vast crowd.  As he said"
        " during his legendary sermon, “No government may separate a people from its conscience.”\n"
    )
    quote = quote_at(quotes_of(text, registry), text, "No government")
    assert quote is not None
    assert (quote.speaker, quote.sector) == ("Paul Clement IV", "civil_society")


def test_founders_are_government(registry: ActorRegistry) -> None:
    text = "Founding Father Josiah Whitcombe wrote that “liberty is the first duty of a free people.”\n"
    quote = quote_at(quotes_of(text, registry), text, "liberty is")
    assert quote is not None
    assert (quote.speaker, quote.sector) == ("Josiah Whitcombe", "government")


# --- a second quotation of the same clause -----------------------------------------------------


def test_a_second_quotation_joined_by_a_clause_keeps_the_speaker(registry: ActorRegistry) -> None:
    text = (
        "In that declaration, Senator Rosa Delgado argued that the state “owes every child a school”"
        " and that every family “deserves a doctor within reach of home.”\n"
    )
    found = quotes_of(text, registry)
    first = quote_at(found, text, "owes every child")
    second = quote_at(found, text, "deserves a doctor")
    assert first is not None and second is not None
    assert first.speaker == second.speaker == "Rosa Delgado"
    assert second.cue == "continuation"


@pytest.mark.parametrize(
    "joint",
    [
        " and Governor Pembry called it ",  # another name: another speaker
        " and critics replied that it was ",  # another verb of speech
        ". The bill then went to the House as ",  # another sentence
    ],
)
def test_a_second_quotation_with_its_own_subject_is_not_continued(
    registry: ActorRegistry, joint: str
) -> None:
    text = f"Senator Rosa Delgado said the plan was “a long overdue repair”{joint}“a costly gamble for it.”\n"
    second = quote_at(quotes_of(text, registry), text, "a costly gamble")
    assert second is None or second.speaker != "Rosa Delgado"


# --- speakers of a government's press briefing ---------------------------------------------------

_BRIEFING = (
    "MS. OKAFOR:  Good afternoon.  I will hand over to the doctor.\n\n"
    "DR. VANTERPOOL:  Thank you.  I want to speak about the safety of the new vaccines today.\n"
)


@pytest.mark.parametrize(
    ("title", "sector"),
    [
        ("Press Briefing by the COVID-19 Response Team and Public Health Officials", "government"),
        ("Background Press Call on the Summit", "government"),
        ("Remarks at a Moderated Conversation on Health", "unknown"),  # a forum: guests from anywhere
    ],
)
def test_unplaced_speakers_of_a_government_press_briefing_are_officials(
    registry: ActorRegistry, title: str, sector: str
) -> None:
    found = quotes_of(_BRIEFING, registry, title=title, url="https://www.whitehouse.gov/briefing-room/x/")
    turn = next(q for q in found if q.kind == "transcript" and q.speaker == "DR. VANTERPOOL")
    assert turn.sector == sector
    if sector == "government":
        assert (turn.country, turn.resolved_by) == ("US", "publisher")


# --- scoring: one speaker printed two ways ---------------------------------------------------------


@pytest.mark.parametrize(
    ("found", "gold", "same"),
    [
        ("Director Carter", "Carter", True),  # a title before a lone surname
        ("César Chávez", "César E. Chávez", True),  # a middle initial
        ("Rep. Gerry Connolly (VA-11)", "Gerry Connolly", True),  # a parenthesis
        ("John Paul II", "Pope John Paul II", True),
        ("THE PRESIDENT", "President", False),  # all title words: no name left to compare
        ("Melania Trump", "Trump", False),  # a first name is no title
        ("MS. JEAN-PIERRE", "Biden", False),
        ("", "", False),
    ],
)
def test_same_speaker_ignores_titles_and_initials_only(found: str, gold: str, same: bool) -> None:
    assert same_speaker(found, None, gold, None) is same


def test_bare_name_keeps_a_name_made_only_of_titles() -> None:
    assert bare_name("First Lady") == "first lady"
    assert bare_name("Dr. Seuss") == "seuss"


# --- round-ups: a list of one speaker's lines ----------------------------------------------------


def test_quotations_listed_under_a_heading_naming_an_official_are_theirs(registry: ActorRegistry) -> None:
    text = (
        "#### **Special Envoy Dana Pembry on the Sunday shows**\n\n"
        "-   [On the talks](https://example.com/status/1): “Nobody ends a conflict without talking.”\n\n"
        "-   “We will keep every channel open until the fighting stops.”\n"
        "    ([Watch](https://example.com/status/2))\n"
    )
    found = quotes_of(text, registry)
    for words in ("Nobody ends", "We will keep"):
        quote = quote_at(found, text, words)
        assert quote is not None
        assert (quote.speaker, quote.sector, quote.cue) == ("Dana Pembry", "government", "list_intro")


def test_quotations_listed_under_a_paragraph_whose_subject_is_an_official(registry: ActorRegistry) -> None:
    text = (
        "**This morning, Secretary of State Dana Pembry joined three news programs.** She spoke"
        " about the operation.\n\n"
        "-   “There is no war with the country, only with the cartels.”\n"
    )
    quote = quote_at(quotes_of(text, registry), text, "There is no war")
    assert quote is not None
    assert (quote.speaker, quote.cue) == ("Dana Pembry", "list_intro")


@pytest.mark.parametrize(
    "heading",
    [
        "## Restoring Peace through Strength",  # Title Case of a heading is no person
        "The order directs the agencies as follows:",  # no person as subject
    ],
)
def test_a_list_under_a_heading_without_a_placed_person_is_nobody_s(
    registry: ActorRegistry, heading: str
) -> None:
    text = f"{heading}\n\n-   “We will restore the strength of the armed forces within the year.”\n"
    assert quote_at(quotes_of(text, registry), text, "We will restore") is None


def test_a_signature_after_a_dash_may_be_in_italics(registry: ActorRegistry) -> None:
    text = (
        "**From today’s conversation:** “The collaboration between the states and tribes is what makes"
        " this possible.” – *Dana Pembry, Senior Advisor and Infrastructure Coordinator*\n"
    )
    quote = quote_at(quotes_of(text, registry), text, "The collaboration")
    assert quote is not None
    assert (quote.speaker, quote.cue) == ("Dana Pembry", "dash_after")


@pytest.mark.parametrize("verb", ["asserted", "claimed", "reflected", "threatened"])
def test_more_verbs_of_speech(registry: ActorRegistry, verb: str) -> None:
    text = f"“Nothing matters more than bringing the children home,” {verb} Senator Rosa Delgado.\n"
    quote = quote_at(quotes_of(text, registry), text, "Nothing matters")
    assert quote is not None
    assert quote.speaker == "Rosa Delgado"


def test_a_list_continuing_its_introduction_in_one_paragraph(registry: ActorRegistry) -> None:
    text = (
        "**Today in Springfield, Border Czar Dana Pembry**\n"
        "[**underscored**](https://example.com/1) **the cooperation of local officials:**\n\n"
        "-   “We have more counties working with us than ever before.”\n"
        "    ([Watch](https://example.com/2))\n"
        "-   “Nobody in the country illegally is off the table.”\n"
        "    ([Watch](https://example.com/3))\n"
    )
    found = quotes_of(text, registry)
    for words in ("We have more counties", "Nobody in the country"):
        quote = quote_at(found, text, words)
        assert quote is not None
        assert (quote.speaker, quote.cue) == ("Dana Pembry", "list_intro")


def test_a_signature_in_the_paragraph_after_a_whole_statement(registry: ActorRegistry) -> None:
    text = (
        "“Today’s report shows the economy growing faster than anyone expected, and more families"
        " back at work.”\n\n  \n\xa0 – Dana Pembry, Press Secretary\n"
    )
    quote = quote_at(quotes_of(text, registry), text, "Today’s report")
    assert quote is not None
    assert (quote.speaker, quote.sector, quote.cue) == ("Dana Pembry", "government", "dash_after")


def test_the_subject_of_a_when_clause_before_the_verb(registry: ActorRegistry) -> None:
    text = "What was it when Senator Rosa Delgado said, in 2020, “We cannot let this become a bloodbath”?\n"
    quote = quote_at(quotes_of(text, registry), text, "We cannot let")
    assert quote is not None
    assert quote.speaker == "Rosa Delgado"


@pytest.mark.parametrize(
    ("asked", "speaker"),
    [
        ("Why did Senator Rosa Delgado say about the spy craft, in February,", "Rosa Delgado"),
        ("I would say,", None),  # hypothetical speech names no one
        ("You could say,", None),
    ],
)
def test_speech_asked_about_with_did(registry: ActorRegistry, asked: str, speaker: str | None) -> None:
    text = f"{asked} “We were able to protect every sensitive site against collection.”\n"
    quote = quote_at(quotes_of(text, registry), text, "We were able")
    assert (quote.speaker if quote is not None else None) == speaker


def test_a_broadcast_station_by_its_call_sign_is_media(registry: ActorRegistry) -> None:
    text = "[**KXYZ-TV (Springfield, IL)**](https://example.com/a)**:** “After a slow spring, prices fell.”\n"
    quote = quote_at(quotes_of(text, registry), text, "After a slow")
    assert quote is not None
    assert quote.sector == "media"


@pytest.mark.parametrize(
    ("role", "sector"),
    [
        ("President and CEO of the White House Historical Association", "civil_society"),
        ("White House Correspondents’ Association President", "civil_society"),
        ("White House Press Secretary", "government"),
        ("Prince George’s County Chief Executive", "government"),  # not a company's chief executive
        ("spokesperson of the Springfield Police Department", "government"),
    ],
)
def test_local_government_and_white_house_associations(role: str, sector: str) -> None:
    assert resolve_by_title(role).sector == sector


def test_a_statement_saying_by_a_group_named_after_its_kind(registry: ActorRegistry) -> None:
    text = (
        "The group Bring Our Neighbors Home issued a statement saying that the order is simply the"
        " government “taking action to direct itself to follow existing law.”\n"
    )
    quote = quote_at(quotes_of(text, registry), text, "taking action")
    assert quote is not None
    assert quote.speaker == "Bring Our Neighbors Home"


def test_a_pronoun_refers_back_across_a_short_interjection(registry: ActorRegistry) -> None:
    text = (
        "Q I want to ask about something Senator Rosa Delgado said over the weekend.\n\n"
        "MR. OKAFOR: Okay.\n\n"
        "Q She said that the President would “have the chance to make the case to Congress.” Right?\n\n"
        "MR. OKAFOR: Yes.\n"
    )
    quote = quote_at(quotes_of(text, registry), text, "have the chance")
    assert quote is not None
    assert (quote.speaker, quote.cue) == ("Rosa Delgado", "pronoun")


def test_a_long_answer_between_two_questions_ends_the_exchange(registry: ActorRegistry) -> None:
    text = (
        "Q I want to ask about something Senator Rosa Delgado said over the weekend.\n\n"
        "MR. OKAFOR: Okay. I have not seen her remarks, and I will not comment on a weekend interview"
        " that I have not read in full.\n\n"
        "Q She said that the President would “have the chance to make the case to Congress.”\n"
    )
    quote = quote_at(quotes_of(text, registry), text, "have the chance")
    assert quote is None or quote.speaker != "Rosa Delgado"


@pytest.mark.parametrize(
    "opening", ["And I’ll quote Senator Rosa Delgado:", "To quote Senator Rosa Delgado,"]
)
def test_the_object_of_quote_is_the_speaker(registry: ActorRegistry, opening: str) -> None:
    text = f"MS. OKAFOR: You heard her. {opening} “He and I have trust. We fight, but he never lied.”\n"
    quote = quote_at(quotes_of(text, registry), text, "He and I")
    assert quote is not None
    assert quote.speaker == "Rosa Delgado"


def test_a_label_is_the_last_sentence_before_the_colon(registry: ActorRegistry) -> None:
    text = (
        "MS. OKAFOR: So, the best answer is to quote Senator Rosa Delgado herself. And she said:"
        " “I served in this chamber for thirty-six years and I know its rules.”\n"
    )
    quote = quote_at(quotes_of(text, registry), text, "I served")
    assert quote is not None
    assert (quote.speaker, quote.cue) == ("Rosa Delgado", "pronoun")


def test_an_adverbial_before_a_comma_is_no_label_head(registry: ActorRegistry) -> None:
    text = (
        "Above all, as we prepare for the holiday, we pause to remember those sacred words: “This is the"
        " time of fulfillment. Repent, and believe.”\n"
    )
    assert quote_at(quotes_of(text, registry), text, "This is the time") is None


def test_he_in_a_turn_never_means_the_turn_s_own_speaker(registry: ActorRegistry) -> None:
    text = (
        "THE PRESIDENT: The farmers raised this turkey for President Biden this year. You are pardoned."
        " He said, “I knew I was pardoned anyway, you did not have to tell me.” (Laughter.)\n"
    )
    found = quotes_of(
        text,
        registry,
        date="2023-11-20",
        title="Remarks by President Biden",
        url="https://www.whitehouse.gov/x/",
    )
    turn = next(q for q in found if q.kind == "transcript")
    assert turn.person == "Joe Biden"
    quote = quote_at(found, text, "I knew")
    assert quote is None or quote.person != "Joe Biden"


def test_mrs_with_a_surname_is_the_woman_the_document_names(registry: ActorRegistry) -> None:
    text = (
        "First Lady Dana Pembry welcomed the guests, and Senator Robert Pembry spoke after her.\n\n"
        "Mrs. Pembry concluded, “Only people can give a machine’s answers meaning and purpose.”\n"
    )
    quote = quote_at(quotes_of(text, registry), text, "Only people")
    assert quote is not None
    assert quote.speaker == "Dana Pembry"


def test_a_country_as_a_label_speaks_for_its_government(registry: ActorRegistry) -> None:
    text = (
        "[China](https://example.com/a): “China welcomes all efforts to ease the tensions in the region.”\n"
    )
    quote = quote_at(quotes_of(text, registry), text, "China welcomes")
    assert quote is not None
    assert (quote.speaker, quote.sector, quote.country) == ("China", "government", "CN")


def test_interpol_is_a_government_body() -> None:
    assert resolve_by_title("INTERPOL Washington").sector == "government"


def test_the_fed_chair_is_government() -> None:
    assert resolve_by_title("Fed Chair").sector == "government"


def test_an_instructor_is_academia_and_no_part_of_the_name() -> None:
    parsed = parse_speaker_phrase("BU Law Clinical Instructor Jade Brown")
    assert (parsed.name, parsed.kind) == ("Jade Brown", "person")
    assert resolve_by_title("Clinical Instructor").sector == "academia"


def test_an_honorific_label_is_the_person_the_document_introduces(registry: ActorRegistry) -> None:
    text = (
        "Press Briefing by National Economic Council Director Brian Okafor\n\n"
        "MR. OKAFOR:  Thank you.  Let me start with the jobs numbers.\n\n"
        "Q Thank you, sir.\n"
    )
    found = quotes_of(text, registry)
    turn = next(q for q in found if q.kind == "transcript" and q.speaker == "MR. OKAFOR")
    assert turn.person == "Brian Okafor"


def test_no_person_from_a_bare_mention_or_a_common_word(registry: ActorRegistry) -> None:
    # "Dana Okafor" named with no role may be a relative; "Engagement" is written in lower case
    text = (
        "With thanks to Dana Okafor.  Our engagement goes on.\n\n"
        "Remarks by the Director of Public Engagement Lance Whitcombe\n\n"
        "MR. OKAFOR:  Thank you.\n\nMR. WHITCOMBE:  Thank you all.\n"
    )
    found = quotes_of(text, registry)
    persons = {q.speaker: q.person for q in found if q.kind == "transcript"}
    assert persons["MR. OKAFOR"] == ""
    assert persons["MR. WHITCOMBE"] == "Lance Whitcombe"


def test_same_speaker_by_the_person_column_and_the_label() -> None:
    assert same_speaker("MR. OKAFOR", "Brian Okafor", "Brian Okafor", None)
    assert not same_speaker("MR. OKAFOR", "Brian Okafor", "Dana Okafor", None)


def test_an_acronym_is_no_pronoun_and_leader_is_a_title(registry: ActorRegistry) -> None:
    text = "“Smoke is slowing our flights,” tweeted US Secretary of Transportation Dana Pembry.\n"
    quote = quote_at(quotes_of(text, registry), text, "Smoke is")
    assert quote is not None
    assert (quote.speaker, quote.sector) == ("Dana Pembry", "government")
    assert resolve_by_title("Leader").sector == "government"  # "Leader McCarthy"
    assert resolve_by_title("Scout Leader").sector == "unknown"


def test_speech_kept_up(registry: ActorRegistry) -> None:
    text = "Senator Rosa Delgado spoke all week, and she kept telling people, “Don’t worry about it.”\n"
    quote = quote_at(quotes_of(text, registry), text, "Don’t worry")
    assert quote is not None
    assert quote.speaker == "Rosa Delgado"


def test_she_refers_to_the_one_whose_words_are_asked_about(registry: ActorRegistry) -> None:
    text = (
        "THE VICE PRESIDENT: Remember what Dana Pembry said? She said, “When someone tells you who"
        " they are, believe them the first time.”\n"
    )
    quote = quote_at(quotes_of(text, registry), text, "When someone")
    assert quote is not None
    assert (quote.speaker, quote.cue) == ("Dana Pembry", "pronoun")


def test_reminded_is_a_verb_of_speech(registry: ActorRegistry) -> None:
    text = "Senator Rosa Delgado reminded him: “Be very careful how you speak to them tonight.”\n"
    quote = quote_at(quotes_of(text, registry), text, "Be very careful")
    assert quote is not None
    assert quote.speaker == "Rosa Delgado"


@pytest.mark.parametrize("introduced", ["my colleague, Josiah Whitcombe", "his lawyer, Josiah Whitcombe"])
def test_a_pronoun_refers_to_a_person_introduced_by_a_role(registry: ActorRegistry, introduced: str) -> None:
    text = f"THE PRESIDENT: I am proud of {introduced}. And at the end, he said, “One day is enough.”\n"
    quote = quote_at(quotes_of(text, registry), text, "One day")
    assert quote is not None
    assert (quote.speaker, quote.cue) == ("Josiah Whitcombe", "pronoun")


@pytest.mark.parametrize(
    "text",
    [
        "Senator Rosa Delgado mentioned, “As soon as I came into office, I signed the plan.”\n",
        "“La Primera Dama abre la Casa del Pueblo a todo el país”, expresó **Rosa Delgado, Secretaria.**\n",
    ],
)
def test_mentioned_and_spanish_verbs_of_speech(registry: ActorRegistry, text: str) -> None:
    found = [q for q in quotes_of(text, registry) if q.kind == "quote"]
    assert [q.speaker for q in found] == ["Rosa Delgado"]


def test_a_surname_ending_in_ing_is_a_name(registry: ActorRegistry) -> None:
    text = "As Mildred Loving said, previous generations were, quote, “bitterly divided over it.”\n"
    quote = quote_at(quotes_of(text, registry), text, "bitterly divided")
    assert quote is not None
    assert quote.speaker == "Mildred Loving"


def test_a_quotation_resumed_after_an_aside_between_dashes(registry: ActorRegistry) -> None:
    text = (
        "Q Senator Rosa Delgado said that, quote, “There is a big distinction in the minds of people” —"
        " referring to her caucus — “between aid for the war and the humanitarian part.” Your view?\n"
    )
    found = quotes_of(text, registry)
    second = quote_at(found, text, "between aid")
    assert second is not None
    assert (second.speaker, second.cue) == ("Rosa Delgado", "continuation")
    assert resolve_by_title("Speaker").sector == "government"  # "Speaker Johnson"


def test_a_statement_that_is_one_quotation_is_its_author_s(registry: ActorRegistry) -> None:
    header = "---\ntitle: Statement from Senator Rosa Delgado\n---\n"
    text = header + " \n“Tonight, the state took action to protect us.”\n"
    document = Document("s.md", text, body_start=len(header), title="Statement from Senator Rosa Delgado")
    found = find_quotes(document, registry)
    assert [(q.speaker, q.cue) for q in found if q.kind == "quote"] == [("Rosa Delgado", "document_author")]
    # a statement by the publisher's press office names no author: the quotation stays unattributed
    untitled = Document("s.md", text, body_start=len(header), title="Statement from the Press Secretary")
    assert not [q for q in find_quotes(untitled, registry) if q.kind == "quote"]


# --- news: a person named once in full, then by surname --------------------------------------------


def test_a_surname_after_a_full_introduction_is_that_person(registry: ActorRegistry) -> None:
    text = (
        "HANOI (AP) — U.S. Defense Secretary Josiah Whitcombe on Wednesday accused rivals of coercion.\n\n"
        "“We will not accept attempts to assert unlawful claims,” Whitcombe said in a speech.\n"
    )
    quote = quote_at(quotes_of(text, registry), text, "We will not")
    assert quote is not None
    assert (quote.speaker, quote.sector) == ("Josiah Whitcombe", "security")


def test_a_capitalised_word_at_a_sentence_start_is_no_introduced_surname(registry: ActorRegistry) -> None:
    text = "The plan was announced by Josiah Whitcombe.\n\n“We cannot wait for the rain,” Imagine said.\n"
    assert quote_at(quotes_of(text, registry), text, "We cannot") is None


def test_a_person_named_after_the_last_quotation_is_the_nearer_referent(registry: ActorRegistry) -> None:
    text = (
        "THE PRESIDENT: Senator Rosa Delgado has the gall to say she is “protecting” the state. In my own"
        " country, a former president named Josiah Whitcombe voiced the opposing spirit. He said, “Let us"
        " have faith that right makes might.”\n"
    )
    quote = quote_at(quotes_of(text, registry), text, "Let us")
    assert quote is not None
    assert quote.speaker == "Josiah Whitcombe"


def test_a_name_inside_quoted_words_is_no_referent(registry: ActorRegistry) -> None:
    text = (
        "THE PRESIDENT: And Senator Rosa Delgado told me, “No, no, there is one other person.” I said,"
        " “I don’t want to be the Vice President, not at all.” She said, “Why not, then?”\n"
    )
    found = quotes_of(text, registry, date="2023-05-01", url="https://www.whitehouse.gov/x/")
    quote = quote_at(found, text, "Why not")
    assert quote is not None
    assert quote.speaker == "Rosa Delgado"


def test_a_long_apposition_after_the_name_and_role_words_before_it(registry: ActorRegistry) -> None:
    text = (
        '"We get out more than we put in," Dana Pembry, a postdoctoral fellow at the Institute for'
        ' Astrophysics in Munich, Germany, and co-author of the study, said in a statement. "In our'
        ' simulation, we see things nobody programmed."\n\n'
        '"Water is one of three requirements," study lead author Josiah Whitcombe, a planetary'
        " scientist, said.\n"
    )
    found = quotes_of(text, registry)
    speakers = [q.speaker for q in found if q.kind == "quote"]
    assert speakers == ["Dana Pembry", "Dana Pembry", "Josiah Whitcombe"]


@pytest.mark.parametrize(
    ("role", "sector"),
    [
        ("U.S. Attorney", "government"),
        ("District Attorney", "government"),
        ("senior vp partnerships and revenue at Acme", "industry"),
        ("Vice President", "government"),
    ],
)
def test_prosecutors_are_government_and_a_senior_vp_is_a_company_s(role: str, sector: str) -> None:
    assert resolve_by_title(role).sector == sector


def test_news_she_said_after_said_name(registry: ActorRegistry) -> None:
    text = (
        'Prices have risen, too, said Dana Pembry, a university economist. "About a third of the'
        ' imports are computers," she said.\n\n'
        "Josiah Whitcombe and Ann Lee used a tag. Whitcombe had barely heard of the cells.\n\n"
        '"Even textbooks had no idea what these cells did," he said.\n\n'
        '"We are truly excited about the tour," comments Whitcombe in a statement.\n\n'
        '"We suggest the vapour is thinner than thought," Whitcombe and his team wrote in the paper.\n'
    )
    found = quotes_of(text, registry)
    speakers = [(q.speaker, q.cue) for q in found if q.kind == "quote"]
    assert [speaker for speaker, _ in speakers] == [
        "Dana Pembry",
        "Josiah Whitcombe",
        "Josiah Whitcombe",
        "Josiah Whitcombe",
    ]


# --- a full name placed by its first mention (session 6) -----------------------------------------


def test_a_full_name_takes_the_role_of_its_first_mention(registry: ActorRegistry) -> None:
    text = (
        "Today we honour disability rights activist Maren\nHollis and her work.\n\n"
        "Maren Hollis once wrote: “Change never happens at the pace we think it should.”\n"
    )
    quote = quote_at(quotes_of(text, registry), text, "Change never")
    assert quote is not None
    assert (quote.speaker, quote.sector) == ("Maren Hollis", "civil_society")


def test_a_first_mention_without_a_role_leaves_the_sector_unknown(registry: ActorRegistry) -> None:
    text = (
        "We thanked Senator Ruiz and Maren Hollis.\n\nMaren Hollis said: “We are not done yet, not by far.”\n"
    )
    quote = quote_at(quotes_of(text, registry), text, "We are not done")
    assert quote is not None
    assert (quote.speaker, quote.sector) == ("Maren Hollis", "unknown")  # the senator's role is not hers


def test_a_surname_introduced_by_its_title_speaks_with_it(registry: ActorRegistry) -> None:
    text = (
        "MS. PSAKI: We spoke with Prime Minister Okonjo today.\n\n"
        "Q But is it working, Jen? Okonjo says that they would still “take whatever action is"
        " needed to restore quiet.” What now?\n"
    )
    quote = quote_at(quotes_of(text, registry), text, "take whatever")
    assert quote is not None
    assert (quote.speaker, quote.sector) == ("Prime Minister Okonjo", "government")


def test_the_reporters_label_is_no_given_name(registry: ActorRegistry) -> None:
    text = "MS. PSAKI: We spoke.\n\nQ Imagine says “this is not a name at all, surely not.” Right?\n"
    assert all("Imagine" not in quote.speaker for quote in quotes_of(text, registry))


def test_a_surname_takes_lower_case_titles_of_its_first_mention(registry: ActorRegistry) -> None:
    text = (
        "“Sales were below our expectations,” chairman, CEO and president Craig Menear said in the"
        " release.\n\n“We are largely on track with these investments,” Menear said.\n"
    )
    quote = quote_at(quotes_of(text, registry), text, "We are largely")
    assert quote is not None
    assert (quote.speaker, quote.sector) == ("Craig Menear", "industry")


def test_a_role_from_a_sentence_of_its_own(registry: ActorRegistry) -> None:
    text = (
        "The campaign drew mockery, but Marta Velasquez’s response was concern. Velasquez is the CEO of"
        " Brightline Media Inc., the firm behind it.\n\n"
        "Marta Velasquez said: “We will keep listening to the people of this city.”\n"
    )
    quote = quote_at(quotes_of(text, registry), text, "We will keep")
    assert quote is not None
    assert (quote.speaker, quote.sector) == ("Marta Velasquez", "industry")


def test_a_name_right_after_a_dash_aside_is_the_subject(registry: ActorRegistry) -> None:
    text = (
        "75 years ago—when eleven nations came together to found the Alliance—President Truman said"
        " the Alliance, “would create a shield against aggression and fear of aggression.” Today it"
        " is stronger.\n\nQ Mr. President — Mr. President, Senator Ruiz says your plan is “dead on"
        " arrival in the Senate this year.” Your reaction?\n"
    )
    quotes = quotes_of(text, registry)
    truman = quote_at(quotes, text, "would create")
    assert truman is not None and truman.speaker == "President Truman"
    ruiz = quote_at(quotes, text, "dead on")
    assert ruiz is not None and ruiz.speaker == "Senator Ruiz"  # not the vocative before it


def test_the_words_of_a_named_person(registry: ActorRegistry) -> None:
    text = (
        "Upon his ordination he adopted as his motto the words of the legendary Saint Augustine: “For my"
        " benefit I am a Christian, for the benefit of others I am a priest.” He lived by them.\n\n"
        "I’m reminded of the words of Dr. King’s partner — a great leader in the struggle — yes, Coretta"
        " Scott King, who said, “Freedom is never really won. You earn it in every generation.”\n"
    )
    quotes = quotes_of(text, registry)
    augustine = quote_at(quotes, text, "For my")
    assert augustine is not None and augustine.speaker.endswith("Saint Augustine")
    king = quote_at(quotes, text, "Freedom is")
    assert (
        king is not None and king.speaker == "Coretta Scott King"
    )  # the relative clause's, not "the words of"


def test_the_words_of_scripture_are_no_ones(registry: ActorRegistry) -> None:
    text = "We recall the words of First Corinthians: “Be on your guard. Stand firm in the faith.” Amen.\n"
    assert quote_at(quotes_of(text, registry), text, "Be on your") is None


def test_a_list_item_opens_the_sentence_of_its_subject(registry: ActorRegistry) -> None:
    text = (
        "Here are the key moments:\n\n"
        "-   **Senator Rosa Delgado on bridges:** “We will rebuild every bridge in this state.”\n"
        "    ([Watch](https://example.org/1))\n"
        "-   **Senator Rosa Delgado voiced strong support for the new plan:** “I want this plan. I"
        " think it is great and it will pass.”\n    ([Watch](https://example.org/2))\n"
    )
    quote = quote_at(quotes_of(text, registry), text, "I want this plan")
    assert quote is not None and quote.speaker == "Rosa Delgado"


@pytest.mark.parametrize(
    ("label", "speaker"),
    [
        ("Sen. Dave McCormick on Fox News Sunday", "Sen. Dave McCormick"),
        ("Elon Musk on waste", "Elon Musk"),
        ("Friends Committee on National Legislation", "Friends Committee on National Legislation"),
        (
            "Maya Wiley, President and CEO, The Leadership Conference on Civil and Human Rights",
            "Maya Wiley, President and CEO, The Leadership Conference on Civil and Human Rights",
        ),
        ("Moody’s on Wall Street", "Moody’s on Wall Street"),
    ],
)
def test_a_round_up_label_without_its_topic(label: str, speaker: str) -> None:
    assert label_without_topic(label) == speaker


def test_a_senator_on_a_sunday_show_is_no_media(registry: ActorRegistry) -> None:
    text = "**Sen. Rosa Delgado on Fox News Sunday:** “We will pass this bill and the people will see why.”\n"
    quote = quote_at(quotes_of(text, registry), text, "We will pass")
    assert quote is not None and (quote.speaker, quote.sector) == ("Rosa Delgado", "government")
