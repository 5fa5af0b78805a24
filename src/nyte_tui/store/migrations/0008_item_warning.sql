-- 0008: a work item can carry a warning (phishing or scam) that its detail shows.
ALTER TABLE work_items ADD COLUMN warning TEXT;
