"""A press-briefing transcript shared by the pipeline and CLI tests."""

BRIEFING = """---
title: Press Briefing by Press Secretary Karoline Leavitt
date: '2025-05-06'
source_url: https://www.whitehouse.gov/briefings-statements/2025/05/press-briefing/
---

MS. LEAVITT: Good afternoon, everybody. The United States must win the AI race against China.

Q Karoline, is the United States in an AI arms race with China?

MS. LEAVITT: We are going to win the AI race, and we will remove regulations that slow American AI down.
"""
