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
  "grant.expiring": "announced the grant's coming expiry",
  "webhook.disabled": "turned off a failing webhook",
  "product.updated": "edited the product",
  "schema.version_added": "added a schema version",
  "contract.imported": "imported a contract",
  "port.registered": "registered a topic as a port",
  "product.created": "created the product (draft)",
  "product.published": "published the product",
  "product.deprecated": "deprecated the product",
  "product.deprecation_withdrawn": "withdrew the deprecation",
  "product.retired": "retired the product",
  "port.created": "added an output port",
  "port.updated": "changed an output port",
  "port.deleted": "deleted a draft port",
  "port.live": "port live on Kafka (topic and write access)",
  "port.failed": "port provisioning failed",
  "port.retired": "port retired (write access removed)",
  "port.successor_created": "created the next major version of a port",
  "port.topic_deleted": "deleted a retired port's topic",
  "input_port.declared": "declared an input port",
  "input_port.removed": "removed an input port",
  "policy_set.updated": "changed the mesh policies",
};

export function auditLabel(action: string): string {
  return LABELS[action] ?? action.replace(/[._]/g, " ");
}
