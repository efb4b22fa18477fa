// ODPS v1.0.0 import/export and product bundles: schema validity, round trips, Bitol's example, refusals.
import { readFileSync } from "node:fs";
import Ajv2019 from "ajv/dist/2019";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ContractError, MAX_CONTRACT_BYTES, parseContract } from "./index";
import odpsSchema from "./json-schemas/odps-json-schema-v1.0.0.json";
import {
  MAX_BUNDLE_DOCUMENTS,
  parseOdps,
  splitProductBundle,
  toOdpsDocument,
  toOdpsYaml,
  type OdpsProductModel,
} from "./odps";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const CUSTOMER = fixture("customer-data-product.odps.yaml");
const ORDERS = fixture("orders.odcs.yaml");
const EDGE = fixture("edge-cases.odcs.yaml");
const MINIMAL_PRODUCT = "apiVersion: v1.0.0\nkind: DataProduct\nid: p\nstatus: draft\n";

/** An independent compile of the bundled schema: the export must pass it, not only our own check. */
function schemaErrors(document: unknown): unknown[] {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(odpsSchema);
  return validate(document) ? [] : (validate.errors ?? []);
}

function refusal(action: () => unknown): ContractError {
  try {
    action();
  } catch (error) {
    if (error instanceof ContractError) return error;
    throw error;
  }
  throw new Error("expected a ContractError");
}

const PAYMENTS: OdpsProductModel = {
  id: "payments-settled",
  name: "Settled Payments",
  version: "2.3.0",
  status: "active",
  domain: "payments",
  tenant: "northwind",
  tags: ["payments", "finance", "pii"],
  description: {
    purpose: "Every card payment once the acquirer has settled it.",
    usage: "## How to consume\n- Keyed by `paymentId`.\n- Amounts are in minor units.\n",
    limitations: "Contains personal data (GDPR): use it only for the purpose approved in your request.",
  },
  team: {
    name: "Payments Core",
    members: [
      {
        username: "ada@northwind.example",
        name: "Ada Byron",
        role: "owner",
        extras: { dateIn: "2023-01-15" },
      },
      { username: "grace@northwind.example", name: "Grace Hopper", role: "data steward" },
      { username: "bot@northwind.example", name: "", role: "" },
    ],
    extras: { description: "Runs the payment pipeline.", tags: ["core"] },
  },
  support: [
    {
      channel: "#payments-data",
      url: "https://northwind.slack.com/archives/C0PAY",
      extras: { tool: "slack", scope: "interactive" },
    },
    { channel: "Email", url: "mailto:payments-data@northwind.example" },
  ],
  inputPorts: [
    { name: "card-authorizations", version: "1.0.0", contractId: "card-authorizations" },
    {
      name: "acquirer-settlements",
      version: "3.1.0",
      contractId: "acquirer-settlements",
      extras: { tags: ["external"] },
    },
  ],
  outputPorts: [
    {
      name: "payment-settled",
      version: "2.3.0",
      description: "One event per settled payment.",
      type: "KAFKA_TOPIC",
      contractId: "payments-settled",
      extras: {
        sbom: [{ type: "external", url: "https://sbom.northwind.example/payments.cdx.json" }],
        inputContracts: [{ id: "card-authorizations", version: "1.0.0" }],
      },
    },
    {
      name: "daily-settlement-summary",
      version: "1.0.0",
      description: "Totals per merchant and day.",
      type: "TABLE",
      contractId: "payments-settled",
    },
    { name: "settlement-files", version: "1.0.0", description: "", type: "FILE", contractId: "" },
  ],
  customProperties: [
    { property: "meshport.kind", value: "SOURCE_ALIGNED" },
    { property: "meshport.ownerTeam", value: "payments-core", description: "Owner team slug" },
    { property: "retentionDays", value: 400 },
    { property: "regions", value: ["eu-west-1", "eu-central-1"] },
  ],
  extras: {
    authoritativeDefinitions: [
      { type: "businessDefinition", url: "https://wiki.northwind.example/payments/settlement" },
    ],
    productCreatedTs: "2024-03-01T09:30:00Z",
    managementPorts: [
      { name: "lineage", content: "observability", url: "https://portal.northwind.example/lineage" },
    ],
    description: {
      authoritativeDefinitions: [{ type: "tutorial", url: "https://wiki.northwind.example/payments/howto" }],
    },
  },
};

