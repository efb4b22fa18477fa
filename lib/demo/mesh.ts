/**
 * Long by nature: this file is data (every demo product with its docs, ports and fields), not
 * logic; split by domain it would only scatter one catalog over seven files.
 *
 * The deterministic demo mesh of "Northwind Goods", an online retailer selling across Europe:
 * 7 domains and ~50 data products whose input ports form lineage chains across domains
 * (orders → payments → finance → marketing …). Pure data; the seed, the demo producer and the
 * tests read it. No clocks, no randomness: every run of the demo shows the same catalog.
 */
import type { FieldSpec, FieldSpecType } from "@/lib/catalog/field-spec";
import type { Classification } from "@/lib/generated/prisma/enums";
import type { DemoDomain, DemoOutputPort, DemoProduct } from "./mesh-types";

// ─── Building blocks ────────────────────────────────────────────────────────

type FieldOptions = Pick<FieldSpec, "classification" | "fields" | "items" | "enum">;

/** A field every record carries. */
function req(name: string, type: FieldSpecType, description: string, options: FieldOptions = {}): FieldSpec {
  return { name, type, description, required: true, ...options };
}

/** A field that may be absent (JSON Schema) or null (Avro). */
function opt(name: string, type: FieldSpecType, description: string, options: FieldOptions = {}): FieldSpec {
  return { name, type, description, required: false, ...options };
}

const PII: { classification: Classification } = { classification: "PII" };
const CONFIDENTIAL: { classification: Classification } = { classification: "CONFIDENTIAL" };

/**
 * Markdown written indented inside the source: strips the common indentation (which markdown
 * would otherwise read as code blocks) and the surrounding blank lines.
 */
function md(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ""), "");
  const lines = text.replace(/^\n/, "").trimEnd().split("\n");
  const indent = Math.min(
    ...lines.filter((l) => l.trim() !== "").map((l) => l.length - l.trimStart().length),
  );
  return lines.map((l) => l.slice(indent)).join("\n");
}

const CURRENCIES = ["EUR", "GBP", "SEK", "PLN"];
const CHANNELS = ["WEB", "APP", "MARKETPLACE"];
const CARRIERS = ["DHL", "DPD", "UPS", "POSTNL", "ROYAL_MAIL"];
const PAYMENT_METHODS = ["CARD", "PAYPAL", "KLARNA", "APPLE_PAY", "GOOGLE_PAY", "BANK_TRANSFER"];
const PSPS = ["ADYEN", "STRIPE", "PAYPAL", "KLARNA"];

const common = {
  eventId: () =>
    req("eventId", "string", "Unique id of the event (UUID). Delivery is at-least-once: deduplicate on it."),
  occurredAt: (description = "When it happened in the source system (UTC).") =>
    req("occurredAt", "timestamp", description),
  customerId: (
    description = "Customer id (`cus_…`), stable for the customer's lifetime; the join key across the mesh.",
  ) => req("customerId", "string", description),
  optionalCustomerId: (
    description = "Customer id (`cus_…`); absent for anonymous visitors and guest checkouts.",
  ) => opt("customerId", "string", description),
  orderId: (description = "Order id (`ord_…`), assigned at checkout.") =>
    req("orderId", "string", description),
  currency: () =>
    req("currency", "string", "ISO 4217 code of every amount in the record.", { enum: CURRENCIES }),
  country: (description = "ISO 3166-1 alpha-2 country code.") => req("country", "string", description),
  amount: (name: string, description: string, options: FieldOptions = {}) =>
    req(name, "number", `${description} Two decimals, in \`currency\`.`, options),
  email: (description = "Email address, lower-cased.") => req("email", "string", description, PII),
  firstName: () => req("firstName", "string", "Given name.", PII),
  ipAddress: (description = "Client IP address (v4 or v6).") => req("ipAddress", "string", description, PII),
  userAgent: () => opt("userAgent", "string", "Browser or app user agent string."),
  sku: () => req("sku", "string", "Stock keeping unit (`SKU-12345`)."),
  channel: () => req("channel", "string", "Sales channel the order came through.", { enum: CHANNELS }),
  carrier: () => req("carrier", "string", "Parcel carrier.", { enum: CARRIERS }),
  method: () => req("method", "string", "Payment method chosen by the shopper.", { enum: PAYMENT_METHODS }),
  psp: () => req("psp", "string", "Payment service provider that processed it.", { enum: PSPS }),
  warehouseId: () => req("warehouseId", "string", "Fulfilment centre (`WH-AMS-1`, `WH-BER-2`, …)."),
  /** A postal address: every line identifies a person's home, hence PII. */
  address: (name: string, description: string, required = true): FieldSpec =>
    (required ? req : opt)(name, "object", description, {
      classification: "PII",
      fields: [
        req("street", "string", "Street and house number.", PII),
        req("city", "string", "City or town.", PII),
        req("postcode", "string", "Postal code in the country's format.", PII),
        req("country", "string", "ISO 3166-1 alpha-2 country code."),
      ],
    }),
  /** The customer as seen at checkout (also for guests, whose id starts with `gst_`). */
  customer: (): FieldSpec =>
    req("customer", "object", "The buyer at the time of the order.", {
      fields: [
        req("id", "string", "Customer id (`cus_…`, or `gst_…` for a guest checkout)."),
        req("email", "string", "Email the confirmation was sent to.", PII),
        req("name", "string", "Full name as entered at checkout.", PII),
      ],
    }),
  lineItems: (description = "Order lines, in basket order."): FieldSpec =>
    req("items", "array", description, {
      fields: [
        req("sku", "string", "Stock keeping unit (`SKU-12345`)."),
        req("productName", "string", "Product name at the time of purchase."),
        req("quantity", "integer", "Units ordered, ≥ 1."),
        req("unitPrice", "number", "Price per unit including VAT, two decimals."),
      ],
    }),
};

interface KafkaSpec {
  name: string;
  topic: string;
  description: string;
  recordName: string;
  fields: FieldSpec[];
  keyField: string;
  eventsPerSecond: number;
  /** Avro for the high-volume, long-lived contracts; JSON Schema elsewhere. */
  avro?: boolean;
  compatibility?: DemoOutputPort["compatibility"];
  faults?: DemoOutputPort["faults"];
  quality?: DemoOutputPort["quality"];
}

function kafka(spec: KafkaSpec): DemoOutputPort {
  const { topic, avro, ...rest } = spec;
  return {
    ...rest,
    type: "KAFKA_TOPIC",
    address: topic,
    format: avro ? "avro" : "json",
    schemaFormat: avro ? "AVRO" : "JSON_SCHEMA",
    compatibility: spec.compatibility ?? "BACKWARD",
  };
}

interface BatchSpec {
  name: string;
  address: string;
  description: string;
  recordName: string;
  fields: FieldSpec[];
  format?: "parquet" | "csv";
}

/** A warehouse table (`warehouse.<domain>.<table>`), stored as Iceberg/parquet. */
function table(spec: BatchSpec): DemoOutputPort {
  const { format, ...rest } = spec;
  return {
    ...rest,
    type: "TABLE",
    format: format ?? "parquet",
    schemaFormat: "JSON_SCHEMA",
    compatibility: "BACKWARD",
  };
}

/** Files dropped under an object-store prefix, one partition per day. */
function file(spec: BatchSpec): DemoOutputPort {
  const { format, ...rest } = spec;
  return {
    ...rest,
    type: "FILE",
    format: format ?? "parquet",
    schemaFormat: "JSON_SCHEMA",
    compatibility: "FULL",
  };
}

function sla(
  freshness: string,
  availability: string,
  retention: string,
  latency?: string,
): DemoProduct["serviceLevels"] {
  return latency ? { freshness, availability, retention, latency } : { freshness, availability, retention };
}

const TERMS_PII =
  "Contains personal data (GDPR). Use it only for the purpose approved in your access request, never copy PII into another product without a privacy review, and apply erasure requests within 30 days.";
const TERMS_INTERNAL =
  "Internal to Northwind Goods. Do not share outside the company; cite the product when you publish numbers derived from it.";
const TERMS_FINANCIAL =
  "Financially sensitive. Figures are not final until month-end close; do not publish them externally before the earnings release.";

// ─── Domains ────────────────────────────────────────────────────────────────

export const DEMO_DOMAINS: readonly DemoDomain[] = [
  {
    slug: "orders",
    name: "Orders",
    description:
      "Carts, checkout, orders and returns: everything from a shopper's basket to a completed order.",
  },
  {
    slug: "payments",
    name: "Payments",
    description: "Authorizations, captures, refunds, chargebacks, PSP payouts and the payment ledger.",
  },
  {
    slug: "shipping",
    name: "Shipping",
    description: "Fulfilment centres, stock, shipments, carriers and delivery tracking.",
  },
  {
    slug: "customers",
    name: "Customers",
    description: "Customer profiles, consent, identity and data-subject requests.",
  },
  {
    slug: "marketing",
    name: "Marketing",
    description: "Clickstream, campaigns, attribution, segmentation and marketing performance.",
  },
  {
    slug: "finance",
    name: "Finance",
    description: "Revenue recognition, general ledger, tax, cash reconciliation and executive reporting.",
  },
  {
    slug: "platform",
    name: "Platform",
    description: "Data about the mesh itself: platform usage, governance and compliance tooling.",
  },
];

// ─── Customers ──────────────────────────────────────────────────────────────

