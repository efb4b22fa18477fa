/** The zod building blocks every domain's schemas share: one slug rule, one id rule. */
import { z } from "zod";

/** Teams, domains and products: lowercase letters, digits and dashes, starting with a letter or digit. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,80}$/;
/** Port names: the same alphabet, shorter. */
export const PORT_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,60}$/;

export const slug = (what = "slug") => z.string().regex(SLUG_PATTERN, `must be a lowercase ${what}`);

/** A row id (uuid), named for the message: `must be a port id (uuid)`. */
export const rowId = (what = "an id") => z.uuid(`must be ${what} (uuid)`);

/** Prisma's generated enum object as a non-empty tuple of its values (for z.enum and UI lists). */
export function enumValues<const E extends Record<string, string>>(e: E): [E[keyof E], ...E[keyof E][]] {
  return Object.values(e) as [E[keyof E], ...E[keyof E][]];
}
