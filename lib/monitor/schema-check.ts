/**
 * Compiled schema conformance for the contract monitor: the port's contract schema (JSON Schema;
 * Avro ports through the JSON Schema their contract carries) compiled once with ajv. Pure.
 */
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import type { SchemaCheck } from "./window";

function compiler() {
  // `strict: false`: contract schemas carry annotations (`x-odcs`, `x-classification`) ajv must ignore.
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateSchema: false, logger: false });
  addFormats(ajv);
  return ajv;
}

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * ODCS `required: false` means "may contain null" (and an Avro `["null", …]` union is the same):
 * a property not in its object's `required` list also accepts null. A copy; nested objects and
 * array items too.
 */
export function nullableOptionals(schema: Node): Node {
  const copy: Node = { ...schema };
  if (isNode(copy.items)) copy.items = nullableOptionals(copy.items);
  if (isNode(copy.properties)) {
    const required = new Set(
      Array.isArray(copy.required) ? copy.required.filter((r) => typeof r === "string") : [],
    );
    copy.properties = Object.fromEntries(
      Object.entries(copy.properties).map(([name, prop]) => {
        if (!isNode(prop)) return [name, prop];
        const inner = nullableOptionals(prop);
        if (required.has(name)) return [name, inner];
        if (typeof inner.type === "string") inner.type = [inner.type, "null"];
        else if (Array.isArray(inner.type) && !inner.type.includes("null"))
          inner.type = [...inner.type, "null"];
        if (Array.isArray(inner.enum) && !inner.enum.includes(null)) inner.enum = [...inner.enum, null];
        return [name, inner];
      }),
    );
  }
  return copy;
}

/** A validator for `schema`; a schema ajv cannot compile checks nothing and says why (`error`). */
export function compileSchemaCheck(schema: Record<string, unknown>): {
  check: SchemaCheck;
  error: string | null;
} {
  const { $schema: _dialect, $id: _id, ...rest } = nullableOptionals(schema);
  try {
    const validate = compiler().compile(rest);
    return {
      check: (value) => {
        if (validate(value)) return null;
        const e = validate.errors?.[0];
        if (!e) return "does not match the schema";
        const where = e.instancePath ? e.instancePath.slice(1).replaceAll("/", ".") : "the event";
        return e.keyword === "required"
          ? `${e.instancePath ? `${where}.` : ""}${String((e.params as { missingProperty?: string }).missingProperty)} is missing`
          : `${where} ${e.message ?? "is invalid"}`;
      },
      error: null,
    };
  } catch (err) {
    return { check: () => null, error: err instanceof Error ? err.message : String(err) };
  }
}
