-- What the last analysis saw of each account's profile (digests of display name, bio, fields,
-- avatar), so that an edit after sign-up starts a new run; and when the periodic pass last
-- re-read the profile, so that the pass takes the longest-unchecked accounts first.
ALTER TABLE accounts ADD COLUMN profile_fingerprint jsonb;
ALTER TABLE accounts ADD COLUMN profile_checked_at timestamptz;
CREATE INDEX accounts_profile_recheck_idx ON accounts (profile_checked_at NULLS FIRST, last_seen_at DESC)
  WHERE profile_fingerprint IS NOT NULL;
