"""The draft joint statement: grouping, privacy (suppressed strata), escaping, languages, PDF."""

from __future__ import annotations

import base64
import dataclasses
import re
import zlib
from collections.abc import Mapping
from functools import cache
from html.parser import HTMLParser

import numpy as np
import pytest

from tracktwo.consensus.engine import compute_model
from tracktwo.consensus.model import ConsensusModel
from tracktwo.consensus.votes import Conversation, Statement, build_conversation
from tracktwo.dialogue.sample import sample_statements, simulated_dialogue
from tracktwo.reports.joint_statement import (
    POLICY_AREAS,
    JointStatement,
    JointStatementError,
    StatementText,
    build_joint_statement,
)
from tracktwo.reports.joint_statement_html import render_html
from tracktwo.reports.joint_statement_markdown import escape_markdown, render_markdown
from tracktwo.reports.joint_statement_pdf import render_pdf

EVIL = 'Ban <script>alert("x")</script> & *bold* [link](http://x)'
TINY_SECTOR = "journalism"


@cache
def simulated_model() -> ConsensusModel:
    return compute_model(simulated_dialogue())


def sample_texts(**overrides: StatementText) -> dict[str, StatementText]:
    texts = {
        s.id: StatementText(
            id=s.id,
            text_en=s.text,
            text_zh=s.text_zh,
            translation_en="original",
            translation_zh="human_verified",
            policy_area=s.policy_area,
        )
        for s in sample_statements()
    }
    texts.update(overrides)
    return texts


def joint(
    model: ConsensusModel,
    texts: Mapping[str, StatementText],
    *,
    simulated: bool = False,
    generated_at: str = "",
) -> JointStatement:
    return build_joint_statement(
        model,
        texts,
        title_en="Draft <joint> statement",
        title_zh="联合声明草案",
        simulated=simulated,
        generated_at=generated_at,
    )


def common_ground_ids(js: JointStatement) -> list[str]:
    return [item.text.id for section in js.sections for item in section.items]


def pdf_text(pdf: bytes) -> bytes:
    """The page and object streams of the PDF, decoded (reportlab writes ASCII85 + Flate)."""
    parts = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL):
        data = match.group(1).strip()
        if data.endswith(b"~>"):
            data = base64.a85decode(data[:-2])
        try:
            parts.append(zlib.decompress(data))
        except zlib.error:
            parts.append(data)
    return b"\n".join(parts)


def first_common_ground(js: JointStatement) -> StatementText:
    return js.sections[0].items[0].text


def all_renderings(js: JointStatement) -> dict[str, str | bytes]:
    out: dict[str, str | bytes] = {}
    for language in ("both", "en", "zh"):
        out[f"md-{language}"] = render_markdown(js, language)
        out[f"html-{language}"] = render_html(js, language)
        out[f"pdf-{language}"] = pdf_text(render_pdf(js, language))
    return out


def test_sections_follow_the_fixed_policy_order_and_hold_their_own_statements() -> None:
    texts = sample_texts()
    js = joint(simulated_model(), texts)
    areas = [s.policy_area for s in js.sections]
    assert areas == [a for a in POLICY_AREAS if a in areas]
    assert len(areas) >= 3
    for section in js.sections:
        assert section.items
        assert all(item.text.policy_area == section.policy_area for item in section.items)
    cg = simulated_model().common_ground
    assert cg is not None
    assert sorted(common_ground_ids(js)) == sorted(
        simulated_model().conversation.statements[e.statement].id for e in cg.agreement
    )
    markdown = render_markdown(js, "en")
    positions = [markdown.index(f"### {s.title_en}") for s in js.sections]
    assert positions == sorted(positions)


def test_items_carry_support_per_reported_country_and_sector_stratum() -> None:
    js = joint(simulated_model(), sample_texts())
    item = js.sections[0].items[0]
    labels = [line.stratum.label for line in item.support]
    assert labels == [
        "country=China",
        "country=US",
        "sector=academia",
        "sector=civil_society",
        "sector=policy",
        "sector=science",
    ]
    for line in item.support:
        assert line.n_participants >= js.k
        assert 0.5 < line.lower <= line.agree_rate <= line.upper <= 1.0
    assert item.overall is not None and 0.0 < item.overall.rate <= 1.0
    assert js.counts.n_participants == 60 and js.counts.n_statements == 24
    assert js.counts.n_common_ground == sum(len(s.items) for s in js.sections)
    assert js.k == 5 and not js.overall_withheld


