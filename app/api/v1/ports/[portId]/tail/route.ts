// GET /api/v1/ports/{portId}/tail?from=latest|earliest|last:N&filter=… — live events as Server-Sent Events
import { env } from "@/lib/core/env";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { tailHub } from "@/lib/tail/process-hub";
import { openTailStream, TailQuery } from "@/lib/tail/stream";
import { PortIdParams } from "@/lib/catalog/schemas";

export const dynamic = "force-dynamic";

// Authorized here and re-checked while streaming (lib/tail/stream.ts): owner team, admins,
// teams with an active grant on the port.
export const GET = route(
  {
    operationId: "tailPort",
    summary:
      "Live events of a kafka-topic port as Server-Sent Events (`id: <partition>:<offset>`, data `{partition, offset, timestamp, key, headers, value, masked, encoding, size}`; events `hello`, `status`, `dropped`, `end`, and `position` after each flush, whose id is the next offset per partition (`0=1520,1=1498`); heartbeat comments). Owner team (raw), admins and teams with an active grant (PII masked); re-checked while streaming. `Last-Event-ID` (a position, or an event's id) resumes with no gap, on any instance.",
    response: { description: "`text/event-stream`", mediaType: "text/event-stream" },
    errors: [403, 404, 429],
    params: PortIdParams,
    query: TailQuery,
  },
  async ({ req, user, params, query }) =>
    openTailStream({
      prisma: await db(),
      hub: tailHub(),
      user,
      portId: params.portId,
      query,
      lastEventId: req.headers.get("last-event-id"),
      signal: req.signal,
      maxStreamsPerUser: env().MESHPORT_TAIL_STREAMS_PER_USER,
    }),
);
