/**
 * A port's address is a claim on a broker or storage resource. This module is the one place that
 * decides whether a claim holds: every path that gives a port an address (contract import, topic
 * registration, and port creation later) goes through `claimPortAddress`.
 *
 * The rules (security issue #11):
 * - a Kafka topic of the portal's cluster is exposed by at most one output port, whatever server
 *   string or alias a document names — the portal talks to one cluster, so Kafka ports are
 *   normalized onto it; a table or file is exposed by at most one port per normalized address;
 * - internal topics (`__…`) and the portal's own topics (`MESHPORT_*_TOPIC`) are never ports;
 * - a non-admin may only claim an address that no port exposes and that does not exist on the
 *   broker yet, or keep the one the port has; linking an existing topic is for admins;
 * - the address of a port with live grants does not change (its ACLs name the old topic).
 */
import { isAdmin, type CurrentUser } from "@/lib/auth/types";
import { AppError } from "@/lib/core/errors";
import { canSeeProduct } from "./permissions";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { PortType } from "@/lib/generated/prisma/enums";

type Tx = Prisma.TransactionClient;
export type { PortType };

export interface PortAddress {
  type: PortType;
  server: string;
  address: string;
}

export interface NormalizedPortAddress extends PortAddress {
  /** Equal for two addresses that name the same resource: the identity a claim is checked on. */
  key: string;
}

/** Grant states whose ACLs exist (or are being created or removed) on the broker. */
export const LIVE_GRANT_STATUSES = ["PROVISIONING", "ACTIVE", "FAILED", "REVOKING"] as const;

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
const LOOPBACK = new Set(["localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0", "ip6-localhost"]);
const DEFAULT_PORTS: Record<string, string> = {
  postgres: "5432",
  mysql: "3306",
  sqlserver: "1433",
  kafka: "9092",
  https: "443",
  http: "80",
};

function invalid(message: string): AppError {
  return new AppError("validation_failed", message, 422);
}

/** `scheme://host:port/rest` with the scheme and host lower-cased, loopback aliases as 127.0.0.1, default ports dropped. */
export function normalizeServer(server: string): string {
  const trimmed = server.trim().replace(/\/+$/, "");
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i.exec(trimmed);
  if (!match) return trimmed.toLowerCase();
  const scheme = match[1]!.toLowerCase().replace(/^postgresql$/, "postgres");
  const authority = match[2]!.toLowerCase().replace(/^[^@]*@/, "");
  const hostPort = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(authority);
  let host = hostPort?.[1] ?? authority;
  let port = hostPort?.[2];
  if (LOOPBACK.has(host)) host = "127.0.0.1";
  if (port && DEFAULT_PORTS[scheme] === String(Number(port))) port = undefined;
  return `${scheme}://${host}${port ? `:${Number(port)}` : ""}${match[3] ?? ""}`;
}

/** A file path or URI with `.`/`..` segments resolved, duplicate and trailing slashes dropped. */
function normalizeFilePath(address: string): string {
  const uri = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)(.*)$/i.exec(address.trim());
  const prefix = uri ? normalizeServer(uri[1]!) : "";
  const path = uri ? uri[2]! : address.trim();
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  return `${prefix}/${segments.join("/")}`;
}

/**
 * The canonical form of a port's address, given the portal's Kafka server string. Pure.
 * A Kafka topic name that Kafka itself would refuse is a 422.
 */
export function normalizePortAddress(input: PortAddress, kafkaServer: string): NormalizedPortAddress {
  const address = input.address.trim();
  switch (input.type) {
    case "KAFKA_TOPIC":
      if (!TOPIC_NAME.test(address) || address === "." || address === "..") {
        throw invalid(
          `address: "${address.slice(0, 80)}" is not a Kafka topic name (1–249 of a–z, A–Z, 0–9, ".", "_", "-")`,
        );
      }
      return { type: input.type, server: kafkaServer, address, key: `kafka:${address}` };
    // Tables and files keep the server string they were given (OpenLineage namespaces match it);
    // only their identity is normalized.
    case "TABLE":
      if (address === "") throw invalid("address: a table port needs its db.schema.table");
      return {
        type: input.type,
        server: input.server.trim(),
        address,
        key: `table:${normalizeServer(input.server)}/${address.toLowerCase()}`,
      };
    case "FILE":
      if (address === "") throw invalid("address: a file port needs its path or URI");
      return {
        type: input.type,
        server: input.server.trim(),
        address,
        key: `file:${normalizeServer(input.server)}|${normalizeFilePath(address)}`,
      };
  }
}