const CUSTOMERS: DemoProduct[] = [
  {
    slug: "customer-profiles",
    name: "Customer Profiles",
    domain: "customers",
    ownerTeam: "customers",
    kind: "SOURCE_ALIGNED",
    lifecycle: "ACTIVE",
    summary: "Change events of every customer account: identity, contact details, address and preferences.",
    tags: ["pii", "gdpr", "customers", "real-time", "cdc"],
    serviceLevels: sla("< 5 s", "99.9 %", "compacted (latest per customer), history 30 days"),
    termsOfUse: TERMS_PII,
    description: md`
      ## Purpose

      The system of record for **who our customers are**. The account service emits one event each
      time a customer signs up, edits their account or closes it.

      ## Semantics

      - Keyed by \`customerId\`; the topic is **compacted**, so the latest event per key is the current profile.
      - \`eventType\` is \`CREATED\`, \`UPDATED\` or \`DELETED\`. Every event carries the full profile, not a diff.
      - A \`DELETED\` event is followed by a tombstone after 24 h.

      ## How to consume

      ~~~properties
      group.id=<your-team>.customer-profiles
      auto.offset.reset=earliest   # replay to rebuild a full customer table
      ~~~

      ## Caveats

      - Email, names, phone, date of birth and address are **PII**: request access with a clear purpose
        and propagate deletions (see _Data Erasure Requests_).
      - Guest checkouts never appear here; they only exist on _Order Events_.
    `,
    outputPorts: [
      kafka({
        name: "profile-events",
        topic: "customers.profile-events.v1",
        description: "Full customer profile on every change; compacted by customer id.",
        recordName: "CustomerProfileChanged",
        avro: true,
        keyField: "customerId",
        eventsPerSecond: 0.3,
        fields: [
          common.eventId(),
          req("eventType", "string", "What happened to the account.", {
            enum: ["CREATED", "UPDATED", "DELETED"],
          }),
          common.occurredAt(),
          common.customerId(),
          common.email("Login and contact email, lower-cased."),
          common.firstName(),
          req("lastName", "string", "Family name.", PII),
          opt("phone", "string", "Mobile number in E.164 format.", PII),
          opt(
            "dateOfBirth",
            "date",
            "Date of birth, if the customer gave it (age checks, birthday offers).",
            PII,
          ),
          req("locale", "string", "Preferred language as a BCP 47 tag, e.g. `en-GB`."),
          common.address("address", "Default delivery address.", false),
          req(
            "marketingOptIn",
            "boolean",
            "Snapshot of the email marketing consent; *Customer Consents* is authoritative.",
          ),
          req("loyaltyTier", "string", "Loyalty programme tier.", {
            enum: ["NONE", "SILVER", "GOLD", "PLATINUM"],
          }),
          req("createdAt", "timestamp", "When the account was created."),
        ],
      }),
    ],
    inputs: [],
  },
  {
    slug: "customer-consents",
    name: "Customer Consents",
    domain: "customers",
    ownerTeam: "customers",
    kind: "SOURCE_ALIGNED",
    lifecycle: "ACTIVE",
    summary: "Every grant and withdrawal of consent, per customer and purpose, with its legal evidence.",
    tags: ["pii", "gdpr", "consent", "compliance", "real-time"],
    serviceLevels: sla("< 2 s", "99.95 %", "7 years (legal evidence)"),
    termsOfUse: `${TERMS_PII} Marketing products must check the latest consent before every send.`,
    description: md`
      ## Purpose

      The legal record of **what each customer agreed to**. Whenever a customer ticks or unticks a
      box (cookie banner, account settings, unsubscribe link, customer service), one event lands here.

      ## Semantics

      | purpose                             | meaning                               |
      | ----------------------------------- | ------------------------------------- |
      | \`MARKETING_EMAIL\` / \`MARKETING_SMS\` | newsletters and campaigns per channel |
      | \`PERSONALISATION\`                   | recommendations based on behaviour    |
      | \`ANALYTICS\`                         | non-essential tracking on web and app |
      | \`THIRD_PARTY_SHARING\`               | sharing with advertising partners     |

      The current state of a purpose is the **latest** event for \`(customerId, purpose)\`.
      Events are keyed by \`customerId\`, so per-customer order is guaranteed.

      ## How to consume

      Keep a table of the latest consent per customer and purpose and check it at the moment of use,
      not at the moment of segmentation.

      ## Caveats

      - No event means **no consent**.
      - \`ipAddress\` is kept as evidence and is PII.
    `,
    outputPorts: [
      kafka({
        name: "consent-changes",
        topic: "customers.consent-changes.v1",
        description: "One event per consent grant or withdrawal.",
        recordName: "ConsentChanged",
        keyField: "customerId",
        eventsPerSecond: 0.2,
        compatibility: "FULL",
        fields: [
          req("consentId", "string", "Id of this consent record (`cns_…`)."),
          common.customerId(),
          req("purpose", "string", "What the consent is for.", {
            enum: ["MARKETING_EMAIL", "MARKETING_SMS", "PERSONALISATION", "ANALYTICS", "THIRD_PARTY_SHARING"],
          }),
          req("granted", "boolean", "true when given, false when withdrawn."),
          req("channel", "string", "Where the customer gave or withdrew it.", {
            enum: ["WEB", "APP", "EMAIL_LINK", "CUSTOMER_SERVICE"],
          }),
          req("policyVersion", "string", "Version of the privacy notice shown, e.g. `2026-03`."),
          opt("ipAddress", "string", "IP address the change came from, kept as legal evidence.", PII),
          common.userAgent(),
          req("changedAt", "timestamp", "When the customer made the change."),
        ],
      }),
    ],
    inputs: [],
  },
  {
    slug: "customer-sign-ins",
    name: "Customer Sign-ins",
    domain: "customers",
    ownerTeam: "customers",
    kind: "SOURCE_ALIGNED",
    lifecycle: "EXPERIMENTAL",
    summary: "Successful and failed sign-in attempts on web and app, with device and network details.",
    tags: ["pii", "security", "real-time", "customers"],
    serviceLevels: sla("< 5 s", "99.5 %", "90 days"),
    termsOfUse: `${TERMS_PII} Security and fraud use only; not for marketing.`,
    description: md`
      ## Purpose

      Authentication events from the identity service, published so that fraud detection and the
      identity graph do not have to scrape its logs.

      ## Semantics

      - One event per attempt; \`outcome\` tells success from \`WRONG_PASSWORD\`, \`MFA_FAILED\` and \`LOCKED\`.
      - \`email\` is what was typed, so failed attempts may carry addresses that belong to nobody.
      - \`country\` is derived from the IP address and can be wrong behind VPNs.

      ## How to consume

      Key is \`customerId\`; for unknown emails it is the hash \`unk_<sha256>\` so that brute-force
      attempts on one address still land on one partition.

      ## Caveats

      - **Experimental:** the schema may change without a version bump until the identity service
        migration finishes (planned Q3).
      - Retention is 90 days, by agreement with the data protection officer.
    `,
    outputPorts: [
      kafka({
        name: "sign-in-events",
        topic: "customers.sign-in-events.v1",
        description: "Every sign-in attempt with its outcome.",
        recordName: "SignInAttempted",
        keyField: "customerId",
        eventsPerSecond: 0.3,
        compatibility: "NONE",
        fields: [
          common.eventId(),
          common.customerId("Customer id, or `unk_<sha256>` when the email matches no account."),
          common.email("Email as typed on the sign-in form."),
          req("outcome", "string", "Result of the attempt.", {
            enum: ["SUCCESS", "WRONG_PASSWORD", "MFA_FAILED", "LOCKED"],
          }),
          req("mfaUsed", "boolean", "Whether a second factor was requested."),
          common.ipAddress(),
          req("device", "object", "Device fingerprint summary.", {
            fields: [
              req("type", "string", "Device class.", { enum: ["DESKTOP", "MOBILE", "TABLET"] }),
              req("os", "string", "Operating system family."),
              req("browser", "string", "Browser or app name."),
            ],
          }),
          opt("country", "string", "Country derived from the IP address (ISO 3166-1 alpha-2)."),
          common.occurredAt(),
        ],
      }),
    ],
    inputs: [],
  },
  {
    slug: "data-erasure-requests",
    name: "Data Erasure Requests",
    domain: "customers",
    ownerTeam: "customers",
    kind: "SOURCE_ALIGNED",
    lifecycle: "ACTIVE",
    summary: "GDPR right-to-erasure requests that every product holding personal data must act on.",
    tags: ["gdpr", "pii", "compliance", "privacy"],
    serviceLevels: sla("< 1 min", "99.9 %", "5 years (proof of compliance)"),
    termsOfUse:
      "Every team whose product holds PII must consume this product and erase the customer within 30 days.",
    description: md`
      ## Purpose

      Customers may ask us to delete their personal data (GDPR article 17). This product broadcasts
      those requests so that **every** data product holding PII can act on them.

      ## Semantics

      - Keyed by \`requestId\`; a request moves \`RECEIVED\` → \`IN_PROGRESS\` → \`COMPLETED\` (or \`REJECTED\`,
        e.g. while an order is still open).
      - \`dueBy\` is the legal deadline: 30 days after the request.
      - \`scope\` lists the systems the customer named; empty means _everything_.

      ## How to consume

      1. Subscribe with your team's group.
      2. Delete or anonymise the customer's rows in your product.
      3. Report completion on _Erasure Propagation Status_ (platform).

      ## Caveats

      Legal holds (open chargebacks, tax records) win over erasure: Finance and Payments keep
      pseudonymised records until the hold ends.
    `,
    outputPorts: [
      kafka({
        name: "erasure-requests",
        topic: "customers.erasure-requests.v1",
        description: "Erasure requests and their status changes.",
        recordName: "ErasureRequested",
        keyField: "requestId",
        eventsPerSecond: 0.2,
        fields: [
          req("requestId", "string", "Id of the request (`req_…`)."),
          common.customerId(),
          common.email("Email of the account to erase, to find it in systems keyed by email."),
          req("receivedVia", "string", "Where the request came in.", {
            enum: ["ACCOUNT_SETTINGS", "EMAIL", "CUSTOMER_SERVICE"],
          }),
          req("scope", "array", "Systems the request covers; empty for all.", { items: "string" }),
          req("status", "string", "Processing status.", {
            enum: ["RECEIVED", "IN_PROGRESS", "COMPLETED", "REJECTED"],
          }),
          req("requestedAt", "timestamp", "When the customer asked."),
          req("dueBy", "date", "Legal deadline for completion."),
        ],
      }),
    ],
    inputs: [],
  },
  {
    slug: "customer-360",
    name: "Customer 360",
    domain: "customers",
    ownerTeam: "customers",
    kind: "AGGREGATE",
    lifecycle: "ACTIVE",
    summary: "One current row per customer joining profile, consent, order history and returns.",
    tags: ["pii", "customers", "kpi", "golden-record"],
    serviceLevels: sla(
      "< 1 min (topic), daily 04:00 UTC (table)",
      "99.9 %",
      "compacted; table keeps 2 years of daily snapshots",
    ),
    termsOfUse: TERMS_PII,
    description: md`
      ## Purpose

      The **golden record** of a customer: who they are, what they consented to and how they buy.
      Built so that nobody else has to join four topics to answer "who is this customer?".

      ## Semantics

      - \`orderCount\`, \`lifetimeRevenue\` and \`returnCount\` count completed orders only, in EUR.
      - \`marketingConsent\` is the latest \`MARKETING_EMAIL\` consent.
      - The topic emits a new row whenever any input changes the customer; the table is a daily snapshot.

      ## How to consume

      ~~~sql
      select customer_id, loyalty_tier, lifetime_revenue
      from warehouse.customers.customer_360
      where snapshot_date = current_date - 1;
      ~~~

      ## Caveats

      - Guest orders are not attributed to accounts, even with the same email.
      - \`lifetimeRevenue\` is **confidential**: do not show it to customer service agents.
    `,
    outputPorts: [
      kafka({
        name: "snapshot",
        topic: "customers.customer-360.v1",
        description: "Current customer record on every change; compacted by customer id.",
        recordName: "Customer360",
        avro: true,
        keyField: "customerId",
        eventsPerSecond: 0.1,
        fields: customer360Fields(),
      }),
      table({
        name: "warehouse-table",
        address: "warehouse.customers.customer_360",
        description: "Daily snapshot of the customer record, partitioned by snapshot date.",
        recordName: "Customer360Row",
        fields: [req("snapshotDate", "date", "Day of the snapshot."), ...customer360Fields()],
      }),
    ],
    inputs: [
      "customer-profiles/profile-events",
      "customer-consents/consent-changes",
      "order-events/order-events",
      "order-returns/return-requests",
    ],
  },
  {
    slug: "customer-identity-graph",
    name: "Customer Identity Graph",
    domain: "customers",
    ownerTeam: "customers",
    kind: "AGGREGATE",
    lifecycle: "EXPERIMENTAL",
    summary: "Links anonymous web visitors and devices to known customer accounts.",
    tags: ["pii", "identity", "experimental", "customers"],
    serviceLevels: sla("daily 05:00 UTC", "99 %", "13 months"),
    termsOfUse: `${TERMS_PII} Only for analytics with the ANALYTICS consent; never for re-identification of opted-out visitors.`,
    description: md`
      ## Purpose

      Stitches the anonymous ids of _Web Clickstream_ to customer accounts using sign-ins, so that
      journeys that start anonymously can be analysed per customer.

      ## Semantics

      - One row per customer with every anonymous id seen on a signed-in session.
      - \`confidence\` is 1.0 for deterministic links (sign-in on the same device) and lower for
        probabilistic ones.

      ## How to consume

      Join \`anonymousIds\` (unnest it) to \`anonymousId\` in the clickstream.

      ## Caveats

      - **Experimental**: the matching rules are still being tuned; expect rows to change meaning.
      - Visitors without the \`ANALYTICS\` consent are excluded, which biases journey analyses.
      - \`emailSha256\` is pseudonymised, not anonymous: it is still personal data.
    `,
    outputPorts: [
      table({
        name: "identity-table",
        address: "warehouse.customers.identity_graph",
        description: "One row per customer with linked anonymous ids.",
        recordName: "IdentityGraphRow",
        fields: [
          common.customerId(),
          req(
            "emailSha256",
            "string",
            "SHA-256 of the normalised email, for matching with ad platforms.",
            PII,
          ),
          req("anonymousIds", "array", "Cookie/device ids linked to the customer.", {
            items: "string",
            classification: "PII",
          }),
          req("deviceCount", "integer", "Distinct devices seen."),
          req("firstSeenAt", "timestamp", "First activity on any linked id."),
          req("lastSeenAt", "timestamp", "Latest activity on any linked id."),
          req("confidence", "number", "Confidence of the weakest link, 0–1."),
        ],
      }),
    ],
    inputs: [
      "customer-sign-ins/sign-in-events",
      "customer-profiles/profile-events",
      "web-clickstream/page-views",
    ],
  },
];

function customer360Fields(): FieldSpec[] {
  return [
    common.customerId(),
    common.email(),
    req("fullName", "string", "First and last name.", PII),
    common.country("Country of the default address."),
    req("loyaltyTier", "string", "Loyalty programme tier.", { enum: ["NONE", "SILVER", "GOLD", "PLATINUM"] }),
    opt("firstOrderAt", "timestamp", "First completed order."),
    opt("lastOrderAt", "timestamp", "Latest completed order."),
    req("orderCount", "integer", "Completed orders."),
    req(
      "lifetimeRevenue",
      "number",
      "Net revenue of completed orders minus returns, EUR, two decimals.",
      CONFIDENTIAL,
    ),
    req("returnCount", "integer", "Returns requested."),
    req("marketingConsent", "boolean", "Latest MARKETING_EMAIL consent."),
    req("updatedAt", "timestamp", "When the record last changed."),
  ];
}

// ─── Orders ─────────────────────────────────────────────────────────────────

