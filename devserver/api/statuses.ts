/** Status endpoints: GET one, and POST/DELETE for the server's own accounts. */
import { Hono } from "hono";
import { type Env, optionalToken, requireToken } from "./auth.ts";
import type { Dev } from "../context.ts";
import type { AccountModel, Json } from "../entities.ts";
import { boolParam, errors, json, readParams } from "./http.ts";
import type { Segment } from "../html.ts";
import { mentionOf } from "../population/common.ts";
import { cardJson, statusJson, type StatusModel } from "../status_entities.ts";

const VISIBILITIES = ["public", "unlisted", "private", "direct"] as const;
const TOKEN = /(https?:\/\/[^\s<]+)|(@[A-Za-z0-9_]+(?:@[A-Za-z0-9.-]+)?)|(#[\p{L}\p{N}_]+)/gu;

/** Splits post text into segments, resolving mentions of known accounts. */
export function parseText(
  dev: Dev,
  text: string,
): { paragraphs: Segment[][]; mentions: AccountModel[]; tags: string[]; links: string[] } {
  const mentions: AccountModel[] = [];
  const tags: string[] = [];
  const links: string[] = [];
  const paragraphs = text.split(/\n{2,}/).map((para) => {
    const segments: Segment[] = [];
    let last = 0;
    for (const m of para.matchAll(TOKEN)) {
      if (m.index! > last) segments.push({ text: para.slice(last, m.index) });
      last = m.index! + m[0].length;
      if (m[1]) {
        links.push(m[1]);
        segments.push({ link: m[1] });
      } else if (m[3]) {
        tags.push(m[3].slice(1));
        segments.push({ tag: m[3].slice(1) });
      } else {
        const target = findByAcct(dev, m[2].slice(1));
        if (target) {
          mentions.push(target);
          segments.push(mentionOf(target, dev.base));
        } else segments.push({ text: m[2] });
      }
    }
    if (last < para.length) segments.push({ text: para.slice(last) });
    return segments;
  });
  return { paragraphs, mentions, tags, links };
}

function findByAcct(dev: Dev, handle: string): AccountModel | null {
  const wanted = handle.toLowerCase();
  for (const entry of dev.state.accounts.values()) {
    if (entry.admin.account.acct.toLowerCase() !== wanted) continue;
    const a = entry.admin;
    // Rebuild the minimal model the mention markup needs from the Admin::Account.
    return entry.model ?? {
      ...({} as AccountModel),
      id: a.id,
      username: a.username,
      domain: a.domain,
    };
  }
  return null;
}

/** The routes for statuses, mounted at the root. */
export function statusRoutes(dev: Dev): Hono<Env> {
  const app = new Hono<Env>();

  app.get("/api/v1/statuses/:id", (c) => {
    const viewer = optionalToken(c, "read:statuses")?.accountId;
    const found = dev.state.statuses.get(c.req.param("id"));
    const visible = found &&
      (["public", "unlisted"].includes(found.json.visibility) || found.accountId === viewer);
    if (!visible) throw errors.notFound();
    return json(c, found.json);
  });

  app.post("/api/v1/statuses", async (c) => {
    const token = requireToken(c, dev.state, "write:statuses");
    const author = dev.state.accounts.get(token.accountId)!;
    const p = await readParams(c.req.raw);
    const text = String(p.status ?? "");
    if (text.trim() === "") throw errors.validation("Text can't be blank");
    if ([...text].length > 500) throw errors.validation("Text character limit of 500 exceeded");
    const visibility = String(p.visibility || "public") as StatusModel["visibility"];
    if (!VISIBILITIES.includes(visibility)) {
      throw errors.validation("Visibility is not included in the list");
    }
    let inReplyTo: StatusModel["inReplyTo"] = null;
    if (p.in_reply_to_id) {
      const parent = dev.state.statuses.get(String(p.in_reply_to_id));
      if (!parent) throw errors.notFound();
      inReplyTo = { id: parent.json.id, accountId: parent.accountId };
    }
    const parsed = parseText(dev, text);
    const t = dev.now();
    const model = author.model!;
    model.statusesCount++;
    model.lastStatusAt = t;
    const language = p.language ? String(p.language) : model.locale;
    const status: Json = statusJson({
      id: dev.state.ids.at(t),
      createdAt: t,
      account: model,
      inReplyTo,
      sensitive: boolParam(p.sensitive),
      spoilerText: String(p.spoiler_text ?? ""),
      visibility,
      language,
      paragraphs: parsed.paragraphs,
      media: [],
      mentions: parsed.mentions,
      tags: parsed.tags,
      card: parsed.links.length
        ? cardJson(parsed.links[0], new URL(parsed.links[0]).hostname, "", language ?? "en")
        : null,
    }, dev.base);
    dev.state.transaction(() => {
      dev.state.addStatus(model.id, status, text);
      dev.state.saveAccount(author);
      if (visibility !== "direct") dev.webhooks.enqueue("status.created", status);
    });
    dev.streams.publish(status);
    return json(c, status);
  });

  app.delete("/api/v1/statuses/:id", (c) => {
    const token = requireToken(c, dev.state, "write:statuses");
    const found = dev.state.statuses.get(c.req.param("id"));
    if (!found || found.accountId !== token.accountId) throw errors.notFound();
    dev.state.removeStatus(found.json.id);
    dev.streams.deleted(found.json);
    // Mastodon answers a deletion with the source text instead of rendered content.
    const { content: _content, ...rest } = found.json;
    return json(c, { ...rest, text: dev.state.source(found.json.id) ?? "" });
  });

  return app;
}
