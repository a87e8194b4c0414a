"""YAML front matter: the header between `---` lines at the top of a Markdown or text file.

Most headers are flat `key: value` lines with plain, single- or double-quoted scalars
(the wh-briefings corpus writes nothing else). Over its 14,396 headers a small parser of
that subset takes 0.19 s, libyaml 0.35 s (CBaseLoader) to 0.50 s (CSafeLoader), and
`yaml.safe_load` 4.2 s: the header is the costliest part of reading a file. Anything
outside the subset (lists, nested mappings, block scalars, anchors, tags, comments
inside values, odd escapes) goes to PyYAML, which also decides what is malformed. Values
are kept as written (strings; PyYAML's BaseLoader resolves no types either), so a date
stays `2025-05-22`, not a `datetime`; both parsers give the same fields.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import yaml

from tracktwo.narrative.errors import NarrativeError

# libyaml when PyYAML was built with it; the pure-Python loader otherwise.
_YAML_LOADER: type[yaml.BaseLoader | yaml.CBaseLoader] = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_KEY_LINE = re.compile(r"([A-Za-z0-9_][\w.-]*(?: [\w.-]+)*):(?:[ \t]+(.*))?$")
_WHITE = " \t"
# One-line entries with a value that needs no folding or unescaping: most header lines.
_SIMPLE_LINE = re.compile(
    r"""([A-Za-z0-9_][\w.-]*):[ ]+"""
    r"""(?:'([^'\n]*)'|"([^"\\\n]*)"|([^\s'"#&*!|>%@`\[\]{},?:-](?:[^:#\n]+|:(?=[^ \t])|(?<=[^ \t])#)*))$"""
)
# Characters that start something other than a plain scalar (flow collections, block
# scalars, anchors, aliases, tags, comments, directives, reserved).
_NOT_PLAIN = frozenset("[]{}|>&*!%@`#,")
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.|$)", re.DOTALL)
_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
    "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_DOUBLE_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"', re.DOTALL)
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'")

EMPTY_FIELDS: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class FrontMatter:
    """`fields`: every key with its value as written; `body_start`: offset of the first
    character after the closing `---` line (0 when the text has no front matter)."""

    fields: Mapping[str, str]
    body_start: int


NO_FRONT_MATTER = FrontMatter(EMPTY_FIELDS, 0)


class FrontMatterError(NarrativeError):
    """The text opens a front matter block that is not closed or not valid YAML."""


def split_front_matter(text: str) -> FrontMatter:
    """The front matter at the top of `text` (after an optional byte-order mark).

    As in Pandoc, an opening `---` followed by a blank line is a thematic break, not a
    header. Raises FrontMatterError for a header that is never closed or not a mapping.
    """
    start = 1 if text.startswith("\ufeff") else 0
    if not text.startswith("---", start):
        return NO_FRONT_MATTER
    line_end = text.find("\n", start)
    if line_end < 0 or text[start + 3 : line_end].strip(_WHITE):
        return NO_FRONT_MATTER
    next_end = text.find("\n", line_end + 1)
    if not text[line_end + 1 : next_end if next_end >= 0 else len(text)].strip(_WHITE):
        return NO_FRONT_MATTER
    closing = _CLOSING.search(text, line_end + 1)
    if closing is None:
        raise FrontMatterError("front matter opened by '---' on line 1 is never closed by a '---' line")
    block = text[line_end + 1 : closing.start()]
    body_start = closing.end() + 1 if closing.end() < len(text) else closing.end()
    fields = _parse_flat(block)
    if fields is None:
        fields = _parse_yaml(block, first_line=2)
    return FrontMatter(MappingProxyType(fields), body_start)


def _parse_yaml(block: str, first_line: int) -> dict[str, str]:
    try:
        loaded = yaml.load(block, Loader=_YAML_LOADER)  # BaseLoader builds only str, list and dict
    except yaml.YAMLError as exc:
        raise FrontMatterError(f"front matter is not valid YAML: {_yaml_problem(exc, first_line)}") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise FrontMatterError(
            f"front matter must be 'key: value' lines, found a YAML {type(loaded).__name__}"
        )
    return {str(key): _as_text(value) for key, value in loaded.items()}


def _yaml_problem(exc: yaml.YAMLError, first_line: int) -> str:
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        problem = exc.problem or exc.context or "syntax error"
        return f"{problem} (line {exc.problem_mark.line + first_line} of the file)"
    return str(exc)


def _as_text(value: object) -> str:
    if isinstance(value, str):
        return value
    # Lists and mappings (tags, authors) keep their structure in a readable, parseable form.
    return json.dumps(value, ensure_ascii=False)


