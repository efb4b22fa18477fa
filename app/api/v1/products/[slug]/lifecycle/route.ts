// POST /api/v1/products/{slug}/lifecycle — owners publish, deprecate or retire a product
import { ProductSlugParams } from "@/lib/catalog/schemas";
import { db } from "@/lib/db/server";
import { route } from "@/lib/http/route";
import { LifecycleResultDto } from "@/lib/publishing/dto";
import { changeLifecycle } from "@/lib/publishing/lifecycle";
import { LifecycleChangeSchema } from "@/lib/publishing/schemas";

export const POST = route(
  {
    operationId: "changeLifecycle",
    summary:
      "Owners publish (`ACTIVE`: every mesh policy first — 422 `policy_violation` lists them all in `details` — then the Kafka ports are provisioned), deprecate (`sunsetAt`, `message`, `successor`) or retire (at or after the sunset; admins any time)",
    response: { schema: LifecycleResultDto, description: "The lifecycle and every port's state" },
    errors: [403, 404, 409],
    scope: "catalog:publish",
    params: ProductSlugParams,
    body: LifecycleChangeSchema,
  },
  async ({ params, body, user }) => changeLifecycle(await db(), user, params.slug, body),
);
