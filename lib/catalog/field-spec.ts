/**
 * A field as an author writes it (the demo mesh today, the publishing form next): what
 * `toJsonSchema` / `toAvroSchema` turn into schema documents. Pure types.
 */
import type { Classification } from "@/lib/generated/prisma/enums";

export type FieldSpecType =
  "string" | "integer" | "long" | "number" | "boolean" | "timestamp" | "date" | "object" | "array";

export interface FieldSpec {
  name: string;
  type: FieldSpecType;
  description: string;
  /** Default INTERNAL. PII for email, names, addresses, phone numbers, IPs … */
  classification?: Classification;
  required?: boolean;
  /** For `object`, and for `array` of objects. */
  fields?: FieldSpec[];
  /** For `array` of scalars. */
  items?: Exclude<FieldSpecType, "object" | "array">;
  /** Allowed values of a string, e.g. ["PLACED","PAID"] (JSON Schema enum / Avro enum-like doc). */
  enum?: string[];
}
