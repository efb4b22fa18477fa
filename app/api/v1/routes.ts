/**
 * Every /api/v1 route module with its OpenAPI path: what openapi.json is built from.
 * `routes.test.ts` fails when a route file is missing here or an entry names no file.
 */
import type { ApiRoute } from "@/lib/http/openapi";
import * as accessRequestsIdApprove from "./access-requests/[id]/approve/route";
import * as accessRequestsIdCancel from "./access-requests/[id]/cancel/route";
import * as accessRequestsIdDeny from "./access-requests/[id]/deny/route";
import * as accessRequestsId from "./access-requests/[id]/route";
import * as accessRequests from "./access-requests/route";
import * as domainsSlug from "./domains/[slug]/route";
import * as domains from "./domains/route";
import * as grantsIdProvision from "./grants/[id]/provision/route";
import * as grantsIdRevoke from "./grants/[id]/revoke/route";
import * as grants from "./grants/route";
import * as governance from "./governance/route";
import * as health from "./health/route";
import * as lineageImpact from "./lineage/impact/route";
import * as lineageLayout from "./lineage/layout/route";
import * as lineage from "./lineage/route";
import * as markdownPreview from "./markdown/preview/route";
import * as openapiJson from "./openapi.json/route";
import * as policies from "./policies/route";
import * as portsPortidKafka from "./ports/[portId]/kafka/route";
import * as portsPortidSchemas from "./ports/[portId]/schemas/route";
import * as portsPortidTail from "./ports/[portId]/tail/route";
import * as productsSlugContract from "./products/[slug]/contract/route";
import * as productsSlugInputsPortid from "./products/[slug]/inputs/[portId]/route";
import * as productsSlugInputs from "./products/[slug]/inputs/route";
import * as productsSlugLifecycle from "./products/[slug]/lifecycle/route";
import * as productsSlugPortsPortidProvision from "./products/[slug]/ports/[portId]/provision/route";
import * as productsSlugPortsPortid from "./products/[slug]/ports/[portId]/route";
import * as productsSlugPortsPortidSuccessor from "./products/[slug]/ports/[portId]/successor/route";
import * as productsSlugPorts from "./products/[slug]/ports/route";
import * as productsSlugPolicies from "./products/[slug]/policies/route";
import * as productsSlug from "./products/[slug]/route";
import * as products from "./products/route";
import * as sessions from "./sessions/route";
import * as tokensId from "./tokens/[id]/route";
import * as tokens from "./tokens/route";
import * as teamsSlugMembersUserid from "./teams/[slug]/members/[userId]/route";
import * as teamsSlugMembers from "./teams/[slug]/members/route";
import * as teamsSlug from "./teams/[slug]/route";
import * as teams from "./teams/route";
import * as topics from "./topics/route";

export const API_ROUTES: readonly ApiRoute[] = [
  { path: "/api/v1/access-requests/{id}/approve", module: accessRequestsIdApprove },
  { path: "/api/v1/access-requests/{id}/cancel", module: accessRequestsIdCancel },
  { path: "/api/v1/access-requests/{id}/deny", module: accessRequestsIdDeny },
  { path: "/api/v1/access-requests/{id}", module: accessRequestsId },
  { path: "/api/v1/access-requests", module: accessRequests },
  { path: "/api/v1/domains/{slug}", module: domainsSlug },
  { path: "/api/v1/domains", module: domains },
  { path: "/api/v1/grants/{id}/provision", module: grantsIdProvision },
  { path: "/api/v1/grants/{id}/revoke", module: grantsIdRevoke },
  { path: "/api/v1/grants", module: grants },
  { path: "/api/v1/governance", module: governance },
  { path: "/api/v1/health", module: health },
  { path: "/api/v1/lineage/impact", module: lineageImpact },
  { path: "/api/v1/lineage/layout", module: lineageLayout },
  { path: "/api/v1/lineage", module: lineage },
  { path: "/api/v1/markdown/preview", module: markdownPreview },
  { path: "/api/v1/openapi.json", module: openapiJson },
  { path: "/api/v1/policies", module: policies },
  { path: "/api/v1/ports/{portId}/kafka", module: portsPortidKafka },
  { path: "/api/v1/ports/{portId}/schemas", module: portsPortidSchemas },
  { path: "/api/v1/ports/{portId}/tail", module: portsPortidTail },
  { path: "/api/v1/products/{slug}/contract", module: productsSlugContract },
  { path: "/api/v1/products/{slug}/inputs/{portId}", module: productsSlugInputsPortid },
  { path: "/api/v1/products/{slug}/inputs", module: productsSlugInputs },
  { path: "/api/v1/products/{slug}/lifecycle", module: productsSlugLifecycle },
  { path: "/api/v1/products/{slug}/ports/{portId}/provision", module: productsSlugPortsPortidProvision },
  { path: "/api/v1/products/{slug}/ports/{portId}/successor", module: productsSlugPortsPortidSuccessor },
  { path: "/api/v1/products/{slug}/ports/{portId}", module: productsSlugPortsPortid },
  { path: "/api/v1/products/{slug}/ports", module: productsSlugPorts },
  { path: "/api/v1/products/{slug}/policies", module: productsSlugPolicies },
  { path: "/api/v1/products/{slug}", module: productsSlug },
  { path: "/api/v1/products", module: products },
  { path: "/api/v1/sessions", module: sessions },
  { path: "/api/v1/tokens/{id}", module: tokensId },
  { path: "/api/v1/tokens", module: tokens },
  { path: "/api/v1/teams/{slug}/members/{userId}", module: teamsSlugMembersUserid },
  { path: "/api/v1/teams/{slug}/members", module: teamsSlugMembers },
  { path: "/api/v1/teams/{slug}", module: teamsSlug },
  { path: "/api/v1/teams", module: teams },
  { path: "/api/v1/topics", module: topics },
];