const ORDERS: DemoProduct[] = [
  {
    slug: "order-events",
    name: "Order Events",
    domain: "orders",
    ownerTeam: "orders",
    kind: "SOURCE_ALIGNED",
    lifecycle: "ACTIVE",
    summary: "Every order placed, confirmed, cancelled or completed on web, app and marketplaces.",
    tags: ["orders", "pii", "real-time", "core"],
    serviceLevels: sla("< 5 s", "99.95 %", "7 days", "p99 < 500 ms from checkout"),
    termsOfUse: TERMS_PII,
    description: md`
      ## Purpose

      The heartbeat of the shop: the order service publishes the **full order** each time its
      lifecycle moves. Most of the mesh (payment, shipping, finance, marketing) starts here.

      ## Semantics

      | eventType   | when                                                       |
      | ----------- | ---------------------------------------------------------- |
      | \`PLACED\`    | the shopper pressed _Buy_; stock is reserved               |
      | \`CONFIRMED\` | payment authorised, order accepted                         |
      | \`CANCELLED\` | by the shopper, customer service or a failed authorization |
      | \`COMPLETED\` | every parcel delivered and the return window closed        |

      - Keyed by \`orderId\`: all events of an order are ordered.
      - \`totalAmount\` = sum of \`items[].quantity × unitPrice\` + \`shippingFee\`, VAT included.

      ## How to consume

      Filter on \`eventType\`; do not infer state from event counts. For the current state of an order
      use _Order Status_ instead.

      ## Caveats

      - \`customer\` and \`shippingAddress\` are PII.
      - Marketplace orders arrive up to 15 minutes late.
    `,
    outputPorts: [
      kafka({
        name: "order-events",
        topic: "orders.order-events.v1",
        description: "Order lifecycle events with the full order.",
        recordName: "OrderEvent",
        avro: true,
        keyField: "orderId",
        eventsPerSecond: 1,
        fields: [
          common.eventId(),
          req("eventType", "string", "Lifecycle step.", {
            enum: ["PLACED", "CONFIRMED", "CANCELLED", "COMPLETED"],
          }),
          common.occurredAt(),
          common.orderId(),
          common.customer(),
          common.lineItems(),
          common.currency(),
          common.amount("shippingFee", "Delivery fee charged."),
          common.amount("totalAmount", "Order total including VAT and shipping."),
          common.address("shippingAddress", "Where the order is delivered."),
          common.channel(),
          opt("couponCode", "string", "Voucher redeemed, if any."),
        ],
      }),
    ],
    inputs: [],
  },
  {
    slug: "checkout-sessions",
    name: "Checkout Sessions",
    domain: "orders",
    ownerTeam: "orders",
    kind: "SOURCE_ALIGNED",
    lifecycle: "ACTIVE",
    summary: "Progress of every checkout through its steps, including the ones that never become orders.",
    tags: ["orders", "funnel", "real-time", "pii"],
    serviceLevels: sla("< 10 s", "99.5 %", "7 days"),
    termsOfUse: TERMS_PII,
    description: md`
      ## Purpose

      Funnel data for the checkout: one event each time a session reaches a new step, so drop-off
      between address, shipping and payment selection can be measured.

      ## Semantics

      - Keyed by \`sessionId\`; \`step\` only moves forward within a session.
      - \`abandoned\` becomes true after 30 minutes without activity; a later event may revive it.
      - \`cartValue\` is the basket value at that step, before shipping.

      ## How to consume

      ~~~sql
      -- drop-off per step, yesterday
      select step, count(*) from checkout_sessions
      where abandoned and date(updated_at) = current_date - 1 group by step;
      ~~~

      ## Caveats

      - \`customerId\` is absent for guest checkouts.
      - \`ipAddress\` is PII; aggregate before sharing.
    `,
    outputPorts: [
      kafka({
        name: "checkout-sessions",
        topic: "orders.checkout-sessions.v1",
        description: "Checkout step changes per session.",
        recordName: "CheckoutSessionUpdated",
        keyField: "sessionId",
        eventsPerSecond: 0.5,
        fields: [
          req("sessionId", "string", "Checkout session id (`ses_…`)."),
          common.optionalCustomerId(),
          req("step", "string", "Furthest step reached.", {
            enum: ["CART", "ADDRESS", "SHIPPING", "PAYMENT", "REVIEW", "CONFIRMED"],
          }),
          common.amount("cartValue", "Basket value before shipping."),
          common.currency(),
          common.ipAddress(),
          common.userAgent(),
          req("startedAt", "timestamp", "When the checkout started."),
          req("updatedAt", "timestamp", "When this step was reached."),
          req("abandoned", "boolean", "No activity for 30 minutes."),
        ],
      }),
    ],
    inputs: [],
  },
  {
    slug: "cart-events",
    name: "Cart Events",
    domain: "orders",
    ownerTeam: "orders",
    kind: "SOURCE_ALIGNED",
    lifecycle: "ACTIVE",
    summary: "Items added to, removed from and updated in shopping carts, as they happen.",
    tags: ["orders", "real-time", "behavioural", "high-volume"],
    serviceLevels: sla("< 2 s", "99.5 %", "3 days"),
    termsOfUse: TERMS_INTERNAL,
    description: md`
      ## Purpose

      Raw basket activity from the cart service: the earliest signal of purchase intent, used for
      abandoned-cart recovery and demand forecasting.

      ## Semantics

      - One event per action; keyed by \`cartId\` so a cart's events are ordered.
      - \`quantity\` is the **new** quantity of the line for \`UPDATE_QUANTITY\` and the delta otherwise.
      - Carts of anonymous visitors have no \`customerId\`; the cart is merged when they sign in.

      ## How to consume

      Fold events per \`cartId\` to get a cart's content. Retention is only **3 days**: keep your own
      state if you need more.

      ## Caveats

      - The highest-volume topic of the Orders domain; budget partitions accordingly.
      - Prices are display prices and may differ from the final order.
    `,
    outputPorts: [
      kafka({
        name: "cart-events",
        topic: "orders.cart-events.v1",
        description: "Cart line changes.",
        recordName: "CartChanged",
        keyField: "cartId",
        eventsPerSecond: 1.5,
        // The demo's broken producer: a newcomer sees a failing contract rule and its incident
        // (about 5 bad events in a one-minute window: one without any is rare, 1 in 250).
        faults: { share: 0.06, drop: "currency" },
        quality: {
          "": [
            {
              type: "library",
              metric: "rowCount",
              mustBeGreaterThan: 0,
              description: "The cart service is sending.",
            },
          ],
          currency: [
            { type: "library", metric: "nullValues", mustBe: 0, unit: "rows", dimension: "completeness" },
          ],
          eventId: [{ type: "library", metric: "duplicateValues", mustBe: 0, dimension: "uniqueness" }],
        },
        fields: [
          common.eventId(),
          req("cartId", "string", "Cart id (`cart_…`)."),
          common.optionalCustomerId(),
          req("action", "string", "What the shopper did.", {
            enum: ["ADD_ITEM", "REMOVE_ITEM", "UPDATE_QUANTITY", "CLEAR"],
          }),
          common.sku(),
          req("quantity", "integer", "Units (see docs for the meaning per action)."),
          common.amount("unitPrice", "Displayed price per unit."),
          common.currency(),
          common.occurredAt(),
        ],
      }),
    ],
    inputs: [],
  },
  {
    slug: "order-returns",
    name: "Order Returns",
    domain: "orders",
    ownerTeam: "orders",
    kind: "SOURCE_ALIGNED",
    lifecycle: "ACTIVE",
    summary: "Return requests per order line with reasons, method and expected refund.",
    tags: ["orders", "returns", "real-time", "customer-experience"],
    serviceLevels: sla("< 30 s", "99.9 %", "30 days"),
    termsOfUse: TERMS_INTERNAL,
    description: md`
      ## Purpose

      Returns from the returns portal and customer service. Feeds refunds, customer analytics and
      the margin reports.

      ## Semantics

      - Keyed by \`returnId\`; a return moves \`REQUESTED\` → \`APPROVED\` → \`RECEIVED\` (or \`REJECTED\`).
      - \`refundAmount\` is what the customer will get back once the parcel is received, including
        the original shipping fee when the whole order is returned.
      - \`items[].reason\` is chosen by the customer from a fixed list.

      ## How to consume

      Issue refunds on \`RECEIVED\`, never on \`REQUESTED\`. Count return rates on \`REQUESTED\`.

      ## Caveats

      Returns of marketplace orders are handled by the marketplace and are **not** included.
    `,
    outputPorts: [
      kafka({
        name: "return-requests",
        topic: "orders.return-requests.v1",
        description: "Return requests and their status changes.",
        recordName: "ReturnRequested",
        avro: true,
        keyField: "returnId",
        eventsPerSecond: 0.2,
        fields: [
          req("returnId", "string", "Return id (`ret_…`)."),
          common.orderId("Order the items come from."),
          common.customerId(),
          req("items", "array", "Returned lines.", {
            fields: [
              common.sku(),
              req("quantity", "integer", "Units returned."),
              req("reason", "string", "Reason chosen by the customer.", {
                enum: ["DAMAGED", "WRONG_SIZE", "NOT_AS_DESCRIBED", "CHANGED_MIND", "LATE_DELIVERY"],
              }),
            ],
          }),
          common.amount("refundAmount", "Expected refund."),
          common.currency(),
          req("method", "string", "How the parcel comes back.", { enum: ["DROP_OFF", "PICKUP"] }),
          req("status", "string", "Processing status.", {
            enum: ["REQUESTED", "APPROVED", "RECEIVED", "REJECTED"],
          }),
          req("requestedAt", "timestamp", "When the customer asked for the return."),
        ],
      }),
    ],
    inputs: [],
  },
  {
    slug: "order-status",
    name: "Order Status",
    domain: "orders",
    ownerTeam: "orders",
    kind: "AGGREGATE",
    lifecycle: "ACTIVE",
    summary: "Current status of every order across checkout, payment, shipping, delivery and returns.",
    tags: ["orders", "real-time", "customer-experience", "compacted"],
    serviceLevels: sla("< 30 s", "99.9 %", "compacted (latest per order)"),
    termsOfUse: TERMS_INTERNAL,
    description: md`
      ## Purpose

      Answers _"where is my order?"_ in one lookup. It merges the order lifecycle with payment
      capture, shipment and carrier events, and returns.

      ## Semantics

      - Keyed by \`orderId\`, compacted: the latest record per order is its current status.
      - \`status\` follows the most advanced stage: \`PLACED\` → \`PAID\` → \`SHIPPED\` → \`DELIVERED\`, or
        \`CANCELLED\` / \`RETURNED\`.
      - \`paymentStatus\` and \`shipmentStatus\` show the sub-states for support tooling.

      ## How to consume

      Materialise the topic into a key-value store (the customer service app does) or read it as a
      table with a compacted-topic connector.

      ## Caveats

      Carrier scans can arrive hours late, so \`DELIVERED\` may lag reality.
    `,
    outputPorts: [
      kafka({
        name: "order-status",
        topic: "orders.order-status.v1",
        description: "Latest status per order.",
        recordName: "OrderStatus",
        keyField: "orderId",
        eventsPerSecond: 0.2,
        fields: [
          common.orderId(),
          common.customerId(),
          req("status", "string", "Overall stage.", {
            enum: ["PLACED", "PAID", "SHIPPED", "DELIVERED", "CANCELLED", "RETURNED"],
          }),
          req("paymentStatus", "string", "Money side.", {
            enum: ["PENDING", "CAPTURED", "REFUNDED", "FAILED"],
          }),
          opt("shipmentStatus", "string", "Latest carrier status, once shipped.", {
            enum: ["IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED", "FAILED_ATTEMPT", "RETURNED_TO_SENDER"],
          }),
          opt("trackingNumber", "string", "Carrier tracking number, once shipped."),
          common.amount("totalAmount", "Order total."),
          common.currency(),
          req("placedAt", "timestamp", "When the order was placed."),
          req("updatedAt", "timestamp", "When the status last changed."),
        ],
      }),
    ],
    inputs: [
      "order-events/order-events",
      "payment-captures/captures",
      "shipment-events/shipment-events",
      "carrier-tracking/tracking-events",
      "order-returns/return-requests",
    ],
  },
  {
    slug: "daily-order-summary",
    name: "Daily Order Summary",
    domain: "orders",
    ownerTeam: "orders",
    kind: "AGGREGATE",
    lifecycle: "ACTIVE",
    summary: "Orders, units and gross merchandise value per day, channel and country.",
    tags: ["orders", "kpi", "daily", "reporting"],
    serviceLevels: sla("daily 03:00 UTC", "99.5 %", "5 years"),
    termsOfUse: TERMS_INTERNAL,
    description: md`
      ## Purpose

      The reference numbers for **order volume**. Replaces the legacy CSV export and every
      spreadsheet that counted orders differently.

      ## Semantics

      - One row per \`(date, channel, country)\`, dates in **Europe/Amsterdam** time.
      - \`grossMerchandiseValue\` is the value of placed orders including VAT and shipping, before
        cancellations and returns, in the local \`currency\`.
      - \`cancelledCount\` and \`returnedCount\` refer to orders _placed_ that day.

      ## How to consume

      ~~~sql
      select date, sum(order_count) as orders
      from warehouse.orders.daily_order_summary
      where date >= current_date - 28
      group by date order by date;
      ~~~

      ## Caveats

      Late marketplace orders are added by a re-run at 09:00 UTC; yesterday's numbers can grow slightly.
    `,
    outputPorts: [
      table({
        name: "daily-table",
        address: "warehouse.orders.daily_order_summary",
        description: "Daily order counts and GMV.",
        recordName: "DailyOrderSummaryRow",
        fields: [
          req("date", "date", "Order date (Europe/Amsterdam)."),
          common.channel(),
          common.country("Delivery country."),
          req("orderCount", "integer", "Orders placed."),
          req("itemsSold", "integer", "Units across all orders."),
          common.amount("grossMerchandiseValue", "Value of orders placed."),
          common.amount("averageOrderValue", "GMV divided by orders."),
          req("cancelledCount", "integer", "Of those orders, how many were cancelled."),
          req("returnedCount", "integer", "Of those orders, how many had a return."),
          common.currency(),
        ],
      }),
    ],
    inputs: ["order-events/order-events", "order-returns/return-requests"],
  },
  {
    slug: "abandoned-carts",
    name: "Abandoned Carts",
    domain: "orders",
    ownerTeam: "orders",
    kind: "AGGREGATE",
    lifecycle: "ACTIVE",
    summary: "Carts of known customers left without checkout for an hour, with their content.",
    tags: ["orders", "pii", "behavioural", "real-time"],
    serviceLevels: sla("< 5 min after abandonment", "99.5 %", "7 days"),
    termsOfUse: `${TERMS_PII} Contacting customers requires their marketing consent.`,
    description: md`
      ## Purpose

      Detects carts that a **signed-in** customer filled and left, so that marketing can send a
      reminder and merchandising can study what people leave behind.

      ## Semantics

      - A cart is abandoned 60 minutes after its last activity if no checkout was confirmed.
      - One event per abandoned cart, keyed by \`cartId\`; if the customer comes back and abandons
        again, a new event with a later \`abandonedAt\` follows.
      - Email and first name come from _Customer Profiles_ at detection time.

      ## How to consume

      Join with _Customer Consents_ before any contact; _Cart Recovery Audience_ already does.

      ## Caveats

      - Anonymous carts are excluded.
      - Contains PII (\`email\`, \`firstName\`).
    `,
    outputPorts: [
      kafka({
        name: "abandoned-carts",
        topic: "orders.abandoned-carts.v1",
        description: "Abandoned carts of known customers.",
        recordName: "CartAbandoned",
        keyField: "cartId",
        eventsPerSecond: 0.1,
        fields: [
          req("cartId", "string", "Cart id (`cart_…`)."),
          common.customerId(),
          common.email(),
          common.firstName(),
          common.lineItems("Cart lines at abandonment."),
          common.amount("cartValue", "Value of the cart."),
          common.currency(),
          opt("checkoutStep", "string", "Furthest checkout step, if a checkout was started.", {
            enum: ["CART", "ADDRESS", "SHIPPING", "PAYMENT", "REVIEW"],
          }),
          req("lastActivityAt", "timestamp", "Last cart or checkout activity."),
          req("abandonedAt", "timestamp", "When the cart was declared abandoned."),
        ],
      }),
    ],
    inputs: [
      "cart-events/cart-events",
      "checkout-sessions/checkout-sessions",
      "customer-profiles/profile-events",
    ],
  },
  {
    slug: "legacy-order-export",
    name: "Legacy Order Export",
    domain: "orders",
    ownerTeam: "orders",
    kind: "CONSUMER_ALIGNED",
    lifecycle: "DEPRECATED",
    deprecation: {
      sunsetInDays: 45,
      message:
        "Switched off at the end of the quarter: it carries emails and names in clear text. Move to Daily Order Summary for reporting, or Order Events for order-level data.",
      successor: "daily-order-summary",
    },
    summary: "Deprecated nightly CSV of yesterday's orders; use Daily Order Summary or Order Events.",
    tags: ["orders", "deprecated", "csv", "pii"],
    serviceLevels: sla("daily 06:00 UTC", "99 %", "90 days"),
    termsOfUse: `${TERMS_PII} No new consumers: access requests are only approved for existing ones.`,
    description: md`
      > **Deprecated.** This export is switched off at the end of the quarter. Move to
      > _Daily Order Summary_ for reporting or _Order Events_ for order-level data.

      ## Purpose

      A flat CSV of the previous day's orders, once built for the old BI tool and a few
      spreadsheets in finance.

      ## Semantics

      - One file per day: \`s3://mesh-exports/orders/legacy-daily-export/dt=YYYY-MM-DD/orders.csv\`.
      - One line per order, **last** status of the day; cancelled orders included.
      - Comma-separated, UTF-8, header row, amounts with a dot as decimal separator.

      ## Caveats

      - It carries customer emails and names in clear text, which is why it is being retired.
      - Orders placed after 23:00 UTC often miss their final status.
      - No schema evolution: columns will not change before retirement.
    `,
    outputPorts: [
      file({
        name: "daily-csv",
        address: "s3://mesh-exports/orders/legacy-daily-export/",
        description: "One CSV per day of orders.",
        recordName: "LegacyOrderLine",
        format: "csv",
        fields: [
          common.orderId(),
          req("orderDate", "date", "Day the order was placed (UTC)."),
          req("customerEmail", "string", "Buyer's email.", PII),
          req("customerName", "string", "Buyer's full name.", PII),
          common.amount("totalAmount", "Order total."),
          common.currency(),
          req("status", "string", "Last status of the day.", {
            enum: ["PLACED", "CONFIRMED", "CANCELLED", "COMPLETED"],
          }),
          common.country("Delivery country."),
        ],
      }),
    ],
    inputs: ["order-events/order-events"],
  },
];

// ─── Payments ───────────────────────────────────────────────────────────────

