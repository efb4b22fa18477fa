/**
 * Data contracts in and out of Meshport. Pure: no database, no network, safe in the browser.
 *
 * - `parseContract(yaml)` reads an ODCS v3.0.x/v3.1.x contract or a Data Contract Specification
 *   (0.9.x–1.2.0) document, validates it against the standard's own JSON Schema (bundled in
 *   `json-schemas/`), and maps it to a `ContractModel`.
 * - `toOdcsYaml(model)` writes ODCS v3.1.0. Export → import → export gives the same text.
 *
 * Mapping (ODCS ↔ model):
 * - `id`, `version`, `status`, `domain`, `tags` ↔ the same fields; `name` ↔ product.name (a
 *   deprecated `dataProduct` wins on import; with both present the contract `name` is kept aside).
 * - `description.purpose` ↔ summary, `description.usage` ↔ description (markdown docs),
 *   `description.limitations` ↔ termsOfUse.
 * - `slaProperties` ↔ serviceLevels: one display string per property, `value unit` ("5 s"); see
 *   `service-levels.ts` for why that loses nothing.
 * - each `schema` object ↔ one port: `name`, `description`, `physicalName` → address, `physicalType`
 *   (topic/stream, table/view, file) or the tied server's type → port type; the server entry →
 *   server string (`kafka://host`, `postgres://host:port`) — see `servers.ts` for how objects are
 *   tied to servers; format from the server, else json (topics) / parquet; custom properties
 *   `meshport.format` and `meshport.compatibility` hold what ODCS has no field for.
 * - properties ↔ the port's JSON Schema, unmodelled attributes in `x-odcs` annotations: see
 *   `json-schema-mapping.ts`.
 * - everything else (team, roles, support, price, servers, slaProperties, customProperties, …) is
 *   kept verbatim in `extras` and written back. Exports declare `apiVersion: v3.1.0` whatever the
 *   source said (every accepted document validated against that schema), `status: active` when the
 *   model has none (v3.1 requires one), and `logicalType: object` on every schema object.
 *
 * DCS is import-only; what ODCS cannot say goes to `extras.dcs` and `x-dcs` annotations, which the
 * ODCS export leaves out.
 */
export { ContractError } from "./errors";
export { parseContract } from "./parse-contract";
export { toOdcsYaml } from "./odcs-export";
export { MAX_CONTRACT_BYTES } from "./yaml-source";

/** Media types a contract import may be sent as (JSON is YAML too). */
export const CONTRACT_MEDIA_TYPES = [
  "application/yaml",
  "application/x-yaml",
  "text/yaml",
  "text/x-yaml",
  "application/json",
] as const;
export type {
  ContractFormat,
  ContractIssue,
  ContractModel,
  ContractPort,
  PortCompatibility,
  PortType,
} from "./model";
