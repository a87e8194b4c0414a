"""The draft joint statement as a PDF, the form delegations print and sign.

Chinese must render without shipping or downloading font files, so Chinese paragraphs
use reportlab's built-in CID font STSong-Light (PDF viewers supply the glyphs from their
Adobe-GB1 fonts) and English uses Helvetica, one of the PDF base fonts. Statement texts
are escaped for reportlab's paragraph mark-up, so a `<` in a statement stays text.
The document is built with reportlab's invariant mode: the same value gives the same
bytes, which makes drafts comparable and testable.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from tracktwo.reports.joint_statement import (
    CommonGroundItem,
    JointStatement,
    OpenCrux,
    StatementText,
    check_language,
    format_interval,
    format_percent,
    format_q,
    ui,
)

CHINESE_FONT = "STSong-Light"
ENGLISH_FONT = "Helvetica"
ENGLISH_BOLD = "Helvetica-Bold"
_BADGE_COLOURS = {
    "machine": "#9a6400",
    "missing": "#a01e1e",
    "human_verified": "#1e6e3c",
    "original": "#555555",
}


def _register_chinese_font() -> None:
    # Registration is reportlab's process-wide font table; registering twice is harmless.
    if CHINESE_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CHINESE_FONT))


def _styles() -> dict[str, ParagraphStyle]:
    styles: dict[str, ParagraphStyle] = {}
    for lang, font, bold, wrap in (
        ("en", ENGLISH_FONT, ENGLISH_BOLD, None),
        ("zh", CHINESE_FONT, CHINESE_FONT, "CJK"),
    ):
        body = ParagraphStyle(f"body-{lang}", fontName=font, fontSize=9.5, leading=13.5, wordWrap=wrap)
        styles[f"body-{lang}"] = body
        styles[f"small-{lang}"] = ParagraphStyle(f"small-{lang}", parent=body, fontSize=8, leading=10.5)
        styles[f"statement-{lang}"] = ParagraphStyle(
            f"statement-{lang}", parent=body, fontSize=11, leading=15.5, spaceAfter=3, leftIndent=4 * mm
        )
        styles[f"title-{lang}"] = ParagraphStyle(
            f"title-{lang}", parent=body, fontName=bold, fontSize=18, leading=24, spaceAfter=4
        )
        styles[f"h2-{lang}"] = ParagraphStyle(
            f"h2-{lang}", parent=body, fontName=bold, fontSize=14, leading=19, spaceBefore=10, spaceAfter=4
        )
        styles[f"h3-{lang}"] = ParagraphStyle(
            f"h3-{lang}", parent=body, fontName=bold, fontSize=11.5, leading=16, spaceBefore=8, spaceAfter=3
        )
        styles[f"banner-{lang}"] = ParagraphStyle(
            f"banner-{lang}",
            parent=body,
            fontName=bold,
            textColor=colors.white,
            backColor=colors.HexColor("#b03a2e"),
            borderPadding=4,
            spaceBefore=4,
            spaceAfter=8,
        )
    return styles


class _Writer:
    """Builds the flowables of one rendering (internal)."""

    def __init__(self, languages: Sequence[str]) -> None:
        self.languages = tuple(languages)
        self.styles = _styles()
        self.story: list[Flowable] = []

    def para(self, text: str, style: str, lang: str, *, markup: str = "") -> Paragraph:
        """A paragraph of plain `text` (escaped) with optional trusted `markup` appended."""
        return Paragraph(escape(text) + markup, self.styles[f"{style}-{lang}"])

    def each_language(self, style: str, text_of: dict[str, str]) -> list[Flowable]:
        return [self.para(text_of[lang], style, lang) for lang in self.languages]

    def heading(self, key: str, style: str) -> None:
        self.story += self.each_language(style, {lang: ui(key, lang) for lang in self.languages})

    def cell(self, text_of: dict[str, str]) -> Paragraph:
        """One table cell holding each language on its own line, each in its own font."""
        parts = []
        for lang in self.languages:
            font = CHINESE_FONT if lang == "zh" else ENGLISH_FONT
            parts.append(f'<font face="{font}">{escape(text_of[lang])}</font>')
        style = self.styles["small-zh" if self.languages == ("zh",) else "small-en"]
        return Paragraph("<br/>".join(parts), style)

    def number(self, text: str) -> Paragraph:
        """A table cell of figures, which read the same in either language."""
        return Paragraph(escape(text), self.styles["small-zh" if self.languages == ("zh",) else "small-en"])

    def wording(self, text: StatementText) -> list[Flowable]:
        out: list[Flowable] = [self.para(text.id, "small", "en")]
        for lang in self.languages:
            wording = text.text(lang) or ui("text_missing", lang)
            state = text.translation(lang)
            label = escape(ui("translation_" + state, lang))
            badge = f' <font size="7.5" color="{_BADGE_COLOURS[state]}">[{label}]</font>'
            out.append(self.para(wording, "statement", lang, markup=badge))
        return out

    def support_table(self, item: CommonGroundItem) -> Table:
        header = [
            self.cell({lang: ui(key, lang) for lang in self.languages})
            for key in ("stratum", "participants", "agree", "interval")
        ]
        rows: list[list[Flowable]] = [header]
        for line in item.support:
            rows.append(
                [
                    self.cell({lang: line.stratum.name(lang) for lang in self.languages}),
                    self.number(str(line.n_participants)),
                    self.number(f"{format_percent(line.agree_rate)} ({line.seen})"),
                    self.number(format_interval(line.lower, line.upper)),
                ]
            )
        table = Table(rows, colWidths=(70 * mm, 28 * mm, 30 * mm, 30 * mm), hAlign="LEFT", repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.grey),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.lightgrey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        return table

    def item(self, item: CommonGroundItem) -> None:
        block = self.wording(item.text)
        for lang in self.languages:
            overall = (
                ui("overall_withheld", lang)
                if item.overall is None
                else f"{format_percent(item.overall.rate)} ({item.overall.seen} {ui('votes_seen', lang)})"
            )
            block.append(self.para(f"{ui('overall', lang)}: {overall}", "small", lang))
        block += [Spacer(1, 2 * mm), self.support_table(item), Spacer(1, 4 * mm)]
        self.story.append(KeepTogether(block))

    def crux(self, crux: OpenCrux) -> None:
        block = self.wording(crux.text)
        for division in crux.divisions:
            for lang in self.languages:
                rates = ", ".join(f"{r.stratum.name(lang)} {format_percent(r.rate)}" for r in division.rates)
                block.append(
                    self.para(
                        f"{ui('divided_by', lang)}: {division.attribute_name(lang)}: {rates}; "
                        f"{ui('q_value', lang)} {format_q(division.q_value)}",
                        "small",
                        lang,
                    )
                )
        block.append(Spacer(1, 4 * mm))
        self.story.append(KeepTogether(block))


def _story(js: JointStatement, languages: Sequence[str]) -> list[Flowable]:
    w = _Writer(languages)
    w.heading("draft", "small")
    w.story += w.each_language("title", {lang: js.title(lang) for lang in languages})
    if js.simulated:
        w.heading("simulated", "banner")
    for lang in languages:
        facts = [
            f"{ui('participants', lang)} {js.counts.n_participants}",
            f"{ui('voters', lang)} {js.counts.n_voters}",
            f"{ui('statements', lang)} {js.counts.n_statements}",
            f"{ui('votes', lang)} {js.counts.n_votes}",
            f"{ui('k', lang)} {js.k}",
        ]
        if js.generated_at:
            facts.append(f"{ui('generated_at', lang)} {js.generated_at}")
        w.story.append(w.para(" · ".join(facts), "small", lang))
    w.heading("common_ground", "h2")
    if not js.sections:
        w.heading("no_common_ground", "body")
    for section in js.sections:
        w.story += w.each_language("h3", {lang: section.title(lang) for lang in languages})
        for item in section.items:
            w.item(item)
    w.heading("cruxes", "h2")
    if not js.cruxes:
        w.heading("no_cruxes", "body")
    for crux in js.cruxes:
        w.crux(crux)
    w.heading("methods", "h2")
    for lang in languages:
        for paragraph in js.methods.paragraphs(lang):
            w.story.append(w.para(paragraph, "body", lang))
            w.story.append(Spacer(1, 2 * mm))
    return w.story


def render_pdf(js: JointStatement, language: str = "both") -> bytes:
    """The joint statement as PDF bytes in "both" languages, or only "en" or "zh"."""
    language = check_language(language)
    languages = ("en", "zh") if language == "both" else (language,)
    _register_chinese_font()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=" / ".join(js.title(lang) for lang in languages),
        author="tracktwo",
        creator="tracktwo",
        invariant=1,
    )

    def footer(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.saveState()
        if js.simulated:
            if "en" in languages:
                canvas.setFont(ENGLISH_BOLD, 8)
                canvas.drawString(20 * mm, 10 * mm, "SIMULATED")
            if "zh" in languages:
                canvas.setFont(CHINESE_FONT, 8)
                canvas.drawString(42 * mm if "en" in languages else 20 * mm, 10 * mm, "模拟数据")
        canvas.setFont(ENGLISH_FONT, 8)
        canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, str(document.page))
        canvas.restoreState()

    doc.build(_story(js, languages), onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
