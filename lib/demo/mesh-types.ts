/** Shapes of the deterministic demo mesh (lib/demo/mesh.ts). Pure data types. */
export type DemoProductKind = "SOURCE_ALIGNED" | "AGGREGATE" | "CONSUMER_ALIGNED";
export type DemoLifecycle = "DRAFT" | "EXPERIMENTAL" | "ACTIVE" | "DEPRECATED" | "RETIRED";
export type DemoPortType = "KAFKA_TOPIC" | "TABLE" | "FILE";
export type DemoClassification = "PUBLIC" | "INTERNAL" | "CONFIDENTIAL" | "PII";
export type DemoFieldType =
  "string" | "integer" | "long" | "number" | "boolean" | "timestamp" | "date" | "object" | "array";

export interface DemoField {
  name: string;
  type: DemoFieldType;
  description: string;
  /** Default INTERNAL. PII for email, names, addresses, phone numbers, IPs … */
  classification?: DemoClassification;
  required?: boolean;
  /** For `object`, and for `array` of objects. */
  fields?: DemoField[];
  /** For `array` of scalars. */
  items?: Exclude<DemoFieldType, "object" | "array">;
  /** Allowed values of a string, e.g. ["PLACED","PAID"] (JSON Schema enum / Avro enum-like doc). */
  enum?: string[];
}

export interface DemoOutputPort {
  name: string;
  type: DemoPortType;
  /** Kafka topic name (e.g. `orders.order-events.v1`), `db.schema.table`, or file path / URI. */
  address: string;
  format: "json" | "avro" | "parquet" | "csv";
  schemaFormat: "JSON_SCHEMA" | "AVRO";
  description: string;
  compatibility?: "BACKWARD" | "FORWARD" | "FULL" | "NONE";
  fields: DemoField[];
  /** Name of the record (Avro record name / JSON Schema title), PascalCase. */
  recordName: string;
  /** Field whose value is the Kafka message key (kafka-topic ports). */
  keyField?: string;
  /** Demo producer rate for this topic in events per second (kafka-topic ports; 0 = none). */
  eventsPerSecond?: number;
}

export interface DemoProduct {
  slug: string;
  name: string;
  domain: string;
  ownerTeam: string;
  kind: DemoProductKind;
  lifecycle: DemoLifecycle;
  summary: string;
  /** Real documentation in markdown: purpose, semantics, how to consume, caveats. */
  description: string;
  tags: string[];
  serviceLevels: { freshness: string; availability: string; retention: string; latency?: string };
  termsOfUse: string;
  outputPorts: DemoOutputPort[];
  /** Output ports consumed, as `<product-slug>/<port-name>`. */
  inputs: string[];
}

export interface DemoDomain {
  slug: string;
  name: string;
  description: string;
}

export interface DemoPersona {
  email: string;
  name: string;
  role: "USER" | "ADMIN";
  teams: { slug: string; role: "MEMBER" | "OWNER" }[];
}
