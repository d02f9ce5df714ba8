-- The Mastodon instance this database serves, recorded at the first start: a later start against
-- another instance (or the same name re-created from scratch) is refused, so reports, accounts and
-- Mastodon ids of two instances never mix.
CREATE TABLE instance_identity (
  singleton           boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  domain              text NOT NULL,
  base_url            text NOT NULL,
  admin_account_id    text NOT NULL,
  reporter_account_id text,
  recorded_at         timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
