"""Aggregation: the answers a user of the narrative analysis came for.

Tables in (the `sentences`, `documents` and `quotes` tables of a run), one frozen
`NarrativeSummary` out; `summary_to_json` turns it into `summary.json`. Definitions (the
report's methods note quotes them):

- **In-scope sentences** are the denominators. When the sentences table has a boolean
  `in_scope` column it is used; otherwise a sentence is in scope when it carries at least
  one frame (the detector gives frames only to sentences about AI, so this is a
  conservative proxy: in-scope sentences with no frame are left out).
- **Race rate of a group** (sector, country) = the group's in-scope sentences carrying
  `race` / the group's in-scope sentences. **Race share of a group** = the group's race
  sentences / all race sentences. The industry share of the race narrative is the
  `industry` row of the latter, also given among race sentences whose sector is known.
- **Deregulation with race**, per policy area (and `any` area): P(dereg | race) against
  the base rate P(dereg | in scope, not race). A sentence's policy areas are those of the
  sentence (the table does not tie an area to one frame). Two measures: the same sentence
  carries deregulation; or any sentence of the same paragraph (same `source` and
  `paragraph`, the sentence itself included) does.
- **Lift** = P(dereg | race) / P(dereg | not race); its interval is the Katz log
  interval, exp(log lift ± z · se) with se² = 1/x1 − 1/n1 + 1/x0 − 1/n0, with 0.5 added to
  both success counts and 1 to both totals when either count is zero (the point estimate
  stays the raw ratio: infinite when only the base rate is 0). With both counts 0, or an
  empty group, the ratio is NaN and the interval [0, ∞] ("nothing is known").
- **Intervals** of shares are two-sided Wilson score intervals at `confidence` (0.90 by
  default). They treat sentences as independent draws; sentences of one document are not,
  so the intervals are optimistic for corpora dominated by a few long documents.
- **Months** are the first seven characters of a sentence's (or document's) `date` when
  it reads YYYY-MM; anything else is counted under `undated`, listed last.
- **Narrators** of race are the (speaker, sector, country) of race sentences with a speaker
  or an organisation, by count, with up to three examples each, the most frequent
  organisation and the names as printed. The speaker is the sentence's `person` where the
  pipeline knew who it is (registry, title holders by date): "THE PRESIDENT" in 2023,
  "President Biden" and "Joe Biden" are one narrator, Joe Biden, and "THE PRESIDENT" in 2025
  another, Donald Trump.
- **Examples** are kept once in `NarrativeSummary.examples`; figures refer to them by
  index. Chosen deterministically: ordered by (source, start), one per document first.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from tracktwo.consensus.strata import proportion_interval, z_value

Measure = Literal["sentence", "paragraph"]
BoolArray = npt.NDArray[np.bool_]

TREND_FRAMES: tuple[str, ...] = ("race", "safety", "cooperation", "deregulation")
POLICY_AREAS: tuple[str, ...] = ("safety_evaluation", "lab_accountability", "bio_risk", "ip", "general")
ANY_AREA = "any"
UNDATED = "undated"
EXAMPLES_PER_FIGURE = 3
_MONTH = re.compile(r"^\d{4}-\d{2}")


@dataclass(frozen=True)
class Share:
    """count / total with its interval; `share` is NaN and the interval [0, 1] when total is 0."""

    count: int
    total: int
    share: float
    lower: float
    upper: float


@dataclass(frozen=True)
class Lift:
    """P(a | race) / P(a | not race) with its interval (NaN / infinite where undefined)."""

    ratio: float
    lower: float
    upper: float


@dataclass(frozen=True)
class Example:
    """One sentence shown as evidence; `cue_start` / `cue_end` index `text` (-1 when not found)."""

    source: str
    start: int
    end: int
    text: str
    cue: str
    cue_start: int
    cue_end: int
    label: str
    speaker: str | None
    organisation: str | None
    sector: str
    country: str


@dataclass(frozen=True)
class GroupRace:
    """Race framing within one sector or country."""

    group: str
    sentences: int
    rate: Share
    share_of_race: Share
    examples: tuple[int, ...]


@dataclass(frozen=True)
class CoOccurrence:
    """Deregulation (in one policy area, or `any`) with and without race framing."""

    area: str
    measure: Measure
    with_race: Share
    without_race: Share
    lift: Lift
    examples: tuple[int, ...]


@dataclass(frozen=True)
class MonthTrend:
    month: str
    documents: int
    sentences: int
    in_scope: int
    frames: tuple[tuple[str, Share], ...]

    def share(self, frame: str) -> Share:
        for name, value in self.frames:
            if name == frame:
                return value
        raise KeyError(frame)


@dataclass(frozen=True)
class Narrator:
    speaker: str | None  # the person where known (`PersonResolver`), else the name as printed
    organisation: str | None  # the most frequent one given with this speaker
    sector: str
    country: str
    count: int
    examples: tuple[int, ...]
    names: tuple[str, ...] = ()  # the names as printed, most frequent first


@dataclass(frozen=True)
class NarrativeSummary:
    confidence: float
    scope: Literal["in_scope", "framed"]
    n_documents: int
    n_sentences: int
    n_in_scope: int
    n_race: int
    n_quotes: int
    by_sector: tuple[GroupRace, ...]
    by_country: tuple[GroupRace, ...]
    industry_share: Share
    industry_share_known: Share
    deregulation: tuple[CoOccurrence, ...]
    trends: tuple[MonthTrend, ...]
    narrators: tuple[Narrator, ...]
    examples: tuple[Example, ...]

    def co_occurrence(self, area: str, measure: Measure) -> CoOccurrence:
        for row in self.deregulation:
            if row.area == area and row.measure == measure:
                return row
        raise KeyError((area, measure))


def share(count: int, total: int, confidence: float = 0.9) -> Share:
    lower, upper = proportion_interval(count, total, confidence)
    return Share(
        count=int(count),
        total=int(total),
        share=count / total if total else math.nan,
        lower=float(lower),
        upper=float(upper),
    )


def lift(x1: int, n1: int, x0: int, n0: int, confidence: float = 0.9) -> Lift:
    """Risk ratio (x1/n1) / (x0/n0) with the Katz log interval (see the module docstring)."""
    if n1 == 0 or n0 == 0 or x1 == x0 == 0:  # no ratio to estimate: nothing is known
        return Lift(math.nan, 0.0, math.inf)
    p1, p0 = x1 / n1, x0 / n0
    ratio = p1 / p0 if p0 > 0 else (math.inf if p1 > 0 else math.nan)
    a, b, c, d = float(x1), float(n1), float(x0), float(n0)
    if x1 == 0 or x0 == 0:
        a, b, c, d = a + 0.5, b + 1.0, c + 0.5, d + 1.0
    log_ratio = math.log((a / b) / (c / d))
    se = math.sqrt(max(1 / a - 1 / b + 1 / c - 1 / d, 0.0))
    z = z_value(confidence)
    return Lift(ratio, math.exp(log_ratio - z * se), math.exp(log_ratio + z * se))


# --- columns -------------------------------------------------------------------------------


def _strings(table: pa.Table, name: str, default: str | None = None) -> list[str | None]:
    if name not in table.column_names:
        return [default] * table.num_rows
    return [default if v is None else str(v) for v in table.column(name).to_pylist()]


def _labels(table: pa.Table, name: str) -> list[str]:
    return [_label(v) for v in _strings(table, name, "unknown")]


def _label(value: str | None) -> str:
    return str(value) if value else "unknown"


def _source(value: str | None) -> str:
    return "" if value is None else str(value)


def _categories(
    table: pa.Table, name: str, label: Callable[[str | None], str]
) -> tuple[list[str], npt.NDArray[np.int64]]:
    """The distinct labels of a string column, sorted, and each row's index into them.

    `label` turns a value (None for null or a missing column) into its label; values with
    the same label share it. Why: a column of a million rows has a few dozen distinct
    values, so they are labelled once each (Arrow's dictionary encoding) instead of per row.
    """
    n = table.num_rows
    if name not in table.column_names or n == 0:
        return ([label(None)] if n else []), np.zeros(n, dtype=np.int64)
    # encoded chunk by chunk, then joined: joining the strings first would copy the column
    # (a sentence's source, 110 MB over a corpus) only to hash it once
    encoded = pc.dictionary_encode(table.column(name)).combine_chunks()
    values = [label(None if v is None else str(v)) for v in encoded.dictionary.to_pylist()]
    values.append(label(None))  # the code of a null row: one past the dictionary
    present = values if encoded.null_count else values[:-1]
    labels = sorted(set(present))
    position = {value: i for i, value in enumerate(labels)}
    remap = np.array([position.get(value, -1) for value in values], dtype=np.int64)
    indices = np.asarray(pc.fill_null(encoded.indices, len(values) - 1), dtype=np.int64)
    return labels, remap[indices]


def _count_of(labels: Sequence[str], codes: npt.NDArray[np.int64], rows: BoolArray, value: str) -> int:
    """How many of `rows` have the label `value`."""
    if value not in labels:
        return 0
    return int(np.count_nonzero(rows & (codes == labels.index(value))))


def _has(table: pa.Table, column: str, value: str) -> BoolArray:
    """Rows whose list column `column` holds `value`."""
    flags = np.zeros(table.num_rows, dtype=np.bool_)
    if column not in table.column_names or table.num_rows == 0:
        return flags
    lists = table.column(column).combine_chunks()
    parents = np.asarray(pc.list_parent_indices(lists), dtype=np.int64)
    values = pc.list_flatten(lists)
    matches = np.asarray(pc.fill_null(pc.equal(values, value), False), dtype=np.bool_)
    flags[parents[matches]] = True
    return flags


def _any_frame(table: pa.Table) -> BoolArray:
    if "frames" not in table.column_names or table.num_rows == 0:
        return np.zeros(table.num_rows, dtype=np.bool_)
    lengths = pc.fill_null(pc.list_value_length(table.column("frames").combine_chunks()), 0)
    return np.asarray(lengths, dtype=np.int64) > 0


def _month(date: str | None) -> str:
    return date[:7] if date and _MONTH.match(date) else UNDATED


def _month_order(month: str) -> tuple[int, str]:
    return (1, "") if month == UNDATED else (0, month)


# --- examples ------------------------------------------------------------------------------


class _Examples:
    """Collects examples once each, keyed by (row, label); ordered by (source, start)."""

    def __init__(self, sentences: pa.Table, source_codes: npt.NDArray[np.int64]) -> None:
        self._table = sentences
        self._codes = source_codes
        starts = pc.fill_null(sentences.column("start"), 0) if sentences.num_rows else []
        self._starts = np.asarray(starts, dtype=np.int64)
        self._index: dict[tuple[int, str], int] = {}
        self.items: list[Example] = []

    def pick(self, rows: npt.ArrayLike, label: str, k: int = EXAMPLES_PER_FIGURE) -> tuple[int, ...]:
        candidates = np.asarray(rows, dtype=np.int64).reshape(-1)
        if candidates.size == 0:
            return ()
        candidates = self._in_order(candidates)
        # one per document first, for variety; then the next ones in order
        _, first = np.unique(self._codes[candidates], return_index=True)
        chosen = candidates[np.sort(first)][:k].tolist()
        for row in candidates.tolist():
            if len(chosen) >= k:
                break
            if row not in chosen:
                chosen.append(row)
        ordered = self._in_order(np.asarray(chosen, dtype=np.int64)).tolist()
        return tuple(self._add(int(row), label) for row in ordered)

    def _in_order(self, rows: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """`rows` ordered by (source, start, row). Why not one rank of every sentence: a
        corpus has a million sentences and a figure's candidates are a few thousand."""
        return rows[np.lexsort((rows, self._starts[rows], self._codes[rows]))]

    def _add(self, row: int, label: str) -> int:
        key = (row, label)
        if key in self._index:
            return self._index[key]
        record: dict[str, Any] = self._table.slice(row, 1).to_pylist()[0]
        self._index[key] = len(self.items)
        self.items.append(_example(record, label))
        return self._index[key]


def _example(record: Mapping[str, Any], label: str) -> Example:
    text = str(record.get("text") or "")
    start = int(record.get("start") or 0)
    cue, cue_start, cue_end = "", -1, -1
    for ev in record.get("evidence") or ():
        if ev.get("label") != label or not ev.get("cue"):
            continue
        cue = str(ev["cue"])
        cue_start, cue_end = _locate(text, start, cue, ev.get("start"), ev.get("end"))
        break
    return Example(
        source=str(record.get("source") or ""),
        start=start,
        end=int(record.get("end") or start + len(text)),
        text=text,
        cue=cue,
        cue_start=cue_start,
        cue_end=cue_end,
        label=label,
        speaker=record.get("speaker"),
        organisation=record.get("organisation"),
        sector=str(record.get("sector") or "unknown"),
        country=str(record.get("country") or "unknown"),
    )


def _locate(text: str, start: int, cue: str, ev_start: int | None, ev_end: int | None) -> tuple[int, int]:
    """The cue's span in `text`: evidence offsets may index the document or the sentence."""
    if ev_start is not None and ev_end is not None:
        for offset in (start, 0):
            s, e = ev_start - offset, ev_end - offset
            if 0 <= s <= e <= len(text) and text[s:e] == cue:
                return s, e
    found = text.find(cue)
    if found < 0:
        found = text.lower().find(cue.lower())
    return (found, found + len(cue)) if found >= 0 else (-1, -1)


# --- the summary ---------------------------------------------------------------------------


def summarise(
    sentences: pa.Table,
    documents: pa.Table,
    quotes: pa.Table,
    *,
    confidence: float = 0.9,
    top_narrators: int = 10,
) -> NarrativeSummary:
    """The summary of one run's tables (see the module docstring for every definition)."""
    n = sentences.num_rows
    _, source_codes = _categories(sentences, "source", _source)
    examples = _Examples(sentences, source_codes)
    sectors = _categories(sentences, "sector", _label)
    countries = _categories(sentences, "country", _label)

    if "in_scope" in sentences.column_names and n:
        in_scope = np.asarray(pc.fill_null(sentences.column("in_scope"), False), dtype=np.bool_)
        scope: Literal["in_scope", "framed"] = "in_scope"
    else:
        in_scope, scope = _any_frame(sentences), "framed"
    race = _has(sentences, "frames", "race") & in_scope

    def groups(categories: tuple[list[str], npt.NDArray[np.int64]]) -> tuple[GroupRace, ...]:
        labels, codes = categories
        n_race = int(race.sum())
        # Counted for all groups at once: one pass over the rows, not one per group.
        members = np.bincount(codes, minlength=len(labels))
        scoped = np.bincount(codes[in_scope], minlength=len(labels))
        race_rows = np.flatnonzero(race)
        race_codes = codes[race_rows]
        races = np.bincount(race_codes, minlength=len(labels))
        rows: list[GroupRace] = []
        for code, group in enumerate(labels):
            group_race = int(races[code])
            rows.append(
                GroupRace(
                    group=group,
                    sentences=int(members[code]),
                    rate=share(group_race, int(scoped[code]), confidence),
                    share_of_race=share(group_race, n_race, confidence),
                    examples=examples.pick(race_rows[race_codes == code], "race"),
                )
            )
        rows.sort(key=lambda r: (-r.share_of_race.count, -r.sentences, r.group))
        return tuple(rows)

    by_sector = groups(sectors)
    n_race = int(race.sum())
    industry = _count_of(*sectors, race, "industry")
    known = n_race - _count_of(*sectors, race, "unknown")

    return NarrativeSummary(
        confidence=confidence,
        scope=scope,
        n_documents=documents.num_rows,
        n_sentences=n,
        n_in_scope=int(in_scope.sum()),
        n_race=n_race,
        n_quotes=quotes.num_rows,
        by_sector=by_sector,
        by_country=groups(countries),
        industry_share=share(industry, n_race, confidence),
        industry_share_known=share(industry, known, confidence),
        deregulation=_deregulation(sentences, source_codes, in_scope, race, examples, confidence),
        trends=_trends(sentences, documents, in_scope, confidence),
        narrators=_narrators(sentences, race, examples, top_narrators),
        examples=tuple(examples.items),
    )


def _paragraph_ids(sentences: pa.Table, source_codes: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """A number per (source, paragraph): sentences of one paragraph share it."""
    n = sentences.num_rows
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if "paragraph" in sentences.column_names:
        paragraphs = np.asarray(pc.fill_null(sentences.column("paragraph"), -1), dtype=np.int64)
    else:  # no paragraphs known: every sentence stands alone
        paragraphs = np.arange(n, dtype=np.int64)
    shifted = paragraphs - int(paragraphs.min())
    keys = source_codes * (int(shifted.max()) + 1) + shifted
    # numbered by hashing, not sorting: only which sentences share a number matters
    return np.asarray(pc.dictionary_encode(pa.array(keys)).indices, dtype=np.int64)


def _paragraph_any(paragraph_ids: npt.NDArray[np.int64], flags: BoolArray) -> BoolArray:
    """For every sentence: does any sentence of its paragraph have `flags`?"""
    if not flags.any():
        return flags.copy()
    flagged = np.bincount(paragraph_ids, weights=flags.astype(np.float64)) > 0
    return np.asarray(flagged[paragraph_ids], dtype=np.bool_)


def _deregulation(
    sentences: pa.Table,
    source_codes: npt.NDArray[np.int64],
    in_scope: BoolArray,
    race: BoolArray,
    examples: _Examples,
    confidence: float,
) -> tuple[CoOccurrence, ...]:
    dereg = _has(sentences, "frames", "deregulation")
    others = in_scope & ~race
    paragraph_ids = _paragraph_ids(sentences, source_codes)
    race_paragraphs = _paragraph_any(paragraph_ids, race)
    n1, n0 = int(race.sum()), int(others.sum())
    rows: list[CoOccurrence] = []
    for area in (ANY_AREA, *POLICY_AREAS):
        in_area = dereg if area == ANY_AREA else dereg & _has(sentences, "policy_areas", area)
        near = _paragraph_any(paragraph_ids, in_area)
        for measure, flags in (("sentence", in_area), ("paragraph", near)):
            x1, x0 = int((flags & race).sum()), int((flags & others).sum())
            if measure == "sentence":
                shown = np.flatnonzero(in_area & race)
            else:  # the deregulation sentences that stand in a paragraph with race framing
                shown = np.flatnonzero(in_area & race_paragraphs)
            rows.append(
                CoOccurrence(
                    area=area,
                    measure=measure,  # type: ignore[arg-type]
                    with_race=share(x1, n1, confidence),
                    without_race=share(x0, n0, confidence),
                    lift=lift(x1, n1, x0, n0, confidence),
                    examples=examples.pick(shown, "deregulation"),
                )
            )
    return tuple(rows)


def _trends(
    sentences: pa.Table, documents: pa.Table, in_scope: BoolArray, confidence: float
) -> tuple[MonthTrend, ...]:
    months, month_codes = _categories(sentences, "date", _month)
    doc_months = Counter(_month(d) for d in _strings(documents, "date"))
    flags = {frame: _has(sentences, "frames", frame) & in_scope for frame in TREND_FRAMES}

    def per_month(rows: BoolArray) -> list[int]:
        return np.bincount(month_codes[rows], minlength=len(months)).tolist()  # type: ignore[no-any-return]

    n_sentences = np.bincount(month_codes, minlength=len(months)).tolist()
    n_in_scope = per_month(in_scope)
    n_framed = {frame: per_month(flags[frame]) for frame in TREND_FRAMES}
    code_of = {month: code for code, month in enumerate(months)}
    trends: list[MonthTrend] = []
    for month in sorted(set(months) | set(doc_months), key=_month_order):
        code = code_of.get(month)
        total = n_in_scope[code] if code is not None else 0
        trends.append(
            MonthTrend(
                month=month,
                documents=doc_months.get(month, 0),
                sentences=n_sentences[code] if code is not None else 0,
                in_scope=total,
                frames=tuple(
                    (frame, share(n_framed[frame][code] if code is not None else 0, total, confidence))
                    for frame in TREND_FRAMES
                ),
            )
        )
    return tuple(trends)


def _narrators(sentences: pa.Table, race: BoolArray, examples: _Examples, top: int) -> tuple[Narrator, ...]:
    """The speakers of the most race sentences. By the `person` column, a speaker printed
    several ways ("THE PRESIDENT" in 2023, "President Biden", "Joe Biden") counts as one
    person, and one label held by two people ("THE PRESIDENT" in 2023 and 2025) as two."""
    # Only the race rows are read into Python: a small share of a large table.
    race_rows = np.flatnonzero(race)
    wanted = ("speaker", "person", "organisation", "sector", "country")
    columns = [c for c in wanted if c in sentences.column_names]
    picked = sentences.select(columns).take(pa.array(race_rows, pa.int64()))
    speakers = _strings(picked, "speaker")
    persons = _strings(picked, "person")
    organisations = _strings(picked, "organisation")
    sectors = _labels(picked, "sector")
    countries = _labels(picked, "country")
    rows_of: dict[tuple[str | None, str, str], list[int]] = defaultdict(list)
    printed: dict[tuple[str | None, str, str], Counter[str]] = defaultdict(Counter)
    bodies: dict[tuple[str | None, str, str], Counter[str]] = defaultdict(Counter)
    for k, i in enumerate(race_rows.tolist()):
        speaker, organisation = speakers[k], organisations[k]
        if not (speaker or organisation):
            continue
        key = (persons[k] or speaker or None, sectors[k], countries[k])
        rows_of[key].append(i)
        if speaker:
            printed[key][speaker] += 1
        if organisation:
            bodies[key][organisation] += 1
    ranked = sorted(rows_of.items(), key=lambda kv: (-len(kv[1]), kv[0][0] or "", kv[0][1:]))
    return tuple(
        Narrator(
            speaker=key[0],
            organisation=_most_common(bodies[key]),
            sector=key[1],
            country=key[2],
            count=len(rows),
            examples=examples.pick(rows, "race"),
            names=tuple(name for name, _ in sorted(printed[key].items(), key=lambda kv: (-kv[1], kv[0]))),
        )
        for key, rows in ranked[:top]
    )


def _most_common(counts: Counter[str]) -> str | None:
    """The most frequent value (the first in order on a tie), or None."""
    return min(counts, key=lambda value: (-counts[value], value)) if counts else None


# --- JSON ----------------------------------------------------------------------------------


def _number(value: float) -> float | None:
    """JSON has no NaN or infinity: undefined numbers become null."""
    return float(value) if math.isfinite(value) else None


def _share_json(value: Share) -> dict[str, Any]:
    return {
        "count": value.count,
        "total": value.total,
        "share": _number(value.share),
        "lower": _number(value.lower),
        "upper": _number(value.upper),
    }


def _group_json(row: GroupRace) -> dict[str, Any]:
    return {
        "group": row.group,
        "sentences": row.sentences,
        "race_rate": _share_json(row.rate),
        "share_of_race": _share_json(row.share_of_race),
        "examples": list(row.examples),
    }


def summary_to_json(summary: NarrativeSummary) -> dict[str, Any]:
    """The summary as a JSON-ready dictionary (`summary.json`); examples are referred to by index."""
    return {
        "confidence": summary.confidence,
        "scope": summary.scope,
        "counts": {
            "documents": summary.n_documents,
            "sentences": summary.n_sentences,
            "in_scope": summary.n_in_scope,
            "race": summary.n_race,
            "quotes": summary.n_quotes,
        },
        "race_by_sector": [_group_json(r) for r in summary.by_sector],
        "race_by_country": [_group_json(r) for r in summary.by_country],
        "industry_share_of_race": _share_json(summary.industry_share),
        "industry_share_of_race_known_sector": _share_json(summary.industry_share_known),
        "deregulation_with_race": [
            {
                "area": r.area,
                "measure": r.measure,
                "with_race": _share_json(r.with_race),
                "without_race": _share_json(r.without_race),
                "lift": {
                    "ratio": _number(r.lift.ratio),
                    "lower": _number(r.lift.lower),
                    "upper": _number(r.lift.upper),
                },
                "examples": list(r.examples),
            }
            for r in summary.deregulation
        ],
        "trends": [
            {
                "month": t.month,
                "documents": t.documents,
                "sentences": t.sentences,
                "in_scope": t.in_scope,
                "frames": {frame: _share_json(value) for frame, value in t.frames},
            }
            for t in summary.trends
        ],
        "narrators": [
            {
                "speaker": r.speaker,
                "names_as_printed": list(r.names),
                "organisation": r.organisation,
                "sector": r.sector,
                "country": r.country,
                "count": r.count,
                "examples": list(r.examples),
            }
            for r in summary.narrators
        ],
        "examples": [
            {
                "source": e.source,
                "start": e.start,
                "end": e.end,
                "text": e.text,
                "label": e.label,
                "cue": e.cue,
                "cue_start": e.cue_start,
                "cue_end": e.cue_end,
                "speaker": e.speaker,
                "organisation": e.organisation,
                "sector": e.sector,
                "country": e.country,
            }
            for e in summary.examples
        ],
    }
