/**
 * Data products in and out of Meshport as ODPS v1.0.0 (Bitol Open Data Product Standard). Pure: no
 * database, no network, safe in the browser.
 *
 * - `parseOdps(text)` reads one ODPS document (YAML or JSON), refuses any apiVersion but v1.0.0 and any
 *   kind but DataProduct, validates it against the bundled schema (`json-schemas/`, see the README
 *   there) and maps it to an `OdpsProductModel`. Problems are `ContractError` issues with path + line.
 * - `toOdpsDocument(model)` / `toOdpsYaml(model)` write `apiVersion: v1.0.0`, `kind: DataProduct`
 *   in a fixed key order and throw `ContractError` if the result would not validate. Export → parse →
 *   export gives the same text.
 * - `splitProductBundle(text)` cuts a multi-document YAML (one DataProduct, any DataContracts) into
 *   the documents' texts, for `parseOdps` and `parseContract`.
 *
 * Mapping (ODPS ↔ model):
 * - `id`, `name`, `version`, `status`, `domain`, `tenant`, `tags` ↔ the same fields (absent ↔ "" / []).
 * - `description.purpose` ↔ summary, `description.usage` ↔ markdown docs, `description.limitations` ↔
 *   terms of use; the description's other keys ride in `extras.description` (as in the ODCS export).
 * - `team` ↔ `team` (`name`, `members[].username/name/role`); `support[]` ↔ `channel`, `url`;
 *   `inputPorts[]` ↔ `name`, `version`, `contractId`; `outputPorts[]` ↔ `name`, `version`,
 *   `description`, `type`, `contractId`; `customProperties[]` ↔ `property`, `value`, `description`.
 *   Whatever else such an item holds (sbom, inputContracts, tags, dateIn, tool, …) rides in the item's
 *   own `extras`, written back in place.
 * - every other top-level key (managementPorts, authoritativeDefinitions, productCreatedTs) ↔ `extras`.
 * Empty optional strings and empty lists are left out of the document; required ones are always written.
 */
