"""HTML article pages for the ingest tests (files, HTTP, WARC): one with an article, one without."""

from __future__ import annotations

PARAGRAPHS = (
    "Washington and Beijing are locked in a race to build ever more capable artificial intelligence, "
    "the senator said on Tuesday, arguing that safety evaluations slow American laboratories down.",
    "Researchers who study the history of arms control disagreed. They pointed to decades of "
    "scientific exchanges that continued even at the height of the Cold War, and to shared "
    "interests in avoiding accidents.",
    "“We cannot afford to pause,” said the chief executive of a large laboratory, who asked regulators "
    "to drop the proposed reporting rules for frontier models.",
)


def article_page(charset: str = "utf-8", extra: str = "") -> str:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="{charset}">'
        "<title>The AI race | Example News</title>"
        '<meta property="og:title" content="The AI race, seen from both sides">'
        '<meta name="author" content="Jane Reporter">'
        '<meta property="article:published_time" content="2025-03-14T09:00:00Z">'
        '<link rel="canonical" href="https://news.example.org/ai-race"></head><body>'
        '<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/tech">Tech</a></nav>'
        f"<article><h1>The AI race, seen from both sides</h1>{body}{extra}</article>"
        "<footer>Copyright Example News. All rights reserved. Subscribe to our newsletter.</footer>"
        "</body></html>"
    )


NAVIGATION_ONLY = (
    "<html><head><title>Menu</title></head><body><nav><ul>"
    '<li><a href="/a">Home</a></li><li><a href="/b">About</a></li><li><a href="/c">Contact</a></li>'
    "</ul></nav></body></html>"
)
