"""Literal atoms of a pattern: strings of which every match must contain one.

Why: Python's `re` runs a case-insensitive alternation of dozens of rules at every
position of a sentence, about 1-2 MB/s for the `race` frame. A case-sensitive
alternation of plain literals, searched on the lower-cased sentence, takes the engine's
fast path and costs about a microsecond. So each frame is searched in full only when one
of its atoms occurs: "race", "lead", "dominan"... (the idea of RE2's and code search's
prefilters, on Python's own parse of the pattern).

A pattern's requirement is a conjunction: for `\\bwin\\s+the\\s+race\\b` every match holds
"win", "the" and "race"; for an alternation, one atom of the union. It is a necessary
condition, never a sufficient one, and a pattern whose atoms cannot be determined (say,
a rule made only of `\\w+`) is always searched: results never depend on this module,
only speed does.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

# The parser of the `re` module (private, but stable since Python 3.11 and what `re`
# itself uses); typeshed has no stub for it, hence the untyped import.
_parser: Any = importlib.import_module("re._parser")

_MAX_EXACT = 64  # largest set of alternative strings tracked exactly before giving up


@dataclass(frozen=True)
class _Exact:
    """The sub-pattern matches exactly one of these (lower-cased) strings."""

    strings: frozenset[str]


@dataclass(frozen=True)
class _Contains:
    """Every match of the sub-pattern contains one of these (lower-cased) strings."""

    atoms: frozenset[str]


_Info = _Exact | _Contains | None  # None: nothing known


Requirement = tuple[frozenset[str], ...]  # each set: one of its atoms must occur


def requirement(pattern: str, flags: int = re.IGNORECASE | re.ASCII) -> Requirement | None:
    """What every match of `pattern` contains, as lower-case literals: one atom of each set.

    None when nothing is known (then the pattern must always be searched).
    """
    parsed = _parser.parse(pattern, flags)
    sets = _conjunction(parsed)
    return tuple(sets) if sets else None


def satisfied(requirement: Requirement | None, present: AbstractSet[str]) -> bool:
    """Whether the atoms `present` in a text allow a match of a pattern with this requirement."""
    return requirement is None or all(not present.isdisjoint(atoms) for atoms in requirement)


class RequirementTable:
    """Many requirements checked at once: which of them do the atoms of a text satisfy?

    Each distinct atom set gets a number; a text's atoms give the numbers of the sets
    they meet, and a requirement holds when all its numbers are among them, a subset
    test done in C. Why: a sentence is checked against every rule of every frame.
    """

    def __init__(self, requirements: Sequence[Requirement | None]) -> None:
        numbers: dict[frozenset[str], int] = {}
        self._needs: list[frozenset[int]] = []
        for need in requirements:
            ids = (
                frozenset(numbers.setdefault(atoms, len(numbers)) for atoms in need) if need else frozenset()
            )
            self._needs.append(ids)
        by_atom: dict[str, set[int]] = {}
        for atoms, number in numbers.items():
            for atom in atoms:
                by_atom.setdefault(atom, set()).add(number)
        self._by_atom = {atom: frozenset(ids) for atom, ids in by_atom.items()}

    def holding(self, present: AbstractSet[str]) -> list[bool]:
        """For each requirement, in order, whether `present` satisfies it."""
        met = frozenset().union(*(self._by_atom.get(atom, frozenset()) for atom in present))
        return [need <= met for need in self._needs]


class AtomIndex:
    """Finds which of a set of atoms occur in a lower-cased text, in one scan.

    The atoms are compiled into a trie-shaped alternation searched from every position
    where an atom starts; it reports the longest atom starting there, and the atoms that
    are prefixes of it (which start there too) come from a table made once.
    """

    def __init__(self, atoms: Iterable[str]) -> None:
        words = sorted({atom for atom in atoms if atom})
        self._pattern = re.compile(_trie(words)) if words else None
        self._prefixes = {word: frozenset(w for w in words if word.startswith(w)) for word in words}

    def present(self, lowered: str) -> frozenset[str]:
        if self._pattern is None:
            return frozenset()
        # A search from every start of an atom, not finditer: atoms may overlap ("race"
        # inside "embrace" after "emb"...), and a plain literal alternation lets the engine
        # skip in C to the next possible first character.
        longest: set[str] = set()
        search = self._pattern.search
        position = 0
        while (match := search(lowered, position)) is not None:
            longest.add(match.group())
            position = match.start() + 1
        return frozenset().union(*(self._prefixes[word] for word in longest))


def _trie(words: Sequence[str]) -> str:
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Greedy: the longest atom along the path wins, shorter ones are its prefixes.
        return "(?:" + body + ")?" if "" in node else body

    return build(root)


def _conjunction(items: Iterable[tuple[Any, Any]]) -> list[frozenset[str]]:
    """All atom sets a sequence's matches must contain (each set a disjunction)."""
    info, candidates = _sequence_parts(items)
    if isinstance(info, _Exact):
        found = _atoms_of(info)
        return [found] if found is not None else []
    return candidates


