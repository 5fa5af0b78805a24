"""Use cases shared by the CLI and the app: sync engine, triage, commands, actions, sending."""