def test_cruxes_name_the_differing_strata_with_rates_and_q_values() -> None:
    js = joint(simulated_model(), sample_texts())
    assert js.cruxes
    for crux in js.cruxes:
        for division in crux.divisions:
            assert division.attribute in ("country", "sector")
            assert division.q_value < js.crux_q
            assert division.most_rate - division.least_rate == pytest.approx(division.effect)
            assert {r.stratum.label for r in division.rates} >= {
                division.most_agreeing.label,
                division.least_agreeing.label,
            }
    country = next(d for c in js.cruxes for d in c.divisions if d.attribute == "country")
    assert {r.stratum.en for r in country.rates} == {"Country: China", "Country: United States"}
    assert {r.stratum.zh for r in country.rates} == {"国家：中国", "国家：美国"}


def with_tiny_stratum(conversation: Conversation) -> Conversation:
    """The same votes with two participants moved into a sector of their own."""
    sectors = list(conversation.strata["sector"])
    sectors[0] = sectors[1] = TINY_SECTOR
    return build_conversation(
        conversation.participant_ids,
        conversation.statements,
        conversation.participant,
        conversation.statement,
        conversation.value,
        {"country": conversation.strata["country"], "sector": sectors},
    )


def test_a_stratum_below_k_appears_in_no_rendering() -> None:
    model = compute_model(with_tiny_stratum(simulated_dialogue()))
    assert model.strata is not None
    assert model.strata.table("sector").n_suppressed_strata == 1
    js = joint(model, sample_texts())
    assert js.sections and js.cruxes
    for name, rendering in all_renderings(js).items():
        text = rendering if isinstance(rendering, str) else rendering.decode("latin-1")
        assert TINY_SECTOR not in text.casefold(), name
    # Everyone minus the reported sectors is those two people: overall figures would give
    # their votes away by subtraction, so they are withheld.
    assert js.overall_withheld
    assert all(item.overall is None for s in js.sections for item in s.items)
    assert "withheld" in render_markdown(js, "en")
    assert "不予公布" in render_html(js, "zh")


def test_statement_text_is_escaped_in_every_format() -> None:
    model = simulated_model()
    first = first_common_ground(joint(model, sample_texts()))
    evil = dataclasses.replace(first, text_en=EVIL, text_zh=f"中文 {EVIL}")
    js = joint(model, sample_texts(**{first.id: evil}))
    page = render_html(js)
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; *bold*" in page
    markdown = render_markdown(js)
    assert not re.search(r"(?<!\\)<script", markdown)
    assert escape_markdown(EVIL) in markdown
    assert r"\<script\>" in markdown and r"\*bold\*" in markdown and r"\[link\]" in markdown
    pdf = render_pdf(js)
    assert pdf.startswith(b"%PDF")


def test_markdown_holds_both_languages_with_translation_states() -> None:
    shown = first_common_ground(joint(simulated_model(), sample_texts()))
    machine = dataclasses.replace(
        shown,
        text_en="Frontier models should be tested.",
        text_zh="前沿模型应当接受测试。",
        translation_zh="machine",
    )
    js = joint(
        simulated_model(), sample_texts(**{shown.id: machine}), simulated=True, generated_at="2025-06-01"
    )
    markdown = render_markdown(js)
    assert "# Draft \\<joint\\> statement" in markdown and "# 联合声明草案" in markdown
    assert "Frontier models should be tested." in markdown and "前沿模型应当接受测试。" in markdown
    assert "*(机器翻译)*" in markdown and "*(original text)*" in markdown
    assert "## Common ground / 共识" in markdown and "## Methods / 方法说明" in markdown
    assert "SIMULATED" in markdown and "2025-06-01" in markdown
    assert "k = 5" in markdown


