"""Conversation file formats: Pol.is exports, Pol.is math fixtures and plain votes CSVs.

Readers turn files into `tracktwo.consensus` values and raise
`tracktwo.consensus.errors.InputError` naming the file and line of bad input.
"""