/** Why a topic can never be a port, or null. Pure. */
export function reservedTopicReason(topic: string, portalTopics: readonly string[]): string | null {
  if (topic.startsWith("__")) return `"${topic}" is an internal Kafka topic and can never be an output port`;
  if (portalTopics.includes(topic))
    return `"${topic}" is one of the portal's own topics and can never be an output port`;
  return null;
}

/** The ports (other than `exceptPortId`) that expose the same resource as `claim`. */
async function findPortsExposing(
  tx: Tx,
  claim: NormalizedPortAddress,
  kafkaServer: string,
  exceptPortId?: string,
) {
  // Narrow in SQL (indexed on type + address), decide on the normalized key in code.
  const address =
    claim.type === "KAFKA_TOPIC"
      ? { equals: claim.address }
      : claim.type === "TABLE"
        ? { equals: claim.address, mode: "insensitive" as const }
        : {
            endsWith: claim.address.replace(/\/+$/, "").split("/").pop() ?? "",
            mode: "insensitive" as const,
          };
  const candidates = await tx.outputPort.findMany({
    where: { type: claim.type, address, ...(exceptPortId ? { id: { not: exceptPortId } } : {}) },
    select: {
      id: true,
      name: true,
      type: true,
      server: true,
      address: true,
      product: { select: { slug: true, name: true, lifecycle: true, ownerTeamId: true } },
    },
  });
  return candidates.filter((p) => normalizePortAddress(p, kafkaServer).key === claim.key);
}

export interface ClaimContext {
  /** The portal's Kafka server string (`kafka://<brokers>`): every Kafka port lives there. */
  kafkaServer: string;
  /** The portal's own topics (events topic and any `MESHPORT_*_TOPIC`). */
  portalTopics: readonly string[];
  /**
   * Topics on the broker, read before the transaction (no transaction stays open while Kafka
   * answers). Needed when a non-admin claims a Kafka address; null when it was not read.
   */
  brokerTopics: ReadonlySet<string> | null;
}

/**
 * Decides whether `user` may give a port (`portId`, or a new one) the address `input`, inside the
 * transaction that then writes it. Serialized per resource with an advisory lock, so two
 * concurrent claims of one topic cannot both pass. Returns the normalized address to store.
 * 403 for a reserved topic or an existing topic claimed by a non-admin, 409 when another port
 * exposes it or the port's live grants pin its address.
 */