import Ajv2019 from "ajv/dist/2019";
import type { ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { Document, isMap, isPair, isScalar, LineCounter, parse, parseAllDocuments, visit } from "yaml";
import { ContractError, type PendingIssue } from "./errors";
import { asArray, asString, clone, isRecord, orderKeys, type JsonObject } from "./json";
import odpsSchema from "./json-schemas/odps-json-schema-v1.0.0.json";
import type { ContractIssue } from "./model";
import { MAX_ISSUES, toIssues } from "./parse-contract";
import { toPendingIssues } from "./validate";
import { MAX_CONTRACT_BYTES, readYamlSource, type YamlSource } from "./yaml-source";

/** The ODPS version Meshport reads and writes (the bundled schema's). */
export const ODPS_API_VERSION = "v1.0.0";
export const ODPS_KIND = "DataProduct";
/** The statuses ODPS documents; its schema gives them only as examples, so other values are read as they are. */
export const ODPS_STATUSES = ["proposed", "draft", "active", "deprecated", "retired"] as const;
/** A product and its contracts; more is a mistake or an attack on the parser. */
export const MAX_BUNDLE_DOCUMENTS = 50;

/** What an item held besides the fields the model names, written back into the same item. */
type ItemExtras = Record<string, unknown>;

export interface OdpsTeamMember {
  username: string;
  name: string;
  role: string;
  extras?: ItemExtras;
}

export interface OdpsTeam {
  name: string;
  members: OdpsTeamMember[];
  extras?: ItemExtras;
}

export interface OdpsSupportChannel {
  channel: string;
  url: string;
  extras?: ItemExtras;
}

export interface OdpsInputPort {
  name: string;
  version: string;
  contractId: string;
  extras?: ItemExtras;
}

export interface OdpsOutputPort {
  name: string;
  version: string;
  description: string;
  type: string;
  contractId: string;
  extras?: ItemExtras;
}

export interface OdpsCustomProperty {
  property: string;
  value: unknown;
  description?: string;
}

export interface OdpsProductModel {
  /** Product id (Meshport: the slug). */
  id: string;
  name: string;
  version: string;
  /** ODPS status: proposed | draft | active | deprecated | retired (see ODPS_STATUSES). */
  status: string;
  /** Domain slug. */
  domain: string;
  tenant?: string;
  tags: string[];
  /** purpose = summary, usage = markdown docs, limitations = terms of use. */
  description: { purpose: string; usage: string; limitations: string };
  /** The owner team. */
  team: OdpsTeam | null;
  support: OdpsSupportChannel[];
  /** The contracts the product consumes. */
  inputPorts: OdpsInputPort[];
  outputPorts: OdpsOutputPort[];
  /** E.g. meshport.kind (SOURCE_ALIGNED…), meshport.ownerTeam (slug). */
  customProperties: OdpsCustomProperty[];
  /** Every top-level key of the source the model does not map, kept verbatim and exported again. */
  extras: Record<string, unknown>;
}

// ─── Validation ─────────────────────────────────────────────────────────────

let validator: ValidateFunction | undefined;

function getValidator(): ValidateFunction {
  if (!validator) {
    // ODPS declares draft 2019-09, like ODCS.
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    addFormats(ajv);
    validator = ajv.compile(odpsSchema);
  }
  return validator;
}

/** Problems of `document` against the bundled ODPS v1.0.0 schema, in `validate.ts`'s conventions. */
export function validateOdps(document: unknown): PendingIssue[] {
  const validate = getValidator();
  return validate(document) ? [] : toPendingIssues(validate.errors ?? [], document);
}

// ─── Import ─────────────────────────────────────────────────────────────────

/**
 * Parses one ODPS v1.0.0 document (YAML or JSON text) into the model. Throws ContractError: bad
 * YAML, over the size cap, another apiVersion or kind, or a schema violation (path + line each).
 */
export function parseOdps(text: string): OdpsProductModel {
  const source = readProductSource(text);
  const document = source.value;

  const refusals: PendingIssue[] = [];
  const kind = document.kind;
  if (kind !== ODPS_KIND) {
    refusals.push({
      segments: ["kind"],
      message:
        kind === "DataContract"
          ? "this is a data contract (ODCS), not a data product: import it as a contract"
          : kind === undefined
            ? `kind is missing: an ODPS data product declares kind: ${ODPS_KIND}`
            : `kind '${String(kind)}' is not supported: an ODPS data product declares kind: ${ODPS_KIND}`,
    });
  }
  const apiVersion = document.apiVersion;
  if (apiVersion !== ODPS_API_VERSION && kind !== "DataContract") {
    refusals.push({
      segments: ["apiVersion"],
      message:
        apiVersion === undefined
          ? `apiVersion is missing: Meshport reads ODPS ${ODPS_API_VERSION} (apiVersion: ${ODPS_API_VERSION})`
          : `apiVersion '${String(apiVersion)}' is not supported: Meshport reads ODPS ${ODPS_API_VERSION} only`,
    });
  }
  if (refusals.length > 0)
    throw new ContractError(`Not an ODPS ${ODPS_API_VERSION} data product.`, toIssues(refusals, source));

  const invalid = validateOdps(document);
  if (invalid.length > 0)
    throw new ContractError(
      `The data product is not valid ODPS (${ODPS_API_VERSION} schema).`,
      toIssues(invalid, source),
    );
  return toModel(document);
}

/** `readYamlSource` speaks of contracts; the issues are the same, the headline names a product. */
function readProductSource(text: string): YamlSource {
  try {
    return readYamlSource(text);
  } catch (error) {
    if (error instanceof ContractError)
      throw new ContractError(error.message.replace(/^The contract/, "The data product"), error.issues);
    throw error;
  }
}

const MAPPED_TOP_LEVEL = new Set([
  "apiVersion",
  "kind",
  "id",
  "name",
  "version",
  "status",
  "domain",
  "tenant",
  "tags",
  "description",
  "team",
  "support",
  "inputPorts",
  "outputPorts",
  "customProperties",
]);
const DESCRIPTION_FIELDS = ["purpose", "usage", "limitations"] as const;

/** A schema-valid document → the model; anything unmapped is copied, never shared. */
function toModel(document: JsonObject): OdpsProductModel {
  const extras: JsonObject = {};
  for (const [key, value] of Object.entries(document)) {
    if (!MAPPED_TOP_LEVEL.has(key)) extras[key] = clone(value);
  }
  const description = isRecord(document.description) ? document.description : {};
  const descriptionExtras = pickExtras(description, DESCRIPTION_FIELDS);
  if (descriptionExtras) extras.description = descriptionExtras;

  const tenant = asString(document.tenant);
  return {
    id: stringOf(document.id),
    name: stringOf(document.name),
    version: stringOf(document.version),
    status: stringOf(document.status),
    domain: stringOf(document.domain),
    ...(tenant === undefined ? {} : { tenant }),
    tags: asArray(document.tags).map(stringOf),
    description: {
      purpose: stringOf(description.purpose),
      usage: stringOf(description.usage),
      limitations: stringOf(description.limitations),
    },
    team: isRecord(document.team) ? toTeam(document.team) : null,
    support: records(document.support).map((item) =>
      withExtras({ channel: stringOf(item.channel), url: stringOf(item.url) }, item, SUPPORT_FIELDS),
    ),
    inputPorts: records(document.inputPorts).map((item) =>
      withExtras(
        { name: stringOf(item.name), version: stringOf(item.version), contractId: stringOf(item.contractId) },
        item,
        INPUT_PORT_FIELDS,
      ),
    ),
    outputPorts: records(document.outputPorts).map((item) =>
      withExtras(
        {
          name: stringOf(item.name),
          version: stringOf(item.version),
          description: stringOf(item.description),
          type: stringOf(item.type),
          contractId: stringOf(item.contractId),
        },
        item,
        OUTPUT_PORT_FIELDS,
      ),
    ),
    customProperties: records(document.customProperties).map((item) => {
      const note = asString(item.description);
      return {
        property: stringOf(item.property),
        value: clone(item.value),
        ...(note === undefined ? {} : { description: note }),
      };
    }),
    extras,
  };
}

const SUPPORT_FIELDS = ["channel", "url"] as const;
const INPUT_PORT_FIELDS = ["name", "version", "contractId"] as const;
const OUTPUT_PORT_FIELDS = ["name", "version", "description", "type", "contractId"] as const;
const TEAM_FIELDS = ["name", "members"] as const;
const MEMBER_FIELDS = ["username", "name", "role"] as const;

function toTeam(team: JsonObject): OdpsTeam {
  const members = records(team.members).map((item) =>
    withExtras(
      { username: stringOf(item.username), name: stringOf(item.name), role: stringOf(item.role) },
      item,
      MEMBER_FIELDS,
    ),
  );
  return withExtras({ name: stringOf(team.name), members }, team, TEAM_FIELDS);
}

function stringOf(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function records(value: unknown): JsonObject[] {
  return asArray(value).filter(isRecord);
}

/** A copy of the keys of `item` other than `mapped`, or undefined when there are none. */
function pickExtras(item: JsonObject, mapped: readonly string[]): JsonObject | undefined {
  const rest = Object.entries(item).filter(([key]) => !mapped.includes(key));
  return rest.length > 0 ? clone(Object.fromEntries(rest)) : undefined;
}

function withExtras<T extends object>(mapped: T, item: JsonObject, fields: readonly string[]): T {
  const extras = pickExtras(item, fields);
  return extras ? { ...mapped, extras } : mapped;
}

// ─── Export ─────────────────────────────────────────────────────────────────

const ANCILLARY = ["tags", "customProperties", "authoritativeDefinitions"];
const TOP_ORDER = [
  "apiVersion",
  "kind",
  "id",
  "name",
  "version",
  "status",
  "domain",
  "tenant",
  "tags",
  "description",
  "inputPorts",
  "outputPorts",
  "managementPorts",
  "support",
  "team",
  "customProperties",
  "authoritativeDefinitions",
  "productCreatedTs",
];
/** Key order of the objects under (or in the lists under) each key; anything else is alphabetical. */
const CHILD_ORDER: Record<string, readonly string[]> = {
  description: ["purpose", "usage", "limitations", "authoritativeDefinitions", "customProperties"],
  inputPorts: ["name", "version", "contractId", ...ANCILLARY],
  outputPorts: [
    "name",
    "version",
    "description",
    "type",
    "contractId",
    "sbom",
    "inputContracts",
    ...ANCILLARY,
  ],
  managementPorts: ["name", "content", "type", "url", "channel", "description", ...ANCILLARY],
  support: ["channel", "url", "description", "tool", "scope", "invitationUrl", ...ANCILLARY],
  team: ["name", "description", "members", ...ANCILLARY],
  members: [
    "username",
    "name",
    "role",
    "description",
    "dateIn",
    "dateOut",
    "replacedByUsername",
    ...ANCILLARY,
  ],
  customProperties: ["property", "value", "description"],
  authoritativeDefinitions: ["type", "url", "description"],
  sbom: ["type", "url"],
  inputContracts: ["id", "version"],
};

/**
 * The model as an ODPS v1.0.0 document (plain JSON values). Every object's keys come in a fixed
 * order, so a model whose extras went through a database (jsonb reorders keys) gives the same
 * document. Throws ContractError when it would not validate, e.g. an extras key ODPS does not allow.
 */
export function toOdpsDocument(model: OdpsProductModel): Record<string, unknown> {
  const extras = isRecord(model.extras) ? model.extras : {};
  const document: JsonObject = {};
  for (const [key, value] of Object.entries(extras)) {
    if (!MAPPED_TOP_LEVEL.has(key)) document[key] = clone(value);
  }
  const description = {
    ...(isRecord(extras.description) ? clone(extras.description) : {}),
    purpose: optional(model.description.purpose),
    usage: optional(model.description.usage),
    limitations: optional(model.description.limitations),
  };
  Object.assign(document, {
    apiVersion: ODPS_API_VERSION,
    kind: ODPS_KIND,
    id: model.id,
    name: optional(model.name),
    version: optional(model.version),
    status: model.status,
    domain: optional(model.domain),
    tenant: model.tenant,
    tags: list([...model.tags]),
    description: Object.values(description).some((v) => v !== undefined) ? description : undefined,
    inputPorts: list(
      model.inputPorts.map((port) =>
        withItemExtras(port.extras, { name: port.name, version: port.version, contractId: port.contractId }),
      ),
    ),
    outputPorts: list(
      model.outputPorts.map((port) =>
        withItemExtras(port.extras, {
          name: port.name,
          version: port.version,
          description: optional(port.description),
          type: optional(port.type),
          contractId: optional(port.contractId),
        }),
      ),
    ),
    support: list(
      model.support.map((channel) =>
        withItemExtras(channel.extras, { channel: channel.channel, url: channel.url }),
      ),
    ),
    team: model.team ? toTeamObject(model.team) : undefined,
    customProperties: list(
      model.customProperties.map((p) => ({
        property: p.property,
        value: clone(p.value),
        description: p.description,
      })),
    ),
  });
  const out = canonicalize(document, TOP_ORDER) as JsonObject;
  const invalid = validateOdps(out);
  if (invalid.length > 0)
    throw new ContractError(
      `The exported data product does not validate against ODPS ${ODPS_API_VERSION}.`,
      toIssues(invalid),
    );
  return out;
}

/**
 * The model as ODPS v1.0.0 YAML; equal models give equal text. Throws like `toOdpsDocument`.
 * Strings a YAML 1.1 reader would take for another type (`2023-01-15`, `yes`, `1:20`) are quoted:
 * PyYAML and SnakeYAML read 1.1, and would fail the schema's `type: string` on an unquoted date.
 */
export function toOdpsYaml(model: OdpsProductModel): string {
  const doc = new Document(toOdpsDocument(model), { aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === "string" && !node.value.includes("\n") && !isStringInYaml11(node.value))
        node.type = "QUOTE_DOUBLE";
    },
  });
  // No folding: the text must read back to exactly the same values.
  return doc.toString({ lineWidth: 0 });
}

