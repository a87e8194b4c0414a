"""The narrative analysis as self-contained HTML pages, in English and in Simplified Chinese.

Renders a `NarrativeSummary` only: no computation beyond formatting, no external assets
(styles inline, plots as inline SVG), every piece of text escaped. Each figure links to
the example sentences behind it, listed with their source and character offsets, the cue
that triggered the detection marked.

`tracktwo analyze` writes both languages side by side, `report.html` and
`report.zh-Hans.html` (REPORT_FILES), each linking to the other. Why both rather than a
`--report-lang` switch: the people who read these findings work across the two countries,
and a report is passed on as a file; the one a colleague needs should already be in the
folder, from the same run, with the same numbers. All fixed text (headings, explanations,
axis labels, table headers, vocabulary names) is translated through `report_text`; the
data (sentences, speakers, organisations, sources) stays as found.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from types import MappingProxyType
from typing import Final

from tracktwo.narrative.aggregate import (
    ANY_AREA,
    TREND_FRAMES,
    UNDATED,
    CoOccurrence,
    Example,
    GroupRace,
    Lift,
    NarrativeSummary,
    Share,
)
from tracktwo.narrative.classifier.source import FrameSource
from tracktwo.reports.report_text import ReportText, report_text
from tracktwo.taxonomy.vocabulary import Kind, TaxonomyError, vocabulary

# The report files of each language, as `tracktwo analyze` writes them into --out.
REPORT_FILES: Final = MappingProxyType({"en": "report.html", "zh": "report.zh-Hans.html"})
PALETTE = ("#c0392b", "#2471a3", "#1e8449", "#b9770e", "#7d3c98", "#566573")
_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans SC","PingFang SC",
"Microsoft YaHei",sans-serif;max-width:60rem;
margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}
h1{font-size:1.7rem}h2{margin-top:2.5rem;border-bottom:1px solid #ccc}h3{margin-top:1.8rem}
table{border-collapse:collapse;margin:.8rem 0;font-size:.92rem}
th,td{padding:.25rem .6rem;border-bottom:1px solid #e3e3e3;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.zh{color:#666;font-size:.88em}.note{color:#555;font-size:.9rem}
figure{margin:1rem 0}figcaption{font-size:.9rem;color:#444}
mark{background:#ffe08a;padding:0 .1em}
ol.examples li{margin-bottom:.8rem}.where{font-family:ui-monospace,monospace;font-size:.82rem;color:#555}
.headline{font-size:1.1rem;background:#f4f6f8;padding:.6rem .9rem;border-left:4px solid #2471a3}
.other-language{float:right;font-size:.95rem}
svg text{font-family:inherit;font-size:12px}
"""


def _label(t: ReportText, kind: Kind, code: str) -> str:
    """A vocabulary term as HTML: in English with the Chinese name beside it (a bilingual
    glossary for English readers); in Chinese alone. The code itself when not in the vocabulary."""
    try:
        term = vocabulary().term(kind, code)
    except TaxonomyError:
        return escape(code)
    if t.language == "zh":
        return escape(term.zh)
    return f'{escape(term.en)} <span class="zh" lang="zh-Hans">{escape(term.zh)}</span>'


def _pct(value: float) -> str:
    return "–" if math.isnan(value) else f"{100 * value:.1f}%"


def _share(t: ReportText, value: Share) -> str:
    if value.total == 0:
        return escape(t("– (no sentences)"))
    return f"{_pct(value.share)} <span class=note>[{_pct(value.lower)}–{_pct(value.upper)}]</span>"


def _ratio(value: float) -> str:
    if math.isnan(value):
        return "–"
    return "∞" if math.isinf(value) else f"{value:.2f}"


def _lift(t: ReportText, value: Lift) -> str:
    if math.isnan(value.ratio):
        return f'– <span class="note">{escape(t("(undefined)"))}</span>'
    return f"{_ratio(value.ratio)} <span class=note>[{_ratio(value.lower)}–{_ratio(value.upper)}]</span>"


def _example_links(t: ReportText, indices: Sequence[int]) -> str:
    if not indices:
        return f'<span class="note">{escape(t("none"))}</span>'
    return " ".join(f'<a href="#ex-{i}">#{i + 1}</a>' for i in indices)


# --- SVG ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Bar:
    series: int
    value: Share


