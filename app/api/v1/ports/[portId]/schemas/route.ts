// GET /api/v1/ports/{portId}/schemas — a port's schema versions with their fields (any signed-in user)
// POST /api/v1/ports/{portId}/schemas — owners add a version; one that breaks the compatibility mode gets 409
import { NextResponse } from "next/server";
import { addSchemaVersion } from "@/lib/catalog/schema-versions";
import { listSchemaVersions } from "@/lib/catalog/queries";
import { PortIdParams, SchemaVersionInputSchema } from "@/lib/catalog/schemas";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { AddedSchemaVersionDto, SchemaVersionsDto } from "@/lib/catalog/dto";

export const GET = route(
  {
    operationId: "listSchemaVersions",
    summary: "A port's schema versions with their fields, newest first",
    response: { schema: SchemaVersionsDto, description: "`{port, versions}`" },
    errors: [404],
    params: PortIdParams,
  },
  async ({ params, user }) => listSchemaVersions(await db(), user, params.portId),
);

export const POST = route(
  {
    operationId: "addSchemaVersion",
    summary:
      "Owners add a schema version; one breaking the port's compatibility mode gets 409 `incompatible_schema` naming the fields",
    response: { schema: AddedSchemaVersionDto, status: 201, description: "`{portId, version}`" },
    errors: [404, 409],
    scope: "catalog:write",
    params: PortIdParams,
    body: SchemaVersionInputSchema,
  },
  async ({ params, body, user }) =>
    NextResponse.json(await addSchemaVersion(await db(), user, params.portId, body), { status: 201 }),
);
