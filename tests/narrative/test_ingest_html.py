from __future__ import annotations

import gzip
import json
import re
import statistics
from collections import Counter
from pathlib import Path

import pytest

from support.article_pages import NAVIGATION_ONLY, PARAGRAPHS, article_page
from support.shared_data import shared_data_path
from tracktwo.narrative.errors import IngestError
from tracktwo.narrative.ingest import extract_article, read_inputs


def test_article_text_and_metadata() -> None:
    document = extract_article(article_page(), "page.html")
    for paragraph in PARAGRAPHS:
        assert paragraph in document.text
    assert "Subscribe to our newsletter" not in document.text
    assert "Home" not in document.text
    assert document.source == "page.html"
    assert document.body_start == 0
    assert document.title == "The AI race, seen from both sides"
    assert document.date == "2025-03-14"
    assert document.url == "https://news.example.org/ai-race"
    assert document.metadata["author"] == "Jane Reporter"


def test_a_given_url_wins_over_the_declared_one() -> None:
    document = extract_article(
        article_page(), "x", url="https://mirror.example.org/x", metadata={"feed": "f"}
    )
    assert document.url == "https://mirror.example.org/x"
    assert document.metadata["feed"] == "f"


def test_no_article() -> None:
    with pytest.raises(IngestError) as caught:
        extract_article(NAVIGATION_ONLY, "menu.html")
    assert caught.value.kind == "no_article"
    with pytest.raises(IngestError) as empty:
        extract_article(b"  \n", "blank.html")
    assert empty.value.kind == "empty"


def test_html_files(tmp_path: Path) -> None:
    (tmp_path / "good.html").write_text(article_page(), encoding="utf-8")
    # A page in its declared legacy encoding is decoded by that declaration, not refused.
    (tmp_path / "legacy.htm").write_bytes(
        article_page("windows-1252", "<p>Caf\u00e9 owners disagreed.</p>").encode("cp1252")
    )
    (tmp_path / "menu.html").write_text(NAVIGATION_ONLY, encoding="utf-8")
    (tmp_path / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = read_inputs([tmp_path])
    assert [d.source for d in result.documents] == ["good.html", "legacy.htm"]
    assert "Café owners disagreed." in result.documents[1].text
    assert {(f.source, f.kind) for f in result.failures} == {
        ("menu.html", "no_article"),
        ("image.html", "binary"),
    }


# The benchmark's own measure (scrapinghub/article-extraction-benchmark): word 4-gram
# shingles, precision and recall averaged over pages, F1 of the two averages.
_WORD = re.compile(r"\w+")


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    words = _WORD.findall(text)
    return Counter(tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1)) if words[i : i + n])


def _counts(truth: str, predicted: str) -> tuple[int, int, int]:
    expected, found = _shingles(truth), _shingles(predicted)
    true_positive = sum((expected & found).values())
    return true_positive, sum(found.values()) - true_positive, sum(expected.values()) - true_positive


def benchmark_scores(pairs: list[tuple[str, str]]) -> tuple[float, float, float]:
    """(F1, precision, recall) over (truth, predicted) pages; a page with nothing predicted
    counts for recall only, one with no truth for precision only, as in the benchmark."""
    counts = [_counts(truth, predicted) for truth, predicted in pairs]
    precision = statistics.mean(tp / (tp + fp) for tp, fp, _ in counts if tp + fp > 0)
    recall = statistics.mean(tp / (tp + fn) for tp, _, fn in counts if tp + fn > 0)
    return 2 * precision * recall / (precision + recall), precision, recall


@pytest.mark.shared_data
def test_accuracy_on_the_article_extraction_benchmark() -> None:
    folder = shared_data_path("article-extraction")
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pairs = []
    for key, item in truth.items():
        page = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        try:
            text = extract_article(page, key).text
        except IngestError:
            text = ""
        pairs.append((item["articleBody"], text))
    f1, precision, recall = benchmark_scores(pairs)
    # Measured 0.964 (precision 0.958, recall 0.971) with trafilatura 2.3.1.
    assert f1 >= 0.93, (f1, precision, recall)
