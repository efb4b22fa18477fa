/**
 * The mesh-wide policy set (federated governance, computed): what every product must meet,
 * as data an admin can edit. Stored versioned in the database (issue 13, next step); these are
 * the defaults a fresh mesh starts with. Pure: the browser shows the same rules it is held to.
 */
import { z } from "zod";

const toggle = { enabled: z.boolean() };

export const PolicySetSchema = z
  .object({
    /** `{domain}`, `{name}` and `{major}` stand for the domain slug, a lowercase name and the major version. */
    topicNaming: z.object({
      ...toggle,
      template: z
        .string()
        .min(1)
        .max(200)
        .refine((t) => t.includes("{name}"), "must contain {name}"),
    }),
    partitions: z
      .object({ ...toggle, min: z.int().min(1), max: z.int().min(1).max(10_000) })
      .refine((p) => p.min <= p.max, "min must not exceed max"),
    /** Unless the topic is compacted (its retention is by key, not by time). */
    retentionHours: z
      .object({ ...toggle, min: z.number().positive(), max: z.number().positive() })
      .refine((r) => r.min <= r.max, "min must not exceed max"),
    /** Every Kafka port has a schema whose compatibility mode is not NONE. */
    schemaCompatibility: z.object(toggle),
    /** Every field classified PII says what it holds. */
    piiDescribed: z.object(toggle),
    /** The docs have a section headed "Purpose". */
    docsPurpose: z.object(toggle),
    /** A source-aligned product states a freshness SLA. */
    sourceFreshness: z.object(toggle),
    /** The owner team has at least this many members (nobody owns a product alone). */
    ownerTeamSize: z.object({ ...toggle, min: z.int().min(1).max(100) }),
  })
  .strict();
export type PolicySet = z.infer<typeof PolicySetSchema>;
export type PolicyId = keyof PolicySet;

export const DEFAULT_POLICIES: PolicySet = {
  topicNaming: { enabled: true, template: "{domain}.{name}.v{major}" },
  partitions: { enabled: true, min: 1, max: 12 },
  retentionHours: { enabled: true, min: 1, max: 30 * 24 },
  schemaCompatibility: { enabled: true },
  piiDescribed: { enabled: true },
  docsPurpose: { enabled: true },
  sourceFreshness: { enabled: true },
  ownerTeamSize: { enabled: true, min: 2 },
};

export const POLICY_LABELS: Record<PolicyId, string> = {
  topicNaming: "Topics follow the naming pattern",
  partitions: "Partitions within the allowed range",
  retentionHours: "Retention within the allowed range (compacted topics exempt)",
  schemaCompatibility: "Every Kafka port has a schema with a compatibility mode",
  piiDescribed: "Every PII field is described",
  docsPurpose: "The docs state the product's purpose",
  sourceFreshness: "Source-aligned products state a freshness SLA",
  ownerTeamSize: "The owner team has enough members",
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The template as a regular expression for one domain. */
export function topicPattern(template: string, domain: string): RegExp {
  const source = template
    .split(/(\{domain\}|\{name\}|\{major\})/)
    .map((part) =>
      part === "{domain}"
        ? escapeRegExp(domain)
        : part === "{name}"
          ? "[a-z0-9][a-z0-9-]*"
          : part === "{major}"
            ? "[1-9][0-9]*"
            : escapeRegExp(part),
    )
    .join("");
  return new RegExp(`^${source}$`);
}

/** The topic name the policy proposes for a new port (the publisher may edit it within the pattern). */
export function proposeTopicName(template: string, domain: string, name: string, major = 1): string {
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "events";
  return template
    .replaceAll("{domain}", domain)
    .replaceAll("{name}", slug)
    .replaceAll("{major}", String(major));
}
