// GET /api/v1/health — liveness: anonymous callers get the status only; signed-in users the details
import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/auth/session";
import { described } from "@/lib/http/route";
import { getDatabase } from "@/lib/db/server";
import { withKafkaAdmin } from "@/lib/kafka/admin";
import { tailHubStats } from "@/lib/tail/process-hub";

export const dynamic = "force-dynamic";

export const GET = described(
  {
    operationId: "getHealth",
    summary: "`{status}` for anyone; database, Kafka and live-tail details for signed-in callers",
    response: { description: "Healthy (503 with the same body when the database is unavailable)" },
    errors: [503],
    public: true,
  },
  async (req: Request): Promise<NextResponse> => {
    const database = await getDatabase()
      .then(async (d) => {
        await d.prisma.$queryRaw`SELECT 1`;
        return { status: "ok" as const, kind: d.kind };
      })
      .catch((err: unknown) => ({
        status: "unavailable" as const,
        message: err instanceof Error ? err.message : String(err),
      }));
    const kafka = await withKafkaAdmin((admin) => admin.describeCluster())
      .then((c) => ({ status: "ok" as const, brokers: c.brokers.length }))
      .catch((err: unknown) => ({
        status: "unavailable" as const,
        message: err instanceof Error ? err.message : String(err),
      }));
    const ok = database.status === "ok";
    // Live tail load of this process: counts only (no topics, no users).
    const tail = tailHubStats();
    const status = ok ? "ok" : "degraded";
    // Versions, broker counts and error messages help an attacker more than a load balancer.
    const signedIn = await getCurrentUser(req.headers).catch(() => null);
    return NextResponse.json(signedIn ? { status, database, kafka, tail } : { status }, {
      status: ok ? 200 : 503,
    });
  },
);