function isStringInYaml11(value: string): boolean {
  try {
    return typeof parse(value, { version: "1.1", logLevel: "silent" }) === "string";
  } catch {
    return true; // not a plain scalar at all: the writer quotes it anyway
  }
}

function toTeamObject(team: OdpsTeam): JsonObject {
  const members = team.members.map((member) =>
    withItemExtras(member.extras, {
      username: member.username,
      name: optional(member.name),
      role: optional(member.role),
    }),
  );
  return withItemExtras(team.extras, { name: optional(team.name), members: list(members) });
}

/** The item's extras with its mapped fields over them: a mapped field always wins. */
function withItemExtras(extras: ItemExtras | undefined, mapped: JsonObject): JsonObject {
  return { ...(isRecord(extras) ? clone(extras) : {}), ...mapped };
}

/**
 * Keys ordered by CHILD_ORDER (by the key an object sits under), else alphabetically; undefined
 * dropped. Inside a custom property's `value` (free JSON) every object is alphabetical.
 */
function canonicalize(value: unknown, order: readonly string[], free = false): unknown {
  if (Array.isArray(value)) return value.map((item) => canonicalize(item, order, free));
  if (!isRecord(value)) return value;
  const ordered = orderKeys(value, order);
  for (const [key, child] of Object.entries(ordered)) {
    const inValue = free || (key === "value" && order === CHILD_ORDER.customProperties);
    ordered[key] = canonicalize(child, inValue ? [] : (CHILD_ORDER[key] ?? []), inValue);
  }
  return ordered;
}

