"""Fake Gmail v1: the mailbox store, MIME rendering, search and the API handlers."""
