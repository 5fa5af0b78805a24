"""Fake Gmail v1: the mailbox store, stored messages, MIME rendering, search, and the handlers.

`store.GmailStore` holds messages, threads, labels, drafts and history; `message`, `mime` and
`query` are its parts (a stored message, RFC 822 handling, the `q` search language). `api` (reads)
and `write_api` (send, insert, modify, drafts, ...) are the HTTP handlers: only they may import
`nyte_tui.sandbox.state` and `nyte_tui.sandbox.routes`. Nothing here imports `calendar/`,
`mailbox/` or the server side (`routing`, `control`, `server`).
"""
