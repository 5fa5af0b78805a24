"""nyte: a terminal-first personal assistant for Gmail and Google Calendar."""

__version__ = "0.1.0"
