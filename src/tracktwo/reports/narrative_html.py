"""The narrative analysis as one self-contained HTML page (`report.html`).

Renders a `NarrativeSummary` only: no computation beyond formatting, no external assets
(styles inline, plots as inline SVG), every piece of text escaped. Each figure links to
the example sentences behind it, listed with their source and character offsets, the cue
that triggered the detection marked.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

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
from tracktwo.taxonomy.vocabulary import Kind, TaxonomyError, vocabulary

PALETTE = ("#c0392b", "#2471a3", "#1e8449", "#b9770e", "#7d3c98", "#566573")
_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans SC",sans-serif;max-width:60rem;
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
svg text{font-family:inherit;font-size:12px}
"""


def _label(kind: Kind, code: str) -> str:
    """English label with the Chinese one beside it (HTML); the code itself when not in the vocabulary."""
    try:
        term = vocabulary().term(kind, code)
    except TaxonomyError:
        return escape(code)
    return f'{escape(term.en)} <span class="zh" lang="zh">{escape(term.zh)}</span>'


def _plain_label(kind: Kind, code: str) -> str:
    try:
        return vocabulary().term(kind, code).en
    except TaxonomyError:
        return code


def _pct(value: float) -> str:
    return "–" if math.isnan(value) else f"{100 * value:.1f}%"


def _share(value: Share) -> str:
    if value.total == 0:
        return "– (no sentences)"
    return f"{_pct(value.share)} <span class=note>[{_pct(value.lower)}–{_pct(value.upper)}]</span>"


def _ratio(value: float) -> str:
    if math.isnan(value):
        return "–"
    return "∞" if math.isinf(value) else f"{value:.2f}"


def _lift(value: Lift) -> str:
    if math.isnan(value.ratio):
        return '– <span class="note">(undefined)</span>'
    return f"{_ratio(value.ratio)} <span class=note>[{_ratio(value.lower)}–{_ratio(value.upper)}]</span>"


def _example_links(indices: Sequence[int]) -> str:
    if not indices:
        return '<span class="note">none</span>'
    return " ".join(f'<a href="#ex-{i}">#{i + 1}</a>' for i in indices)


# --- SVG ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Bar:
    series: int
    value: Share


def _bar_chart(title: str, rows: Sequence[tuple[str, Sequence[_Bar]]], series: Sequence[str]) -> str:
    """Horizontal bars (one per series within each row) with their interval as a whisker."""
    if not rows:
        return f'<p class="note">{escape(title)}: no data.</p>'
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


def _line_chart(title: str, months: Sequence[str], lines: Sequence[tuple[str, Sequence[Share]]]) -> str:
    """Shares by month, one line per series; months with no in-scope sentence leave a gap."""
    if not months:
        return f'<p class="note">{escape(title)}: no dated sentences.</p>'
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


def _group_section(kind: Kind, heading: str, rows: Sequence[GroupRace], figure: int, anchor: str) -> str:
    chart = _bar_chart(
        f"Share of all race-framed sentences by {heading}",
        [(_plain_label(kind, r.group), [_Bar(0, r.share_of_race)]) for r in rows],
        ["share of race sentences"],
    )
    body = "".join(
        f"<tr><td>{_label(kind, r.group)}</td><td class=n>{r.share_of_race.count}</td>"
        f"<td class=n>{_share(r.share_of_race)}</td><td class=n>{_share(r.rate)}</td>"
        f"<td>{_example_links(r.examples)}</td></tr>"
        for r in rows
    )
    return (
        f'<figure id="{anchor}">{chart}<figcaption>Figure {figure}. Who carries the race narrative, by '
        f"{escape(heading)}: each group's share of all race-framed sentences (bars, 90% interval as "
        f"whiskers).</figcaption></figure>"
        f"<table><thead><tr><th>{escape(heading.capitalize())}</th><th>race sentences</th>"
        f"<th>share of all race sentences</th><th>race rate in the group's in-scope sentences</th>"
        f"<th>examples</th></tr></thead><tbody>{body}</tbody></table>"
    )


