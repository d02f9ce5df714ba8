/**
 * The PostgreSQL adapter against Deno KV: each scenario runs on both stores and must give the
 * same answers (and the expected ones).
 */
import assert from "node:assert/strict";
import type { Kv } from "./port.ts";
import { HAS_POSTGRES, postgresKv } from "./testing.ts";

const ignore = !HAS_POSTGRES;

/** Runs `scenario` on Deno KV and on PostgreSQL; returns both results. */
async function onBoth<T>(scenario: (kv: Kv) => Promise<T>): Promise<{ deno: T; pg: T }> {
  const denoKv = await Deno.openKv(":memory:");
  const pg = await postgresKv();
  try {
    return { deno: await scenario(denoKv), pg: await scenario(pg.kv) };
  } finally {
    denoKv.close();
    await pg.close();
  }
}

Deno.test({
  name: "PostgresKv fails a commit whose checked versionstamp changed, and writes none of it",
  ignore,
  fn: async () => {
    const { deno, pg } = await onBoth(async (kv) => {
      await kv.set(["k"], 1);
      const old = await kv.get(["k"]);
      await kv.set(["k"], 2);
      const stale = await kv.atomic().check(old).set(["k"], 3).set(["other"], 3).commit();
      const fresh = await kv.get(["k"]);
      const current = await kv.atomic().check(fresh).set(["k"], 4).commit();
      const absent = await kv.atomic().check({ key: ["k"], versionstamp: null }).set(["k"], 5)
        .commit();
      const missing = await kv.atomic().check({ key: ["new"], versionstamp: null }).set(["new"], 6)
        .commit();
      return {
        stale: stale.ok,
        current: current.ok,
        absent: absent.ok,
        missing: missing.ok,
        k: (await kv.get(["k"])).value,
        other: (await kv.get(["other"])).versionstamp,
        newer: current.ok && fresh.versionstamp! < (await kv.get(["k"])).versionstamp!,
      };
    });
    assert.deepEqual(pg, deno);
    assert.deepEqual(pg, {
      stale: false,
      current: true,
      absent: false,
      missing: true,
      k: 4,
      other: null,
      newer: true,
    });
  },
});

Deno.test({
  name: "PostgresKv lets one of two racing checked commits win",
  ignore,
  fn: async () => {
    const pg = await postgresKv();
    try {
      await pg.kv.set(["lease"], "free");
      const seen = await pg.kv.get(["lease"]);
      const other = pg.another();
      const results = await Promise.all(
        Array.from(
          { length: 8 },
          (_, i) =>
            (i % 2 ? other : pg.kv).atomic().check(seen).set(["lease"], `taken by ${i}`).commit(),
        ),
      );
      assert.equal(results.filter((r) => r.ok).length, 1);
    } finally {
      await pg.close();
    }
  },
});

Deno.test({
  name: "PostgresKv sums, mins and maxes KvU64 counters as Deno KV does, wrapping at 2^64",
  ignore,
  fn: async () => {
    const minusOne = (1n << 64n) - 1n;
    const { deno, pg } = await onBoth(async (kv) => {
      await kv.atomic().sum(["n"], 5n).sum(["n"], 2n).commit();
      await kv.atomic().sum(["n"], minusOne).commit();
      await kv.atomic().min(["lo"], 9n).min(["lo"], 4n).max(["hi"], 3n).max(["hi"], 8n).commit();
      await kv.atomic().sum(["z"], 1n).commit();
      await kv.atomic().sum(["z"], minusOne).commit();
      await kv.set(["text"], "not a counter");
      const refused = await kv.atomic().sum(["text"], 1n).commit().then(() => "ok", () => "threw");
      const values = await kv.getMany<Deno.KvU64[]>([["n"], ["lo"], ["hi"], ["z"]]);
      return { values: values.map((e) => e.value?.value), refused };
    });
    assert.deepEqual(pg, deno);
    assert.deepEqual(pg, { values: [6n, 4n, 8n, 0n], refused: "threw" });
  },
});

const KEYS: Deno.KvKey[] = [
  ["x", "b"],
  ["x", "a", 1],
  ["x", "a"],
  ["x", ""],
  ["x", "a\u0000b"],
  ["x", "é"],
  ["x", 2],
  ["x", -1.5],
  ["x", 0],
  ["x", 10n],
  ["x", -3n],
  ["x", true],
  ["x", false],
  ["x", new Uint8Array([0, 1])],
  ["x", new Uint8Array([])],
  ["x"],
  ["y", "a"],
  ["w", "z"],
];

Deno.test({
  name: "PostgresKv lists by prefix, range, limit and direction in Deno KV's key order",
  ignore,
  fn: async () => {
    const { deno, pg } = await onBoth(async (kv) => {
      for (const [i, key] of KEYS.entries()) await kv.set(key, i);
      const keysOf = async (it: AsyncIterableIterator<Deno.KvEntry<unknown>>) => {
        const out: unknown[] = [];
        for await (const e of it) out.push(e.key);
        return out;
      };
      return {
        all: await keysOf(kv.list({ prefix: ["x"] }, { batchSize: 3 })),
        reverse: await keysOf(kv.list({ prefix: ["x"] }, { reverse: true, batchSize: 2 })),
        limited: await keysOf(kv.list({ prefix: ["x"] }, { limit: 4, batchSize: 3 })),
        lastTwo: await keysOf(kv.list({ prefix: ["x"] }, { reverse: true, limit: 2 })),
        nested: await keysOf(kv.list({ prefix: ["x", "a"] })),
        before: await keysOf(kv.list({ prefix: ["x"], end: ["x", 0] })),
        from: await keysOf(kv.list({ prefix: ["x"], start: ["x", 0] })),
        range: await keysOf(kv.list({ start: ["w"], end: ["x", "b"] })),
      };
    });
    assert.deepEqual(pg, deno);
    assert.equal(pg.all.length, 15);
    assert.deepEqual(pg.reverse, [...pg.all].reverse());
    assert.deepEqual(pg.limited, pg.all.slice(0, 4));
    assert.deepEqual(pg.nested, [["x", "a", 1]]);
  },
});

Deno.test({
  name: "PostgresKv keeps values as Deno KV does: bytes, bigints, dates, nested objects",
  ignore,
  fn: async () => {
    const value = {
      body: new Uint8Array([0, 255, 7]),
      big: -(2n ** 70n),
      at: new Date("2026-12-01T10:00:00Z"),
      list: [1, "two", { three: null }],
      $kv: "an ordinary field with the tag's name",
    };
    const { deno, pg } = await onBoth(async (kv) => {
      await kv.set(["v"], value);
      return (await kv.get(["v"])).value;
    });
    assert.deepEqual(pg, deno);
    assert.deepEqual(pg, value);
  },
});

Deno.test({
  name: "PostgresKv reads an expired entry as absent",
  ignore,
  fn: async () => {
    const pg = await postgresKv();
    try {
      await pg.kv.set(["short"], 1, { expireIn: 50 });
      await pg.kv.set(["long"], 1, { expireIn: 60_000 });
      await new Promise((r) => setTimeout(r, 200));
      assert.equal((await pg.kv.get(["short"])).versionstamp, null);
      assert.equal((await pg.kv.get(["long"])).value, 1);
      assert.equal(
        await pg.kv.atomic().check({ key: ["short"], versionstamp: null }).commit()
          .then((r) => r.ok),
        true,
      );
      assert.equal(await pg.kv.sweepExpired(), 1);
    } finally {
      await pg.close();
    }
  },
});
