// POST /api/v1/products/{slug}/ports/{portId}/successor — "Create v2 of this port": a new major on a new topic
import { NextResponse } from "next/server";
import { addressContext } from "@/lib/catalog/address-context";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { PortResultDto } from "@/lib/publishing/dto";
import { createSuccessorPort } from "@/lib/publishing/ports";
import { PortParams, PortSuccessorSchema } from "@/lib/publishing/schemas";

export const POST = route(
  {
    operationId: "createSuccessorPort",
    summary:
      "Owners create the next major version of a Kafka port: a successor port on a new topic (`.v2`), linked to the old one; its schema may break the old one",
    response: { schema: PortResultDto, status: 201, description: "The new port" },
    errors: [403, 404, 409],
    scope: "catalog:publish",
    params: PortParams,
    body: PortSuccessorSchema,
  },
  async ({ params, body, user }) =>
    NextResponse.json(
      await createSuccessorPort(await db(), user, params.slug, params.portId, body, addressContext()),
      { status: 201 },
    ),
);
