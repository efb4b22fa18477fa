/** The demo personas the e2e suite signs in as (one storage state each). */
export const PERSONAS = {
  alice: { email: "alice@meshport.dev", name: "Alice Okafor", teams: "Orders" },
  dave: { email: "dave@meshport.dev", name: "Dave Lindqvist", teams: "Payments" },
  bob: { email: "bob@meshport.dev", name: "Bob Tanaka", teams: "Marketing Analytics" },
  carol: { email: "carol@meshport.dev", name: "Carol Mendes", teams: "admin" },
} as const;

export type PersonaKey = keyof typeof PERSONAS;

export function storageState(persona: PersonaKey): string {
  return `e2e/.auth/${persona}.json`;
}
