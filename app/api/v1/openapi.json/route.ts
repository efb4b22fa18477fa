// GET /api/v1/openapi.json — OpenAPI 3.1 description of every /api/v1 route (public)
import { NextResponse } from "next/server";
import { buildOpenApiDocument } from "@/lib/http/openapi";

export function GET(): NextResponse {
  return NextResponse.json(buildOpenApiDocument());
}
