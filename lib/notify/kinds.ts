/**
 * What the portal tells whom: each notification kind, the portal events that cause it, who hears
 * it, and its default channels. Pure and browser-safe (the settings page lists these).
 *
 * Audiences:
 * - `owners`: members of the product's owner team (for webhooks: that team);
 * - `requester`: the person who filed the access request (for webhooks: the consumer team);
 * - `consumers`: the members of the consumer team (for webhooks: that team);
 * - `followers`: members of teams holding a live grant on one of the product's ports, and people
 *   who watch the product (for webhooks: the holding teams);
 * - `team_owners`: the OWNER members of the team concerned (a team's own settings, e.g. webhooks).
 */
export type Audience = "owners" | "requester" | "consumers" | "followers" | "team_owners";

export interface NotificationKind {
  label: string;
  /** One line for the settings page: when it comes. */
  description: string;
  /** CloudEvents actions (type without `dev.meshport.`) that cause it. */
  actions: readonly string[];
  audience: readonly Audience[];
  inApp: boolean;
  email: boolean;
}

export const NOTIFICATION_KINDS = {
  "access.request_new": {
    label: "New access request",
    description: "Someone asks for access to one of your team's ports.",
    actions: ["access_request.created"],
    audience: ["owners"],
    inApp: true,
    email: true,
  },
  "access.request_cancelled": {
    label: "Access request withdrawn",
    description: "A requester withdrew a request to your team's product.",
    actions: ["access_request.cancelled"],
    audience: ["owners"],
    inApp: true,
    email: false,
  },
  "access.new_consumer": {
    label: "New consumer",
    description: "A grant on your team's product became active on Kafka.",
    actions: ["grant.active"],
    audience: ["owners"],
    inApp: true,
    email: false,
  },
  "access.provisioning_failed": {
    label: "Grant provisioning failed",
    description: "Kafka refused a grant's ACLs (yours, or one on your team's product).",
    actions: ["grant.failed"],
    audience: ["owners", "requester"],
    inApp: true,
    email: true,
  },
  "access.decision": {
    label: "Decision on your request",
    description: "Your access request was approved or denied (with the reason).",
    actions: ["access_request.approved", "access_request.denied"],
    audience: ["requester"],
    inApp: true,
    email: true,
  },
  "access.grant_active": {
    label: "Access active",
    description: "The ACLs of your grant are on Kafka: your team can read.",
    actions: ["grant.active"],
    audience: ["requester"],
    inApp: true,
    email: true,
  },
  "access.grant_expiring": {
    label: "Access expiring",
    description: "Your grant expires in 7 days, and again 1 day before.",
    actions: ["grant.expiring"],
    audience: ["requester"],
    inApp: true,
    email: true,
  },
  "access.grant_ended": {
    label: "Access ended",
    description: "Your grant was revoked or expired.",
    actions: ["grant.revoked", "grant.expired"],
    audience: ["requester"],
    inApp: true,
    email: true,
  },
  "access.grant_unused": {
    label: "Unused grant",
    description: "No consumer group of the team has read the port for a while.",
    actions: ["grant.unused"],
    audience: ["owners", "consumers"],
    inApp: true,
    email: false,
  },
  "product.schema_version": {
    label: "New schema version",
    description: "A product you use or watch has a new schema version (breaking or not).",
    actions: ["schema.version_added"],
    audience: ["followers"],
    inApp: true,
    email: false,
  },
  "product.deprecated": {
    label: "Product deprecated",
    description: "A product you use or watch is deprecated: its sunset and successor.",
    actions: ["product.deprecated"],
    audience: ["followers"],
    inApp: true,
    email: true,
  },
  "product.retired": {
    label: "Product retired",
    description: "A product you use or watch was retired.",
    actions: ["product.retired"],
    audience: ["followers"],
    inApp: true,
    email: true,
  },
  "contract.failing": {
    label: "Contract failing",
    description: "A rule of a port's data contract fails on the live stream.",
    actions: ["contract.rule_failing"],
    audience: ["owners", "followers"],
    inApp: true,
    email: true,
  },
  "contract.recovered": {
    label: "Contract recovered",
    description: "A failing rule of a port's data contract holds again.",
    actions: ["contract.rule_recovered"],
    audience: ["owners", "followers"],
    inApp: true,
    email: false,
  },
  "team.webhook_disabled": {
    label: "Webhook disabled",
    description: "One of your team's webhooks failed too often and was turned off.",
    actions: ["webhook.disabled"],
    audience: ["team_owners"],
    inApp: true,
    email: true,
  },
} as const satisfies Record<string, NotificationKind>;

export type NotificationKindKey = keyof typeof NOTIFICATION_KINDS;
export const NOTIFICATION_KIND_KEYS = Object.keys(NOTIFICATION_KINDS) as NotificationKindKey[];

export function isNotificationKind(value: string): value is NotificationKindKey {
  return Object.hasOwn(NOTIFICATION_KINDS, value);
}

/** The kinds an event causes, each with the audiences it reaches (one event may mean two things). */
export function kindsForAction(
  action: string,
): { kind: NotificationKindKey; audience: readonly Audience[] }[] {
  return NOTIFICATION_KIND_KEYS.filter((k) =>
    (NOTIFICATION_KINDS[k].actions as readonly string[]).includes(action),
  ).map((kind) => ({ kind, audience: NOTIFICATION_KINDS[kind].audience }));
}

export interface ChannelChoice {
  inApp: boolean;
  email: boolean;
}

/** A user's channels for a kind: their saved choice, else the kind's default. */
export function channelsFor(
  kind: NotificationKindKey,
  saved: ReadonlyMap<string, ChannelChoice> | undefined,
): ChannelChoice {
  return saved?.get(kind) ?? { inApp: NOTIFICATION_KINDS[kind].inApp, email: NOTIFICATION_KINDS[kind].email };
}
