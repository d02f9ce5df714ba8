/**
 * "Test this rule": the unsaved rule against a recent account (the statuses its latest run
 * read) or against pasted Mastodon JSON, through POST /dryrun/evaluate. Nothing is filed.
 */
import { useState } from "preact/hooks";
import { ApiError, type FieldIssue, send } from "./api.ts";

/** An account the tester offers. */
export interface RecentAccount {
  id: string;
  acct: string;
  score: number | null;
}

type Hit = [name: string, weight: number, evidence: { field: string; text: string }[]];

const SAMPLE = JSON.stringify(
  {
    account: {
      id: "1",
      username: "sample",
      acct: "sample@spam.example",
      display_name: "Sample",
      note: "",
      created_at: "2026-11-25T00:00:00.000Z",
      avatar: "https://spam.example/avatars/original/missing.png",
      followers_count: 0,
      following_count: 0,
      statuses_count: 1,
      fields: [],
    },
    statuses: [{
      id: "2",
      created_at: "2026-11-25T00:01:00.000Z",
      visibility: "public",
      content: "<p>Free coins at https://scam.example</p>",
      spoiler_text: "",
      media_attachments: [],
      mentions: [],
      tags: [],
    }],
  },
  null,
  2,
);

/** The test panel; `rule` answers the current draft as JSON, or undefined when it is invalid. */
export function Tester(props: {
  csrf: string;
  accounts: RecentAccount[];
  rule: () => Record<string, unknown> | undefined;
  onIssues: (issues: FieldIssue[]) => void;
}) {
  const [source, setSource] = useState(props.accounts.length ? "account" : "json");
  const [accountId, setAccountId] = useState(props.accounts[0]?.id ?? "");
  const [json, setJson] = useState(SAMPLE);
  const [result, setResult] = useState<
    { score: number; hits: Hit[]; shadow: boolean } | undefined
  >();
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const run = async () => {
    const rule = props.rule();
    if (!rule) return;
    setBusy(true);
    setError("");
    setResult(undefined);
    try {
      let item: unknown;
      if (source === "account") {
        item = await send(`/rules/samples/${encodeURIComponent(accountId)}`, props.csrf);
      } else {
        try {
          item = JSON.parse(json);
        } catch {
          throw new ApiError("The pasted JSON is not valid JSON", 400, []);
        }
      }
      // A disabled rule is tested too: testing is how a moderator decides to enable it.
      const body = { ...(item as Record<string, unknown>), rules: [{ ...rule, enabled: true }] };
      const r = await send<{ score: number; hits: Hit[] }>("/dryrun/evaluate", props.csrf, {
        method: "POST",
        body,
      });
      setResult({ ...r, shadow: rule.mode !== "report" });
      props.onIssues([]);
    } catch (err) {
      const e = err as ApiError;
      const ruleIssues = (e.issues ?? []).filter((i) => i.field.startsWith("rules."));
      if (ruleIssues.length) props.onIssues(ruleIssues);
      const other = (e.issues ?? []).filter((i) => !i.field.startsWith("rules."));
      setError([e.message, ...other.map((i) => `${i.field}: ${i.message}`)].join("; "));
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset class="tester">
      <legend>Test this rule</legend>
      <div class="checks">
        <label>
          <input
            type="radio"
            name="source"
            value="account"
            checked={source === "account"}
            disabled={props.accounts.length === 0}
            onChange={() => setSource("account")}
          />
          A recent account
        </label>
        <label>
          <input
            type="radio"
            name="source"
            value="json"
            checked={source === "json"}
            onChange={() => setSource("json")}
          />
          Pasted Mastodon JSON
        </label>
      </div>
      {source === "account"
        ? (
          <select
            name="test_account"
            aria-label="Account to test on"
            value={accountId}
            onChange={(e) => setAccountId((e.target as HTMLSelectElement).value)}
          >
            {props.accounts.map((a) => (
              <option key={a.id} value={a.id}>
                @{a.acct} (score {a.score === null ? "—" : a.score.toFixed(2)})
              </option>
            ))}
          </select>
        )
        : (
          <textarea
            name="sample"
            rows={10}
            aria-label="Account and statuses as Mastodon JSON"
            value={json}
            onInput={(e) => setJson((e.target as HTMLTextAreaElement).value)}
          />
        )}
      {props.accounts.length === 0
        ? <p class="hint">No analysed account to pick yet: paste an account and its statuses.</p>
        : null}
      <div class="actions">
        <button type="button" class="secondary" onClick={run} disabled={busy} data-test-rule>
          {busy ? "Testing…" : "Test this rule"}
        </button>
      </div>
      {error ? <p class="error" role="alert">{error}</p> : null}
      {result
        ? (
          <div class="test-result" role="status" data-hits={result.hits.length}>
            <p>
              <strong>{result.hits.length ? "It matches." : "No match."}</strong> {result.shadow
                ? "In shadow mode a hit adds to the shadow score only."
                : `Score with this rule alone: ${result.score}`}
            </p>
            <ul>
              {result.hits.flatMap(([, , evidence]) =>
                evidence.map((e, i) => (
                  <li key={i}>
                    {e.field}: <q>{e.text}</q>
                  </li>
                ))
              )}
            </ul>
          </div>
        )
        : null}
    </fieldset>
  );
}