function optional(value: string): string | undefined {
  return value === "" ? undefined : value;
}

function list<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}

// ─── Bundles ────────────────────────────────────────────────────────────────

/**
 * Cuts a `---`-separated YAML stream holding at most one ODPS product (kind: DataProduct) and any
 * number of ODCS contracts (kind: DataContract) into each document's text, in order: `product` for
 * `parseOdps`, `contracts` for `parseContract`. Empty documents are skipped. Only the `kind` of each
 * document is read here; each text is validated when it is parsed, and its line numbers then count
 * from the start of that document. Throws ContractError (with bundle line numbers) for bad YAML,
 * more than MAX_CONTRACT_BYTES in all, more than MAX_BUNDLE_DOCUMENTS documents, a second
 * DataProduct, or a document of another (or no) kind.
 */
export function splitProductBundle(text: string): { product: string | null; contracts: string[] } {
  checkBundleSize(text);
  const lineCounter = new LineCounter();
  let documents: Document.Parsed[];
  try {
    documents = parseAllDocuments(text, {
      lineCounter,
      prettyErrors: true,
      uniqueKeys: true,
    }) as Document.Parsed[];
  } catch (cause) {
    // Nesting thousands deep exhausts the parser's stack: a document no one writes by hand.
    throw new ContractError("The bundle is not valid YAML.", [
      {
        path: "",
        line: 1,
        message: cause instanceof RangeError ? "the bundle is nested too deeply" : String(cause),
      },
    ]);
  }
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;

  const parts: { number: number; doc: Document.Parsed; text: string }[] = [];
  let start = 0;
  for (const doc of documents) {
    const end = doc.range[2];
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0]?.line;
      throw new ContractError("The bundle is not valid YAML.", [
        {
          path: "",
          ...(line ? { line } : {}),
          message: `document ${parts.length + 1}: ${firstLine(error.message)}`,
        },
      ]);
    }
    if (!isEmpty(doc)) parts.push({ number: parts.length + 1, doc, text: text.slice(start, end) });
    start = end;
  }
  if (parts.length > MAX_BUNDLE_DOCUMENTS)
    throw new ContractError("The bundle has too many documents.", [
      {
        path: "",
        line: lineAt(parts[MAX_BUNDLE_DOCUMENTS]?.doc.range[0] ?? 0),
        message: `the bundle holds ${parts.length} documents; at most ${MAX_BUNDLE_DOCUMENTS} (one product and its contracts) are read`,
      },
    ]);

  const issues: ContractIssue[] = [];
  let product: { number: number; text: string } | null = null;
  const contracts: string[] = [];
  for (const part of parts) {
    const { kind, offset } = readKind(part.doc);
    const line = lineAt(offset);
    if (kind === ODPS_KIND) {
      if (product)
        issues.push({
          path: "kind",
          line,
          message: `document ${part.number}: a second data product (document ${product.number} is one); a bundle holds one product`,
        });
      else product = { number: part.number, text: part.text };
    } else if (kind === "DataContract") {
      contracts.push(part.text);
    } else {
      issues.push({
        path: "kind",
        line,
        message:
          kind === undefined
            ? `document ${part.number}: no kind; expected kind: ${ODPS_KIND} (ODPS) or kind: DataContract (ODCS)`
            : `document ${part.number}: kind '${kind}' is not supported; expected ${ODPS_KIND} (ODPS) or DataContract (ODCS)`,
      });
    }
  }
  if (issues.length > 0)
    throw new ContractError(
      "The bundle holds documents Meshport cannot import.",
      issues.slice(0, MAX_ISSUES),
    );
  return { product: product?.text ?? null, contracts };
}

