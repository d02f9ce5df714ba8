import assert from "node:assert/strict";
import { generatePopulation } from "./population/generate.ts";
import { realtimeBaseTime, startDevServer } from "./main.ts";

Deno.test("startDevServer listens on a free port and entity URLs use that origin", async () => {
  const running = await startDevServer({ port: 0 });
  try {
    const res = await fetch(`${running.url}/api/v1/accounts/verify_credentials`, {
      headers: { Authorization: "Bearer dev-admin-token" },
    });
    assert.equal(res.status, 200);
    const me = await res.json();
    assert.equal(me.url, `${running.url}/@admin`);
    const instance = await (await fetch(`${running.url}/api/v2/instance`)).json();
    assert.equal(instance.domain, new URL(running.url).host);
  } finally {
    await running.shutdown();
  }
});

Deno.test("realtimeBaseTime() keeps every compressed arrival's timestamp in the past", () => {
  const now = Date.parse("2026-11-25T15:00:00Z");
  const speed = 60;
  const baseTime = realtimeBaseTime(now, speed);
  const population = generatePopulation(42, { baseTime });
  for (const account of population.accounts) {
    const arrivesAt = now + account.arrivesAtMs / speed;
    assert.ok(Date.parse(account.admin.created_at) <= arrivesAt + 1000);
    for (const s of account.statuses) {
      const offset = Math.max(account.arrivesAtMs, Date.parse(s.created_at) - baseTime, 0);
      assert.ok(Date.parse(s.created_at) <= now + offset / speed + 1000);
    }
  }
  assert.equal(realtimeBaseTime(now, 1), now);
});

const ROOT = new URL("../", import.meta.url).pathname;

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** `deno task devserver` as a child process on a data directory and port. */
function spawnDevServer(env: Record<string, string>, stderr: "null" | "piped" = "null") {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "devserver/main.ts"],
    cwd: ROOT,
    clearEnv: true,
    env: {
      PATH: Deno.env.get("PATH") ?? "",
      HOME: Deno.env.get("HOME") ?? "/tmp",
      ...(Deno.env.get("DENO_DIR") ? { DENO_DIR: Deno.env.get("DENO_DIR")! } : {}),
      NO_COLOR: "1",
      ...env,
    },
    stdin: "null",
    stdout: "null",
    stderr,
  }).spawn();
}

async function waitUntilUp(url: string, child: Deno.ChildProcess) {
  const deadline = Date.now() + 20_000;
  let exited = false;
  child.status.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    try {
      const res = await fetch(`${url}/api/v2/instance`);
      await res.body?.cancel();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the development server on ${url} did not come up`);
}

async function fileReport(url: string): Promise<string> {
  const admin = { Authorization: "Bearer dev-admin-token" };
  const accounts = await (await fetch(`${url}/api/v2/admin/accounts?origin=remote`, {
    headers: admin,
  })).json();
  const res = await fetch(`${url}/api/v1/reports`, {
    method: "POST",
    headers: { Authorization: "Bearer dev-reporter-token", "Content-Type": "application/json" },
    body: JSON.stringify({ account_id: accounts[0].id, comment: "filed before the kill" }),
  });
  assert.equal(res.status, 200);
  return (await res.json()).id;
}

async function reports(url: string): Promise<{ id: string; comment: string }[]> {
  return await (await fetch(`${url}/_dev/reports`)).json();
}

Deno.test("a development server killed with SIGKILL still has its reports when started again, and ids go on", async () => {
  const dir = await Deno.makeTempDir({ prefix: "devserver-kill-" });
  const port = freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = { DEVSERVER_DATA_DIR: dir, DEVSERVER_PORT: String(port) };
  try {
    const first = spawnDevServer(env);
    await waitUntilUp(url, first);
    const id = await fileReport(url);
    first.kill("SIGKILL");
    assert.equal((await first.status).signal, "SIGKILL");

    const second = spawnDevServer(env);
    try {
      await waitUntilUp(url, second);
      assert.deepEqual((await reports(url)).map((r) => [r.id, r.comment]), [
        [id, "filed before the kill"],
      ]);
      assert.ok(Number(await fileReport(url)) > Number(id));
    } finally {
      second.kill("SIGKILL");
      await second.status;
    }

    const reset = spawnDevServer({ ...env, DEVSERVER_RESET: "1" });
    try {
      await waitUntilUp(url, reset);
      assert.deepEqual(await reports(url), [], "DEVSERVER_RESET=1 starts afresh");
    } finally {
      reset.kill("SIGTERM");
      await reset.status;
    }

    const otherSeed = spawnDevServer({ ...env, DEVSERVER_SEED: "7" }, "piped");
    const out = await otherSeed.output();
    assert.equal(out.code, 1);
    const message = new TextDecoder().decode(out.stderr);
    assert.match(message, /seed 42 is stored, 7 was given/);
    assert.match(message, /DEVSERVER_RESET=1/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
