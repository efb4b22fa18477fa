import { describe, expect, it } from "vitest";
import {
  portTypeOfNamespace,
  readColumnLineage,
  RunEventSchema,
  RunEventsSchema,
  sameServer,
} from "./openlineage";

const event = {
  eventType: "COMPLETE",
  eventTime: "2026-11-23T10:00:00.000Z",
  producer: "https://github.com/OpenLineage/OpenLineage/tree/1.24.0/integration/spark",
  schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
  run: { runId: "0193a5d4-8a1e-7c4b-9f1e-2f1e6b1c0a11" },
  job: { namespace: "spark", name: "orders_to_revenue" },
  inputs: [{ namespace: "kafka://127.0.0.1:9092", name: "orders.order-events.v1" }],
  outputs: [
    {
      namespace: "postgres://warehouse:5432",
      name: "finance.public.revenue",
      facets: {
        columnLineage: {
          fields: {
            amount: {
              inputFields: [
                { namespace: "kafka://127.0.0.1:9092", name: "orders.order-events.v1", field: "total" },
              ],
            },
          },
        },
      },
    },
  ],
};

describe("OpenLineage RunEvents", () => {
  it("accepts a real-shaped event and one without the fields older producers omit", () => {
    expect(RunEventSchema.safeParse(event).success).toBe(true);
    const { producer: _p, schemaURL: _s, eventType: _e, inputs: _i, ...bare } = event;
    const parsed = RunEventSchema.parse(bare);
    expect(parsed.inputs).toEqual([]);
  });

  it("names the offending field when meaning is missing", () => {
    const bad = RunEventsSchema.safeParse([event, { ...event, run: { runId: "not-a-uuid" } }]);
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.some((i) => i.path.join(".") === "1.run.runId")).toBe(true);
    const noTime = RunEventSchema.safeParse({ ...event, eventTime: "yesterday" });
    expect(noTime.error?.issues[0]?.path).toEqual(["eventTime"]);
    const noJob = RunEventSchema.safeParse({ ...event, job: { namespace: "spark" } });
    expect(noJob.error?.issues[0]?.path).toEqual(["job", "name"]);
  });

  it("reads the columnLineage facet", () => {
    expect(readColumnLineage(event.outputs[0]!)).toEqual({
      amount: [{ namespace: "kafka://127.0.0.1:9092", name: "orders.order-events.v1", field: "total" }],
    });
    expect(readColumnLineage({ facets: { columnLineage: "garbage" } })).toBeUndefined();
  });

  it("maps namespaces to port types and compares servers leniently", () => {
    expect(portTypeOfNamespace("kafka://broker:9092")).toBe("KAFKA_TOPIC");
    expect(portTypeOfNamespace("postgresql://db:5432")).toBe("TABLE");
    expect(portTypeOfNamespace("s3://bucket")).toBe("FILE");
    expect(sameServer("postgresql://DB:5432/", "postgres://db:5432")).toBe(true);
  });
});
