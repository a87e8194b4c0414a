"""The joint statement of a dialogue's current results, in each output format."""

from __future__ import annotations

from tracktwo.dialogue.results import DialogueResults
from tracktwo.dialogue.views import StatementView
from tracktwo.reports.joint_statement import JointStatement, StatementText, build_joint_statement
from tracktwo.reports.joint_statement_html import render_html
from tracktwo.reports.joint_statement_markdown import render_markdown
from tracktwo.reports.joint_statement_pdf import render_pdf

FORMATS = {
    "md": ("text/markdown; charset=utf-8", "md"),
    "html": ("text/html; charset=utf-8", "html"),
    "pdf": ("application/pdf", "pdf"),
}


def statement_text(item: StatementView) -> StatementText:
    return StatementText(
        id=str(item.id),
        text_en=item.text_en,
        text_zh=item.text_zh,
        translation_en=item.translation_en,
        translation_zh=item.translation_zh,
        policy_area=item.policy_area,
    )


def dialogue_joint_statement(results: DialogueResults) -> JointStatement | None:
    """None while the dialogue has no model (no statements or no votes yet)."""
    if results.model is None:
        return None
    dialogue = results.dialogue
    return build_joint_statement(
        results.model,
        {str(item.id): statement_text(item) for item in results.statements},
        title_en=dialogue.title_en,
        title_zh=dialogue.title_zh,
        simulated=dialogue.simulated,
        generated_at=results.computed_at.strftime("%Y-%m-%d %H:%M UTC"),
    )


def render_joint_statement(joint: JointStatement, output: str, language: str = "both") -> bytes:
    if output == "md":
        return render_markdown(joint, language).encode("utf-8")
    if output == "html":
        return render_html(joint, language).encode("utf-8")
    if output == "pdf":
        return render_pdf(joint, language)
    raise ValueError(f"unknown joint statement format {output!r}; use md, html or pdf")
