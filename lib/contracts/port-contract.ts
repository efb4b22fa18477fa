/**
 * A port's own data contract ↔ ODCS. Pure.
 *
 * Meshport stores per port: the contract id, version and status, the port (name, address,
 * description, format, compatibility) with its schema versions, and `document` — every other
 * top-level ODCS key exactly as written (quality rules live in the schema; `slaProperties`,
 * `description`, `team`, `support`, `price`, `roles`, `customProperties`, … here), plus the
 * document's other schema objects when it had several (`schema`: exported after the port's).
 *
 * Export fills what the document does not say from the product (domain, tags, service levels,
 * the port's description as the purpose), so a contract nobody wrote is still complete.
 *
 * Import is a patch: a top-level key absent from the document leaves the stored value alone; a key
 * present with an empty value (`""`, `null`, `[]`, `{}`) clears it. The same holds inside the
 * port's schema object for `description` and `properties`.
 */
import { stringify } from "yaml";
import { readYamlSource } from "./yaml-source";
import { toOdcsDocument, toOdcsYaml } from "./odcs-export";
import { asArray, asString, clone, deepEqual, isRecord, type JsonObject } from "./json";
import type { ContractFormat, ContractModel, ContractPort } from "./model";
import { parseContract } from "./parse-contract";
import { toServiceLevels } from "./service-levels";

/** Keys Meshport derives on export (from the port, the product or the contract row): never stored in `document`. */
const DERIVED_KEYS = new Set([
  "apiVersion",
  "kind",
  "id",
  "version",
  "status",
  "domain",
  "dataProduct",
  "servers",
]);

export const CONTRACT_STATUSES = ["PROPOSED", "DRAFT", "ACTIVE", "DEPRECATED", "RETIRED"] as const;
export type ContractStatusName = (typeof CONTRACT_STATUSES)[number];

export interface StoredContract {
  contractId: string;
  version: string;
  status: ContractStatusName;
  document: JsonObject;
}

export interface PortContractSource {
  contract: StoredContract;
  product: {
    slug: string;
    name: string;
    domain: string;
    tags: string[];
    summary: string;
    serviceLevels: Record<string, string>;
  };
  port: ContractPort;
}

function isEmpty(value: unknown): boolean {
  return (
    value === null ||
    value === "" ||
    (Array.isArray(value) && value.length === 0) ||
    (isRecord(value) && Object.keys(value).length === 0)
  );
}

/** The contract as Meshport's (product-shaped) contract model, ready for the ODCS writer. */
export function portContractModel(source: PortContractSource): ContractModel {
  const { contract, product, port } = source;
  const doc = contract.document;
  const description = isRecord(doc.description) ? doc.description : undefined;
  const extras: JsonObject = {};
  for (const [key, value] of Object.entries(doc))
    if (!["description", "tags", "schema", "name"].includes(key)) extras[key] = clone(value);
  if (description) {
    const rest = Object.fromEntries(
      Object.entries(description).filter(([k]) => !["purpose", "usage", "limitations"].includes(k)),
    );
    if (Object.keys(rest).length > 0) extras.description = clone(rest);
  }
  extras.name = asString(doc.name) ?? `${product.name}: ${port.name}`;
  const hasSla = Object.hasOwn(doc, "slaProperties");
  return {
    id: contract.contractId,
    version: contract.version,
    status: contract.status.toLowerCase(),
    product: {
      name: product.name,
      summary: description ? (asString(description.purpose) ?? "") : port.description || product.summary,
      description: description ? (asString(description.usage) ?? "") : "",
      termsOfUse: description ? (asString(description.limitations) ?? "") : "",
      tags: Array.isArray(doc.tags)
        ? doc.tags.filter((t): t is string => typeof t === "string")
        : product.tags,
      domain: product.domain,
      serviceLevels: hasSla ? toServiceLevels(doc.slaProperties) : product.serviceLevels,
    },
    ports: [port],
    extras,
  };
}

