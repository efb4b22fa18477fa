// GET /api/v1/policies — the mesh-wide policy set in force (any signed-in user)
// PUT /api/v1/policies — admins replace it with a new version (409 when the version is stale)
import { db } from "@/lib/db/server";
import { PolicySetDto } from "@/lib/governance/dto";
import { updatePolicySet } from "@/lib/governance/mutations";
import { getPolicySet } from "@/lib/governance/queries";
import { PolicySetUpdateSchema } from "@/lib/governance/schemas";
import { route } from "@/lib/http/route";

export const GET = route(
  {
    operationId: "getPolicySet",
    summary: "The mesh-wide policies in force (version 0: the defaults, never edited)",
    response: { schema: PolicySetDto, description: "The policy set" },
  },
  async () => getPolicySet(await db()),
);

export const PUT = route(
  {
    operationId: "updatePolicySet",
    summary:
      "Admins replace the policies with a new version; `version` must be the one edited (409 when stale). Audited.",
    response: { schema: PolicySetDto, description: "The new version in force" },
    errors: [409],
    scope: "catalog:write",
    body: PolicySetUpdateSchema,
  },
  async ({ body, user }) => updatePolicySet(await db(), user, body),
);
