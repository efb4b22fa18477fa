/**
 * The one state machine of access requests and grants. Every state change goes through here;
 * an invalid transition is a 409, never a silent overwrite. Pure, unit-tested.
 *
 * Request: PENDING → APPROVED | DENIED | CANCELLED (all final).
 * Grant:   PROVISIONING → ACTIVE | FAILED;  FAILED | ACTIVE → PROVISIONING (retry, idempotent);
 *          PROVISIONING | ACTIVE | FAILED → REVOKING (revoke or expiry asked);
 *          REVOKING → REVOKED | EXPIRED (ACLs removed).
 */
import type { AccessRequestStatus, GrantStatus } from "@/lib/generated/prisma/enums";
import { AppError } from "@/lib/core/errors";

export type RequestStatus = AccessRequestStatus;
export type RequestAction = "approve" | "deny" | "cancel";
export type { GrantStatus };
export type GrantEvent = "provisioned" | "provisioning_failed" | "retry" | "revoke" | "revoked" | "expired";

const REQUEST: Record<RequestAction, { from: readonly RequestStatus[]; to: RequestStatus }> = {
  approve: { from: ["PENDING"], to: "APPROVED" },
  deny: { from: ["PENDING"], to: "DENIED" },
  cancel: { from: ["PENDING"], to: "CANCELLED" },
};

const GRANT: Record<GrantEvent, { from: readonly GrantStatus[]; to: GrantStatus }> = {
  provisioned: { from: ["PROVISIONING"], to: "ACTIVE" },
  provisioning_failed: { from: ["PROVISIONING"], to: "FAILED" },
  retry: { from: ["FAILED", "ACTIVE"], to: "PROVISIONING" },
  revoke: { from: ["PROVISIONING", "ACTIVE", "FAILED"], to: "REVOKING" },
  revoked: { from: ["REVOKING"], to: "REVOKED" },
  expired: { from: ["REVOKING"], to: "EXPIRED" },
};

/** Statuses a request may be in for `action` (for conditional updates: `WHERE status IN …`). */
export function requestSourceStatuses(action: RequestAction): readonly RequestStatus[] {
  return REQUEST[action].from;
}

/** The status after `action`, or a 409 naming the current status. */
export function nextRequestStatus(current: RequestStatus, action: RequestAction): RequestStatus {
  const rule = REQUEST[action];
  if (!rule.from.includes(current)) {
    throw AppError.conflict(`This request is ${current.toLowerCase()}: it can no longer be ${PAST[action]}`);
  }
  return rule.to;
}

const PAST: Record<RequestAction, string> = { approve: "approved", deny: "denied", cancel: "cancelled" };

export function grantSourceStatuses(event: GrantEvent): readonly GrantStatus[] {
  return GRANT[event].from;
}

export function nextGrantStatus(current: GrantStatus, event: GrantEvent): GrantStatus {
  const rule = GRANT[event];
  if (!rule.from.includes(current)) {
    throw AppError.conflict(
      `This grant is ${current.toLowerCase()}: "${event.replace("_", " ")}" does not apply`,
    );
  }
  return rule.to;
}

/** Grants whose ACLs are (or are about to be) on the broker. */
export const LIVE_GRANT_STATUSES: readonly GrantStatus[] = ["PROVISIONING", "ACTIVE", "FAILED", "REVOKING"];
