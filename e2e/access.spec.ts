import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { storageState, type PersonaKey } from "./personas";

// The access flow through the UI, and an authorization matrix over every access route.
interface ProductJson {
  slug: string;
  outputPorts: { id: string; name: string; type: string }[];
}

async function kafkaPortOfOrders(
  request: APIRequestContext,
  index: number,
): Promise<{ slug: string; portId: string; portName: string }> {
  const list = (await (
    await request.get("/api/v1/products?owner=orders&portType=KAFKA_TOPIC&sort=name")
  ).json()) as { items: { slug: string }[] };
  const product = (await (
    await request.get(`/api/v1/products/${list.items[index]!.slug}`)
  ).json()) as ProductJson;
  const port = product.outputPorts.find((p) => p.type === "KAFKA_TOPIC")!;
  return { slug: product.slug, portId: port.id, portName: port.name };
}

async function as(browser: Browser, persona: PersonaKey) {
  const context = await browser.newContext({ storageState: storageState(persona) });
  return { context, page: await context.newPage(), request: context.request };
}

test.describe("requesting and deciding access", () => {
  test("bob requests, alice approves in her inbox, bob sees the grant active", async ({ browser }) => {
    const bob = await as(browser, "bob");
    const alice = await as(browser, "alice");
    const target = await kafkaPortOfOrders(bob.request, 0);

    await bob.page.goto(`/products/${target.slug}`);
    const port = bob.page.getByTestId("output-port").filter({ hasText: target.portName }).first();
    await port.getByRole("button", { name: "Request access…" }).click();
    await port.getByLabel("Purpose").fill("Attribute campaign revenue to orders");
    await port.getByRole("button", { name: "Send request" }).click();
    await expect(port.getByTestId("pending-request")).toContainText("Marketing Analytics");

    await alice.page.goto("/access");
    await expect(alice.page.getByTestId("inbox-count")).toBeVisible();
    const item = alice.page
      .getByTestId("inbox")
      .getByTestId("access-request")
      .filter({ hasText: "Attribute campaign revenue to orders" });
    await item.getByRole("button", { name: "Approve" }).click();
    await expect(item.getByTestId("request-grant-status")).toHaveText("active", { timeout: 20_000 });

    await bob.page.goto("/access?tab=mine");
    const mine = bob.page
      .getByTestId("my-requests")
      .getByTestId("access-request")
      .filter({ hasText: "Attribute campaign revenue to orders" });
    await expect(mine).toContainText("approved");
    await expect(mine.getByTestId("request-grant-status")).toHaveText("active");
    await bob.page.goto(`/products/${target.slug}`);
    await expect(
      bob.page
        .getByTestId("output-port")
        .filter({ hasText: target.portName })
        .first()
        .getByTestId("grant-status"),
    ).toContainText("access active");
    await bob.context.close();
    await alice.context.close();
  });

  test("a denial with its reason reaches bob, with the audit trail", async ({ browser }) => {
    const bob = await as(browser, "bob");
    const alice = await as(browser, "alice");
    const target = await kafkaPortOfOrders(bob.request, 1);
    const created = await bob.request.post("/api/v1/access-requests", {
      data: { portId: target.portId, teamSlug: "marketing-analytics", purpose: "Scrape everything for fun" },
    });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };

    await alice.page.goto("/access");
    const item = alice.page
      .getByTestId("inbox")
      .getByTestId("access-request")
      .filter({ hasText: "Scrape everything for fun" });
    await item.getByLabel("Reason").fill("Purpose too broad: name the fields you need");
    await item.getByRole("button", { name: "Deny" }).click();
    await expect(item).toContainText("denied");

    await bob.page.goto("/access?tab=mine");
    const mine = bob.page
      .getByTestId("my-requests")
      .getByTestId("access-request")
      .filter({ hasText: "Scrape everything for fun" });
    await expect(mine.getByTestId("decision-reason")).toContainText("Purpose too broad");
    await bob.page.goto(`/access/requests/${id}`);
    await expect(bob.page.getByTestId("audit-trail")).toContainText("denied the request");
    await expect(bob.page.getByTestId("audit-trail")).toContainText("access_request.denied");
    // The product page tells bob too, with the reason, next to the button to ask again.
    await bob.page.goto(`/products/${target.slug}`);
    const port = bob.page.getByTestId("output-port").filter({ hasText: target.portName }).first();
    await expect(port.getByTestId("denied-request")).toContainText("Purpose too broad");
    await expect(port.getByRole("button", { name: "Request access…" })).toBeVisible();
    await bob.context.close();
    await alice.context.close();
  });
});

