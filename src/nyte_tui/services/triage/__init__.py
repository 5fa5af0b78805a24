"""Triage: from mirrored mail and events to scored work items with reasons, rules and feedback.

`run` drives a pass; `evidence` and `text` read facts; `scoring` applies the five gates;
`rules`, `model` (LLM adjudication), `contacts`, `lifecycle`, `views` (the list, the agenda)
and `feedback`. May import: llm, store, config, errors. Never imports `services.sending`.
"""
