"""The draft joint statement as one standalone HTML page.

The page is meant to be mailed to delegations and opened offline, sometimes behind
restrictive networks, so it carries its own styles and loads nothing: no scripts, no
fonts, no images. Statement texts are written by participants, so the template is
rendered with autoescaping on and everything from the value is treated as text.
Each bilingual block carries its `lang` attribute so that screen readers and fonts pick
the right language, and every wording shows its translation state.
"""

from __future__ import annotations

from functools import cache

import jinja2

from tracktwo.reports.joint_statement import (
    JointStatement,
    check_language,
    format_interval,
    format_percent,
    format_q,
    ui,
)

HTML_LANG = {"en": "en", "zh": "zh-Hans"}


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("tracktwo.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(js: JointStatement, language: str = "both") -> str:
    """The joint statement as a complete HTML page in "both" languages, or only "en" or "zh"."""
    language = check_language(language)
    languages = ("en", "zh") if language == "both" else (language,)
    template = _environment().get_template("joint_statement.html")
    return template.render(
        js=js,
        languages=languages,
        page_lang=HTML_LANG["zh" if language == "zh" else "en"],
        html_lang=HTML_LANG,
        ui=ui,
        percent=format_percent,
        interval=format_interval,
        q=format_q,
    )
