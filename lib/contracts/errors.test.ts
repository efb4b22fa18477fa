import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ContractError, MAX_CONTRACT_BYTES, parseContract, type ContractIssue } from "./index";

const ORDERS = readFileSync(new URL("./fixtures/orders.odcs.yaml", import.meta.url), "utf8");

function issuesOf(yaml: string): ContractIssue[] {
  try {
    parseContract(yaml);
  } catch (error) {
    if (error instanceof ContractError) return error.issues;
    throw error;
  }
  throw new Error("expected a ContractError");
}

const header = "apiVersion: v3.1.0\nkind: DataContract\nid: orders\nversion: 1.0.0\nstatus: active\n";

describe("parseContract errors", () => {
  it("reports a YAML syntax error with its line", () => {
    const issues = issuesOf(
      'apiVersion: v3.1.0\nkind: DataContract\ndescription:\n  purpose: "never closed\n  usage: x\n',
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: "", line: 6, message: 'Missing closing "quote' });
    expect(issuesOf("a: 1\na: 2\n")).toEqual([{ path: "", line: 2, message: "Map keys must be unique" }]);
  });

  it("reports a missing required property at the object that lacks it", () => {
    const yaml = `${header}schema:\n  - name: orders\n    physicalName: orders\n    properties:\n      - logicalType: string\n`;
    expect(issuesOf(yaml)).toEqual([
      { path: "schema[0].properties[0]", line: 10, message: "must have required property 'name'" },
    ]);
    expect(issuesOf("apiVersion: v3.1.0\nkind: DataContract\nid: x\nstatus: active\n")).toEqual([
      { path: "", line: 1, message: "must have required property 'version'" },
    ]);
  });

  it("reports a wrong value deep inside with its YAML path and line", () => {
    const yaml = ORDERS.replace(
      "      - name: orderId\n        logicalType: string",
      "      - name: orderId\n        logicalType: text",
    );
    const line = yaml.split("\n").indexOf("        logicalType: text") + 1;
    expect(issuesOf(yaml)).toEqual([
      {
        path: "schema[0].properties[1].logicalType",
        line,
        message: "must be one of: string, date, timestamp, time, number, integer, object, array, boolean",
      },
    ]);
  });

  it("points at unknown keys, most specific first", () => {
    const yaml = `${header}owner: somebody\nschema:\n  - name: orders\n    physicalName: orders\n    properties:\n      - name: id\n        colour: red\n`;
    expect(issuesOf(yaml)).toEqual([
      { path: "schema[0].properties[0].colour", line: 12, message: "property 'colour' is not allowed here" },
      { path: "owner", line: 6, message: "property 'owner' is not allowed here" },
    ]);
  });

  it("rejects an apiVersion it does not read", () => {
    expect(issuesOf(header.replace("v3.1.0", "v2.2.2"))).toEqual([
      {
        path: "apiVersion",
        line: 1,
        message:
          "apiVersion 'v2.2.2' is not supported: Meshport reads ODCS v3.0.x and v3.1.x (validated as v3.1.0)",
      },
    ]);
    expect(issuesOf(header.replace("v3.1.0", "v4.0.0"))[0]?.path).toBe("apiVersion");
  });

  it("rejects documents over 1 MiB before parsing them", () => {
    const big = `${header}customProperties:\n  - property: padding\n    value: "${"x".repeat(MAX_CONTRACT_BYTES)}"\n`;
    const issues = issuesOf(big);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toMatch(/limited to 1048576 bytes \(1 MiB\)/);
    // Multi-byte characters count as the bytes they take.
    expect(issuesOf(`${header}name: "${"é".repeat(MAX_CONTRACT_BYTES / 2)}"\n`)[0]?.message).toMatch(/1 MiB/);
  });

  it("reports what Meshport cannot map: a schema object without physicalName, or of unknown kind", () => {
    expect(issuesOf(`${header}schema:\n  - name: orders\n    physicalType: topic\n`)).toEqual([
      {
        path: "schema[0]",
        line: 7,
        message:
          "schema object 'orders' has no physicalName: Meshport needs it as the port address (topic, db.schema.table or file path)",
      },
    ]);
    expect(issuesOf(`${header}schema:\n  - name: orders\n    physicalName: orders\n`)[0]).toMatchObject({
      path: "schema[0]",
      message: expect.stringContaining("topic, a table or a file"),
    });
    expect(
      issuesOf(
        `${header}schema:\n  - name: orders\n    physicalName: orders\n    physicalType: topic\n    customProperties:\n      - property: meshport.server\n        value: nowhere\n`,
      ),
    ).toEqual([
      {
        path: "schema[0].customProperties[0].value",
        line: 12,
        message: "meshport.server 'nowhere' names no entry of servers",
      },
    ]);
    expect(
      issuesOf(
        `${header}schema:\n  - name: t\n    physicalName: t\n    physicalType: table\n    properties:\n      - name: a\n      - name: a\n`,
      ),
    ).toEqual([{ path: "schema[0].properties[1].name", line: 12, message: "duplicate property name 'a'" }]);
  });

  it("says so when a document is neither ODCS nor DCS, or not a mapping", () => {
    expect(issuesOf("hello: world\n")[0]?.message).toMatch(/expected an ODCS contract/);
    expect(issuesOf("- a\n- b\n")[0]?.message).toMatch(/must be a YAML mapping/);
    expect(issuesOf("")[0]?.message).toMatch(/must be a YAML mapping/);
  });

  it("validates DCS documents against the DCS schema", () => {
    const issues = issuesOf(
      "dataContractSpecification: 1.1.0\nid: x\nmodels:\n  m:\n    fields:\n      a:\n        type: strng\n",
    );
    expect(issues.map((i) => `${i.path}@${i.line}`)).toEqual(["models.m.fields.a.type@7", "@1"]);
    expect(issues[1]?.message).toBe("must have required property 'info'");
  });

  it("reports at most 20 issues", () => {
    const properties = Array.from(
      { length: 30 },
      (_, i) => `      - name: p${i}\n        logicalType: nope\n`,
    ).join("");
    const issues = issuesOf(
      `${header}schema:\n  - name: t\n    physicalName: t\n    properties:\n${properties}`,
    );
    expect(issues).toHaveLength(20);
    expect(issues[0]).toMatchObject({ path: "schema[0].properties[0].logicalType", line: 11 });
  });
});
