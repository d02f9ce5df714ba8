/** Validates values against the entity schemas of the community OpenAPI description. */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { OPENAPI_SCHEMA } from "./cassettes.ts";

/** The part of a JSON Schema node that exceptions adjust. */
export interface SchemaNode {
  type?: string | string[];
  format?: string;
  properties: Record<string, SchemaNode>;
}

/** The OpenAPI document, as far as exceptions need to reach into it. */
export type OpenApiDoc = { components: { schemas: Record<string, SchemaNode> } };

/**
 * Loads the OpenAPI schema, applies the given relaxations, and returns a checker listing the
 * problems of a value against a component (`Status`, `AdminAccount`, ...); [] when it matches.
 */
export async function openApiChecker(
  relaxations: ((doc: OpenApiDoc) => void)[],
): Promise<(entity: string, value: unknown) => string[]> {
  const doc = JSON.parse(await Deno.readTextFile(OPENAPI_SCHEMA)) as OpenApiDoc;
  for (const relax of relaxations) relax(doc);
  // OpenAPI 3.1 schemas are JSON Schema 2020-12 plus keywords (example, externalDocs) ajv need not know.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormatsModule as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addFormat("iso-639-1", /^[a-z]{2,3}([-_][A-Za-z0-9]+)*$/);
  ajv.addSchema(doc, "mastodon-openapi");
  const validators = new Map<string, ValidateFunction>();
  return (entity, value) => {
    let validate = validators.get(entity);
    if (!validate) {
      validate = ajv.compile({ $ref: `mastodon-openapi#/components/schemas/${entity}` });
      validators.set(entity, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };
}
