import { describe, expect, it } from "vitest";
import {
  canReadType,
  checkCompatibility,
  describeViolations,
  diffFields,
  type CompatibilityMode,
  type CompatibilityViolation,
} from "./schema-compat";
import type { FlatField } from "./schema-fields";
import { flattenSchema } from "./schema-flatten";
import { toAvroSchema } from "./schema-generate";

type FieldSpec = [path: string, type: string, required: boolean, extra?: Partial<FlatField>];

function fields(...specs: FieldSpec[]): FlatField[] {
  return specs.map(([path, type, required, extra], position) => ({
    path,
    type,
    required,
    description: `${path}.`,
    classification: "INTERNAL",
    position,
    ...extra,
  }));
}

const BASE: FieldSpec[] = [
  ["orderId", "string", true],
  ["amount", "integer", true],
  ["note", "string", false],
];

const MODES: CompatibilityMode[] = ["BACKWARD", "FORWARD", "FULL", "NONE"];

/** Which modes flag a change, as a compact table to assert against. */
function breakingModes(before: FlatField[], after: FlatField[]): CompatibilityMode[] {
  return MODES.filter((mode) => checkCompatibility(mode, before, after).length > 0);
}

function paths(violations: CompatibilityViolation[]): string[] {
  return violations.map((v) => v.path);
}

describe("checkCompatibility: each mode × each change", () => {
  const before = fields(...BASE);

  it.each<[string, FlatField[], CompatibilityMode[]]>([
    ["add a required field", fields(...BASE, ["currency", "string", true]), ["BACKWARD", "FULL"]],
    ["add an optional field", fields(...BASE, ["currency", "string", false]), []],
    ["remove a required field", fields(BASE[0]!, BASE[2]!), ["FORWARD", "FULL"]],
    ["remove an optional field", fields(BASE[0]!, BASE[1]!), []],
    ["widen integer → long", fields(BASE[0]!, ["amount", "long", true], BASE[2]!), ["FORWARD", "FULL"]],
    ["widen integer → number", fields(BASE[0]!, ["amount", "number", true], BASE[2]!), ["FORWARD", "FULL"]],
    [
      "change to an unrelated type",
      fields(BASE[0]!, ["amount", "boolean", true], BASE[2]!),
      ["BACKWARD", "FORWARD", "FULL"],
    ],
    [
      "make an optional field required",
      fields(BASE[0]!, BASE[1]!, ["note", "string", true]),
      ["BACKWARD", "FULL"],
    ],
    [
      "make a required field optional",
      fields(BASE[0]!, ["amount", "integer", false], BASE[2]!),
      ["FORWARD", "FULL"],
    ],
    [
      "change only classification and description",
      fields(BASE[0]!, ["amount", "integer", true, { classification: "PII", description: "New." }], BASE[2]!),
      [],
    ],
  ])("%s", (_name, after, expected) => {
    expect(breakingModes(before, after)).toEqual(expected);
  });

  it("narrowing number → integer breaks BACKWARD but not FORWARD", () => {
    const wide = fields(["price", "number", true]);
    const narrow = fields(["price", "integer", true]);
    expect(breakingModes(wide, narrow)).toEqual(["BACKWARD", "FULL"]);
    expect(breakingModes(narrow, wide)).toEqual(["FORWARD", "FULL"]);
  });

  it("identical schemas are compatible in every mode", () => {
    for (const mode of MODES) expect(checkCompatibility(mode, before, fields(...BASE))).toEqual([]);
  });

  it("NONE never reports, however breaking the change", () => {
    expect(checkCompatibility("NONE", before, fields(["other", "boolean", true]))).toEqual([]);
  });
});

describe("checkCompatibility: messages", () => {
  const before = fields(...BASE);

  it("names the field and the broken direction", () => {
    expect(checkCompatibility("FORWARD", before, fields(BASE[0]!, BASE[2]!))).toEqual([
      {
        path: "amount",
        message: "field `amount` was removed; consumers on the old schema (FORWARD) still require it",
      },
    ]);
    expect(
      checkCompatibility("BACKWARD", before, fields(...BASE, ["currency", "string", true]))[0]?.message,
    ).toBe(
      "field `currency` was added as required; consumers on the new schema (BACKWARD) would reject old records without it",
    );
    expect(
      checkCompatibility("BACKWARD", before, fields(BASE[0]!, BASE[1]!, ["note", "string", true]))[0]
        ?.message,
    ).toBe(
      "field `note` is now required; consumers on the new schema (BACKWARD) would reject old records without it",
    );
    expect(
      checkCompatibility("FORWARD", before, fields(BASE[0]!, ["amount", "integer", false], BASE[2]!))[0]
        ?.message,
    ).toBe("field `amount` is no longer required; consumers on the old schema (FORWARD) still require it");
  });

  it("reports a type change once under FULL, saying which side cannot read", () => {
    const toLong = fields(BASE[0]!, ["amount", "long", true], BASE[2]!);
    expect(checkCompatibility("FULL", before, toLong)).toEqual([
      {
        path: "amount",
        message:
          "field `amount` changed type integer → long; consumers on the old schema (FORWARD) cannot read new records",
      },
    ]);
    const toBoolean = fields(BASE[0]!, ["amount", "boolean", true], BASE[2]!);
    expect(checkCompatibility("FULL", before, toBoolean)).toEqual([
      {
        path: "amount",
        message:
          "field `amount` changed type integer → boolean; neither old nor new consumers can read the other's records (BACKWARD and FORWARD)",
      },
    ]);
    expect(
      checkCompatibility("BACKWARD", fields(["p", "number", true]), fields(["p", "integer", true]))[0]
        ?.message,
    ).toBe(
      "field `p` changed type number → integer; consumers on the new schema (BACKWARD) cannot read old records",
    );
  });

  it("FULL reports both halves of a combined change", () => {
    const after = fields(["orderId", "string", false], ["amount", "integer", true], ["note", "string", true]);
    expect(paths(checkCompatibility("FULL", before, after))).toEqual(["orderId", "note"]);
  });
});

