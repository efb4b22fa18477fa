// GET /api/v1/ports/{portId}/contract/diff?from=&to= — what changed between two versions of the port's contract
import { diffContractVersions } from "@/lib/catalog/port-contracts";
import { ContractDiffQuery, PortIdParams } from "@/lib/catalog/schemas";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";

export const GET = route(
  {
    operationId: "diffContractVersions",
    summary: "What changed between two versions of the port's contract, path by path",
    response: { description: "`{from, to, changes: [{path, before, after}]}`" },
    errors: [404],
    params: PortIdParams,
    query: ContractDiffQuery,
  },
  async ({ params, query, user }) =>
    diffContractVersions(await db(), user, params.portId, query.from, query.to),
);
