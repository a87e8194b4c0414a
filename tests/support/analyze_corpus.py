"""A small corpus for the `tracktwo analyze` tests: a speech, a briefing, a note, and bad files."""

from __future__ import annotations

from pathlib import Path

from sample_corpus import BRIEFING

SPEECH = """---
title: Remarks on Artificial Intelligence
date: '2025-03-04'
source_url: https://www.whitehouse.gov/remarks/2025/03/ai/
---

America is in a race with China to dominate artificial intelligence, and we must win it.

"We cannot let China win the AI race," said Jensen Huang, the CEO of Nvidia.

We will cut the red tape that holds back American AI companies.
"""


NOTE = "---\ntitle: A note\n---\n\nOpenAI said on Monday that safety evaluations of frontier models matter.\n"


def corpus(folder: Path, *, bad: bool = True) -> Path:
    folder.mkdir()
    (folder / "speech.md").write_text(SPEECH, encoding="utf-8")
    (folder / "briefing.md").write_text(BRIEFING, encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "note.md").write_text(NOTE, encoding="utf-8")
    if bad:
        (folder / "broken.md").write_bytes(b"AI \xff\xfe race\n")
        (folder / "empty.md").write_bytes(b"")
    return folder
