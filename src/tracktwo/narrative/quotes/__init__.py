"""Quotations, transcript turns and "according to" claims, with their speakers (issue 4, item 4).

`find_quotes(document, registry)` returns every attributed quotation of a document with the
speaker as the eval README names it, the speaker's codebook sector and country, and the
evidence: the attribution cue and its span. `default_speaker(document, registry)` says who
asserts the rest of a document (author of a speech, byline of a post, else the publisher).
"""

from tracktwo.narrative.quotes.finder import default_speaker, find_quotes, publisher_of
from tracktwo.narrative.quotes.model import Quote, QuoteKind, Speaker

__all__ = ["Quote", "QuoteKind", "Speaker", "default_speaker", "find_quotes", "publisher_of"]
