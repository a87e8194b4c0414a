"""Rules of session 8 on who a sentence names.

The last resort: a sentence whose subject is a known person, ending in a comma before a
quotation of a sentence or more that no other rule attributes ("First Lady Jane Quill
called for national unity, “...”"), and what it must leave alone: titles, the words put to
a subject who was asked, short quotations, subjects that are no person. And the person a
pronoun refers to: someone the speaker says they quote ("I'm going to quote Lindsay Gramm.
And he said, “...”"). A paragraph ending in a colon introduces the quotation below it."""

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


def test_an_honorific_label_is_the_person_the_title_introduces(registry: ActorRegistry) -> None:
    # the body never names him in full; the title does, and the front matter's URL slug writes
    # his given name in lower case, which is no evidence that "Tony" is a common word
    title = "Press Briefing by Press Secretary Ann Vale and Council Director Tony Carvalho"
    front = (
        "---\nsource_url: https://example.gov/press-briefing-by-press-secretary-ann-vale-and-"
        f"council-director-tony-carvalho/\ntitle: {title}\n---\n"
    )
    text = f"{front}\nMS. VALE:  Over to Tony.\n\nMR. CARVALHO:  Thank you.  Let me start with the budget.\n"
    found = quotes_of(text, registry, title=title, body_start=len(front))
    turn = next(q for q in found if q.kind == "transcript" and q.speaker == "MR. CARVALHO")
    assert turn.person == "Tony Carvalho"


def test_a_surname_is_the_full_name_without_the_role_s_capitalised_words(registry: ActorRegistry) -> None:
    text = (
        "We are joined by Special Presidential Envoy for Climate Jon Kerrigan.  The climate talks"
        " begin on Monday.\n\nSecretary Kerrigan said, “We are going to hold every country to its"
        " word on emissions.”\n"
    )
    quote = the_quote_at(quotes_of(text, registry), text, "We are going to hold")
    assert (quote.speaker, quote.sector) == ("Jon Kerrigan", "government")


@pytest.mark.parametrize("reaction", ["(Applause.)", "(Laughter.)", "(Audience members cheer.)"])
def test_a_quotation_after_the_audience_s_reaction_runs_on(registry: ActorRegistry, reaction: str) -> None:
    text = (
        "THE PRESIDENT:  Earlier today, I received a letter from President Petrenko.  “Nobody wants"
        f" peace more than the Ukrainians,” he said.  {reaction}  “My team and I stand ready to work"
        " for a peace that lasts.”  I appreciate that.\n"
    )
    quote = the_quote_at(quotes_of(text, registry), text, "My team and I")
    assert (quote.speaker, quote.cue) == ("President Petrenko", "continuation")


@pytest.mark.parametrize(
    "said",
    [
        "Senator Jane Vale once said, and I’ll quote,",
        "Senator Jane Vale once said, and I will quote —",
        "Senator Jane Vale said — I quote —",
        "Senator Jane Vale has been clear on this, and I quote:",
    ],
)
def test_a_spoken_quotation_mark_is_no_part_of_the_attribution(registry: ActorRegistry, said: str) -> None:
    text = f"THE PRESIDENT:  Thank you all.  {said} {SPEECH}  That is right.\n"
    quote = the_quote_at(quotes_of(text, registry, title="Remarks by President Ann Quill"), text, "Now is")
    assert (quote.speaker, quote.sector) == ("Jane Vale", "government")


@pytest.mark.parametrize(
    ("introduction", "speaker"),
    [
        ("Press Secretary Jane Vale congratulated the communities driving the economy:", "Jane Vale"),
        ("As Senator Tom Brand said:", "Tom Brand"),
    ],
)
def test_a_paragraph_ending_in_a_colon_introduces_the_quotation_below(
    registry: ActorRegistry, introduction: str, speaker: str
) -> None:
    text = f"The report came out on Friday.  {introduction}\n\n{SPEECH}\n\nMore followed.\n"
    quote = the_quote_at(quotes_of(text, registry), text, "Now is the time")
    assert (quote.speaker, quote.sector) == (speaker, "government")


def test_a_paragraph_ending_in_no_colon_introduces_nothing(registry: ActorRegistry) -> None:
    text = f"The report came out on Friday.  Press Secretary Jane Vale spoke first.\n\n{SPEECH}\n"
    assert quote_at(quotes_of(text, registry), text, "Now is the time") is None


@pytest.mark.parametrize("adverb", ["boldly", "famously", "angrily"])
def test_an_adverb_may_stand_between_the_speaker_after_the_quotation_and_the_verb(
    registry: ActorRegistry, adverb: str
) -> None:
    text = f"The crowd gathered.  {SPEECH[:-2]},” Senator Tom Brand {adverb} declared.  More followed.\n"
    quote = the_quote_at(quotes_of(text, registry), text, "Now is the time")
    assert (quote.speaker, quote.cue) == ("Tom Brand", "said_after")


