-- 0005: find an item's pending proposal without scanning every action.
CREATE INDEX ix_actions_item ON proposed_actions (work_item_id, status);
