/**
 * The demo's history, so a newcomer sees the portal in use: every product published by its team,
 * a deprecation and a retirement announced, requests waiting in owners' inboxes, one denied with
 * its reason, and grants approved (left PROVISIONING: the portal's scheduler puts them on the
 * broker). Each step is an audit event and an outbox row, as if made through the API.
 */
import { grantAcls } from "@/lib/access/acls";
import { recordChange } from "@/lib/events/record";
import type { Prisma } from "@/lib/generated/prisma/client";
import { DEMO_PRODUCTS } from "./mesh";

type Tx = Prisma.TransactionClient;
const DAY_MS = 86_400_000;

/** Who acts for a team in the story: its persona when it has one, else its first colleague. */
const ACTOR: Record<string, string> = {
  orders: "alice@meshport.dev",
  payments: "dave@meshport.dev",
  "marketing-analytics": "bob@meshport.dev",
  platform: "carol@meshport.dev",
  shipping: "sven@meshport.dev",
  customers: "ines@meshport.dev",
  finance: "omar@meshport.dev",
};

interface Story {
  team: string;
  port: string;
  purpose: string;
  outcome: "pending" | "approved" | "denied";
  reason?: string;
}

const STORIES: Story[] = [
  {
    team: "marketing-analytics",
    port: "order-events",
    purpose: "Attribute revenue to campaigns",
    outcome: "approved",
  },
  {
    team: "shipping",
    port: "order-events",
    purpose: "Plan picking as soon as orders are placed",
    outcome: "approved",
  },
  {
    team: "finance",
    port: "payment-authorizations",
    purpose: "Reconcile authorizations with the ledger",
    outcome: "approved",
  },
  {
    team: "marketing-analytics",
    port: "checkout-sessions",
    purpose: "Measure checkout drop-off per campaign",
    outcome: "pending",
  },
  {
    team: "finance",
    port: "order-status",
    purpose: "Recognize revenue when orders are delivered",
    outcome: "pending",
  },
  {
    team: "marketing-analytics",
    port: "payment-authorizations",
    purpose: "Payment method mix per campaign",
    outcome: "pending",
  },
  {
    team: "marketing-analytics",
    port: "customer-profiles",
    purpose: "Enrich segments with raw profiles",
    outcome: "denied",
    reason: "Raw profiles carry PII beyond your purpose: use Customer Segments, which respects consent.",
  },
];

/** The first Kafka port of a demo product, as the seed keys it (`<slug>/<port>`). */
function kafkaPortKey(slug: string): string {
  const product = DEMO_PRODUCTS.find((p) => p.slug === slug);
  const port = product?.outputPorts.find((p) => p.type === "KAFKA_TOPIC");
  if (!product || !port) throw new Error(`The demo history names "${slug}", which has no Kafka port`);
  return `${slug}/${port.name}`;
}

export async function seedHistory(
  tx: Tx,
  ids: { productIds: Map<string, string>; portIds: Map<string, string> },
): Promise<void> {
  const users = new Map((await tx.user.findMany()).map((u) => [u.email, u.id]));
  const teams = new Map((await tx.team.findMany()).map((t) => [t.slug, t]));
  const actor = (team: string) => users.get(ACTOR[team] ?? "") ?? null;

  for (const p of DEMO_PRODUCTS) {
    if (p.lifecycle === "DRAFT") continue;
    const productId = ids.productIds.get(p.slug)!;
    const change = {
      actorId: actor(p.ownerTeam),
      subjectType: "data_product",
      subjectId: productId,
      productId,
    };
    await recordChange(tx, { ...change, action: "product.published", data: { slug: p.slug } });
    if (p.deprecation)
      await recordChange(tx, {
        ...change,
        action: "product.deprecated",
        data: { slug: p.slug, message: p.deprecation.message, successor: p.deprecation.successor ?? null },
      });
    if (p.lifecycle === "RETIRED")
      await recordChange(tx, { ...change, action: "product.retired", data: { slug: p.slug } });
  }

  for (const [i, story] of STORIES.entries()) {
    const key = kafkaPortKey(story.port);
    const port = await tx.outputPort.findUniqueOrThrow({
      where: { id: ids.portIds.get(key)! },
      include: { product: { select: { ownerTeamId: true, ownerTeam: { select: { slug: true } } } } },
    });
    const team = teams.get(story.team)!;
    const requesterId = actor(story.team)!;
    const decider = actor(port.product.ownerTeam.slug);
    const createdAt = new Date(Date.now() - (STORIES.length - i) * DAY_MS);
    const expiresAt = new Date(Date.now() + 90 * DAY_MS);
    const request = await tx.accessRequest.create({
      data: {
        portId: port.id,
        teamId: team.id,
        requesterId,
        purpose: story.purpose,
        expiresAt,
        createdAt,
        status:
          story.outcome === "pending" ? "PENDING" : story.outcome === "approved" ? "APPROVED" : "DENIED",
        ...(story.outcome === "pending"
          ? {}
          : {
              decidedById: decider,
              decidedAt: new Date(createdAt.getTime() + 3_600_000),
              decisionReason: story.reason ?? null,
            }),
      },
    });
    const base = { subjectType: "access_request", subjectId: request.id, productId: port.productId };
    await recordChange(tx, {
      ...base,
      actorId: requesterId,
      action: "access_request.created",
      data: { requestId: request.id, port: port.name, team: team.slug },
    });
    if (story.outcome === "pending") continue;
    await recordChange(tx, {
      ...base,
      actorId: decider,
      action: `access_request.${story.outcome}`,
      data: {
        requestId: request.id,
        team: team.slug,
        port: port.name,
        ...(story.reason ? { reason: story.reason } : {}),
      },
    });
    if (story.outcome !== "approved") continue;
    const acls = grantAcls(team.kafkaPrincipal, team.slug, port.address);
    const grant = await tx.grant.create({
      data: {
        requestId: request.id,
        portId: port.id,
        teamId: team.id,
        principal: team.kafkaPrincipal,
        expiresAt,
        acls: acls as unknown as Prisma.InputJsonValue,
      },
    });
    await recordChange(tx, {
      actorId: decider,
      action: "grant.provisioning",
      subjectType: "grant",
      subjectId: grant.id,
      productId: port.productId,
      data: { grantId: grant.id, requestId: request.id, principal: team.kafkaPrincipal },
    });
  }
}
