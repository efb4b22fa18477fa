/**
 * A sample of a port's newest events: the live tail's rules (who may see them, what is masked)
 * for a one-off read, as an AI agent asks for it over MCP. Plain Node: the MCP server and its
 * tests share it.
 */
import type { CurrentUser } from "@/lib/auth/types";
import { AppError } from "@/lib/core/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { TailEventData } from "./event";
import { parseFilter } from "./filter";
import { tailView, type TailHub } from "./hub";
import { loadTailPort, tailEntitlement } from "./stream";

/** The most events one sample returns. */
export const MAX_SAMPLE = 50;

export interface EventSample {
  topic: string;
  /** false for the owner team (raw values). */
  masked: boolean;
  maskedFields: string[];
  via: "owner" | "admin" | "grant";
  events: TailEventData[];
}

/**
 * The newest `n` events of the port that match `filter` (the live tail's filter syntax), among
 * the topic's last thousand, masked exactly as the live tail masks them for `user`. Refused with
 * 403 (the reason, and how to get access) when `user` may not watch the port; 404 for a port
 * they may not see; 503 when Kafka does not answer.
 */
export async function sampleEvents(
  prisma: PrismaClient,
  hub: TailHub,
  user: CurrentUser,
  input: { portId: string; n: number; filter?: string },
): Promise<EventSample> {
  const port = await loadTailPort(prisma, user, input.portId);
  const entitlement = await tailEntitlement(prisma, user, port);
  if (!entitlement.allowed) throw AppError.forbidden(entitlement.reason);
  const filter = parseFilter(input.filter);
  const view = tailView(entitlement.raw ? null : port.plan);
  let rendered;
  try {
    rendered = await hub.sample(
      { topic: port.topic, format: port.format, avroSchema: port.avroSchema },
      { view, filter, n: Math.min(MAX_SAMPLE, Math.max(1, input.n)), timeoutMs: 8000 },
    );
  } catch (err) {
    throw new AppError(
      "kafka_unavailable",
      `Could not read ${port.topic}: ${err instanceof Error ? err.message : String(err)}`,
      503,
    );
  }
  return {
    topic: port.topic,
    masked: !entitlement.raw,
    maskedFields: entitlement.raw ? [] : port.plan.paths,
    via: entitlement.via,
    events: rendered.map((r) => JSON.parse(r.text) as TailEventData),
  };
}
