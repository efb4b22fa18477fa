import type { DemoPersona } from "./mesh-types";

/**
 * Colleagues in each team besides the personas, so every team has the two members the mesh's
 * ownership policy asks for. They are seeded users who never sign in to the demo.
 */
export const DEMO_TEAMMATES: readonly { email: string; name: string; team: string }[] = [
  { email: "priya@meshport.dev", name: "Priya Raman", team: "orders" },
  { email: "tomas@meshport.dev", name: "Tomás Ibarra", team: "payments" },
  { email: "sven@meshport.dev", name: "Sven Aalto", team: "shipping" },
  { email: "mei@meshport.dev", name: "Mei Chen", team: "shipping" },
  { email: "ines@meshport.dev", name: "Inês Duarte", team: "customers" },
  { email: "noah@meshport.dev", name: "Noah Becker", team: "customers" },
  { email: "leila@meshport.dev", name: "Leila Haddad", team: "marketing-analytics" },
  { email: "omar@meshport.dev", name: "Omar Farouk", team: "finance" },
  { email: "hana@meshport.dev", name: "Hana Sato", team: "finance" },
  { email: "raj@meshport.dev", name: "Raj Patel", team: "platform" },
];

/** Seeded demo personas; in demo mode each signs in with the password `demo`. */
export const DEMO_PERSONAS: readonly DemoPersona[] = [
  {
    email: "alice@meshport.dev",
    name: "Alice Okafor",
    role: "USER",
    teams: [{ slug: "orders", role: "OWNER" }],
  },
  {
    email: "dave@meshport.dev",
    name: "Dave Lindqvist",
    role: "USER",
    teams: [{ slug: "payments", role: "OWNER" }],
  },
  {
    email: "bob@meshport.dev",
    name: "Bob Tanaka",
    role: "USER",
    teams: [{ slug: "marketing-analytics", role: "MEMBER" }],
  },
  {
    email: "carol@meshport.dev",
    name: "Carol Mendes",
    role: "ADMIN",
    teams: [{ slug: "platform", role: "OWNER" }],
  },
];
