/**
 * `deno task rescan [ACCOUNT]`: analyses again one account (its Mastodon id) or, without one,
 * every account MastoWatch has seen. It asks the running service, whose queue does the work;
 * a rescan of all accounts is followed until every account is queued (`--no-wait` returns at
 * once; the job goes on in the service and resumes after a restart).
 */
import type { RescanJob } from "../intake/rescan.ts";
import { callService, ServiceError, type ServiceTarget, serviceTarget } from "./service_client.ts";

const USAGE = "usage: deno task rescan [ACCOUNT_ID] [--url URL] [--no-wait]";

/** Parsed command line. */
export interface RescanArgs {
  account?: string;
  url?: string;
  wait: boolean;
}

/** Reads the command line; throws with the usage when it is wrong. */
export function parseRescanArgs(args: string[]): RescanArgs {
  const out: RescanArgs = { wait: true };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--url") out.url = args[++i] ?? "";
    else if (args[i] === "--no-wait") out.wait = false;
    else if (args[i].startsWith("--")) throw new Error(`unknown option ${args[i]}\n${USAGE}`);
    else if (out.account === undefined) out.account = args[i];
    else throw new Error(USAGE);
  }
  if (out.url === "") throw new Error(USAGE);
  if (out.account !== undefined && !/^\d{1,20}$/.test(out.account)) {
    throw new Error(
      `"${out.account}" is not an account id: give the account's Mastodon id, as in ` +
        "/accounts/{id} or the admin URL /admin/accounts/{id}",
    );
  }
  return out;
}

/** Runs the rescan; `say` prints progress. Returns the final line. */
export async function runRescanTask(
  args: RescanArgs,
  target: ServiceTarget,
  say: (line: string) => void = console.log,
  pauseMs = 1000,
): Promise<string> {
  if (args.account) {
    const r = await callService<{ run_id: string }>(
      target,
      "POST",
      `/accounts/${args.account}/rescan`,
    );
    return `queued account ${args.account} (run ${r.run_id})`;
  }
  let job = await callService<RescanJob>(target, "POST", "/rescan");
  say(`rescan ${job.id}: ${job.total} accounts to queue`);
  while (args.wait && job.state === "running") {
    await new Promise((r) => setTimeout(r, pauseMs));
    job = await callService<RescanJob>(target, "GET", `/rescan/${job.id}`);
    say(`  ${job.queued} of ${job.total} queued`);
  }
  return job.state === "done"
    ? `rescan ${job.id} done: ${job.queued} accounts queued`
    : `rescan ${job.id} goes on in the service; follow it at GET /rescan/${job.id}`;
}

if (import.meta.main) {
  try {
    const args = parseRescanArgs(Deno.args);
    console.log(await runRescanTask(args, serviceTarget(Deno.env.toObject(), args.url)));
  } catch (err) {
    console.error((err as Error).message);
    Deno.exit(err instanceof ServiceError && err.status === 404 ? 2 : 1);
  }
}
