// GET /api/v1/topics?unregistered=1 — admins: broker topics no product exposes yet (503 when Kafka is unavailable)
// POST /api/v1/topics — admins: register such a topic as a product's output port
import { NextResponse } from "next/server";
import { findUnregisteredTopics } from "@/lib/catalog/queries";
import { registerTopicPort } from "@/lib/catalog/mutations";
import { canManageTopics } from "@/lib/catalog/permissions";
import { RegisterTopicSchema, TopicsQuery } from "@/lib/catalog/schemas";
import { portalKafkaServer, portalTopics } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import { db } from "@/lib/db/server";
import { listBrokerTopics } from "@/lib/kafka/admin";
import { route } from "@/lib/http/route";
import { RegisteredPortDto, UnregisteredTopicsDto } from "@/lib/catalog/dto";

export const GET = route(
  {
    operationId: "listUnregisteredTopics",
    summary: "Admins: broker topics that no output port exposes yet",
    response: { schema: UnregisteredTopicsDto, description: "`{topics}`" },
    errors: [403, 503],
    query: TopicsQuery,
  },
  async ({ user }) => {
    // Checked before asking the broker, so a non-admin learns nothing about it.
    if (!canManageTopics(user)) throw AppError.forbidden("Only admins may browse the broker's topics");
    const topics = await listBrokerTopics();
    return { topics: await findUnregisteredTopics(await db(), user, topics, portalTopics()) };
  },
);

export const POST = route(
  {
    operationId: "registerTopic",
    summary: "Admins: register a broker topic as a product's output port",
    response: { schema: RegisteredPortDto, status: 201, description: "The new port" },
    errors: [404, 409, 503],
    scope: "catalog:write",
    body: RegisterTopicSchema,
  },
  async ({ body, user }) => {
    if (!canManageTopics(user)) throw AppError.forbidden("Only admins may register topics");
    if (!(await listBrokerTopics()).includes(body.topic))
      throw AppError.notFound(`Topic "${body.topic}" on the broker`);
    const port = await registerTopicPort(await db(), user, body, {
      kafkaServer: portalKafkaServer(),
      portalTopics: portalTopics(),
    });
    return NextResponse.json(port, { status: 201 });
  },
);