def test_html_is_standalone_tagged_by_language_and_marks_simulation() -> None:
    shown = first_common_ground(joint(simulated_model(), sample_texts()))
    machine = dataclasses.replace(shown, translation_en="machine", translation_zh="original")
    js = joint(simulated_model(), sample_texts(**{shown.id: machine}), simulated=True)
    page = render_html(js)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert 'class="banner"' in page and "SIMULATED" in page
    assert 'lang="en"' in page and 'lang="zh-Hans"' in page
    assert "machine translation" in page
    for external in ("<script", "<link", "src=", "http://", "https://", "@import", "url("):
        assert external not in page
    assert "on" not in {attr[:2] for attr in re.findall(r"\s(\w+)=", page)}  # no inline handlers

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.stack: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag not in ("meta", "br"):
                self.stack.append(tag)

        def handle_endtag(self, tag: str) -> None:
            assert self.stack.pop() == tag

    parser = Tags()
    parser.feed(page)
    assert parser.stack == []
    assert '<html lang="zh-Hans">' in render_html(js, "zh")
    assert "SIMULATED" not in render_html(joint(simulated_model(), sample_texts()), "en")


def test_chinese_rendering_holds_no_english_statement_text() -> None:
    js = joint(simulated_model(), sample_texts())
    shown = [item.text for s in js.sections for item in s.items] + [c.text for c in js.cruxes]
    english_words = {w for t in shown for w in re.findall(r"[A-Za-z]{8,}", t.text_en)}
    assert english_words
    markdown, page = render_markdown(js, "zh"), render_html(js, "zh")
    pdf = pdf_text(render_pdf(js, "zh"))
    for text in shown:
        assert text.text_zh in markdown and text.text_zh in page
        assert text.text_en not in markdown and text.text_en not in page
    for word in english_words:
        assert word not in markdown and word not in page and word.encode() not in pdf
    english = render_markdown(js, "en")
    assert not re.search(r"[\u4e00-\u9fff]", english)


def test_pdf_is_deterministic_and_uses_the_builtin_chinese_font() -> None:
    js = joint(simulated_model(), sample_texts(), simulated=True)
    both = render_pdf(js)
    assert both.startswith(b"%PDF")
    assert b"STSong-Light" in both and b"Helvetica" in both
    assert render_pdf(js) == both
    assert b"STSong-Light" in render_pdf(js, "zh")
    assert render_pdf(js, "en").startswith(b"%PDF")


def test_statements_without_texts_fall_back_to_the_conversation() -> None:
    conversation = simulated_dialogue()
    statements = list(conversation.statements)
    statements = [Statement(s.id, text=s.text, moderated=1) for s in statements]
    bare = build_conversation(
        conversation.participant_ids,
        statements,
        conversation.participant,
        conversation.statement,
        conversation.value,
        dict(conversation.strata),
    )
    js = joint(compute_model(bare), {})
    assert [s.policy_area for s in js.sections] == ["general"]
    for item in js.sections[0].items:
        assert item.text.translation_en == "original" and item.text.translation_zh == "missing"
        assert item.text.text_zh == ""
    zh = render_markdown(js, "zh")
    assert "［中文文本缺失］" in zh and "译文缺失" in zh
    assert "译文缺失" in render_html(js) and "［中文文本缺失］" in render_html(js)


def test_without_strata_there_is_no_common_ground_but_a_statement_still_renders() -> None:
    conversation = simulated_dialogue()
    plain = build_conversation(
        conversation.participant_ids,
        conversation.statements,
        conversation.participant,
        conversation.statement,
        conversation.value,
    )
    js = joint(compute_model(plain), sample_texts())
    assert js.sections == () and js.cruxes == ()
    assert "No statement reached common ground" in render_markdown(js)
    assert render_pdf(js).startswith(b"%PDF")
    assert np.isfinite(js.confidence)


def test_invalid_input_is_refused_and_the_value_is_frozen() -> None:
    with pytest.raises(JointStatementError, match="translation_zh"):
        StatementText("s1", "a", "b", "original", "google", "general")
    with pytest.raises(JointStatementError, match="policy area"):
        StatementText("s1", "a", "b", "original", "machine", "trade")
    js = joint(simulated_model(), sample_texts())
    with pytest.raises(JointStatementError, match="language"):
        render_markdown(js, "fr")
    with pytest.raises(dataclasses.FrozenInstanceError):
        js.simulated = True  # type: ignore[misc]
