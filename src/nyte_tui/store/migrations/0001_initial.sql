-- 0001 initial schema: every table of the data model (frozen; never edit, add a new migration).
CREATE TABLE accounts (
	id INTEGER NOT NULL,
	email VARCHAR NOT NULL,
	display_name VARCHAR,
	client_id VARCHAR,
	scopes JSON NOT NULL,
	status VARCHAR NOT NULL,
	status_reason VARCHAR,
	token_expiry VARCHAR(32),
	connected_at VARCHAR(32) NOT NULL,
	updated_at VARCHAR(32) NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (email)
);
CREATE TABLE audit_logs (
	id INTEGER NOT NULL,
	account_id INTEGER,
	actor VARCHAR NOT NULL,
	action VARCHAR NOT NULL,
	entity_type VARCHAR NOT NULL,
	entity_id VARCHAR,
	detail JSON NOT NULL,
	created_at VARCHAR(32) NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE SET NULL
);
CREATE INDEX ix_audit_entity ON audit_logs (entity_type, entity_id);
CREATE TABLE calendar_events (
	id INTEGER NOT NULL,
	account_id INTEGER NOT NULL,
	calendar_id VARCHAR NOT NULL,
	event_id VARCHAR NOT NULL,
	ical_uid VARCHAR,
	recurring_event_id VARCHAR,
	status VARCHAR NOT NULL,
	summary VARCHAR,
	description VARCHAR,
	location VARCHAR,
	start_at VARCHAR(32),
	end_at VARCHAR(32),
	time_zone VARCHAR,
	all_day BOOLEAN NOT NULL,
	start_date VARCHAR,
	end_date VARCHAR,
	organizer_email VARCHAR,
	organizer_name VARCHAR,
	organizer_self BOOLEAN NOT NULL,
	attendees JSON NOT NULL,
	my_response_status VARCHAR,
	html_link VARCHAR,
	etag VARCHAR,
	updated VARCHAR(32),
	synced_at VARCHAR(32) NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (account_id, calendar_id, event_id),
	FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE CASCADE
);
CREATE INDEX ix_events_ical ON calendar_events (account_id, ical_uid);
CREATE INDEX ix_events_start ON calendar_events (account_id, start_at);
CREATE TABLE calendars (
	id INTEGER NOT NULL,
	account_id INTEGER NOT NULL,
	calendar_id VARCHAR NOT NULL,
	summary VARCHAR,
	is_primary BOOLEAN NOT NULL,
	time_zone VARCHAR,
	access_role VARCHAR,
	selected BOOLEAN NOT NULL,
	synced BOOLEAN NOT NULL,
	updated_at VARCHAR(32) NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (account_id, calendar_id),
	FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE CASCADE
);
CREATE TABLE contacts (
	id INTEGER NOT NULL,
	account_id INTEGER NOT NULL,
	email VARCHAR NOT NULL,
	name VARCHAR,
	domain VARCHAR NOT NULL,
	sent_to_count INTEGER NOT NULL,
	received_count INTEGER NOT NULL,
	replied_count INTEGER NOT NULL,
	median_reply_hours FLOAT,
	last_sent_at VARCHAR(32),
	last_received_at VARCHAR(32),
	weight_adjustment INTEGER NOT NULL,
	updated_at VARCHAR(32) NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (account_id, email),
	FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE CASCADE
);
CREATE TABLE feedback_entries (
	id INTEGER NOT NULL,
	account_id INTEGER NOT NULL,
	target_type VARCHAR NOT NULL,
	target_id INTEGER NOT NULL,
	verdict VARCHAR NOT NULL,
	sender_email VARCHAR,
	note VARCHAR,
	created_at VARCHAR(32) NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE CASCADE
);
CREATE INDEX ix_feedback_target ON feedback_entries (target_type, target_id);
CREATE TABLE ingestion_state (
	id INTEGER NOT NULL,
	account_id INTEGER NOT NULL,
	source VARCHAR NOT NULL,
	cursor VARCHAR,
	resume JSON NOT NULL,
	last_success_at VARCHAR(32),
	last_attempt_at VARCHAR(32),
	last_error VARCHAR,
	consecutive_failures INTEGER NOT NULL,
	backoff_until VARCHAR(32),
	updated_at VARCHAR(32) NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (account_id, source),
	FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE CASCADE
);
CREATE TABLE labels (
	id INTEGER NOT NULL,
	account_id INTEGER NOT NULL,
	label_id VARCHAR NOT NULL,
	name VARCHAR NOT NULL,
	label_type VARCHAR NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (account_id, label_id),
	FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE CASCADE
);
CREATE TABLE llm_calls (
	id INTEGER NOT NULL,
	account_id INTEGER,
	model VARCHAR NOT NULL,
	purpose VARCHAR NOT NULL,
	cache_key VARCHAR NOT NULL,
	subject_ref VARCHAR,
	prompt_tokens INTEGER NOT NULL,
	completion_tokens INTEGER NOT NULL,
	latency_ms INTEGER NOT NULL,
	outcome VARCHAR NOT NULL,
	error VARCHAR,
	response JSON,
	created_at VARCHAR(32) NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE SET NULL
);
CREATE INDEX ix_llm_calls_cache ON llm_calls (purpose, cache_key);
CREATE TABLE messages (
	id INTEGER NOT NULL,
	account_id INTEGER NOT NULL,
	gmail_id VARCHAR NOT NULL,
	thread_id VARCHAR NOT NULL,
	history_id INTEGER NOT NULL,
	internal_date INTEGER NOT NULL,
	label_ids JSON NOT NULL,
	from_header VARCHAR,
	from_email VARCHAR,
	from_name VARCHAR,
	to_header VARCHAR,
	cc_header VARCHAR,
	reply_to_header VARCHAR,
	subject VARCHAR,
	snippet VARCHAR,
	date_header VARCHAR,
	message_id_header VARCHAR,
	in_reply_to VARCHAR,
	"references" VARCHAR,
	list_id VARCHAR,
	list_unsubscribe VARCHAR,
	precedence VARCHAR,
	auto_submitted VARCHAR,
	size_estimate INTEGER NOT NULL,
	is_sent BOOLEAN NOT NULL,
	body_state VARCHAR NOT NULL,
	body_text VARCHAR,
	body_fetched_at VARCHAR(32),
	synced_at VARCHAR(32) NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (account_id, gmail_id),
	FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE CASCADE
);
CREATE INDEX ix_messages_date ON messages (account_id, internal_date);
CREATE INDEX ix_messages_from ON messages (account_id, from_email);
CREATE INDEX ix_messages_message_id ON messages (account_id, message_id_header);
CREATE INDEX ix_messages_thread ON messages (account_id, thread_id, internal_date);
CREATE TABLE policy_rules (
	id INTEGER NOT NULL,
	account_id INTEGER,
	match_type VARCHAR NOT NULL,
	pattern VARCHAR NOT NULL,
	action VARCHAR NOT NULL,
	points INTEGER NOT NULL,
	note VARCHAR,
	enabled BOOLEAN NOT NULL,
	created_at VARCHAR(32) NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE CASCADE
);
CREATE TABLE threads (
	id INTEGER NOT NULL,
	account_id INTEGER NOT NULL,
	thread_id VARCHAR NOT NULL,
	subject VARCHAR,
	message_count INTEGER NOT NULL,
	last_message_at INTEGER NOT NULL,
	last_from_email VARCHAR,
	last_from_me BOOLEAN NOT NULL,
	participants JSON NOT NULL,
	label_ids JSON NOT NULL,
	unread BOOLEAN NOT NULL,
	content_hash VARCHAR,
	triaged_hash VARCHAR,
	updated_at VARCHAR(32) NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (account_id, thread_id),
	FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE CASCADE
);
CREATE INDEX ix_threads_last ON threads (account_id, last_message_at);
CREATE TABLE work_items (
	id INTEGER NOT NULL,
	account_id INTEGER NOT NULL,
	source VARCHAR NOT NULL,
	source_key VARCHAR NOT NULL,
	thread_id VARCHAR,
	calendar_id VARCHAR,
	event_id VARCHAR,
	kind VARCHAR NOT NULL,
	title VARCHAR NOT NULL,
	who VARCHAR NOT NULL,
	who_email VARCHAR,
	status VARCHAR NOT NULL,
	snoozed_until VARCHAR(32),
	score INTEGER NOT NULL,
	rule_score INTEGER NOT NULL,
	model_score INTEGER,
	tier VARCHAR NOT NULL,
	reason VARCHAR NOT NULL,
	score_version VARCHAR NOT NULL,
	content_hash VARCHAR,
	dismissed_hash VARCHAR,
	due_at VARCHAR(32),
	last_activity_at VARCHAR(32),
	created_at VARCHAR(32) NOT NULL,
	updated_at VARCHAR(32) NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (account_id, source, source_key),
	FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE CASCADE
);
CREATE INDEX ix_work_items_important ON work_items (status, score, last_activity_at);
CREATE INDEX ix_work_items_thread ON work_items (account_id, thread_id);
CREATE TABLE workflow_runs (
	id INTEGER NOT NULL,
	account_id INTEGER,
	kind VARCHAR NOT NULL,
	"trigger" VARCHAR NOT NULL,
	status VARCHAR NOT NULL,
	summary JSON NOT NULL,
	error VARCHAR,
	started_at VARCHAR(32) NOT NULL,
	finished_at VARCHAR(32),
	PRIMARY KEY (id),
	FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE SET NULL
);
CREATE INDEX ix_workflow_runs_started ON workflow_runs (started_at);
CREATE TABLE command_runs (
	id INTEGER NOT NULL,
	account_id INTEGER NOT NULL,
	work_item_id INTEGER,
	instruction VARCHAR NOT NULL,
	status VARCHAR NOT NULL,
	question VARCHAR,
	risk VARCHAR,
	interpreter VARCHAR NOT NULL,
	result JSON,
	created_at VARCHAR(32) NOT NULL,
	updated_at VARCHAR(32) NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE CASCADE,
	FOREIGN KEY(work_item_id) REFERENCES work_items (id) ON DELETE SET NULL
);
CREATE INDEX ix_command_runs_status ON command_runs (account_id, status);
CREATE TABLE gate_evaluations (
	id INTEGER NOT NULL,
	account_id INTEGER NOT NULL,
	work_item_id INTEGER NOT NULL,
	gate VARCHAR NOT NULL,
	matched BOOLEAN NOT NULL,
	points INTEGER NOT NULL,
	reason VARCHAR NOT NULL,
	evaluated_at VARCHAR(32) NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (work_item_id, gate),
	FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE CASCADE,
	FOREIGN KEY(work_item_id) REFERENCES work_items (id) ON DELETE CASCADE
);
CREATE TABLE workflow_events (
	id INTEGER NOT NULL,
	workflow_run_id INTEGER NOT NULL,
	account_id INTEGER,
	kind VARCHAR NOT NULL,
	message VARCHAR NOT NULL,
	data JSON NOT NULL,
	created_at VARCHAR(32) NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(workflow_run_id) REFERENCES workflow_runs (id) ON DELETE CASCADE,
	FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE SET NULL
);
CREATE INDEX ix_workflow_events_run ON workflow_events (workflow_run_id, id);
CREATE TABLE command_turns (
	id INTEGER NOT NULL,
	account_id INTEGER NOT NULL,
	command_run_id INTEGER NOT NULL,
	seq INTEGER NOT NULL,
	role VARCHAR NOT NULL,
	text VARCHAR NOT NULL,
	data JSON NOT NULL,
	created_at VARCHAR(32) NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (command_run_id, seq),
	FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE CASCADE,
	FOREIGN KEY(command_run_id) REFERENCES command_runs (id) ON DELETE CASCADE
);
CREATE TABLE proposed_actions (
	id INTEGER NOT NULL,
	account_id INTEGER NOT NULL,
	work_item_id INTEGER,
	command_run_id INTEGER,
	kind VARCHAR NOT NULL,
	payload JSON NOT NULL,
	summary VARCHAR NOT NULL,
	preview VARCHAR NOT NULL,
	risk VARCHAR NOT NULL,
	status VARCHAR NOT NULL,
	idempotency_key VARCHAR NOT NULL,
	result JSON,
	error VARCHAR,
	created_at VARCHAR(32) NOT NULL,
	updated_at VARCHAR(32) NOT NULL,
	executed_at VARCHAR(32),
	PRIMARY KEY (id),
	FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE CASCADE,
	FOREIGN KEY(work_item_id) REFERENCES work_items (id) ON DELETE SET NULL,
	FOREIGN KEY(command_run_id) REFERENCES command_runs (id) ON DELETE SET NULL,
	UNIQUE (idempotency_key)
);
CREATE INDEX ix_actions_status ON proposed_actions (account_id, status);
CREATE TABLE outbox (
	id INTEGER NOT NULL,
	account_id INTEGER NOT NULL,
	proposed_action_id INTEGER,
	kind VARCHAR NOT NULL,
	message_id_header VARCHAR NOT NULL,
	raw_mime BLOB NOT NULL,
	mime_sha256 VARCHAR NOT NULL,
	thread_id VARCHAR,
	to_addrs JSON NOT NULL,
	cc_addrs JSON NOT NULL,
	bcc_addrs JSON NOT NULL,
	subject VARCHAR NOT NULL,
	state VARCHAR NOT NULL,
	gmail_message_id VARCHAR,
	gmail_thread_id VARCHAR,
	gmail_draft_id VARCHAR,
	attempts INTEGER NOT NULL,
	last_error VARCHAR,
	created_at VARCHAR(32) NOT NULL,
	updated_at VARCHAR(32) NOT NULL,
	sent_at VARCHAR(32),
	PRIMARY KEY (id),
	FOREIGN KEY(account_id) REFERENCES accounts (id) ON DELETE CASCADE,
	FOREIGN KEY(proposed_action_id) REFERENCES proposed_actions (id) ON DELETE SET NULL,
	UNIQUE (message_id_header)
);
CREATE INDEX ix_outbox_state ON outbox (account_id, state);
