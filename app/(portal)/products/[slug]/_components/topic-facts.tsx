"use client";

import { useQuery } from "@tanstack/react-query";
import { ApiError } from "@/lib/api/fetch-json";
import { fetchTopicFacts } from "@/lib/catalog/api-client";
import { freshnessStatus, type FreshnessStatus } from "@/lib/catalog/freshness";
import { catalogKeys } from "@/lib/catalog/query-keys";
import { timeAgo as ago } from "@/lib/core/time";

const FRESHNESS_TEXT: Record<FreshnessStatus, string> = {
  fresh: "within its freshness SLA",
  stale: "older than its freshness SLA",
  silent: "no events in the last hour",
  unknown: "",
};

function Sparkline({ values }: { values: number[] }) {
  const width = 120;
  const height = 24;
  const max = Math.max(...values, 0.0001);
  const points = values.map(
    (v, i) =>
      `${((i / (values.length - 1)) * width).toFixed(1)},${(height - (v / max) * (height - 2) - 1).toFixed(1)}`,
  );
  return (
    <svg
      width={width}
      height={height}
      role="img"
      aria-label={`Messages per minute over the last hour, peak ${Math.round(max)}`}
      className="sparkline"
    >
      <polyline points={points.join(" ")} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

/** Live broker facts of a kafka-topic port; degrades to a clear "Kafka unavailable" state. */
export function TopicFactsPanel({ portId, freshnessSla }: { portId: string; freshnessSla?: string }) {
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
  const rate = data.messagesPerMinute.at(-1) ?? 0;
  const freshness = freshnessStatus(data.lastEventAt, freshnessSla);
  return (
    <div className="row small" data-testid="topic-facts">
      <span className="status status-ok">Live on the broker</span>
      <span className="muted">
        {data.partitions} partition{data.partitions === 1 ? "" : "s"} ·{" "}
        {data.retainedMessages.toLocaleString("en")} messages retained ·{" "}
        <span title="Consumer groups that have committed offsets on this topic (the live tail's throwaway groups never do)">
          {data.consumerGroups === 0
            ? "no consumer group has committed offsets yet"
            : `read by ${data.consumerGroups} consumer group${data.consumerGroups === 1 ? "" : "s"}`}
        </span>
      </span>
      <Sparkline values={data.messagesPerMinute} />
      <span
        className="muted"
        data-testid="topic-rate"
        title="Messages written to the topic in the last minute, from the broker's offsets"
      >
        ~{rate < 10 ? rate.toFixed(1) : Math.round(rate).toLocaleString("en")} msg/min
      </span>
      <span
        className={`status ${freshness === "stale" || freshness === "silent" ? "status-error" : freshness === "fresh" ? "status-ok" : "status-pending"}`}
        data-testid="topic-freshness"
      >
        {data.lastEventAt ? `last event ${ago(data.lastEventAt)}` : "no recent events"}
        {FRESHNESS_TEXT[freshness] &&
          ` — ${FRESHNESS_TEXT[freshness]}${freshnessSla && freshness !== "silent" ? ` (${freshnessSla})` : ""}`}
      </span>
    </div>
  );
}
