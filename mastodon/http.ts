/**
 * The HTTP layer of the Mastodon client: timeout, User-Agent, rate-limit pacing, retries and
 * errors. Plain fetch rather than masto's REST client, because masto hides the response headers
 * (Link paging, X-RateLimit-*) and camel-cases the JSON, while the rest of the project works on
 * Mastodon's own snake_case shapes (webhook payloads, dry-run input, the OpenAPI schema).
 */
import { getLogger } from "@logtape/logtape";
import type { z } from "zod";
import { codeForStatus, isRetryableStatus, MastodonError } from "./errors.ts";
import {
  type BudgetManners,
  GREEDY,
  paceDelay,
  parseRateLimit,
  type RateLimitState,
  RateLimitTracker,
} from "./rate_limit.ts";

const log = getLogger(["mastowatch", "mastodon"]);

/** Which configured access token a call uses. */
export type TokenKind = "admin" | "reporter";

/** Settings of the HTTP layer; every clock, timer and dice roll is injectable for tests. */
export interface HttpOptions {
  baseUrl: string;
  tokens: Record<TokenKind, string>;
  userAgent: string;
  timeoutMs: number;
  maxRetries: number;
  /** The longest single pause for the rate limit; a 429 whose reset is further away fails at once. */
  maxWaitMs: number;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  random: () => number;
  /** How each token shares its budget; default greedy (all of it, at once). */
  manners?: Partial<Record<TokenKind, BudgetManners>>;
}

/** Query values; arrays become `key[]=a&key[]=b` as Mastodon expects. */
export type QueryValue = string | number | boolean | string[] | undefined;

/** One call: the path is a template (`/api/v1/statuses/:id`) so that errors and logs name it. */
export interface RequestSpec<T> {
  method: "GET" | "POST";
  path: string;
  params?: Record<string, string>;
  query?: Record<string, QueryValue>;
  form?: URLSearchParams;
  token: TokenKind;
  schema: z.ZodType<T>;
}

/** A parsed answer together with the headers that carry paging. */
export interface HttpResult<T> {
  data: T;
  headers: Headers;
}

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;
const PAGING_PARAMS = ["max_id", "min_id", "since_id"];

/** The small HTTP client every Mastodon call goes through. */
export class MastodonHttp {
  readonly #o: HttpOptions;
  readonly #limits = new RateLimitTracker();
  /** Calls sent per bucket whose answers (and so whose count) have not arrived yet. */
  readonly #inFlight = new Map<string, number>();

  constructor(options: HttpOptions) {
    this.#o = options;
  }

  /** The budget from the most recent response. */
  rateLimit(): RateLimitState {
    return this.#limits.last();
  }

  /** Sends one call, pacing, retrying what is safe to retry, and parsing the JSON with `schema`. */
  async request<T>(spec: RequestSpec<T>): Promise<HttpResult<T>> {
    const url = this.#url(spec);
    const paged = PAGING_PARAMS.some((p) => url.searchParams.has(p));
    const bucket = `${spec.token}:${paged}`;
    const base = this.#o.manners?.[spec.token] ?? GREEDY;
    // Paged requests have a window three times as long (Mastodon's rack-attack).
    const manners = paged ? { ...base, periodMs: base.periodMs * 3 } : base;
    for (let attempt = 0;; attempt++) {
      await this.#pace(spec, bucket, manners);
      let error: MastodonError;
      try {
        const { response, text } = await this.#send(spec, url).finally(() =>
          this.#inFlight.set(bucket, (this.#inFlight.get(bucket) ?? 1) - 1)
        );
        this.#limits.record(bucket, parseRateLimit(response.headers));
        log.debug("Mastodon {method} {path} answered {status}", {
          method: spec.method,
          path: spec.path,
          status: response.status,
          remaining: response.headers.get("x-ratelimit-remaining") ?? undefined,
        });
        if (response.ok) {
          return { data: this.#parse(spec, response.status, text), headers: response.headers };
        }
        error = this.#httpError(spec, response.status, text);
      } catch (err) {
        if (!(err instanceof MastodonError)) throw err;
        error = err;
      }
      const wait = this.#retryDelay(spec, error, attempt, bucket);
      if (wait === undefined) throw this.#final(spec, error);
      log.warn("Retrying {method} {path} after {status} in {waitMs} ms (attempt {attempt})", {
        method: spec.method,
        path: spec.path,
        status: error.status,
        code: error.code,
        waitMs: wait,
        attempt: attempt + 1,
      });
      await this.#o.sleep(wait);
    }
  }

  /**
   * Waits until the budget allows the call, looking again after each pause (others may have
   * spent what a pause made room for); throws when the wait would exceed `maxWaitMs`.
   */
  async #pace(spec: RequestSpec<unknown>, bucket: string, manners: BudgetManners) {
    for (let paused = false;; paused = true) {
      const pending = this.#inFlight.get(bucket) ?? 0;
      const state = this.#limits.get(bucket);
      const pause = paceDelay(state, this.#o.now(), Infinity, manners, pending, !paused);
      if (pause <= 0) {
        // Counted at once, in the same turn as the check, so calls deciding together all count.
        this.#inFlight.set(bucket, pending + 1);
        return;
      }
      if (pause > this.#o.maxWaitMs) {
        // Waiting this long here would hold the caller (a worker slot) idle; the caller waits
        // for the window instead, as after a 429, and nothing is sent over the budget.
        throw this.#error(spec, 429, "rate_limited", `budget spent; it resets in ${pause} ms`);
      }
      log.info("Slowing down for the rate limit: {waitMs} ms before {method} {path}", {
        waitMs: pause,
        method: spec.method,
        path: spec.path,
      });
      await this.#o.sleep(pause);
    }
  }