describe("checkCompatibility: nested objects", () => {
  const before = fields(
    ["orderId", "string", true],
    ["customer", "object", false],
    ["customer.id", "string", true],
    ["customer.email", "string", true],
    ["items", "array<object>", true],
    ["items[].sku", "string", true],
  );

  it("a removed required object is reported once, not per child", () => {
    const after = fields(
      ["orderId", "string", true],
      ["customer", "object", false],
      ["customer.id", "string", true],
      ["customer.email", "string", true],
    );
    expect(paths(checkCompatibility("FORWARD", before, after))).toEqual(["items"]);
  });

  it("a removed optional object with required children is fine, even FORWARD", () => {
    const after = fields(
      ["orderId", "string", true],
      ["items", "array<object>", true],
      ["items[].sku", "string", true],
    );
    expect(checkCompatibility("FULL", before, after)).toEqual([]);
  });

  it("an added required object is reported once; an added optional one not at all", () => {
    const shipping = (required: boolean): FieldSpec[] => [
      ["shipping", "object", required],
      ["shipping.city", "string", true],
      ["shipping.zip", "string", true],
    ];
    const withRequired = fields(
      ...before.map((f): FieldSpec => [f.path, f.type, f.required]),
      ...shipping(true),
    );
    const withOptional = fields(
      ...before.map((f): FieldSpec => [f.path, f.type, f.required]),
      ...shipping(false),
    );
    expect(paths(checkCompatibility("BACKWARD", before, withRequired))).toEqual(["shipping"]);
    expect(checkCompatibility("FULL", before, withOptional)).toEqual([]);
  });

  it("a required child added to an existing (even optional) object or array element is reported", () => {
    const after = fields(
      ["orderId", "string", true],
      ["customer", "object", false],
      ["customer.id", "string", true],
      ["customer.email", "string", true],
      ["customer.tier", "string", true],
      ["items", "array<object>", true],
      ["items[].sku", "string", true],
      ["items[].quantity", "integer", true],
      ["items[].note", "string", false],
    );
    expect(paths(checkCompatibility("BACKWARD", before, after))).toEqual([
      "customer.tier",
      "items[].quantity",
    ]);
    expect(checkCompatibility("FORWARD", before, after)).toEqual([]);
  });

  it("a required child removed from an existing object breaks FORWARD", () => {
    const after = before.filter((f) => f.path !== "customer.email");
    expect(paths(checkCompatibility("FORWARD", before, after))).toEqual(["customer.email"]);
    expect(checkCompatibility("BACKWARD", before, after)).toEqual([]);
  });

  it("an object that becomes a scalar is reported once, its lost children not", () => {
    const after = fields(
      ["orderId", "string", true],
      ["customer", "string", false],
      ["items", "array<object>", true],
      ["items[].sku", "string", true],
    );
    expect(paths(checkCompatibility("FULL", before, after))).toEqual(["customer"]);
  });

  it("works on flattened Avro schemas end to end", () => {
    const v1 = flattenSchema(
      "AVRO",
      toAvroSchema("Order", "shop", [
        { name: "orderId", type: "string", description: "Id.", required: true },
      ]),
    );
    const v2 = flattenSchema(
      "AVRO",
      toAvroSchema("Order", "shop", [
        { name: "orderId", type: "string", description: "Id.", required: true },
        { name: "coupon", type: "string", description: "Coupon.", required: false },
      ]),
    );
    expect(checkCompatibility("FULL", v1, v2)).toEqual([]);
    expect(paths(checkCompatibility("FULL", v2, v1))).toEqual([]);
  });
});

describe("canReadType", () => {
  it.each<[string, string, boolean]>([
    ["integer", "integer", true],
    ["integer", "long", true],
    ["integer", "number", true],
    ["long", "number", true],
    ["long", "integer", false],
    ["number", "integer", false],
    ["number", "long", false],
    ["enum", "string", true],
    ["string", "enum", false],
    ["string", "bytes", true],
    ["bytes", "string", true],
    ["date", "string", false],
    ["timestamp", "string", false],
    ["string", "timestamp", false],
    ["array<integer>", "array<long>", true],
    ["array<long>", "array<integer>", false],
    ["map<integer>", "map<number>", true],
    ["array<string>", "map<string>", false],
    ["array<string>", "string", false],
    ["string", "string|integer", true],
    ["string|integer", "string", false],
    ["string|integer", "integer|string", true],
    ["integer|string", "number|string", true],
    ["array<string|integer>", "array<string|long>", true],
    ["unknown", "integer", true],
    ["integer", "unknown", true],
  ])("%s written, %s reader → %s", (writer, reader, expected) => {
    expect(canReadType(writer, reader)).toBe(expected);
  });
});

