"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import {
  createSuccessorPort,
  deletePort,
  deleteRetiredTopic,
  retryPort,
  updatePort,
} from "@/lib/publishing/api-client";

interface Props {
  slug: string;
  port: {
    id: string;
    name: string;
    type: string;
    address: string;
    state: string;
    live: boolean;
    partitions: number | null;
    retentionHours: number | null;
    provisioningError: string | null;
    successor: { id: string; name: string } | null;
  };
  canEdit: boolean;
  /** Admins may delete a retired port's topic (typed confirmation). */
  isAdmin?: boolean;
}

const STATE_TEXT: Record<string, { text: string; tone: string }> = {
  DRAFT: { text: "Draft — provisioned when the product is published", tone: "" },
  PROVISIONING: { text: "Provisioning on the broker…", tone: "port-state-waiting" },
  ACTIVE: { text: "Active", tone: "port-state-live" },
  FAILED: { text: "Provisioning failed", tone: "port-state-failed" },
  RETIRING: { text: "Retiring — removing write access…", tone: "port-state-waiting" },
  RETIRED: { text: "Retired — no one writes or reads it any more; the data stays", tone: "" },
};

/** A port's provisioning state, and its owners' actions: retry, evolve within policy, v2, delete a draft. */
export function PortAdmin({ slug, port, canEdit, isAdmin = false }: Props) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [partitions, setPartitions] = useState(port.partitions ?? 1);
  const [retention, setRetention] = useState(port.retentionHours ?? 168);
  const act = useMutation({
    mutationFn: (action: "retry" | "delete" | "v2" | "save" | { deleteTopic: string }): Promise<unknown> =>
      typeof action === "object"
        ? deleteRetiredTopic(slug, port.id, action.deleteTopic)
        : action === "retry"
          ? retryPort(slug, port.id)
          : action === "delete"
            ? deletePort(slug, port.id)
            : action === "v2"
              ? createSuccessorPort(slug, port.id)
              : updatePort(slug, port.id, { partitions, retentionHours: retention }),
    onSuccess: () => {
      setEditing(false);
      router.refresh();
    },
  });
  const state = STATE_TEXT[port.state] ?? { text: port.state, tone: "" };
  const kafka = port.type === "KAFKA_TOPIC";
  return (
    <div className="stack small" data-testid="port-state">
      <p>
        <span className={`port-state ${state.tone}`}>
          {port.live ? "● Live on the broker — the owner team can write" : state.text}
        </span>
        {port.provisioningError && <span className="muted"> — {port.provisioningError}</span>}
        {port.successor && <span className="muted"> · superseded by “{port.successor.name}”</span>}
      </p>
      {canEdit && (
        <div className="row">
          {port.state === "FAILED" && (
            <button
              type="button"
              className="btn"
              disabled={act.isPending}
              onClick={() => act.mutate("retry")}
            >
              Retry
            </button>
          )}
          {port.state === "DRAFT" && (
            <button
              type="button"
              className="btn"
              disabled={act.isPending}
              onClick={() => {
                if (window.confirm(`Delete the draft port “${port.name}”?`)) act.mutate("delete");
              }}
            >
              Delete draft port
            </button>
          )}
          {kafka &&
            (port.state === "ACTIVE" || port.state === "DRAFT") &&
            port.partitions !== null &&
            !editing && (
              <button type="button" className="btn" onClick={() => setEditing(true)}>
                Change partitions / retention…
              </button>
            )}
          {kafka && port.state === "RETIRED" && isAdmin && port.provisioningError === null && (
            <button
              type="button"
              className="btn"
              disabled={act.isPending}
              onClick={() => {
                const typed = window.prompt(
                  `This deletes the topic ${port.address} and all its data. Type its name to confirm:`,
                );
                if (typed) act.mutate({ deleteTopic: typed });
              }}
            >
              Delete topic…
            </button>
          )}
          {kafka && port.state === "ACTIVE" && !port.successor && (
            <button
              type="button"
              className="btn"
              disabled={act.isPending}
              title="A breaking change is a new major: a successor port on a new topic"
              onClick={() => act.mutate("v2")}
            >
              Create v2 of this port
            </button>
          )}
        </div>
      )}
      {editing && (
        <form
          className="row"
          aria-label={`Topic settings of ${port.name}`}
          onSubmit={(e) => {
            e.preventDefault();
            act.mutate("save");
          }}
        >
          <label>
            Partitions{" "}
            <input
              type="number"
              value={partitions}
              min={port.state === "ACTIVE" ? (port.partitions ?? 1) : 1}
              onChange={(e) => setPartitions(Number(e.target.value))}
            />
          </label>
          <label>
            Retention (hours){" "}
            <input
              type="number"
              value={retention}
              min={-1}
              onChange={(e) => setRetention(Number(e.target.value))}
            />
          </label>
          <button type="submit" className="btn btn-primary" disabled={act.isPending}>
            Save
          </button>
          <button type="button" className="btn" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      )}
      {act.error && (
        <p className="alert alert-error" role="alert">
          {act.error.message}
        </p>
      )}
    </div>
  );
}