const PAYMENTS: DemoProduct[] = [
  {
    slug: "payment-authorizations",
    name: "Payment Authorizations",
    domain: "payments",
    ownerTeam: "payments",
    kind: "SOURCE_ALIGNED",
    lifecycle: "ACTIVE",
    summary: "Every payment authorization attempt with method, outcome and decline reason.",
    tags: ["payments", "real-time", "pci", "fraud"],
    serviceLevels: sla("< 2 s", "99.95 %", "30 days", "p99 < 300 ms from PSP response"),
    termsOfUse:
      "Contains card metadata (BIN, last 4) and PII. Never join it with full card numbers; PCI scope stays with the payment gateway.",
    description: md`
      ## Purpose

      The payment gateway publishes the result of every authorization request sent to a payment
      service provider (PSP). It is the source for approval rates, fraud models and captures.

      ## Semantics

      - One event per attempt, keyed by \`authorizationId\`; a retried payment is a new attempt.
      - \`outcome\` is \`APPROVED\`, \`DECLINED\` or \`ERROR\` (PSP unreachable, timeout).
      - \`card\` is present for card payments only: brand, BIN and last four digits. The full card
        number never leaves the gateway.

      ## How to consume

      | Question             | Use                                            |
      | -------------------- | ---------------------------------------------- |
      | approval rate        | count \`APPROVED\` / all, per \`method\` and \`psp\` |
      | money actually taken | _Payment Captures_, not this product           |

      ## Caveats

      - An approved authorization expires after 7 days if not captured.
      - \`card.bin\` and \`card.last4\` are **confidential**; \`ipAddress\` is PII.
    `,
    outputPorts: [
      kafka({
        name: "authorizations",
        topic: "payments.authorizations.v1",
        description: "Authorization attempts and their PSP outcome.",
        recordName: "PaymentAuthorization",
        avro: true,
        keyField: "authorizationId",
        eventsPerSecond: 0.6,
        fields: [
          req("authorizationId", "string", "Authorization id (`auth_…`)."),
          common.orderId(),
          common.customerId(),
          common.amount("amount", "Amount to authorise."),
          common.currency(),
          common.method(),
          common.psp(),
          opt("card", "object", "Card details, for card payments.", {
            fields: [
              req("brand", "string", "Card scheme.", { enum: ["VISA", "MASTERCARD", "AMEX"] }),
              req("bin", "string", "First six digits (issuer identification).", CONFIDENTIAL),
              req("last4", "string", "Last four digits.", CONFIDENTIAL),
              req("issuerCountry", "string", "Country of the issuing bank (ISO 3166-1 alpha-2)."),
            ],
          }),
          req("outcome", "string", "Result of the attempt.", { enum: ["APPROVED", "DECLINED", "ERROR"] }),
          opt("declineReason", "string", "Why it was declined.", {
            enum: [
              "INSUFFICIENT_FUNDS",
              "SUSPECTED_FRAUD",
              "EXPIRED_CARD",
              "DO_NOT_HONOR",
              "AUTHENTICATION_FAILED",
            ],
          }),
          req("pspReference", "string", "The PSP's reference of the attempt."),
          common.ipAddress("Shopper's IP address as sent to the PSP."),
          req("authorizedAt", "timestamp", "When the PSP answered."),
        ],
      }),
    ],
    inputs: ["order-events/order-events"],
  },
  {
    slug: "payment-captures",
    name: "Payment Captures",
    domain: "payments",
    ownerTeam: "payments",
    kind: "SOURCE_ALIGNED",
    lifecycle: "ACTIVE",
    summary: "Money actually collected from shoppers: one capture per confirmed order.",
    tags: ["payments", "finance", "real-time", "core"],
    serviceLevels: sla("< 5 s", "99.95 %", "30 days"),
    termsOfUse: TERMS_FINANCIAL,
    description: md`
      ## Purpose

      A capture turns an approved authorization into **money we are owed by the PSP**. This is the
      payments fact that finance recognises revenue on and that shipping waits for before dispatch.

      ## Semantics

      - Keyed by \`orderId\` so that all captures of an order (partial captures on split shipments)
        are ordered.
      - \`amount\` is gross; \`feeAmount\` is the PSP's processing fee (confidential).
      - Captures are final: a reversal is a _Payment Refunds_ event, never a deletion.

      ## How to consume

      ~~~json
      { "captureId": "cap_9f2k1", "orderId": "ord_4a7c", "amount": 84.9, "currency": "EUR" }
      ~~~

      Sum \`amount\` per order to get what was collected.

      ## Caveats

      - Bank transfers are captured when the money arrives, days after the order.
      - Fees of PayPal and Klarna are known only at payout: \`feeAmount\` is an estimate for them.
    `,
    outputPorts: [
      kafka({
        name: "captures",
        topic: "payments.captures.v1",
        description: "Captured payments.",
        recordName: "PaymentCaptured",
        avro: true,
        keyField: "orderId",
        eventsPerSecond: 0.5,
        fields: [
          req("captureId", "string", "Capture id (`cap_…`)."),
          req("authorizationId", "string", "Authorization captured (`auth_…`)."),
          common.orderId(),
          common.customerId(),
          common.amount("amount", "Amount captured."),
          common.currency(),
          common.method(),
          common.psp(),
          req("pspReference", "string", "The PSP's reference of the capture."),
          common.amount(
            "feeAmount",
            "Processing fee charged by the PSP (estimate for wallets).",
            CONFIDENTIAL,
          ),
          req("capturedAt", "timestamp", "When the PSP confirmed the capture."),
        ],
      }),
    ],
    inputs: ["payment-authorizations/authorizations", "order-events/order-events"],
  },
  {
    slug: "payment-refunds",
    name: "Payment Refunds",
    domain: "payments",
    ownerTeam: "payments",
    kind: "SOURCE_ALIGNED",
    lifecycle: "ACTIVE",
    summary: "Refunds paid back to shoppers after returns, cancellations and goodwill gestures.",
    tags: ["payments", "refunds", "finance", "real-time"],
    serviceLevels: sla("< 10 s", "99.9 %", "30 days"),
    termsOfUse: TERMS_FINANCIAL,
    description: md`
      ## Purpose

      Every refund the payment gateway sends to a PSP, with its reason and final status.

      ## Semantics

      - Keyed by \`refundId\`; a refund is emitted as \`REQUESTED\` and again as \`SUCCEEDED\` or \`FAILED\`.
      - \`reason\` = \`RETURN\` links to _Order Returns_ through \`returnId\`.
      - One capture can have several partial refunds; their sum never exceeds the captured amount.

      ## How to consume

      Count money on \`SUCCEEDED\` only. Join to captures on \`captureId\`.

      ## Caveats

      - \`FAILED\` refunds (closed card accounts) are retried by customer service as bank transfers,
        which appear as new refunds.
      - Amounts are positive numbers; the direction is implied.
    `,
    outputPorts: [
      kafka({
        name: "refunds",
        topic: "payments.refunds.v1",
        description: "Refund requests and outcomes.",
        recordName: "PaymentRefund",
        keyField: "refundId",
        eventsPerSecond: 0.2,
        fields: [
          req("refundId", "string", "Refund id (`rfd_…`)."),
          req("captureId", "string", "Capture being refunded (`cap_…`)."),
          common.orderId(),
          opt("returnId", "string", "Return that triggered it, for reason RETURN."),
          common.customerId(),
          common.amount("amount", "Amount refunded."),
          common.currency(),
          req("reason", "string", "Why money goes back.", {
            enum: ["RETURN", "CANCELLATION", "GOODWILL", "DUPLICATE_CHARGE"],
          }),
          req("status", "string", "State of the refund.", { enum: ["REQUESTED", "SUCCEEDED", "FAILED"] }),
          req("refundedAt", "timestamp", "When the status was reached."),
        ],
      }),
    ],
    inputs: ["order-returns/return-requests", "payment-captures/captures"],
  },
  {
    slug: "payment-chargebacks",
    name: "Payment Chargebacks",
    domain: "payments",
    ownerTeam: "payments",
    kind: "SOURCE_ALIGNED",
    lifecycle: "ACTIVE",
    summary: "Card disputes raised by cardholders' banks, through every stage to won or lost.",
    tags: ["payments", "disputes", "fraud", "pii"],
    serviceLevels: sla("< 1 h (PSP webhooks)", "99.5 %", "2 years"),
    termsOfUse: `${TERMS_PII} Evidence handling is restricted to the disputes team.`,
    description: md`
      ## Purpose

      Chargebacks cost the amount, a scheme fee and, above a threshold, our card acceptance. This
      product tracks each dispute from notification to outcome.

      ## Semantics

      - Keyed by \`chargebackId\`; one event per stage or status change.
      - \`stage\`: \`NOTIFICATION\` → \`FIRST_CHARGEBACK\` → \`PRE_ARBITRATION\` → \`ARBITRATION\`.
      - \`reasonCode\` is the scheme's code (e.g. Visa \`10.4\` _fraud – card absent_).

      ## How to consume

      The chargeback ratio per month is \`count(FIRST_CHARGEBACK) / captures\`; schemes warn
      above 0.9 %.

      ## Caveats

      - Events arrive by PSP webhook, sometimes in bursts hours after the fact.
      - \`cardholderName\` is PII and only present when the bank sends it.
    `,
    outputPorts: [
      kafka({
        name: "chargebacks",
        topic: "payments.chargebacks.v1",
        description: "Chargeback stage and status changes.",
        recordName: "PaymentChargeback",
        keyField: "chargebackId",
        eventsPerSecond: 0.2,
        fields: [
          req("chargebackId", "string", "Chargeback id (`chb_…`)."),
          req("captureId", "string", "Disputed capture (`cap_…`)."),
          common.orderId(),
          common.amount("amount", "Disputed amount."),
          common.currency(),
          req("reasonCode", "string", "Card scheme reason code, e.g. `10.4` or `4837`."),
          opt("cardholderName", "string", "Cardholder name as sent by the issuing bank.", PII),
          req("stage", "string", "Dispute stage.", {
            enum: ["NOTIFICATION", "FIRST_CHARGEBACK", "PRE_ARBITRATION", "ARBITRATION"],
          }),
          req("status", "string", "Our position.", { enum: ["OPEN", "EVIDENCE_SUBMITTED", "WON", "LOST"] }),
          opt("respondBy", "date", "Deadline to submit evidence."),
          req("openedAt", "timestamp", "When the stage was opened."),
        ],
      }),
    ],
    inputs: [],
  },
  {
    slug: "payment-payouts",
    name: "Payment Payouts",
    domain: "payments",
    ownerTeam: "payments",
    kind: "SOURCE_ALIGNED",
    lifecycle: "ACTIVE",
    summary: "Settlement batches paid by each PSP into our bank accounts, gross, fees and net.",
    tags: ["payments", "settlement", "finance", "treasury"],
    serviceLevels: sla("< 1 h after the PSP report", "99.5 %", "10 years"),
    termsOfUse: TERMS_FINANCIAL,
    description: md`
      ## Purpose

      PSPs do not pay every capture separately: they settle in daily batches, net of fees,
      refunds and chargebacks. This product publishes those batches from the PSP settlement reports.

      ## Semantics

      - Keyed by \`payoutId\`; one event per batch, re-sent if the PSP corrects its report.
      - \`netAmount = grossAmount − feeAmount\` (refunds and chargebacks are already inside \`grossAmount\`).
      - \`settlementDate\` is the PSP's accounting date, not the bank value date (\`paidAt\`).

      ## How to consume

      Treasury forecasts cash from it; _Cash Reconciliation_ matches it to the ledger.

      ## Caveats

      - Klarna settles weekly; the others daily.
      - \`feeAmount\` is confidential (negotiated rates).
    `,
    outputPorts: [
      kafka({
        name: "payouts",
        topic: "payments.payouts.v1",
        description: "PSP settlement batches.",
        recordName: "PaymentPayout",
        keyField: "payoutId",
        eventsPerSecond: 0.2,
        fields: [
          req("payoutId", "string", "Payout id (`po_…`)."),
          common.psp(),
          req("settlementDate", "date", "PSP accounting date of the batch."),
          common.amount("grossAmount", "Captures minus refunds and chargebacks in the batch."),
          common.amount("feeAmount", "Fees withheld by the PSP.", CONFIDENTIAL),
          common.amount("netAmount", "Amount paid into our account."),
          common.currency(),
          req("transactionCount", "integer", "Transactions in the batch."),
          req("bankReference", "string", "Reference on our bank statement."),
          req("paidAt", "timestamp", "Bank value date and time."),
        ],
      }),
    ],
    inputs: [],
  },
  {
    slug: "payment-fraud-scores",
    name: "Payment Fraud Scores",
    domain: "payments",
    ownerTeam: "payments",
    kind: "AGGREGATE",
    lifecycle: "ACTIVE",
    summary: "Fraud risk score and decision for each payment authorization, with the signals that drove it.",
    tags: ["payments", "fraud", "machine-learning", "real-time", "pii"],
    serviceLevels: sla("< 1 s", "99.9 %", "180 days"),
    termsOfUse: `${TERMS_PII} Scores must not be shown to customers or used for credit decisions.`,
    description: md`
      ## Purpose

      Our fraud model scores every authorization using the order, the customer's history and
      recent sign-in behaviour. Published for monitoring, chargeback analysis and model training.

      ## Semantics

      - \`score\` is between 0 (safe) and 1 (fraud). \`decision\`: \`ACCEPT\` < 0.6 ≤ \`REVIEW\` < 0.9 ≤ \`REJECT\`.
      - \`signals\` lists the strongest reasons, e.g. \`IP_COUNTRY_MISMATCH\`, \`VELOCITY_HIGH\`, \`NEW_DEVICE\`.
      - Keyed by \`authorizationId\`.

      ## How to consume

      Join with _Payment Chargebacks_ (via the capture) to measure precision and recall.

      ## Caveats

      - Thresholds change with model versions; read \`modelVersion\` before comparing periods.
      - Manual review outcomes are not included yet.
    `,
    outputPorts: [
      kafka({
        name: "fraud-scores",
        topic: "payments.fraud-scores.v1",
        description: "Fraud score per authorization.",
        recordName: "PaymentFraudScore",
        keyField: "authorizationId",
        eventsPerSecond: 0.2,
        fields: [
          req("authorizationId", "string", "Authorization scored (`auth_…`)."),
          common.orderId(),
          common.customerId(),
          req("score", "number", "Fraud probability, 0–1."),
          req("decision", "string", "Action taken.", { enum: ["ACCEPT", "REVIEW", "REJECT"] }),
          req("signals", "array", "Strongest contributing signals.", { items: "string" }),
          common.ipAddress(),
          req("modelVersion", "string", "Model that produced the score, e.g. `fraud-gbm-2026.04`."),
          req("scoredAt", "timestamp", "When the score was computed."),
        ],
      }),
    ],
    inputs: [
      "payment-authorizations/authorizations",
      "customer-sign-ins/sign-in-events",
      "customer-360/snapshot",
    ],
  },
  {
    slug: "payment-ledger",
    name: "Payment Ledger",
    domain: "payments",
    ownerTeam: "payments",
    kind: "AGGREGATE",
    lifecycle: "ACTIVE",
    summary: "Double-entry ledger of captures, refunds, chargebacks, fees and payouts per PSP account.",
    tags: ["payments", "ledger", "finance", "audit"],
    serviceLevels: sla("< 1 min (topic), hourly (table)", "99.95 %", "10 years"),
    termsOfUse: TERMS_FINANCIAL,
    description: md`
      ## Purpose

      Books every money movement of the payments domain as **balanced debit/credit entries**, so that
      finance can post it to the general ledger and reconcile cash.

      ## Semantics

      - Every source event produces entries that sum to zero, for example a capture:

      | account                | direction | amount |
      | ---------------------- | --------- | ------ |
      | \`psp-receivable:adyen\` | DEBIT     | 84.90  |
      | \`sales-clearing\`       | CREDIT    | 84.90  |

      - \`sourceId\` is the capture, refund, chargeback or payout id the entry comes from.
      - Entries are immutable; corrections are new, reversing entries.

      ## How to consume

      Stream the topic for near-real-time balances or query the hourly table for reporting.

      ## Caveats

      Multi-currency: never sum across \`currency\`; convert with _FX Rates_ first.
    `,
    outputPorts: [
      kafka({
        name: "ledger-entries",
        topic: "payments.ledger-entries.v1",
        description: "Ledger entries as they are booked.",
        recordName: "PaymentLedgerEntry",
        avro: true,
        keyField: "entryId",
        eventsPerSecond: 0.2,
        compatibility: "FULL",
        fields: ledgerFields(),
      }),
      table({
        name: "ledger-table",
        address: "warehouse.payments.ledger_entries",
        description: "All ledger entries, partitioned by booking date.",
        recordName: "PaymentLedgerRow",
        fields: ledgerFields(),
      }),
    ],
    inputs: [
      "payment-captures/captures",
      "payment-refunds/refunds",
      "payment-chargebacks/chargebacks",
      "payment-payouts/payouts",
    ],
  },
  {
    slug: "payment-method-mix",
    name: "Payment Method Mix",
    domain: "payments",
    ownerTeam: "payments",
    kind: "CONSUMER_ALIGNED",
    lifecycle: "ACTIVE",
    summary: "Daily share, volume and approval rate of each payment method per country.",
    tags: ["payments", "kpi", "daily", "reporting"],
    serviceLevels: sla("daily 04:00 UTC", "99 %", "3 years"),
    termsOfUse: TERMS_INTERNAL,
    description: md`
      ## Purpose

      Built for the checkout and commercial teams: which methods shoppers use in each market and how
      well each converts, to decide which methods to offer and negotiate fees.

      ## Semantics

      - One row per \`(date, country, method)\`.
      - \`approvalRate = approvedCount / transactionCount\` over authorization attempts.
      - \`volume\` is the captured amount, in the market's \`currency\`.

      ## How to consume

      ~~~sql
      select method, sum(volume) from warehouse.payments.payment_method_mix
      where country = 'NL' and date >= current_date - 30 group by method;
      ~~~

      The checkout service reads the compacted topic instead, to order methods per market.

      ## Caveats

      Retries inflate \`transactionCount\` for wallets that retry silently (Google Pay).
    `,
    outputPorts: [
      table({
        name: "daily-table",
        address: "warehouse.payments.payment_method_mix",
        description: "Daily method mix per country.",
        recordName: "PaymentMethodMixRow",
        fields: paymentMethodMixFields(),
      }),
      kafka({
        name: "daily-mix",
        topic: "payments.payment-method-mix.v1",
        description: "Yesterday's mix per country, published after the daily run; compacted by country.",
        recordName: "PaymentMethodMix",
        keyField: "country",
        eventsPerSecond: 0,
        fields: paymentMethodMixFields(),
      }),
    ],
    inputs: ["payment-authorizations/authorizations", "payment-captures/captures"],
  },
];

