"""The fixed text of the narrative report in English or Simplified Chinese.

The English text is written in the renderer itself, each piece passed through a
`ReportText` (called `t` there, as gettext's `_`): English returns it as it is; Chinese
looks it up in the PO catalogue `locale/zh_Hans/LC_MESSAGES/narrative_report.po`, the one
place its translations live (edit it with any PO editor or Babel's tools). The catalogue
is read into a mapping once; nothing is compiled to disk. Frame, policy-area, sector and
country names come from the shared vocabulary, which carries both languages.

Why not the web app's catalogues: reports come before web in the dependency order, and a
report is written by the command line with no web server in sight.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Final

from babel.messages.pofile import read_po

from tracktwo.taxonomy.vocabulary import Kind, TaxonomyError, vocabulary

REPORT_LANGUAGES: Final = ("en", "zh")
# The `lang` attribute of each report: Simplified Chinese is a script choice, not only a language.
HTML_LANG: Final = MappingProxyType({"en": "en", "zh": "zh-Hans"})
CATALOGUE: Final = Path(__file__).resolve().parent / "locale/zh_Hans/LC_MESSAGES/narrative_report.po"


@cache
def chinese_messages() -> Mapping[str, str]:
    """English message -> Chinese, from the catalogue (fuzzy and empty entries left out)."""
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="zh_Hans")
    return MappingProxyType(
        {
            str(message.id): str(message.string)
            for message in catalogue
            if message.id and message.string and not message.fuzzy
        }
    )


@dataclass(frozen=True)
class ReportText:
    """The report's fixed text in one language; `t("... {n} ...", n=3)` translates, then fills in."""

    language: str
    messages: Mapping[str, str]

    @property
    def html_lang(self) -> str:
        return HTML_LANG[self.language]

    def __call__(self, message: str, /, **values: object) -> str:
        """`message` in this language, with `values` formatted into its `{name}` fields.

        A message missing from the catalogue stays English rather than break a report;
        tests/reports check that the catalogue holds every message.
        """
        text = self.messages.get(message, message)
        return text.format(**values) if values else text

    def term(self, kind: Kind, code: str) -> str:
        """A vocabulary term's name in this language; the code itself when it is not in the vocabulary."""
        try:
            return vocabulary().term(kind, code).label(self.language)
        except TaxonomyError:
            return code


def report_text(language: str) -> ReportText:
    """The report's text in `language` ("en" or "zh")."""
    if language not in REPORT_LANGUAGES:
        raise ValueError(f"no report language {language!r}; choose one of: {', '.join(REPORT_LANGUAGES)}")
    return ReportText(language, chinese_messages() if language == "zh" else MappingProxyType({}))
