-- Workflow support: idempotent audit rows per run decision, the scored input of each run,
-- and indexes for the report checks the workflow makes on every run.

-- One audit row per (run, decision): a step that runs twice writes it once.
CREATE UNIQUE INDEX audit_log_run_action_idx ON audit_log (run_id, action) WHERE run_id IS NOT NULL;
CREATE INDEX audit_log_action_at_id_idx ON audit_log (action, at DESC, id DESC);

-- Open reports of an account, read before every filing.
CREATE INDEX reports_account_state_idx ON reports (account_id, state);
-- Reports filed today, globally, for the daily budget.
CREATE INDEX reports_created_idx ON reports (created_at);

-- What fetch_context gathered for a run, so that score can be retried and replayed without
-- calling Mastodon again; too large for a KV value (64 KiB) once 40 statuses are in.
CREATE TABLE run_contexts (
  run_id     text PRIMARY KEY,
  account_id text NOT NULL,
  input      jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX run_contexts_created_idx ON run_contexts (created_at);

-- The score the account would have if shadow rules were live (for tuning shadow rules).
ALTER TABLE analyses ADD COLUMN shadow_score double precision NOT NULL DEFAULT 0;

-- When the outcome sync last asked Mastodon about a report, so each call checks the stalest.
ALTER TABLE reports ADD COLUMN checked_at timestamptz;
CREATE INDEX reports_open_checked_idx ON reports (checked_at NULLS FIRST) WHERE state = 'open';
