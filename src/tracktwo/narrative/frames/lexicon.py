"""The frame lexicons: YAML data files read into frozen rule sets.

Vocabulary is data, not code (DESIGN.md): every cue, pattern, exclusion and negation rule
lives in `data/*.yaml`, one file per frame (`frame-<code>.yaml`) and per policy area
(`area-<code>.yaml`), plus `scope.yaml` (what makes a sentence about AI), `negation.yaml`
and `macros.yaml` (named sub-patterns shared by all files). This module reads and checks
those files and expands the macros; compiling is the detector's job.

Every problem is a `LexiconError` whose message names the file (and the rule) and says
what to fix, because the files are meant to be edited by analysts, not only by us.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from tracktwo.narrative.errors import LexiconError
from tracktwo.taxonomy.vocabulary import vocabulary

try:  # libyaml: the lexicons load several times faster, which every `tracktwo analyze` waits for
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

LANGUAGES: tuple[str, ...] = ("en", "zh")
FALLBACK_AREA = "general"  # given when a safety / deregulation sentence fits no listed area

_MACRO = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_WHITESPACE = re.compile(r"\s+")
_RULE_KEYS = frozenset({"id", "pattern", "words", "negatable", "requires", "note"})
_SECTION_KEYS = frozenset({"patterns", "exclude", "veto", "macros", "scope"})
_MAX_MACRO_DEPTH = 10


@dataclass(frozen=True)
class Rule:
    """One cue pattern, macros expanded and whitespace removed, ready to compile."""

    id: str
    pattern: str
    negatable: bool
    source: str  # the data file it came from, for messages and evidence
    # Patterns that must each match somewhere in the sentence for a cue to count: how a
    # rule says "nations, working together, on governance" without listing every order.
    requires: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleSet:
    """The rules of one frame, policy area or the scope, in one language.

    A match of `rules` is a cue; a cue overlapping a match of `excludes` is dropped
    ("race to the bottom", "food safety"); any match of `vetoes` anywhere in the sentence
    cancels the whole frame (cooperation aimed against a rival is not cooperation).
    """

    kind: str  # "frame", "area" or "scope"
    code: str
    rules: tuple[Rule, ...]
    excludes: tuple[Rule, ...] = ()
    vetoes: tuple[Rule, ...] = ()
    source: str = ""
    # Ids of the scope rules that can put a sentence in scope for this frame; empty: any.
    # Why: chips and data centres bring race and deregulation talk into scope, but a
    # supply-chain "risk" next to them is no concern about AI.
    scope_rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class NegationRules:
    """Negation of one language: `pattern` must match the clause text ending at the cue."""

    pattern: str
    window: int
    clause_break: str
    source: str


@dataclass(frozen=True)
class LanguageLexicon:
    language: str
    scope: RuleSet
    frames: tuple[RuleSet, ...]  # in the vocabulary's order of frames
    areas: tuple[RuleSet, ...]  # in the vocabulary's order of policy areas
    negation: NegationRules


@dataclass(frozen=True)
class Lexicon:
    """All languages' rules, as read from one data directory."""

    languages: Mapping[str, LanguageLexicon]
    directory: str

    def language(self, language: str) -> LanguageLexicon:
        return self.languages[language]

    def __reduce__(self) -> tuple[Any, tuple[dict[str, LanguageLexicon], str]]:
        # A read-only mapping view cannot be pickled; its contents can.
        return (_lexicon, (dict(self.languages), self.directory))


def _lexicon(languages: dict[str, LanguageLexicon], directory: str) -> Lexicon:
    return Lexicon(languages=MappingProxyType(languages), directory=directory)