def _parse_flat(block: str) -> dict[str, str] | None:
    """Fields of a header made only of `key: scalar` entries, or None to defer to PyYAML."""
    fields: dict[str, str] = {}
    lines = block.split("\n")
    i, count = 0, len(lines)
    while i < count:
        line = lines[i]
        if not line.strip(_WHITE) or line.startswith("#"):
            i += 1
            continue
        if i + 1 == count or lines[i + 1][:1] not in ("", " ", "\t"):
            simple = _SIMPLE_LINE.match(line)
            if simple is not None:
                single, double, plain = simple.group(2, 3, 4)
                if single is not None:
                    fields[simple[1]] = single
                elif double is not None:
                    fields[simple[1]] = double
                else:
                    fields[simple[1]] = plain.rstrip(_WHITE)
                i += 1
                continue
        match = _KEY_LINE.match(line)
        if match is None:
            return None
        j = i + 1
        while j < count and (lines[j].startswith(" ") or not lines[j].strip(_WHITE)):
            j += 1
        end = j
        while end > i + 1 and not lines[end - 1].strip(_WHITE):
            end -= 1
        value = _scalar(match[2] or "", lines[i + 1 : end])
        if value is None:
            return None
        fields[match[1]] = value
        i = j
    return fields


def _scalar(first: str, continuation: list[str]) -> str | None:
    first = first.rstrip(_WHITE) if not continuation else first
    if not first.strip(_WHITE):
        return None if continuation else ""
    head = first[0]
    if head == "'":
        return _single_quoted("\n".join([first, *continuation]))
    if head == '"':
        return _double_quoted("\n".join([first, *continuation]))
    if head in _NOT_PLAIN or (head in "-?:" and (len(first) == 1 or first[1] in _WHITE)):
        return None
    return _plain([first, *continuation])


def _plain(lines: list[str]) -> str | None:
    segments = [line.strip(_WHITE) for line in lines]
    for segment in segments:
        # ': ' and ' #' change the meaning of a plain scalar (a nested key, a comment).
        if ": " in segment or segment.endswith(":") or " #" in segment or "\t#" in segment:
            return None
    if len(segments) > 1 and any(s[:1] in "-?:#[]{},'\"" for s in segments[1:] if s):
        return None
    return _fold(segments)


def _single_quoted(raw: str) -> str | None:
    match = _SINGLE_QUOTED.match(raw)
    if match is None or not _only_comment(raw[match.end() :]):
        return None
    return _fold(_trimmed_lines(match[1])).replace("''", "'")


def _double_quoted(raw: str) -> str | None:
    match = _DOUBLE_QUOTED.match(raw)
    if match is None or not _only_comment(raw[match.end() :]):
        return None
    content = match[1]
    if "\\" not in content:
        return _fold(_trimmed_lines(content))
    lines = content.split("\n")
    joined: list[str] = []
    carry: str | None = None  # a line ended by an escaped line break, joined to the next
    for index, line in enumerate(lines):
        if carry is not None:
            if not line.strip(_WHITE):
                return None  # an escaped break followed by blank lines: rare, let PyYAML fold it
            line = carry + line.lstrip(_WHITE)
            carry = None
        is_last = index == len(lines) - 1
        stripped = line.rstrip(_WHITE)
        if not is_last and _odd_backslashes(stripped):
            if stripped != line:
                return None  # an escaped space or tab at the end of a line
            carry = line[:-1]
            continue
        joined.append(line)
    if carry is not None:
        return None
    folded = _fold([_trim(line, index, len(joined)) for index, line in enumerate(joined)])
    try:
        return _ESCAPE.sub(_unescape, folded)
    except ValueError:
        return None


def _unescape(match: re.Match[str]) -> str:
    code = match[1]
    if len(code) > 1:
        return chr(int(code[1:], 16))
    if code in _ESCAPES:
        return _ESCAPES[code]
    raise ValueError(f"unknown escape \\{code}")


def _odd_backslashes(line: str) -> bool:
    return (len(line) - len(line.rstrip("\\"))) % 2 == 1


def _only_comment(rest: str) -> bool:
    """Whether what follows a closing quote is only white space or a comment, on its line
    and on any continuation lines (more text there would make it another YAML node)."""
    first, _, others = rest.partition("\n")
    stripped = first.strip(_WHITE)
    if stripped and not (stripped.startswith("#") and first[:1] in _WHITE):
        return False
    return not others.strip(_WHITE + "\n")


def _trimmed_lines(content: str) -> list[str]:
    lines = content.split("\n")
    return [_trim(line, index, len(lines)) for index, line in enumerate(lines)]


def _trim(line: str, index: int, count: int) -> str:
    """YAML drops white space around line breaks inside a flow scalar, not at its ends."""
    if index > 0:
        line = line.lstrip(_WHITE)
    if index < count - 1:
        line = line.rstrip(_WHITE)
    return line


def _fold(segments: list[str]) -> str:
    """YAML line folding: one line break becomes a space, n blank lines become n newlines."""
    if len(segments) == 1:
        return segments[0]
    parts = [segments[0]]
    blank = 0
    for segment in segments[1:-1]:
        if not segment:
            blank += 1
            continue
        parts.append("\n" * blank if blank else " ")
        parts.append(segment)
        blank = 0
    parts.append("\n" * blank if blank else " ")
    parts.append(segments[-1])
    return "".join(parts)
