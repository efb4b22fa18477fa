"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError } from "@/lib/api/fetch-json";
import { declareInputPort } from "@/lib/publishing/api-client";

interface Props {
  portId: string;
  portName: string;
  /** Products of the viewer's teams that could read this port. */
  readers: { slug: string; name: string }[];
}

/** "Use as an input of …": a product of the viewer's team declares that it reads this port (needs a grant). */
export function DeclareInput({ portId, portName, readers }: Props) {
  const router = useRouter();
  const [reader, setReader] = useState(readers[0]?.slug ?? "");
  const declare = useMutation({
    mutationFn: () => declareInputPort(reader, portId),
    onSuccess: () => router.refresh(),
  });
  if (readers.length === 0) return null;
  const needsGrant = declare.error instanceof ApiError && declare.error.status === 403;
  return (
    <form
      className="row small"
      aria-label={`Declare ${portName} as an input`}
      onSubmit={(e) => {
        e.preventDefault();
        declare.mutate();
      }}
    >
      <label>
        Use as an input of{" "}
        <select value={reader} onChange={(e) => setReader(e.target.value)}>
          {readers.map((r) => (
            <option key={r.slug} value={r.slug}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="btn" disabled={declare.isPending}>
        Declare input
      </button>
      {declare.isSuccess && (
        <span className="status status-ok" role="status">
          Declared: lineage shows it now (<Link href={`/products/${reader}`}>view</Link>)
        </span>
      )}
      {declare.error && (
        <span className="alert alert-error" role="alert">
          {needsGrant ? (
            <>
              Your team needs an active grant on this port first:{" "}
              <a href={`#access-${portId}`}>request access</a>.
            </>
          ) : (
            declare.error.message
          )}
        </span>
      )}
    </form>
  );
}