export async function claimPortAddress(
  tx: Tx,
  user: CurrentUser,
  input: PortAddress,
  ctx: ClaimContext,
  current?: { portId: string; type: PortType; server: string; address: string },
): Promise<NormalizedPortAddress> {
  const claim = normalizePortAddress(input, ctx.kafkaServer);
  if (claim.type === "KAFKA_TOPIC") {
    const reserved = reservedTopicReason(claim.address, ctx.portalTopics);
    if (reserved) throw AppError.forbidden(reserved);
  }
  // Keeping the address the port has is always allowed (a duplicate from before these rules is
  // reported at start, not held against whoever edits one of the ports).
  if (current !== undefined && normalizePortAddress(current, ctx.kafkaServer).key === claim.key) return claim;

  await tx.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock(hashtext(${`port-address:${claim.key}`}))`;
  const others = await findPortsExposing(tx, claim, ctx.kafkaServer, current?.portId);
  if (others.length > 0) {
    const other = others[0]!;
    // Someone else's draft is not named (it does not exist for the caller).
    throw AppError.conflict(
      canSeeProduct(user, other.product)
        ? `${describe(claim)} is already exposed by port "${other.name}" of the data product "${other.product.name}" (${other.product.slug})`
        : `${describe(claim)} is already exposed by another port: choose another address`,
    );
  }

  if (current) {
    const live = await tx.grant.count({
      where: { portId: current.portId, status: { in: [...LIVE_GRANT_STATUSES] } },
    });
    if (live > 0) {
      throw AppError.conflict(
        `Port "${current.address}" has ${live} live grant${live === 1 ? "" : "s"} provisioned on its current address; revoke them before moving it to ${describe(claim)}`,
      );
    }
  }
  if (claim.type === "KAFKA_TOPIC" && !isAdmin(user)) {
    if (!ctx.brokerTopics)
      // The ports changed since the caller decided it needed no broker read: ask again.
      throw AppError.conflict("The product's ports changed a moment ago: try again");
    if (ctx.brokerTopics.has(claim.address)) {
      throw AppError.forbidden(
        `Topic "${claim.address}" already exists on the broker and no port of yours exposes it; linking an existing topic is an admin action (Topics)`,
      );
    }
  }
  return claim;
}

function describe(claim: NormalizedPortAddress): string {
  return claim.type === "KAFKA_TOPIC"
    ? `Topic "${claim.address}"`
    : claim.type === "TABLE"
      ? `Table "${claim.address}" on ${claim.server || "(no server)"}`
      : `File "${claim.address}"`;
}

export interface AddressConflict {
  key: string;
  ports: { id: string; name: string; product: string; server: string; address: string }[];
}

/** What JavaScript's `String.prototype.trim` removes (WhiteSpace and LineTerminator), for SQL's btrim. */
const JS_TRIMMED =
  "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";

/**
 * Ports that expose the same resource after normalization, or a reserved topic — for the start-up
 * report. Narrowed in SQL, so a large catalog is not read into the server: the candidates are
 * Kafka ports sharing a trimmed address, table ports sharing one case-insensitively (and those
 * with non-ASCII names, whose case the database's locale may fold differently from JavaScript),
 * Kafka ports on a reserved topic, and every file port (a file's path is resolved in code, `..`
 * and all). Two ports with one normalized key are always among them; the keys decide in code.
 */
export async function findPortAddressConflicts(
  tx: Tx,
  kafkaServer: string,
  portalTopics: readonly string[],
): Promise<{ duplicates: AddressConflict[]; reserved: AddressConflict["ports"] }> {
  const ports = await tx.$queryRaw<(AddressConflict["ports"][number] & { type: PortType })[]>`
    WITH p AS (
      SELECT id, type,
             CASE type WHEN 'KAFKA_TOPIC' THEN btrim(address, ${JS_TRIMMED})
                       ELSE lower(btrim(address, ${JS_TRIMMED})) END AS k
        FROM output_ports
    ), shared AS (
      SELECT type, k FROM p WHERE type <> 'FILE' GROUP BY type, k HAVING count(*) > 1
    )
    SELECT o.id, o.name, o.type::text AS type, o.server, o.address, d.slug AS product
      FROM p
      JOIN output_ports o ON o.id = p.id
      JOIN data_products d ON d.id = o.product_id
     WHERE p.type = 'FILE'
        OR (p.type = 'TABLE' AND p.k !~ '^[\\x01-\\x7f]*$')
        OR (p.type = 'KAFKA_TOPIC' AND (starts_with(p.k, '__') OR p.k = ANY(${[...portalTopics]}::text[])))
        OR (p.type, p.k) IN (SELECT type, k FROM shared)
     ORDER BY o.created_at, o.id`;
  const groups = new Map<string, AddressConflict["ports"]>();
  const reserved: AddressConflict["ports"] = [];
  for (const port of ports) {
    let key: string;
    try {
      key = normalizePortAddress(port, kafkaServer).key;
    } catch {
      key = `invalid:${port.type}:${port.address}`;
    }
    const entry = {
      id: port.id,
      name: port.name,
      product: port.product,
      server: port.server,
      address: port.address,
    };
    if (port.type === "KAFKA_TOPIC" && reservedTopicReason(port.address.trim(), portalTopics))
      reserved.push(entry);
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  return {
    duplicates: [...groups]
      .filter(([, list]) => list.length > 1)
      .map(([key, list]) => ({ key, ports: list })),
    reserved,
  };
}
