"""Every interface message has a Simplified Chinese translation: the msgids Babel extracts
from src/tracktwo/web (Python and templates, with babel.cfg) against the merged PO files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from tracktwo.web.i18n import LOCALE_DIR, translations

WEB = Path(__file__).resolve().parents[2] / "src" / "tracktwo" / "web"
PO_DIR = LOCALE_DIR / "zh_Hans" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|\{\w*\}")


def extracted() -> dict[str, str]:
    """msgid -> where it was first found, for every message the web interface marks."""
    with (WEB / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found: dict[str, str] = {}
    for filename, line, message, _comments, _context in extract_from_dir(str(WEB), method_map, options_map):
        for msgid in message if isinstance(message, tuple) else (message,):
            if msgid:
                found.setdefault(msgid, f"{filename}:{line}")
    return found


def catalogues() -> list[tuple[Path, Catalog]]:
    paths = sorted(PO_DIR.glob("*.po"))
    assert paths, f"no PO files in {PO_DIR}"
    result = []
    for path in paths:
        with path.open("rb") as handle:
            result.append((path, read_po(handle, locale="zh_Hans")))
    return result


def merged() -> dict[str, str]:
    """msgid -> Chinese text (plural forms: the first msgid and form), fuzzy ones left out."""
    texts: dict[str, str] = {}
    for _path, catalogue in catalogues():
        for message in catalogue:
            if not message.id or message.fuzzy:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for msgid in ids:
                if strings and strings[0]:
                    texts[msgid] = strings[0]
    return texts


def test_extraction_finds_the_participant_and_base_messages() -> None:
    messages = extracted()
    for expected in (
        "Open the dialogue",
        "I accept",
        "Agree",
        "Disagree",
        "Back to the start",
        "Machine translation",
    ):
        assert expected in messages


def is_organiser_message(where: str) -> bool:
    return "organiser" in where.replace("\\", "/")


def untranslated() -> dict[str, str]:
    translated = merged()
    return {msgid: where for msgid, where in extracted().items() if not translated.get(msgid, "").strip()}


def listing(missing: dict[str, str]) -> str:
    return "\n".join(f"  {where}: {msgid!r}" for msgid, where in sorted(missing.items(), key=lambda i: i[1]))


def test_every_participant_and_shared_message_has_a_chinese_translation() -> None:
    missing = {msgid: where for msgid, where in untranslated().items() if not is_organiser_message(where)}
    assert not missing, (
        f"{len(missing)} messages have no zh_Hans translation (or only a fuzzy one):\n{listing(missing)}"
    )


def test_every_organiser_message_has_a_chinese_translation() -> None:
    missing = {msgid: where for msgid, where in untranslated().items() if is_organiser_message(where)}
    if missing and not (PO_DIR / "organiser.po").exists():
        # The organiser pages' catalogue is written alongside those pages; until it exists
        # this says so instead of failing. Once organiser.po is there, every message counts.
        pytest.skip(f"organiser.po does not exist yet; {len(missing)} organiser messages untranslated")
    assert not missing, (
        f"{len(missing)} messages have no zh_Hans translation (or only a fuzzy one):\n{listing(missing)}"
    )


def test_no_catalogue_has_fuzzy_or_empty_entries() -> None:
    problems = []
    for path, catalogue in catalogues():
        for message in catalogue:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy:
                problems.append(f"{path.name}: fuzzy {message.id!r}")
            elif not all(s.strip() for s in strings):
                problems.append(f"{path.name}: empty {message.id!r}")
    assert not problems, "\n".join(problems)


def test_placeholders_match_between_msgid_and_msgstr() -> None:
    problems = []
    for path, catalogue in catalogues():
        for message in catalogue:
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            wanted = sorted(set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0])))
            for text in strings:
                if text and sorted(set(PLACEHOLDER.findall(text))) != wanted:
                    problems.append(f"{path.name}: {ids[0]!r} has {wanted}, translation {text!r}")
    assert not problems, "\n".join(problems)


def test_the_running_app_translates_with_the_merged_catalogue() -> None:
    gettext = translations("zh").gettext
    assert gettext("I accept") == "我同意"
    assert gettext("Voted: %(done)d of %(total)d") % {"done": 1, "total": 3} == "已投票：1 / 3"
    assert translations("en").gettext("I accept") == "I accept"