function paymentMethodMixFields(): FieldSpec[] {
  return [
    req("date", "date", "Day (UTC)."),
    common.country(),
    common.method(),
    req("transactionCount", "integer", "Authorization attempts."),
    req("approvedCount", "integer", "Approved attempts."),
    req("approvalRate", "number", "approvedCount / transactionCount."),
    common.amount("volume", "Captured amount."),
    common.currency(),
  ];
}

function ledgerFields(): FieldSpec[] {
  return [
    req("entryId", "string", "Entry id (`led_…`)."),
    req("entryType", "string", "Kind of movement.", {
      enum: ["CAPTURE", "REFUND", "CHARGEBACK", "FEE", "PAYOUT"],
    }),
    req("sourceId", "string", "Id of the capture, refund, chargeback or payout booked."),
    opt("orderId", "string", "Order concerned, when there is one."),
    req("account", "string", "Ledger account, e.g. `psp-receivable:adyen`."),
    req("direction", "string", "Side of the entry.", { enum: ["DEBIT", "CREDIT"] }),
    common.amount("amount", "Entry amount, positive."),
    common.currency(),
    req("bookedAt", "timestamp", "Booking time."),
  ];
}

// ─── Shipping ───────────────────────────────────────────────────────────────

const SHIPPING: DemoProduct[] = [
  {
    slug: "shipment-events",
    name: "Shipment Events",
    domain: "shipping",
    ownerTeam: "shipping",
    kind: "SOURCE_ALIGNED",
    lifecycle: "ACTIVE",
    summary: "Warehouse milestones of every shipment: created, picked, packed, dispatched.",
    tags: ["shipping", "fulfilment", "pii", "real-time"],
    serviceLevels: sla("< 10 s", "99.9 %", "14 days"),
    termsOfUse: TERMS_PII,
    description: md`
      ## Purpose

      The warehouse management system publishes each step of a shipment inside our fulfilment
      centres, up to the hand-over to the carrier. Finance recognises revenue on dispatch.

      ## Semantics

      - A shipment is created once the order is confirmed and its payment captured.
      - Keyed by \`shipmentId\`; one order can have several shipments (split by warehouse).
      - \`trackingNumber\` is set from \`PACKED\` on.
      - \`parcels\` lists each box with its weight and dimensions.

      ## How to consume

      After \`DISPATCHED\`, follow the parcel on _Carrier Tracking_ with \`trackingNumber\`.

      ## Caveats

      - \`recipient\` and \`deliveryAddress\` are PII and may differ from the customer's profile
        (gifts, pick-up points).
      - Warehouse clocks are NTP-synced but scanners batch: events of one shipment can share a timestamp.
    `,
    outputPorts: [
      kafka({
        name: "shipment-events",
        topic: "shipping.shipment-events.v1",
        description: "Shipment milestones in the warehouse.",
        recordName: "ShipmentEvent",
        avro: true,
        keyField: "shipmentId",
        eventsPerSecond: 0.4,
        fields: [
          common.eventId(),
          req("shipmentId", "string", "Shipment id (`shp_…`)."),
          common.orderId(),
          req("eventType", "string", "Warehouse milestone.", {
            enum: ["CREATED", "PICKED", "PACKED", "DISPATCHED", "CANCELLED"],
          }),
          common.warehouseId(),
          common.carrier(),
          opt("trackingNumber", "string", "Carrier tracking number, from PACKED on."),
          req("recipient", "object", "Person the parcel is addressed to.", {
            fields: [
              req("name", "string", "Recipient's full name.", PII),
              opt("phone", "string", "Phone for the carrier, E.164.", PII),
            ],
          }),
          common.address("deliveryAddress", "Delivery address or pick-up point."),
          req("parcels", "array", "Boxes in the shipment.", {
            fields: [
              req("parcelId", "string", "Parcel id (`pcl_…`)."),
              req("weightGrams", "integer", "Weight in grams."),
              req("lengthCm", "integer", "Length in cm."),
              req("widthCm", "integer", "Width in cm."),
              req("heightCm", "integer", "Height in cm."),
            ],
          }),
          common.occurredAt("When the scanner recorded the milestone."),
        ],
      }),
    ],
    inputs: ["order-events/order-events", "payment-captures/captures"],
  },
  {
    slug: "carrier-tracking",
    name: "Carrier Tracking",
    domain: "shipping",
    ownerTeam: "shipping",
    kind: "SOURCE_ALIGNED",
    lifecycle: "ACTIVE",
    summary: "Normalised tracking scans from all parcel carriers, from pick-up to delivery.",
    tags: ["shipping", "carriers", "real-time", "tracking"],
    serviceLevels: sla("< 5 min after the carrier", "99.5 %", "30 days"),
    termsOfUse: TERMS_INTERNAL,
    description: md`
      ## Purpose

      Five carriers, five APIs, one topic: this product polls and receives carrier webhooks and
      normalises their scans into a single vocabulary.

      ## Semantics

      | status               | meaning                             |
      | -------------------- | ----------------------------------- |
      | \`IN_TRANSIT\`         | scanned at a hub                    |
      | \`OUT_FOR_DELIVERY\`   | on the van today                    |
      | \`DELIVERED\`          | handed over or left at a safe place |
      | \`FAILED_ATTEMPT\`     | nobody home, new attempt planned    |
      | \`RETURNED_TO_SENDER\` | coming back to the warehouse        |

      Keyed by \`trackingNumber\`. \`estimatedDelivery\` is the carrier's latest estimate.

      ## How to consume

      Do not assume order: carriers replay scans. Sort by \`eventAt\` per tracking number.

      ## Caveats

      - \`signedBy\` is PII and only sent by DHL and UPS.
      - Royal Mail scans arrive in hourly batches.
    `,
    outputPorts: [
      kafka({
        name: "tracking-events",
        topic: "shipping.carrier-tracking.v1",
        description: "Normalised carrier scans.",
        recordName: "CarrierScan",
        keyField: "trackingNumber",
        eventsPerSecond: 0.5,
        fields: [
          req("trackingNumber", "string", "Carrier tracking number."),
          req("shipmentId", "string", "Our shipment id (`shp_…`)."),
          common.carrier(),
          req("status", "string", "Normalised scan status.", {
            enum: ["IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED", "FAILED_ATTEMPT", "RETURNED_TO_SENDER"],
          }),
          req("location", "object", "Where the scan happened.", {
            fields: [
              req("city", "string", "City of the hub or delivery."),
              req("country", "string", "ISO 3166-1 alpha-2."),
            ],
          }),
          opt("estimatedDelivery", "date", "Carrier's current delivery estimate."),
          opt("signedBy", "string", "Name given at delivery.", PII),
          req("eventAt", "timestamp", "Scan time reported by the carrier."),
        ],
      }),
    ],
    inputs: [],
  },
  {
    slug: "warehouse-stock-levels",
    name: "Warehouse Stock Levels",
    domain: "shipping",
    ownerTeam: "shipping",
    kind: "SOURCE_ALIGNED",
    lifecycle: "ACTIVE",
    summary: "On-hand, reserved and available units per SKU and fulfilment centre.",
    tags: ["shipping", "inventory", "real-time", "compacted"],
    serviceLevels: sla("< 30 s", "99.9 %", "compacted (latest per SKU)"),
    termsOfUse: TERMS_INTERNAL,
    description: md`
      ## Purpose

      Stock positions from the warehouse management system, published on every change, so that
      the shop, buying and forecasting see the same numbers.

      ## Semantics

      - Keyed by \`sku\`; one event per SKU and warehouse change. The topic is compacted by key
        **and** warehouse (the key includes both in the broker's partitioner config).
      - \`available = onHand − reserved\`; reserved units belong to placed orders not yet picked.
      - \`reorderPoint\` is the level at which buying is alerted.

      ## How to consume

      ~~~
      latest(sku, warehouseId) → available
      ~~~

      Sum \`available\` over warehouses for what the shop may sell.

      ## Caveats

      Stock counts are corrected after the monthly inventory, which can produce large jumps.
    `,
    outputPorts: [
      kafka({
        name: "stock-levels",
        topic: "shipping.stock-levels.v1",
        description: "Stock position changes.",
        recordName: "StockLevelChanged",
        keyField: "sku",
        eventsPerSecond: 0.3,
        fields: [
          common.sku(),
          common.warehouseId(),
          req("onHand", "integer", "Units physically in the warehouse."),
          req("reserved", "integer", "Units reserved for open orders."),
          req("available", "integer", "onHand − reserved."),
          req("reorderPoint", "integer", "Level that triggers a purchase order."),
          req("updatedAt", "timestamp", "When the position changed."),
        ],
      }),
    ],
    inputs: [],
  },
  {
    slug: "delivery-performance",
    name: "Delivery Performance",
    domain: "shipping",
    ownerTeam: "shipping",
    kind: "AGGREGATE",
    lifecycle: "ACTIVE",
    summary: "On-time delivery, transit times and failed attempts per shipment and per carrier per day.",
    tags: ["shipping", "kpi", "carriers", "customer-experience"],
    serviceLevels: sla("< 15 min (topic), daily 06:00 UTC (table)", "99.5 %", "3 years"),
    termsOfUse: TERMS_INTERNAL,
    description: md`
      ## Purpose

      Measures whether we keep the delivery promise shown at checkout, per carrier and country.
      Used in carrier reviews and the executive KPIs.

      ## Semantics

      - The topic emits one outcome per shipment once it is delivered or returned.
      - \`onTime\` is true when delivered on or before \`promisedDate\` (local time of the recipient).
      - \`transitHours\` counts from \`DISPATCHED\` to \`DELIVERED\`.
      - The daily table aggregates outcomes by \`(date, carrier, country)\`.

      ## How to consume

      Use the table for trends and the topic to trigger service recovery (e.g. a voucher after a
      late delivery).

      ## Caveats

      Shipments lost by the carrier only appear after 14 days, when declared lost.
    `,
    outputPorts: [
      kafka({
        name: "delivery-outcomes",
        topic: "shipping.delivery-outcomes.v1",
        description: "Delivery outcome per shipment.",
        recordName: "DeliveryOutcome",
        keyField: "shipmentId",
        eventsPerSecond: 0.1,
        fields: [
          req("shipmentId", "string", "Shipment id (`shp_…`)."),
          common.orderId(),
          common.carrier(),
          common.country("Delivery country."),
          req("promisedDate", "date", "Delivery date promised at checkout."),
          req("deliveredAt", "timestamp", "When the carrier delivered."),
          req("transitHours", "number", "Hours from dispatch to delivery."),
          req("onTime", "boolean", "Delivered by the promised date."),
          req("attempts", "integer", "Delivery attempts needed."),
        ],
      }),
      table({
        name: "daily-table",
        address: "warehouse.shipping.delivery_performance_daily",
        description: "Daily delivery KPIs per carrier and country.",
        recordName: "DeliveryPerformanceRow",
        fields: [
          req("date", "date", "Delivery date."),
          common.carrier(),
          common.country(),
          req("shipments", "integer", "Shipments delivered."),
          req("onTimeRate", "number", "Share delivered on time, 0–1."),
          req("averageTransitHours", "number", "Mean transit time."),
          req("failedAttempts", "integer", "Failed delivery attempts."),
        ],
      }),
    ],
    inputs: ["shipment-events/shipment-events", "carrier-tracking/tracking-events"],
  },
  {
    slug: "shipping-costs",
    name: "Shipping Costs",
    domain: "shipping",
    ownerTeam: "shipping",
    kind: "AGGREGATE",
    lifecycle: "ACTIVE",
    summary: "What each shipment cost us, from carrier invoices matched to shipments.",
    tags: ["shipping", "finance", "costs", "daily"],
    serviceLevels: sla("daily 07:00 UTC", "99 %", "10 years"),
    termsOfUse: `${TERMS_FINANCIAL} Carrier rates are under NDA.`,
    description: md`
      ## Purpose

      Carrier invoices list parcels, not orders. This product matches invoice lines to our
      shipments so that cost per order, per country and per carrier can be known.

      ## Semantics

      - One row per shipment; \`costAmount\` includes surcharges (fuel, remote area) and VAT-exclusive.
      - Until the invoice arrives, \`costAmount\` is estimated from the rate card and
        \`invoiceNumber\` is empty.
      - \`weightGrams\` is the carrier's billed weight, which can differ from ours.

      ## How to consume

      Finance joins it on \`orderId\` for margins; logistics on \`carrier\` for rate negotiations.

      ## Caveats

      Rates are **confidential**; access is granted for finance and logistics purposes only.
    `,
    outputPorts: [
      table({
        name: "costs-table",
        address: "warehouse.shipping.shipping_costs",
        description: "Cost per shipment.",
        recordName: "ShippingCostRow",
        fields: [
          req("shipmentId", "string", "Shipment id (`shp_…`)."),
          common.orderId(),
          common.carrier(),
          common.country("Destination country."),
          req("weightGrams", "integer", "Billed weight."),
          common.amount("costAmount", "Cost excluding VAT.", CONFIDENTIAL),
          common.currency(),
          opt("invoiceNumber", "string", "Carrier invoice, once received."),
          req("invoicedAt", "date", "Invoice date, or estimate date."),
        ],
      }),
    ],
    inputs: ["shipment-events/shipment-events", "carrier-tracking/tracking-events"],
  },
  {
    slug: "delivery-notifications",
    name: "Delivery Notifications",
    domain: "shipping",
    ownerTeam: "shipping",
    kind: "CONSUMER_ALIGNED",
    lifecycle: "ACTIVE",
    summary: "Delivery updates ready to send to customers by email, SMS or push.",
    tags: ["shipping", "notifications", "pii", "customer-experience"],
    serviceLevels: sla("< 1 min after the scan", "99.9 %", "7 days"),
    termsOfUse: `${TERMS_PII} For transactional messages only; never reuse for marketing.`,
    description: md`
      ## Purpose

      Feeds the messaging service with **transactional** delivery messages: dispatched, out for
      delivery, delivered, delayed. Messaging only renders and sends.

      ## Semantics

      - One event per message to send, keyed by \`shipmentId\`.
      - \`channel\` respects the customer's preference; SMS only with a phone number.
      - \`template\` selects the message text; \`estimatedDelivery\` fills it.

      ## How to consume

      The messaging service is the only intended consumer; analytics on open rates belong to
      _Campaign Touchpoints_.

      ## Caveats

      - Contains email and first name (PII).
      - Messages are suppressed between 21:00 and 08:00 local time and sent in the morning.
    `,
    outputPorts: [
      kafka({
        name: "notifications",
        topic: "shipping.delivery-notifications.v1",
        description: "Delivery messages to send.",
        recordName: "DeliveryNotification",
        keyField: "shipmentId",
        eventsPerSecond: 0.1,
        fields: [
          req("notificationId", "string", "Message id (`ntf_…`)."),
          req("shipmentId", "string", "Shipment concerned (`shp_…`)."),
          common.customerId(),
          common.email("Recipient email."),
          common.firstName(),
          req("channel", "string", "Delivery channel.", { enum: ["EMAIL", "SMS", "PUSH"] }),
          req("template", "string", "Message template.", {
            enum: ["DISPATCHED", "OUT_FOR_DELIVERY", "DELIVERED", "DELAYED"],
          }),
          opt("estimatedDelivery", "date", "Expected delivery date."),
          req("sentAt", "timestamp", "When the message was handed to messaging."),
        ],
      }),
    ],
    inputs: [
      "carrier-tracking/tracking-events",
      "customer-profiles/profile-events",
      "customer-consents/consent-changes",
    ],
  },
  {
    slug: "stockout-forecast",
    name: "Stock-out Forecast",
    domain: "shipping",
    ownerTeam: "shipping",
    kind: "CONSUMER_ALIGNED",
    lifecycle: "EXPERIMENTAL",
    summary: "Daily forecast of which SKUs will run out in which warehouse over the next two weeks.",
    tags: ["shipping", "inventory", "forecast", "machine-learning", "experimental"],
    serviceLevels: sla("daily 02:00 UTC", "95 %", "1 year"),
    termsOfUse: TERMS_INTERNAL,
    description: md`
      ## Purpose

      Helps buyers reorder **before** a product sells out, by combining current stock with expected
      demand from recent order volumes.

      ## Semantics

      - One row per \`(sku, warehouseId, forecastDate)\` for the next 14 days.
      - \`expectedDemand\` is the forecast units sold that day; \`projectedAvailable\` the stock left.
      - \`stockoutProbability\` is the chance that \`projectedAvailable\` reaches zero by that day.

      ## How to consume

      ~~~sql
      select sku, warehouse_id, min(forecast_date)
      from warehouse.shipping.stockout_forecast
      where stockout_probability > 0.8 group by 1, 2;
      ~~~

      ## Caveats

      **Experimental.** Promotions are not modelled yet, so demand is underestimated during
      campaigns.
    `,
    outputPorts: [
      table({
        name: "forecast-table",
        address: "warehouse.shipping.stockout_forecast",
        description: "14-day stock-out forecast.",
        recordName: "StockoutForecastRow",
        fields: [
          common.sku(),
          common.warehouseId(),
          req("forecastDate", "date", "Day forecast."),
          req("expectedDemand", "number", "Forecast units sold."),
          req("projectedAvailable", "integer", "Units left at the end of the day."),
          req("stockoutProbability", "number", "Probability of running out by that day, 0–1."),
          req("modelVersion", "string", "Forecast model version."),
        ],
      }),
    ],
    inputs: ["warehouse-stock-levels/stock-levels", "daily-order-summary/daily-table"],
  },
];

