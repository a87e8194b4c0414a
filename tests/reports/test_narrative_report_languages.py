"""The narrative report in English and Simplified Chinese: every fixed text translated, data as found."""

from __future__ import annotations

import ast
import re
import string
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from support.narrative_report_rows import DOCUMENTS, EVIL, QUOTES, SENTENCES, corpus, report
from tracktwo.narrative.aggregate import NarrativeSummary, summarise
from tracktwo.narrative.classifier.embedder import EmbedderInfo
from tracktwo.narrative.classifier.source import FrameSource, ModelIdentity
from tracktwo.reports import narrative_html
from tracktwo.reports.narrative_html import render_narrative_report
from tracktwo.reports.report_text import chinese_messages, report_text

RENDERER = Path(narrative_html.__file__)


def messages_of_the_renderer() -> list[str]:
    """Every text the renderer passes through its translator `t(...)`, as written there."""
    found = []
    for node in ast.walk(ast.parse(RENDERER.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t":
            first = node.args[0]
            # A computed message could not be looked up in the catalogue: only literals are allowed.
            assert isinstance(first, ast.Constant) and isinstance(first.value, str), ast.unparse(node)
            found.append(first.value)
    return found


def test_every_message_of_the_report_has_a_chinese_translation() -> None:
    messages = messages_of_the_renderer()
    assert len(messages) > 50
    missing = sorted(set(messages) - set(chinese_messages()))
    assert not missing, f"add these to {report_text.__module__}'s catalogue: {missing}"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("message", sorted(set(messages_of_the_renderer())))
def test_a_translation_keeps_the_fields_and_markup_of_its_message(message: str) -> None:
    translation = chinese_messages()[message]
    assert _fields(translation) == _fields(message)
    assert re.findall(r"</?\w+>", translation) == re.findall(r"</?\w+>", message)
    assert re.search(r"[\u4e00-\u9fff]", translation), "not translated"


class Texts(HTMLParser):
    """The text of the elements that hold only fixed text: headings, headers, captions, figures."""

    FIXED = frozenset({"h1", "h2", "h3", "th", "figcaption", "nav", "text", "title", "strong"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.fixed: list[str] = []
        self.html_lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.html_lang = dict(attrs).get("lang") or ""
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self.FIXED.intersection(self.open) and data.strip():
            self.fixed.append(data.strip())


def test_the_chinese_report_has_no_english_left_in_its_fixed_text() -> None:
    html = render_narrative_report(summary_of(corpus()), language="zh")
    texts = Texts()
    texts.feed(html)
    assert texts.html_lang == "zh-Hans"
    english = [text for text in texts.fixed if re.search(r"[A-Za-z]{2,}", text)]
    assert not english, english
    for message in set(messages_of_the_renderer()):
        if message.count(" ") >= 2 and "{" not in message:  # no English sentence left anywhere
            assert message not in html, message
    assert "谁在讲述竞赛叙事？" in html and "方法" in html
    assert "人工智能竞赛" in html and "产业界" in html and "政府" in html  # vocabulary in Chinese
    assert "Industry" not in html and "Government" not in html


def test_data_stays_as_found_in_the_chinese_report() -> None:
    html = render_narrative_report(summary_of(corpus()), language="zh", title="竞赛 <报告>")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html and "<script" not in html
    assert "Jane &lt;Doe&gt;" in html and "Acme &amp; Co" in html
    assert "<mark>AI race</mark>" in html and EVIL.split("<")[0].strip() in html
    assert "<title>竞赛 &lt;报告&gt;</title>" in html


def test_an_empty_chinese_report_renders_in_chinese() -> None:
    html = render_narrative_report(summary_of([]), language="zh")
    assert "没有例句" in html and "无数据" in html and "no data" not in html


def test_the_english_report_is_unchanged_by_the_catalogue() -> None:
    html = report(corpus())
    assert '<html lang="en">' in html and "Who tells the race story?" in html
    assert render_narrative_report(summary_of(corpus())).startswith("<!DOCTYPE html>")
    assert "<title>The AI race narrative</title>" in render_narrative_report(summary_of(corpus()))
    assert "<title>人工智能竞赛叙事</title>" in render_narrative_report(summary_of(corpus()), language="zh")


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="en, zh"):
        render_narrative_report(summary_of([]), language="fr")


def test_the_methods_name_the_model_that_found_the_frames_in_both_languages() -> None:
    source = FrameSource(
        detector="model",
        rule_frames=("mirror",),
        model_frames=("race", "safety"),
        model=ModelIdentity("frames-use", "3f2a9c1b0d4e", EmbedderInfo("hashing", "1", 4096), "ab" * 32),
    )
    english = render_narrative_report(summary_of(corpus()), frame_source=source)
    chinese = render_narrative_report(summary_of(corpus()), language="zh", frame_source=source)
    assert "<code>frames-use@3f2a9c1b0d4e</code>" in english and "trained classifier" in english
    assert "<em>AI race</em>, <em>Safety</em>" in english and "<em>China as a mirror</em>" in english
    assert "<code>frames-use@3f2a9c1b0d4e</code>" in chinese and "训练所得的分类器" in chinese
    assert "<em>人工智能竞赛</em>、<em>安全</em>" in chinese and "<em>以中国为镜</em>" in chinese


def summary_of(rows: list[dict[str, Any]]) -> NarrativeSummary:
    return summarise(
        pa.Table.from_pylist(rows, schema=SENTENCES),
        pa.Table.from_pylist([{"source": "<a>.md", "date": "2025-03-04", "n_chars": 1}], schema=DOCUMENTS),
        pa.Table.from_pylist([], schema=QUOTES),
    )
