/**
 * The live tail as an HTTP response: who may watch a port (checked at connect and every few
 * seconds while streaming, against the database), what they see (raw for the owner team, PII
 * masked for everyone else), and the Server-Sent Events stream itself. Plain Node: the route
 * handler, the integration tests and the benchmark share it.
 */
import { z } from "zod";
import { findCurrentUser } from "@/lib/auth/find-user";
import type { CurrentUser } from "@/lib/auth/types";
import { AppError } from "@/lib/core/errors";
import { canSeeProduct, type ProductViewer } from "@/lib/catalog/permissions";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { filterProblem, parseFilter } from "./filter";
import { tailView, type TailHub, type TailStart } from "./hub";
import { parsePosition } from "./position";
import { canTail, type TailRight } from "./permissions";
import { maskPlan, type MaskPlan } from "./mask";
import { sseJson, sseOpening } from "./sse";

/** How often a stream re-reads the viewer's role and grants (a revoked grant ends it within this). */
export const RECHECK_MS = 10_000;

const EVENT_ID = /^(\d{1,6}):(\d{1,19})$/;
const LAST_EVENT_ID = "must be an event's id (<partition>:<offset>) or a position (<partition>=<offset>,…)";

export const TailQuery = z
  .object({
    from: z
      .string()
      .regex(/^(latest|earliest|last:\d{1,4})$/, "must be latest, earliest or last:N")
      .refine(
        (v) => !v.startsWith("last:") || (Number(v.slice(5)) >= 1 && Number(v.slice(5)) <= 1000),
        "last:N takes N from 1 to 1000",
      )
      .default("latest"),
    filter: z
      .string()
      .max(500, "at most 500 characters")
      .refine((f) => filterProblem(f) === null, {
        error: (issue) => filterProblem(String(issue.input)) ?? "invalid filter",
      })
      .optional(),
    /** EventSource sends Last-Event-ID as a header on reconnect; a fresh page can pass it here. */
    lastEventId: z
      .string()
      .max(16_000)
      .refine((id) => EVENT_ID.test(id) || parsePosition(id) !== null, LAST_EVENT_ID)
      .optional(),
  })
  .strict();
export type TailQuery = z.infer<typeof TailQuery>;

/**
 * The start position: a Last-Event-ID wins over `from`. It is a `position` event's id (the next
 * offset per partition: exact on any instance), or an event's (`<partition>:<offset>`: after it,
 * the other partitions in the order this instance holds them).
 */
export function tailStart(from: string, lastEventId: string | null | undefined): TailStart {
  if (lastEventId) {
    const position = parsePosition(lastEventId.trim());
    if (position) return { kind: "at", next: position };
    const m = EVENT_ID.exec(lastEventId.trim());
    if (!m) throw new AppError("validation_failed", `Last-Event-ID: ${LAST_EVENT_ID}`, 422);
    return { kind: "after", partition: Number(m[1]), offset: Number(m[2]) };
  }
  if (from === "earliest") return { kind: "earliest" };
  if (from.startsWith("last:")) return { kind: "last", n: Number(from.slice(5)) };
  return { kind: "latest" };
}

export interface TailPort {
  id: string;
  topic: string;
  format: string;
  ownerTeamId: string;
  productSlug: string;
  plan: MaskPlan;
  avroSchema: unknown;
}

/** The port to tail; 404 when it does not exist or belongs to a draft `viewer` may not see. */
export async function loadTailPort(
  prisma: PrismaClient,
  viewer: ProductViewer,
  portId: string,
): Promise<TailPort> {
  const port = await prisma.outputPort.findUnique({
    where: { id: portId },
    include: {
      product: { select: { ownerTeamId: true, slug: true, lifecycle: true } },
      schemaVersions: {
        orderBy: { version: "desc" },
        take: 1,
        include: { fields: { select: { path: true, classification: true } } },
      },
    },
  });
  if (!port || !canSeeProduct(viewer, port.product)) throw AppError.notFound("Output port");
  if (port.type !== "KAFKA_TOPIC")
    throw new AppError(
      "bad_request",
      `This port is a ${port.type.toLowerCase().replace("_", " ")}, not a Kafka topic: there is nothing to tail`,
      400,
    );
  const current = port.schemaVersions[0];
  return {
    id: port.id,
    topic: port.address,
    format: port.format,
    ownerTeamId: port.product.ownerTeamId,
    productSlug: port.product.slug,
    plan: maskPlan(current?.fields ?? []),
    avroSchema: current?.format === "AVRO" ? current.definition : undefined,
  };
}

