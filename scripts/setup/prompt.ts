/** How setup talks to the operator: lines out, answers in (a secret is read without echo). */

/** Output and questions; tests may give their own. */
export interface Io {
  say(line: string): void;
  error(line: string): void;
  ask(question: string, secret?: boolean): Promise<string>;
}

/** Reads one line from a terminal without echoing it. */
async function readHidden(question: string): Promise<string> {
  const out = new TextEncoder();
  await Deno.stdout.write(out.encode(`${question} `));
  Deno.stdin.setRaw(true);
  const chars: string[] = [];
  const buf = new Uint8Array(64);
  try {
    for (;;) {
      const n = await Deno.stdin.read(buf);
      if (n === null) break;
      const text = new TextDecoder().decode(buf.subarray(0, n));
      for (const ch of text) {
        if (ch === "\r" || ch === "\n") return chars.join("");
        if (ch === "\u0003") throw new Error("setup interrupted; nothing was written");
        if (ch === "\u007f" || ch === "\b") chars.pop();
        else chars.push(ch);
      }
    }
    return chars.join("");
  } finally {
    Deno.stdin.setRaw(false);
    await Deno.stdout.write(out.encode("\n"));
  }
}

/** The terminal: stdout, stderr, and prompts on stdin. */
export function terminalIo(): Io {
  return {
    say: (line) => console.log(line),
    error: (line) => console.error(line),
    ask: (question, secret) =>
      secret && Deno.stdin.isTerminal()
        ? readHidden(question)
        : Promise.resolve((prompt(question) ?? "").trim()),
  };
}
