-- First schema: rules with versions, accounts seen, analyses, reports and outcomes, audit log, settings.

CREATE TABLE rules (
  id                bigserial PRIMARY KEY,
  name              text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
  description       text NOT NULL DEFAULT '',
  detector_type     text NOT NULL CHECK (detector_type IN
                      ('keyword', 'regex', 'link', 'media', 'account', 'behavior', 'campaign')),
  pattern           text NOT NULL DEFAULT '',
  target_fields     text[] NOT NULL DEFAULT '{}',
  boolean_operator  text CHECK (boolean_operator IN ('AND', 'OR')),
  secondary_pattern text,
  params            jsonb NOT NULL DEFAULT '{}',
  weight            double precision NOT NULL DEFAULT 1,
  enabled           boolean NOT NULL DEFAULT true,
  mode              text NOT NULL DEFAULT 'shadow' CHECK (mode IN ('shadow', 'report')),
  category          text NOT NULL DEFAULT 'spam' CHECK (category IN ('spam', 'violation', 'legal', 'other')),
  instance_rule_ids text[] NOT NULL DEFAULT '{}',
  version           integer NOT NULL DEFAULT 1,
  created_at        timestamptz NOT NULL DEFAULT now(),
  created_by        text NOT NULL DEFAULT 'system',
  updated_at        timestamptz NOT NULL DEFAULT now(),
  updated_by        text NOT NULL DEFAULT 'system',
  deleted_at        timestamptz
);
CREATE INDEX rules_enabled_idx ON rules (enabled) WHERE deleted_at IS NULL;

-- Every version of every rule: who changed it, when, and what changed.
CREATE TABLE rule_versions (
  rule_id    bigint NOT NULL REFERENCES rules (id) ON DELETE CASCADE,
  version    integer NOT NULL,
  snapshot   jsonb NOT NULL,
  changes    jsonb NOT NULL DEFAULT '{}',
  changed_by text NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (rule_id, version)
);

-- Accounts seen on the Mastodon server (ids are Mastodon's, opaque strings).
CREATE TABLE accounts (
  id               text PRIMARY KEY,
  acct             text NOT NULL,
  username         text NOT NULL,
  domain           text,
  display_name     text NOT NULL DEFAULT '',
  data             jsonb NOT NULL DEFAULT '{}',
  first_seen_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at     timestamptz NOT NULL DEFAULT now(),
  last_score       double precision,
  last_analysis_at timestamptz
);
CREATE INDEX accounts_domain_idx ON accounts (domain);
CREATE INDEX accounts_last_seen_idx ON accounts (last_seen_at DESC);
CREATE INDEX accounts_last_score_idx ON accounts (last_score DESC NULLS LAST);

CREATE TABLE analyses (
  id            bigserial PRIMARY KEY,
  account_id    text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  run_id        text NOT NULL,
  status_id     text,
  score         double precision NOT NULL,
  hits          jsonb NOT NULL DEFAULT '[]',
  rule_versions jsonb NOT NULL DEFAULT '{}',
  status_ids    text[] NOT NULL DEFAULT '{}',
  dry_run       boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX analyses_account_idx ON analyses (account_id, created_at DESC);
CREATE INDEX analyses_created_idx ON analyses (created_at DESC);
CREATE UNIQUE INDEX analyses_run_idx ON analyses (run_id);

-- Reports this service filed at Mastodon.
CREATE TABLE reports (
  id                 bigserial PRIMARY KEY,
  account_id         text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  analysis_id        bigint REFERENCES analyses (id) ON DELETE SET NULL,
  run_id             text NOT NULL,
  mastodon_report_id text UNIQUE,
  status_ids         text[] NOT NULL DEFAULT '{}',
  category           text NOT NULL,
  instance_rule_ids  text[] NOT NULL DEFAULT '{}',
  comment            text NOT NULL,
  forwarded          boolean NOT NULL DEFAULT false,
  domain             text,
  state              text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'resolved')),
  created_at         timestamptz NOT NULL DEFAULT now(),
  resolved_at        timestamptz
);
CREATE INDEX reports_account_idx ON reports (account_id, created_at DESC);
CREATE INDEX reports_state_idx ON reports (state, created_at DESC);
CREATE INDEX reports_domain_day_idx ON reports (domain, created_at);
CREATE UNIQUE INDEX reports_run_idx ON reports (run_id);

-- What moderators decided about a report, as read back from Mastodon.
CREATE TABLE report_outcomes (
  id           bigserial PRIMARY KEY,
  report_id    bigint NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  action_taken boolean NOT NULL,
  resolved     boolean NOT NULL,
  observed_at  timestamptz NOT NULL DEFAULT now(),
  details      jsonb NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX report_outcomes_report_idx ON report_outcomes (report_id);

CREATE TABLE audit_log (
  id         bigserial PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  action     text NOT NULL,
  actor      text NOT NULL DEFAULT 'system',
  account_id text,
  run_id     text,
  rule_names text[] NOT NULL DEFAULT '{}',
  details    jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_account_idx ON audit_log (account_id, at DESC);
CREATE INDEX audit_log_action_idx ON audit_log (action, at DESC);
CREATE INDEX audit_log_rules_idx ON audit_log USING gin (rule_names);

CREATE TABLE settings (
  key        text PRIMARY KEY,
  value      jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL DEFAULT 'system'
);
