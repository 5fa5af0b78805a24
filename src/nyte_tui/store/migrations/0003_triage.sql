-- 0003: triage remembers when an item's score may change with time alone (reply ageing, events drawing near).
ALTER TABLE work_items ADD COLUMN rescore_at VARCHAR(32);
CREATE INDEX ix_work_items_rescore ON work_items (account_id, rescore_at);
