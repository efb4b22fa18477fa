"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { addPort } from "@/lib/publishing/api-client";
import { POLICY_LABELS } from "@/lib/governance/policy-set";
import type { PortResult } from "@/lib/publishing/dto";

interface Props {
  slug: string;
  /** The topic the naming policy proposes for a port name (`{domain}.{name}.v1`). */
  topicTemplate: string;
  domain: string;
  live: boolean;
}

const EXAMPLE_SCHEMA = `{
  "type": "object",
  "properties": {
    "id": { "type": "string", "description": "Identifies the record" },
    "occurred_at": { "type": "string", "format": "date-time", "description": "When it happened" }
  },
  "required": ["id", "occurred_at"]
}`;

const proposeTopic = (template: string, domain: string, name: string) =>
  template
    .replaceAll("{domain}", domain)
    .replaceAll(
      "{name}",
      name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "") || "events",
    )
    .replaceAll("{major}", "1");

/** "Add output port": a Kafka topic (named by the policy, configured, with its first schema), a table or a file. */
export function AddPort({ slug, topicTemplate, domain, live }: Props) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [type, setType] = useState<"KAFKA_TOPIC" | "TABLE" | "FILE">("KAFKA_TOPIC");
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [topic, setTopic] = useState<string | null>(null);
  const [partitions, setPartitions] = useState(3);
  const [retention, setRetention] = useState(168);
  const [cleanup, setCleanup] = useState<"DELETE" | "COMPACT">("DELETE");
  const [key, setKey] = useState("");
  const [format, setFormat] = useState<"JSON_SCHEMA" | "AVRO">("JSON_SCHEMA");
  const [schema, setSchema] = useState(EXAMPLE_SCHEMA);
  const [compatibility, setCompatibility] = useState("BACKWARD");
  const [address, setAddress] = useState("");
  const [server, setServer] = useState("");
  const [schemaError, setSchemaError] = useState<string | null>(null);
  const [added, setAdded] = useState<PortResult | null>(null);
  const effectiveTopic = topic ?? proposeTopic(topicTemplate, domain, name);
  const submit = useMutation({
    mutationFn: () => {
      if (type !== "KAFKA_TOPIC") return addPort(slug, { type, name, description, address, server });
      let definition: Record<string, unknown>;
      try {
        definition = JSON.parse(schema) as Record<string, unknown>;
      } catch {
        throw new Error("The schema is not valid JSON");
      }
      return addPort(slug, {
        type,
        name,
        description,
        address: effectiveTopic,
        partitions,
        retentionHours: retention,
        cleanupPolicy: cleanup,
        keyDescription: key,
        schema: { format, definition, compatibility: compatibility as "BACKWARD" },
      });
    },
    onSuccess: (result) => {
      setAdded(result);
      setOpen(false);
      setName("");
      setTopic(null);
      router.refresh();
    },
  });
  return (
    <div className="stack small" data-testid="add-port">
      {added && (
        <div className={`alert ${added.violations.length > 0 ? "alert-error" : "alert-info"}`} role="status">
          Port “{added.name}” added on <code>{added.address}</code> ({added.state.toLowerCase()}).
          {added.violations.length > 0 && (
            <ul className="checks">
              {added.violations.map((v) => (
                <li key={v.where}>
                  {POLICY_LABELS[v.policy]}: {v.message}. <em>Fix:</em> {v.fix}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {!open && (
        <button type="button" className="btn" onClick={() => setOpen(true)}>
          Add output port…
        </button>
      )}
      {open && (
        <form
          className="stack card"
          aria-label="Add output port"
          onSubmit={(e) => {
            e.preventDefault();
            setSchemaError(null);
            submit.mutate();
          }}
        >
          {live && (
            <p className="muted">
              The product is live: the port must meet the mesh policies and is provisioned at once.
            </p>
          )}
          <div className="row">
            <label className="field">
              Type
              <select value={type} onChange={(e) => setType(e.target.value as typeof type)}>
                <option value="KAFKA_TOPIC">Kafka topic</option>
                <option value="TABLE">Table</option>
                <option value="FILE">File</option>
              </select>
            </label>
            <label className="field">
              Port name
              <input
                value={name}
                onChange={(e) => setName(e.target.value)}
                pattern="[a-z0-9][a-z0-9-]*"
                required
                placeholder="return-events"
              />
            </label>
          </div>
          <label className="field">
            Description
            <input value={description} onChange={(e) => setDescription(e.target.value)} />
          </label>
          {type === "KAFKA_TOPIC" ? (
            <>
              <label className="field">
                Topic <span className="muted">(the mesh names topics {topicTemplate})</span>
                <input value={effectiveTopic} onChange={(e) => setTopic(e.target.value)} required />
              </label>
              <div className="row">
                <label className="field">
                  Partitions
                  <input
                    type="number"
                    value={partitions}
                    min={1}
                    onChange={(e) => setPartitions(Number(e.target.value))}
                  />
                </label>
                <label className="field">
                  Retention (hours, -1 forever)
                  <input
                    type="number"
                    value={retention}
                    min={-1}
                    onChange={(e) => setRetention(Number(e.target.value))}
                  />
                </label>
                <label className="field">
                  Cleanup
                  <select value={cleanup} onChange={(e) => setCleanup(e.target.value as typeof cleanup)}>
                    <option value="DELETE">delete</option>
                    <option value="COMPACT">compact</option>
                  </select>
                </label>
              </div>
              <label className="field">
                Key
                <input
                  value={key}
                  onChange={(e) => setKey(e.target.value)}
                  placeholder="order_id: one partition per order"
                />
              </label>
              <div className="row">
                <label className="field">
                  Schema format
                  <select value={format} onChange={(e) => setFormat(e.target.value as typeof format)}>
                    <option value="JSON_SCHEMA">JSON Schema</option>
                    <option value="AVRO">Avro</option>
                  </select>
                </label>
                <label className="field">
                  Compatibility
                  <select value={compatibility} onChange={(e) => setCompatibility(e.target.value)}>
                    {["BACKWARD", "FORWARD", "FULL", "NONE"].map((c) => (
                      <option key={c}>{c}</option>
                    ))}
                  </select>
                </label>
              </div>
              <label className="field">
                First schema{" "}
                <span className="muted">
                  (classify fields with &quot;x-classification&quot;: &quot;PII&quot;)
                </span>
                <textarea
                  value={schema}
                  onChange={(e) => setSchema(e.target.value)}
                  rows={8}
                  spellCheck={false}
                  className="mono"
                />
              </label>
            </>
          ) : (
            <div className="row">
              <label className="field">
                {type === "TABLE" ? "Table (db.schema.table)" : "Path or URI"}
                <input value={address} onChange={(e) => setAddress(e.target.value)} required />
              </label>
              <label className="field">
                Server
                <input
                  value={server}
                  onChange={(e) => setServer(e.target.value)}
                  placeholder="postgres://warehouse:5432"
                />
              </label>
            </div>
          )}
          {(submit.error ?? schemaError) && (
            <p className="alert alert-error" role="alert">
              {submit.error?.message ?? schemaError}
            </p>
          )}
          <div className="row">
            <button type="submit" className="btn btn-primary" disabled={submit.isPending}>
              {submit.isPending ? "Adding…" : "Add port"}
            </button>
            <button type="button" className="btn" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
