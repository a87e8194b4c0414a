"""Issue 4 accuracy, scored on the analysis of the corpus files themselves.

The labelled items of shared/eval point into corpus files by offsets. Here every file they
name is read as a Document (text as read, front matter included; a JSON Lines record is the
Document `file.jsonl#line=N`, N = record + 1, whose text is the record's `content`), the
real pipeline analyses it (`analyze_documents` with the default detector and the packaged
actor registry), and each labelled item is matched to one of the pipeline's sentences by
offsets: the sentence with exactly the item's (start, end), else the sentence that overlaps
the item most, if that overlap covers at least half of the item. An item with no such
sentence counts as predicted with no frame (and no speaker); how many there were is reported.

Scored per labelled file:
- frame files (narrative-dev.jsonl, narrative-zh-dev.jsonl): per-frame precision, recall and
  F1 over the non-ambiguous items, the CSET baseline for `race` run on the text of the same
  matched sentences, and the false-alarm rate (share of the items labelled with no frame that
  get one);
- quotation files (quotes-dev.jsonl): speaker and sector accuracy of the pipeline's
  attribution, taken from the pipeline's quotation matched by the same offset rule, else from
  the attribution of the matched sentence; and, as totals that show no item (so they may be
  read on a sealed part), where the wrong speakers come from: given no one or someone else,
  the share right for each rule that named a speaker (words quoted inside a transcript turn
  and given to its label counted apart), and the sector confusions; and the false
  attributions: of the candidates the labeller found said by no one (a title, a scare
  quote, hypothetical words), how many the pipeline gave a speaker. `--mistakes` lists the
  items themselves.

    python -m tracktwo.narrative.evaluate_corpus      # ../shared/eval against ../shared/data
    python -m tracktwo.narrative.evaluate_corpus eval/fresh/narrative-fresh-A.jsonl \
        --corpus ../shared/data/wh-briefings          # other labelled files
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

from tracktwo.narrative.actors import packaged_registry
from tracktwo.narrative.actors.people import person_resolver
from tracktwo.narrative.cset import matches_cset
from tracktwo.narrative.documents import Document, DocumentFailure
from tracktwo.narrative.errors import NarrativeError
from tracktwo.narrative.frames import default_detector
from tracktwo.narrative.frames.evaluate import Evaluation, FrameScore, score
from tracktwo.narrative.ingest import IngestOptions, read_path
from tracktwo.narrative.pipeline import DocumentAnalysis, SentenceAnalysis, analyze_documents
from tracktwo.narrative.quotes import Quote
from tracktwo.narrative.quotes.evaluate import normalise_name, same_speaker

_SHARED: Final = Path(__file__).resolve().parents[4] / "shared"
DEFAULT_EVAL_DIR: Final = _SHARED / "eval"
DEFAULT_DATA_DIR: Final = _SHARED / "data"
# Each labelled file of shared/eval and the corpus folder (under shared/data) it points into.
EVAL_SETS: Final = (
    ("narrative-dev.jsonl", "wh-briefings"),
    ("narrative-zh-dev.jsonl", "zh-gov-reports"),
    ("quotes-dev.jsonl", "wh-briefings"),
)
# An item matches a sentence that is not exactly its span when they share at least this share of it.
MIN_OVERLAP: Final = 0.5


@dataclass(frozen=True)
class Match:
    """Which span an item matched: its index, and whether the offsets were identical."""

    index: int
    exact: bool


def match_span(spans: Sequence[tuple[int, int]], start: int, end: int) -> Match | None:
    """The span equal to (start, end), else the one overlapping it most if that overlap covers
    at least half of it (the first such span on ties), else None."""
    best: int | None = None
    best_overlap = 0
    for index, (s, e) in enumerate(spans):
        if s == start and e == end:
            return Match(index, True)
        overlap = min(e, end) - max(s, start)
        if overlap > best_overlap:
            best, best_overlap = index, overlap
    if best is None or best_overlap < MIN_OVERLAP * (end - start):
        return None
    return Match(best, False)


@dataclass(frozen=True)
class Mistake:
    """One item the pipeline got wrong: what the label says, what the pipeline said, and why."""

    item: str
    expected: str
    found: str
    evidence: str  # the cues behind the pipeline's frames, or its attribution
    text: str

    def line(self) -> str:
        text = " ".join(self.text.split())
        said = f"expected {self.expected or '-'}, found {self.found or '-'}"
        return f"{self.item}: {said} [{self.evidence}] {text}"


@dataclass(frozen=True)
class CorpusScores:
    """Scores of the pipeline on one labelled file (fields that do not apply are None)."""

    eval_file: str
    items: int  # items scored (non-ambiguous ones for frame files)
    exact: int  # matched to a sentence with the same offsets
    overlapping: int  # matched to the sentence overlapping them most (>= half of the item)
    unmatched: int  # no sentence: counted as predicted with no frame / no speaker
    frames: Evaluation | None = None
    cset_race: FrameScore | None = None
    negatives: int = 0  # items labelled with no frame
    false_alarm_rate: float | None = None
    speaker_accuracy: float | None = None
    sector_accuracy: float | None = None
    quote_matched: int = 0  # quotation items matched to one of the pipeline's quotations
    speaker_printed_otherwise: int = 0  # speakers counted right though printed otherwise (`same_speaker`)
    speaker_missing: int = 0  # speaker wrong because the pipeline named no one (the rest named someone else)
    # wrong speakers by the rule that named them (a quotation's cue, or "sentence" for a
    # sentence's attribution): where the misses come from, without showing any item
    wrong_by_rule: tuple[tuple[str, int], ...] = ()
    # every rule that named a speaker: (rule, items, speakers right), most items first; how far
    # each kind of attribution can be trusted
    by_rule: tuple[tuple[str, int, int], ...] = ()
    # wrong sectors: (labelled sector, sector given) pairs with their counts, most common first
    sector_confusions: tuple[tuple[str, str, int], ...] = ()
    sector_wrong_speaker_right: int = 0  # the right speaker placed in the wrong sector
    # quotation candidates the labeller found attributed to no one (a title, a scare quote,
    # words no one said), and how many of them the pipeline gave a speaker all the same: the
    # false attributions, which the speaker accuracy (over attributed items) cannot show
    unattributed: int = 0
    unattributed_given_speaker: int = 0
    mistakes: tuple[Mistake, ...] = ()  # wrong frame sets, or wrong speaker or sector

    def table(self) -> str:
        """A plain-text report of this file's scores."""
        lines = [
            f"== {self.eval_file}: {self.items} items scored; matched to a pipeline sentence by offsets:"
            f" {self.exact} exact, {self.overlapping} by overlap, {self.unmatched} unmatched"
        ]
        if self.frames is not None:
            lines.append(self.frames.table())
        if self.cset_race is not None:
            c = self.cset_race
            lines.append(
                f"{'race (CSET)':<17} {c.support:>4} {c.true_positives:>4} {c.false_positives:>4}"
                f" {c.false_negatives:>4} {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f}"
            )
        if self.false_alarm_rate is not None:
            lines.append(f"false alarms: {self.false_alarm_rate:.1%} of {self.negatives} no-frame items")
        if self.speaker_accuracy is not None and self.sector_accuracy is not None:
            lines.append(
                f"speaker {self.speaker_accuracy:.1%}, sector {self.sector_accuracy:.1%}"
                f" ({self.quote_matched} matched to a pipeline quotation, the rest to a sentence;"
                f" {self.speaker_printed_otherwise} speakers right though printed otherwise:"
                " the same person, or the name but for titles)"
            )
            wrong = round((1 - self.speaker_accuracy) * self.items)
            lines.append(
                f"speaker wrong for {wrong}: {self.speaker_missing} given no speaker,"
                f" {wrong - self.speaker_missing} given someone else"
                + (" (by rule: " + ", ".join(f"{rule} {n}" for rule, n in self.wrong_by_rule) + ")")
                * bool(self.wrong_by_rule)
            )
            if self.by_rule:
                lines.append(
                    "speaker right by rule: "
                    + ", ".join(f"{rule} {right}/{n}" for rule, n, right in self.by_rule)
                )
            if self.unattributed:
                lines.append(
                    f"labelled as said by no one: {self.unattributed}; the pipeline gave"
                    f" {self.unattributed_given_speaker} of them a speaker"
                )
            if self.sector_confusions:
                pairs = ", ".join(f"{gold} as {given} {n}" for gold, given, n in self.sector_confusions)
                lines.append(
                    f"sector wrong (labelled as given): {pairs};"
                    f" {self.sector_wrong_speaker_right} of them with the speaker right"
                )
        return "\n".join(lines)