describe("diffFields", () => {
  it("describes every kind of change, in the new order with removed fields where they were", () => {
    const before = fields(
      ["a", "string", true],
      ["b", "integer", true],
      ["gone", "string", false],
      ["c", "string", false, { classification: "INTERNAL" }],
      ["d", "string", true, { description: "Old." }],
      ["same", "string", true],
    );
    const after = fields(
      ["added", "long", true],
      ["a", "string", true],
      ["b", "number", false],
      ["c", "string", true, { classification: "PII" }],
      ["d", "string", true, { description: "New." }],
      ["same", "string", true],
    );
    expect(diffFields(before, after).map((c) => [c.kind, c.path, c.details])).toEqual([
      ["added", "added", ["required long"]],
      ["changed", "b", ["type integer → number", "no longer required"]],
      ["removed", "gone", ["was optional string"]],
      ["changed", "c", ["now required", "classification INTERNAL → PII"]],
      ["changed", "d", ["description changed"]],
    ]);
  });

  it("carries both versions of a changed field and only one of added/removed ones", () => {
    const [changed, removed, added] = diffFields(
      fields(["x", "string", true], ["y", "string", true]),
      fields(["x", "integer", true], ["z", "string", true]),
    );
    expect(changed?.before?.type).toBe("string");
    expect(changed?.after?.type).toBe("integer");
    expect(removed).toMatchObject({ kind: "removed", path: "y" });
    expect(removed?.after).toBeUndefined();
    expect(added).toMatchObject({ kind: "added", path: "z" });
    expect(added?.before).toBeUndefined();
  });

  it("puts fields removed before any survivor first, and says when a description appears or disappears", () => {
    const before = fields(
      ["first", "string", true],
      ["kept", "string", true, { description: "" }],
      ["doc", "string", true],
    );
    const after = fields(
      ["kept", "string", true, { description: "Now documented." }],
      ["doc", "string", true, { description: " " }],
    );
    expect(diffFields(before, after).map((c) => [c.path, c.details])).toEqual([
      ["first", ["was required string"]],
      ["kept", ["description added"]],
      ["doc", ["description removed"]],
    ]);
  });

  it("lists the children of an added object (the diff is complete; only violations collapse)", () => {
    const before = fields(["id", "string", true]);
    const after = fields(
      ["id", "string", true],
      ["shipping", "object", true],
      ["shipping.city", "string", true],
    );
    expect(diffFields(before, after).map((c) => c.path)).toEqual(["shipping", "shipping.city"]);
  });

  it("orders by position, not by array order, and ignores moves", () => {
    const before = fields(["a", "string", true], ["b", "string", true]);
    const after = fields(["b", "integer", true], ["a", "integer", true]).reverse();
    expect(diffFields(before, after).map((c) => c.path)).toEqual(["b", "a"]);
    expect(
      diffFields(
        before,
        [...before].reverse().map((f, i) => ({ ...f, position: i })),
      ),
    ).toEqual([]);
  });
});

describe("describeViolations", () => {
  const violation = (n: number): CompatibilityViolation => ({
    path: `f${n}`,
    message: `field \`f${n}\` was removed; consumers on the old schema (FORWARD) still require it`,
  });

  it("joins the messages into one sentence naming the version and mode", () => {
    expect(
      describeViolations(
        "BACKWARD",
        [
          { path: "x", message: "field `x` is now required" },
          { path: "y", message: "field `y` changed type" },
        ],
        3,
      ),
    ).toBe("Schema v3 breaks BACKWARD compatibility: field `x` is now required; field `y` changed type.");
  });

  it("lists at most five and counts the rest", () => {
    const text = describeViolations("FULL", [1, 2, 3, 4, 5, 6, 7].map(violation), 2);
    expect(text.startsWith("Schema v2 breaks FULL compatibility: field `f1` was removed")).toBe(true);
    expect(text).toContain("field `f5`");
    expect(text).not.toContain("field `f6`");
    expect(text.endsWith("; and 2 more.")).toBe(true);
  });

  it("lists exactly five without a tail", () => {
    expect(describeViolations("FORWARD", [1, 2, 3, 4, 5].map(violation), 4)).not.toContain("more");
  });

  it("reads well without a version number and with nothing to report", () => {
    expect(describeViolations("FORWARD", [violation(1)])).toBe(
      "The proposed schema breaks FORWARD compatibility: field `f1` was removed; consumers on the old schema (FORWARD) still require it.",
    );
    expect(describeViolations("BACKWARD", [], 5)).toBe("Schema v5 is BACKWARD compatible.");
  });
});