def _bar_chart(
    t: ReportText, title: str, rows: Sequence[tuple[str, Sequence[_Bar]]], series: Sequence[str]
) -> str:
    """Horizontal bars (one per series within each row) with their interval as a whisker."""
    if not rows:
        return f'<p class="note">{escape(t("{title}: no data.", title=title))}</p>'
    left, width, bar, gap = 170, 360, 14, 10
    per_row = len(series) * bar + gap
    height = 30 + len(rows) * per_row + (18 * len(series) if len(series) > 1 else 0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{left + width + 70}" height="{height}"'
        f' viewBox="0 0 {left + width + 70} {height}"><title>{escape(title)}</title>'
    ]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        x = left + tick * width
        parts.append(
            f'<line x1="{x:.1f}" y1="18" x2="{x:.1f}" y2="{20 + len(rows) * per_row}" stroke="#ddd"/>'
        )
        parts.append(f'<text x="{x:.1f}" y="12" text-anchor="middle" fill="#666">{int(tick * 100)}%</text>')
    y = 22
    for name, bars in rows:
        parts.append(
            f'<text x="{left - 6}" y="{y + len(series) * bar / 2 + 4:.1f}" text-anchor="end">'
            f"{escape(name)}</text>"
        )
        for item in bars:
            top = y + item.series * bar
            colour = PALETTE[item.series % len(PALETTE)]
            value = 0.0 if math.isnan(item.value.share) else item.value.share
            parts.append(
                f'<rect x="{left}" y="{top + 1}" width="{value * width:.1f}" height="{bar - 2}"'
                f' fill="{colour}">'
                f"<title>{escape(series[item.series])}: {item.value.count}/{item.value.total}</title></rect>"
            )
            if item.value.total:
                x1, x2, mid = left + item.value.lower * width, left + item.value.upper * width, top + bar / 2
                parts.append(
                    f'<line x1="{x1:.1f}" y1="{mid:.1f}" x2="{x2:.1f}" y2="{mid:.1f}" stroke="#222"/>'
                    f'<line x1="{x1:.1f}" y1="{mid - 3:.1f}" x2="{x1:.1f}" y2="{mid + 3:.1f}" stroke="#222"/>'
                    f'<line x1="{x2:.1f}" y1="{mid - 3:.1f}" x2="{x2:.1f}" y2="{mid + 3:.1f}" stroke="#222"/>'
                )
            parts.append(
                f'<text x="{left + width + 6}" y="{top + bar - 3}" fill="#444">'
                f"{_pct(item.value.share)}</text>"
            )
        y += per_row
    if len(series) > 1:
        for s, name in enumerate(series):
            x = left + s * 170
            parts.append(
                f'<rect x="{x}" y="{y + 2}" width="10" height="10" fill="{PALETTE[s % len(PALETTE)]}"/>'
                f'<text x="{x + 14}" y="{y + 11}">{escape(name)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _line_chart(
    t: ReportText, title: str, months: Sequence[str], lines: Sequence[tuple[str, Sequence[Share]]]
) -> str:
    """Shares by month, one line per series; months with no in-scope sentence leave a gap."""
    if not months:
        return f'<p class="note">{escape(t("{title}: no dated sentences.", title=title))}</p>'
    left, top, width, height = 50, 15, 520, 200
    top_value = max([s.share for _, shares in lines for s in shares if not math.isnan(s.share)] + [0.05])
    top_value = min(1.0, math.ceil(top_value * 20) / 20)
    step = width / max(len(months) - 1, 1)

    def xy(i: int, value: float) -> tuple[float, float]:
        return left + i * step, top + height - value / top_value * height

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{left + width + 30}"'
        f' height="{top + height + 60}" viewBox="0 0 {left + width + 30} {top + height + 60}">'
        f"<title>{escape(title)}</title>"
    ]
    for k in range(5):
        level = top_value * k / 4
        _, y = xy(0, level)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + width}" y2="{y:.1f}" stroke="#e3e3e3"/>')
        parts.append(
            f'<text x="{left - 5}" y="{y + 4:.1f}" text-anchor="end" fill="#666">{_pct(level)}</text>'
        )
    every = max(1, math.ceil(len(months) / 12))
    for i, month in enumerate(months):
        if i % every == 0 or i == len(months) - 1:
            x, _ = xy(i, 0.0)
            parts.append(
                f'<text x="{x:.1f}" y="{top + height + 16}" text-anchor="middle" fill="#444">'
                f"{escape(month)}</text>"
            )
    for s, (name, shares) in enumerate(lines):
        colour = PALETTE[s % len(PALETTE)]
        path: list[str] = []
        for i, value in enumerate(shares):
            if math.isnan(value.share):
                path.append("")
                continue
            x, y = xy(i, value.share)
            path.append(f"{x:.1f},{y:.1f}")
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}"><title>{escape(name)} '
                f"{escape(months[i])}: {value.count}/{value.total}</title></circle>"
            )
        for run in " ".join(p if p else "|" for p in path).split("|"):
            if run.strip():
                parts.append(
                    f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{run.strip()}"/>'
                )
        lx = left + s * 130
        parts.append(
            f'<rect x="{lx}" y="{top + height + 30}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{lx + 14}" y="{top + height + 39}">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


# --- sections ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _GroupTexts:
    """The fixed text of one "who carries the race story" figure (by sector, by country)."""

    kind: Kind
    chart_title: str
    caption: str
    column: str


def _group_texts(t: ReportText, kind: Kind, figure: int) -> _GroupTexts:
    # Whole sentences per grouping, not one sentence with the grouping's name filled in:
    # word order differs between the languages.
    if kind == "sectors":
        return _GroupTexts(
            kind,
            t("Share of all race-framed sentences by sector"),
            t(
                "Figure {figure}. Who carries the race narrative, by sector: each group's share of all "
                "race-framed sentences (bars, 90% interval as whiskers).",
                figure=figure,
            ),
            t("Sector"),
        )
    return _GroupTexts(
        kind,
        t("Share of all race-framed sentences by country"),
        t(
            "Figure {figure}. Who carries the race narrative, by country: each group's share of all "
            "race-framed sentences (bars, 90% interval as whiskers).",
            figure=figure,
        ),
        t("Country"),
    )


def _group_section(t: ReportText, texts: _GroupTexts, rows: Sequence[GroupRace], anchor: str) -> str:
    chart = _bar_chart(
        t,
        texts.chart_title,
        [(t.term(texts.kind, r.group), [_Bar(0, r.share_of_race)]) for r in rows],
        [t("share of race sentences")],
    )
    body = "".join(
        f"<tr><td>{_label(t, texts.kind, r.group)}</td><td class=n>{r.share_of_race.count}</td>"
        f"<td class=n>{_share(t, r.share_of_race)}</td><td class=n>{_share(t, r.rate)}</td>"
        f"<td>{_example_links(t, r.examples)}</td></tr>"
        for r in rows
    )
    rate_column = t("race rate in the group's in-scope sentences")
    return (
        f'<figure id="{anchor}">{chart}<figcaption>{escape(texts.caption)}</figcaption></figure>'
        f"<table><thead><tr><th>{escape(texts.column)}</th><th>{escape(t('race sentences'))}</th>"
        f"<th>{escape(t('share of all race sentences'))}</th>"
        f"<th>{escape(rate_column)}</th>"
        f"<th>{escape(t('examples'))}</th></tr></thead><tbody>{body}</tbody></table>"
    )


def _printed_as(t: ReportText, person: str | None, names: tuple[str, ...]) -> str:
    """The names a narrator was printed under, when they differ from the one shown."""
    others = [name for name in names if name != person]
    if not others:
        return ""
    return f' <span class="note">{escape(t("as printed: {names}", names="; ".join(others)))}</span>'


def _narrators(t: ReportText, summary: NarrativeSummary) -> str:
    if not summary.narrators:
        nobody = t("No race-framed sentence has a named speaker or organisation.")
        return f'<p class="note">{escape(nobody)}</p>'
    body = "".join(
        f"<tr><td>{escape(n.speaker or '–')}{_printed_as(t, n.speaker, n.names)}</td>"
        f"<td>{escape(n.organisation or '–')}</td>"
        f"<td>{_label(t, 'sectors', n.sector)}</td><td>{_label(t, 'countries', n.country)}</td>"
        f"<td class=n>{n.count}</td><td>{_example_links(t, n.examples)}</td></tr>"
        for n in summary.narrators
    )
    headers = (
        t("speaker"),
        t("organisation"),
        t("sector"),
        t("country"),
        t("race sentences"),
        t("examples"),
    )
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _area_name(t: ReportText, area: str) -> str:
    return t("Any area") if area == ANY_AREA else t.term("policy_areas", area)


def _area_html(t: ReportText, area: str) -> str:
    if area != ANY_AREA:
        return _label(t, "policy_areas", area)
    if t.language == "zh":
        return f"<strong>{escape(t('Any area'))}</strong>"
    return '<strong>Any area</strong> <span class="zh" lang="zh-Hans">所有领域</span>'


def _measure(t: ReportText, measure: str) -> str:
    names = {"sentence": t("sentence"), "paragraph": t("paragraph")}
    return names.get(measure, measure)


def _asks(t: ReportText, summary: NarrativeSummary) -> str:
    sentence_rows = [r for r in summary.deregulation if r.measure == "sentence"]
    chart = _bar_chart(
        t,
        t("Deregulation in the same sentence, race-framed versus other in-scope sentences"),
        [(_area_name(t, r.area), [_Bar(0, r.with_race), _Bar(1, r.without_race)]) for r in sentence_rows],
        [t("with race framing"), t("without race framing")],
    )

    def line(r: CoOccurrence) -> str:
        return (
            f"<tr><td>{_area_html(t, r.area)}</td><td>{escape(_measure(t, r.measure))}</td>"
            f"<td class=n>{r.with_race.count}/{r.with_race.total}</td>"
            f"<td class=n>{_share(t, r.with_race)}</td>"
            f"<td class=n>{_share(t, r.without_race)}</td><td class=n>{_lift(t, r.lift)}</td>"
            f"<td>{_example_links(t, r.examples)}</td></tr>"
        )

    headers = (
        t("policy area"),
        t("measure"),
        t("race sentences with deregulation"),
        t("P(dereg | race)"),
        t("P(dereg | not race)"),
        t("lift"),
        t("examples"),
    )
    caption = t(
        "Figure 3. How often a deregulation demand stands in the same sentence as race framing, per "
        "policy area, against the base rate in other in-scope sentences (90% intervals)."
    )
    note = t(
        "Lift above 1: deregulation demands come with race framing more often than without it. "
        "Measure “paragraph”: deregulation anywhere in the same paragraph. Examples show the "
        "deregulation sentences."
    )
    return (
        f'<figure id="fig-asks">{chart}<figcaption>{escape(caption)}</figcaption></figure>'
        f"<table><thead><tr>{''.join(f'<th>{escape(h)}</th>' for h in headers)}</tr></thead>"
        f"<tbody>{''.join(line(r) for r in summary.deregulation)}</tbody></table>"
        f'<p class="note">{escape(note)}</p>'
    )


def _trends(t: ReportText, summary: NarrativeSummary) -> str:
    dated = [trend for trend in summary.trends if trend.month != UNDATED]
    chart = _line_chart(
        t,
        t("Frame shares of in-scope sentences by month"),
        [trend.month for trend in dated],
        [(t.term("frames", f), [trend.share(f) for trend in dated]) for f in TREND_FRAMES],
    )
    head = "".join(f"<th>{_label(t, 'frames', f)}</th>" for f in TREND_FRAMES)
    body = "".join(
        f"<tr><td>{escape(t('undated') if trend.month == UNDATED else trend.month)}</td>"
        f"<td class=n>{trend.documents}</td><td class=n>{trend.in_scope}</td>"
        + "".join(
            f"<td class=n>{trend.share(f).count} · {_share(t, trend.share(f))}</td>" for f in TREND_FRAMES
        )
        + "</tr>"
        for trend in summary.trends
    )
    caption = t(
        "Figure 4. Share of in-scope sentences carrying each frame, by month of publication "
        "(undated documents in the table only)."
    )
    return (
        f'<figure id="fig-trends">{chart}<figcaption>{escape(caption)}</figcaption></figure>'
        f"<table><thead><tr><th>{escape(t('month'))}</th><th>{escape(t('documents'))}</th>"
        f"<th>{escape(t('in-scope sentences'))}</th>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _marked(example: Example) -> str:
    text, s, e = example.text, example.cue_start, example.cue_end
    if 0 <= s < e <= len(text):
        return f"{escape(text[:s])}<mark>{escape(text[s:e])}</mark>{escape(text[e:])}"
    return escape(text)


def _examples(t: ReportText, summary: NarrativeSummary) -> str:
    if not summary.examples:
        return f'<p class="note">{escape(t("No examples: no sentence carried the frames shown above."))}</p>'
    items = []
    for i, e in enumerate(summary.examples):
        who = escape(", ".join(x for x in (e.speaker, e.organisation) if x) or t("publisher"))
        # A model's cue is the whole sentence (already marked): saying it again adds nothing.
        cue = (
            f' <span class="note">{escape(t("cue: “{cue}”", cue=e.cue))}</span>'
            if e.cue and e.cue != e.text
            else ""
        )
        items.append(
            f'<li id="ex-{i}"><span class="where">{escape(e.source)} [{e.start}:{e.end}]</span> · '
            f"{_label(t, 'frames', e.label)} · {who} ({_label(t, 'sectors', e.sector)}, "
            f"{_label(t, 'countries', e.country)})<br>{_marked(e)}{cue}</li>"
        )
    return f'<ol class="examples">{"".join(items)}</ol>'


def _frame_list(t: ReportText, frames: Sequence[str]) -> str:
    separator = "、" if t.language == "zh" else ", "
    return separator.join(f"<em>{escape(t.term('frames', f))}</em>" for f in frames)


def _detector(t: ReportText, source: FrameSource | None) -> str:
    """Which detector found the frames: the rules, or a trained model for some frames."""
    rules = t(
        "Frames and policy areas are found by a <strong>rule-based detector</strong> (lexicons and "
        "patterns kept in data files, with scope, negation and quotation handling) following the "
        "project's codebook (<code>CODEBOOK.md</code>): <em>race</em> presents AI development as a "
        "zero-sum contest between nations; <em>deregulation</em> argues to remove, reduce or avoid rules "
        "on AI. Every detection keeps its cue and character offsets, shown in the examples."
    )
    if source is None or source.model is None:
        return f"<p>{rules}</p>"
    model = source.model
    parts = [
        t(
            "Frames {frames} are decided by a <strong>trained classifier</strong>, <code>{model}</code> "
            "(embeddings: {embedder} {version}), from the whole sentence: no cue list, negation or "
            "quotation rule applies to them, and their evidence is the whole sentence with the "
            "model's score.",
            frames=_frame_list(t, source.model_frames),
            model=escape(model.label),
            embedder=escape(model.embedder.name),
            version=escape(model.embedder.version),
        )
    ]
    if source.rule_frames:
        parts.append(
            t(
                "Frames {frames}, which the classifier was not trained on, come from the rule-based "
                "detector.",
                frames=_frame_list(t, source.rule_frames),
            )
        )
    parts.append(
        t(
            "Which sentences are in scope, and the policy areas of <em>deregulation</em> and "
            "<em>safety</em> sentences, come from the rule-based detector's lexicons."
        )
    )
    return f"<p>{' '.join(parts)}</p><p>{rules}</p>"


def _methods(t: ReportText, summary: NarrativeSummary, source: FrameSource | None) -> str:
    scope = (
        t("the detector's in-scope flag (the sentence or its paragraph concerns AI)")
        if summary.scope == "in_scope"
        else t("sentences carrying at least one frame (frames are only given to sentences about AI)")
    )
    confidence = f"{100 * summary.confidence:g}%"
    speakers = t(
        "Speakers come from quotations, transcript turns and an actor registry; otherwise the "
        "publishing institution speaks."
    )
    statistics = t(
        "Denominators are in-scope sentences: {scope}. Shares carry two-sided {confidence} Wilson score "
        "intervals. Lift = P(deregulation | race) / P(deregulation | in scope, not race), with the Katz "
        "log interval (0.5 added to the counts when one is zero). The intervals treat sentences as "
        "independent; sentences of one document are not, so read them as optimistic. The detector "
        "makes errors: check the examples before quoting a figure.",
        scope=escape(scope),
        confidence=confidence,
    )
    return f"{_detector(t, source)}<p>{escape(speakers)}</p><p>{statistics}</p>"


def _headline(t: ReportText, summary: NarrativeSummary) -> str:
    any_sentence = next(
        (r for r in summary.deregulation if r.area == ANY_AREA and r.measure == "sentence"), None
    )
    headline = t(
        "Industry carries {share} of the {count} race-framed sentences ({known} of those whose "
        "speaker's sector is known).",
        share=_share(t, summary.industry_share),
        count=summary.n_race,
        known=_share(t, summary.industry_share_known),
    )
    if any_sentence is not None:
        headline += t(
            " A deregulation demand comes in the same sentence as race framing in {with_race} of "
            "race-framed sentences, against {without_race} elsewhere (lift {lift}).",
            with_race=_share(t, any_sentence.with_race),
            without_race=_share(t, any_sentence.without_race),
            lift=_lift(t, any_sentence.lift),
        )
    return headline


def _other_language(t: ReportText) -> str:
    """A link to the same report in the other language, written side by side with this one."""
    if t.language == "zh":
        return (
            f'<a class="other-language" href="{REPORT_FILES["en"]}" hreflang="en">{escape(t("English"))}</a>'
        )
    return (
        f'<a class="other-language" href="{REPORT_FILES["zh"]}" hreflang="zh-Hans" lang="zh-Hans">中文版</a>'
    )


def render_narrative_report(
    summary: NarrativeSummary,
    *,
    title: str | None = None,
    language: str = "en",
    frame_source: FrameSource | None = None,
    link_other_language: bool = False,
) -> str:
    """The whole report as one HTML document in `language` ("en" or "zh", Simplified Chinese).

    `title` defaults to the report's own title in that language; `frame_source` says which
    detector found the frames (None: the rule-based detector), told in the methods section.
    With `link_other_language` the page links to the other language's file of REPORT_FILES,
    for reports written side by side; without it the page links nowhere outside itself.
    """
    t = report_text(language)
    title = title if title is not None else t("The AI race narrative")
    sections = [
        ("who", t("Who tells the race story?")),
        ("narrators", t("Top narrators of the race story")),
        ("asks", t("What do they ask for?")),
        ("trends", t("Trends by month")),
        ("examples", t("Example sentences")),
        ("methods", t("Methods")),
    ]
    heading = dict(sections)
    toc = "".join(f'<li><a href="#{a}">{escape(h)}</a></li>' for a, h in sections)
    counts = t(
        "{documents} documents, {sentences} sentences, {in_scope} in scope, {race} framed as a race; "
        "{quotes} quotations.",
        documents=summary.n_documents,
        sentences=summary.n_sentences,
        in_scope=summary.n_in_scope,
        race=summary.n_race,
        quotes=summary.n_quotes,
    )
    by_sector = escape(t("By sector"))
    by_country = escape(t("By country"))
    if language == "en":  # the English report keeps its Chinese glosses
        by_sector += ' <span class="zh" lang="zh-Hans">按领域</span>'
        by_country += ' <span class="zh" lang="zh-Hans">按国家</span>'
    return (
        f'<!DOCTYPE html><html lang="{t.html_lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"{_other_language(t) if link_other_language else ''}<h1>{escape(title)}</h1>"
        f"<p>{escape(counts)}</p>"
        f'<p class="headline">{_headline(t, summary)}</p>'
        f"<nav><ol>{toc}</ol></nav>"
        f'<section id="who"><h2>{escape(heading["who"])}</h2>'
        f"<h3>{by_sector}</h3>"
        f"{_group_section(t, _group_texts(t, 'sectors', 1), summary.by_sector, 'fig-sector')}"
        f"<h3>{by_country}</h3>"
        f"{_group_section(t, _group_texts(t, 'countries', 2), summary.by_country, 'fig-country')}</section>"
        f'<section id="narrators"><h2>{escape(heading["narrators"])}</h2>{_narrators(t, summary)}</section>'
        f'<section id="asks"><h2>{escape(heading["asks"])}</h2>{_asks(t, summary)}</section>'
        f'<section id="trends"><h2>{escape(heading["trends"])}</h2>{_trends(t, summary)}</section>'
        f'<section id="examples"><h2>{escape(heading["examples"])}</h2>{_examples(t, summary)}</section>'
        f'<section id="methods"><h2>{escape(heading["methods"])}</h2>'
        f"{_methods(t, summary, frame_source)}</section>"
        "</body></html>"
    )
