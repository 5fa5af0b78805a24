-- 0004: audit rows stay append-only in what they say, but deleting an account may detach them
-- (ON DELETE SET NULL updates account_id, which the 0002 trigger refused).
DROP TRIGGER audit_logs_no_update;
CREATE TRIGGER audit_logs_no_update BEFORE UPDATE OF id, actor, action, entity_type, entity_id, detail, created_at ON audit_logs
BEGIN
    SELECT RAISE(ABORT, 'audit_logs is append-only');
END;
CREATE TRIGGER audit_logs_no_reattach BEFORE UPDATE OF account_id ON audit_logs
WHEN NEW.account_id IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'audit_logs is append-only');
END;
