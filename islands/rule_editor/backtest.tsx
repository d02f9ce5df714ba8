/**
 * "What if?": the unsaved rule replayed over the analyses of the last days (POST /backtest),
 * polled until done, before the change is saved. Nothing is filed and nothing is saved.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, type FieldIssue, send } from "./api.ts";

interface Account {
  account_id: string;
  acct: string;
  score: number;
  baseline_score: number;
}

interface Backtest {
  id: string;
  state: "running" | "done" | "failed";
  progress: { processed: number; total: number; share: number };
  would_report: Account[];
  would_stop: Account[];
  would_report_count: number;
  would_stop_count: number;
  unchanged: number;
  outcomes: Record<string, string>;
  error: string | null;
}

const SHOWN = 20;
const POLL_MS = 1_000;

function Accounts(
  props: {
    title: string;
    list: Account[];
    count: number;
    outcomes: Backtest["outcomes"];
    attr: string;
  },
) {
  return (
    <div {...{ [props.attr]: "" }}>
      <h4>{props.title}: {props.count}</h4>
      {props.list.length > 0
        ? (
          <ul>
            {props.list.slice(0, SHOWN).map((a) => (
              <li key={a.account_id}>
                <a
                  href={`/accounts/${encodeURIComponent(a.account_id)}`}
                  data-account={a.account_id}
                >
                  @{a.acct || a.account_id}
                </a>{" "}
                score {a.baseline_score} → {a.score}
                {props.outcomes[a.account_id]
                  ? ` · last report ${props.outcomes[a.account_id]}`
                  : ""}
              </li>
            ))}
          </ul>
        )
        : null}
      {props.count > SHOWN ? <p class="hint">and {props.count - SHOWN} more</p> : null}
    </div>
  );
}

/** The backtest panel; `rule` answers the draft as JSON, or undefined when it is invalid. */
export function BacktestPanel(props: {
  csrf: string;
  ruleId?: string;
  rule: () => Record<string, unknown> | undefined;
  onIssues: (issues: FieldIssue[]) => void;
}) {
  const [days, setDays] = useState("7");
  const [result, setResult] = useState<Backtest | undefined>();
  const [error, setError] = useState("");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const poll = async (id: string) => {
    try {
      const b = await send<Backtest>(`/backtest/${encodeURIComponent(id)}`, props.csrf);
      setResult(b);
      if (b.state === "running") timer.current = setTimeout(() => poll(id), POLL_MS);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const start = async () => {
    const rule = props.rule();
    if (!rule) return;
    clearTimeout(timer.current);
    setError("");
    setResult(undefined);
    const body = props.ruleId
      ? { rule_id: props.ruleId, changes: rule, days: Number(days) }
      : { rule, days: Number(days) };
    try {
      const { id } = await send<{ id: string }>("/backtest", props.csrf, { method: "POST", body });
      props.onIssues([]);
      await poll(id);
    } catch (err) {
      const e = err as ApiError;
      if (e.status === 422) props.onIssues(e.issues ?? []);
      // A 409 names the caller's backtest that is still running; it is shown instead.
      const running = e.status === 409 ? e.message.match(/Backtest (\d+)/)?.[1] : undefined;
      setError(running ? `${e.message}; showing it.` : e.message);
      if (running) await poll(running);
    }
  };

  const running = result?.state === "running";
  return (
    <fieldset class="tester backtest">
      <legend>What if? Backtest before saving</legend>
      <p class="hint">
        Replays the analyses of the last days with this version of the rule and with the rules as
        they are, and lists the accounts whose report would change. A rule is asked what it would
        report, whatever its mode.
      </p>
      <div class="field">
        <label for="backtest-days">Days of analyses to replay</label>
        <input
          id="backtest-days"
          type="number"
          min="1"
          value={days}
          onInput={(e) => setDays((e.target as HTMLInputElement).value)}
        />
      </div>
      <div class="actions">
        <button type="button" class="secondary" disabled={running} onClick={start} data-backtest>
          {running ? "Backtesting…" : "Backtest this change"}
        </button>
      </div>
      {error ? <p class="error" role="alert" data-backtest-error>{error}</p> : null}
      {result
        ? (
          <div data-backtest-result={result.state}>
            {result.state === "running"
              ? (
                <p>
                  <progress max={1} value={result.progress.share} /> {result.progress.processed} of
                  {" "}
                  {result.progress.total} analyses
                </p>
              )
              : null}
            {result.state === "failed" ? <p class="field-error">Failed: {result.error}</p> : null}
            {result.state === "done"
              ? (
                <>
                  <Accounts
                    title="Would now be reported"
                    list={result.would_report}
                    count={result.would_report_count}
                    outcomes={result.outcomes}
                    attr="data-backtest-would-report"
                  />
                  <Accounts
                    title="Would no longer be reported"
                    list={result.would_stop}
                    count={result.would_stop_count}
                    outcomes={result.outcomes}
                    attr="data-backtest-would-stop"
                  />
                  <p>{result.unchanged} accounts unchanged.</p>
                </>
              )
              : null}
          </div>
        )
        : null}
    </fieldset>
  );
}