  #url(spec: RequestSpec<unknown>): URL {
    const path = spec.path.replace(/:(\w+)/g, (_, name: string) => {
      const value = spec.params?.[name];
      if (value === undefined) throw new Error(`Missing path parameter ${name} for ${spec.path}`);
      return encodeURIComponent(value);
    });
    const url = new URL(this.#o.baseUrl.replace(/\/+$/, "") + path);
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) { for (const v of value) url.searchParams.append(`${key}[]`, v); }
      else url.searchParams.set(key, String(value));
    }
    return url;
  }

  async #send(spec: RequestSpec<unknown>, url: URL): Promise<{ response: Response; text: string }> {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(this.#error(spec, 0, "timeout", `no answer within ${this.#o.timeoutMs} ms`));
      }, this.#o.timeoutMs);
    });
    const headers: Record<string, string> = {
      "Accept": "application/json",
      "Authorization": `Bearer ${this.#o.tokens[spec.token]}`,
      "User-Agent": this.#o.userAgent,
    };
    if (spec.form) headers["Content-Type"] = "application/x-www-form-urlencoded";
    const exchange = (async () => {
      let response: Response;
      try {
        response = await this.#o.fetch(url, {
          method: spec.method,
          headers,
          body: spec.form?.toString(),
          signal: controller.signal,
        });
      } catch (err) {
        if (controller.signal.aborted) throw this.#error(spec, 0, "timeout", "aborted");
        throw this.#error(spec, 0, "network", describe(err), err);
      }
      // The body is read inside the timeout too: a server can stall after the headers.
      return { response, text: await response.text() };
    })();
    try {
      // Racing the timer also bounds a fetch that ignores its AbortSignal.
      return await Promise.race([exchange, timedOut]);
    } catch (err) {
      if (err instanceof MastodonError) throw err;
      throw this.#error(spec, 0, controller.signal.aborted ? "timeout" : "network", describe(err));
    } finally {
      clearTimeout(timer);
      exchange.catch(() => {});
      timedOut.catch(() => {});
    }
  }

  #parse<T>(spec: RequestSpec<T>, status: number, text: string): T {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw this.#error(spec, status, "malformed", "the answer is not JSON");
    }
    const parsed = spec.schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "unknown";
    throw this.#error(spec, status, "invalid_response", `unexpected answer shape at ${where}`);
  }

  #httpError(spec: RequestSpec<unknown>, status: number, text: string): MastodonError {
    let detail: string | undefined;
    try {
      const body = JSON.parse(text) as { error?: unknown };
      if (typeof body?.error === "string") detail = body.error;
    } catch {
      detail = undefined;
    }
    return this.#error(spec, status, codeForStatus(status), detail ?? `HTTP ${status}`);
  }

  /** Milliseconds to wait before the next attempt, or undefined to give up. */
  #retryDelay(spec: RequestSpec<unknown>, error: MastodonError, attempt: number, bucket: string) {
    if (!error.retryable || attempt >= this.#o.maxRetries) return undefined;
    if (error.status === 429) {
      // A 429 is refused before Mastodon acts on the request, so even a POST may be sent again.
      const reset = this.#limits.get(bucket)?.reset?.getTime();
      if (reset === undefined) return this.#backoff(attempt);
      const wait = Math.max(0, reset - this.#o.now()) + 50;
      return wait <= this.#o.maxWaitMs ? wait : undefined;
    }
    // Anything else may have reached Mastodon: a POST is never repeated blindly here.
    if (spec.method !== "GET") return undefined;
    return this.#backoff(attempt);
  }

  #backoff(attempt: number): number {
    const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
    return Math.round(ceiling / 2 + (ceiling / 2) * this.#o.random());
  }

  /** A POST that may have been carried out is marked ambiguous so the caller checks first. */
  #final(spec: RequestSpec<unknown>, error: MastodonError): MastodonError {
    const mayHaveHappened = error.status === 0 || error.status >= 500 ||
      error.code === "malformed" || error.code === "invalid_response";
    if (spec.method === "GET" || !mayHaveHappened) return error;
    return new MastodonError({
      method: error.method,
      path: error.path,
      status: error.status,
      retryable: true,
      code: "ambiguous",
      detail: `${error.detail ?? error.code}; it may have been carried out`,
      cause: error,
    });
  }

  #error(
    spec: RequestSpec<unknown>,
    status: number,
    code: MastodonError["code"],
    detail: string,
    cause?: unknown,
  ): MastodonError {
    const retryable = status === 0 || isRetryableStatus(status) || code === "malformed";
    return new MastodonError({
      method: spec.method,
      path: spec.path,
      status,
      retryable,
      code,
      detail: this.#redact(detail).slice(0, 300),
      cause,
    });
  }

  /** Whatever text reaches an error message passes here, so a token echoed back never leaks. */
  #redact(text: string): string {
    let out = text;
    for (const token of Object.values(this.#o.tokens)) {
      if (token.length >= 4) out = out.replaceAll(token, "[redacted]");
    }
    return out;
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
