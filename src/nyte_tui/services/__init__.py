"""Use cases shared by the CLI and the app, one package per domain.

`triage/` scores and lists work items, `sending/` composes and sends exactly once, `commands/`
holds the command conversation, `app/` is the Backend the terminal app talks to; accounts,
doctor and sync_service sit beside them. May import: sync, llm, commands, sandbox (only
`services.app`), store, auth, config. `triage` and `sending` never import each other.
"""
