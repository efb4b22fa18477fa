/**
 * Seeds the deterministic demo mesh: domains, teams, personas, products, ports with schema
 * version 1, and the input ports that make lineage. Plain Node (scripts and tests call it).
 * Idempotent by design: a database that already has domains is left as it is.
 */
import { flattenSchema } from "@/lib/catalog/schema-flatten";
import { toAvroSchema, toJsonSchema } from "@/lib/catalog/schema-generate";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { DEMO_DOMAINS, DEMO_PRODUCTS } from "./mesh";
import type { DemoOutputPort, DemoProduct } from "./mesh-types";
import { DEMO_PERSONAS, DEMO_TEAMMATES } from "./personas";
import { DEMO_TEAMS } from "./teams";
import { ownerAcls } from "@/lib/publishing/acls";
import { seedHistory } from "./history";
import type { Lifecycle, PortState, PortType } from "@/lib/generated/prisma/enums";

export interface SeedOptions {
  /** Where the demo's kafka-topic ports live, e.g. `kafka://127.0.0.1:9092`. */
  kafkaServer: string;
  /**
   * `npm run demo`: the Kafka ports of published products are left PROVISIONING with their owner
   * team's WRITE bindings, and the portal's scheduler provisions them through the publishing code
   * (the demo producer writes as each owner team); plus a history — requests in owners' inboxes,
   * grants the scheduler provisions, an audit trail. Tests and benchmarks seed without it.
   */
  live?: boolean;
}

/** Demo topics' configuration (the local broker's defaults: `log.retention.hours=24`). */
export const DEMO_TOPIC = { partitions: 3, retentionHours: 24, cleanupPolicy: "DELETE" } as const;

function portState(lifecycle: Lifecycle, type: PortType, live: boolean): PortState {
  if (lifecycle === "DRAFT") return "DRAFT";
  if (lifecycle === "RETIRED") return "RETIRED";
  return live && type === "KAFKA_TOPIC" ? "PROVISIONING" : "ACTIVE";
}

const DAY_MS = 86_400_000;

export const DEMO_TABLE_SERVER = "postgres://warehouse.meshport.internal:5432";

function portServer(port: DemoOutputPort, opts: SeedOptions): string {
  if (port.type === "KAFKA_TOPIC") return opts.kafkaServer;
  if (port.type === "TABLE") return DEMO_TABLE_SERVER;
  return "";
}

export function schemaDefinition(productDomain: string, port: DemoOutputPort): object {
  if (port.schemaFormat === "AVRO")
    return toAvroSchema(port.recordName, `dev.meshport.${productDomain.replace(/-/g, "_")}`, port.fields);
  const schema = toJsonSchema(port.recordName, port.fields) as Record<string, unknown>;
  // Quality rules ride in the schema as ODCS annotations (`x-odcs`), as an imported contract's do.
  for (const [path, rules] of Object.entries(port.quality ?? {})) {
    let node: Record<string, unknown> | undefined = schema;
    for (const key of path === "" ? [] : path.split("."))
      node = (node?.properties as Record<string, Record<string, unknown>> | undefined)?.[key];
    if (!node) throw new Error(`demo quality rule on ${port.name}: no field ${path}`);
    node["x-odcs"] = { ...(node["x-odcs"] as object | undefined), quality: rules };
  }
  return schema;
}

/** Stable per demo port, so links and exported contracts survive a re-seed. */
export function demoContractId(productSlug: string, portName: string): string {
  return `urn:meshport:contract:${productSlug}:${portName}`;
}

const contractStatus = (lifecycle: Lifecycle) =>
  lifecycle === "DRAFT"
    ? "DRAFT"
    : lifecycle === "DEPRECATED"
      ? "DEPRECATED"
      : lifecycle === "RETIRED"
        ? "RETIRED"
        : "ACTIVE";

/** What a demo team's contract says beyond the schema: who supports it. */
function demoContractDocument(product: DemoProduct, port: DemoOutputPort) {
  return {
    support: [
      {
        channel: `#${product.ownerTeam}-data`,
        tool: "slack",
        url: `https://chat.example.com/${product.ownerTeam}-data`,
      },
    ],
    customProperties: [{ property: "meshport.portType", value: port.type }],
  };
}

