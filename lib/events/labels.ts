/** Human wording of audit actions (the raw key stays visible next to it for people who search logs). Pure. */
const LABELS: Record<string, string> = {
  "access_request.created": "requested access",
  "access_request.approved": "approved the request",
  "access_request.denied": "denied the request",
  "access_request.cancelled": "withdrew the request",
  "grant.provisioning": "started provisioning the grant on Kafka",
  "grant.active": "grant active on Kafka",
  "grant.failed": "provisioning failed",
  "grant.revoking": "started revoking the grant",
  "grant.revoked": "revoked the grant",
  "grant.expired": "grant expired",
  "product.updated": "edited the product",
  "schema.version_added": "added a schema version",
  "contract.imported": "imported a contract",
  "port.registered": "registered a topic as a port",
};

export function auditLabel(action: string): string {
  return LABELS[action] ?? action.replace(/[._]/g, " ");
}
