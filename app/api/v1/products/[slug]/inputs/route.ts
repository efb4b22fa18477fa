// POST /api/v1/products/{slug}/inputs — owners declare that the product reads a port (own, or with an active grant)
import { NextResponse } from "next/server";
import { ProductSlugParams } from "@/lib/catalog/schemas";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { InputPortResultDto } from "@/lib/publishing/dto";
import { declareInputPort } from "@/lib/publishing/inputs";
import { InputPortSchema } from "@/lib/publishing/schemas";

export const POST = route(
  {
    operationId: "declareInputPort",
    summary:
      "Owners declare an input port: allowed when the product's owner team owns the port or holds an active grant on it (403: request access first)",
    response: { schema: InputPortResultDto, status: 201, description: "`{product, portId, declared}`" },
    errors: [403, 404, 409],
    scope: "catalog:write",
    params: ProductSlugParams,
    body: InputPortSchema,
  },
  async ({ params, body, user }) =>
    NextResponse.json(await declareInputPort(await db(), user, params.slug, body.portId), { status: 201 }),
);
