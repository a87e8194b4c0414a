"""Rule-based detection of the codebook's frames and policy areas in one sentence.

A sentence gets a frame when it is in scope (it, or the paragraph given as `context`,
concerns AI or what AI competition runs on) and one of the frame's cues matches, is not
covered by an exclusion ("race to the bottom", "food safety"), is not negated ("this is
not an arms race") and the frame is not vetoed (cooperation aimed against a rival).
Policy areas are given only with `deregulation` or `safety`, `general` when no listed
area fits. Every detection keeps its evidence: the rule, the cue as written and its
offsets into the sentence, and whether it stands inside quotation marks.

All patterns are compiled once, in a `Detector`. Speed comes from doing little for most
sentences: a paragraph out of scope (most of any corpus) costs its sentences nothing more
(`detect_many` checks all paragraphs of a batch in one RE2 pass, see `prefilter`); an
in-scope sentence is scanned once for the literal atoms of all rules (see `atoms`) and
only the rules whose atoms occur are searched.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.abc import Traversable
from types import MappingProxyType

from tracktwo.narrative.errors import NarrativeError
from tracktwo.narrative.frames import prefilter
from tracktwo.narrative.frames.atoms import AtomIndex, Requirement, RequirementTable, requirement
from tracktwo.narrative.frames.lexicon import (
    FALLBACK_AREA,
    LANGUAGES,
    Lexicon,
    Rule,
    RuleSet,
    load_lexicon,
)
from tracktwo.narrative.frames.negation import Negation, inside_quotation
from tracktwo.narrative.language import to_simplified

_FLAGS = re.IGNORECASE | re.ASCII  # ASCII: \b and \w must agree with the RE2 scope prefilter
_AREA_FRAMES = frozenset({"deregulation", "safety"})  # codebook: areas only with these frames
_CONTEXT_MEMO_LIMIT = 4096
# Below this many in-scope sentences, an RE2 call (which compiles its pattern) costs more
# than the Python searches it would shorten.
_PREFILTER_MIN_BATCH = 64
# How far from a cue an overlapping exclusion may start or end (characters).
_EXCLUSION_REACH = 200


class UnsupportedLanguageError(NarrativeError, ValueError):
    """No lexicon exists for the language asked for."""


@dataclass(frozen=True)
class Evidence:
    """Why a frame or area was given (or, in `FrameDetection.negated`, withheld).

    `start` / `end` index the sentence as passed to `detect`: `text[start:end] == cue`.
    """

    frame_or_area: str
    cue: str
    start: int
    end: int
    rule: str = ""
    quoted: bool = False


@dataclass(frozen=True)
class FrameDetection:
    """The frames and policy areas of one sentence, with their evidence."""

    frames: tuple[str, ...] = ()
    policy_areas: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    in_scope: bool = False
    negated: tuple[Evidence, ...] = ()
    scope_cue: str = ""  # the AI term that put the sentence in scope
    scope_from: str = ""  # "sentence" or "context"; "" when out of scope


OUT_OF_SCOPE = FrameDetection()


@dataclass(frozen=True)
class _Match:
    rule: Rule
    start: int
    end: int
    negated: bool


@dataclass(frozen=True)
class CompiledRules:
    """The rules of one frame (area, scope), each compiled on its own.

    Each rule is searched only when the atoms its matches must contain occur in the
    sentence (see `atoms`): most in-scope sentences hold the atoms of a few rules only.
    """

    code: str
    rules: tuple[Rule, ...]
    patterns: tuple[re.Pattern[str], ...]  # per rule
    needs: tuple[Requirement | None, ...]  # per rule: its atom requirement
    requires: tuple[tuple[re.Pattern[str], ...], ...]  # per rule: the lexicon's `requires`
    excludes: re.Pattern[str] | None
    exclude_needs: tuple[Requirement | None, ...]
    vetoes: re.Pattern[str] | None
    re2: str  # the scope's RE2 form for corpus batches; "" for frames and areas
    # All rules in one alternation, each a named group: finds the first cue in one search.
    first: re.Pattern[str] | None

    @classmethod
    def compile(cls, rule_set: RuleSet, *, with_re2: bool = False) -> CompiledRules:
        if with_re2:
            for rule in rule_set.rules:
                prefilter.check(rule.pattern, f"{rule.source}: rule {rule.id!r}")
        return cls(
            code=rule_set.code,
            rules=rule_set.rules,
            patterns=tuple(re.compile(rule.pattern, _FLAGS) for rule in rule_set.rules),
            needs=tuple(requirement(rule.pattern) for rule in rule_set.rules),
            requires=tuple(tuple(re.compile(p, _FLAGS) for p in rule.requires) for rule in rule_set.rules),
            excludes=_alternation(rule_set.excludes),
            exclude_needs=tuple(requirement(rule.pattern) for rule in rule_set.excludes),
            vetoes=_alternation(rule_set.vetoes),
            re2=prefilter.union([rule.pattern for rule in rule_set.rules])
            if with_re2 and rule_set.rules
            else "",
            first=re.compile(
                "|".join(f"(?P<r{i}>{rule.pattern})" for i, rule in enumerate(rule_set.rules)), _FLAGS
            )
            if rule_set.rules
            else None,
        )

    def first_cue(self, text: str, start: int = 0) -> str:
        """The first cue not covered by an exclusion (scope terms: no negation, no co-terms)."""
        if self.first is None:
            return ""
        position = start
        while (match := self.first.search(text, position)) is not None:
            begin, end = match.span()
            index = int(str(match.lastgroup)[1:])
            if (
                end == begin
                or self._excluded(text, begin, end)
                or not all(co_term.search(text) for co_term in self.requires[index])
            ):
                position = begin + 1
                continue
            return match.group()
        return ""

    def all_needs(self) -> tuple[Requirement | None, ...]:
        """The atom requirements of the rules, then of the exclusions (the `holding` order)."""
        return (*self.needs, *self.exclude_needs)

    def find(
        self,
        text: str,
        negation: Negation | None,
        start: int = 0,
        *,
        holding: Sequence[bool] | None = None,
    ) -> list[_Match]:
        """The cues in `text` from `start` on, not covered by an exclusion, marked negated or not.

        `holding[i]` says whether rule i's atoms occur (None: search every rule). A cue
        lying inside another (of any rule) is reported once, as the longer one. After a
        dropped match a rule's search resumes one character later, so that a long excluded
        or negated match cannot hide a genuine cue inside it.
        """
        may_exclude = self.excludes is not None and (holding is None or any(holding[len(self.patterns) :]))
        found: list[_Match] = []
        for index, pattern in enumerate(self.patterns):
            if holding is not None and not holding[index]:
                continue
            rule = self.rules[index]
            required: bool | None = None if self.requires[index] else True
            negated_until = -1
            position = start
            while (match := pattern.search(text, position)) is not None:
                begin, end = match.span()
                if end == begin or (may_exclude and self._excluded(text, begin, end)):
                    position = begin + 1
                    continue
                if required is None:  # the co-terms of `requires`: checked once, at the first cue
                    required = all(co_term.search(text) for co_term in self.requires[index])
                if not required:
                    break
                negated = negation is not None and rule.negatable and negation.negates(text, begin)
                if negated:
                    if end > negated_until:  # a shorter match inside a negated one: recorded once
                        found.append(_Match(rule, begin, end, True))
                        negated_until = end
                    position = begin + 1
                    continue
                found.append(_Match(rule, begin, end, False))
                position = end
        return _merge(found)

    def _excluded(self, text: str, start: int, end: int) -> bool:
        """Whether an exclusion match overlaps text[start:end].

        Searched in a window around the cue, not the whole paragraph: exclusions are
        phrases, far shorter than the window, and a paragraph can be thousands of characters.
        """
        if self.excludes is None:
            return False
        window_start = max(0, start - _EXCLUSION_REACH)
        for excluded in self.excludes.finditer(text, window_start, end + _EXCLUSION_REACH):
            if excluded.start() >= end:
                return False
            if excluded.end() > start:
                return True
        return False

    def vetoed(self, text: str) -> bool:
        return self.vetoes is not None and self.vetoes.search(text) is not None


def _merge(matches: list[_Match]) -> list[_Match]:
    """Matches in text order; a match inside a negated one, or inside one of the same
    polarity, is dropped ("竞赛" inside a negated "军备竞赛" is the same denied cue)."""
    if len(matches) < 2:
        return matches
    kept: list[_Match] = []
    for match in sorted(matches, key=lambda m: (m.start, -m.end, not m.negated)):
        if not any(
            (k.negated or k.negated == match.negated) and k.start <= match.start and match.end <= k.end
            for k in kept
        ):
            kept.append(match)
    return kept


def _alternation(rules: Sequence[Rule]) -> re.Pattern[str] | None:
    if not rules:
        return None
    return re.compile("|".join(f"(?:{rule.pattern})" for rule in rules), _FLAGS)


def _identity(text: str) -> str:
    return text


@dataclass(frozen=True)
class _Language:
    code: str
    scope: CompiledRules
    frames: tuple[CompiledRules, ...]
    areas: tuple[CompiledRules, ...]
    negation: Negation
    # Chinese lexicons are simplified; the normalised text has the same offsets.
    normalize: Callable[[str], str]
    # Frames that accept only some scope rules (lexicon `scope:`), with those rules.
    frame_scopes: Mapping[str, CompiledRules]
    # Every atom of the frames and areas: one scan tells which rules can match.
    atom_index: AtomIndex
    requirements: RequirementTable  # the needs of every rule set, frames then areas, in order


class Detector:
    """Frames and policy areas of sentences, from lexicons compiled once.

    Build it once (`Detector()` for the packaged lexicons, `Detector.from_directory(path)`
    for edited copies) and reuse it: compiling checks every pattern (scope terms also under
    RE2). `detect` analyses one sentence; `detect_many` gives the same results for a batch
    and is the one to use on a corpus.

    Scope: the codebook puts a sentence in scope when it or its paragraph concerns AI.
    The sentence is part of its paragraph, so when a paragraph is given as `context` it
    alone decides; a sentence given without context decides for itself. `scope_from`
    still tells whether the sentence itself names the technology.
    """

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon if lexicon is not None else load_lexicon()
        self._languages: dict[str, _Language] = {}
        for code in LANGUAGES:
            rules = self.lexicon.language(code)
            frame_scopes = {
                frame.code: CompiledRules.compile(
                    RuleSet(
                        kind="scope",
                        code=frame.code,
                        rules=tuple(r for r in rules.scope.rules if r.id in frame.scope_rules),
                        excludes=rules.scope.excludes,
                    )
                )
                for frame in rules.frames
                if frame.scope_rules
            }
            frames = tuple(CompiledRules.compile(frame) for frame in rules.frames)
            areas = tuple(CompiledRules.compile(area) for area in rules.areas)
            self._languages[code] = _Language(
                code=code,
                scope=CompiledRules.compile(rules.scope, with_re2=True),
                frames=frames,
                areas=areas,
                negation=Negation.compile(rules.negation),
                normalize=to_simplified if code == "zh" else _identity,
                frame_scopes=MappingProxyType(frame_scopes),
                atom_index=AtomIndex(
                    atom
                    for rule_set in (*frames, *areas)
                    for need in rule_set.all_needs()
                    if need
                    for atoms in need
                    for atom in atoms
                ),
                requirements=RequirementTable(
                    [need for rule_set in (*frames, *areas) for need in rule_set.all_needs()]
                ),
            )
        # Sentences of one paragraph share its context: its scope is searched once.
        self._context_memo: dict[tuple[str, str, str], str] = {}

    @classmethod
    def from_directory(cls, directory: str | os.PathLike[str] | Traversable) -> Detector:
        return cls(load_lexicon(directory))

    def __reduce__(self) -> tuple[type[Detector], tuple[Lexicon]]:
        # Workers of a process pool get the lexicon and compile it themselves: compiled
        # patterns are recompiled on unpickling anyway, and the memo is only a cache.
        return (Detector, (self.lexicon,))

    @property
    def frame_codes(self) -> tuple[str, ...]:
        return tuple(frame.code for frame in self._languages["en"].frames)

    def detect(self, text: str, *, context: str = "", language: str = "en") -> FrameDetection:
        """Frames and policy areas of the sentence `text`.

        `context` is the paragraph the sentence stands in (it must contain the sentence);
        `language` is "en" or "zh" (variants such as "zh-Hant" are accepted; traditional
        characters are matched on their simplified form).
        """
        lang = self._language(language)
        normalized = lang.normalize(text)
        if context:
            context_cue = self._context_cue(lang, lang.scope, "", context)
            if not context_cue:
                return OUT_OF_SCOPE
            sentence_cue = _first_cue(lang.scope, normalized)
            scope = (sentence_cue, "sentence") if sentence_cue else (context_cue, "context")
        else:
            sentence_cue = _first_cue(lang.scope, normalized)
            if not sentence_cue:
                return OUT_OF_SCOPE
            scope = (sentence_cue, "sentence")
        return self._analyse(lang, text, normalized, context, scope)

    def detect_many(
        self,
        texts: Sequence[str],
        contexts: Sequence[str] | None = None,
        languages: str | Sequence[str] = "en",
    ) -> tuple[FrameDetection, ...]:
        """`detect` for each sentence, with the same results, much faster on large batches.

        `contexts[i]` is the paragraph holding `texts[i]`; pass the same string object for
        the sentences of one paragraph (paragraphs are told apart by identity), and batches
        of thousands of sentences: each call compiles the RE2 prefilter once.
        """
        if contexts is not None and len(contexts) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(contexts)} contexts; give one context per text")
        if isinstance(languages, str):
            codes = [self._language(languages).code] * len(texts)
        else:
            if len(languages) != len(texts):
                raise ValueError(f"{len(texts)} texts but {len(languages)} languages; give one per text")
            # Resolved once per distinct language, not once per sentence.
            code_of = {language: self._language(language).code for language in dict.fromkeys(languages)}
            codes = [code_of[language] for language in languages]
        results: list[FrameDetection] = [OUT_OF_SCOPE] * len(texts)
        present = set(codes)
        for code, lang in self._languages.items():
            if code in present:
                indices: Sequence[int] = (
                    range(len(texts)) if len(present) == 1 else [i for i, c in enumerate(codes) if c == code]
                )
                self._detect_batch(lang, texts, contexts, indices, results)
        return tuple(results)

    def _detect_batch(
        self,
        lang: _Language,
        texts: Sequence[str],
        contexts: Sequence[str] | None,
        indices: Sequence[int],
        results: list[FrameDetection],
    ) -> None:
        """RE2 finds the paragraphs that may be in scope; Python confirms; only their
        sentences are analysed. Out-of-scope sentences cost one dictionary lookup."""
        normalize = lang.normalize
        paragraph_of: Sequence[str] = (
            [""] * len(indices)
            if contexts is None
            else contexts
            if isinstance(indices, range)
            else [contexts[i] for i in indices]
        )
        # Paragraphs are told apart by identity: hashing millions of long strings would cost
        # more than the whole scope check.
        ids = list(map(id, paragraph_of))
        unique = dict(zip(ids, paragraph_of, strict=True))
        unique.pop(id(""), None)
        paragraphs = [paragraph for paragraph in unique.values() if paragraph]
        normalized_paragraphs = [normalize(p) for p in paragraphs]
        hints = prefilter.first_match(normalized_paragraphs, lang.scope.re2)
        cue_of: dict[int, str] = {}
        for paragraph, normalized, hint in zip(paragraphs, normalized_paragraphs, hints, strict=True):
            if hint >= 0:
                cue = self._context_cue(lang, lang.scope, "", paragraph, normalized, hint)
                if cue:
                    cue_of[id(paragraph)] = cue
        in_scope: list[tuple[int, str]] = [
            (i, cue_of[key]) for i, key in zip(indices, ids, strict=True) if key in cue_of
        ]
        # Sentences without a paragraph decide their own scope.
        alone = [i for i, paragraph in zip(indices, paragraph_of, strict=True) if not paragraph]
        if alone:
            hints = prefilter.first_match([normalize(texts[i]) for i in alone], lang.scope.re2)
            in_scope.extend((i, "") for i, hint in zip(alone, hints, strict=True) if hint >= 0)
        if not in_scope:
            return

        normalized_texts = [normalize(texts[i]) for i, _ in in_scope]
        # Where the scope's RE2 pattern first matches: the Python search starts there.
        scope_hints = (
            prefilter.first_match(normalized_texts, lang.scope.re2)
            if len(in_scope) >= _PREFILTER_MIN_BATCH
            else [0] * len(in_scope)
        )
        for k, ((i, context_cue), normalized) in enumerate(zip(in_scope, normalized_texts, strict=True)):
            sentence_cue = _first_cue(lang.scope, normalized, scope_hints[k]) if scope_hints[k] >= 0 else ""
            if sentence_cue:
                scope = (sentence_cue, "sentence")
            elif context_cue:
                scope = (context_cue, "context")
            else:
                continue  # a sentence alone that RE2 flagged and Python did not confirm
            context = contexts[i] if contexts is not None else ""
            results[i] = self._analyse(lang, texts[i], normalized, context, scope)

    def _language(self, language: str) -> _Language:
        code = language.lower()
        code = "zh" if code.startswith("zh") else "en" if code.startswith("en") else code
        lang = self._languages.get(code)
        if lang is None:
            raise UnsupportedLanguageError(
                f"no frame lexicon for language {language!r}; supported: {', '.join(self._languages)}"
            )
        return lang

    def _context_cue(
        self,
        lang: _Language,
        scope: CompiledRules,
        frame: str,
        context: str,
        normalized: str | None = None,
        hint: int = 0,
    ) -> str:
        """The first scope cue of a paragraph (memoised: its sentences come one by one).

        `hint` is where RE2 found its first match: no Python match starts before it.
        """
        key = (lang.code, frame, context)
        cue = self._context_memo.get(key)
        if cue is None:
            text = normalized if normalized is not None else lang.normalize(context)
            cue = _first_cue(scope, text, hint)
            if len(self._context_memo) >= _CONTEXT_MEMO_LIMIT:
                self._context_memo.clear()
            self._context_memo[key] = cue
        return cue

    def _frame_in_scope(self, lang: _Language, frame: str, normalized: str, context: str) -> bool:
        """Whether a frame with its own scope rules (lexicon `scope:`) is in scope."""
        scope = lang.frame_scopes.get(frame)
        if scope is None:
            return True
        if context:
            return bool(self._context_cue(lang, scope, frame, context))
        return bool(_first_cue(scope, normalized))

    def _analyse(
        self,
        lang: _Language,
        text: str,
        normalized: str,
        context: str,
        scope: tuple[str, str],
    ) -> FrameDetection:
        found: list[str] = []
        kept: list[_Match] = []
        kept_codes: list[str] = []
        negated: list[tuple[str, _Match]] = []
        holding = lang.requirements.holding(lang.atom_index.present(normalized.lower()))
        offset = 0
        for frame in lang.frames:
            width = len(frame.needs) + len(frame.exclude_needs)
            frame_holding, offset = holding[offset : offset + width], offset + width
            if not any(frame_holding[: len(frame.needs)]):
                continue
            matches = frame.find(normalized, lang.negation, holding=frame_holding)
            negated.extend((frame.code, m) for m in matches if m.negated)
            cues = [m for m in matches if not m.negated]
            if (
                cues
                and not frame.vetoed(normalized)
                and self._frame_in_scope(lang, frame.code, normalized, context)
            ):
                found.append(frame.code)
                kept.extend(cues)
                kept_codes.extend([frame.code] * len(cues))
        areas: list[str] = []
        if _AREA_FRAMES.intersection(found):
            for area in lang.areas:
                width = len(area.needs) + len(area.exclude_needs)
                area_holding, offset = holding[offset : offset + width], offset + width
                cues = area.find(normalized, None, holding=area_holding) if any(area_holding) else []
                if cues:
                    areas.append(area.code)
                    kept.extend(cues)
                    kept_codes.extend([area.code] * len(cues))
            if not areas:
                areas.append(FALLBACK_AREA)
        before = _text_before(text, context) if kept or negated else ""
        return FrameDetection(
            frames=tuple(found),
            policy_areas=tuple(areas),
            evidence=tuple(
                _evidence(code, m, text, before) for code, m in zip(kept_codes, kept, strict=True)
            ),
            in_scope=True,
            negated=tuple(_evidence(code, m, text, before) for code, m in negated),
            scope_cue=scope[0],
            scope_from=scope[1],
        )


def _first_cue(scope: CompiledRules, text: str, start: int = 0) -> str:
    return scope.first_cue(text, start)


def _text_before(text: str, context: str) -> str:
    """The paragraph's text before the sentence: a quotation may open there."""
    position = context.find(text) if context and text else -1
    return context[:position] if position > 0 else ""


def _evidence(code: str, match: _Match, text: str, before: str) -> Evidence:
    return Evidence(
        frame_or_area=code,
        cue=text[match.start : match.end],
        start=match.start,
        end=match.end,
        rule=match.rule.id,
        quoted=inside_quotation(before + text[: match.start]),
    )


@cache
def default_detector() -> Detector:
    """The detector of the packaged lexicons, built on first use."""
    return Detector()


def detect(text: str, *, context: str = "", language: str = "en") -> FrameDetection:
    """Frames and policy areas of one sentence with the packaged lexicons (see Detector.detect)."""
    return default_detector().detect(text, context=context, language=language)
