import "server-only";
import { portalKafkaServer, portalTopics } from "@/lib/core/env";
import { listBrokerTopics } from "@/lib/kafka/admin";
import type { AddressContext } from "./contract-io";

/** What an address claim needs in a request: the portal's cluster, its own topics, and the broker's topics on demand. */
export function addressContext(): AddressContext {
  return { kafkaServer: portalKafkaServer(), portalTopics: portalTopics(), listBrokerTopics };
}
