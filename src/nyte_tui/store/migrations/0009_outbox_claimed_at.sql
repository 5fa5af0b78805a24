-- 0009: an outbox row remembers when its last send attempt was claimed (the in-flight window
-- counts from the claim, not from whatever changed the row last).
ALTER TABLE outbox ADD COLUMN claimed_at VARCHAR(32);
