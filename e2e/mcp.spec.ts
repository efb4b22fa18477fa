import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { produceOnePerPartition } from "../scripts/test-support/demo-events";
import { storageState, type PersonaKey } from "./personas";

// An AI assistant on the running portal: bob makes a token "for an AI assistant" on the tokens
// page, the MCP SDK's own client uses it over HTTP against /api/mcp — search, a product, masked
// sample events, an access request — and the request shows in alice's inbox marked as filed
// through an assistant; bob's tokens page lists what the assistant did.
test.describe.configure({ mode: "serial" });

async function as(browser: Browser, persona: PersonaKey) {
  const context = await browser.newContext({ storageState: storageState(persona) });
  return { context, page: await context.newPage(), request: context.request };
}

/**
 * An active grant of Marketing Analytics on the product's Kafka port: bob requests it (or finds
 * his team's pending request, or the grant an earlier spec left), alice approves.
 */
async function grantMarketingAnalytics(bob: APIRequestContext, alice: APIRequestContext, slug: string) {
  const product = (await (await bob.get(`/api/v1/products/${slug}`)).json()) as {
    outputPorts: { id: string; name: string; type: string; address: string }[];
  };
  const port = product.outputPorts.find((p) => p.type === "KAFKA_TOPIC")!;
  const found = { ref: `${slug}/${port.name}`, address: port.address };
  const grants = (await (
    await bob.get(`/api/v1/grants?team=marketing-analytics&product=${slug}`)
  ).json()) as {
    items: { status: string; port: { id: string } }[];
  };
  if (grants.items.some((g) => g.port.id === port.id && g.status === "active")) return found;
  const pending = (await (await bob.get("/api/v1/access-requests?as=requester&status=pending")).json()) as {
    items: { id: string; port: { id: string }; team: { slug: string } }[];
  };
  let id = pending.items.find((r) => r.port.id === port.id && r.team.slug === "marketing-analytics")?.id;
  if (!id) {
    const requested = await bob.post("/api/v1/access-requests", {
      data: {
        portId: port.id,
        teamSlug: "marketing-analytics",
        purpose: "Fixture for the assistant's sample",
      },
    });
    expect(requested.status(), await requested.text()).toBe(201);
    id = ((await requested.json()) as { id: string }).id;
  }
  const approved = await alice.post(`/api/v1/access-requests/${id}/approve`, { data: {} });
  expect(approved.status(), await approved.text()).toBe(200);
  return found;
}

