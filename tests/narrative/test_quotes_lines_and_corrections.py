"""Rules of session 9, found on the development parts K and L.

A label or a signature on its own line of the quotation's paragraph (a hard line break, no
blank line): "**Jane Doe – Acme CEO**  \\n“...”", "*“...”*  \\n*Vice President Jane Doe*"; a
signature set as a list item below an epigraph. A transcript's corrections ("the Acme
<s>CEO</s> \\[CFO\\] said"), fillers ("has said that, you know, “...”"), "in his words" in the
middle of a sentence, an object pronoun before "that" ("reminded us that"), a surname written
as names are ("McNally", "O’Keeffe"), the label's speaker said again after the quotation
("“...,” said Ranking Member Doe. “..."), and a book of scripture, which speaks for no one.
"""

from __future__ import annotations

import pytest

from support.quote_texts import quote_at, quotes_of, the_quote_at
from tracktwo.narrative.actors import ActorRegistry
from tracktwo.narrative.quotes.patterns import clean_markdown

SPEECH = "“Now is the time for every state to act and to fund these accounts for our children.”"


@pytest.mark.parametrize(
    "label",
    [
        "**Jane Quill – Acme Stores President and CEO**",
        "**Jane Quill, President and CEO, Acme Stores**",
    ],
)
def test_a_bold_label_on_the_line_above_in_the_same_paragraph(registry: ActorRegistry, label: str) -> None:
    text = f"Retailers spoke about the season.\n\n{label}  \n{SPEECH}\n\nMore followed.\n"
    quote = the_quote_at(quotes_of(text, registry), text, "Now is the time")
    assert (quote.speaker, quote.sector, quote.cue) == ("Jane Quill", "industry", "label_colon")


def test_a_body_alone_in_bold_above_is_a_label_when_its_kind_places_it(registry: ActorRegistry) -> None:
    text = f"Leaders praised the choice.\n\n**Prairie Futures Policy Institute**  \n{SPEECH}\n"
    quote = the_quote_at(quotes_of(text, registry), text, "Now is the time")
    assert (quote.speaker, quote.sector) == ("Prairie Futures Policy Institute", "civil_society")


def test_a_bold_heading_that_places_no_one_is_no_label(registry: ActorRegistry) -> None:
    text = f"The plan has five parts.\n\n**Roadmap for a Renewed Partnership**  \n{SPEECH}\n"
    assert quote_at(quotes_of(text, registry), text, "Now is the time") is None


@pytest.mark.parametrize(
    "signed",
    [
        f"*{SPEECH}*  \n*Vice President Kamala Harris*",  # a name alone on the last line
        f"*{SPEECH}  \nVice President Kamala Harris, January 7, 2022*",  # a name and a date
        f"*{SPEECH}*\n\n-   Vice President Kamala Harris",  # a list item below the epigraph
    ],
)
def test_an_epigraph_signed_on_its_last_line_or_in_a_list_item_below(
    registry: ActorRegistry, signed: str
) -> None:
    text = f"---\ntitle: Fact Sheet\n---\n{signed}\n\nThe strategy sets out five lines of effort.\n"
    quote = the_quote_at(quotes_of(text, registry, body_start=text.index("*")), text, "Now is the time")
    assert (quote.speaker, quote.sector, quote.cue) == ("Kamala Harris", "government", "dash_after")


def test_a_heading_below_a_quotation_is_no_signature(registry: ActorRegistry) -> None:
    text = f"The grants went to {SPEECH}\n\n**Ensuring Proper Medical Treatment**\n\nSection 5 directs HHS.\n"
    assert quote_at(quotes_of(text, registry), text, "Now is the time") is None


def test_a_name_of_no_known_person_on_the_last_line_is_no_signature(registry: ActorRegistry) -> None:
    text = f"Our motto reads:\n\n*{SPEECH}*  \n*Class Of The Year*\n\nMore followed.\n"
    assert quote_at(quotes_of(text, registry), text, "Now is the time") is None


def test_a_struck_title_and_the_one_put_in_its_place(registry: ActorRegistry) -> None:
    text = (
        "MS. PSAKI: Retailers are ready for the holidays.  Today, the Acme Stores <s>CEO</s> \\[CFO\\] "
        f"said, quote, {SPEECH}  With that, Josh.\n"
    )
    quote = the_quote_at(quotes_of(text, registry), text, "Now is the time")
    assert (quote.speaker, quote.sector) == ("Acme Stores CFO", "industry")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("the Acme <s>CEO</s> \\[CFO\\] said", "the Acme CFO said"),
        ("\\[Mayor Todd Gloria\\] added", "Mayor Todd Gloria added"),
        # notes stay in their brackets: no words of a name
        ("Alianza Verde \\[Translated from Spanish\\]", "Alianza Verde [Translated from Spanish]"),
        ("over people.” \\[Statement, 8/29/23\\]", "over people.” [Statement, 8/29/23]"),
    ],
)
def test_a_transcripts_corrections_are_read_as_corrected(raw: str, clean: str) -> None:
    assert clean_markdown(raw) == clean