def _narrators(summary: NarrativeSummary) -> str:
    if not summary.narrators:
        return '<p class="note">No race-framed sentence has a named speaker or organisation.</p>'
    body = "".join(
        f"<tr><td>{escape(n.speaker or '–')}</td><td>{escape(n.organisation or '–')}</td>"
        f"<td>{_label('sectors', n.sector)}</td><td>{_label('countries', n.country)}</td>"
        f"<td class=n>{n.count}</td><td>{_example_links(n.examples)}</td></tr>"
        for n in summary.narrators
    )
    return (
        "<table><thead><tr><th>speaker</th><th>organisation</th><th>sector</th><th>country</th>"
        f"<th>race sentences</th><th>examples</th></tr></thead><tbody>{body}</tbody></table>"
    )


def _area_label(area: str) -> str:
    return "Any area" if area == ANY_AREA else _plain_label("policy_areas", area)


def _area_html(area: str) -> str:
    return (
        '<strong>Any area</strong> <span class="zh" lang="zh">所有领域</span>'
        if area == ANY_AREA
        else (_label("policy_areas", area))
    )


def _asks(summary: NarrativeSummary) -> str:
    sentence_rows = [r for r in summary.deregulation if r.measure == "sentence"]
    chart = _bar_chart(
        "Deregulation in the same sentence, race-framed versus other in-scope sentences",
        [(_area_label(r.area), [_Bar(0, r.with_race), _Bar(1, r.without_race)]) for r in sentence_rows],
        ["with race framing", "without race framing"],
    )

    def line(r: CoOccurrence) -> str:
        return (
            f"<tr><td>{_area_html(r.area)}</td><td>{escape(r.measure)}</td>"
            f"<td class=n>{r.with_race.count}/{r.with_race.total}</td><td class=n>{_share(r.with_race)}</td>"
            f"<td class=n>{_share(r.without_race)}</td><td class=n>{_lift(r.lift)}</td>"
            f"<td>{_example_links(r.examples)}</td></tr>"
        )

    return (
        f'<figure id="fig-asks">{chart}<figcaption>Figure 3. How often a deregulation demand stands in '
        "the same sentence as race framing, per policy area, against the base rate in other in-scope "
        "sentences (90% intervals).</figcaption></figure>"
        "<table><thead><tr><th>policy area</th><th>measure</th><th>race sentences with deregulation</th>"
        "<th>P(dereg | race)</th><th>P(dereg | not race)</th><th>lift</th><th>examples</th></tr></thead>"
        f"<tbody>{''.join(line(r) for r in summary.deregulation)}</tbody></table>"
        '<p class="note">Lift above 1: deregulation demands come with race framing more often than '
        "without it. Measure “paragraph”: deregulation anywhere in the same paragraph. Examples show "
        "the deregulation sentences.</p>"
    )


