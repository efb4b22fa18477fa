import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  diffJson,
  mergeContractDocument,
  objectForPort,
  portContractYaml,
  readContractDocument,
  type PortContractSource,
} from "./port-contract";

// A port's own contract: what export fills in, what an import patch keeps, clears and matches.
const source: PortContractSource = {
  contract: {
    contractId: "53581432-6c55-4ba2-a65e-2b4f3a8c1b2e",
    version: "1.2.0",
    status: "ACTIVE",
    document: {
      support: [{ channel: "#orders-data", url: "https://chat.example.com/orders-data" }],
      description: {
        purpose: "Orders as they happen",
        usage: "Key by orderId",
        limitations: "No PII outside EU",
      },
    },
  },
  product: {
    slug: "order-events",
    name: "Order Events",
    domain: "orders",
    tags: ["orders"],
    summary: "Every order",
    serviceLevels: { freshness: "< 5 s" },
  },
  port: {
    name: "order-placed",
    description: "One event per order",
    type: "KAFKA_TOPIC",
    address: "orders.order-placed.v1",
    server: "kafka://127.0.0.1:9092",
    format: "json",
    compatibility: "BACKWARD",
    schema: {
      type: "object",
      required: ["orderId"],
      properties: { orderId: { type: "string", description: "Order id" }, total: { type: "number" } },
    },
  },
};

describe("a port's contract", () => {
  it("exports the contract's own id, version and content, and the product's SLA when it states none", () => {
    const doc = parse(portContractYaml(source)) as Record<string, unknown>;
    expect(doc).toMatchObject({
      apiVersion: "v3.1.0",
      id: source.contract.contractId,
      version: "1.2.0",
      status: "active",
      domain: "orders",
      description: { purpose: "Orders as they happen", usage: "Key by orderId" },
      support: source.contract.document.support,
      slaProperties: [{ property: "freshness", value: "< 5 s" }],
    });
    expect(doc.schema).toEqual([
      expect.objectContaining({ name: "order-placed", physicalName: "orders.order-placed.v1" }),
    ]);
  });

  it("reads it back: same id, the schema object, and a patch of exactly the keys it has", () => {
    const read = readContractDocument(portContractYaml(source));
    expect(read).toMatchObject({
      format: "odcs",
      id: source.contract.contractId,
      version: "1.2.0",
      status: "ACTIVE",
    });
    expect(read.objects.map((o) => o.address)).toEqual(["orders.order-placed.v1"]);
    expect(Object.keys(read.patch).sort()).toEqual([
      "description",
      "name",
      "slaProperties",
      "support",
      "tags",
    ]);
  });

  it("keeps what a document leaves out and clears only what it empties", () => {
    const current = {
      description: { purpose: "x" },
      support: [{ channel: "a", url: "https://a" }],
      price: { priceAmount: 1 },
    };
    const merged = mergeContractDocument(current, { support: [], team: [{ username: "ann" }], price: null });
    expect(merged).toEqual({ description: { purpose: "x" }, team: [{ username: "ann" }] });
    // An import without `description` keeps the documentation.
    const { patch } = readContractDocument(
      "apiVersion: v3.0.2\nkind: DataContract\nid: c-1\nversion: 1.0.0\nstatus: active\nschema:\n  - name: t\n    physicalName: t1\n    physicalType: topic\n",
    );
    expect(patch).not.toHaveProperty("description");
    expect(mergeContractDocument(current, patch).description).toEqual({ purpose: "x" });
  });

  it("finds the port's schema object by address, or the only one", () => {
    const two = readContractDocument(
      [
        "apiVersion: v3.1.0",
        "kind: DataContract",
        "id: c-2",
        "version: 1.0.0",
        "status: active",
        "schema:",
        "  - name: a",
        "    physicalName: orders.a.v1",
        "    physicalType: topic",
        "  - name: b",
        "    physicalName: orders.b.v1",
        "    physicalType: topic",
        "",
      ].join("\n"),
    );
    expect(objectForPort(two, "orders.b.v1")).toBe(1);
    expect(objectForPort(two, "orders.c.v1")).toBeNull();
    const one = { ...two, objects: two.objects.slice(0, 1) };
    expect(objectForPort(one, "anything")).toBe(0);
  });

  it("diffs two versions path by path", () => {
    expect(
      diffJson(
        { version: "1.0.0", document: { quality: [{ mustBe: 0 }] } },
        { version: "1.1.0", document: { quality: [{ mustBe: 1 }] } },
      ),
    ).toEqual([
      { path: "document.quality[0].mustBe", before: 0, after: 1 },
      { path: "version", before: "1.0.0", after: "1.1.0" },
    ]);
  });
});
