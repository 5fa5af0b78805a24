"""The deterministic generator of the sandbox's seed data: mail, calendar, colleagues' free/busy.

`generate.generate_mailbox(seed, n_threads, n_events, now)` returns a `seedtypes.GeneratedMailbox`
that is byte-for-byte the same for the same arguments. `people` is the cast, `templates` loads the
texts from the TOML package data in `data/`, `threads` and `bulk` build mail, `events`,
`event_builder`, `bulk_events` and `holidays` the calendar, `busy` the colleagues' free/busy.
It imports only the standard library, its own modules and `nyte_tui.sandbox.seedtypes`: never the
stores, the state or the server.
"""
