"""Exactly-once sending: compose (recipients, threading, MIME bytes, risk), the outbox, confirm.

May import: sync (the Gmail send transport), store, config, errors. Reads items from the store,
never from triage.
"""
