import "server-only";
/** A port's contract checks as the product page and `GET /api/v1/ports/{portId}/checks` show them. */
import { loadContractPort, contractSourceOf, storedContractOf } from "@/lib/catalog/port-contracts";
import type { ProductViewer } from "@/lib/catalog/permissions";
import { portContractDocument } from "@/lib/contracts/port-contract";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { applyMask, maskPlan } from "@/lib/tail/mask";
import type { IncidentItem, PortChecks } from "./dto";
import { canHandleIncidents, seesRawExamples } from "./permissions";
import { compileRules } from "./rules";

const DAY_MS = 86_400_000;
const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

type IncidentRow = {
  id: string;
  rule: string;
  state: IncidentItem["state"];
  message: string;
  openedAt: Date;
  lastFailedAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  resolution: string | null;
  acknowledgedBy: { name: string } | null;
  resolvedBy: { name: string } | null;
};

export function toIncidentDto(i: IncidentRow): IncidentItem {
  return {
    id: i.id,
    rule: i.rule,
    state: i.state,
    message: i.message,
    openedAt: i.openedAt.toISOString(),
    lastFailedAt: i.lastFailedAt.toISOString(),
    acknowledgedAt: iso(i.acknowledgedAt),
    acknowledgedBy: i.acknowledgedBy?.name ?? null,
    resolvedAt: iso(i.resolvedAt),
    resolvedBy: i.resolvedBy?.name ?? null,
    resolution: i.resolution,
  };
}

export const incidentInclude = {
  acknowledgedBy: { select: { name: true } },
  resolvedBy: { select: { name: true } },
} as const;

function notMonitoredReason(port: {
  type: string;
  state: string;
  product: { lifecycle: string };
  contract: { status: string } | null;
}): string | null {
  if (port.type !== "KAFKA_TOPIC") return "Only Kafka topics are checked on the live stream";
  if (!["EXPERIMENTAL", "ACTIVE", "DEPRECATED"].includes(port.product.lifecycle))
    return `The product is ${port.product.lifecycle.toLowerCase()}: its topics are checked once it is published`;
  if (port.state !== "ACTIVE") return `The port is ${port.state.toLowerCase()}, not live on the broker`;
  if (port.contract && port.contract.status !== "ACTIVE")
    return `The contract is ${port.contract.status.toLowerCase()}: only active contracts are checked`;
  return null;
}

export async function getPortChecks(
  prisma: PrismaClient,
  viewer: ProductViewer,
  portId: string,
  now = new Date(),
): Promise<PortChecks> {
  const port = await loadContractPort(prisma, viewer, portId);
  const stored = storedContractOf(port);
  const rules = compileRules(portContractDocument(contractSourceOf(port)));
  const since = new Date(now.getTime() - DAY_MS);
  const [windows, incidents] = await Promise.all([
    prisma.contractCheckWindow.findMany({
      where: { portId, windowStart: { gte: since } },
      orderBy: { windowStart: "asc" },
    }),
    prisma.contractIncident.findMany({
      where: {
        portId,
        OR: [{ state: { not: "RESOLVED" } }, { resolvedAt: { gte: new Date(now.getTime() - 7 * DAY_MS) } }],
      },
      orderBy: { openedAt: "desc" },
      take: 50,
      include: incidentInclude,
    }),
  ]);
  const raw = seesRawExamples(viewer, port.product);
  const plan = maskPlan(port.schemaVersions[0]?.fields ?? []);
  const show = (example: unknown) =>
    example === null || example === undefined ? null : raw ? example : applyMask(example, plan).value;
  const latest = new Map<string, (typeof windows)[number]>();
  for (const w of windows) latest.set(w.rule, w);
  const reason = notMonitoredReason(port);
  return {
    portId,
    contractId: stored.contractId,
    contractVersion: stored.version,
    contractStatus: stored.status,
    status: port.contract?.checkStatus ?? "NOT_EVALUATED",
    checkedAt: iso(port.contract?.checkedAt),
    monitored: reason === null,
    reason,
    rules: rules.map((rule) => {
      const w = latest.get(rule.key);
      return {
        rule: rule.key,
        title: rule.title,
        kind: rule.kind,
        status: w?.status ?? "NOT_EVALUATED",
        measured: w?.measured ?? null,
        sampleSize: w?.sampleSize ?? 0,
        seen: w?.seen ?? 0,
        failures: w?.failures ?? 0,
        detail:
          w?.detail ??
          (rule.kind === "notEvaluated"
            ? `Not evaluated: ${rule.reason}`
            : (reason ?? "No window recorded yet")),
        example: show(w?.example),
        windowStart: iso(w?.windowStart),
      };
    }),
    series: rules.map((rule) => ({
      rule: rule.key,
      points: windows
        .filter((w) => w.rule === rule.key)
        .map((w) => ({
          windowStart: w.windowStart.toISOString(),
          windowSeconds: w.windowSeconds,
          status: w.status,
          measured: w.measured,
          failures: w.failures,
          sampleSize: w.sampleSize,
          seen: w.seen,
        })),
    })),
    incidents: incidents.map(toIncidentDto),
    canHandleIncidents: canHandleIncidents(viewer, port.product),
  };
}
