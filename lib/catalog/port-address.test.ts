import { describe, expect, it } from "vitest";
import { normalizePortAddress, normalizeServer, reservedTopicReason } from "./port-address";
import type { PortType } from "@/lib/generated/prisma/enums";

const cluster = "kafka://127.0.0.1:9092";
const key = (type: PortType, server: string, address: string) =>
  normalizePortAddress({ type, server, address }, cluster).key;

describe("normalizePortAddress", () => {
  it("puts every Kafka topic on the portal's cluster, whatever server the document names", () => {
    for (const server of ["", "kafka://localhost:9092", "kafka://KAFKA-1.example.com:9093", "nonsense"]) {
      expect(
        normalizePortAddress({ type: "KAFKA_TOPIC", server, address: " payments.captures.v1 " }, cluster),
      ).toEqual({
        type: "KAFKA_TOPIC",
        server: cluster,
        address: "payments.captures.v1",
        key: "kafka:payments.captures.v1",
      });
    }
  });

  it("keeps topic names case-sensitive, as Kafka does", () => {
    expect(key("KAFKA_TOPIC", "", "Orders")).not.toBe(key("KAFKA_TOPIC", "", "orders"));
  });

  it.each(["", "a b", "a/b", "..", ".", "x".repeat(250), "naïve"])("refuses the topic name %j", (address) => {
    expect(() => normalizePortAddress({ type: "KAFKA_TOPIC", server: "", address }, cluster)).toThrow(
      /Kafka topic name/,
    );
  });

  it("gives one identity to a table however its server and name are spelt", () => {
    const a = key("TABLE", "postgres://127.0.0.1:5432", "shop.public.orders");
    for (const [server, table] of [
      ["postgresql://localhost", "Shop.Public.Orders"],
      ["POSTGRES://LOCALHOST:5432/", "SHOP.PUBLIC.ORDERS"],
      ["postgres://user@[::1]:5432", "shop.public.orders"],
    ]) {
      expect(key("TABLE", server!, table!)).toBe(a);
    }
    expect(key("TABLE", "postgres://127.0.0.1:5433", "shop.public.orders")).not.toBe(a);
    expect(key("TABLE", "postgres://db.example:5432", "shop.public.orders")).not.toBe(a);
  });

  it("gives one identity to a file path with dot segments and extra slashes", () => {
    const a = key("FILE", "s3://lake", "s3://Lake/exports/daily/orders.parquet");
    expect(key("FILE", "s3://lake/", "s3://lake//exports/./tmp/../daily/orders.parquet/")).toBe(a);
    expect(key("FILE", "s3://lake", "s3://lake/exports/daily/other.parquet")).not.toBe(a);
  });
});

describe("normalizeServer", () => {
  it("lower-cases scheme and host, maps loopback aliases, drops default ports and credentials", () => {
    expect(normalizeServer("PostgreSQL://Admin:pw@LocalHost:5432/")).toBe("postgres://127.0.0.1");
    expect(normalizeServer("kafka://broker-1:9093")).toBe("kafka://broker-1:9093");
  });
});

describe("reservedTopicReason", () => {
  it("reserves internal topics and the portal's own", () => {
    expect(reservedTopicReason("__consumer_offsets", [])).toMatch(/internal/);
    expect(reservedTopicReason("__anything", [])).toMatch(/internal/);
    expect(reservedTopicReason("meshport.catalog.events", ["meshport.catalog.events"])).toMatch(
      /portal's own/,
    );
    expect(reservedTopicReason("orders.order-placed.v1", ["meshport.catalog.events"])).toBeNull();
  });
});
