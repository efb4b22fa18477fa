// GET /api/v1/ports/{portId}/schemas — a port's schema versions with their fields (any signed-in user)
// POST /api/v1/ports/{portId}/schemas — owners add a version; one that breaks the compatibility mode gets 409
import { NextResponse } from "next/server";
import { addSchemaVersion, listSchemaVersions } from "@/lib/catalog/mutations";
import { PortIdParams, SchemaVersionInputSchema } from "@/lib/catalog/schemas";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";

export const GET = route({ params: PortIdParams }, async ({ params }) =>
  listSchemaVersions(await db(), params.portId),
);

export const POST = route(
  { scope: "catalog:write", params: PortIdParams, body: SchemaVersionInputSchema },
  async ({ params, body, user }) =>
    NextResponse.json(await addSchemaVersion(await db(), user, params.portId, body), { status: 201 }),
);