// ─── Finance ────────────────────────────────────────────────────────────────

const FINANCE: DemoProduct[] = [
  {
    slug: "fx-rates",
    name: "FX Rates",
    domain: "finance",
    ownerTeam: "finance",
    kind: "SOURCE_ALIGNED",
    lifecycle: "ACTIVE",
    summary: "Reference exchange rates of our trading currencies against the euro.",
    tags: ["finance", "reference-data", "currency", "public-data"],
    serviceLevels: sla(
      "< 1 h after publication",
      "99.9 %",
      "compacted (latest per pair), history 10 years in the table",
    ),
    termsOfUse: "Reference data; free to use. Quote the rate source when you publish converted figures.",
    description: md`
      ## Purpose

      The **one** set of exchange rates the company converts with, so that two reports never
      disagree because they used different rates.

      ## Semantics

      - Keyed by \`currencyPair\` (\`EUR/GBP\`), compacted: the latest event per pair is the current rate.
      - \`rate\` is how many units of \`quoteCurrency\` one unit of \`baseCurrency\` buys.
      - \`ECB\` reference rates are published on TARGET business days around 16:00 CET; the bank
        feed fills weekends.

      ## How to consume

      ~~~
      amountEur = amount / rate(EUR/<currency>)
      ~~~

      For reporting use the rate effective at the transaction date, not today's.

      ## Caveats

      Rates are not for treasury dealing: they are end-of-day reference values.
    `,
    outputPorts: [
      kafka({
        name: "fx-rates",
        topic: "finance.fx-rates.v1",
        description: "Reference rates per currency pair.",
        recordName: "FxRate",
        keyField: "currencyPair",
        eventsPerSecond: 0.2,
        compatibility: "FULL",
        fields: [
          req("currencyPair", "string", "`BASE/QUOTE`, e.g. `EUR/GBP`."),
          req("baseCurrency", "string", "ISO 4217 base currency.", { enum: ["EUR"] }),
          req("quoteCurrency", "string", "ISO 4217 quote currency.", { enum: ["GBP", "SEK", "PLN", "USD"] }),
          req("rate", "number", "Units of quote currency per unit of base currency."),
          req("source", "string", "Where the rate comes from.", { enum: ["ECB", "BANK_FEED"] }),
          req("effectiveAt", "timestamp", "Start of validity."),
        ],
      }),
    ],
    inputs: [],
  },
  {
    slug: "recognized-revenue",
    name: "Recognized Revenue",
    domain: "finance",
    ownerTeam: "finance",
    kind: "AGGREGATE",
    lifecycle: "ACTIVE",
    summary: "Revenue recognised per order at dispatch, net of VAT and refunds, in local currency and EUR.",
    tags: ["finance", "revenue", "ifrs-15", "real-time"],
    serviceLevels: sla("< 5 min", "99.9 %", "10 years"),
    termsOfUse: TERMS_FINANCIAL,
    description: md`
      ## Purpose

      Implements our revenue recognition policy (IFRS 15): revenue is recognised when control of
      the goods passes to the customer, which we approximate by **dispatch**.

      ## Semantics

      - \`RECOGNIZED\` when the last shipment of an order is dispatched and its payment captured.
      - \`REVERSED\` when a refund is paid, for the refunded amount (negative \`netRevenue\`).
      - \`netRevenue = grossRevenue − discountAmount − taxAmount\`; shipping revenue is included.
      - \`netRevenueEur\` uses the _FX Rates_ rate of the recognition day.

      ## How to consume

      Keyed by \`orderId\`; sum all events of an order for its net revenue to date.

      ## Caveats

      - Marketplace commissions are recognised by the marketplace team, not here.
      - Numbers are **provisional** until month-end close.
    `,
    outputPorts: [
      kafka({
        name: "recognized-revenue",
        topic: "finance.recognized-revenue.v1",
        description: "Revenue recognition and reversal entries per order.",
        recordName: "RevenueRecognized",
        avro: true,
        keyField: "orderId",
        eventsPerSecond: 0.2,
        fields: [
          common.orderId(),
          req("eventType", "string", "Recognition or reversal.", { enum: ["RECOGNIZED", "REVERSED"] }),
          common.country("Country of delivery (tax jurisdiction)."),
          common.channel(),
          common.currency(),
          common.amount("grossRevenue", "Order value including VAT."),
          common.amount("discountAmount", "Vouchers and discounts."),
          common.amount("taxAmount", "VAT."),
          common.amount("netRevenue", "Revenue recognised (negative for reversals)."),
          req("netRevenueEur", "number", "netRevenue converted to EUR, two decimals."),
          req("fxRate", "number", "EUR rate used for the conversion."),
          req("recognizedAt", "timestamp", "Recognition time."),
        ],
      }),
    ],
    inputs: [
      "payment-captures/captures",
      "payment-refunds/refunds",
      "shipment-events/shipment-events",
      "fx-rates/fx-rates",
    ],
  },
  {
    slug: "daily-revenue",
    name: "Daily Revenue",
    domain: "finance",
    ownerTeam: "finance",
    kind: "AGGREGATE",
    lifecycle: "ACTIVE",
    summary: "Gross, refunded and net revenue per day, country and channel: the official revenue figures.",
    tags: ["finance", "revenue", "kpi", "daily", "reporting"],
    serviceLevels: sla("daily 05:00 UTC", "99.9 %", "10 years"),
    termsOfUse: TERMS_FINANCIAL,
    description: md`
      ## Purpose

      **The** revenue number. Board reports, marketing ROI and forecasts all start from this table,
      so that the company has one definition of revenue.

      ## Semantics

      - One row per \`(date, country, channel)\`, \`date\` in Europe/Amsterdam time.
      - \`grossRevenue\` and \`refunds\` come from _Recognized Revenue_; \`netRevenue = grossRevenue − refunds\`.
      - \`netRevenueEur\` is converted at each day's rate.

      ## How to consume

      ~~~sql
      select date_trunc('month', date) as month, sum(net_revenue_eur)
      from warehouse.finance.daily_revenue
      group by 1 order by 1;
      ~~~

      ## Caveats

      - Past days change until month-end close (late refunds); closed months are frozen.
      - Marketplace commission revenue is not included.
    `,
    outputPorts: [
      table({
        name: "daily-table",
        address: "warehouse.finance.daily_revenue",
        description: "Revenue per day, country and channel.",
        recordName: "DailyRevenueRow",
        fields: [
          req("date", "date", "Recognition day (Europe/Amsterdam)."),
          common.country(),
          common.channel(),
          req("orderCount", "integer", "Orders recognised."),
          common.amount("grossRevenue", "Revenue recognised, net of VAT."),
          common.amount("refunds", "Reversals of the day."),
          common.amount("netRevenue", "grossRevenue − refunds."),
          req("netRevenueEur", "number", "netRevenue in EUR."),
          common.currency(),
        ],
      }),
    ],
    inputs: ["recognized-revenue/recognized-revenue", "fx-rates/fx-rates"],
  },
  {
    slug: "general-ledger-journal",
    name: "General Ledger Journal",
    domain: "finance",
    ownerTeam: "finance",
    kind: "AGGREGATE",
    lifecycle: "ACTIVE",
    summary: "Journal lines posted to the general ledger from revenue, cash and shipping costs.",
    tags: ["finance", "ledger", "audit", "accounting"],
    serviceLevels: sla("daily 06:00 UTC", "99.9 %", "10 years (statutory)"),
    termsOfUse: `${TERMS_FINANCIAL} Auditors have read access by standing agreement.`,
    description: md`
      ## Purpose

      Summarises operational money flows into **journal lines** for the ERP, so that the books can
      be closed from mesh data instead of manual uploads.

      ## Semantics

      - A journal (\`journalId\`) is a balanced set of lines: sum of \`debit\` = sum of \`credit\`.
      - \`source\` tells where the lines come from:
        1. \`PAYMENTS\` – the payment ledger (receivables, fees, payouts);
        2. \`REVENUE\` – recognised revenue and VAT;
        3. \`SHIPPING\` – carrier costs.
      - \`account\` uses the chart of accounts codes; \`costCenter\` the controlling codes.

      ## How to consume

      Read only closed periods for reporting; open periods are re-posted nightly.

      ## Caveats

      Intercompany postings are added manually in the ERP and are not in this table.
    `,
    outputPorts: [
      table({
        name: "journal-table",
        address: "warehouse.finance.gl_journal",
        description: "General ledger journal lines.",
        recordName: "JournalLine",
        fields: [
          req("journalId", "string", "Journal id (`jrn_…`)."),
          req("lineNumber", "integer", "Line within the journal."),
          req("postingDate", "date", "Accounting date."),
          req("account", "string", "Chart-of-accounts code, e.g. `400100`."),
          req("costCenter", "string", "Controlling cost centre."),
          req("debit", "number", "Debit amount, two decimals."),
          req("credit", "number", "Credit amount, two decimals."),
          common.currency(),
          req("source", "string", "Operational source.", { enum: ["PAYMENTS", "REVENUE", "SHIPPING"] }),
          req("reference", "string", "Reference of the source document."),
        ],
      }),
    ],
    inputs: [
      "payment-ledger/ledger-table",
      "recognized-revenue/recognized-revenue",
      "shipping-costs/costs-table",
    ],
  },
  {
    slug: "cash-reconciliation",
    name: "Cash Reconciliation",
    domain: "finance",
    ownerTeam: "finance",
    kind: "AGGREGATE",
    lifecycle: "ACTIVE",
    summary: "Daily match of expected PSP settlements against the money that actually arrived.",
    tags: ["finance", "treasury", "reconciliation", "daily"],
    serviceLevels: sla("daily 08:00 UTC", "99.5 %", "10 years"),
    termsOfUse: TERMS_FINANCIAL,
    description: md`
      ## Purpose

      Treasury needs to know, every morning, whether each provider paid what it owed us. This
      product compares the ledger's expected settlements with the payouts received.

      ## Semantics

      - One row per \`(date, psp, currency)\`.
      - \`difference = settledAmount − expectedAmount\`.
      - \`status\`: \`MATCHED\` (|difference| < 1.00), \`TIMING\` (explained by a payout due later),
        or \`MISMATCH\` (needs investigation).
      - \`unmatchedEntries\` counts ledger entries without a payout.

      ## How to consume

      Filter on \`status = 'MISMATCH'\`; the treasury dashboard already does.

      ## Caveats

      Weekly settlements (Klarna) show as \`TIMING\` for up to six days.
    `,
    outputPorts: [
      table({
        name: "reconciliation-table",
        address: "warehouse.finance.cash_reconciliation",
        description: "Expected vs settled cash per PSP and day.",
        recordName: "CashReconciliationRow",
        fields: [
          req("date", "date", "Settlement day."),
          common.psp(),
          common.currency(),
          common.amount("expectedAmount", "What the ledger expects."),
          common.amount("settledAmount", "What arrived."),
          common.amount("difference", "settled − expected."),
          req("status", "string", "Match status.", { enum: ["MATCHED", "TIMING", "MISMATCH"] }),
          req("unmatchedEntries", "integer", "Ledger entries without a payout."),
        ],
      }),
    ],
    inputs: ["payment-ledger/ledger-table", "payment-payouts/payouts"],
  },
  {
    slug: "vat-returns",
    name: "VAT Returns",
    domain: "finance",
    ownerTeam: "finance",
    kind: "CONSUMER_ALIGNED",
    lifecycle: "ACTIVE",
    summary: "Monthly taxable amounts and VAT per country and rate, exported for the tax advisers.",
    tags: ["finance", "tax", "compliance", "csv", "monthly"],
    serviceLevels: sla("monthly, 5th working day", "99 %", "10 years (statutory)"),
    termsOfUse: `${TERMS_FINANCIAL} Shared with our external tax advisers under contract.`,
    description: md`
      ## Purpose

      The basis of our VAT and OSS (one-stop-shop) declarations in every country we ship to.

      ## Semantics

      - One CSV per month under \`s3://mesh-exports/finance/vat-returns/period=YYYY-MM/\`.
      - One line per \`(country, vatRate)\`; \`taxableAmount\` excludes VAT.
      - Refunds reduce the period in which they are paid, not the period of the sale.

      ## How to consume

      The tax advisers' SFTP job picks the file up; internal users should query
      _Recognized Revenue_ instead.

      ## Caveats

      - A corrected file can be re-issued for a period until the declaration is filed (\`filedAt\` set).
      - Reduced rates (books, children's clothing) depend on product master data and are checked manually.
    `,
    outputPorts: [
      file({
        name: "monthly-csv",
        address: "s3://mesh-exports/finance/vat-returns/",
        description: "Monthly VAT return lines.",
        recordName: "VatReturnLine",
        format: "csv",
        fields: [
          req("period", "string", "Month, `YYYY-MM`."),
          common.country("Country of taxation."),
          req("vatRate", "number", "VAT rate, e.g. 0.21."),
          common.amount("taxableAmount", "Taxable amount excluding VAT."),
          common.amount("vatAmount", "VAT due."),
          common.currency(),
          opt("filedAt", "date", "When the declaration was filed."),
        ],
      }),
    ],
    inputs: ["recognized-revenue/recognized-revenue"],
  },
  {
    slug: "executive-kpi-dashboard",
    name: "Executive KPI Dashboard",
    domain: "finance",
    ownerTeam: "finance",
    kind: "CONSUMER_ALIGNED",
    lifecycle: "ACTIVE",
    summary: "Weekly company KPIs for the leadership team: GMV, revenue, customers, delivery and ROAS.",
    tags: ["finance", "kpi", "executive", "weekly"],
    serviceLevels: sla("weekly, Monday 07:00 UTC", "99.5 %", "5 years"),
    termsOfUse: `${TERMS_FINANCIAL} Board material: do not forward outside the leadership team.`,
    description: md`
      ## Purpose

      One table behind the Monday leadership dashboard, built only from other data products so
      that every number can be traced back through lineage.

      ## Semantics

      | KPI                  | source product                                |
      | -------------------- | --------------------------------------------- |
      | \`gmvEur\`, \`orders\`   | _Daily Order Summary_                         |
      | \`netRevenueEur\`      | _Daily Revenue_                               |
      | \`activeCustomers\`    | _Customer 360_ (ordered in the last 365 days) |
      | \`onTimeDeliveryRate\` | _Delivery Performance_                        |
      | \`marketingRoas\`      | _Marketing ROI Dashboard_                     |

      One row per ISO week (\`week\` = its Monday).

      ## How to consume

      Read the table; do not recompute KPIs from sources in slides.

      ## Caveats

      The current week is partial until Monday's run.
    `,
    outputPorts: [
      table({
        name: "kpi-table",
        address: "warehouse.finance.executive_kpis",
        description: "Weekly executive KPIs.",
        recordName: "ExecutiveKpiRow",
        fields: [
          req("week", "date", "Monday of the ISO week."),
          req("gmvEur", "number", "Gross merchandise value, EUR."),
          req("netRevenueEur", "number", "Net revenue, EUR."),
          req("orders", "integer", "Orders placed."),
          req("averageOrderValueEur", "number", "GMV per order, EUR."),
          req("activeCustomers", "integer", "Customers with an order in the last 365 days."),
          req("onTimeDeliveryRate", "number", "Share of deliveries on time, 0–1."),
          req("marketingRoas", "number", "Attributed revenue per euro of ad spend."),
        ],
      }),
    ],
    inputs: [
      "daily-revenue/daily-table",
      "daily-order-summary/daily-table",
      "customer-360/warehouse-table",
      "delivery-performance/daily-table",
      "marketing-roi-dashboard/roi-table",
    ],
  },
  {
    slug: "product-margins",
    name: "Product Margins",
    domain: "finance",
    ownerTeam: "finance",
    kind: "CONSUMER_ALIGNED",
    lifecycle: "DRAFT",
    summary: "Monthly contribution margin per SKU after cost of goods, shipping and processing fees.",
    tags: ["finance", "margins", "draft", "monthly"],
    serviceLevels: sla("monthly", "n/a (draft)", "5 years"),
    termsOfUse: `${TERMS_FINANCIAL} Draft: numbers are not validated.`,
    description: md`
      ## Purpose

      Will tell buyers and category managers which products actually make money once delivery,
      returns and transaction fees are counted.

      ## Semantics (planned)

      - One row per \`(sku, month)\`.
      - \`contributionMargin = netRevenue − costOfGoods − shippingCost − processingFees\`.
      - Shipping cost and fees of an order are allocated to its lines by value.

      ## Status

      - [x] revenue per SKU from _Recognized Revenue_
      - [x] shipping cost allocation from _Shipping Costs_
      - [ ] cost of goods from the ERP (waiting for a source-aligned product)
      - [ ] returns handling cost

      ## Caveats

      **Draft**: the schema and the allocation rules will change. Do not build on it yet.
    `,
    outputPorts: [
      table({
        name: "margins-table",
        address: "warehouse.finance.product_margins",
        description: "Monthly margin per SKU.",
        recordName: "ProductMarginRow",
        fields: [
          common.sku(),
          req("month", "string", "Month, `YYYY-MM`."),
          req("unitsSold", "integer", "Units sold net of returns."),
          req("netRevenue", "number", "Net revenue, EUR."),
          req("costOfGoods", "number", "Purchase cost, EUR.", CONFIDENTIAL),
          req("shippingCost", "number", "Allocated shipping cost, EUR.", CONFIDENTIAL),
          req("processingFees", "number", "Allocated PSP fees, EUR.", CONFIDENTIAL),
          req("contributionMargin", "number", "Margin after the costs above, EUR.", CONFIDENTIAL),
        ],
      }),
    ],
    inputs: [
      "recognized-revenue/recognized-revenue",
      "shipping-costs/costs-table",
      "payment-ledger/ledger-table",
    ],
  },
];