function checkBundleSize(text: string): void {
  // Every character takes at least one UTF-8 byte: encode only when the length alone cannot tell.
  const bytes = text.length > MAX_CONTRACT_BYTES ? undefined : new TextEncoder().encode(text).length;
  if (bytes === undefined || bytes > MAX_CONTRACT_BYTES) {
    const size = bytes === undefined ? `more than ${MAX_CONTRACT_BYTES}` : String(bytes);
    throw new ContractError("The bundle is too large.", [
      {
        path: "",
        message: `the bundle is ${size} bytes; imports are limited to ${MAX_CONTRACT_BYTES} bytes (1 MiB) in all`,
      },
    ]);
  }
}

function isEmpty(doc: Document.Parsed): boolean {
  const contents = doc.contents;
  return contents === null || (isScalar(contents) && contents.value === null);
}

/** The document's `kind` (a plain string, or undefined) and where to point at it. */
function readKind(doc: Document.Parsed): { kind: string | undefined; offset: number } {
  const contents = doc.contents;
  if (!isMap(contents)) return { kind: undefined, offset: contents?.range?.[0] ?? doc.range[0] };
  const pair = contents.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === "kind");
  if (!pair) return { kind: undefined, offset: contents.range?.[0] ?? doc.range[0] };
  const value = isScalar(pair.value) ? pair.value.value : undefined;
  const offset = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? doc.range[0];
  return { kind: value === undefined || value === null ? undefined : String(value), offset };
}

/** yaml's pretty messages append a code frame; the first line is the sentence. */
function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "").trim();
}
