"""Press round-ups ("What they are saying"): the label above a linked headline names who a
quotation under it comes from: an author in the capacity their title gives, else the outlet,
which is the press. And the highlights of one person's interview or remarks, listed under a
heading that names no one ("Here's what you missed:")."""

from __future__ import annotations

import pytest

from support.quote_texts import quote_at, quotes_of, the_quote_at
from tracktwo.narrative.actors import ActorRegistry
from tracktwo.narrative.quotes.roundups import roundup_label

QUOTED = "*“Starting next year, families in the state will keep more of what they earn at work.”*"
LINK = "(https://www.example-news.com/2025/07/11/a-long-path-to-the-story-about-the-bill/)"


@pytest.mark.parametrize(
    ("label", "speaker", "sector"),
    [
        (
            f"**Rep. Jane Dorsey (R-IA) in the *Gazette*:** [**The bill grows our\neconomy**]{LINK}",
            "Jane Dorsey",
            "government",
        ),
        (
            f"**Sen. Tom Brand (*The Courier*, Plains, MT):** [**A win for Montana**]{LINK}",
            "Tom Brand",
            "government",
        ),
        (
            f"***The Lakeside Ledger*** **(Summerville, SC):** [**Savings for families**]{LINK}",
            "The Lakeside Ledger (Summerville, SC)",
            "media",
        ),
        (
            f"[**The\nValley Wire**]{LINK}**:\nFamilies will keep more, analysts say**",
            "The Valley Wire",
            "media",
        ),
    ],
)
def test_a_round_up_entry_names_its_author_else_its_outlet(
    registry: ActorRegistry, label: str, speaker: str, sector: str
) -> None:
    text = f"Here is what they are saying:\n\n{label}\n\n{QUOTED}\n"
    quote = the_quote_at(quotes_of(text, registry), text, "Starting next year")
    assert (quote.speaker, quote.sector, quote.cue) == (speaker, sector, "label_colon")


def test_a_paragraph_ending_in_a_link_without_a_label_names_no_one(registry: ActorRegistry) -> None:
    text = f"The bill passed on Friday, [as reported]{LINK}\n\n{QUOTED}\n"
    assert quote_at(quotes_of(text, registry), text, "Starting next year") is None


def test_the_label_stops_before_the_headline() -> None:
    paragraph = f"**Rep. Jane Dorsey (R-IA) on FoxNews.com:** [**Deliver the bill**]{LINK}"
    label = roundup_label(paragraph, 0, len(paragraph))
    assert label is not None
    assert (label.who, label.outlet) == ("Rep. Jane Dorsey (R-IA)", False)
    assert paragraph[: label.end].rstrip("* ").endswith(":")


def test_a_list_under_a_heading_that_names_no_one_quotes_the_occasion_before_it(
    registry: ActorRegistry,
) -> None:
    text = (
        "Yesterday, President Ann Quill delivered [remarks](https://example.com/video) at the"
        ' summit, where she laid out her plan.\n\n<figure>\n<img src="x.jpg" />\n</figure>\n\n'
        "**Here’s what you missed:**\n\n"
        "-   “We are going to build more homes in the next four years than in the last ten.”\n"
        "    ([Watch](https://x.com/status/1))\n"
        "-   “Every family deserves a home they can afford, and we will make sure they get one.”\n"
    )
    found = quotes_of(text, registry)
    for words in ("We are going to build", "Every family deserves"):
        quote = the_quote_at(found, text, words)
        assert (quote.speaker, quote.sector, quote.cue) == ("Ann Quill", "government", "list_intro")


def test_a_list_under_a_heading_after_a_paragraph_naming_no_occasion_names_no_one(
    registry: ActorRegistry,
) -> None:
    text = (
        "Yesterday, President Ann Quill visited the plant with workers.\n\n"
        "**Here’s what they said:**\n\n"
        "-   “We are going to build more homes in the next four years than in the last ten.”\n"
    )
    assert quote_at(quotes_of(text, registry), text, "We are going to build") is None


@pytest.mark.parametrize(
    "label",
    [
        "**Jane Dorsey, President of the Lakeside Workers Union**",
        "**<u>Jane Dorsey, Director, Lakeside Fund</u>**",
    ],
)
def test_a_name_and_role_in_bold_above_a_quotation_is_its_label(registry: ActorRegistry, label: str) -> None:
    text = f"Here is what they are saying:\n\n{label}\n\n{QUOTED}\n"
    quote = the_quote_at(quotes_of(text, registry), text, "Starting next year")
    assert (quote.speaker, quote.cue) == ("Jane Dorsey", "label_colon")


def test_a_bold_heading_with_no_name_above_a_quotation_is_no_label(registry: ActorRegistry) -> None:
    text = f"Here is what they are saying:\n\n**Tribal Leaders**\n\n{QUOTED}\n"
    assert quote_at(quotes_of(text, registry), text, "Starting next year") is None
