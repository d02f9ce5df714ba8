import assert from "node:assert/strict";
import { Hono } from "hono";
import { z } from "zod";
import { testApp } from "../tests/api.ts";
import { describe } from "./openapi.ts";
import { mountedRoutes, openApiDocument, openApiPath } from "./openapi_document.ts";
import type { AppEnv } from "./types.ts";
import { idParam, intParam } from "./validate.ts";

const days = describe({
  tags: ["t"],
  summary: "Days",
  query: z.object({ days: intParam(1, 9).default(3).describe("how many") }),
  responses: { 200: z.object({ days: z.number().int() }) },
});

const item = describe({
  tags: ["t"],
  summary: "An item",
  auth: "none",
  params: { id: idParam },
  body: z.object({ name: z.string().min(1) }),
  responses: { 201: z.object({ id: z.string(), name: z.string() }) },
  errors: [404],
});

function routes() {
  const app = new Hono<AppEnv>();
  app.use("/days/*", (_c, next) => next());
  app.get("/days", days, (c) => c.json({ days: days.query(c).days }));
  app.post("/items/:id", item, async (c) => {
    const { name } = await item.json(c);
    return c.json({ id: item.param(c, "id"), name }, 201);
  });
  app.get("/pages/:n{[0-9]+}/raw", (c) => c.text("undescribed"));
  return app;
}

Deno.test("openApiPath() turns Hono's parameters, with or without a pattern, into templates", () => {
  assert.deepEqual(openApiPath("/rules/:id{[0-9]+}/versions"), {
    path: "/rules/{id}/versions",
    params: [["id", "[0-9]+"]],
  });
  assert.deepEqual(openApiPath("/a/:x/b/:y"), {
    path: "/a/{x}/b/{y}",
    params: [["x", undefined], ["y", undefined]],
  });
});

Deno.test("mountedRoutes() lists each route once without use() middleware, and which are described", () => {
  const listed = mountedRoutes([routes()]).map((r) => [r.method, r.path, Boolean(r.doc)]);
  assert.deepEqual(listed, [
    ["GET", "/days", true],
    ["POST", "/items/:id", true],
    ["GET", "/pages/:n{[0-9]+}/raw", false],
  ]);
});

Deno.test("a description validates with its own schemas: a bad parameter is a 400, a bad body a 422", async () => {
  const { call } = testApp([routes()]);
  assert.deepEqual(await (await call("/days?days=5")).json(), { days: 5 });
  const bad = await call("/days?days=50");
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).error.details[0].field, "days");
  const body = (v: unknown) => ({ method: "POST", body: JSON.stringify(v) });
  assert.equal((await call("/items/a1", body({ name: "x" }))).status, 201);
  const wrong = await call("/items/a1", body({ name: "" }));
  assert.equal(wrong.status, 422);
  assert.equal((await wrong.json()).error.details[0].field, "name");
  const badId = await call("/items/%00", body({ name: "x" }));
  assert.equal(badId.status, 400);
  await badId.body?.cancel();
});

Deno.test("the document carries parameters, bodies, answers, errors and security as described", () => {
  const doc = openApiDocument([routes()], { title: "t", version: "1" }) as {
    // deno-lint-ignore no-explicit-any
    paths: Record<string, any>;
  };
  assert.deepEqual(Object.keys(doc.paths), ["/days", "/items/{id}"], "undescribed left out");
  const get = doc.paths["/days"].get;
  assert.deepEqual(get.parameters, [{
    name: "days",
    in: "query",
    required: false,
    description: "how many",
    schema: { type: "string", pattern: "^-?\\d{1,15}$" },
  }]);
  assert.deepEqual(Object.keys(get.responses), ["200", "400", "401", "429", "500"]);
  assert.equal(get.security.length, 3, "API key, bearer or session");
  const post = doc.paths["/items/{id}"].post;
  assert.deepEqual(post.security, []);
  assert.equal(post.parameters[0].in, "path");
  assert.equal(post.parameters[0].required, true);
  assert.deepEqual(post.requestBody.content["application/json"].schema.required, ["name"]);
  assert.deepEqual(Object.keys(post.responses), ["201", "400", "404", "413", "422", "500"]);
  assert.deepEqual(post.responses["404"].content["application/json"].schema, {
    $ref: "#/components/schemas/Error",
  });
});
