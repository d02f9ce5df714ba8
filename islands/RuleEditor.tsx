/**
 * Edits one rule as JSON and tries it on sample Mastodon JSON before saving: a dry run through
 * POST /dryrun/evaluate with the unsaved rule, then PUT /rules/:id. Errors show field by field.
 */
import { useState } from "preact/hooks";
import { RULE_FIELDS } from "../rules/fields.ts";

/** Props: the rule as the API returns it, and the session's CSRF token. */
export interface RuleEditorProps {
  id: string;
  rule: Record<string, unknown>;
  csrf: string;
}

const EDITABLE: readonly string[] = RULE_FIELDS;

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

function pick(rule: Record<string, unknown>) {
  return Object.fromEntries(EDITABLE.filter((k) => k in rule).map((k) => [k, rule[k]]));
}

/** The editor. */
export default function RuleEditor({ id, rule, csrf }: RuleEditorProps) {
  const [text, setText] = useState(JSON.stringify(pick(rule), null, 2));
  const [sample, setSample] = useState(SAMPLE);
  const [message, setMessage] = useState("");

  const send = async (path: string, method: string, body: unknown) => {
    const res = await fetch(path, {
      method,
      headers: { "content-type": "application/json", "x-csrf-token": csrf },
      body: JSON.stringify(body),
    });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) {
      const details = (json.error?.details ?? []) as { field: string; message: string }[];
      throw new Error(
        [
          json.error?.message ?? `HTTP ${res.status}`,
          ...details.map((d) => `${d.field}: ${d.message}`),
        ].join("\n"),
      );
    }
    return json;
  };

  const parse = (value: string, what: string) => {
    try {
      return JSON.parse(value);
    } catch {
      throw new Error(`${what} is not valid JSON`);
    }
  };

  const tryIt = async () => {
    try {
      const r = await send("/dryrun/evaluate", "POST", {
        ...parse(sample, "The sample"),
        rules: [parse(text, "The rule")],
      });
      setMessage(`Score ${r.score}; hits: ${JSON.stringify(r.hits)}`);
    } catch (err) {
      setMessage((err as Error).message);
    }
  };

  const save = async () => {
    try {
      const r = await send(`/rules/${encodeURIComponent(id)}`, "PUT", parse(text, "The rule"));
      setMessage(`Saved as version ${r.version}`);
    } catch (err) {
      setMessage((err as Error).message);
    }
  };

  return (
    <div class="rule-editor">
      <label>
        Rule (JSON)
        <textarea
          name="rule"
          rows={16}
          cols={80}
          value={text}
          onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      <label>
        Sample account and statuses (Mastodon JSON)
        <textarea
          name="sample"
          rows={10}
          cols={80}
          value={sample}
          onInput={(e) => setSample((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      <p>
        <button type="button" onClick={tryIt}>Try on the sample</button>{" "}
        <button type="button" onClick={save}>Save</button>
      </p>
      <pre class="result" role="status">{message}</pre>
    </div>
  );
}