// ─── Marketing ──────────────────────────────────────────────────────────────

const MARKETING: DemoProduct[] = [
  {
    slug: "web-clickstream",
    name: "Web Clickstream",
    domain: "marketing",
    ownerTeam: "marketing-analytics",
    kind: "SOURCE_ALIGNED",
    lifecycle: "ACTIVE",
    summary: "Page views on the web shop and app with campaign parameters, for consenting visitors.",
    tags: ["marketing", "behavioural", "pii", "high-volume", "real-time"],
    serviceLevels: sla("< 30 s", "99 %", "13 months (ePrivacy)"),
    termsOfUse: `${TERMS_PII} Only visitors with the ANALYTICS consent are included; keep it that way downstream.`,
    description: md`
      ## Purpose

      First-party tracking of what visitors look at, collected by our own tag server (no third-party
      pixels). The raw material of attribution and journey analysis.

      ## Semantics

      - One event per page view, keyed by \`sessionId\` (30 minutes of inactivity ends a session).
      - \`anonymousId\` is a first-party cookie; \`customerId\` is set once the visitor signs in.
      - \`utm\` holds the campaign parameters of the landing page, repeated on every view of the session.

      ## How to consume

      | you want | do                                                            |
      | -------- | ------------------------------------------------------------- |
      | sessions | group by \`sessionId\`                                          |
      | visitors | group by \`anonymousId\`, stitch with _Customer Identity Graph_ |

      ## Caveats

      - Only visitors who accepted analytics cookies (~70 %) are tracked.
      - Bots are filtered by user agent only; expect residual noise.
    `,
    outputPorts: [
      kafka({
        name: "page-views",
        topic: "marketing.clickstream.v1",
        description: "Page views with session and campaign context.",
        recordName: "PageViewed",
        keyField: "sessionId",
        eventsPerSecond: 0.6,
        fields: [
          common.eventId(),
          req("sessionId", "string", "Session id (`ses_…`)."),
          req("anonymousId", "string", "First-party cookie id (`anon_…`).", PII),
          common.optionalCustomerId("Customer id once signed in."),
          req("pageUrl", "string", "URL of the page, without query parameters other than utm_*."),
          req("pageType", "string", "Page template.", {
            enum: ["HOME", "CATEGORY", "PRODUCT", "SEARCH", "CART", "CHECKOUT"],
          }),
          opt("referrer", "string", "Referring URL."),
          opt("utm", "object", "Campaign parameters of the landing page.", {
            fields: [
              req("source", "string", "utm_source, e.g. `google`, `newsletter`."),
              req("medium", "string", "utm_medium, e.g. `cpc`, `email`."),
              req("campaign", "string", "utm_campaign, our campaign id."),
            ],
          }),
          common.ipAddress("Visitor IP; truncated to /24 after 7 days."),
          common.userAgent(),
          common.occurredAt(),
        ],
      }),
    ],
    inputs: [],
  },
  {
    slug: "campaign-touchpoints",
    name: "Campaign Touchpoints",
    domain: "marketing",
    ownerTeam: "marketing-analytics",
    kind: "SOURCE_ALIGNED",
    lifecycle: "ACTIVE",
    summary: "Sends, opens, clicks and unsubscribes of email, SMS, push and paid campaigns per customer.",
    tags: ["marketing", "campaigns", "pii", "real-time"],
    serviceLevels: sla("< 1 min", "99.5 %", "13 months"),
    termsOfUse: TERMS_PII,
    description: md`
      ## Purpose

      Every contact between a campaign and a known customer, from the email service provider,
      the push service and the ad platforms' conversion APIs.

      ## Semantics

      - Keyed by \`customerId\`, so a customer's touchpoints are ordered.
      - \`action\` follows the funnel: \`SENT\` → \`DELIVERED\` → \`OPENED\` → \`CLICKED\`, or \`UNSUBSCRIBED\`.
      - Paid channels only report \`CLICKED\` for known customers.

      ## How to consume

      Attribution models use \`CLICKED\`; deliverability dashboards use \`SENT\`/\`DELIVERED\`.

      ## Caveats

      - Apple Mail Privacy Protection inflates \`OPENED\` since 2021: do not use opens as a KPI.
      - An \`UNSUBSCRIBED\` here is also written to _Customer Consents_, which is authoritative.
    `,
    outputPorts: [
      kafka({
        name: "touchpoints",
        topic: "marketing.campaign-touchpoints.v1",
        description: "Campaign contacts per customer.",
        recordName: "CampaignTouchpoint",
        avro: true,
        keyField: "customerId",
        eventsPerSecond: 0.3,
        fields: [
          req("touchpointId", "string", "Touchpoint id (`tp_…`)."),
          common.customerId(),
          common.email("Address the message went to (email channel)."),
          req("campaignId", "string", "Campaign id (`cmp_…`)."),
          req("channel", "string", "Campaign channel.", {
            enum: ["EMAIL", "SMS", "PUSH", "PAID_SOCIAL", "PAID_SEARCH"],
          }),
          req("action", "string", "What happened.", {
            enum: ["SENT", "DELIVERED", "OPENED", "CLICKED", "UNSUBSCRIBED"],
          }),
          common.occurredAt(),
        ],
      }),
    ],
    inputs: [],
  },
  {
    slug: "ad-spend",
    name: "Ad Spend",
    domain: "marketing",
    ownerTeam: "marketing-analytics",
    kind: "SOURCE_ALIGNED",
    lifecycle: "ACTIVE",
    summary: "Daily impressions, clicks and spend per campaign from every advertising platform.",
    tags: ["marketing", "advertising", "daily", "costs"],
    serviceLevels: sla("daily 06:00 UTC", "99 %", "5 years"),
    termsOfUse: TERMS_INTERNAL,
    description: md`
      ## Purpose

      Pulls the reporting APIs of Google Ads, Meta, TikTok and Microsoft Ads into one table so that
      spend can be compared with attributed revenue.

      ## Semantics

      - One row per \`(date, platform, campaignId)\`, date in the ad account's time zone.
      - \`spend\` is what the platform will invoice, excluding VAT, converted to the account \`currency\`.
      - \`campaignId\` is **our** id, mapped from platform campaign names by naming convention.

      ## How to consume

      ~~~sql
      select platform, sum(spend) from warehouse.marketing.ad_spend
      where date >= date_trunc('month', current_date) group by platform;
      ~~~

      ## Caveats

      - Platforms restate the last 3 days; the loader reloads them every night.
      - Campaigns that break the naming convention land on \`cmp_unmapped\`.
    `,
    outputPorts: [
      table({
        name: "spend-table",
        address: "warehouse.marketing.ad_spend",
        description: "Daily ad spend per campaign.",
        recordName: "AdSpendRow",
        fields: [
          req("date", "date", "Day, ad account time zone."),
          req("platform", "string", "Advertising platform.", {
            enum: ["GOOGLE_ADS", "META", "TIKTOK", "MICROSOFT_ADS"],
          }),
          req("campaignId", "string", "Our campaign id (`cmp_…`)."),
          req("impressions", "long", "Ad impressions."),
          req("clicks", "integer", "Ad clicks."),
          common.amount("spend", "Cost excluding VAT."),
          common.currency(),
        ],
      }),
    ],
    inputs: [],
  },
  {
    slug: "campaign-attribution",
    name: "Campaign Attribution",
    domain: "marketing",
    ownerTeam: "marketing-analytics",
    kind: "AGGREGATE",
    lifecycle: "ACTIVE",
    summary: "Which campaigns get credit for each order, under several attribution models.",
    tags: ["marketing", "attribution", "kpi", "real-time"],
    serviceLevels: sla("< 15 min after the order", "99.5 %", "3 years"),
    termsOfUse: TERMS_INTERNAL,
    description: md`
      ## Purpose

      Splits the value of every order between the campaigns that led to it, looking back 30 days
      over clicks in the clickstream and campaign touchpoints.

      ## Semantics

      - One event per order and \`model\`; \`touchpoints[].credit\` sums to 1 within an event.
      - Models: \`LAST_CLICK\` (all credit to the last click), \`LINEAR\` (equal shares),
        \`TIME_DECAY\` (half-life 7 days).
      - \`attributedRevenue\` is the order total, net of VAT, in \`currency\`; multiply by \`credit\`
        for a campaign's share.

      ## How to consume

      Pick **one** model per analysis and filter on it; summing across models counts orders thrice.

      ## Caveats

      - Orders without any touchpoint are attributed to \`direct\` with credit 1.
      - Cross-device journeys are only linked for signed-in visitors.
    `,
    outputPorts: [
      kafka({
        name: "attributions",
        topic: "marketing.campaign-attribution.v1",
        description: "Attribution of each order per model.",
        recordName: "OrderAttributed",
        keyField: "orderId",
        eventsPerSecond: 0.1,
        fields: [
          common.orderId(),
          common.optionalCustomerId(),
          req("model", "string", "Attribution model.", { enum: ["LAST_CLICK", "LINEAR", "TIME_DECAY"] }),
          req("touchpoints", "array", "Campaigns credited.", {
            fields: [
              req("campaignId", "string", "Campaign id (`cmp_…`)."),
              req("channel", "string", "Channel of the touchpoint.", {
                enum: ["EMAIL", "SMS", "PUSH", "PAID_SOCIAL", "PAID_SEARCH", "DIRECT"],
              }),
              req("credit", "number", "Share of the credit, 0–1."),
              req("occurredAt", "timestamp", "When the touchpoint happened."),
            ],
          }),
          common.amount("attributedRevenue", "Order value net of VAT."),
          common.currency(),
          req("attributedAt", "timestamp", "When the attribution was computed."),
        ],
      }),
    ],
    inputs: ["order-events/order-events", "web-clickstream/page-views", "campaign-touchpoints/touchpoints"],
  },
  {
    slug: "customer-lifetime-value",
    name: "Customer Lifetime Value",
    domain: "marketing",
    ownerTeam: "marketing-analytics",
    kind: "AGGREGATE",
    lifecycle: "EXPERIMENTAL",
    summary: "Historic and predicted 12-month value and churn probability per customer.",
    tags: ["marketing", "machine-learning", "ltv", "experimental"],
    serviceLevels: sla("weekly, Sunday 22:00 UTC", "95 %", "2 years"),
    termsOfUse: `${TERMS_INTERNAL} Predictions must not be used to change prices for individual customers.`,
    description: md`
      ## Purpose

      Lets marketing spend more to keep valuable customers and less on customers who would buy
      anyway. Scored weekly by a BG/NBD + Gamma-Gamma model.

      ## Semantics

      - One row per customer with at least one completed order.
      - \`historicRevenue\`: net revenue to date (EUR); \`predictedLtv12m\`: expected net revenue in
        the next 12 months (EUR).
      - \`churnProbability\`: chance of no order in the next 12 months.

      ## How to consume

      Join on \`customerId\`; always filter on the latest \`scoredAt\`.

      ## Caveats

      - **Experimental**: validated on 2024–2025 cohorts only.
      - Values are **confidential** per customer; aggregate before sharing.
    `,
    outputPorts: [
      table({
        name: "ltv-table",
        address: "warehouse.marketing.customer_ltv",
        description: "Weekly lifetime value scores.",
        recordName: "CustomerLtvRow",
        fields: [
          common.customerId(),
          req("historicRevenue", "number", "Net revenue to date, EUR.", CONFIDENTIAL),
          req("predictedLtv12m", "number", "Expected net revenue next 12 months, EUR.", CONFIDENTIAL),
          req("churnProbability", "number", "Probability of no order in 12 months, 0–1."),
          req("modelVersion", "string", "Model version."),
          req("scoredAt", "timestamp", "Scoring run time."),
        ],
      }),
    ],
    inputs: ["customer-360/warehouse-table", "recognized-revenue/recognized-revenue"],
  },
  {
    slug: "customer-segments",
    name: "Customer Segments",
    domain: "marketing",
    ownerTeam: "marketing-analytics",
    kind: "CONSUMER_ALIGNED",
    lifecycle: "ACTIVE",
    summary: "Daily RFM segments of consenting customers, exported for the campaign tools.",
    tags: ["marketing", "segmentation", "pii", "gdpr", "daily"],
    serviceLevels: sla("daily 06:30 UTC", "99 %", "30 days of exports"),
    termsOfUse: `${TERMS_PII} Export only to processors listed in the record of processing activities.`,
    description: md`
      ## Purpose

      Ready-made audiences for the email service provider and ad platforms, built from the customer
      record, consent, campaign engagement and lifetime value.

      ## Semantics

      - One parquet file per day under \`s3://mesh-exports/marketing/segments/dt=YYYY-MM-DD/\`.
      - Only customers with a current \`MARKETING_EMAIL\` consent are exported.
      - \`segment\` from recency, frequency and monetary scores:

      | segment   | rule of thumb                          |
      | --------- | -------------------------------------- |
      | \`VIP\`     | top 5 % monetary, ordered in 90 days   |
      | \`LOYAL\`   | 4+ orders a year                       |
      | \`AT_RISK\` | used to be loyal, no order in 180 days |
      | \`NEW\`     | first order in 30 days                 |
      | \`DORMANT\` | no order in 365 days                   |

      ## Caveats

      Exports are full snapshots: a customer missing from today's file must be removed from the audience.
    `,
    outputPorts: [
      file({
        name: "segment-exports",
        address: "s3://mesh-exports/marketing/segments/",
        description: "Daily segment export (parquet).",
        recordName: "CustomerSegment",
        fields: [
          common.customerId(),
          common.email(),
          req("segment", "string", "RFM segment.", { enum: ["VIP", "LOYAL", "AT_RISK", "NEW", "DORMANT"] }),
          req("rfm", "object", "Underlying scores.", {
            fields: [
              req("recencyDays", "integer", "Days since the last order."),
              req("frequency", "integer", "Orders in the last 365 days."),
              req("monetary", "number", "Net revenue in the last 365 days, EUR.", CONFIDENTIAL),
            ],
          }),
          opt("predictedLtv12m", "number", "From Customer Lifetime Value, when scored.", CONFIDENTIAL),
          req("computedAt", "timestamp", "Export run time."),
        ],
      }),
    ],
    inputs: [
      "customer-360/snapshot",
      "customer-consents/consent-changes",
      "campaign-touchpoints/touchpoints",
      "customer-lifetime-value/ltv-table",
    ],
  },
  {
    slug: "marketing-roi-dashboard",
    name: "Marketing ROI Dashboard",
    domain: "marketing",
    ownerTeam: "marketing-analytics",
    kind: "CONSUMER_ALIGNED",
    lifecycle: "ACTIVE",
    summary: "Weekly spend, attributed revenue, ROAS and acquisition cost per campaign.",
    tags: ["marketing", "kpi", "roi", "weekly"],
    serviceLevels: sla("weekly, Monday 06:00 UTC", "99 %", "5 years"),
    termsOfUse: TERMS_INTERNAL,
    description: md`
      ## Purpose

      Answers _"what did each campaign bring back for what it cost?"_ for the marketing leadership
      and the executive KPIs.

      ## Semantics

      - One row per \`(week, campaignId)\`, with the \`LINEAR\` attribution model.
      - \`roas = attributedRevenue / spend\`; \`customerAcquisitionCost = spend / newCustomers\`.
      - Attributed revenue is scaled so that its weekly total matches _Daily Revenue_, keeping
        marketing and finance numbers consistent.

      ## How to consume

      ~~~sql
      select campaign_id, roas from warehouse.marketing.campaign_roi
      where week = date_trunc('week', current_date - 7) order by roas desc;
      ~~~

      ## Caveats

      - Owned channels (email, push) have no spend: their \`roas\` is null.
      - Brand effects of paid social are not captured by click attribution.
    `,
    outputPorts: [
      table({
        name: "roi-table",
        address: "warehouse.marketing.campaign_roi",
        description: "Weekly campaign ROI.",
        recordName: "CampaignRoiRow",
        fields: [
          req("week", "date", "Monday of the ISO week."),
          req("campaignId", "string", "Campaign id (`cmp_…`)."),
          req("channel", "string", "Campaign channel.", {
            enum: ["EMAIL", "SMS", "PUSH", "PAID_SOCIAL", "PAID_SEARCH"],
          }),
          req("spend", "number", "Ad spend, EUR."),
          req("attributedRevenue", "number", "Attributed net revenue, EUR."),
          opt("roas", "number", "Return on ad spend."),
          req("newCustomers", "integer", "First-time buyers attributed."),
          opt("customerAcquisitionCost", "number", "Spend per new customer, EUR."),
        ],
      }),
    ],
    inputs: ["campaign-attribution/attributions", "ad-spend/spend-table", "daily-revenue/daily-table"],
  },
  {
    slug: "cart-recovery-audience",
    name: "Cart Recovery Audience",
    domain: "marketing",
    ownerTeam: "marketing-analytics",
    kind: "CONSUMER_ALIGNED",
    lifecycle: "ACTIVE",
    summary: "Consenting customers with an abandoned cart, ready for a reminder email.",
    tags: ["marketing", "pii", "automation", "real-time"],
    serviceLevels: sla("< 10 min after abandonment", "99.5 %", "3 days"),
    termsOfUse: `${TERMS_PII} At most one reminder per cart; never to customers without marketing consent.`,
    description: md`
      ## Purpose

      Feeds the email service provider's cart reminder journey. Takes _Abandoned Carts_ and keeps
      only customers who currently consent to marketing email.

      ## Semantics

      - One event per eligible cart, keyed by \`customerId\` so that one customer gets one reminder
        even with several carts.
      - \`eligibleAt\` is when the reminder may go out (abandonment + 2 h, never at night).
      - \`items\` holds at most three lines, the most expensive first, for the email template.

      ## How to consume

      The ESP connector consumes it directly; analysts should use _Abandoned Carts_.

      ## Caveats

      - Consent is checked at emission; the ESP checks it again at send time.
      - Contains PII (\`email\`, \`firstName\`).
    `,
    outputPorts: [
      kafka({
        name: "audience",
        topic: "marketing.cart-recovery-audience.v1",
        description: "Eligible cart reminders.",
        recordName: "CartRecoveryCandidate",
        keyField: "customerId",
        eventsPerSecond: 0.1,
        fields: [
          common.customerId(),
          common.email(),
          common.firstName(),
          req("locale", "string", "Language of the email, BCP 47."),
          req("cartId", "string", "Abandoned cart (`cart_…`)."),
          common.amount("cartValue", "Value of the cart."),
          common.currency(),
          req("items", "array", "Up to three lines for the template.", {
            fields: [
              common.sku(),
              req("productName", "string", "Product name."),
              req("unitPrice", "number", "Price per unit."),
            ],
          }),
          req("eligibleAt", "timestamp", "Earliest send time."),
        ],
      }),
    ],
    inputs: ["abandoned-carts/abandoned-carts", "customer-consents/consent-changes"],
  },
  {
    slug: "newsletter-subscribers-v0",
    name: "Newsletter Subscribers (v0)",
    domain: "marketing",
    ownerTeam: "marketing-analytics",
    kind: "CONSUMER_ALIGNED",
    lifecycle: "DEPRECATED",
    deprecation: {
      sunsetInDays: 20,
      message:
        "Replaced by Customer Segments, which respects consent per purpose. Export removed next quarter.",
      successor: "customer-segments",
    },
    summary: "Deprecated CSV of newsletter subscribers; replaced by Customer Segments.",
    tags: ["marketing", "deprecated", "csv", "pii"],
    serviceLevels: sla("daily 07:00 UTC", "95 %", "7 days"),
    termsOfUse: `${TERMS_PII} No new consumers.`,
    description: md`
      > **Deprecated**, replaced by _Customer Segments_, which respects consent per purpose.

      ## Purpose

      The first export ever built for the newsletter tool: email addresses of customers who
      ticked the newsletter box at sign-up.

      ## Semantics

      - A full CSV per day under \`s3://mesh-exports/marketing/newsletter-subscribers/\`.
      - Based on the profile's \`marketingOptIn\` snapshot, **not** on _Customer Consents_: withdrawn
        consents can take a day to disappear.

      ## Migration

      1. Request access to _Customer Segments_.
      2. Use \`segment\` instead of the \`country\` lists.
      3. Tell the Marketing Analytics team so that we can switch this export off.

      ## Caveats

      Retention is already reduced to 7 days; the export will be removed next quarter.
    `,
    outputPorts: [
      file({
        name: "subscribers-csv",
        address: "s3://mesh-exports/marketing/newsletter-subscribers/",
        description: "Daily subscriber list.",
        recordName: "NewsletterSubscriber",
        format: "csv",
        fields: [
          common.email(),
          common.firstName(),
          common.country(),
          req("subscribedAt", "timestamp", "When the box was ticked."),
        ],
      }),
    ],
    inputs: ["customer-profiles/profile-events", "customer-consents/consent-changes"],
  },
  {
    slug: "campaign-clicks-v0",
    name: "Campaign Clicks (v0)",
    domain: "marketing",
    ownerTeam: "marketing-analytics",
    kind: "SOURCE_ALIGNED",
    lifecycle: "RETIRED",
    retiredDaysAgo: 30,
    summary: "Retired: raw email campaign clicks, superseded by Campaign Attribution.",
    tags: ["marketing", "retired", "clicks"],
    serviceLevels: sla("hourly", "95 %", "30 days"),
    termsOfUse: "Retired: no consumers. Kept for history and lineage.",
    description: md`
      > **Retired.** Campaign Attribution replaced it; the files stay in the bucket for audits.

      ## Purpose

      The first click export of the newsletter tool: one line per click on a campaign link.

      ## Semantics

      - Hourly CSV files under \`s3://mesh-exports/marketing/campaign-clicks/\`.
      - Bot clicks were not filtered, which is why attribution moved to its own product.

      ## History

      Published in the first quarter of the mesh, deprecated when Campaign Attribution went live,
      and retired a month ago after its last two consumers moved. Its grants were revoked and the
      team's write access removed; the files stay in the bucket for the audit period, and lineage
      still shows where its data used to flow.
    `,
    outputPorts: [
      file({
        name: "clicks-csv",
        address: "s3://mesh-exports/marketing/campaign-clicks/",
        description: "Hourly click files.",
        recordName: "CampaignClick",
        format: "csv",
        fields: [
          req("campaignId", "string", "The campaign the link belongs to."),
          req("clickedAt", "timestamp", "When the link was clicked."),
          common.email(),
        ],
      }),
    ],
    inputs: [],
  },
];

