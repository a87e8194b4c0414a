"""Corpus-scale prefilter: the scope terms run over whole batches of paragraphs with RE2.

Why: Python's `re` tries every branch of an alternation at every position; on the
140 M-character briefing corpus the AI-scope alternation alone takes several seconds per
pass, which would spend the whole time budget. Arrow's compute kernels run RE2 (a
linear-time automaton) over a whole array of strings at several hundred MB/s. The
prefilter only says where a paragraph *may* match first; the Python patterns then
decide from there, so the result is identical to analysing each sentence alone.

For that identity each RE2 pattern must match every string its Python twin matches. The
English patterns are compiled in Python with re.ASCII, so \\b, \\w and \\d agree with RE2;
RE2's case folding is a superset of ASCII folding; only \\s differs (RE2 lacks \\v), which
`to_re2` widens.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa
import pyarrow.compute as pc

from tracktwo.narrative.errors import LexiconError

_RE2_SPACE = "\\t\\n\\v\\f\\r "


def to_re2(pattern: str) -> str:
    """Rewrite a Python pattern so that RE2 matches at least what Python matches."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            escape = pattern[i : i + 2]
            if escape == "\\s":
                out.append(_RE2_SPACE if in_class else "[" + _RE2_SPACE + "]")
            else:
                out.append(escape)
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            # A ']' right after '[' or '[^' is a literal, not the end of the class.
            if pattern.startswith("^", i + 1):
                out.append("^")
                i += 1
            if pattern.startswith("]", i + 1):
                out.append("]")
                i += 1
        elif char == "]" and in_class:
            in_class = False
            out.append(char)
        else:
            out.append(char)
        i += 1
    return "".join(out)


def union(patterns: Sequence[str]) -> str:
    """One case-insensitive RE2 alternation of Python patterns."""
    return "(?i)" + "|".join("(?:" + to_re2(pattern) + ")" for pattern in patterns)


def check(pattern: str, where: str) -> None:
    """Raise LexiconError when RE2 cannot compile the RE2 form of a Python pattern."""
    try:
        pc.match_substring_regex(pa.array([""], pa.large_string()), pattern="(?i)" + to_re2(pattern))
    except pa.ArrowException as exc:  # RE2 rejects a pattern as invalid or as unsupported syntax
        raise LexiconError(
            f"{where}: the pattern must also compile under RE2, which the corpus-scale prefilter uses"
            f" (no look-around or back-references): {exc}"
        ) from exc


def first_match(strings: Sequence[str], re2_pattern: str) -> list[int]:
    """For each string, where the RE2 pattern first matches (a character offset), or -1."""
    return first_matches(strings, [re2_pattern])[0]


def first_matches(strings: Sequence[str], re2_patterns: Sequence[str]) -> list[list[int]]:
    """`first_match` for several patterns, copying the strings into Arrow once."""
    if not strings:
        return [[] for _ in re2_patterns]
    array = pa.array(strings, pa.large_string())
    results = []
    for pattern in re2_patterns:
        found = pc.find_substring_regex(array, pattern=pattern)
        offsets: list[int] = found.to_pylist()
        # Arrow counts UTF-8 bytes, Python characters: convert where they can differ.
        for k in pc.indices_nonzero(pc.greater(found, 0)).to_pylist():
            if not strings[k].isascii():
                offsets[k] = len(strings[k].encode("utf-8")[: offsets[k]].decode("utf-8"))
        results.append(offsets)
    return results
