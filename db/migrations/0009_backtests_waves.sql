-- What-if backtests and spam waves.

-- The engine's input of each analysis exactly as the engine saw it (the run's context plus the
-- profile the previous analysis saw and the sign-up counters), so that a backtest replays it.
-- Kept as long as its analysis: retention deletes both.
CREATE TABLE analysis_inputs (
  analysis_id bigint PRIMARY KEY REFERENCES analyses (id) ON DELETE CASCADE,
  input       jsonb NOT NULL
);

-- A backtest: a candidate rule replayed over the stored inputs of the last `days` days.
CREATE TABLE backtests (
  id          bigserial PRIMARY KEY,
  actor       text NOT NULL,
  state       text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done', 'failed')),
  days        integer NOT NULL CHECK (days BETWEEN 1 AND 3650),
  spec        jsonb NOT NULL,
  total       integer NOT NULL DEFAULT 0,
  processed   integer NOT NULL DEFAULT 0,
  result      jsonb,
  error       text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
-- At most one running backtest per actor: a second insert conflicts.
CREATE UNIQUE INDEX backtests_running_actor_idx ON backtests (actor) WHERE state = 'running';
CREATE INDEX backtests_created_idx ON backtests (created_at DESC);
-- The backtest reads analyses of a period in id order.
CREATE INDEX IF NOT EXISTS analyses_created_id_idx ON analyses (created_at, id);

-- A spam wave: accounts that shared a text, link, image or sign-up address within a window.
CREATE TABLE waves (
  id          bigserial PRIMARY KEY,
  first_seen  timestamptz NOT NULL,
  last_seen   timestamptz NOT NULL,
  notified_at timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX waves_last_seen_idx ON waves (last_seen DESC, id DESC);

-- Which wave an account belongs to (one at most: waves that come to share an account merge).
CREATE TABLE wave_members (
  account_id text PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  wave_id    bigint NOT NULL REFERENCES waves (id) ON DELETE CASCADE,
  joined_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX wave_members_wave_idx ON wave_members (wave_id, joined_at);

-- The features an analysis saw: `digest` identifies the feature (SHA-256 of kind and key),
-- `sample` is what a moderator sees (the normalised text, the link, the blurhash; empty for a
-- sign-up address, which stays private). Deleted with the analysis that recorded them.
CREATE TABLE wave_features (
  digest      text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('texts', 'links', 'blurhashes', 'signups')),
  sample      text NOT NULL DEFAULT '',
  account_id  text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  seen_at     timestamptz NOT NULL,
  analysis_id bigint NOT NULL REFERENCES analyses (id) ON DELETE CASCADE,
  PRIMARY KEY (digest, account_id, seen_at)
);
CREATE INDEX wave_features_account_idx ON wave_features (account_id);
CREATE INDEX wave_features_analysis_idx ON wave_features (analysis_id);
