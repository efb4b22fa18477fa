/**
 * The data-contract model Meshport reads from and writes to contract documents (ODCS v3, and
 * the Data Contract Specification on import). Types only: see `index.ts` for the functions.
 */

export type ContractFormat = "odcs" | "dcs";

import type { Compatibility, PortType } from "@/lib/generated/prisma/enums";

export type { PortType };
export type PortCompatibility = Compatibility;

export interface ContractPort {
  /** Port name (ODCS schema object `name`). */
  name: string;
  description: string;
  type: PortType;
  /** Topic name, `db.schema.table`, or file path (ODCS `physicalName`). */
  address: string;
  /** E.g. `kafka://127.0.0.1:9092`, `postgres://host:5432`, or "" (from ODCS `servers`). */
  server: string;
  /** json | avro | parquet | csv */
  format: string;
  compatibility?: PortCompatibility;
  /**
   * JSON Schema (draft 2020-12) in Meshport's shape, flattenable by `flattenSchema("JSON_SCHEMA", …)`.
   * What ODCS says about a property that JSON Schema cannot hold rides along as `"x-odcs": {…}`.
   */
  schema: Record<string, unknown>;
}

export interface ContractModel {
  /** Contract id; Meshport uses the product slug. */
  id: string;
  /** Contract version, default "1.0.0". */
  version: string;
  /** ODCS status (active, draft, …). */
  status?: string;
  product: {
    name: string;
    summary: string;
    /** Markdown documentation. */
    description: string;
    tags: string[];
    /** Domain slug or name as written in the contract. */
    domain?: string;
    /** freshness, availability, retention, latency (+ any other SLA property) → display strings such as "< 5 s". */
    serviceLevels: Record<string, string>;
    termsOfUse: string;
  };
  ports: ContractPort[];
  /**
   * Everything of the source document Meshport does not model (quality, team, roles, support,
   * price, customProperties, authoritativeDefinitions, …) — kept so an export re-emits it.
   */
  extras: Record<string, unknown>;
}

/** `path` is the YAML path of the offending node, e.g. `schema[0].properties[2].logicalType`; `line` is 1-based. */
export interface ContractIssue {
  path: string;
  line?: number;
  message: string;
}
