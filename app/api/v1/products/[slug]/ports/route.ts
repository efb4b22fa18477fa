// POST /api/v1/products/{slug}/ports — owners add an output port (Kafka topic, table or file)
import { NextResponse } from "next/server";
import { addressContext } from "@/lib/catalog/address-context";
import { ProductSlugParams } from "@/lib/catalog/schemas";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { PortResultDto } from "@/lib/publishing/dto";
import { addPort } from "@/lib/publishing/ports";
import { PortCreateSchema } from "@/lib/publishing/schemas";

export const POST = route(
  {
    operationId: "addOutputPort",
    summary:
      "Owners add an output port. A Kafka topic is proposed from the naming policy and must not exist yet; on a live product the port must meet the mesh policies (422) and is provisioned at once",
    response: {
      schema: PortResultDto,
      status: 201,
      description: "The port's state and its policy violations",
    },
    errors: [403, 404, 409],
    scope: "catalog:publish",
    params: ProductSlugParams,
    body: PortCreateSchema,
  },
  async ({ params, body, user }) =>
    NextResponse.json(await addPort(await db(), user, params.slug, body, addressContext()), { status: 201 }),
);
