// POST /api/v1/grants/{id}/provision — retries a failed provisioning (idempotent on the broker)
import { retryGrant } from "@/lib/access/mutations";
import { IdParams } from "@/lib/access/schemas";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { GrantStateDto } from "@/lib/access/dto";

export const POST = route(
  {
    operationId: "retryGrant",
    summary: "Re-provisions a failed (or active) grant; idempotent on the broker",
    response: { schema: GrantStateDto, description: "`{id, status, error}`" },
    errors: [404, 409],
    scope: "access:decide",
    params: IdParams,
  },
  async ({ params, user }) => retryGrant(await db(), user, params.id),
);
