import type { DemoPersona } from "./mesh-types";

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