def load_lexicon(directory: str | os.PathLike[str] | Traversable | None = None) -> Lexicon:
    """Read and check the lexicon files of `directory` (the packaged `data/` by default).

    Raises LexiconError naming the file for any malformed or missing file.
    """
    root: Traversable
    if directory is None:
        root = resources.files("tracktwo.narrative.frames").joinpath("data")
    elif isinstance(directory, (str, os.PathLike)):
        root = Path(directory)
    else:
        root = directory
    if not root.is_dir():
        raise LexiconError(f"{root}: lexicon directory not found; pass a folder holding the frame YAML files")

    files = {entry.name: entry for entry in root.iterdir() if entry.name.endswith((".yaml", ".yml"))}
    macros_doc = _read(files, "macros.yaml", required=True)
    global_macros = {lang: _macro_section(macros_doc, lang, "macros.yaml") for lang in LANGUAGES}

    vocab = vocabulary()
    frame_codes = vocab.codes("frames")
    area_codes = tuple(code for code in vocab.codes("policy_areas") if code != FALLBACK_AREA)
    frame_docs: dict[str, tuple[str, dict[str, Any]]] = {}
    area_docs: dict[str, tuple[str, dict[str, Any]]] = {}
    for name in sorted(files):
        if name.startswith("frame-"):
            doc = _read(files, name, required=True)
            code = _expect_header(doc, name, "frame")
            if code not in frame_codes:
                raise LexiconError(f"{name}: unknown frame {code!r}; known frames: {', '.join(frame_codes)}")
            frame_docs[code] = (name, doc)
        elif name.startswith("area-"):
            doc = _read(files, name, required=True)
            code = _expect_header(doc, name, "area")
            if code not in area_codes:
                raise LexiconError(
                    f"{name}: unknown policy area {code!r}; known: {', '.join(area_codes)}"
                    f" ({FALLBACK_AREA!r} needs no file: it is given when no other area fits)"
                )
            area_docs[code] = (name, doc)
    scope_doc = _read(files, "scope.yaml", required=True)
    _expect_header(scope_doc, "scope.yaml", "scope", needs_code=False)
    negation_doc = _read(files, "negation.yaml", required=True)
    _expect_header(negation_doc, "negation.yaml", "negation", needs_code=False)

    languages: dict[str, LanguageLexicon] = {}
    for lang in LANGUAGES:
        macros = global_macros[lang]
        languages[lang] = LanguageLexicon(
            language=lang,
            scope=_rule_set(scope_doc, "scope.yaml", lang, "scope", "scope", macros),
            frames=tuple(
                _rule_set(frame_docs[code][1], frame_docs[code][0], lang, "frame", code, macros)
                for code in frame_codes
                if code in frame_docs
            ),
            areas=tuple(
                _rule_set(area_docs[code][1], area_docs[code][0], lang, "area", code, macros)
                for code in area_codes
                if code in area_docs
            ),
            negation=_negation(negation_doc, lang, macros),
        )
    for lang, lexicon in languages.items():
        known = {rule.id for rule in lexicon.scope.rules}
        for rule_set in (*lexicon.frames, *lexicon.areas):
            unknown_ids = [r for r in rule_set.scope_rules if r not in known]
            if unknown_ids:
                raise LexiconError(
                    f"{rule_set.source}: {lang}.scope names unknown scope rule {unknown_ids[0]!r};"
                    f" scope.yaml defines: {', '.join(sorted(known))}"
                )
    return _lexicon(languages, str(root))


