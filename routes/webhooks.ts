/**
 * POST /webhooks/mastodon (all events) and /webhooks/status (status events): Mastodon's
 * webhooks. The signature is checked on the raw bytes before anything is parsed; deliveries are
 * de-duplicated and stale ones refused; accepted events are handed over, never processed inline.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import { createHash } from "node:crypto";
import type { Clock } from "../context.ts";
import { HttpError } from "../server/errors.ts";
import { logger } from "../server/log.ts";
import { describe } from "../server/openapi.ts";
import type { AppEnv } from "../server/types.ts";
import { validate } from "../server/validate.ts";
import { signatureCheck } from "./webhook_signature.ts";

const log = logger("intake", "webhook");

const envelope = {
  event: z.string().min(1),
  created_at: z.iso.datetime({ offset: true }),
};
const objectId = { id: z.string().min(1) };

/** A webhook body as Mastodon sends it. */
export const webhookEventSchema = z.object({ ...envelope, object: z.looseObject(objectId) });

/** A parsed webhook delivery. */
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

/**
 * The same checks as `webhookEventSchema` without copying Mastodon's object key by key (a status
 * has dozens): a valid body is kept whole, as it came.
 */
const checkedEnvelope = z.object({ ...envelope, object: z.object(objectId) });

/** Checks a parsed webhook body; throws a 422 that lists every bad field. */
export function webhookEvent(json: unknown, what = "webhook body"): WebhookEvent {
  validate(checkedEnvelope, json, what);
  return json as WebhookEvent;
}

/** What happened to an accepted delivery. */
export interface IntakeResult {
  /**
   * accepted: stored, its run starts shortly; queued: a run was started; duplicate: a
   * re-delivery of a delivery stored or handled already; ignored: not acted on.
   */
  status: "accepted" | "queued" | "duplicate" | "ignored";
  run_id?: string;
  reason?: string;
}

/** What the webhook routes need. */
export interface WebhookDeps {
  secret?: string;
  clock: Clock;
  /** Takes an accepted delivery; `raw` is its verified body. */
  handle(event: WebhookEvent, deliveryId: string, raw: Uint8Array): Promise<IntakeResult>;
  /** Deliveries older than this are refused as replays. */
  maxAgeMs?: number;
}

const STATUS_EVENTS = new Set(["status.created", "status.updated"]);
const FUTURE_SKEW_MS = 5 * 60_000;

function deliveryId(body: Uint8Array): string {
  return createHash("sha256").update(body).digest("hex");
}

const Intake = z.object({
  status: z.enum(["accepted", "queued", "duplicate", "ignored"]),
  run_id: z.string().optional(),
  reason: z.string().optional(),
  delivery_id: z.string().describe("sha256 of the body: a re-delivery has the same"),
});

const webhookDoc = (summary: string) =>
  describe({
    tags: ["webhooks"],
    summary,
    description: "Register it in Mastodon's Administration → Webhooks. The signature is " +
      "checked on the raw body; deliveries older than an hour, or dated in the future, are " +
      "refused as replays.",
    auth: "signature",
    headers: {
      "X-Hub-Signature": {
        schema: z.string().regex(/^sha256=[0-9a-fA-F]{64}$/),
        required: true,
        description: "sha256=<hex HMAC of the body with WEBHOOK_SECRET>",
      },
    },
    body: webhookEventSchema,
    responses: {
      200: { description: "A duplicate or ignored delivery", schema: Intake },
      202: { description: "Stored; its run starts shortly", schema: Intake },
    },
    errors: [503],
  });
const DOCS = {
  mastodon: webhookDoc("Receives a Mastodon webhook delivery (any event)"),
  status: webhookDoc("Receives a status.created or status.updated delivery"),
};

/** The webhook routes. */
export function webhookRoutes(deps: WebhookDeps) {
  const app = new Hono<AppEnv>();
  const maxAge = deps.maxAgeMs ?? 60 * 60_000;
  const signed = deps.secret ? signatureCheck(deps.secret) : undefined;

  const receive = (only?: Set<string>) => async (c: Context<AppEnv>) => {
    if (!signed) {
      throw new HttpError(
        503,
        "Webhooks are off: WEBHOOK_SECRET is not set",
        undefined,
        "webhooks_off",
      );
    }
    const raw = new Uint8Array(await c.req.arrayBuffer());
    if (!signed(raw, c.req.header("x-hub-signature"))) {
      throw new HttpError(401, "Missing or invalid X-Hub-Signature");
    }
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(raw));
    } catch {
      throw new HttpError(400, "Webhook body is not valid JSON");
    }
    const event = webhookEvent(json);
    if (only && !only.has(event.event)) {
      throw new HttpError(422, `This endpoint takes status events, not ${event.event}`);
    }
    const age = deps.clock.now().getTime() - Date.parse(event.created_at);
    if (age > maxAge || age < -FUTURE_SKEW_MS) {
      throw new HttpError(422, "Stale or future-dated delivery refused as a replay", {
        created_at: event.created_at,
      }, "stale_delivery");
    }
    // Mastodon re-sends the same bytes, so their hash names the delivery; the run started for
    // it is keyed by that name, which makes a re-delivery join the run instead of starting one.
    const id = deliveryId(raw);
    let result: IntakeResult;
    try {
      result = await deps.handle(event, id, raw);
    } catch (err) {
      if (err instanceof HttpError) throw err;
      // Not stored (the store is down or restarting): refused, so that Mastodon delivers again.
      log.warning("Webhook delivery {delivery_id} not stored: {error}", {
        delivery_id: id,
        error: err instanceof Error ? err.message : String(err),
      });
      throw new HttpError(
        503,
        "The delivery could not be stored; deliver it again later",
        undefined,
        "store_unavailable",
        { "Retry-After": "10" },
      );
    }
    const fresh = result.status === "queued" || result.status === "accepted";
    return c.json({ ...result, delivery_id: id }, fresh ? 202 : 200);
  };

  app.post("/webhooks/mastodon", DOCS.mastodon, receive());
  app.post("/webhooks/status", DOCS.status, receive(STATUS_EVENTS));
  return app;
}