def _trends(summary: NarrativeSummary) -> str:
    dated = [t for t in summary.trends if t.month != UNDATED]
    chart = _line_chart(
        "Frame shares of in-scope sentences by month",
        [t.month for t in dated],
        [(_plain_label("frames", f), [t.share(f) for t in dated]) for f in TREND_FRAMES],
    )
    head = "".join(f"<th>{_label('frames', f)}</th>" for f in TREND_FRAMES)
    body = "".join(
        f"<tr><td>{escape(t.month)}</td><td class=n>{t.documents}</td><td class=n>{t.in_scope}</td>"
        + "".join(f"<td class=n>{t.share(f).count} · {_share(t.share(f))}</td>" for f in TREND_FRAMES)
        + "</tr>"
        for t in summary.trends
    )
    return (
        f'<figure id="fig-trends">{chart}<figcaption>Figure 4. Share of in-scope sentences carrying each '
        "frame, by month of publication (undated documents in the table only).</figcaption></figure>"
        f"<table><thead><tr><th>month</th><th>documents</th><th>in-scope sentences</th>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _marked(example: Example) -> str:
    text, s, e = example.text, example.cue_start, example.cue_end
    if 0 <= s < e <= len(text):
        return f"{escape(text[:s])}<mark>{escape(text[s:e])}</mark>{escape(text[e:])}"
    return escape(text)


def _examples(summary: NarrativeSummary) -> str:
    if not summary.examples:
        return '<p class="note">No examples: no sentence carried the frames shown above.</p>'
    items = []
    for i, e in enumerate(summary.examples):
        who = ", ".join(x for x in (e.speaker, e.organisation) if x) or "publisher"
        items.append(
            f'<li id="ex-{i}"><span class="where">{escape(e.source)} [{e.start}:{e.end}]</span> · '
            f"{_label('frames', e.label)} · {escape(who)} ({_label('sectors', e.sector)}, "
            f"{_label('countries', e.country)})<br>{_marked(e)}"
            + (f' <span class="note">cue: “{escape(e.cue)}”</span>' if e.cue else "")
            + "</li>"
        )
    return f'<ol class="examples">{"".join(items)}</ol>'


def _methods(summary: NarrativeSummary) -> str:
    scope = (
        "the detector's in-scope flag (the sentence or its paragraph concerns AI)"
        if summary.scope == "in_scope"
        else "sentences carrying at least one frame (frames are only given to sentences about AI)"
    )
    confidence = f"{100 * summary.confidence:g}%"
    return (
        "<p>Frames and policy areas are found by a <strong>rule-based detector</strong> (lexicons and "
        "patterns kept in data files, with scope, negation and quotation handling) following the "
        "project's codebook (<code>CODEBOOK.md</code>): <em>race</em> presents AI development as a "
        "zero-sum contest between nations; <em>deregulation</em> argues to remove, reduce or avoid rules "
        "on AI. Every detection keeps its cue and character offsets, shown in the examples. Speakers "
        "come from quotations, transcript turns and an actor registry; otherwise the publishing "
        "institution speaks.</p>"
        f"<p>Denominators are in-scope sentences: {escape(scope)}. Shares carry two-sided "
        f"{confidence} Wilson score intervals. Lift = P(deregulation | race) / P(deregulation | in "
        "scope, not race), with the Katz log interval (0.5 added to the counts when one is zero). The "
        "intervals treat sentences as independent; sentences of one document are not, so read them as "
        "optimistic. The detector makes errors: check the examples before quoting a figure.</p>"
    )


def render_narrative_report(summary: NarrativeSummary, *, title: str = "The AI race narrative") -> str:
    """The whole report as one HTML document."""
    sections = [
        ("who", "Who tells the race story?"),
        ("narrators", "Top narrators of the race story"),
        ("asks", "What do they ask for?"),
        ("trends", "Trends by month"),
        ("examples", "Example sentences"),
        ("methods", "Methods"),
    ]
    toc = "".join(f'<li><a href="#{a}">{escape(h)}</a></li>' for a, h in sections)
    any_sentence = next(
        (r for r in summary.deregulation if r.area == ANY_AREA and r.measure == "sentence"), None
    )
    headline = (
        f"Industry carries {_share(summary.industry_share)} of the {summary.n_race} race-framed sentences "
        f"({_share(summary.industry_share_known)} of those whose speaker's sector is known)."
    )
    if any_sentence is not None:
        headline += (
            f" A deregulation demand comes in the same sentence as race framing in "
            f"{_share(any_sentence.with_race)} of race-framed sentences, against "
            f"{_share(any_sentence.without_race)} elsewhere (lift {_lift(any_sentence.lift)})."
        )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        f"<p>{summary.n_documents} documents, {summary.n_sentences} sentences, "
        f"{summary.n_in_scope} in scope, "
        f"{summary.n_race} framed as a race; {summary.n_quotes} quotations.</p>"
        f'<p class="headline">{headline}</p>'
        f"<nav><ol>{toc}</ol></nav>"
        f'<section id="who"><h2>Who tells the race story?</h2>'
        f'<h3>By sector <span class="zh" lang="zh">按领域</span></h3>'
        f"{_group_section('sectors', 'sector', summary.by_sector, 1, 'fig-sector')}"
        f'<h3>By country <span class="zh" lang="zh">按国家</span></h3>'
        f"{_group_section('countries', 'country', summary.by_country, 2, 'fig-country')}</section>"
        f'<section id="narrators"><h2>Top narrators of the race story</h2>{_narrators(summary)}</section>'
        f'<section id="asks"><h2>What do they ask for?</h2>{_asks(summary)}</section>'
        f'<section id="trends"><h2>Trends by month</h2>{_trends(summary)}</section>'
        f'<section id="examples"><h2>Example sentences</h2>{_examples(summary)}</section>'
        f'<section id="methods"><h2>Methods</h2>{_methods(summary)}</section>'
        "</body></html>"
    )
