"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { ApiError } from "@/lib/api/fetch-json";
import { fetchUnregisteredTopics, registerTopic } from "@/lib/catalog/api-client";
import { catalogKeys } from "@/lib/catalog/query-keys";
import { useProductSearch } from "@/lib/catalog/use-product-search";
import { ProductSearchSchema } from "@/lib/catalog/schemas";

/** Lists unregistered broker topics; each can be registered as a port in a few clicks. */
export function TopicDiscovery() {
  const topics = useQuery({
    queryKey: catalogKeys.unregisteredTopics(),
    queryFn: ({ signal }) => fetchUnregisteredTopics(signal),
    retry: false,
  });
  const [selected, setSelected] = useState<string | null>(null);
  const [registered, setRegistered] = useState<{ topic: string; product: string } | null>(null);

  if (topics.isPending) return <p className="status status-pending">Asking the broker…</p>;
  if (topics.isError) {
    const unavailable = topics.error instanceof ApiError && topics.error.code === "kafka_unavailable";
    return (
      <p className="row" role="alert">
        <span className="status status-error">
          {unavailable ? "Kafka unavailable" : topics.error.message}
        </span>
        <button type="button" className="btn" onClick={() => void topics.refetch()}>
          Retry
        </button>
      </p>
    );
  }
  return (
    <div className="stack">
      {registered && (
        <p className="alert alert-info" role="status" data-testid="topic-registered">
          Registered <code>{registered.topic}</code> on{" "}
          <Link href={`/products/${registered.product}`}>{registered.product}</Link>.
        </p>
      )}
      {topics.data.topics.length === 0 ? (
        <p className="empty-state card">Every topic on the broker is already a product&apos;s output port.</p>
      ) : (
        <ul className="link-list card" data-testid="unregistered-topics">
          {topics.data.topics.map((t) => (
            <li key={t} className="row">
              <code>{t}</code>
              {selected === t ? (
                <RegisterForm
                  topic={t}
                  onCancel={() => setSelected(null)}
                  onDone={(product) => {
                    setSelected(null);
                    setRegistered({ topic: t, product });
                  }}
                />
              ) : (
                <button type="button" className="btn" onClick={() => setSelected(t)}>
                  Register…
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function RegisterForm({
  topic,
  onCancel,
  onDone,
}: {
  topic: string;
  onCancel: () => void;
  onDone: (product: string) => void;
}) {
  const queryClient = useQueryClient();
  const [product, setProduct] = useState("");
  const [name, setName] = useState(
    topic
      .split(".")
      .slice(-2, -1)[0]
      ?.replace(/[^a-z0-9-]/g, "-") || "events",
  );
  const suggestions = useProductSearch(ProductSearchSchema.parse({ q: product }));
  const register = useMutation({
    mutationFn: () =>
      registerTopic({
        productSlug: product,
        topic,
        name,
        description: "",
        format: "json",
        compatibility: "BACKWARD",
      }),
    onSuccess: async (port) => {
      await queryClient.invalidateQueries({ queryKey: catalogKeys.unregisteredTopics() });
      onDone(port.product);
    },
  });
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        register.mutate();
      }}
    >
      <input
        aria-label="Product"
        list={`products-${topic}`}
        placeholder="product slug"
        value={product}
        onChange={(e) => setProduct(e.target.value)}
        required
      />
      <datalist id={`products-${topic}`}>
        {suggestions.data?.items.map((p) => (
          <option key={p.slug} value={p.slug}>
            {p.name}
          </option>
        ))}
      </datalist>
      <input aria-label="Port name" value={name} onChange={(e) => setName(e.target.value)} required />
      <button type="submit" className="btn btn-primary" disabled={register.isPending}>
        {register.isPending ? "Registering…" : "Register"}
      </button>
      <button type="button" className="btn" onClick={onCancel}>
        Cancel
      </button>
      {register.error && (
        <span className="alert alert-error small" role="alert">
          {register.error.message}
        </span>
      )}
    </form>
  );
}