// ─── Platform ───────────────────────────────────────────────────────────────

const PLATFORM: DemoProduct[] = [
  {
    slug: "topic-usage-metrics",
    name: "Topic Usage Metrics",
    domain: "platform",
    ownerTeam: "platform",
    kind: "SOURCE_ALIGNED",
    lifecycle: "ACTIVE",
    summary: "Per-topic traffic, consumer groups and lag on the mesh's Kafka cluster, every minute.",
    tags: ["platform", "observability", "kafka", "real-time"],
    serviceLevels: sla("< 2 min", "99 %", "30 days"),
    termsOfUse:
      "Open to every team. Do not use it to bill teams; chargeback uses the monthly platform report.",
    description: md`
      ## Purpose

      Shows how each data product's topics are used: how much is written, how much is read and by
      how many consumer groups. Product owners use it to spot unused ports and lagging consumers.

      ## Semantics

      - One event per topic per minute, keyed by \`topic\`.
      - \`messagesIn\`, \`bytesIn\` and \`bytesOut\` are totals over the minute starting at \`windowStart\`.
      - \`maxConsumerLag\` is the largest lag (in messages) of any group on the topic.

      ## How to consume

      ~~~
      lag alert: maxConsumerLag > 10 000 for 5 consecutive windows
      ~~~

      ## Caveats

      Internal topics (\`__consumer_offsets\`, connector state) are excluded.
    `,
    outputPorts: [
      kafka({
        name: "topic-usage",
        topic: "platform.topic-usage.v1",
        description: "Per-minute topic usage.",
        recordName: "TopicUsage",
        keyField: "topic",
        eventsPerSecond: 0.2,
        fields: [
          req("topic", "string", "Topic name."),
          req("windowStart", "timestamp", "Start of the one-minute window."),
          req("messagesIn", "long", "Messages written."),
          req("bytesIn", "long", "Bytes written."),
          req("bytesOut", "long", "Bytes read by all consumers."),
          req("consumerGroups", "integer", "Active consumer groups."),
          req("maxConsumerLag", "long", "Largest lag of any group, in messages."),
        ],
      }),
    ],
    inputs: [],
  },
  {
    slug: "erasure-propagation-status",
    name: "Erasure Propagation Status",
    domain: "platform",
    ownerTeam: "platform",
    kind: "CONSUMER_ALIGNED",
    lifecycle: "DRAFT",
    summary: "Tracks, per erasure request, which data products have deleted the customer's data.",
    tags: ["platform", "gdpr", "compliance", "draft"],
    serviceLevels: sla("< 1 h", "n/a (draft)", "5 years"),
    termsOfUse: "Readable by every team and the data protection officer.",
    description: md`
      ## Purpose

      Proves to the data protection officer that a deletion reached **every** product holding
      PII. The platform fans each _Data Erasure Requests_ event out to the products whose schemas
      contain PII fields, and records their confirmation.

      ## Semantics (planned)

      - Keyed by \`requestId\`; one event per \`(requestId, productSlug)\` status change.
      - \`status\`: \`PENDING\` → \`ERASED\`, \`NOT_APPLICABLE\` (no data for that customer) or \`FAILED\`.

      ## How to consume

      Product owners will confirm through the Meshport API (\`POST /api/v1/erasures/{id}/confirm\`);
      this topic is the audit trail.

      ## Caveats

      **Draft:** the confirmation API is not built yet and the topic carries no traffic.
    `,
    outputPorts: [
      kafka({
        name: "erasure-status",
        topic: "platform.erasure-status.v1",
        description: "Erasure status per request and product.",
        recordName: "ErasureStatusChanged",
        keyField: "requestId",
        eventsPerSecond: 0,
        fields: [
          req("requestId", "string", "Erasure request (`req_…`)."),
          common.customerId(),
          req("productSlug", "string", "Data product concerned."),
          req("status", "string", "Erasure status in that product.", {
            enum: ["PENDING", "ERASED", "NOT_APPLICABLE", "FAILED"],
          }),
          req("checkedAt", "timestamp", "When the status was last checked."),
          opt("erasedAt", "timestamp", "When the data was erased."),
        ],
      }),
    ],
    inputs: ["data-erasure-requests/erasure-requests"],
  },
];

// ─── The mesh ───────────────────────────────────────────────────────────────

export const DEMO_PRODUCTS: readonly DemoProduct[] = [
  ...ORDERS,
  ...PAYMENTS,
  ...SHIPPING,
  ...CUSTOMERS,
  ...MARKETING,
  ...FINANCE,
  ...PLATFORM,
];
