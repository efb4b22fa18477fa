"use client";

import { useQuery } from "@tanstack/react-query";
import { ApiError } from "@/lib/api/fetch-json";
import { fetchTopicFacts } from "@/lib/catalog/api-client";
import { catalogKeys } from "@/lib/catalog/query-keys";

/** Live broker facts of a kafka-topic port; degrades to a clear "Kafka unavailable" state. */
export function TopicFactsPanel({ portId }: { portId: string }) {
  const { data, error, isPending, refetch, isFetching } = useQuery({
    queryKey: catalogKeys.topicFacts(portId),
    queryFn: ({ signal }) => fetchTopicFacts(portId, signal),
    retry: false,
    refetchInterval: 30_000,
  });

  if (isPending) {
    return (
      <p className="status status-pending small" data-testid="topic-facts">
        Asking the broker…
      </p>
    );
  }
  if (error) {
    const unavailable = error instanceof ApiError && error.code === "kafka_unavailable";
    return (
      <p className="row small" data-testid="topic-facts">
        <span className="status status-error">{unavailable ? "Kafka unavailable" : error.message}</span>
        <button type="button" className="btn" onClick={() => void refetch()} disabled={isFetching}>
          {isFetching ? "Retrying…" : "Retry"}
        </button>
      </p>
    );
  }
  return (
    <p className="row small" data-testid="topic-facts">
      <span className="status status-ok">Live on the broker</span>
      <span className="muted">
        {data.partitions} partition{data.partitions === 1 ? "" : "s"} · {data.retainedMessages.toLocaleString("en")} messages retained
      </span>
    </p>
  );
}