export type Entitlement = TailRight;

/** `canTail` on the user's current grants on the port (read from the database). */
export async function tailEntitlement(
  prisma: PrismaClient,
  user: CurrentUser,
  port: Pick<TailPort, "id" | "ownerTeamId">,
): Promise<Entitlement> {
  const grants = await prisma.grant.findMany({
    where: { portId: port.id, status: "ACTIVE", teamId: { in: user.teams.map((t) => t.id) } },
    select: { status: true, expiresAt: true, team: { select: { slug: true } } },
  });
  return canTail(user, port, grants);
}

const openStreams = new Map<string, number>();
const encoder = new TextEncoder();

export interface OpenTailOptions {
  prisma: PrismaClient;
  hub: TailHub;
  user: CurrentUser;
  portId: string;
  query: TailQuery;
  /** The Last-Event-ID header. */
  lastEventId?: string | null;
  signal: AbortSignal;
  maxStreamsPerUser: number;
}

/** Checks everything, then answers with the event stream (errors are thrown as AppErrors before any byte is sent). */
export async function openTailStream(opts: OpenTailOptions): Promise<Response> {
  const { prisma, hub, user, query } = opts;
  const port = await loadTailPort(prisma, user, opts.portId);
  const entitlement = await tailEntitlement(prisma, user, port);
  if (!entitlement.allowed) throw AppError.forbidden(entitlement.reason);
  const start = tailStart(query.from, opts.lastEventId ?? query.lastEventId);
  if (
    start.kind === "after" &&
    (await hub.eventExists(port.topic, start.partition, start.offset)) === false
  ) {
    throw new AppError(
      "validation_failed",
      `Last-Event-ID: ${start.partition}:${start.offset} names no event of ${port.topic}`,
      422,
    );
  }
  if (start.kind === "at" && (await hub.positionExists(port.topic, start.next)) === false) {
    throw new AppError(
      "validation_failed",
      `Last-Event-ID: names a partition or offset ${port.topic} does not have`,
      422,
    );
  }
  const filter = parseFilter(query.filter);
  if ((openStreams.get(user.id) ?? 0) >= opts.maxStreamsPerUser) {
    throw new AppError(
      "rate_limited",
      `You already watch ${opts.maxStreamsPerUser} live streams; close one to open another`,
      429,
    );
  }
  if (opts.signal.aborted) throw new AppError("bad_request", "The client went away", 400);

  let cleanup = () => {};
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let closed = false;
        const sink = {
          write(chunk: string | Uint8Array) {
            if (!closed) controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
          },
          backedUp: () => (controller.desiredSize ?? 1) <= 0,
        };
        openStreams.set(user.id, (openStreams.get(user.id) ?? 0) + 1);
        sink.write(sseOpening(3000, `meshport live tail of ${port.topic}`));
        const viewer = hub.open(
          { topic: port.topic, format: port.format, avroSchema: port.avroSchema },
          { view: tailView(entitlement.raw ? null : port.plan), filter, start, sink },
        );
        sink.write(
          sseJson("hello", {
            topic: port.topic,
            masked: !entitlement.raw,
            maskedFields: entitlement.raw ? [] : port.plan.paths,
            via: entitlement.via,
          }),
        );
        // Entitlement while streaming: a revoked or expired grant, a removed membership or role ends it.
        const recheck = setInterval(() => {
          void (async () => {
            const fresh = await findCurrentUser(prisma, { id: user.id });
            const now = fresh
              ? await tailEntitlement(prisma, fresh, port)
              : ({ allowed: false, reason: "Your account is gone" } as const);
            if (!now.allowed || now.raw !== entitlement.raw)
              end(
                "forbidden",
                now.allowed ? "Your role on this product changed: reopen the stream" : now.reason,
              );
          })().catch(() => undefined);
        }, RECHECK_MS);
        const end = (code: string, message: string) => {
          viewer.control("end", { code, message });
          cleanup();
          try {
            controller.close();
          } catch {
            // already closed
          }
        };
        cleanup = () => {
          if (closed) return;
          closed = true;
          clearInterval(recheck);
          viewer.close();
          openStreams.set(user.id, (openStreams.get(user.id) ?? 1) - 1);
          if (openStreams.get(user.id)! <= 0) openStreams.delete(user.id);
        };
        opts.signal.addEventListener("abort", () => cleanup(), { once: true });
      },
      cancel() {
        cleanup();
      },
    },
    { highWaterMark: 256 * 1024, size: (chunk) => chunk.byteLength },
  );
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
      connection: "keep-alive",
    },
  });
}