describe("toOdpsYaml / toOdpsDocument", () => {
  it("writes a document the bundled ODPS v1.0.0 schema accepts", () => {
    const document = toOdpsDocument(PAYMENTS);
    expect(schemaErrors(document)).toEqual([]);
    expect(schemaErrors(parse(toOdpsYaml(PAYMENTS)))).toEqual([]);
  });

  it("declares v1.0.0 and writes keys in a fixed order, extras in place", () => {
    const document = toOdpsDocument(PAYMENTS);
    expect(Object.keys(document)).toEqual([
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
    ]);
    expect(document).toMatchObject({ apiVersion: "v1.0.0", kind: "DataProduct", id: "payments-settled" });
    expect(Object.keys(document.description as object)).toEqual([
      "purpose",
      "usage",
      "limitations",
      "authoritativeDefinitions",
    ]);
    expect(document.team).toEqual({
      name: "Payments Core",
      description: "Runs the payment pipeline.",
      members: [
        { username: "ada@northwind.example", name: "Ada Byron", role: "owner", dateIn: "2023-01-15" },
        { username: "grace@northwind.example", name: "Grace Hopper", role: "data steward" },
        { username: "bot@northwind.example" },
      ],
      tags: ["core"],
    });
    // Optional strings left empty are left out; required ones stay.
    expect((document.outputPorts as unknown[])[2]).toEqual({
      name: "settlement-files",
      version: "1.0.0",
      type: "FILE",
    });
  });

  it("gives the same text after export → parse → export, and the same model back", () => {
    const first = toOdpsYaml(PAYMENTS);
    expect(parseOdps(first)).toEqual(PAYMENTS);
    expect(toOdpsYaml(parseOdps(first))).toBe(first);
  });

  it("keeps values that YAML would read as something else", () => {
    const tricky = [
      "true",
      "1.0",
      "null",
      "~",
      "2023-01-15",
      "0x1F",
      " padded ",
      "a: b",
      "# not a comment",
      "é ✓",
    ];
    const model: OdpsProductModel = {
      ...PAYMENTS,
      version: "1.0",
      tags: tricky,
      description: { purpose: "line one\nline two", usage: "", limitations: "" },
      customProperties: tricky.map((value, i) => ({ property: `p${i}`, value })),
    };
    const first = toOdpsYaml(model);
    expect(parseOdps(first)).toEqual(model);
    expect(toOdpsYaml(parseOdps(first))).toBe(first);
  });

  it("writes text a YAML 1.1 reader (PyYAML, SnakeYAML) reads to the same values", () => {
    const yaml11 = ["yes", "off", "Y", "1:20", "0o12", "0b101", "2023-01-15T10:30:00Z", "1_000"];
    const model: OdpsProductModel = {
      ...PAYMENTS,
      tags: yaml11,
      customProperties: [{ property: "flags", value: { n: "y", on: ["no"] } }],
    };
    for (const yaml of [toOdpsYaml(model), toOdpsYaml(parseOdps(CUSTOMER))]) {
      expect(parse(yaml, { version: "1.1" })).toEqual(parse(yaml));
      expect(schemaErrors(parse(yaml, { version: "1.1" }))).toEqual([]);
    }
    expect(toOdpsYaml(parseOdps(CUSTOMER))).toContain('productCreatedTs: "2023-01-15T10:30:00Z"');
  });

  it("does not depend on the key order of extras (a database may reorder them)", () => {
    const reversed = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reversed)
        : typeof value === "object" && value !== null
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reversed(v)]),
            )
          : value;
    const shuffled = reversed(PAYMENTS) as OdpsProductModel;
    expect(Object.keys(shuffled.extras)[0]).toBe("description");
    expect(toOdpsYaml(shuffled)).toBe(toOdpsYaml(PAYMENTS));
    const customer = parseOdps(CUSTOMER);
    expect(toOdpsYaml(reversed(customer) as OdpsProductModel)).toBe(toOdpsYaml(customer));
  });

  it("round-trips the smallest model: no team, no ports, nothing optional", () => {
    const bare: OdpsProductModel = {
      id: "bare",
      name: "",
      version: "",
      status: "draft",
      domain: "",
      tags: [],
      description: { purpose: "", usage: "", limitations: "" },
      team: null,
      support: [],
      inputPorts: [],
      outputPorts: [],
      customProperties: [],
      extras: {},
    };
    const yaml = toOdpsYaml(bare);
    expect(yaml).toBe("apiVersion: v1.0.0\nkind: DataProduct\nid: bare\nstatus: draft\n");
    expect(parseOdps(yaml)).toEqual(bare);
    const nameless = { ...bare, team: { name: "", members: [] } };
    expect(toOdpsYaml(parseOdps(toOdpsYaml(nameless)))).toBe(toOdpsYaml(nameless));
    expect(parseOdps(toOdpsYaml(nameless)).team).toEqual({ name: "", members: [] });
  });

  it("refuses to write what ODPS does not allow, naming the path", () => {
    const error = refusal(() => toOdpsYaml({ ...PAYMENTS, extras: { servers: [] } }));
    expect(error.issues).toContainEqual({
      path: "servers",
      message: "property 'servers' is not allowed here",
    });
    const badUrl = refusal(() =>
      toOdpsDocument({ ...PAYMENTS, support: [{ channel: "x", url: "not a url" }] }),
    );
    expect(badUrl.issues[0]).toMatchObject({ path: "support[0].url", message: 'must match format "uri"' });
  });
});

