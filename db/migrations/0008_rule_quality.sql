-- Rule quality: which reports each rule contributed to, what a shadow rule would have reported,
-- and who promoted a rule and why.

-- Precision per rule joins each report to the analysis it was filed from.
CREATE INDEX IF NOT EXISTS reports_analysis_idx ON reports (analysis_id);

-- A rule's page finds the analyses it hit (hits @> '[{"rule":{"id":"…"}}]').
CREATE INDEX IF NOT EXISTS analyses_hits_idx ON analyses USING gin (hits jsonb_path_ops);

-- What moderators decided, as one word: 'actioned' (the target was suspended, silenced,
-- disabled, marked sensitive, or had statuses deleted) or 'dismissed'. Older rows are filled
-- from action_taken.
ALTER TABLE report_outcomes ADD COLUMN IF NOT EXISTS outcome text
  CHECK (outcome IN ('actioned', 'dismissed'));
UPDATE report_outcomes SET outcome = CASE WHEN action_taken THEN 'actioned' ELSE 'dismissed' END
  WHERE outcome IS NULL;
