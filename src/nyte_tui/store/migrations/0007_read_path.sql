-- 0007: the Important list is read straight off an index (newest best first), and event
-- conflicts are computed once per triage pass and stored, not recomputed on every read.
CREATE INDEX ix_work_items_listed ON work_items (score, last_activity_at) WHERE status IN ('open', 'snoozed');
CREATE INDEX ix_work_items_rank ON work_items (score, last_activity_at);
CREATE TABLE event_conflicts (
	id INTEGER NOT NULL,
	account_id INTEGER NOT NULL,
	event_key VARCHAR NOT NULL,
	position INTEGER NOT NULL,
	other_key VARCHAR NOT NULL,
	other_title VARCHAR NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (account_id, event_key, other_key),
	FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE CASCADE
);
CREATE TABLE conflict_scans (
	account_id INTEGER NOT NULL,
	window_start VARCHAR(32) NOT NULL,
	window_end VARCHAR(32) NOT NULL,
	scanned_at VARCHAR(32) NOT NULL,
	PRIMARY KEY (account_id),
	FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE CASCADE
);