describe("parseOdps on Bitol's customer example", () => {
  const model = parseOdps(CUSTOMER);

  it("maps the product", () => {
    expect(model).toMatchObject({
      id: "fbe8d147-28db-4f1d-bedf-a3fe9f458427",
      name: "Customer Data Product",
      version: "",
      status: "draft",
      domain: "seller",
      tenant: "RetailCorp",
      tags: ["customer"],
      description: {
        purpose: "Enterprise view of a customer.",
        usage: "Check the various artefacts for their own description.",
        limitations: "No known limitations.",
      },
    });
    expect(model.inputPorts).toHaveLength(4);
    expect(model.inputPorts[0]).toEqual({
      name: "payments",
      version: "1.0.0",
      contractId: "dbb7b1eb-7628-436e-8914-2a00638ba6db",
    });
    expect(model.outputPorts.map((p) => `${p.name}@${p.version}`)).toEqual([
      "rawtransactions@1.0.0",
      "rawtransactions@2.0.0",
      "consolidatedtransactions@1.0.0",
      "fulltransactionswithreturns@0.3.0",
    ]);
    expect(model.outputPorts[1]).toMatchObject({
      description: "Raw Transactions",
      type: "tables",
      contractId: "c2798941-1b7e-4b03-9e0d-955b1a872b33",
      extras: {
        sbom: [{ type: "external", url: "https://mysbomserver/mysbom" }],
        inputContracts: [
          { id: "dbb7b1eb-7628-436e-8914-2a00638ba6db", version: "2.0.0" },
          { id: "ec2a112d-5cfe-49f3-8760-f9cfb4597544", version: "1.0.0" },
        ],
      },
    });
    expect(model.team?.members[0]).toEqual({
      username: "john.doe@retailcorp.com",
      name: "John Doe",
      role: "owner",
      extras: { description: "Data Product Owner", dateIn: "2023-01-15" },
    });
    expect(model.support[1]).toEqual({
      channel: "Email Support",
      url: "mailto:data-support@retailcorp.com",
      extras: { description: "Email support for urgent issues", tool: "email", scope: "issues" },
    });
    expect(Object.keys(model.extras).sort()).toEqual(["managementPorts", "productCreatedTs"]);
  });

  it("exports every field of the source again, unmapped ones included", () => {
    const exported: unknown = parse(toOdpsYaml(model));
    expect(exported).toEqual(parse(CUSTOMER));
    expect(schemaErrors(exported)).toEqual([]);
    expect(toOdpsYaml(parseOdps(toOdpsYaml(model)))).toBe(toOdpsYaml(model));
  });

  it("reads the same document as JSON", () => {
    expect(parseOdps(JSON.stringify(parse(CUSTOMER)))).toEqual(model);
  });
});