def test_a_name_ending_its_sentence_is_what_the_next_sentence_s_pronoun_refers_to(
    registry: ActorRegistry,
) -> None:
    text = (
        "THE PRESIDENT:  I remember the first time I was in Israel with Golda Mayer.  She was — just"
        " before the war.  She kept flipping the maps.\n\nAnd she looked at me, and she said, “Would"
        " you like a photograph taken with me right here today?”\n"
    )
    quote = the_quote_at(quotes_of(text, registry, title="Remarks by President Ann Quill"), text, "Would you")
    assert (quote.speaker, quote.cue) == ("Golda Mayer", "pronoun")


def test_capitalised_words_the_text_also_writes_in_lower_case_are_no_referent(
    registry: ActorRegistry,
) -> None:
    text = (
        "THE PRESIDENT:  He was awarded the Purple Heart.  He never wore it; his heart was not in"
        " it.\n\nAnd he said, “Present it to him, okay, because I do not want the thing at all.”\n"
    )
    found = quotes_of(text, registry, title="Remarks by President Ann Quill")
    assert all(q.speaker != "Purple Heart" for q in found)


@pytest.mark.parametrize("words", ["In Brand’s own words,", "In his own words,", "In his words, quote,"])
def test_in_someone_s_own_words_names_the_speaker(registry: ActorRegistry, words: str) -> None:
    text = f"Senator Tom Brand spoke on Monday.  {words} {SPEECH}  More followed.\n"
    quote = the_quote_at(quotes_of(text, registry), text, "Now is the time")
    assert (quote.speaker, quote.sector) == ("Tom Brand", "government")


def test_in_other_words_names_no_one(registry: ActorRegistry) -> None:
    text = f"The budget passed on Monday.  In other words, {SPEECH}  More followed.\n"
    assert quote_at(quotes_of(text, registry), text, "Now is the time") is None


@pytest.mark.parametrize(
    ("subject", "speaker"),
    [
        ("The Nobel Prize-winning poet Tagorin once wrote:", "poet Tagorin"),
        ("The NRA called this rule,", "The NRA"),
    ],
)
def test_a_one_word_subject_after_a_role_or_before_initials_is_a_name(
    registry: ActorRegistry, subject: str, speaker: str
) -> None:
    text = f"The crowd gathered.  {subject} {SPEECH}  More followed.\n"
    assert the_quote_at(quotes_of(text, registry), text, "Now is the time").speaker == speaker


@pytest.mark.parametrize(
    ("signature", "speaker"),
    [
        ("—* U.S. Ambassador to the United Nations, Jane Vale*", "Jane Vale"),
        ("-Jane Vale, White House Press Secretary", "Jane Vale"),
        ("*President Ann Quill, June 3, 2021*", "Ann Quill"),
    ],
)
def test_an_epigraph_is_its_signature_s(registry: ActorRegistry, signature: str, speaker: str) -> None:
    text = f"{SPEECH}\n\n{signature}\n\nThe plan sets out five lines of effort.\n"
    assert the_quote_at(quotes_of(text, registry), text, "Now is the time").speaker == speaker


def test_a_date_below_a_quotation_signs_it_only_with_a_name(registry: ActorRegistry) -> None:
    text = f"{SPEECH}\n\nClass of 2022\n\nThe ceremony went on.\n"
    assert quote_at(quotes_of(text, registry), text, "Now is the time") is None


def test_a_titled_name_registered_as_written_is_not_an_earlier_speaker_with_its_surname(
    registry: ActorRegistry,
) -> None:
    # Jill Biden is quoted first; "President Biden" later is Joe Biden, as the registry says
    text = (
        "First Lady Jill Biden said, “Teachers are the heart of every school in this country.”\n\n"
        "President Biden said, “We are going to invest in every teacher in this country.”\n"
    )
    quote = the_quote_at(quotes_of(text, registry, date="2022-05-01"), text, "We are going to invest")
    assert quote.person == "Joe Biden"


@pytest.mark.parametrize(
    ("subject", "speaker", "sector"),
    [
        ("And Iran’s foreign minister warned, quote,", "Iran’s foreign minister", "government"),
        ("Acme’s chief technology officer said that", "Acme’s chief technology officer", "industry"),
    ],
)
def test_an_office_named_through_its_country_or_body_is_its_holder(
    registry: ActorRegistry, subject: str, speaker: str, sector: str
) -> None:
    text = f"Q  Thank you.  {subject} {SPEECH}  More followed.\n"
    quote = the_quote_at(quotes_of(text, registry), text, "Now is the time")
    assert (quote.speaker, quote.sector) == (speaker, sector)


def test_an_anonymous_official_is_no_office(registry: ActorRegistry) -> None:
    text = f"Q  Thank you.  A senior official warned, quote, {SPEECH}  More followed.\n"
    quote = quote_at(quotes_of(text, registry), text, "Now is the time")
    assert quote is None or quote.speaker != "A senior official"


def test_a_title_held_then_is_no_part_of_the_name(registry: ActorRegistry) -> None:
    text = f"The troops left.  As then-Chairman of the Joint Chiefs General Tom Brand said, quote, {SPEECH}\n"
    quote = the_quote_at(quotes_of(text, registry), text, "Now is the time")
    assert quote.speaker == "Tom Brand"