def _read(files: Mapping[str, Traversable], name: str, *, required: bool) -> dict[str, Any]:
    entry = files.get(name)
    if entry is None:
        if required:
            raise LexiconError(
                f"{name}: file missing from the lexicon directory; restore it from the package"
            )
        return {}
    try:
        data = yaml.load(entry.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as exc:
        detail = " ".join(str(exc).split())
        raise LexiconError(
            f"{name}: not valid YAML ({detail}); fix the syntax at the position shown"
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{name}: cannot be read as UTF-8 text ({exc})") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{name}: expected a mapping at the top level (version, kind, code, en, zh)")
    if data.get("version") != 1:
        raise LexiconError(f"{name}: expected `version: 1`, found {data.get('version')!r}")
    return data


def _expect_header(doc: Mapping[str, Any], name: str, kind: str, *, needs_code: bool = True) -> str:
    if doc.get("kind") != kind:
        raise LexiconError(f"{name}: expected `kind: {kind}`, found {doc.get('kind')!r}")
    code = doc.get("code", "")
    if needs_code and (not isinstance(code, str) or not code):
        raise LexiconError(f"{name}: missing `code` (the {kind} this file defines)")
    return str(code)


def _macro_section(doc: Mapping[str, Any], lang: str, name: str) -> dict[str, str]:
    section = doc.get(lang, {})
    if section is None:
        return {}
    if not isinstance(section, dict):
        raise LexiconError(f"{name}: section {lang!r} must map macro names to patterns")
    macros: dict[str, str] = {}
    for key, value in section.items():
        if not isinstance(key, str) or not _MACRO.fullmatch("{" + key + "}"):
            raise LexiconError(f"{name}: macro name {key!r} must be a lowercase identifier")
        if not isinstance(value, str):
            raise LexiconError(f"{name}: macro {key!r} must be a string pattern")
        macros[key] = value
    return macros


def _expand(pattern: str, macros: Mapping[str, str], where: str) -> str:
    """Substitute `{name}` macros (recursively) and drop literal whitespace."""
    expanded = pattern
    for _ in range(_MAX_MACRO_DEPTH):
        unknown = [name for name in _MACRO.findall(expanded) if name not in macros]
        if unknown:
            raise LexiconError(
                f"{where}: unknown macro {{{unknown[0]}}}; define it in macros.yaml or the file's `macros`"
            )
        substituted = _MACRO.sub(lambda m: macros[m.group(1)], expanded)
        if substituted == expanded:
            return _WHITESPACE.sub("", expanded)
        expanded = substituted
    raise LexiconError(f"{where}: macros nest more than {_MAX_MACRO_DEPTH} deep (a macro refers to itself?)")


def _check_regex(pattern: str, where: str) -> None:
    if "(?P<" in pattern:
        # The detector names each rule's group itself to know which rule matched.
        raise LexiconError(f"{where}: named groups (?P<...>) are reserved; use (?:...) instead")
    try:
        re.compile(pattern, re.IGNORECASE | re.ASCII)
    except re.error as exc:
        raise LexiconError(f"{where}: invalid regular expression ({exc}): {pattern[:120]}") from exc


def _rules(
    entries: Any, name: str, lang: str, section: str, macros: Mapping[str, str], default_negatable: bool
) -> tuple[Rule, ...]:
    if entries is None:
        return ()
    if not isinstance(entries, list):
        raise LexiconError(f"{name}: `{lang}.{section}` must be a list of rules")
    rules: list[Rule] = []
    seen: set[str] = set()
    for position, entry in enumerate(entries):
        where = f"{name}: {lang}.{section}[{position}]"
        if not isinstance(entry, dict):
            raise LexiconError(f"{where}: each rule must be a mapping with `id` and `pattern` or `words`")
        unknown = set(entry) - _RULE_KEYS
        if unknown:
            raise LexiconError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_RULE_KEYS)}")
        rule_id = entry.get("id")
        if not isinstance(rule_id, str) or not rule_id:
            raise LexiconError(f"{where}: missing `id`")
        where = f"{name}: {lang}.{section} rule {rule_id!r}"
        if rule_id in seen:
            raise LexiconError(f"{where}: duplicate id; ids must be unique within a section")
        seen.add(rule_id)
        raw = _raw_pattern(entry, where)
        negatable = entry.get("negatable", default_negatable)
        if not isinstance(negatable, bool):
            raise LexiconError(f"{where}: `negatable` must be true or false")
        pattern = _expand(raw, macros, where)
        _check_regex(pattern, where)
        requires = _requires(entry.get("requires"), macros, where)
        rules.append(Rule(id=rule_id, pattern=pattern, negatable=negatable, source=name, requires=requires))
    return tuple(rules)