describe("parseOdps refusals", () => {
  const MINIMAL = "apiVersion: v1.0.0\nkind: DataProduct\nid: p\nstatus: proposed\n";

  it("reads absent optional fields as empty values", () => {
    expect(parseOdps(MINIMAL)).toEqual({
      id: "p",
      name: "",
      version: "",
      status: "proposed",
      domain: "",
      tags: [],
      description: { purpose: "", usage: "", limitations: "" },
      team: null,
      support: [],
      inputPorts: [],
      outputPorts: [],
      customProperties: [],
      extras: {},
    });
  });

  it("refuses another apiVersion before validating", () => {
    const error = refusal(() => parseOdps(MINIMAL.replace("v1.0.0", "v0.9.0")));
    expect(error.message).toBe("Not an ODPS v1.0.0 data product.");
    expect(error.issues).toEqual([
      {
        path: "apiVersion",
        line: 1,
        message: "apiVersion 'v0.9.0' is not supported: Meshport reads ODPS v1.0.0 only",
      },
    ]);
    expect(refusal(() => parseOdps("kind: DataProduct\nid: p\nstatus: draft\n")).issues[0]).toMatchObject({
      path: "apiVersion",
      message: expect.stringContaining("apiVersion is missing"),
    });
  });

  it("refuses another kind, and says so for a data contract", () => {
    expect(refusal(() => parseOdps(ORDERS)).issues).toEqual([
      {
        path: "kind",
        line: 3,
        message: "this is a data contract (ODCS), not a data product: import it as a contract",
      },
    ]);
    expect(refusal(() => parseOdps(MINIMAL.replace("DataProduct", "Dataset"))).issues[0]).toMatchObject({
      path: "kind",
      line: 2,
      message: expect.stringContaining("kind 'Dataset' is not supported"),
    });
  });

  it("refuses a missing required field, naming where", () => {
    const top = refusal(() => parseOdps("apiVersion: v1.0.0\nkind: DataProduct\nid: p\n"));
    expect(top.message).toBe("The data product is not valid ODPS (v1.0.0 schema).");
    expect(top.issues).toEqual([{ path: "", line: 1, message: "must have required property 'status'" }]);
    const port = refusal(() =>
      parseOdps(`${MINIMAL}outputPorts:\n  - name: a\n    version: 1.0.0\n  - name: b\n    type: tables\n`),
    );
    expect(port.issues).toEqual([
      { path: "outputPorts[1]", line: 8, message: "must have required property 'version'" },
    ]);
  });

  it("refuses a field of the wrong type or an unknown field, naming the path and line", () => {
    const error = refusal(() =>
      parseOdps(
        `${MINIMAL}tags: customer\ninputPorts:\n  - name: a\n    version: 1\n    contractId: c\n    x: y\n`,
      ),
    );
    expect(error.issues).toEqual([
      { path: "inputPorts[0].version", line: 8, message: "must be string" },
      { path: "inputPorts[0].x", line: 10, message: "property 'x' is not allowed here" },
      { path: "tags", line: 5, message: "must be array" },
    ]);
  });

  it("refuses YAML it cannot read, with the line", () => {
    const error = refusal(() => parseOdps(`${MINIMAL}tags: [a, b\nname: x\n`));
    expect(error.message).toBe("The data product is not valid YAML.");
    expect(error.issues[0]?.line).toBeGreaterThanOrEqual(5);
    expect(refusal(() => parseOdps("- just\n- a list\n")).issues[0]?.message).toContain("YAML mapping");
    expect(refusal(() => parseOdps(`${MINIMAL}name: x\nname: y\n`)).issues[0]?.message).toContain("unique");
  });

  it("refuses documents over the size cap", () => {
    const error = refusal(() => parseOdps(`${MINIMAL}# ${"x".repeat(MAX_CONTRACT_BYTES)}\n`));
    expect(error.message).toBe("The data product is too large.");
  });
});

