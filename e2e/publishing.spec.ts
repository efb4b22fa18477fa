import { expect, test, type Browser } from "@playwright/test";
import { storageState, type PersonaKey } from "./personas";

// The publisher's side through the UI: alice creates a product in the wizard, adds a Kafka port
// with a schema, sees the policy violation, fixes it, publishes and sees it live on the broker;
// bob cannot declare an input port without a grant, then can after approval; bob sees the
// deprecation on his grant. Then an authorization matrix over the publishing routes.
const STAMP = Date.now().toString(36);
const NAME = `Order Returns ${STAMP}`;
const SLUG = `order-returns-${STAMP}`;
const PORT = `returns-${STAMP}`;

/** State changes by cookie say they are JSON, body or not (the portal's fetch does; others get 415). */
const JSON_TYPE = { "content-type": "application/json" };

async function as(browser: Browser, persona: PersonaKey) {
  const context = await browser.newContext({ storageState: storageState(persona) });
  return { context, page: await context.newPage(), request: context.request };
}

test.describe.configure({ mode: "serial" });

test.describe("publishing a data product", () => {
  test("alice creates, fixes a policy violation, publishes, and the port is live", async ({ browser }) => {
    test.setTimeout(90_000);
    const alice = await as(browser, "alice");
    const bob = await as(browser, "bob");
    const { page } = alice;
    await page.goto("/?domain=orders");
    await page.getByRole("link", { name: "New data product" }).click();
    await expect(page).toHaveURL(/\/products\/new\?domain=orders/);
    await page.getByLabel("Name").fill(NAME);
    await expect(page.getByLabel(/^Slug/)).toHaveValue(SLUG);
    await page.getByLabel("Kind").selectOption("AGGREGATE");
    await page.getByLabel(/^Summary/).fill("Returned orders with their reason, per order line.");
    await page.getByRole("button", { name: "Create draft" }).click();
    await expect(page).toHaveURL(new RegExp(`/products/${SLUG}`));
    await expect(page.getByTestId("draft-banner")).toContainText("Only Orders and admins");

    // Nobody else finds a draft.
    const hidden = await bob.request.get(`/api/v1/products/${SLUG}`);
    expect(hidden.status()).toBe(404);

    await page.getByRole("button", { name: "Add output port…" }).click();
    const form = page.getByRole("form", { name: "Add output port" });
    await form.getByLabel("Port name").fill(PORT);
    await expect(form.getByLabel(/^Topic/)).toHaveValue(`orders.${PORT}.v1`);
    await form.getByLabel("Partitions").fill("24");
    await form.getByRole("button", { name: "Add port" }).click();
    await expect(page.getByTestId("add-port").getByRole("status")).toContainText(
      "between 1 and 12 partitions",
    );

    await page.getByRole("button", { name: "Publish" }).click();
    const refused = page.getByTestId("lifecycle-error");
    await expect(refused).toContainText("Publishing is refused: 1 mesh policy to fix first");
    await expect(refused).toContainText(`ports.${PORT}.partitions`);

    const port = page.getByTestId("output-port").filter({ hasText: PORT });
    await port.getByRole("button", { name: "Change partitions / retention…" }).click();
    await port.getByLabel("Partitions").fill("3");
    await port.getByRole("button", { name: "Save" }).click();
    await expect(port.getByRole("button", { name: "Change partitions / retention…" })).toBeVisible();

    await page.getByRole("button", { name: "Publish" }).click();
    await expect(port.getByTestId("port-state")).toContainText("Live on the broker", { timeout: 30_000 });
    await expect(page.getByRole("heading", { name: "Lifecycle — active" })).toBeVisible();
    await expect(page.getByTestId("draft-banner")).toHaveCount(0);
    await expect(page.getByTestId("audit-trail")).toContainText("product.published");

    // Published: bob finds it now.
    expect((await bob.request.get(`/api/v1/products/${SLUG}`)).status()).toBe(200);
    await alice.context.close();
    await bob.context.close();
  });

  test("bob declares an input port only after his team is granted access", async ({ browser }) => {
    test.setTimeout(90_000);
    const bob = await as(browser, "bob");
    const alice = await as(browser, "alice");
    await bob.page.goto(`/products/${SLUG}`);
    const port = bob.page.getByTestId("output-port").filter({ hasText: PORT });
    await port.getByRole("button", { name: "Declare input" }).click();
    await expect(port.getByRole("alert")).toContainText("needs an active grant on this port first");

    await port.getByRole("button", { name: "Request access…" }).click();
    await port.getByLabel("Purpose").fill("Returns per campaign, for attribution");
    await port.getByRole("button", { name: "Send request" }).click();
    await expect(port.getByTestId("pending-request")).toBeVisible();

    await alice.page.goto("/access");
    const item = alice.page
      .getByTestId("inbox")
      .getByTestId("access-request")
      .filter({ hasText: "Returns per campaign, for attribution" });
    await item.getByRole("button", { name: "Approve" }).click();
    await expect(item.getByTestId("request-grant-status")).toHaveText("active", { timeout: 20_000 });

    await bob.page.reload();
    await port.getByRole("button", { name: "Declare input" }).click();
    await expect(port.getByText(/^Declared:/)).toBeVisible();
    await bob.context.close();
    await alice.context.close();
  });

  test("alice deprecates; bob sees it on the product, in search and on his grant", async ({ browser }) => {
    const alice = await as(browser, "alice");
    const bob = await as(browser, "bob");
    await alice.page.goto(`/products/${SLUG}`);
    await alice.page.getByRole("button", { name: "Deprecate…" }).click();
    const form = alice.page.getByRole("form", { name: "Deprecate" });
    await form.getByLabel("Message to consumers").fill("Returns now come with order events.");
    await form.getByLabel(/Successor/).fill("order-events");
    await form.getByRole("button", { name: "Deprecate" }).click();
    await expect(alice.page.getByTestId("deprecation-banner")).toContainText(
      "Returns now come with order events.",
    );

    await bob.page.goto(`/products/${SLUG}`);
    const banner = bob.page.getByTestId("deprecation-banner");
    await expect(banner).toContainText("Deprecated — retired on");
    await expect(banner.getByRole("link", { name: "Order Events" })).toBeVisible();
    await bob.page.goto(`/?q=${encodeURIComponent(STAMP)}`);
    await expect(bob.page.getByTestId("result-deprecation")).toContainText("sunset");
    await bob.page.goto("/access?tab=grants");
    await expect(
      bob.page.getByTestId("grants").getByTestId("grant-deprecation").filter({ hasText: "order events" }),
    ).toContainText("access ends at the sunset");
    // New requests are refused with a pointer to the successor.
    const product = (await (await bob.request.get(`/api/v1/products/${SLUG}`)).json()) as {
      outputPorts: { id: string }[];
    };
    const refused = await bob.request.post("/api/v1/access-requests", {
      data: {
        portId: product.outputPorts[0]!.id,
        teamSlug: "marketing-analytics",
        purpose: "Another try at it",
      },
    });
    expect(refused.status()).toBe(409);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
      "/products/order-events",
    );
    await alice.context.close();
    await bob.context.close();
  });
});