def _read_jsonl(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _int(value: object) -> int:
    return int(str(value))


def _source(row: dict[str, object]) -> tuple[str, str]:
    """(file to read, Document source) for a labelled row."""
    if "path" in row:
        path = str(row["path"])
        return path, path
    file_name = str(row["file"])
    return file_name, f"{file_name}#line={_int(row['record']) + 1}"


def _read_documents(rows: Sequence[dict[str, object]], corpus_root: Path) -> dict[str, Document]:
    """The Documents the rows point into, keyed by source; raises when one cannot be read."""
    options = IngestOptions()
    wanted: dict[str, set[str]] = {}
    for row in rows:
        file_name, source = _source(row)
        wanted.setdefault(file_name, set()).add(source)
    documents: dict[str, Document] = {}
    for file_name, sources in wanted.items():
        for outcome in read_path(corpus_root / file_name, file_name, options):
            if outcome.source not in sources:
                continue
            if isinstance(outcome, DocumentFailure):
                raise ValueError(f"{outcome.source}: cannot be read ({outcome.kind}): {outcome.message}")
            documents[outcome.source] = outcome
        missing = sources - documents.keys()
        if missing:
            raise ValueError(f"{file_name}: no document {', '.join(sorted(missing))}")
    return documents


def _analyse(documents: dict[str, Document]) -> dict[str, DocumentAnalysis]:
    ordered = list(documents.values())
    results = analyze_documents(ordered, default_detector(), packaged_registry())
    analyses: dict[str, DocumentAnalysis] = {}
    for document, result in zip(ordered, results, strict=True):
        if isinstance(result, DocumentFailure):
            raise ValueError(f"{document.source}: analysis failed: {result.message}")
        analyses[document.source] = result
    return analyses


@dataclass(frozen=True)
class _Item:
    """A scored labelled item, its document's analysis and the pipeline sentence it matched."""

    row: dict[str, object]
    analysis: DocumentAnalysis
    found: Match | None

    @property
    def sentence(self) -> SentenceAnalysis | None:
        return self.analysis.sentences[self.found.index] if self.found is not None else None


def _scored_items(eval_file: Path, corpus_root: Path) -> tuple[bool, list[_Item]]:
    """Whether the file holds quotations, and its scored items matched to the pipeline's
    sentences: ambiguous frame items and quotation candidates the labeller found
    unattributed (a title, a scare quote) are left out; nothing to score them against."""
    is_quotes, items, _ = _labelled_items(eval_file, corpus_root)
    return is_quotes, items


def _labelled_items(eval_file: Path, corpus_root: Path) -> tuple[bool, list[_Item], list[_Item]]:
    """`_scored_items`, and the quotation candidates the labeller found unattributed, matched
    the same way (for the false attributions)."""
    rows = _read_jsonl(eval_file)
    is_quotes = any("kind" in row for row in rows)
    unattributed_rows: list[dict[str, object]] = []
    if is_quotes:
        unattributed_rows = [row for row in rows if not row.get("attributed", True)]
        rows = [row for row in rows if row.get("attributed", True)]
    else:
        rows = [row for row in rows if not row.get("ambiguous")]
    analyses = _analyse(_read_documents(rows + unattributed_rows, corpus_root))
    return is_quotes, _matched(rows, analyses, eval_file), _matched(unattributed_rows, analyses, eval_file)


def _matched(
    rows: Sequence[dict[str, object]], analyses: dict[str, DocumentAnalysis], eval_file: Path
) -> list[_Item]:
    items: list[_Item] = []
    for row in rows:
        analysis = analyses[_source(row)[1]]
        start, end = _int(row["start"]), _int(row["end"])
        if analysis.document.text[start:end] != row["text"]:
            raise ValueError(f"{eval_file}: item {row['id']} does not match {analysis.document.source}")
        spans = [(s.sentence.start, s.sentence.end) for s in analysis.sentences]
        items.append(_Item(row, analysis, match_span(spans, start, end)))
    return items


def evaluate_corpus(eval_file: Path, corpus_root: Path) -> CorpusScores:
    """Score the pipeline's analysis of the corpus files on one labelled file (module docstring)."""
    is_quotes, items, unattributed = _labelled_items(eval_file, corpus_root)
    found = [item.found for item in items]
    exact = sum(1 for match in found if match is not None and match.exact)
    unmatched = sum(1 for match in found if match is None)
    counts = (eval_file.name, len(items), exact, len(items) - exact - unmatched, unmatched)
    if not is_quotes:
        return _frame_scores(counts, items)
    scores = _quote_scores(counts, items)
    return replace(
        scores,
        unattributed=len(unattributed),
        unattributed_given_speaker=sum(1 for item in unattributed if _attributed_quote(item) is not None),
    )


def _matched_quote(item: _Item) -> Quote | None:
    """The pipeline's quotation matched to an item by offsets (`match_span`). A quotation item
    is matched among the pipeline's quotations first, then among whole transcript turns: words
    quoted inside a turn, found and attributed, are not scored as the turn around them because
    the turn overlaps them more (a quotation running over paragraphs is found paragraph by
    paragraph)."""
    row, quotes = item.row, item.analysis.quotes
    start, end = _int(row["start"]), _int(row["end"])
    if row.get("kind") == "quote":
        inner = [i for i, q in enumerate(quotes) if q.kind != "transcript"]
        found = match_span([(quotes[i].start, quotes[i].end) for i in inner], start, end)
        if found is not None:
            return quotes[inner[found.index]]
    found = match_span([(q.start, q.end) for q in quotes], start, end)
    return quotes[found.index] if found is not None else None


def _attributed_quote(item: _Item) -> Quote | None:
    """The pipeline's quotation (not a whole transcript turn) matched to an item, if any."""
    quote = _matched_quote(item)
    return quote if quote is not None and quote.kind != "transcript" else None


def _quote_scores(counts: tuple[str, int, int, int, int], items: Sequence[_Item]) -> CorpusScores:
    """Speaker and sector accuracy: from the pipeline's quotation matched to the item, else
    from the attribution of the matched sentence."""
    # the registry the analysis used, built once per process: its resolver's memo is warm
    people = person_resolver(packaged_registry())
    quote_matched = printed_otherwise = missing = 0
    wrong_by_rule: Counter[str] = Counter()
    named_by: Counter[str] = Counter()
    right_by: Counter[str] = Counter()
    confusions: Counter[tuple[str, str]] = Counter()
    misplaced = 0
    speakers: list[bool] = []
    sectors: list[bool] = []
    mistakes: list[Mistake] = []
    for item in items:
        row, analysis, sentence = item.row, item.analysis, item.sentence
        held = _matched_quote(item)
        speaker, person, sector, rule = "", "", "", ""
        if held is not None:
            quote_matched += 1
            speaker, person, sector, rule = held.speaker, held.person, held.sector, held.cue
            if held.kind == "transcript" and row.get("kind") == "quote":
                rule = "transcript_label:quotation"  # words quoted inside a turn, given to its label
        elif sentence is not None:
            speaker, person, sector = sentence.speaker or "", sentence.person or "", sentence.sector
            rule = "sentence"
        gold_speaker = str(row["speaker"])
        gold_person = people.person(gold_speaker, str(row.get("country", "")), analysis.document.date)
        speakers.append(same_speaker(speaker, person, gold_speaker, gold_person))
        printed_otherwise += speakers[-1] and normalise_name(speaker) != normalise_name(gold_speaker)
        missing += not speakers[-1] and not speaker
        if not speakers[-1] and speaker:
            wrong_by_rule[rule] += 1
        if speaker:
            named_by[rule] += 1
            right_by[rule] += speakers[-1]
        sectors.append(bool(sector) and sector == row["sector"])
        if not sectors[-1]:
            confusions[str(row["sector"]), sector or "none"] += 1
            misplaced += speakers[-1]
        if not (speakers[-1] and sectors[-1]):
            how = rule or "unmatched"
            mistakes.append(
                Mistake(
                    str(row["id"]),
                    f"{gold_speaker} ({row['sector']})",
                    f"{speaker} ({sector})",
                    how,
                    str(row["text"]),
                )
            )
    n = len(items) or 1
    return CorpusScores(
        *counts,
        speaker_accuracy=sum(speakers) / n,
        sector_accuracy=sum(sectors) / n,
        quote_matched=quote_matched,
        speaker_printed_otherwise=printed_otherwise,
        speaker_missing=missing,
        wrong_by_rule=tuple(wrong_by_rule.most_common()),
        by_rule=tuple((rule, n, right_by[rule]) for rule, n in named_by.most_common()),
        sector_confusions=tuple((gold, given, n) for (gold, given), n in confusions.most_common()),
        sector_wrong_speaker_right=misplaced,
        mistakes=tuple(mistakes),
    )


def _frame_scores(counts: tuple[str, int, int, int, int], items: Sequence[_Item]) -> CorpusScores:
    """Per-frame scores, the CSET baseline on the same matched sentences, and false alarms."""
    rows = [item.row for item in items]
    matched = [item.sentence for item in items]
    gold = [frozenset(map(str, _list(row.get("frames")))) for row in rows]
    predicted = [frozenset(s.frames) if s is not None else frozenset[str]() for s in matched]
    baseline = [
        frozenset({"race"}) if s is not None and matches_cset(s.sentence.text) else frozenset[str]()
        for s in matched
    ]
    negatives = [p for g, p in zip(gold, predicted, strict=True) if not g]
    mistakes: list[Mistake] = []
    for row, expected, said, sentence in zip(rows, gold, predicted, matched, strict=True):
        if expected != said:
            cues = (
                "; ".join(f"{e.frame_or_area}: {e.rule} {e.cue!r}" for e in sentence.evidence)
                if sentence is not None
                else "unmatched"
            )
            mistakes.append(
                Mistake(
                    str(row["id"]),
                    ",".join(sorted(expected)),
                    ",".join(sorted(said)),
                    cues,
                    str(row["text"]),
                )
            )
    return CorpusScores(
        *counts,
        frames=score(gold, predicted),
        cset_race=score(gold, baseline, ["race"])["race"],
        negatives=len(negatives),
        false_alarm_rate=sum(1 for p in negatives if p) / len(negatives) if negatives else 0.0,
        mistakes=tuple(mistakes),
    )


@dataclass(frozen=True)
class FrameItem:
    """A non-ambiguous labelled sentence: its frames, the pipeline's, and the matched text."""

    item: str
    expected: frozenset[str]
    predicted: frozenset[str]
    text: str  # the pipeline sentence it matched, else the labelled text


def frame_items(eval_file: Path, corpus_root: Path) -> tuple[FrameItem, ...]:
    """The items of a frame file with the pipeline's frames, matched as `evaluate_corpus` does.

    For experiments that put another detector beside the pipeline on the same sentences
    (benchmarks/narrative_unseen.py).
    """
    return tuple(
        FrameItem(
            str(item.row["id"]),
            frozenset(map(str, _list(item.row.get("frames")))),
            frozenset(item.sentence.frames) if item.sentence is not None else frozenset(),
            item.sentence.sentence.text if item.sentence is not None else str(item.row["text"]),
        )
        for item in _scored_items(eval_file, corpus_root)[1]
    )


def _list(value: object) -> list[object]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"`frames` must be a list, not {value!r}")
    return value


