/**
 * Seeds the deterministic demo mesh: domains, teams, personas, products, ports with schema
 * version 1, and the input ports that make lineage. Plain Node (scripts and tests call it).
 * Idempotent by design: a database that already has domains is left as it is.
 */
import { flattenSchema } from "@/lib/catalog/schema-flatten";
import { toAvroSchema, toJsonSchema } from "@/lib/catalog/schema-generate";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { DEMO_DOMAINS, DEMO_PRODUCTS } from "./mesh";
import type { DemoOutputPort } from "./mesh-types";
import { DEMO_PERSONAS, DEMO_TEAMMATES } from "./personas";
import { DEMO_TEAMS } from "./teams";

export interface SeedOptions {
  /** Where the demo's kafka-topic ports live, e.g. `kafka://127.0.0.1:9092`. */
  kafkaServer: string;
}

export const DEMO_TABLE_SERVER = "postgres://warehouse.meshport.internal:5432";

function portServer(port: DemoOutputPort, opts: SeedOptions): string {
  if (port.type === "KAFKA_TOPIC") return opts.kafkaServer;
  if (port.type === "TABLE") return DEMO_TABLE_SERVER;
  return "";
}

export function schemaDefinition(productDomain: string, port: DemoOutputPort): object {
  return port.schemaFormat === "AVRO"
    ? toAvroSchema(port.recordName, `dev.meshport.${productDomain.replace(/-/g, "_")}`, port.fields)
    : toJsonSchema(port.recordName, port.fields);
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
              state: p.lifecycle === "DRAFT" ? "DRAFT" : "ACTIVE",
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
      }
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
