/** Browser calls of the publishing API (types from dto.ts and schemas.ts only). */
import { fetchJson } from "@/lib/api/fetch-json";
import type { CreatedProduct, InputPortResult, LifecycleResult, PortResult, PortStateItem } from "./dto";
import type { LifecycleChange, PortCreate, PortUpdate, ProductCreate } from "./schemas";
import type { z } from "zod";
import type { PortCreateSchema, ProductCreateSchema, PortSuccessorSchema } from "./schemas";

export type {
  CreatedProduct,
  LifecycleResult,
  PortCreate,
  PortResult,
  PortStateItem,
  PortUpdate,
  ProductCreate,
};

const send = (method: string, body?: unknown): RequestInit => ({
  method,
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});
const product = (slug: string) => `/api/v1/products/${encodeURIComponent(slug)}`;
const port = (slug: string, portId: string) => `${product(slug)}/ports/${encodeURIComponent(portId)}`;

export function createProduct(input: z.input<typeof ProductCreateSchema>): Promise<CreatedProduct> {
  return fetchJson("/api/v1/products", send("POST", input));
}

export function addPort(slug: string, input: z.input<typeof PortCreateSchema>): Promise<PortResult> {
  return fetchJson(`${product(slug)}/ports`, send("POST", input));
}

export function updatePort(slug: string, portId: string, input: PortUpdate): Promise<PortResult> {
  return fetchJson(port(slug, portId), send("PATCH", input));
}

export function deletePort(slug: string, portId: string): Promise<{ id: string; deleted: true }> {
  return fetchJson(port(slug, portId), send("DELETE"));
}

export function retryPort(slug: string, portId: string): Promise<PortStateItem> {
  return fetchJson(`${port(slug, portId)}/provision`, send("POST", {}));
}

export function createSuccessorPort(
  slug: string,
  portId: string,
  input: z.input<typeof PortSuccessorSchema> = {},
): Promise<PortResult> {
  return fetchJson(`${port(slug, portId)}/successor`, send("POST", input));
}

export function changeLifecycle(slug: string, change: LifecycleChange): Promise<LifecycleResult> {
  return fetchJson(`${product(slug)}/lifecycle`, send("POST", change));
}

export function declareInputPort(slug: string, portId: string): Promise<InputPortResult> {
  return fetchJson(`${product(slug)}/inputs`, send("POST", { portId }));
}

export function removeInputPort(slug: string, portId: string): Promise<InputPortResult> {
  return fetchJson(`${product(slug)}/inputs/${encodeURIComponent(portId)}`, send("DELETE"));
}

export function deleteRetiredTopic(slug: string, portId: string, confirm: string): Promise<PortStateItem> {
  return fetchJson(`${port(slug, portId)}/topic`, send("DELETE", { confirm }));
}

/** The channels of an AsyncAPI 3.0 document as new Kafka ports of `slug` (`dryRun` lists them). */
export function importAsyncApi(
  slug: string,
  text: string,
  dryRun: boolean,
): Promise<{
  applied: boolean;
  title: string;
  channels: { channel: string; topic: string; port: string; action: string; detail: string }[];
}> {
  return fetchJson(`/api/v1/products/${encodeURIComponent(slug)}/asyncapi${dryRun ? "?dryRun=1" : ""}`, {
    method: "POST",
    headers: { "content-type": "application/yaml" },
    body: text,
  });
}
