"""Quotations, transcript turns and speakers: each attribution pattern on small texts."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from support.quote_texts import quotes_of
from tracktwo.narrative.actors import ActorRegistry
from tracktwo.narrative.documents import Document
from tracktwo.narrative.quotes import Quote, default_speaker


def only(found: tuple[Quote, ...], kind: str = "quote") -> Quote:
    matching = [q for q in found if q.kind == kind]
    assert len(matching) == 1, matching
    return matching[0]


# --- direct quotations -------------------------------------------------------------------------


def test_quote_then_said_name_with_title_of_organisation(registry: ActorRegistry) -> None:
    text = "“We will keep our lead in AI,” said Jane Doe, chief executive officer of Acme Robotics Inc.\n"
    quote = only(quotes_of(text, registry))
    assert quote.text == "We will keep our lead in AI,"
    assert (quote.speaker, quote.sector, quote.cue) == ("Jane Doe", "industry", "said_after")
    assert "Acme Robotics" in quote.organisation
    assert text[quote.cue_start : quote.cue_end].startswith(" said Jane Doe")


def test_name_said_then_quote(registry: ActorRegistry) -> None:
    text = "Senator John Smith said: “Safety testing must come before deployment.”"
    quote = only(quotes_of(text, registry))
    assert (quote.speaker, quote.sector, quote.cue) == ("John Smith", "government", "said_before")


def test_quote_then_name_said(registry: ActorRegistry) -> None:
    text = "“China is not behind,” Jensen Huang said."
    quote = only(quotes_of(text, registry))
    assert (quote.speaker, quote.organisation, quote.sector, quote.country) == (
        "Jensen Huang",
        "Nvidia",
        "industry",
        "US",
    )
    assert quote.resolved_by == "registry"


def test_straight_quotes_are_quotations_too(registry: ActorRegistry) -> None:
    text = '"We need guardrails," said Maria Lopez, a professor at Stanford University.'
    quote = only(quotes_of(text, registry))
    assert (quote.text, quote.speaker, quote.sector) == ("We need guardrails,", "Maria Lopez", "academia")


def test_round_up_label_in_markdown(registry: ActorRegistry) -> None:
    text = (
        "[**Georgia Gov. Brian\nKemp**](https://x.com/GovKemp/status/1): “We can’t afford to hand China a\n"
        "victory in the race for technological innovation!”\n\n"
        "**Damon Hewitt, President and Executive Director of the Lawyers’ Committee for Civil Rights:**\n"
        "“This executive order is a critical step.”\n"
    )
    first, second = quotes_of(text, registry)
    assert (first.speaker, first.sector, first.country, first.cue) == (
        "Brian Kemp",
        "government",
        "US",
        "label_colon",
    )
    assert (second.speaker, second.sector) == ("Damon Hewitt", "civil_society")


def test_organisation_as_speaker_is_named_as_written(registry: ActorRegistry) -> None:
    text = "**North America’s Building Trades Unions (NABTU):** “Big news for our members.”"
    quote = only(quotes_of(text, registry))
    assert (quote.speaker, quote.sector) == (
        "North America’s Building Trades Unions (NABTU)",
        "civil_society",
    )


def test_title_and_lone_surname_keep_the_title(registry: ActorRegistry) -> None:
    text = "-   President Trump: “We will win the AI race.”"
    quote = only(quotes_of(text, registry))
    assert (quote.speaker, quote.sector, quote.country) == ("President Trump", "government", "US")


def test_as_x_put_it(registry: ActorRegistry) -> None:
    text = "As Nvidia CEO Jensen Huang [put it](https://x.com/1): “America’s advantage is energy.”"
    quote = only(quotes_of(text, registry))
    assert (quote.speaker, quote.cue) == ("Jensen Huang", "as_put_it")


def test_interrupted_quotation_continues_with_the_same_speaker(registry: ActorRegistry) -> None:
    text = "“Part one,” **said Under Secretary of War Emil Michael**. “Part two of the quotation.”"
    first, second = quotes_of(text, registry)
    assert (first.speaker, first.sector) == ("Emil Michael", "security")
    assert (second.speaker, second.cue) == ("Emil Michael", "continuation")


def test_dash_attribution_after_a_block_quotation(registry: ActorRegistry) -> None:
    text = "> **“Our AI policy puts workers first.”**\n> — White House Press Secretary Karoline Leavitt\n"
    quote = only(quotes_of(text, registry))
    assert (quote.speaker, quote.sector, quote.cue) == ("Karoline Leavitt", "government", "dash_after")


def test_according_to_with_and_without_quotation_marks(registry: ActorRegistry) -> None:
    text = (
        "According to Microsoft, “the AI economy depends on energy.”\n\n"
        "The chips were smuggled through Singapore, according to the Department of Commerce.\n\n"
        "According to the data, prices fell.\n"
    )
    found = quotes_of(text, registry)
    assert [(q.kind, q.speaker, q.sector) for q in found] == [
        ("quote", "Microsoft", "industry"),
        ("according_to", "Department of Commerce", "government"),
    ]
    assert found[1].text == "The chips were smuggled through Singapore"


def test_scare_quotes_and_titles_are_no_quotations(registry: ActorRegistry) -> None:
    text = "The term “agency” means any authority. The “AI Action Plan” was released on Tuesday.\n"
    assert quotes_of(text, registry) == ()


def test_first_person_inside_a_speech_is_not_a_speaker(registry: ActorRegistry) -> None:
    text = "And I said, “What do you guys think?”"
    assert quotes_of(text, registry) == ()


# --- pronouns ----------------------------------------------------------------------------------


def test_pronoun_refers_back_to_the_last_named_speaker(registry: ActorRegistry) -> None:
    text = (
        "“We will lead,” said Dario Amodei, chief executive of Anthropic. "
        "“Export controls work,” he added.\n\nShe said, “Nothing.”\n"
    )
    found = quotes_of(text, registry)
    assert [(q.speaker, q.cue) for q in found[:2]] == [
        ("Dario Amodei", "said_after"),
        ("Dario Amodei", "pronoun"),
    ]
    assert found[1].resolved_by.startswith("back-reference")
    # "She" in the next paragraph still refers to the paragraph before; with no named speaker
    # within reach a pronoun attributes nothing
    assert quotes_of("She said, “Nothing.”", registry) == ()


def test_pronoun_falls_back_on_a_registered_person_named_in_the_paragraph(registry: ActorRegistry) -> None:
    text = "When I spoke with Xi Jinping about AI, he said, “We should talk.”"
    quote = only(quotes_of(text, registry))
    assert (quote.speaker, quote.country, quote.cue) == ("Xi Jinping", "CN", "pronoun")


# --- transcripts -------------------------------------------------------------------------------


TRANSCRIPT = """---
title: "Remarks by President Biden and Prime Minister Modi of the Republic of India in Joint Press Conference"
source_url: https://www.whitehouse.gov/briefing-room/speeches-remarks/2023/06/22/remarks/
---
\xa0
1:06 P.M. EST

