/** Shapes of the deterministic demo mesh (lib/demo/mesh.ts). Pure data types; enums are Prisma's. */
import type { FieldSpec } from "@/lib/catalog/field-spec";
import type {
  Compatibility,
  Lifecycle,
  PlatformRole,
  PortType,
  ProductKind,
  SchemaFormat,
  TeamRole,
} from "@/lib/generated/prisma/enums";

export interface DemoOutputPort {
  name: string;
  type: PortType;
  /** Kafka topic name (e.g. `orders.order-events.v1`), `db.schema.table`, or file path / URI. */
  address: string;
  format: "json" | "avro" | "parquet" | "csv";
  schemaFormat: SchemaFormat;
  description: string;
  compatibility?: Compatibility;
  fields: FieldSpec[];
  /** Name of the record (Avro record name / JSON Schema title), PascalCase. */
  recordName: string;
  /** Field whose value is the Kafka message key (kafka-topic ports). */
  keyField?: string;
  /** Demo producer rate for this topic in events per second (kafka-topic ports; 0 = none). */
  eventsPerSecond?: number;
  /** The demo producer breaks this share of events by leaving `drop` out (contract checks see it). */
  faults?: { share: number; drop: string };
  /** ODCS quality rules of the contract, by property path ("" = the whole object). */
  quality?: Record<string, Record<string, unknown>[]>;
}

export interface DemoProduct {
  slug: string;
  name: string;
  domain: string;
  ownerTeam: string;
  kind: ProductKind;
  lifecycle: Lifecycle;
  summary: string;
  /** Real documentation in markdown: purpose, semantics, how to consume, caveats. */
  description: string;
  tags: string[];
  serviceLevels: { freshness: string; availability: string; retention: string; latency?: string };
  termsOfUse: string;
  outputPorts: DemoOutputPort[];
  /** Output ports consumed, as `<product-slug>/<port-name>`. */
  inputs: string[];
  /** A DEPRECATED product's announcement: sunset (days after seeding), message, successor's slug. */
  deprecation?: { sunsetInDays: number; message: string; successor?: string };
  /** A RETIRED product: when it was retired (days before seeding). */
  retiredDaysAgo?: number;
}

export interface DemoDomain {
  slug: string;
  name: string;
  description: string;
}

export interface DemoPersona {
  email: string;
  name: string;
  role: PlatformRole;
  teams: { slug: string; role: TeamRole }[];
}
