"""The command grammar: slash commands and the offline interpreter (pure: text in, intent out).

May import: the standard library and dateparser, nothing else of nyte — no I/O happens here.
"""
