/**
 * Validation against the standards' own JSON Schemas (bundled in `json-schemas/`, see the README
 * there). Each validator is compiled once, on first use: compiling ODCS takes tens of milliseconds.
 */
import Ajv from "ajv";
import Ajv2019 from "ajv/dist/2019";
import type { ErrorObject, ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import dcsSchema from "./json-schemas/datacontract-1.2.0.schema.json";
import odcsSchema from "./json-schemas/odcs-json-schema-v3.1.0.json";
import type { PathSegment, PendingIssue } from "./errors";
import { isRecord } from "./json";

/** The ODCS version of the bundled schema; exports declare it. */
export const ODCS_API_VERSION = "v3.1.0";
/** apiVersions we read (validated against the bundled v3.1.0 schema, which lists them). */
export const SUPPORTED_ODCS_VERSIONS = /^v3\.[01]\.\d+$/;
export const DCS_SCHEMA_VERSION = "1.2.0";

/** The top-level keys ODCS allows (it forbids any other). */
export const ODCS_TOP_LEVEL_KEYS: ReadonlySet<string> = new Set(Object.keys(odcsSchema.properties));

let odcsValidator: ValidateFunction | undefined;
let dcsValidator: ValidateFunction | undefined;

function getOdcsValidator(): ValidateFunction {
  if (!odcsValidator) {
    // ODCS declares draft 2019-09 (it needs unevaluatedProperties).
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    addFormats(ajv);
    odcsValidator = ajv.compile(odcsSchema);
  }
  return odcsValidator;
}

function getDcsValidator(): ValidateFunction {
  if (!dcsValidator) {
    // The Data Contract Specification declares draft-07.
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    dcsValidator = ajv.compile(dcsSchema);
  }
  return dcsValidator;
}

export function validateOdcs(document: unknown): PendingIssue[] {
  const validate = getOdcsValidator();
  return validate(document) ? [] : toPendingIssues(validate.errors ?? [], document);
}

export function validateDcs(document: unknown): PendingIssue[] {
  const validate = getDcsValidator();
  return validate(document) ? [] : toPendingIssues(validate.errors ?? [], document);
}

/** ajv errors → issues with YAML paths (shared by every bundled schema: ODCS, DCS, ODPS). */
export function toPendingIssues(errors: ErrorObject[], document: unknown): PendingIssue[] {
  const seen = new Set<string>();
  const out: PendingIssue[] = [];
  for (const error of errors) {
    // "must match \"then\" schema" always accompanies the specific error from inside `then`.
    if (error.keyword === "if") continue;
    const segments = toSegments(error.instancePath, document);
    const key = unknownKey(error);
    const issue: PendingIssue = { segments, message: describe(error), ...(key === undefined ? {} : { key }) };
    const id = JSON.stringify([segments, key, issue.message]);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(issue);
  }
  return out;
}

/** `/schema/0/properties/2` → `["schema", 0, "properties", 2]`, numbers only where the data has an array. */
function toSegments(instancePath: string, document: unknown): PathSegment[] {
  if (instancePath === "") return [];
  const segments: PathSegment[] = [];
  let current: unknown = document;
  for (const raw of instancePath.slice(1).split("/")) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(current)) {
      const index = Number(part);
      segments.push(index);
      current = current[index];
    } else {
      segments.push(part);
      current = isRecord(current) ? current[part] : undefined;
    }
  }
  return segments;
}

function unknownKey(error: ErrorObject): string | undefined {
  const params: Record<string, unknown> = error.params;
  const key = params.additionalProperty ?? params.unevaluatedProperty;
  return typeof key === "string" ? key : undefined;
}

function describe(error: ErrorObject): string {
  const params: Record<string, unknown> = error.params;
  switch (error.keyword) {
    case "enum": {
      const allowed = Array.isArray(params.allowedValues)
        ? params.allowedValues.map((v) => String(v)).join(", ")
        : "";
      return allowed ? `must be one of: ${allowed}` : (error.message ?? "has a value that is not allowed");
    }
    case "const":
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case "additionalProperties":
    case "unevaluatedProperties":
      return `property '${String(params.additionalProperty ?? params.unevaluatedProperty)}' is not allowed here`;
    default:
      return error.message ?? `fails the ${error.keyword} rule`;
  }
}