test.describe("authorization of the publishing routes", () => {
  const body = (slug: string) => ({
    name: `Matrix ${slug}`,
    slug,
    domain: "orders",
    kind: "AGGREGATE",
    ownerTeam: "orders",
    summary: "Authorization matrix",
  });

  test("only the owner team (and admins) create, change, publish and retire", async ({ browser }) => {
    const alice = await as(browser, "alice");
    const bob = await as(browser, "bob");
    const carol = await as(browser, "carol");
    const slug = `matrix-${STAMP}`;
    // Create: for one's own team only.
    expect((await bob.request.post("/api/v1/products", { data: body(slug) })).status()).toBe(403);
    expect((await alice.request.post("/api/v1/products", { data: body(slug) })).status()).toBe(201);
    expect((await alice.request.post("/api/v1/products", { data: body(slug) })).status()).toBe(409);
    // A draft is 404 to others on every route.
    const port = { type: "FILE", name: "export", address: `s3://exports/${slug}/` };
    expect((await bob.request.post(`/api/v1/products/${slug}/ports`, { data: port })).status()).toBe(404);
    expect(
      (await bob.request.post(`/api/v1/products/${slug}/lifecycle`, { data: { to: "ACTIVE" } })).status(),
    ).toBe(404);
    expect((await bob.request.get(`/api/v1/products/${slug}/policies`)).status()).toBe(404);
    const added = await alice.request.post(`/api/v1/products/${slug}/ports`, { data: port });
    expect(added.status()).toBe(201);
    const { id } = (await added.json()) as { id: string };
    expect(
      (
        await bob.request.patch(`/api/v1/products/${slug}/ports/${id}`, { data: { description: "x" } })
      ).status(),
    ).toBe(404);
    expect(
      (await bob.request.delete(`/api/v1/products/${slug}/ports/${id}`, { headers: JSON_TYPE })).status(),
    ).toBe(404);
    // Bad input: a clear 422 naming the field.
    const bad = await alice.request.post(`/api/v1/products/${slug}/ports`, {
      data: { type: "KAFKA_TOPIC", name: "Bad Name!", partitions: "many" },
    });
    expect(bad.status()).toBe(422);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/name|partitions/);
    // Admins may act on any product; publishing a product whose docs lack a Purpose is refused with details.
    const refused = await carol.request.post(`/api/v1/products/${slug}/lifecycle`, {
      data: { to: "ACTIVE" },
    });
    expect(refused.status()).toBe(422);
    const error = ((await refused.json()) as { error: { code: string; details: { policy: string }[] } })
      .error;
    expect(error.code).toBe("policy_violation");
    expect(error.details.map((d) => d.policy)).toContain("docsPurpose");
    expect(
      (await alice.request.delete(`/api/v1/products/${slug}/ports/${id}`, { headers: JSON_TYPE })).status(),
    ).toBe(200);
    // Every other publishing and administration route refuses bob (404 for the draft he cannot see).
    const refusals: [string, string, unknown, number][] = [
      ["POST", `/api/v1/products/${slug}/ports/${id}/provision`, {}, 404],
      ["POST", `/api/v1/products/${slug}/ports/${id}/successor`, {}, 404],
      ["DELETE", `/api/v1/products/${slug}/ports/${id}/topic`, { confirm: "x" }, 403],
      ["POST", `/api/v1/products/${slug}/inputs`, { portId: id }, 404],
      ["DELETE", `/api/v1/products/${slug}/inputs/${id}`, undefined, 404],
      ["POST", "/api/v1/domains", { slug: `d-${STAMP}`, name: "Domain X" }, 403],
      ["PATCH", "/api/v1/domains/orders", { description: "mine now" }, 403],
      ["PATCH", "/api/v1/teams/orders", { description: "mine now" }, 403],
      ["DELETE", `/api/v1/teams/orders/members/${id}`, undefined, 403],
    ];
    for (const [method, url, data, status] of refusals) {
      const res = await bob.request.fetch(url, {
        method,
        headers: JSON_TYPE,
        ...(data === undefined ? {} : { data }),
      });
      expect(res.status(), `${method} ${url}`).toBe(status);
    }
    expect((await bob.request.get("/api/v1/governance")).status()).toBe(200);
    // A token without the publish scope cannot create products, whoever owns it.
    const token = await alice.request.post("/api/v1/tokens", { data: { name: `read only ${STAMP}` } });
    expect(token.status()).toBe(201);
    const { token: secret } = (await token.json()) as { token: string };
    const byToken = await alice.request.post("/api/v1/products", {
      data: body(`token-${STAMP}`),
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(byToken.status()).toBe(403);
    expect(((await byToken.json()) as { error: { message: string } }).error.message).toContain(
      "catalog:publish",
    );
    // Retiring before a deprecation is a conflict, even for admins.
    expect(
      (await carol.request.post(`/api/v1/products/${slug}/lifecycle`, { data: { to: "RETIRED" } })).status(),
    ).toBe(409);
    await alice.context.close();
    await bob.context.close();
    await carol.context.close();
  });
});

test.describe("administration", () => {
  test("an admin creates a team and adds bob; bob publishes for it, alice cannot manage it", async ({
    browser,
  }) => {
    const carol = await as(browser, "carol");
    const bob = await as(browser, "bob");
    const alice = await as(browser, "alice");
    const slug = `returns-${STAMP}`;
    await carol.page.goto("/admin/teams");
    const form = carol.page.getByRole("form", { name: "New team" });
    await form.getByLabel("Name").fill(`Returns ${STAMP}`);
    await form.getByLabel("Slug").fill(slug);
    await form.getByLabel("Domain").selectOption("orders");
    await expect(form.getByLabel(/Kafka principal/)).toHaveValue(`User:${slug}`);
    await form.getByRole("button", { name: "Create team" }).click();
    const card = carol.page.getByRole("region", { name: `Team Returns ${STAMP}` });
    await expect(card).toContainText(`User:${slug}`);
    const add = card.getByRole("form", { name: `Add a member to Returns ${STAMP}` });
    await add.getByLabel("Email").fill("bob@meshport.dev");
    await add.getByRole("button", { name: "Add member" }).click();
    await expect(card.getByTestId("team-members")).toContainText("Bob Tanaka");

    // The membership is real: bob creates a product for the new team.
    const created = await bob.request.post("/api/v1/products", {
      data: {
        name: `Return Reasons ${STAMP}`,
        domain: "orders",
        kind: "AGGREGATE",
        ownerTeam: slug,
        summary: "Why orders come back",
      },
    });
    expect(created.status()).toBe(201);
    // A member of another team may not manage it; nor may bob, a plain member.
    for (const who of [alice, bob]) {
      const refused = await who.request.post(`/api/v1/teams/${slug}/members`, {
        data: { email: "mallory@example.com" },
      });
      expect(refused.status()).toBe(403);
    }
    expect(
      (
        await alice.request.post("/api/v1/teams", {
          data: { slug: `x-${STAMP}`, name: "Team X", kafkaPrincipal: `User:x-${STAMP}` },
        })
      ).status(),
    ).toBe(403);
    await carol.context.close();
    await bob.context.close();
    await alice.context.close();
  });
});

test.describe("governance", () => {
  test("everyone sees compliance and DATSIS per domain; only admins change the policies", async ({
    browser,
  }) => {
    const bob = await as(browser, "bob");
    const carol = await as(browser, "carol");
    await bob.page.goto("/governance");
    await expect(bob.page.getByTestId("governance-chart")).toBeVisible();
    const orders = bob.page.getByTestId("governance-domain").filter({ hasText: /^Orders/ });
    await expect(orders.getByRole("heading")).toContainText(/\d+ of \d+ compliant · DATSIS \d+/);
    // Each row links to what to fix on the product page.
    await orders.getByRole("link").first().click();
    await expect(bob.page).toHaveURL(/\/products\/[a-z0-9-]+#policies-title/);

    await bob.page.goto("/admin/policies");
    await expect(bob.page.getByText("Admins change the policies.")).toBeVisible();
    await expect(bob.page.getByRole("checkbox").first()).toBeDisabled();
    const current = (await (await bob.request.get("/api/v1/policies")).json()) as {
      version: number;
      rules: unknown;
    };
    const refused = await bob.request.put("/api/v1/policies", {
      data: { version: current.version, rules: current.rules, note: "bob's try" },
    });
    expect(refused.status()).toBe(403);

    await carol.page.goto("/admin/policies");
    await carol.page.getByLabel(/^Why/).fill("Reviewed with the domain leads");
    await carol.page.getByRole("button", { name: "Save a new version" }).click();
    await expect(carol.page.getByRole("status")).toContainText(/Saved as version \d+/);
    await carol.page.reload();
    await expect(carol.page.getByText("Reviewed with the domain leads")).toBeVisible();
    await bob.context.close();
    await carol.context.close();
  });
});