@pytest.mark.parametrize(
    "before",
    [
        "Congresswoman Jane Quill, for example, has said that, you know,",
        "Congresswoman Jane Quill said yesterday, you know,",
    ],
)
def test_a_filler_between_the_verb_and_the_quotation(registry: ActorRegistry, before: str) -> None:
    text = f"MS. PSAKI: Go ahead.\n\nQ Thanks.  {before} {SPEECH}  What is your response?\n"
    quote = the_quote_at(quotes_of(text, registry), text, "Now is the time")
    assert quote.speaker == "Jane Quill"


def test_a_filler_after_like_still_imagines(registry: ActorRegistry) -> None:
    text = f"THE VICE PRESIDENT: It is making people feel like, you know, {SPEECH}  And so we work.\n"
    quote = quote_at(quotes_of(text, registry), text, "Now is the time")
    assert quote is None or quote.cue == "transcript_label"


def test_in_his_words_in_the_middle_of_a_sentence_is_the_person_named_before_it(
    registry: ActorRegistry,
) -> None:
    text = (
        "MS. JEAN-PIERRE: Go ahead.\n\nQ Karine, thank you.  How does he respond to criticism that "
        "Speaker Kevin McCarthy is reneging on the deal by communicating, in his words, "
        f"{SPEECH}\n\nMS. JEAN-PIERRE: So, look.\n"
    )
    quote = the_quote_at(quotes_of(text, registry), text, "Now is the time")
    assert quote.speaker == "Kevin McCarthy"


def test_an_object_pronoun_before_that(registry: ActorRegistry) -> None:
    text = f"Liberty must be defended.  President Ronald Reagan reminded us that {SPEECH}  We agree.\n"
    quote = the_quote_at(quotes_of(text, registry), text, "Now is the time")
    assert (quote.speaker, quote.sector) == ("Ronald Reagan", "government")


def test_a_noun_before_a_comma_is_no_verb_when_said_comes_first(registry: ActorRegistry) -> None:
    text = (
        "MS. JEAN-PIERRE: And that’s why President Lourenço said today in his opening comments to "
        f"the President, {SPEECH}  So we are here.\n"
    )
    quote = the_quote_at(quotes_of(text, registry), text, "Now is the time")
    assert quote.speaker == "President Lourenço"


@pytest.mark.parametrize("surname", ["McNally", "O’Keeffe", "Jean-Marie"])
def test_a_surname_written_as_names_are_refers_to_its_full_name(
    registry: ActorRegistry, surname: str
) -> None:
    text = (
        f"The clinic helped 60 families, Professor Julia {surname} of the law school noted.  "
        f"{SPEECH[:-2]},” {surname} said.  Next item.\n"
    )
    quote = the_quote_at(quotes_of(text, registry), text, "Now is the time")
    assert (quote.speaker, quote.sector) == (f"Julia {surname}", "academia")


def test_a_lone_capital_i_is_no_surname(registry: ActorRegistry) -> None:
    text = (
        "I was in Virginia a couple of months ago, meeting with a family.  And this mother with two "
        f"kids stood up.  She said, {SPEECH}  Imagine that.\n"
    )
    quote = quote_at(quotes_of(text, registry), text, "Now is the time")
    assert quote is None or quote.speaker != "I"


def test_the_labels_speaker_said_again_runs_on_to_the_next_quotations(registry: ActorRegistry) -> None:
    text = (
        "**Congressman Tom Brand, Ranking Member, House Natural Resources Committee:** “A healthier "
        "future demands bold change,” said Ranking Member Brand.  “Aside from being untenable, these "
        "exports perpetuate a legacy.  It is long past time.\n\n"
        "“As the administration moves forward, I commend their commitment to the review.”\n"
    )
    found = quotes_of(text, registry)
    for words in ("Aside from being", "As the administration"):
        quote = the_quote_at(found, text, words)
        assert (quote.speaker, quote.cue) == ("Tom Brand", "continuation")


def test_another_speaker_said_after_the_labels_quotation_does_not_run_on(registry: ActorRegistry) -> None:
    text = (
        "**Congressman Tom Brand, Ranking Member:** “A healthier future demands bold change,” "
        "said Senator Jane Quill.  “Aside from being untenable, these exports perpetuate a legacy.”\n"
    )
    quote = quote_at(quotes_of(text, registry), text, "Aside from being")
    assert quote is None or quote.speaker != "Tom Brand"


@pytest.mark.parametrize(
    "book", ["The Holy Qur’an reminds us that", "The Talmud says,", "As the Bible tells us,"]
)
def test_a_book_of_scripture_speaks_for_no_one(registry: ActorRegistry, book: str) -> None:
    text = f"We remember those we lost.  {book} {SPEECH}  We are hopeful.\n"
    assert quote_at(quotes_of(text, registry), text, "Now is the time") is None