def _requires(value: Any, macros: Mapping[str, str], where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    patterns = [value] if isinstance(value, str) else value
    if (
        not isinstance(patterns, list)
        or not patterns
        or not all(isinstance(p, str) and p.strip() for p in patterns)
    ):
        raise LexiconError(f"{where}: `requires` must be a pattern or a non-empty list of patterns")
    expanded = tuple(_expand(p, macros, where + " (requires)") for p in patterns)
    for pattern in expanded:
        _check_regex(pattern, where + " (requires)")
    return expanded


def _raw_pattern(entry: Mapping[str, Any], where: str) -> str:
    has_pattern, has_words = "pattern" in entry, "words" in entry
    if has_pattern == has_words:
        raise LexiconError(f"{where}: give exactly one of `pattern` or `words`")
    if has_words:
        words = entry["words"]
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
            raise LexiconError(f"{where}: `words` must be a non-empty list of patterns")
        # Word lists are whole words: the boundary is added once here, not in every entry.
        return r"\b(?:" + "|".join(words) + r")\b"
    pattern = entry["pattern"]
    if isinstance(pattern, list) and pattern and all(isinstance(p, str) and p for p in pattern):
        return "(?:" + "|".join(pattern) + ")"
    if not isinstance(pattern, str) or not pattern.strip():
        raise LexiconError(f"{where}: `pattern` must be a non-empty string or list of strings")
    return pattern


def _rule_set(
    doc: Mapping[str, Any], name: str, lang: str, kind: str, code: str, global_macros: Mapping[str, str]
) -> RuleSet:
    section = doc.get(lang)
    if section is None:
        return RuleSet(kind=kind, code=code, rules=(), source=name)
    if not isinstance(section, dict):
        raise LexiconError(f"{name}: section {lang!r} must be a mapping with `patterns` (and `exclude`)")
    unknown = set(section) - _SECTION_KEYS
    if unknown:
        raise LexiconError(
            f"{name}: unknown key(s) {sorted(unknown)} in {lang!r}; allowed: {sorted(_SECTION_KEYS)}"
        )
    macros = dict(global_macros)
    macros.update(_file_macros(doc.get("macros"), name))
    macros.update(_file_macros(section.get("macros"), name))
    default_negatable = doc.get("negatable", False)
    if not isinstance(default_negatable, bool):
        raise LexiconError(f"{name}: `negatable` must be true or false")
    scope_rules = section.get("scope", [])
    if not isinstance(scope_rules, list) or not all(isinstance(r, str) for r in scope_rules):
        raise LexiconError(f"{name}: `{lang}.scope` must be a list of rule ids of scope.yaml")
    return RuleSet(
        kind=kind,
        code=code,
        rules=_rules(section.get("patterns"), name, lang, "patterns", macros, default_negatable),
        excludes=_rules(section.get("exclude"), name, lang, "exclude", macros, False),
        vetoes=_rules(section.get("veto"), name, lang, "veto", macros, False),
        source=name,
        scope_rules=tuple(scope_rules),
    )


def _file_macros(section: Any, name: str) -> dict[str, str]:
    if section is None:
        return {}
    return _macro_section({"macros": section}, "macros", name)


def _negation(doc: Mapping[str, Any], lang: str, macros: Mapping[str, str]) -> NegationRules:
    name = "negation.yaml"
    section = doc.get(lang)
    if not isinstance(section, dict):
        raise LexiconError(f"{name}: missing section {lang!r} (window, clause_break, pattern)")
    window = section.get("window")
    if not isinstance(window, int) or isinstance(window, bool) or window <= 0:
        raise LexiconError(f"{name}: {lang}.window must be a positive number of characters")
    parts: dict[str, str] = {}
    for key in ("pattern", "clause_break"):
        value = section.get(key)
        if not isinstance(value, str) or not value.strip():
            raise LexiconError(f"{name}: {lang}.{key} must be a non-empty pattern")
        parts[key] = _expand(value, macros, f"{name}: {lang}.{key}")
        _check_regex(parts[key], f"{name}: {lang}.{key}")
    return NegationRules(
        pattern=parts["pattern"], window=window, clause_break=parts["clause_break"], source=name
    )
