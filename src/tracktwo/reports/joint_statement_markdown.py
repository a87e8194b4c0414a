"""The draft joint statement as Markdown, for editing by the organisers.

Markdown is what delegations pass around and edit before a text is signed, so this is
the working copy. Statement texts come from participants and are escaped: a `*` or a
`<script>` in a statement must stay literal text in any Markdown viewer, never markup.
"""

from __future__ import annotations

import re

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

# Characters that start Markdown (or inline HTML) syntax anywhere in a line; `(` and `!`
# only act next to an (escaped) bracket, so they stay readable.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+|~&])")
# A list marker or setext underline at the start of the text.
_LEADING_MARKER = re.compile(r"^(\d+)([.)])|^([-=])")


def escape_markdown(text: str) -> str:
    """Literal text: whitespace runs to one space, syntax characters backslash-escaped."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _LEADING_MARKER.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", escaped)


def _languages(language: str) -> tuple[str, ...]:
    return ("en", "zh") if language == "both" else (language,)


def _heading(key: str, language: str) -> str:
    return " / ".join(ui(key, lang) for lang in _languages(language))


def _statement_lines(text: StatementText, language: str) -> list[str]:
    lines = []
    for lang in _languages(language):
        wording = text.text(lang)
        shown = escape_markdown(wording) if wording else ui("text_missing", lang)
        badge = ui(f"translation_{text.translation(lang)}", lang)
        lines += [f"> {shown} *({badge})*", ">"]
    return lines[:-1]


def _item_lines(item: CommonGroundItem, language: str) -> list[str]:
    lines = [f"#### {escape_markdown(item.text.id)}", "", *_statement_lines(item.text, language), ""]
    for lang in _languages(language):
        overall = (
            ui("overall_withheld", lang)
            if item.overall is None
            else f"{format_percent(item.overall.rate)} ({item.overall.seen} {ui('votes_seen', lang)})"
        )
        lines.append(f"- {ui('overall', lang)}: {overall}")
    lines.append("")
    header = [_heading("stratum", language), _heading("participants", language), _heading("agree", language)]
    header.append(_heading("interval", language))
    lines += ["| " + " | ".join(header) + " |", "|---|---:|---:|---:|"]
    for line in item.support:
        name = " / ".join(escape_markdown(line.stratum.name(lang)) for lang in _languages(language))
        lines.append(
            f"| {name} | {line.n_participants} | {format_percent(line.agree_rate)} "
            f"({line.seen}) | {format_interval(line.lower, line.upper)} |"
        )
    lines.append("")
    return lines


def _crux_lines(crux: OpenCrux, language: str) -> list[str]:
    lines = [f"#### {escape_markdown(crux.text.id)}", "", *_statement_lines(crux.text, language), ""]
    for division in crux.divisions:
        for lang in _languages(language):
            rates = ", ".join(
                f"{escape_markdown(r.stratum.name(lang))} {format_percent(r.rate)}" for r in division.rates
            )
            lines.append(
                f"- {ui('divided_by', lang)}: {escape_markdown(division.attribute_name(lang))}: {rates}; "
                f"{ui('q_value', lang)} {format_q(division.q_value)}"
            )
    lines.append("")
    return lines


def render_markdown(js: JointStatement, language: str = "both") -> str:
    """The joint statement as Markdown in "both" languages, or only "en" or "zh"."""
    language = check_language(language)
    langs = _languages(language)
    lines = [f"# {escape_markdown(js.title(lang))}" for lang in langs]
    lines += ["", f"*{_heading('draft', language)}*", ""]
    if js.simulated:
        lines += [f"> **{escape_markdown(ui('simulated', lang))}**" for lang in langs]
        lines.append("")
    for lang in langs:
        facts = [
            f"{ui('participants', lang)} {js.counts.n_participants}",
            f"{ui('voters', lang)} {js.counts.n_voters}",
            f"{ui('statements', lang)} {js.counts.n_statements}",
            f"{ui('votes', lang)} {js.counts.n_votes}",
            f"{ui('k', lang)} {js.k}",
        ]
        if js.generated_at:
            facts.append(f"{ui('generated_at', lang)} {escape_markdown(js.generated_at)}")
        lines.append("- " + "; ".join(facts))
    lines += ["", f"## {_heading('common_ground', language)}", ""]
    if not js.sections:
        lines += [" ".join(ui("no_common_ground", lang) for lang in langs), ""]
    for section in js.sections:
        title = " / ".join(section.title(lang) for lang in langs)
        lines += [f"### {escape_markdown(title)}", ""]
        for item in section.items:
            lines += _item_lines(item, language)
    lines += [f"## {_heading('cruxes', language)}", ""]
    if not js.cruxes:
        lines += [" ".join(ui("no_cruxes", lang) for lang in langs), ""]
    for crux in js.cruxes:
        lines += _crux_lines(crux, language)
    lines += [f"## {_heading('methods', language)}", ""]
    for lang in langs:
        for paragraph in js.methods.paragraphs(lang):
            lines += [escape_markdown(paragraph), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
