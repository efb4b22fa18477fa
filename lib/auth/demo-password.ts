/** In demo mode every seeded persona signs in with this password (no other mode accepts passwords). */
export const DEMO_PASSWORD = "demo";