describe("splitProductBundle", () => {
  const product = toOdpsYaml(PAYMENTS);

  it("returns the product and each contract as text the parsers read", () => {
    const bundle = `# Payments: the product and its contracts\n${product}---\n${ORDERS}\n---\n${EDGE}---\n`;
    const { product: productText, contracts } = splitProductBundle(bundle);
    expect(productText).not.toBeNull();
    expect(parseOdps(productText ?? "")).toEqual(PAYMENTS);
    expect(contracts).toHaveLength(2);
    expect(contracts.map((text) => parseContract(text).model.id)).toEqual(["order-events", "edge-cases"]);
  });

  it("finds the product wherever it stands, and allows none", () => {
    const split = splitProductBundle(`${ORDERS}\n---\n${product}`);
    expect(split.contracts.map((text) => parseContract(text).model.id)).toEqual(["order-events"]);
    expect(parseOdps(split.product ?? "").id).toBe("payments-settled");
    expect(splitProductBundle(`---\n${ORDERS}`)).toEqual({ product: null, contracts: [`---\n${ORDERS}`] });
    expect(splitProductBundle("")).toEqual({ product: null, contracts: [] });
  });

  it("refuses a second product, naming its line", () => {
    const bundle = `${MINIMAL_PRODUCT}---\n${MINIMAL_PRODUCT}`;
    const error = refusal(() => splitProductBundle(bundle));
    expect(error.issues).toEqual([
      {
        path: "kind",
        line: 7,
        message: "document 2: a second data product (document 1 is one); a bundle holds one product",
      },
    ]);
  });

  it("refuses documents of another kind or of none", () => {
    const bundle = `${MINIMAL_PRODUCT}---\nkind: Dataset\n---\ndataContractSpecification: 1.2.0\n---\n- a list\n`;
    const error = refusal(() => splitProductBundle(bundle));
    expect(error.message).toBe("The bundle holds documents Meshport cannot import.");
    expect(error.issues).toEqual([
      {
        path: "kind",
        line: 6,
        message:
          "document 2: kind 'Dataset' is not supported; expected DataProduct (ODPS) or DataContract (ODCS)",
      },
      {
        path: "kind",
        line: 8,
        message: "document 3: no kind; expected kind: DataProduct (ODPS) or kind: DataContract (ODCS)",
      },
      {
        path: "kind",
        line: 10,
        message: "document 4: no kind; expected kind: DataProduct (ODPS) or kind: DataContract (ODCS)",
      },
    ]);
  });

  it("refuses more than 50 documents and more than the size cap", () => {
    const contract = "kind: DataContract\nid: c\n";
    const many = Array.from({ length: MAX_BUNDLE_DOCUMENTS + 1 }, () => contract).join("---\n");
    const error = refusal(() => splitProductBundle(many));
    expect(error.message).toBe("The bundle has too many documents.");
    expect(error.issues[0]?.message).toContain("51 documents; at most 50");
    expect(splitProductBundle(many.slice(0, -(contract.length + 4))).contracts).toHaveLength(50);
    const large = refusal(() =>
      splitProductBundle(`${MINIMAL_PRODUCT}# ${"x".repeat(MAX_CONTRACT_BYTES)}\n`),
    );
    expect(large.message).toBe("The bundle is too large.");
  });

  it("refuses YAML it cannot read, naming the document and line", () => {
    const error = refusal(() => splitProductBundle(`${MINIMAL_PRODUCT}---\nkind: DataContract\nid: [a\n`));
    expect(error.message).toBe("The bundle is not valid YAML.");
    expect(error.issues[0]?.message).toMatch(/^document 2: /);
    expect(error.issues[0]?.line).toBeGreaterThanOrEqual(6);
  });
});
