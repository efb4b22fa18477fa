// GET /api/v1/ports/{portId}/contract/versions — the history of the port's contract, newest first
import { listContractVersions } from "@/lib/catalog/port-contracts";
import { PortIdParams } from "@/lib/catalog/schemas";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";

export const GET = route(
  {
    operationId: "listContractVersions",
    summary: "The port's contract versions (every change is one), newest first",
    response: { description: "`{portId, versions}`" },
    errors: [404],
    params: PortIdParams,
  },
  async ({ params, user }) => listContractVersions(await db(), user, params.portId),
);