/** Appends the document's other schema objects (kept from an import) after the port's. */
function withOtherObjects(document: JsonObject, source: PortContractSource): JsonObject {
  const others = asArray(source.contract.document.schema).filter(isRecord);
  if (others.length === 0) return document;
  return { ...document, schema: [...asArray(document.schema), ...others.map((o) => clone(o))] };
}

export function portContractDocument(source: PortContractSource): JsonObject {
  return withOtherObjects(toOdcsDocument(portContractModel(source)), source);
}

/** ODCS v3.1.0 YAML of the port's contract (validated against the official schema). */
export function portContractYaml(source: PortContractSource): string {
  const others = asArray(source.contract.document.schema).filter(isRecord);
  if (others.length === 0) return toOdcsYaml(portContractModel(source));
  // Validate the single-object form, then write the full one in the same style.
  toOdcsYaml(portContractModel(source));
  return toYaml(portContractDocument(source));
}

/** Same writer options as the ODCS export. */
const toYaml = (document: JsonObject) => stringify(document, { lineWidth: 0, aliasDuplicateObjects: false });

/** An ODCS (or DCS) document read for a port import: what it says, and what it leaves out. */
export interface ContractDocument {
  format: ContractFormat;
  /** The document's `id` (DCS: its id), if any. */
  id: string | null;
  version: string | null;
  status: ContractStatusName | null;
  /** The schema objects mapped to ports (address, type, format, schema), in document order. */
  objects: ContractPort[];
  /** The raw schema objects, same order (for presence checks and to keep the others). */
  rawObjects: JsonObject[];
  /** Top-level keys the document has, with their values (derived keys and `schema` left out). */
  patch: JsonObject;
}

/** Parses and validates a contract (ODCS v3.0/v3.1 or DCS) for importing onto one port. Throws ContractError. */
export function readContractDocument(yaml: string): ContractDocument {
  const { format, model } = parseContract(yaml);
  const raw = format === "odcs" ? readYamlSource(yaml).value : toOdcsDocument(model);
  const patch: JsonObject = {};
  for (const [key, value] of Object.entries(raw))
    if (!DERIVED_KEYS.has(key) && key !== "schema") patch[key] = clone(value);
  // A deprecated `dataProduct` names the product, not the contract.
  if (format === "odcs" && raw.dataProduct !== undefined && raw.name === undefined) delete patch.name;
  const status = asString(raw.status)?.toUpperCase();
  return {
    format,
    id: asString(raw.id) || null,
    version: asString(raw.version) || null,
    status: CONTRACT_STATUSES.find((s) => s === status) ?? null,
    objects: model.ports,
    rawObjects: asArray(raw.schema).filter(isRecord),
    patch,
  };
}

/** `current` with the document's top-level keys applied: present replaces, present-and-empty clears. */
export function mergeContractDocument(current: JsonObject, patch: JsonObject): JsonObject {
  const out = clone(current);
  for (const [key, value] of Object.entries(patch)) {
    if (isEmpty(value)) delete out[key];
    else out[key] = clone(value);
  }
  return out;
}

/**
 * The document's schema object for a port at `address` (of `type`): the one naming that address,
 * else the only one. Null when the document has none or several and none matches.
 */
export function objectForPort(doc: ContractDocument, address: string | null): number | null {
  if (address !== null) {
    const exact = doc.objects.findIndex((o) => o.address === address);
    if (exact >= 0) return exact;
  }
  return doc.objects.length === 1 ? 0 : null;
}

/** One change between two contract versions, by path (`document.quality[0].mustBe`, `schema.fields`, …). */
export interface ContractChange {
  path: string;
  before: unknown;
  after: unknown;
}

/** What differs between two JSON values, path by path (arrays compared whole when their lengths differ). */
export function diffJson(before: unknown, after: unknown, path = ""): ContractChange[] {
  if (deepEqual(before, after)) return [];
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffJson(before[k], after[k], path ? `${path}.${k}` : k));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length)
    return before.flatMap((v, i) => diffJson(v, after[i], `${path}[${i}]`));
  return [{ path, before: before ?? null, after: after ?? null }];
}
