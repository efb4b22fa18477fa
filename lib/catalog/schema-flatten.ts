/** Any schema document (ours or one a team registered by hand) → flat field rows. Pure. */
import type { SchemaFormat } from "@/lib/generated/prisma/enums";
import { flattenAvroRoot } from "./schema-flatten-avro";
import { flattenJsonRoot } from "./schema-flatten-json";
import { parseJson, type FlatField } from "./schema-fields";

/**
 * Flattens a schema document into field rows. Tolerant by design: it accepts hand-written
 * schemas (missing docs, `$ref`s, unions, enums, maps) and never throws on odd input; what it
 * cannot understand becomes a row with a best-effort type rather than an error.
 */
export function flattenSchema(format: SchemaFormat, definition: unknown): FlatField[] {
  const doc = typeof definition === "string" ? parseJson(definition) : definition;
  const out: FlatField[] = [];
  if (format === "AVRO") flattenAvroRoot(doc, out);
  else flattenJsonRoot(doc, out);
  return out.map((row, position) => ({ ...row, position }));
}
