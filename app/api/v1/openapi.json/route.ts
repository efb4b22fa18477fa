// GET /api/v1/openapi.json — OpenAPI 3.1 description of every /api/v1 route (public), built from the routes' specs
import { NextResponse } from "next/server";
import { buildOpenApiDocument } from "@/lib/http/openapi";
import { described } from "@/lib/http/route";
import { API_ROUTES } from "../routes";

export const GET = described(
  {
    operationId: "getOpenApi",
    summary: "This document",
    response: { description: "OpenAPI 3.1" },
    public: true,
  },
  async (): Promise<NextResponse> => NextResponse.json(buildOpenApiDocument(API_ROUTES)),
);
