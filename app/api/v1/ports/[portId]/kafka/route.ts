// GET /api/v1/ports/{portId}/kafka — live broker facts of a kafka-topic port (503 when Kafka is unavailable)
import { AppError } from "@/lib/core/errors";
import { db } from "@/lib/db/server";
import { getTopicFacts, TopicFactsDto } from "@/lib/kafka/admin";
import { route } from "@/lib/http/route";
import { PortIdParams } from "@/lib/catalog/schemas";
import { canSeeProduct } from "@/lib/catalog/permissions";

const Params = PortIdParams;

export const GET = route(
  {
    operationId: "getTopicFacts",
    summary: "Live facts of a kafka-topic port from the broker",
    response: { schema: TopicFactsDto, description: "Topic facts" },
    errors: [404, 503],
    params: Params,
  },
  async ({ params, user }) => {
    const port = await (
      await db()
    ).outputPort.findUnique({
      where: { id: params.portId },
      include: { product: { select: { lifecycle: true, ownerTeamId: true } } },
    });
    if (!port || !canSeeProduct(user, port.product)) throw AppError.notFound("Output port");
    if (port.type !== "KAFKA_TOPIC") throw new AppError("bad_request", "This port is not a Kafka topic", 400);
    return getTopicFacts(port.address);
  },
);