def evaluate_all(
    eval_dir: Path = DEFAULT_EVAL_DIR, data_dir: Path = DEFAULT_DATA_DIR
) -> tuple[CorpusScores, ...]:
    """`evaluate_corpus` for each labelled file of shared/eval against its corpus folder."""
    return tuple(evaluate_corpus(eval_dir / name, data_dir / corpus) for name, corpus in EVAL_SETS)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "files", nargs="*", type=Path, help="labelled files to score instead of shared/eval's (with --corpus)"
    )
    parser.add_argument("--corpus", type=Path, help="corpus folder the FILES point into")
    parser.add_argument(
        "--mistakes",
        action="store_true",
        help="list every item scored wrong (development sets only: reading a test set's mistakes spoils it)",
    )
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR, help="shared/eval folder")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="shared/data folder")
    args = parser.parse_args(argv)
    if args.files and args.corpus is None:
        parser.error("FILES need --corpus, the folder their paths are relative to")
    try:
        results = (
            tuple(evaluate_corpus(path, args.corpus) for path in args.files)
            if args.files
            else evaluate_all(args.eval_dir, args.data_dir)
        )
        for scores in results:
            print(scores.table())
            if args.mistakes:
                print("\n".join(mistake.line() for mistake in scores.mistakes))
            print()
    except (OSError, ValueError, NarrativeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
