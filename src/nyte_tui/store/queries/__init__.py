"""The SQL nyte runs, one module per table group; callers import the module they need.

`accounts`, `ingestion` (sync positions), `mirror` (Gmail messages, threads, labels),
`calendar`, `messages`, `app_reads`, `runs` (workflow runs), `audit`, `outbox`, `triage`
(what triage reads), `triage_write`, `worklist` (items, rules, LLM calls), `contacts`.
"""