test.describe("authorization matrix (every access route × persona × someone else's ids)", () => {
  test("each persona gets the right status and sees nothing of others", async ({ browser, playwright }) => {
    const personas = Object.fromEntries(
      await Promise.all(
        (["alice", "bob", "carol", "dave"] as const).map(async (p) => [p, await as(browser, p)] as const),
      ),
    );
    const bob = personas.bob!.request;
    const target = await kafkaPortOfOrders(bob, 2);
    const newRequest = async (purpose: string) => {
      const res = await bob.post("/api/v1/access-requests", {
        data: { portId: target.portId, teamSlug: "marketing-analytics", purpose },
      });
      expect(res.status(), await res.text()).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };

    // Requesting for a team you are not in, and bad input.
    expect(
      (
        await personas.dave!.request.post("/api/v1/access-requests", {
          data: { portId: target.portId, teamSlug: "marketing-analytics", purpose: "Not my team at all" },
        })
      ).status(),
    ).toBe(403);
    const bad = await bob.post("/api/v1/access-requests", {
      data: { portId: "nope", teamSlug: "marketing-analytics", purpose: "x" },
    });
    expect(bad.status()).toBe(422);
    expect((await bad.json()).error.code).toBe("validation_failed");

    // Reading a request: the requester's team, the owners and admins; anyone else gets 404.
    const r1 = await newRequest("Matrix: read and decide");
    const read: Record<string, number> = { alice: 200, bob: 200, carol: 200, dave: 404 };
    for (const [p, status] of Object.entries(read))
      expect((await personas[p]!.request.get(`/api/v1/access-requests/${r1}`)).status(), `${p} GET`).toBe(
        status,
      );
    // Dave's lists leak nothing of it.
    for (const as of ["owner", "requester"]) {
      const list = (await (await personas.dave!.request.get(`/api/v1/access-requests?as=${as}`)).json()) as {
        items: { id: string }[];
      };
      expect(list.items.map((i) => i.id)).not.toContain(r1);
    }

    // Deciding: bob (requester) 403, dave (unrelated) 404, cancel by alice 403.
    expect((await bob.post(`/api/v1/access-requests/${r1}/approve`, { data: {} })).status()).toBe(403);
    expect(
      (await personas.dave!.request.post(`/api/v1/access-requests/${r1}/approve`, { data: {} })).status(),
    ).toBe(404);
    expect(
      (
        await personas.dave!.request.post(`/api/v1/access-requests/${r1}/deny`, { data: { reason: "no" } })
      ).status(),
    ).toBe(404);
    expect(
      (await personas.alice!.request.post(`/api/v1/access-requests/${r1}/cancel`, { data: {} })).status(),
    ).toBe(403);
    expect(
      (await personas.alice!.request.post(`/api/v1/access-requests/${r1}/deny`, { data: {} })).status(),
    ).toBe(422);
    const approved = await personas.alice!.request.post(`/api/v1/access-requests/${r1}/approve`, {
      data: { reason: "fine" },
    });
    expect(approved.status()).toBe(200);
    const grantId = ((await approved.json()) as { grant: { id: string } }).grant.id;
    expect(
      (await personas.carol!.request.post(`/api/v1/access-requests/${r1}/approve`, { data: {} })).status(),
    ).toBe(409);

    // Grants: dave neither sees nor touches it; the owner, the consumer team and admins do.
    const daveGrants = (await (await personas.dave!.request.get("/api/v1/grants")).json()) as {
      items: { id: string }[];
    };
    expect(daveGrants.items.map((g) => g.id)).not.toContain(grantId);
    expect(
      (await personas.dave!.request.post(`/api/v1/grants/${grantId}/revoke`, { data: {} })).status(),
    ).toBe(404);
    expect(
      (await personas.dave!.request.post(`/api/v1/grants/${grantId}/provision`, { data: {} })).status(),
    ).toBe(404);
    const bobGrants = (await (await bob.get("/api/v1/grants?team=marketing-analytics")).json()) as {
      items: { id: string }[];
    };
    expect(bobGrants.items.map((g) => g.id)).toContain(grantId);
    expect(
      (await personas.alice!.request.post(`/api/v1/grants/${grantId}/provision`, { data: {} })).status(),
    ).toBe(200);
    expect((await bob.post(`/api/v1/grants/${grantId}/revoke`, { data: {} })).status()).toBe(200);
    expect(
      (await personas.carol!.request.post(`/api/v1/grants/${grantId}/revoke`, { data: {} })).status(),
    ).toBe(409);

    // Cancelling: only the requester (or an admin).
    const r2 = await newRequest("Matrix: cancel");
    expect(
      (await personas.dave!.request.post(`/api/v1/access-requests/${r2}/cancel`, { data: {} })).status(),
    ).toBe(404);
    expect((await bob.post(`/api/v1/access-requests/${r2}/cancel`, { data: {} })).status()).toBe(200);
    expect((await bob.post(`/api/v1/access-requests/${r2}/cancel`, { data: {} })).status()).toBe(409);

    // Signed out: 401 everywhere.
    const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
    for (const [method, url] of [
      ["GET", "/api/v1/access-requests"],
      ["POST", "/api/v1/access-requests"],
      ["GET", `/api/v1/access-requests/${r1}`],
      ["POST", `/api/v1/access-requests/${r1}/approve`],
      ["POST", `/api/v1/access-requests/${r1}/deny`],
      ["POST", `/api/v1/access-requests/${r1}/cancel`],
      ["GET", "/api/v1/grants"],
      ["POST", `/api/v1/grants/${grantId}/revoke`],
      ["POST", `/api/v1/grants/${grantId}/provision`],
      ["GET", "/api/v1/tokens"],
    ] as const) {
      expect((await anonymous.fetch(url, { method })).status(), `${method} ${url}`).toBe(401);
    }
    await anonymous.dispose();
    for (const p of Object.values(personas)) await p.context.close();
  });
});

test.describe("personal access tokens", () => {
  test.use({ storageState: storageState("bob") });
  test("created once in the UI, used as a bearer token, refused after revocation", async ({
    page,
    playwright,
  }) => {
    await page.goto("/settings/tokens");
    await page.getByLabel("Token name").fill("e2e script");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByTestId("new-token").textContent())!;
    expect(token).toMatch(/^mp_/);
    const api = await playwright.request.newContext({
      baseURL: test.info().project.use.baseURL,
      extraHTTPHeaders: { authorization: `Bearer ${token}` },
    });
    expect((await api.get("/api/v1/access-requests?as=requester")).status()).toBe(200);
    await page.reload();
    await expect(page.getByTestId("new-token")).toHaveCount(0);
    const row = page.getByTestId("tokens").locator("tr").filter({ hasText: "e2e script" });
    page.once("dialog", (dialog) => void dialog.accept());
    await row.getByRole("button", { name: "Revoke" }).click();
    await expect(row).toContainText("revoked");
    expect((await api.get("/api/v1/access-requests?as=requester")).status()).toBe(401);
    await api.dispose();
  });
});
