/**
 * Demo teams and their Kafka principals. Pure data: the seed, the local broker script
 * (one SASL/PLAIN user per team, password `<slug>-secret`) and the tests all read it.
 */
export interface DemoTeam {
  slug: string;
  name: string;
  domainSlug: string;
  description: string;
}

export const DEMO_TEAMS: readonly DemoTeam[] = [
  {
    slug: "orders",
    name: "Orders",
    domainSlug: "orders",
    description: "Owns checkout, order lifecycle and carts.",
  },
  {
    slug: "payments",
    name: "Payments",
    domainSlug: "payments",
    description: "Owns payment capture, refunds and payouts.",
  },
  {
    slug: "shipping",
    name: "Shipping",
    domainSlug: "shipping",
    description: "Owns fulfilment, carriers and delivery tracking.",
  },
  {
    slug: "customers",
    name: "Customer Data",
    domainSlug: "customers",
    description: "Owns customer profiles, consent and identity.",
  },
  {
    slug: "marketing-analytics",
    name: "Marketing Analytics",
    domainSlug: "marketing",
    description: "Builds campaign attribution and segmentation.",
  },
  {
    slug: "finance",
    name: "Finance",
    domainSlug: "finance",
    description: "Owns revenue recognition, ledgers and reporting.",
  },
  {
    slug: "platform",
    name: "Data Platform",
    domainSlug: "platform",
    description: "Runs the mesh platform and Meshport itself.",
  },
];

/** The portal's own principal; a super user on the local broker. */
export const PORTAL_PRINCIPAL = { username: "meshport", password: "meshport-secret" } as const;

export function teamKafkaPassword(teamSlug: string): string {
  return `${teamSlug}-secret`;
}
