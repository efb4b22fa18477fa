import { expect, test } from "@playwright/test";
import { PERSONAS, storageState, type PersonaKey } from "./personas";

for (const key of Object.keys(PERSONAS) as PersonaKey[]) {
  test.describe(`as ${key}`, () => {
    test.use({ storageState: storageState(key) });
    test("sees the catalog with their identity", async ({ page }) => {
      await page.goto("/");
      await expect(page.getByTestId("current-user")).toHaveText(PERSONAS[key].name);
      await expect(page.getByTestId("product-result").first()).toBeVisible();
      await expect(page.getByTestId("result-count")).toHaveText(/\d+ data products/);
    });
  });
}

test.describe("discovery", () => {
  test.use({ storageState: storageState("bob") });

  test("searching “payment” finds the payments products first", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("searchbox", { name: "Search data products" }).fill("payment");
    await expect(page).toHaveURL(/\?q=payment/);
    const results = page.getByTestId("product-result");
    await expect(results.first()).toContainText(/Payment/);
    const firstThree = await results.evaluateAll((els) => els.slice(0, 3).map((e) => e.textContent ?? ""));
    expect(firstThree).toHaveLength(3);
    for (const text of firstThree) {
      expect(text).toMatch(/Payment/);
      expect(text).toContain("owned by Payments");
    }
  });

  test("a facet narrows the results and lives in the URL", async ({ page }) => {
    await page.goto("/?q=order");
    const count = page.getByTestId("result-count");
    await expect(count).toContainText("for “order”");
    const before = Number((await count.textContent())?.match(/\d+/)?.[0]);
    await page.locator('input[data-facet="kind"][value="SOURCE_ALIGNED"]').check();
    await expect(page).toHaveURL(/kind=SOURCE_ALIGNED/);
    await expect(count).not.toHaveText(`${before} data products for “order”`);
    const after = Number((await count.textContent())?.match(/\d+/)?.[0]);
    expect(after).toBeLessThan(before);
    for (const item of await page.getByTestId("product-result").all())
      await expect(item).toContainText("Source-aligned");
    // The URL is shareable: opening it restores the same state.
    await page.reload();
    await expect(page.locator('input[data-facet="kind"][value="SOURCE_ALIGNED"]')).toBeChecked();
    await expect(page.getByRole("searchbox")).toHaveValue("order");
  });

  test("keyboard: arrow down and Enter open the highlighted product", async ({ page }) => {
    await page.goto("/");
    const box = page.getByRole("searchbox", { name: "Search data products" });
    await box.fill("payment");
    await expect(page.getByTestId("result-count")).toContainText("for “payment”");
    await box.press("ArrowDown");
    await expect(page.getByTestId("product-result").first()).toHaveAttribute("aria-selected", "true");
    await box.press("Enter");
    await expect(page).toHaveURL(/\/products\/payment-/);
  });

  test("no match shows a helpful empty state", async ({ page }) => {
    await page.goto("/?q=zzzqqxx");
    await expect(page.getByText("Nothing matches “zzzqqxx”.")).toBeVisible();
    await page.getByRole("button", { name: "Clear the search text" }).click();
    await expect(page.getByTestId("product-result").first()).toBeVisible();
  });

  test("a product page shows docs, owners, ports with schemas and lineage neighbours", async ({ page }) => {
    await page.goto("/?q=payment");
    await page.getByTestId("product-result").first().click();
    await expect(page).toHaveURL(/\/products\//);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Payment");
    await expect(page.getByTestId("product-docs")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Owners — Payments" })).toBeVisible();
    await expect(page.getByText("dave@meshport.dev")).toBeVisible();
    await expect(page.getByTestId("output-port").first()).toBeVisible();
    await expect(page.getByTestId("topic-facts").first()).toContainText("Live on the broker");
    await expect(page.locator(".schema-table").first()).toBeVisible();
  });

  test("a product with PII shows the classification and links to what it consumes", async ({
    page,
    request,
  }) => {
    const res = await request.get("/api/v1/products?q=customer&kind=SOURCE_ALIGNED");
    expect(res.ok()).toBeTruthy();
    const body = (await res.json()) as { items: { slug: string }[] };
    const slug = body.items[0]?.slug;
    expect(slug).toBeTruthy();
    await page.goto(`/products/${slug}`);
    await page
      .locator("details")
      .first()
      .evaluate((d) => ((d as HTMLDetailsElement).open = true));
    await expect(page.locator(".badge-pii").first()).toBeVisible();
    const consumedBy = page.getByTestId("consumed-by").getByRole("link").first();
    const name = await consumedBy.textContent();
    await consumedBy.click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(name ?? "");
    await expect(page.getByTestId("consumes")).toBeVisible();
  });

  test("field descriptions show their `code` spans as code", async ({ page }) => {
    await page.goto("/products/order-events");
    const port = page.getByTestId("output-port").first();
    await port
      .locator("details")
      .evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    await expect(port.locator("td code", { hasText: "ord_…" }).first()).toBeVisible();
    await expect(port.locator("td", { hasText: "`ord_" })).toHaveCount(0);
  });

  test("the REST API validates and reports errors as {error:{code,message}}", async ({ request }) => {
    const bad = await request.get("/api/v1/products?kind=NOT_A_KIND");
    expect(bad.status()).toBe(422);
    expect((await bad.json()).error.code).toBe("validation_failed");
    const missing = await request.get("/api/v1/products/no-such-product");
    expect(missing.status()).toBe(404);
    expect((await missing.json()).error).toEqual({
      code: "not_found",
      message: expect.stringContaining("no-such-product"),
    });
    const domains = await request.get("/api/v1/domains");
    expect(domains.ok()).toBeTruthy();
    expect(((await domains.json()) as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(6);
    const openapi = await request.get("/api/v1/openapi.json");
    expect((await openapi.json()).openapi).toBe("3.1.0");
  });

  test("a product page says how it stands against the mesh policies, with the fix", async ({
    page,
    request,
  }) => {
    await page.goto("/products/customer-sign-ins");
    const report = page.getByTestId("policy-report");
    await expect(report).toContainText("Every Kafka port has a schema with a compatibility mode");
    await expect(report).toContainText("ports.sign-in-events.schema");
    await expect(report).toContainText("Fix: Choose BACKWARD, FORWARD or FULL");
    // The API answers the same report.
    const api = (await (await request.get("/api/v1/products/customer-sign-ins/policies")).json()) as {
      violations: { policy: string; where: string }[];
    };
    expect(api.violations).toContainEqual(
      expect.objectContaining({ policy: "schemaCompatibility", where: "ports.sign-in-events.schema" }),
    );
  });

  test("an unknown product page says so", async ({ page }) => {
    const res = await page.goto("/products/no-such-product");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  });
});