async function mcpClient(baseURL: string, token: string): Promise<Client> {
  const client = new Client({ name: "meshport-e2e-assistant", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL("/api/mcp", baseURL), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown>) {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = (result.content[0] as { text: string }).text;
  return { isError: result.isError === true, data: JSON.parse(text) as Record<string, unknown> };
}

test("bob's assistant searches, reads, samples masked events and files a request alice sees", async ({
  browser,
  baseURL,
}) => {
  const bob = await as(browser, "bob");
  await bob.page.goto("/settings/tokens");
  await bob.page.getByRole("button", { name: "For an AI assistant" }).click();
  await expect(bob.page.getByLabel("Token name")).toHaveValue("AI assistant");
  await bob.page.getByRole("checkbox", { name: /^Request access/ }).check();
  await bob.page.getByRole("button", { name: "Create token" }).click();
  const token = (await bob.page.getByTestId("new-token").textContent())!.trim();
  await expect(bob.page.getByTestId("mcp-setup")).toContainText(`${baseURL}/api/mcp`);
  await expect(bob.page.getByTestId("token-scopes").first()).toHaveText(
    "AI assistant (MCP), Read, Request access",
  );

  const client = await mcpClient(baseURL!, token);
  expect((await client.listTools()).tools).toHaveLength(7);
  const search = await call(client, "search_products", { query: "payment" });
  expect(search.isError).toBe(false);
  const top = (search.data.items as { name: string; matched: string[] }[])[0]!;
  expect(top.name).toMatch(/Payment/);
  expect(top.matched.join(" ")).toContain("«Payment»");

  // Marketing Analytics reads Abandoned Carts (its events carry PII): through the REST API as
  // people do it, unless an earlier spec got the grant already. The assistant samples events
  // produced now; dave's team, without a grant, is refused.
  const alice = await as(browser, "alice");
  const granted = await grantMarketingAnalytics(bob.request, alice.request, "abandoned-carts");
  await expect
    .poll(
      async () =>
        ((await call(client, "my_access", {})).data.grants as { port: string; status: string }[]).find(
          (g) => g.port === granted.ref && g.status === "active",
        )?.status,
      { timeout: 30_000 },
    )
    .toBe("active");
  const run = `mcp-e2e-${Date.now()}`;
  const keys = await produceOnePerPartition("abandoned-carts", granted.address, run);
  // The topic's feed may already be running (the contract monitor reads it, in batches): poll
  // until the sample holds the events just produced.
  let sample = await call(client, "sample_events", { port: granted.ref, n: 10, filter: run });
  await expect
    .poll(
      async () => {
        sample = await call(client, "sample_events", { port: granted.ref, n: 10, filter: run });
        return sample.isError
          ? JSON.stringify(sample.data)
          : (sample.data.events as { key: string }[]).length;
      },
      { timeout: 15_000 },
    )
    .toBe(keys.length);
  expect(sample.data).toMatchObject({ masked: true, via: "grant" });
  const events = sample.data.events as { key: string; masked: string[] }[];
  expect(events.map((e) => e.key).sort()).toEqual([...keys].sort());
  for (const e of events) expect(e.masked.length).toBeGreaterThan(0);
  const dave = await as(browser, "dave");
  const daveToken = (await (
    await dave.request.post("/api/v1/tokens", {
      data: { name: "assistant", expiresInDays: 1, scopes: ["mcp", "read"] },
    })
  ).json()) as { token: string };
  const daveClient = await mcpClient(baseURL!, daveToken.token);
  const refused = await call(daveClient, "sample_events", { port: granted.ref, n: 3 });
  expect(refused).toMatchObject({ isError: true, data: { error: { code: "forbidden" } } });
  await daveClient.close();

  // The first Orders port bob's team may still request (other specs file some of them).
  let port: { ref: string } | undefined;
  for (const slug of ["order-returns", "cart-events", "checkout-sessions"]) {
    const product = await call(client, "get_product", { slug });
    port = (product.data.ports as { ref: string; type: string; yourAccess: { canRequest: boolean } }[]).find(
      (p) => p.type === "KAFKA_TOPIC" && p.yourAccess.canRequest,
    );
    if (port) break;
  }
  expect(port, "an Orders port bob's team may request").toBeDefined();
  const filed = await call(client, "request_access", {
    port: port!.ref,
    team: "marketing-analytics",
    purpose: "Campaign return rates, asked for by bob's assistant",
  });
  expect(filed.isError, JSON.stringify(filed.data)).toBe(false);
  await client.close();

  await alice.page.goto("/access");
  const item = alice.page
    .getByTestId("access-request")
    .filter({ hasText: "Campaign return rates, asked for by bob's assistant" });
  await expect(item).toBeVisible();
  await expect(item.getByTestId("filed-via")).toHaveText("via AI assistant");

  await bob.page.reload();
  const activity = bob.page.getByTestId("assistant-activity");
  await expect(activity).toContainText("request_access");
  await expect(activity).toContainText("sample_events");
  await expect(activity.locator("tr", { hasText: "search_products" })).toContainText("ok");
  await Promise.all([bob.context.close(), alice.context.close(), dave.context.close()]);
});

test("the endpoint refuses what is not an MCP bearer token", async ({ browser, baseURL, playwright }) => {
  const bob = await as(browser, "bob");
  // A signed-in browser's cookie is not a credential here (nothing can be driven cross-site).
  const byCookie = await bob.request.post("/api/mcp", {
    data: { jsonrpc: "2.0", id: 1, method: "tools/list" },
    headers: { accept: "application/json, text/event-stream" },
  });
  expect(byCookie.status()).toBe(401);
  expect((await byCookie.json()).error.code).toBe("unauthenticated");
  const readOnly = (await (
    await bob.request.post("/api/v1/tokens", { data: { name: "no mcp", expiresInDays: 1, scopes: ["read"] } })
  ).json()) as { token: string };
  const api = await playwright.request.newContext({ baseURL });
  const refused = await api.post("/api/mcp", {
    data: { jsonrpc: "2.0", id: 1, method: "tools/list" },
    headers: { authorization: `Bearer ${readOnly.token}`, accept: "application/json, text/event-stream" },
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.message).toContain('"mcp" scope');
  expect((await api.get("/api/mcp")).status()).toBe(405);
  await Promise.all([bob.context.close(), api.dispose()]);
});
