/**
 * The state machines of publishing: a product's lifecycle and its ports' provisioning. Every
 * change goes through here and then a conditional update (`WHERE state IN (from)`), so two
 * owners acting at once get one change and a 409. Pure, unit-tested.
 *
 * Product: DRAFT | EXPERIMENTAL → ACTIVE (publish); ACTIVE | EXPERIMENTAL → DEPRECATED;
 *          DEPRECATED → ACTIVE (deprecation withdrawn); DEPRECATED → RETIRED at or after the
 *          sunset (admins: ACTIVE | EXPERIMENTAL | DEPRECATED → RETIRED any time).
 * Port:    DRAFT → PROVISIONING (publish; a table or file goes straight to ACTIVE);
 *          PROVISIONING → ACTIVE | FAILED; FAILED | ACTIVE → PROVISIONING (retry, idempotent);
 *          PROVISIONING | ACTIVE | FAILED → RETIRING → RETIRED (the owner's bindings removed).
 */
import { AppError } from "@/lib/core/errors";
import type { Lifecycle, PortState } from "@/lib/generated/prisma/enums";

export type { Lifecycle, PortState };
export type LifecycleTarget = "ACTIVE" | "DEPRECATED" | "RETIRED";

const PRODUCT: Record<LifecycleTarget, readonly Lifecycle[]> = {
  ACTIVE: ["DRAFT", "EXPERIMENTAL", "DEPRECATED"],
  DEPRECATED: ["ACTIVE", "EXPERIMENTAL"],
  RETIRED: ["DEPRECATED"],
};
const ADMIN_RETIRE: readonly Lifecycle[] = ["ACTIVE", "EXPERIMENTAL", "DEPRECATED"];

/** Lifecycles a product may leave for `to` (for the conditional update). */
export function lifecycleSources(to: LifecycleTarget, admin: boolean): readonly Lifecycle[] {
  return to === "RETIRED" && admin ? ADMIN_RETIRE : PRODUCT[to];
}

const VERB: Record<LifecycleTarget, string> = {
  ACTIVE: "published",
  DEPRECATED: "deprecated",
  RETIRED: "retired",
};

/** Checks a lifecycle change; a 409 names where the product is and what it can do instead. */
export function checkLifecycleChange(current: Lifecycle, to: LifecycleTarget, admin: boolean): void {
  if (lifecycleSources(to, admin).includes(current)) return;
  const hint =
    to === "RETIRED" && (current === "ACTIVE" || current === "EXPERIMENTAL")
      ? ": deprecate it first, with a sunset date, so consumers can move"
      : current === "RETIRED"
        ? ": a retired product stays retired (create a new product instead)"
        : "";
  throw AppError.conflict(`The product is ${current.toLowerCase()}: it cannot be ${VERB[to]}${hint}`);
}

export type PortEvent = "publish" | "provisioned" | "provisioning_failed" | "retry" | "retire" | "retired";

const PORT: Record<PortEvent, { from: readonly PortState[]; to: PortState }> = {
  publish: { from: ["DRAFT"], to: "PROVISIONING" },
  provisioned: { from: ["PROVISIONING"], to: "ACTIVE" },
  provisioning_failed: { from: ["PROVISIONING"], to: "FAILED" },
  retry: { from: ["FAILED", "ACTIVE"], to: "PROVISIONING" },
  retire: { from: ["PROVISIONING", "ACTIVE", "FAILED"], to: "RETIRING" },
  retired: { from: ["RETIRING"], to: "RETIRED" },
};

export function portSourceStates(event: PortEvent): readonly PortState[] {
  return PORT[event].from;
}

export function nextPortState(current: PortState, event: PortEvent): PortState {
  const rule = PORT[event];
  if (!rule.from.includes(current))
    throw AppError.conflict(
      `This port is ${current.toLowerCase()}: "${event.replace("_", " ")}" does not apply`,
    );
  return rule.to;
}

/** Port states whose topic and owner bindings exist on the broker (or are being made or removed). */
export const PROVISIONED_PORT_STATES: readonly PortState[] = ["PROVISIONING", "ACTIVE", "FAILED", "RETIRING"];
