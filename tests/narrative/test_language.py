"""Language by script, per document and per paragraph, and traditional-to-simplified Chinese."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError
from importlib import resources

import pytest

from support.shared_data import shared_data_path
from tracktwo.narrative.documents import Document
from tracktwo.narrative.language import (
    count_scripts,
    detect_document_language,
    detect_language,
    paragraph_language,
    paragraph_languages,
    to_simplified,
    with_language,
)

ENGLISH = "The United States and China agreed to hold a dialogue on the risks of artificial intelligence."
SIMPLIFIED = "我们要推动人工智能健康发展，加强国际合作，共同应对风险挑战。"
TRADITIONAL = "我們要推動人工智慧健康發展，加強國際合作，共同應對風險挑戰。"


def test_count_scripts_counts_ideographs_and_latin_letters() -> None:
    counts = count_scripts("AI 人工智能 5G 芯片!")
    assert (counts.ideographs, counts.latin) == (6, 3)
    assert count_scripts("").chinese_share == 0.0
    assert count_scripts("12345 ...").chinese_share == 0.0


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (ENGLISH, "en"),
        (SIMPLIFIED, "zh"),
        (TRADITIONAL, "zh"),
        ("", "en"),
        ("2024 — 3.5%", "en"),
        # a Chinese name in an English text, English acronyms in a Chinese one
        (ENGLISH * 5 + " President Xi (习近平) spoke.", "en"),
        (SIMPLIFIED * 5 + "推进5G、AI和GDP统计。", "zh"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_paragraph_language_is_binary() -> None:
    assert paragraph_language(SIMPLIFIED) == "zh"
    assert paragraph_language(ENGLISH) == "en"
    assert paragraph_language("Xi Jinping 习近平") == "zh"  # three ideographs outweigh ten letters


def test_bilingual_document_is_mixed_with_languages_per_paragraph() -> None:
    text = f"{ENGLISH}\n\n{SIMPLIFIED}\n\n{ENGLISH}\n\n{TRADITIONAL}\n"
    document = Document(source="bilingual.md", text=text)
    assert detect_language(text) == "mixed"
    assert detect_document_language(document) == "mixed"
    found = paragraph_languages(document)
    assert [item.language for item in found] == ["en", "zh", "en", "zh"]
    assert [item.paragraph.index for item in found] == [0, 1, 2, 3]
    assert text[found[1].paragraph.start : found[1].paragraph.end] == SIMPLIFIED


def test_one_language_document_gives_its_language_to_every_paragraph() -> None:
    document = Document(source="en.md", text=f"{ENGLISH}\n\n{ENGLISH}")
    assert [item.language for item in paragraph_languages(document)] == ["en", "en"]


def test_front_matter_does_not_decide_the_language() -> None:
    front = "---\ntitle: 人工智能全球治理倡议 人工智能 人工智能 人工智能\n---\n"
    document = Document(source="a.md", text=front + ENGLISH, body_start=len(front))
    assert detect_language(document.text) != "en"
    assert detect_document_language(document) == "en"


def test_with_language_returns_a_new_frozen_document() -> None:
    document = Document(source="a.md", text=SIMPLIFIED)
    detected = with_language(document)
    assert detected.language == "zh"
    assert document.language == ""
    with pytest.raises(FrozenInstanceError):
        detected.language = "en"  # type: ignore[misc]


def test_to_simplified_maps_characters_and_phrases() -> None:
    assert to_simplified(TRADITIONAL) == "我们要推动人工智慧健康发展，加强国际合作，共同应对风险挑战。"
    assert to_simplified("頭髮與乾隆皇帝") == "头发与乾隆皇帝"  # 乾 kept in the phrase, 髮 -> 发
    assert to_simplified("一目瞭然") == "一目了然"  # a phrase whose characters alone would not change
    assert to_simplified(SIMPLIFIED) == SIMPLIFIED
    assert to_simplified(ENGLISH) == ENGLISH
    assert to_simplified("") == ""


def test_to_simplified_keeps_offsets_of_mixed_text() -> None:
    text = "The 《人工智慧基本法》 (Taiwan) says: 「發展與風險並重」.\n\n國際合作"
    simplified = to_simplified(text)
    assert len(simplified) == len(text)
    start = text.index("「")
    assert simplified[start : start + 10] == "「发展与风险并重」."


def _opencc_dictionary(name: str) -> list[tuple[str, str]]:
    source = resources.files("opencc").joinpath("dictionary", name)
    return [
        (key, value.split(" ")[0])
        for key, _, value in (
            line.partition("\t") for line in source.read_text(encoding="utf-8").splitlines()
        )
    ]


@pytest.mark.parametrize("name", ["TSCharacters.txt", "TSPhrases.txt"])
def test_every_opencc_t2s_entry_keeps_its_length(name: str) -> None:
    # The guarantee that offsets into converted text stay valid rests on this.
    entries = _opencc_dictionary(name)
    assert entries
    assert [key for key, value in entries if len(key) != len(value)] == []


@pytest.mark.parametrize("name", ["TSCharacters.txt", "TSPhrases.txt"])
def test_to_simplified_agrees_with_opencc_on_its_dictionary(name: str) -> None:
    import opencc

    converter = opencc.OpenCC("t2s")
    keys = [key for key, _ in _opencc_dictionary(name)]
    assert [key for key in keys if to_simplified(key) != converter.convert(key)] == []
    assert all(len(to_simplified(key)) == len(key) for key in keys)


@pytest.mark.shared_data
def test_to_simplified_round_trips_a_government_work_report() -> None:
    import opencc

    path = shared_data_path("zh-gov-reports", "government_work_reports.jsonl")
    with path.open(encoding="utf-8") as lines:
        content: str = json.loads(next(lines))["content"]
    traditional = opencc.OpenCC("s2t").convert(content)
    assert traditional != content
    simplified = to_simplified(traditional)
    assert len(simplified) == len(traditional)
    assert simplified == opencc.OpenCC("t2s").convert(traditional)
    assert detect_language(traditional) == "zh"


@pytest.mark.shared_data
def test_chinese_reports_are_chinese_and_briefings_english() -> None:
    path = shared_data_path("zh-gov-reports", "cpc_congress_reports.jsonl")
    with path.open(encoding="utf-8") as lines:
        assert {detect_language(json.loads(line)["content"]) for line in lines} == {"zh"}
    folder = shared_data_path("wh-briefings", "press-briefings")
    for file in sorted(folder.rglob("*.md"))[:50]:
        assert detect_language(file.read_text(encoding="utf-8")) == "en", file
