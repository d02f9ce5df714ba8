-- QUEUE=postgres: workflow state, leases, budgets, counters, caches and cursors, kept as Deno KV
-- keeps them. The queue itself is pg-boss's, in its own schema.
CREATE TABLE kv_entries (
  -- The Deno KV key as order-preserving hex (kv/key_codec.ts): byte order is key order.
  key text COLLATE "C" PRIMARY KEY,
  -- JSON, with bytes, bigints and counters tagged (kv/value_codec.ts).
  value text NOT NULL,
  -- Taken from kv_versionstamps once per commit, after the commit's keys are locked.
  versionstamp bigint NOT NULL,
  -- Past it the entry reads as absent; swept now and then.
  expires_at timestamptz
);
CREATE INDEX kv_entries_expires_at ON kv_entries (expires_at) WHERE expires_at IS NOT NULL;
CREATE SEQUENCE kv_versionstamps;