/** Returns true when it seeded, false when the database already had a mesh. */
export async function seedDemoMesh(prisma: PrismaClient, opts: SeedOptions): Promise<boolean> {
  if ((await prisma.domain.count()) > 0) return false;

  await prisma.$transaction(
    async (tx) => {
      const domainIds = new Map<string, string>();
      for (const d of DEMO_DOMAINS) {
        const row = await tx.domain.create({
          data: { slug: d.slug, name: d.name, description: d.description },
        });
        domainIds.set(d.slug, row.id);
      }
      const teamIds = new Map<string, string>();
      for (const t of DEMO_TEAMS) {
        const row = await tx.team.create({
          data: {
            slug: t.slug,
            name: t.name,
            description: t.description,
            kafkaPrincipal: `User:${t.slug}`,
            domainId: domainIds.get(t.domainSlug) ?? null,
          },
        });
        teamIds.set(t.slug, row.id);
      }
      for (const p of DEMO_PERSONAS) {
        await tx.user.create({
          data: {
            email: p.email,
            name: p.name,
            role: p.role,
            memberships: { create: p.teams.map((m) => ({ teamId: mustGet(teamIds, m.slug), role: m.role })) },
          },
        });
      }

      for (const m of DEMO_TEAMMATES) {
        await tx.user.create({
          data: {
            email: m.email,
            name: m.name,
            memberships: { create: { teamId: mustGet(teamIds, m.team), role: "MEMBER" } },
          },
        });
      }

      const portIds = new Map<string, string>();
      const productIds = new Map<string, string>();
      for (const p of DEMO_PRODUCTS) {
        const product = await tx.dataProduct.create({
          data: {
            slug: p.slug,
            name: p.name,
            summary: p.summary,
            description: p.description,
            kind: p.kind,
            lifecycle: p.lifecycle,
            ...(p.lifecycle === "DRAFT" ? {} : { publishedAt: new Date(Date.now() - 120 * DAY_MS) }),
            ...(p.deprecation
              ? {
                  sunsetAt: new Date(Date.now() + p.deprecation.sunsetInDays * DAY_MS),
                  deprecationMessage: p.deprecation.message,
                }
              : {}),
            ...(p.retiredDaysAgo !== undefined
              ? { retiredAt: new Date(Date.now() - p.retiredDaysAgo * DAY_MS) }
              : {}),
            domainId: mustGet(domainIds, p.domain),
            ownerTeamId: mustGet(teamIds, p.ownerTeam),
            tags: p.tags,
            serviceLevels: p.serviceLevels,
            termsOfUse: p.termsOfUse,
          },
        });
        productIds.set(p.slug, product.id);
        for (const port of p.outputPorts) {
          const definition = schemaDefinition(p.domain, port);
          const state = portState(p.lifecycle, port.type, opts.live === true);
          const created = await tx.outputPort.create({
            data: {
              productId: product.id,
              name: port.name,
              description: port.description,
              type: port.type,
              address: port.address,
              server: portServer(port, opts),
              format: port.format,
              compatibility: port.compatibility ?? "BACKWARD",
              state,
              ...(port.type === "KAFKA_TOPIC" ? DEMO_TOPIC : {}),
              // PROVISIONING only for a Kafka port of a published product in a live seed.
              ownerAcls: state === "PROVISIONING" ? ownerAcls(`User:${p.ownerTeam}`, port.address) : [],
              // Each port's contract (issue 14), as publishing would create it.
              contract: {
                create: {
                  contractId: demoContractId(p.slug, port.name),
                  status: contractStatus(p.lifecycle),
                  document: demoContractDocument(p, port),
                },
              },
              contractVersions: {
                create: {
                  revision: 1,
                  contractId: demoContractId(p.slug, port.name),
                  version: "1.0.0",
                  status: contractStatus(p.lifecycle),
                  document: demoContractDocument(p, port),
                  schemaVersion: 1,
                  portDescription: port.description,
                  changeNote: "Contract created",
                },
              },
              schemaVersions: {
                create: {
                  version: 1,
                  format: port.schemaFormat,
                  definition,
                  changeNote: "Initial version",
                  fields: { create: flattenSchema(port.schemaFormat, definition) },
                },
              },
            },
          });
          portIds.set(`${p.slug}/${port.name}`, created.id);
        }
      }
      for (const p of DEMO_PRODUCTS) {
        const productId = mustGet(productIds, p.slug);
        for (const input of p.inputs) {
          await tx.inputPort.create({ data: { productId, outputPortId: mustGet(portIds, input) } });
        }
        if (p.deprecation?.successor)
          await tx.dataProduct.update({
            where: { id: productId },
            data: { successorId: mustGet(productIds, p.deprecation.successor) },
          });
      }
      if (opts.live) await seedHistory(tx, { productIds, portIds });
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return true;
}

function mustGet(map: Map<string, string>, key: string): string {
  const v = map.get(key);
  if (v === undefined) throw new Error(`Demo mesh refers to unknown "${key}"`);
  return v;
}
