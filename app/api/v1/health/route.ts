// GET /api/v1/health — liveness of the database and Kafka (public: no data, only status)
import { NextResponse } from "next/server";
import { getDatabase } from "@/lib/server/db";
import { withKafkaAdmin } from "@/lib/server/kafka";
import { tailHubStats } from "@/lib/tail/server";

export const dynamic = "force-dynamic";

export async function GET(): Promise<NextResponse> {
  const database = await getDatabase()
    .then(async (d) => {
      await d.prisma.$queryRaw`SELECT 1`;
      return { status: "ok" as const, kind: d.kind };
    })
    .catch((err: unknown) => ({ status: "unavailable" as const, message: err instanceof Error ? err.message : String(err) }));
  const kafka = await withKafkaAdmin((admin) => admin.describeCluster())
    .then((c) => ({ status: "ok" as const, brokers: c.brokers.length }))
    .catch((err: unknown) => ({ status: "unavailable" as const, message: err instanceof Error ? err.message : String(err) }));
  const ok = database.status === "ok";
  // Live tail load of this process: counts only (no topics, no users).
  const tail = tailHubStats();
  return NextResponse.json({ status: ok ? "ok" : "degraded", database, kafka, tail }, { status: ok ? 200 : 503 });
}
