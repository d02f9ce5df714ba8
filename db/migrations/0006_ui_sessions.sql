-- The moderators' UI: sessions kept server-side, logins under way, and indexes for the pages.

-- A session: the cookie holds a random id and only its SHA-256 is stored, so a copy of this
-- table lets nobody in. The moderator's Mastodon token is sealed with SESSION_SECRET; it is kept
-- to re-check the role and to revoke the token at logout.
CREATE TABLE ui_sessions (
  id_hash         text PRIMARY KEY,
  account_id      text NOT NULL,
  acct            text NOT NULL,
  role            text NOT NULL DEFAULT '',
  token_sealed    text NOT NULL,
  csrf_token      text NOT NULL,
  created_at      timestamptz NOT NULL,
  last_seen_at    timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL,
  role_checked_at timestamptz NOT NULL
);
CREATE INDEX ui_sessions_expires_idx ON ui_sessions (expires_at);
CREATE INDEX ui_sessions_account_idx ON ui_sessions (account_id);

-- A login under way: the OAuth state (hashed; the browser holds it in a cookie), the PKCE
-- verifier, the redirect URI sent, and where to go afterwards. Used once, short-lived.
CREATE TABLE oauth_logins (
  state_hash    text PRIMARY KEY,
  code_verifier text NOT NULL,
  redirect_uri  text NOT NULL,
  return_to     text NOT NULL DEFAULT '/',
  expires_at    timestamptz NOT NULL
);
CREATE INDEX oauth_logins_expires_idx ON oauth_logins (expires_at);

-- The overview's timeline counts actioned reports by the day the outcome was seen.
CREATE INDEX report_outcomes_observed_idx ON report_outcomes (observed_at) WHERE action_taken;
-- The accounts list sorts by first seen as well as by score and last seen.
CREATE INDEX accounts_first_seen_idx ON accounts (first_seen_at DESC, id DESC);
-- An account's page shows the statuses its latest run gathered.
CREATE INDEX run_contexts_account_idx ON run_contexts (account_id, created_at DESC);
-- The rule tester offers the accounts analysed most recently.
CREATE INDEX accounts_last_analysis_idx ON accounts (last_analysis_at DESC)
  WHERE last_analysis_at IS NOT NULL;
