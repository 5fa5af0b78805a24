-- 0006: the command conversation: a run's interpreter state and proposal revisions; the undo
-- window and cancellation for outbox rows.
ALTER TABLE command_runs ADD COLUMN state JSON NOT NULL DEFAULT '{}';
ALTER TABLE command_runs ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE command_runs ADD COLUMN proposal_hash VARCHAR;
ALTER TABLE command_runs ADD COLUMN shown_hash VARCHAR;
ALTER TABLE command_runs ADD COLUMN error VARCHAR;
ALTER TABLE command_runs ADD COLUMN workflow_run_id INTEGER REFERENCES workflow_runs (id) ON DELETE SET NULL;
ALTER TABLE outbox ADD COLUMN send_after VARCHAR(32);
CREATE INDEX ix_actions_run ON proposed_actions (command_run_id, status);
CREATE INDEX ix_command_runs_recent ON command_runs (account_id, updated_at);
