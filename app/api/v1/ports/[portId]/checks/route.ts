// GET /api/v1/ports/{portId}/checks — the contract monitor's latest result per rule, 24 h of windows, incidents
import { PortIdParams } from "@/lib/catalog/schemas";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { PortChecksDto } from "@/lib/monitor/dto";
import { getPortChecks } from "@/lib/monitor/queries";

export const GET = route(
  {
    operationId: "getPortChecks",
    summary:
      "The contract's status (passing / failing / not evaluated), each rule's latest window (failing example masked for all but the owner team), the last 24 h, incidents",
    response: { schema: PortChecksDto, description: "Checks of the port's contract on the live stream" },
    errors: [404],
    params: PortIdParams,
  },
  async ({ params, user }) => getPortChecks(await db(), user, params.portId),
);
