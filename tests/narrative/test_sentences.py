"""Sentences with exact offsets: English briefing-room Markdown, Chinese reports, mixed text."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from support.shared_data import shared_data_path
from tracktwo.narrative.documents import Document, Sentence
from tracktwo.narrative.paragraphs import split_paragraphs
from tracktwo.narrative.sentences import split_sentences


def split(text: str, language: str = "en", body_start: int = 0) -> tuple[Sentence, ...]:
    document = Document(source="doc.md", text=text, body_start=body_start, language=language)
    sentences = split_sentences(document)
    assert_well_formed(document, sentences)
    return sentences


def texts(text: str, language: str = "en") -> list[str]:
    return [sentence.text for sentence in split(text, language)]


def assert_well_formed(document: Document, sentences: Iterable[Sentence]) -> None:
    """The invariants every split keeps, whatever the text."""
    paragraphs = {
        paragraph.index: paragraph for paragraph in split_paragraphs(document.text, document.body_start)
    }
    previous_end = document.body_start
    previous_paragraph = 0
    for sentence in sentences:
        assert sentence.source == document.source
        assert document.text[sentence.start : sentence.end] == sentence.text
        assert sentence.text and sentence.text == sentence.text.strip()
        assert previous_end <= sentence.start < sentence.end
        assert sentence.paragraph >= previous_paragraph
        paragraph = paragraphs[sentence.paragraph]
        assert paragraph.start <= sentence.start and sentence.end <= paragraph.end
        previous_end, previous_paragraph = sentence.end, sentence.paragraph


# English -------------------------------------------------------------------------------


def test_hard_line_wraps_stay_inside_the_sentence() -> None:
    text = (
        "Our industrial might, unleashed at home,\nand our technical achievements from AI to aerospace,"
        " successfully\ncommercialized, can also be powerful instruments of diplomacy. American progress in\n"
        "    critical technologies will make us the partner of choice.\n"
    )
    assert texts(text) == [
        "Our industrial might, unleashed at home,\nand our technical achievements from AI to aerospace,"
        " successfully\ncommercialized, can also be powerful instruments of diplomacy.",
        "American progress in\n    critical technologies will make us the partner of choice.",
    ]


def test_abbreviations_initials_and_decimals_do_not_end_sentences() -> None:
    text = (
        "Mr. Smith met Sen. Jones and Gov. Lee at 10 a.m. on Jan. 5 to discuss U.S. policy on A.I. chips. "
        "Dr. Lee said growth was 3.5 percent, e.g. in Ohio. Mrs. Biden and Lt. Gen. Ray agreed."
    )
    assert texts(text) == [
        "Mr. Smith met Sen. Jones and Gov. Lee at 10 a.m. on Jan. 5 to discuss U.S. policy on A.I. chips.",
        "Dr. Lee said growth was 3.5 percent, e.g. in Ohio.",
        "Mrs. Biden and Lt. Gen. Ray agreed.",
    ]


def test_number_abbreviations_end_a_sentence_only_before_a_capital() -> None:
    assert texts("See Executive Order No. 14110. No. We will not revoke it.") == [
        "See Executive Order No. 14110.",
        "No.",
        "We will not revoke it.",
    ]
    assert texts("It was signed in Sept. 2023. Then came Sec. 4. Definitions follow.") == [
        "It was signed in Sept. 2023.",
        "Then came Sec. 4.",
        "Definitions follow.",
    ]


def test_a_letter_after_an_ampersand_is_no_initial() -> None:
    assert texts("Two doses for J&J. And importantly, boosters.") == [
        "Two doses for J&J.",
        "And importantly, boosters.",
    ]


def test_closing_quotes_and_brackets_stay_with_the_sentence() -> None:
    text = (
        "He said, “The triumphs did not happen by chance.” Then he left. "
        'She wrote "We will win." And she did. (Applause.) The “AI race?” he asked. '
        "It’s a “global issue”— it’s extraordinary."
    )
    assert texts(text) == [
        "He said, “The triumphs did not happen by chance.”",
        "Then he left.",
        'She wrote "We will win."',
        "And she did.",
        "(Applause.)",
        "The “AI race?” he asked.",
        "It’s a “global issue”— it’s extraordinary.",
    ]


def test_ellipses_end_a_sentence_unless_they_mark_an_elision() -> None:
    assert texts("We waited... Then it came. We need power… Nothing else works.") == [
        "We waited...",
        "Then it came.",
        "We need power…",
        "Nothing else works.",
    ]
    assert texts("Nothing does that better than nuclear … The problem is delay.") == [
        "Nothing does that better than nuclear … The problem is delay."
    ]


def test_questions_and_exclamations() -> None:
    assert texts("Is it fair?  Yes!  We will win!\n") == ["Is it fair?", "Yes!", "We will win!"]


def test_transcript_turns_drop_the_speaker_label() -> None:
    text = (
        "MS. LEAVITT:  Good afternoon, everybody.  Thank you.\n\n"
        "Q    Thanks, Karoline.  Is China ahead\nin AI?\n\xa0\n"
        "THE PRESIDENT:\xa0 We are winning.\n"
        "SENIOR ADMINISTRATION OFFICIAL:  Sure.\n\n"
        "MS. PSAKI:\xa0 — to go see the President.\n\n"
        "MR. McDONOUGH:  Fine."
    )
    sentences = split(text)
    assert [sentence.text for sentence in sentences] == [
        "Good afternoon, everybody.",
        "Thank you.",
        "Thanks, Karoline.",
        "Is China ahead\nin AI?",
        "We are winning.",
        "Sure.",
        "— to go see the President.",
        "Fine.",
    ]
    assert [sentence.paragraph for sentence in sentences] == [0, 0, 1, 1, 2, 2, 3, 4]


def test_headings_bullets_and_numbered_items() -> None:
    text = (
        "## What the order does\n\n"
        "The order has three parts:\n\n"
        "-   Testing of frontier models\n    before deployment.\n"
        "-   **Reporting:** Developers report results.\n"
        "    -   Nested item\n\n"
        "1.  First step.\n"
        "2.  Second step\n\n"
        "> A quoted line.\n"
    )
    assert texts(text) == [
        "What the order does",
        "The order has three parts:",
        "Testing of frontier models\n    before deployment.",
        "**Reporting:**",
        "Developers report results.",
        "Nested item",
        "First step.",
        "Second step",
        "A quoted line.",
    ]


def test_bold_run_in_headings_end_with_their_full_stop() -> None:
    text = "**Investing in harm reduction.** The budget calls for $100 million."
    assert texts(text) == ["**Investing in harm reduction.**", "The budget calls for $100 million."]


def test_legal_enumerators_start_a_sentence_and_stay_in_it() -> None:
    text = (
        "Sec. 3. \xa0Protecting Data. \xa0(a) \xa0Access to bulk data\nis restricted.\n"
        "\xa0 \xa0 (i) \xa0the Secretary shall report; and\n"
        "\xa0 \xa0 (ii) \xa0the Director shall act.\n"
        "To wit, the Defense Innovation Unit\n    (DIU) intends to act."
    )
    assert texts(text) == [
        "Sec. 3.",
        "Protecting Data. \xa0(a) \xa0Access to bulk data\nis restricted.",
        "(i) \xa0the Secretary shall report; and",
        "(ii) \xa0the Director shall act.",
        "To wit, the Defense Innovation Unit\n    (DIU) intends to act.",
    ]


def test_html_and_table_rows_are_not_one_long_sentence() -> None:
    text = "<table>\n<tr>\n<td>Alaska</td>\n<td>$37 million</td>\n</tr>\n</table>"
    assert texts(text) == ["<table>", "<tr>", "<td>Alaska</td>", "<td>$37 million</td>", "</tr>", "</table>"]


def test_paragraphs_are_separated_by_blank_and_decoration_lines() -> None:
    text = "One here.  \n\xa0  \nTwo here.\n\n\\*\\*\\*\n\nThree here.\n<!-- -->\nFour here."
    sentences = split(text)
    assert [(sentence.text, sentence.paragraph) for sentence in sentences] == [
        ("One here.", 0),
        ("Two here.", 1),
        ("Three here.", 2),
        ("Four here.", 3),
    ]


def test_front_matter_is_skipped_and_offsets_index_the_full_text() -> None:
    front = "---\ndate: '2025-04-14'\ntitle: Remarks by Dr. Smith. A. B. C.\n---\n \n"
    body = "**THE GOLDEN AGE**\n\nTHE DIRECTOR: Thank you. It is a pleasure."
    text = front + body
    sentences = split(text, body_start=len(front) - 2)
    assert [sentence.text for sentence in sentences] == [
        "**THE GOLDEN AGE**",
        "Thank you.",
        "It is a pleasure.",
    ]
    assert sentences[1].start == text.index("Thank you.")
    assert sentences[0].paragraph == 0 and sentences[1].paragraph == 1


@pytest.mark.parametrize("text", ["", "   \n\n \xa0\n", "---\n", "\\*\\*\\*\n\n—"])
def test_empty_bodies_have_no_sentences(text: str) -> None:
    assert split(text) == ()


def test_front_matter_only_has_no_sentences() -> None:
    text = "---\ntitle: Nothing here. Really.\n---\n"
    assert split(text, body_start=len(text)) == ()


# Chinese -------------------------------------------------------------------------------


def test_chinese_sentences_end_at_full_width_punctuation_without_spaces() -> None:
    text = "我们要发展人工智能。加强国际合作！这是什么？他说：“我们要合作。”随后离开。「好！」"
    assert texts(text, "zh") == [
        "我们要发展人工智能。",
        "加强国际合作！",
        "这是什么？",
        "他说：“我们要合作。”",
        "随后离开。",
        "「好！」",
    ]


def test_chinese_line_breaks_inside_a_sentence_stay_and_blank_lines_break() -> None:
    text = "\u3000\u3000推动人工智能\n健康发展。坚持安全可控。\n\n二、今年工作\n\n\u3000\u3000加强监管。"
    sentences = split(text, "zh")
    assert [(sentence.text, sentence.paragraph) for sentence in sentences] == [
        ("推动人工智能\n健康发展。", 0),
        ("坚持安全可控。", 0),
        ("二、今年工作", 1),
        ("加强监管。", 2),
    ]


def test_chinese_semicolons_split_only_long_clauses() -> None:
    long_a = "高技术制造业、装备制造业增加值分别增长百分之八点九和百分之七点七"
    long_b = "信息传输软件和信息技术服务业增加值分别增长百分之十点九"
    assert texts(f"{long_a}；{long_b}。", "zh") == [f"{long_a}；", f"{long_b}。"]
    assert texts("稳中有进；稳中向好。", "zh") == ["稳中有进；稳中向好。"]


def test_chinese_ellipsis_ends_a_sentence() -> None:
    assert texts("我们讨论了很多问题……下一步怎么办？", "zh") == ["我们讨论了很多问题……", "下一步怎么办？"]


def test_traditional_chinese_is_split_and_labelled_zh() -> None:
    sentences = split_sentences(Document(source="tw.md", text="推動人工智慧發展。加強國際合作！"))
    assert [(sentence.text, sentence.language) for sentence in sentences] == [
        ("推動人工智慧發展。", "zh"),
        ("加強國際合作！", "zh"),
    ]


# Language ------------------------------------------------------------------------------


def test_mixed_documents_label_sentences_by_paragraph() -> None:
    text = (
        "The United States and China agreed to talk. Both sides named risks.\n\n"
        "中美双方同意就人工智能开展对话。双方都提到了风险。\n\n"
        "The next round is in Geneva."
    )
    document = Document(source="mixed.md", text=text)
    sentences = split_sentences(document)
    assert_well_formed(document, sentences)
    assert [(sentence.language, sentence.paragraph) for sentence in sentences] == [
        ("en", 0),
        ("en", 0),
        ("zh", 1),
        ("zh", 1),
        ("en", 2),
    ]


def test_a_preset_language_is_used_and_an_unset_one_detected() -> None:
    assert {sentence.language for sentence in split("We met. 我们见面了。", language="zh")} == {"zh"}
    document = Document(source="a.md", text="We met. We talked.")
    assert {sentence.language for sentence in split_sentences(document)} == {"en"}


# Properties ----------------------------------------------------------------------------

_PIECES = [
    "Word",
    "word",
    "AI",
    "U.S.",
    "Mr.",
    "No.",
    "3.5",
    "J&J",
    "e.g.",
    ".",
    ". ",
    "? ",
    "! ",
    "…",
    "...",
    " … ",
    "”",
    "“",
    '"',
    "’",
    ")",
    "(",
    "(a) ",
    "(DIU)",
    "**",
    ":** ",
    " ",
    "  ",
    "\xa0",
    "\u3000",
    "\t",
    "\r\n",
    "\n",
    "\n\n",
    "\n \xa0\n",
    "\n-   ",
    "\n1. ",
    "\n## ",
    "\nMS. LEAVITT:  ",
    "\nQ   ",
    "\n<td>",
    "\\*\\*\\*",
    "---",
    "人工智能",
    "發展",
    "。",
    "！",
    "？",
    "；",
    "……",
    "」",
    "「",
]


@settings(max_examples=400, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(_PIECES), max_size=60),
    noise=st.text(max_size=20),
    body_start=st.integers(min_value=0, max_value=30),
    language=st.sampled_from(["", "en", "zh"]),
)
def test_sentences_are_exact_ordered_and_disjoint_for_any_text(
    pieces: list[str], noise: str, body_start: int, language: str
) -> None:
    text = "".join(pieces) + noise
    document = Document(
        source="random.md", text=text, body_start=min(body_start, len(text)), language=language
    )
    assert_well_formed(document, split_sentences(document))


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_sentences_are_exact_for_arbitrary_unicode(text: str) -> None:
    document = Document(source="random.md", text=text)
    assert_well_formed(document, split_sentences(document))


# Real text -----------------------------------------------------------------------------


def _body_start(text: str) -> int:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            return end + len("\n---\n")
    return 0


def _match_rates(
    items: list[tuple[str, int, int]], sentences_of: dict[str, tuple[Sentence, ...]]
) -> tuple[float, float]:
    """Shares of labelled spans produced exactly, and matched with overlap (Jaccard) >= 0.9."""
    exact = overlapping = 0
    for key, start, end in items:
        sentences = sentences_of[key]
        if any(sentence.start == start and sentence.end == end for sentence in sentences):
            exact += 1
            overlapping += 1
            continue
        best = max(
            (
                (min(end, sentence.end) - max(start, sentence.start))
                / (max(end, sentence.end) - min(start, sentence.start))
                for sentence in sentences
                if sentence.start < end and start < sentence.end
            ),
            default=0.0,
        )
        overlapping += best >= 0.9
    return exact / len(items), overlapping / len(items)


@pytest.mark.shared_data
def test_labelled_english_sentences_are_found_by_their_offsets() -> None:
    folder = shared_data_path("wh-briefings")
    evaluation = shared_data_path("..", "eval")
    items: list[tuple[str, int, int]] = []
    for name in ("narrative-dev.jsonl", "quotes-dev.jsonl"):
        for line in (evaluation / name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record.get("kind") != "quote":  # quotations are spans inside quote marks, not sentences
                items.append((record["path"], record["start"], record["end"]))
    sentences_of: dict[str, tuple[Sentence, ...]] = {}
    for path in {path for path, _, _ in items}:
        text = (folder / Path(path)).read_text(encoding="utf-8")
        document = Document(source=path, text=text, body_start=_body_start(text))
        sentences_of[path] = split_sentences(document)
        assert_well_formed(document, sentences_of[path])
    exact, overlapping = _match_rates(items, sentences_of)
    assert len(items) >= 300
    # measured: 302 of 303 exact (0.997); the one miss is a labelled span that runs across
    # a line-opening "(i)" enumerator
    assert exact >= 0.98
    assert overlapping >= 0.98


@pytest.mark.shared_data
def test_labelled_chinese_sentences_are_found_by_their_offsets() -> None:
    folder = shared_data_path("zh-gov-reports")
    evaluation = shared_data_path("..", "eval")
    records = [
        json.loads(line)
        for line in (evaluation / "narrative-zh-dev.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    contents: dict[str, list[str]] = {}
    for name in {record["file"] for record in records}:
        lines = (folder / name).read_text(encoding="utf-8").splitlines()
        contents[name] = [json.loads(line)["content"] for line in lines]
    sentences_of: dict[str, tuple[Sentence, ...]] = {}
    items: list[tuple[str, int, int]] = []
    for record in records:
        key = f"{record['file']}#{record['record']}"
        if key not in sentences_of:
            document = Document(source=key, text=contents[record["file"]][record["record"]])
            sentences_of[key] = split_sentences(document)
        items.append((key, record["start"], record["end"]))
    exact, overlapping = _match_rates(items, sentences_of)
    assert len(items) >= 70
    assert exact >= 0.97  # measured: 74 of 74
    assert overlapping >= 0.97