PRIME MINISTER MODI:  By increasing our cooperation in artificial intelligence, we are
creating a strong partnership.

And we will sign agreements.

Q    Thank you, Mr. President.  What about China?

THE PRESIDENT:  We are not trying to contain China.

MR. TAICLET:  Thank you, Brian.

END 2:01 P.M. EST
"""


def test_transcript_turns_are_quotations_of_their_label(registry: ActorRegistry) -> None:
    body = TRANSCRIPT.index("\xa0\n1:06")
    doc_args = {
        "body_start": body,
        "title": TRANSCRIPT.splitlines()[1][8:-1],
        "url": TRANSCRIPT.splitlines()[2][12:],
    }
    text = (
        TRANSCRIPT.replace("MR. TAICLET:", "MR. TAICLET:")
        + "\nWe then went to Jim Taiclet, the CEO of Lockheed Martin.\n"
    )
    found = [q for q in quotes_of(text, registry, **doc_args) if q.kind == "transcript"]  # type: ignore[arg-type]
    assert [q.speaker for q in found] == ["PRIME MINISTER MODI", "Q", "THE PRESIDENT", "MR. TAICLET"]
    modi, reporter, president, taiclet = found
    assert modi.text.startswith("By increasing") and modi.text.endswith("And we will sign agreements.")
    assert (modi.sector, modi.country) == ("government", "IN")
    assert (reporter.sector, reporter.country) == ("media", "unknown")
    assert reporter.text == "Thank you, Mr. President.  What about China?"
    assert (president.sector, president.country) == ("government", "US")
    assert (taiclet.sector, taiclet.text) == ("industry", "Thank you, Brian.")  # END closes the last turn
    assert text[taiclet.cue_start : taiclet.cue_end].startswith("MR. TAICLET:")


def test_headings_are_not_transcript_labels(registry: ActorRegistry) -> None:
    text = (
        "\nSUBJECT:  Advancing AI\n\n**FACT:** The plan works.\n\nNATIONAL SECURITY:  AI matters.\n\n"
        "PRESIDENT TRUMP IS ENDING THE DELAYS: the order does it.\n"
    )
    assert [q for q in quotes_of(text, registry) if q.kind == "transcript"] == []


def test_a_quotation_inside_a_turn_gets_its_own_speaker(registry: ActorRegistry) -> None:
    text = "\nMR. SULLIVAN:  As General Eisenhower said, “new capabilities, new tools.”  That is our task.\n"
    found = quotes_of(text, registry)
    turn, inner = only(found, "transcript"), only(found, "quote")
    assert turn.speaker == "MR. SULLIVAN" and turn.start < inner.start < inner.end < turn.end
    assert (inner.speaker, inner.sector) == ("General Eisenhower", "security")


# --- Chinese -----------------------------------------------------------------------------------


def test_chinese_quotations_before_and_after(registry: ActorRegistry) -> None:
    text = (
        "外交部发言人毛宁表示：“中方愿同各方加强人工智能治理合作。”她还说：“我们反对将科技问题政治化。”\n\n"
        "“我们必须加快发展人工智能，”黄仁勋说。\n\n"
        "清华大学教授薛澜指出，“人工智能安全需要国际合作。”\n\n"
        "英伟达首席执行官黄仁勋称：「中国是非常重要的市场。」\n\n"
        "某公司工程师王小明在会上表示：“大模型的风险不容忽视。”\n"
    )
    found = quotes_of(text, registry, language="zh")
    assert [(q.speaker, q.sector, q.country, q.cue) for q in found] == [
        ("毛宁", "government", "CN", "zh_verb_before"),
        ("毛宁", "government", "CN", "pronoun"),
        ("黄仁勋", "industry", "US", "zh_verb_after"),
        ("薛澜", "academia", "CN", "zh_verb_before"),
        ("黄仁勋", "industry", "US", "zh_verb_before"),
        ("王小明", "industry", "unknown", "zh_verb_before"),
    ]
    assert found[4].text == "中国是非常重要的市场。"  # corner brackets


def test_chinese_according_to(registry: ActorRegistry) -> None:
    text = "据新华社报道，中国发布了人工智能安全治理框架。"
    quote = only(quotes_of(text, registry), "according_to")
    assert (quote.text, quote.speaker, quote.sector, quote.country) == (
        "中国发布了人工智能安全治理框架。",
        "新华社",
        "media",
        "CN",
    )


# --- robustness --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "“Unclosed quotation, said nobody\n\nNext paragraph.",
        "“Nested ‘inner’ and “double” marks,” said Jane Doe.",
        "”Closing first“ then opening",
        '"odd "straight" quotes',
        "「未闭合的引号\n\n下一段",
        "“",
        "",
        "Q",
        "\nQ    \n",
        "“" * 50 + "”" * 50,
    ],
)
def test_malformed_quotation_marks_do_not_crash(text: str, registry: ActorRegistry) -> None:
    quotes_of(text, registry)


def test_unclosed_quotation_runs_to_the_end_of_its_paragraph(registry: ActorRegistry) -> None:
    text = "Jane Doe, CEO of Acme, said: “We will build here\n\nNext paragraph."
    quote = only(quotes_of(text, registry))
    assert quote.text == "We will build here" and quote.speaker == "Jane Doe"


def test_a_multi_paragraph_quotation_keeps_its_speaker(registry: ActorRegistry) -> None:
    text = "Jane Doe, CEO of Acme, said: “First paragraph.\n\n“Second paragraph.”"
    _, second = quotes_of(text, registry)
    assert (second.speaker, second.cue) == ("Jane Doe", "continuation")


def test_results_are_frozen_values(registry: ActorRegistry) -> None:
    quote = only(quotes_of("“Hi,” said Jane Doe.", registry))
    with pytest.raises(AttributeError):
        quote.speaker = "someone else"  # type: ignore[misc]


# --- document-level speaker ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        (
            "Remarks of National Security Advisor Jake Sullivan A New Frontier",
            "",
            ("Jake Sullivan", "government"),
        ),
        (
            "Remarks by Director Michael Kratsios at the India AI Impact Summit",
            "",
            ("Michael Kratsios", "government"),
        ),
        (
            "Statement from Vice President Harris on the UN Resolution",
            "",
            ("Vice President Harris", "government"),
        ),
        ("Statement from NSC Spokesperson Adrienne Watson on AI", "", ("The White House", "government")),
        ("FACT SHEET: New Actions on AI", "", ("The White House", "government")),
        (
            "Delivering on the Promise of AI",
            " \n*Lael Brainard, National Economic Advisor  \nNeera Tanden, Domestic Policy Advisor*\n\ntext",
            ("Lael Brainard and Neera Tanden", "government"),
        ),
    ],
)
def test_default_speaker_follows_the_eval_conventions(
    title: str, body: str, expected: tuple[str, str], registry: ActorRegistry
) -> None:
    doc = Document(
        source="x.md",
        text=body,
        title=title,
        metadata=MappingProxyType({"source_url": "https://bidenwhitehouse.archives.gov/briefing-room/x/"}),
    )
    speaker = default_speaker(doc, registry)
    assert (speaker.name, speaker.sector) == expected
    assert speaker.country == "US"


def test_traditional_chinese_is_matched_and_named_as_written(registry: ActorRegistry) -> None:
    text = (
        "外交部發言人毛寧表示：「中方願同各方加強人工智慧治理合作。」\n\n"
        "「我們必須加快發展人工智慧，」黃仁勳說。\n\n"
        "據新華社報導，中國發布了人工智慧安全治理框架。\n"
    )
    found = quotes_of(text, registry)
    assert [(q.kind, q.speaker, q.sector, q.country) for q in found] == [
        ("quote", "毛寧", "government", "CN"),
        ("quote", "黃仁勳", "industry", "US"),
        ("according_to", "新華社", "media", "CN"),
    ]
