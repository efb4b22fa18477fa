import { readFileSync } from "node:fs";
import { format } from "prettier";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { dockerCompose } from "./lib/compose.ts";
import { KAFKA_VERSION } from "./lib/kafka/common.ts";
import { kafkaUsers } from "./lib/kafka/config.ts";

type Service = { image: string; environment: Record<string, string | number> };

describe("docker-compose.yml", () => {
  it("is what scripts/compose.ts generates from the local cluster's configuration", async () => {
    expect(readFileSync("docker-compose.yml", "utf8")).toBe(
      await format(dockerCompose(), { parser: "yaml" }),
    );
  });

  it("runs the scripts' Kafka version, users, authorizer and replication on three nodes, and two portals on all of them", () => {
    const { services } = parse(readFileSync("docker-compose.yml", "utf8")) as {
      services: Record<string, Service>;
    };
    const nodes = ["kafka-1", "kafka-2", "kafka-3"].map((name) => services[name]!);
    for (const [i, node] of nodes.entries()) {
      expect(node.image).toBe(`apache/kafka:${KAFKA_VERSION}`);
      const env = node.environment;
      expect(env.KAFKA_NODE_ID).toBe(String(i + 1));
      expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe("1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093");
      expect(env.KAFKA_DEFAULT_REPLICATION_FACTOR).toBe("3");
      expect(env.KAFKA_MIN_INSYNC_REPLICAS).toBe("2");
      expect(env.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR).toBe("3");
      expect(env.KAFKA_AUTHORIZER_CLASS_NAME).toBe("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
      expect(env.KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND).toBe("false");
      for (const user of kafkaUsers())
        expect(env.KAFKA_LISTENER_NAME_CLIENT_PLAIN_SASL_JAAS_CONFIG).toContain(
          `user_${user.username}="${user.password}"`,
        );
      expect(env.CLUSTER_ID).toBe(nodes[0]!.environment.CLUSTER_ID);
    }
    for (const name of ["meshport-1", "meshport-2"])
      expect(services[name]!.environment.KAFKA_BROKERS).toBe("kafka-1:9092,kafka-2:9092,kafka-3:9092");
  });
});
