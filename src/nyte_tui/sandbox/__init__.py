"""The loopback Google sandbox: a stateful fake of Gmail v1, Calendar v3 and OAuth 2.0 over HTTP.

`server.SandboxServer` serves it on 127.0.0.1 for the tests, `nyte sandbox serve` and `nyte demo`;
`state.SandboxState` is the whole account (mail, calendar, tokens, quota, faults, request log) and
what tests drive directly. Requests go `server` → `control` (the /_sandbox/ endpoints) or
`routing` (faults, auth, quota, log, batch) → the handlers in `oauth`, `gmail/` and `calendar/`,
declared with `routes.route`. The stores below them (`gmail/store.py`, `calendar/store.py`, ...)
know nothing of HTTP; `mailbox/` generates the seed data they are built from (`seeding`).
The package uses only the standard library and imports no other nyte_tui package; inside it,
imports go one way only (tests/sandbox/test_sandbox_acyclic.py and the import-linter contracts
in pyproject.toml check this).
"""
