-- Rule names are unique among live rules only: a soft-deleted rule keeps its history and name,
-- and a new rule may take the name again.
ALTER TABLE rules DROP CONSTRAINT IF EXISTS rules_name_key;
CREATE UNIQUE INDEX IF NOT EXISTS rules_live_name_idx ON rules (name) WHERE deleted_at IS NULL;
