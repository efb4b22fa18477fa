// GET /api/v1/governance — per domain, DATSIS averages and policy compliance of published products (any signed-in user)
import { db } from "@/lib/db/server";
import { GovernanceOverviewDto } from "@/lib/governance/dto";
import { getGovernanceOverview } from "@/lib/governance/overview";
import { route } from "@/lib/http/route";

// Published products are visible to everyone, so the overview is too.
export const GET = route(
  {
    operationId: "getGovernanceOverview",
    summary:
      "Per domain: DATSIS averages and compliance with the policies in force of its active products, each product with its violations",
    response: { schema: GovernanceOverviewDto, description: "The overview" },
  },
  async () => getGovernanceOverview(await db()),
);