def _atoms_of(info: _Info) -> frozenset[str] | None:
    if isinstance(info, _Exact):
        return None if "" in info.strings else info.strings
    if isinstance(info, _Contains):
        return info.atoms
    return None


def _best(candidates: Sequence[frozenset[str]]) -> frozenset[str] | None:
    """The most selective atom set: longest shortest atom, then fewest atoms."""
    if not candidates:
        return None
    return max(candidates, key=lambda a: (min(len(s) for s in a), -len(a)))


def _sequence(items: Iterable[tuple[Any, Any]]) -> _Info:
    info, candidates = _sequence_parts(items)
    if isinstance(info, _Exact):
        return info
    best = _best(candidates)
    return _Contains(best) if best is not None else None


def _sequence_parts(items: Iterable[tuple[Any, Any]]) -> tuple[_Info, list[frozenset[str]]]:
    """(exact strings if the whole sequence is exact, else None; the atom sets found)."""
    product: set[str] = {""}
    candidates: list[frozenset[str]] = []
    exact = True

    def flush() -> None:
        nonlocal product
        if "" not in product:
            candidates.append(frozenset(product))
        product = {""}

    for op, av in items:
        info = _node(str(op), av)
        if isinstance(info, _Exact) and len(product) * len(info.strings) <= _MAX_EXACT:
            product = {a + b for a in product for b in info.strings}
            continue
        exact = False
        flush()
        if (found := _atoms_of(info)) is not None:
            candidates.append(found)
        if isinstance(info, _Exact):
            product = set(info.strings)
    if exact:
        return _Exact(frozenset(product)), []
    flush()
    return None, candidates


def _node(op: str, av: Any) -> _Info:
    if op == "LITERAL":
        return _Exact(frozenset({chr(av).lower()}))
    if op == "IN":
        chars = _small_class(av)
        return _Exact(chars) if chars is not None else None
    if op in ("AT", "ASSERT", "ASSERT_NOT"):
        return _Exact(frozenset({""}))  # zero-width: adds nothing to a match
    if op == "SUBPATTERN":
        return _sequence(av[-1])
    if op == "BRANCH":
        infos = [_sequence(alternative) for alternative in av[1]]
        if all(isinstance(info, _Exact) for info in infos):
            union = frozenset().union(*(info.strings for info in infos if isinstance(info, _Exact)))
            if len(union) <= _MAX_EXACT:
                return _Exact(union)
        each = [_atoms_of(info) for info in infos]
        if all(found is not None for found in each):
            return _Contains(frozenset().union(*(found for found in each if found is not None)))
        return None
    if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, high, item = av
        inner = _sequence(item)
        if low == high == 1:
            return inner
        if low == 0:
            return None
        found = _atoms_of(inner)
        return _Contains(found) if found is not None else None
    return None  # any character, categories, back-references: nothing known


def _small_class(av: Any) -> frozenset[str] | None:
    """The characters of a small character class of literals, or None."""
    chars: set[str] = set()
    for op, value in av:
        name = str(op)
        if name == "LITERAL":
            chars.add(chr(value).lower())
        elif name == "RANGE" and value[1] - value[0] < 8:
            chars.update(chr(code).lower() for code in range(value[0], value[1] + 1))
        else:
            return None
    return frozenset(chars) if chars else None
