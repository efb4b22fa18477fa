import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { storageState } from "./personas";

test.use({ storageState: storageState("bob") });

test.describe("lineage", () => {
  test("a product's lineage: depth control, path highlight, PNG and SVG export", async ({ page }) => {
    await page.goto("/products/payment-authorizations");
    await page.getByRole("link", { name: "View lineage →" }).click();
    await expect(page).toHaveURL(/\/products\/payment-authorizations\/lineage$/);
    const status = page.getByTestId("lineage-status");
    await expect(status).toContainText("laid out in");
    const nodes = page.getByTestId("lineage-node");
    const atDepthOne = await nodes.count();
    expect(atDepthOne).toBeGreaterThanOrEqual(3);
    await expect(nodes.filter({ hasText: "Order Events" }).first()).toBeVisible();

    await page.getByLabel("Downstream depth").selectOption("3");
    await expect.poll(async () => nodes.count()).toBeGreaterThan(atDepthOne);
    await expect(status).toContainText("laid out in");
    await expect(page).toHaveURL(/[?&]down=3/);

    // Keyboard: a focused node opens its details with Enter.
    await nodes.filter({ hasText: "Order Events" }).first().locator("xpath=..").focus();
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("lineage-details")).toContainText("Order Events");
    await page
      .getByTestId("lineage")
      .locator(".react-flow__pane")
      .click({ position: { x: 5, y: 5 } });

    // Click the upstream source, Shift+click the farthest downstream node: the path lights up.
    await nodes.filter({ hasText: "Order Events" }).first().click();
    await expect(page.getByTestId("lineage-details")).toContainText("Order Events");
    const far = await page.evaluate(() => {
      const all = [...document.querySelectorAll<HTMLElement>("[data-testid=lineage-node]")];
      return all.map((n) => n.dataset.nodeId!).at(-1)!;
    });
    await page.locator(`[data-node-id="${far}"]`).click({ modifiers: ["Shift"] });
    await expect(page.getByTestId("path-status")).toContainText(/Path: \d+ hops highlighted|No path/);
    await expect(page.locator(".lineage-node.is-highlighted").first()).toBeVisible();
    // Fit view still works with a selection (the nodes were made anew for the highlight).
    const viewport = page.locator(".react-flow__viewport");
    await page.getByRole("button", { name: "zoom in" }).click();
    await page.getByRole("button", { name: "zoom in" }).click();
    const zoomed = await viewport.getAttribute("style");
    await page.getByRole("button", { name: "Fit view" }).click();
    await expect.poll(() => viewport.getAttribute("style")).not.toBe(zoomed);

    const png = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export PNG" }).click();
    const pngFile = await png;
    expect(pngFile.suggestedFilename()).toBe("lineage-payment-authorizations.png");
    const bytes = await readFile((await pngFile.path())!);
    expect(bytes.subarray(1, 4).toString()).toBe("PNG");
    const svg = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export SVG" }).click();
    expect(await readFile((await (await svg).path())!, "utf8")).toContain("Payment Authorizations");
  });

  test("the server lays out graphs for the page and says which field is wrong", async ({ request }) => {
    const ok = await request.post("/api/v1/lineage/layout", {
      data: {
        nodes: [
          { id: "a", group: "d", width: 220, height: 64 },
          { id: "b", group: "d", width: 220, height: 64 },
        ],
        edges: [{ id: "e", source: "a", target: "b" }],
      },
    });
    expect(ok.status()).toBe(200);
    const layout = (await ok.json()) as { nodes: Record<string, { x: number }> };
    expect(layout.nodes.b!.x).toBeGreaterThan(layout.nodes.a!.x);
    const bad = await request.post("/api/v1/lineage/layout", {
      data: { nodes: [{ id: "a", width: 220, height: 64 }], edges: [{ id: "e", source: "a", target: "zz" }] },
    });
    expect(bad.status()).toBe(422);
    expect(await bad.json()).toEqual({
      error: { code: "validation_failed", message: 'edges.0.target: no node "zz"' },
    });
  });

  test("the mesh map shows every domain; a node opens its product", async ({ page }) => {
    await page.goto("/lineage");
    await expect(page.getByTestId("lineage-status")).toContainText("laid out in");
    await expect(page.locator(".lineage-domain").first()).toBeVisible();
    await page.getByLabel("Find in graph").fill("Executive");
    await expect(page.getByText(/^[1-9]\d* found$/)).toBeVisible();
    await page.getByTestId("lineage-node").filter({ hasText: "Executive KPI Dashboard" }).first().click();
    await page.getByTestId("lineage-details").getByRole("link", { name: "Open product page" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Executive KPI Dashboard");
  });

  test("the mesh map at the domain level: flows between domains, a domain expands on demand", async ({
    page,
    request,
  }) => {
    // The demo mesh is small enough to open expanded; `?expand=` (none) is what a big mesh opens with.
    await page.goto("/lineage?expand=");
    const status = page.getByTestId("lineage-status");
    await expect(status).toContainText("laid out in");
    const domainNodes = page.locator(".lineage-node.lineage-domain");
    await expect(domainNodes.first()).toBeVisible();
    expect(await domainNodes.count()).toBeGreaterThanOrEqual(7);
    await expect(page.locator(".lineage-node.lineage-product")).toHaveCount(0);
    // The first view fits every domain, also those off screen before the fit (never rendered, so
    // never measured).
    const canvas = (await page.locator(".react-flow").boundingBox())!;
    for (const box of await Promise.all((await domainNodes.all()).map((n) => n.boundingBox()))) {
      expect(box!.x).toBeGreaterThanOrEqual(canvas.x);
      expect(box!.x + box!.width).toBeLessThanOrEqual(canvas.x + canvas.width);
    }
    await expect(page.locator('[data-node-id="domain:orders"]')).toContainText("products — click to expand");
    // An edge to or from a collapsed domain is labelled with the number of flows it stands for
    // (ports' names would cover each other) and drawn thicker; its words are for screen readers.
    const merged = page.locator('.react-flow__edge[aria-label$=" flows between domains"]').first();
    await expect(merged).toBeAttached();
    const flows = Number((await merged.getAttribute("aria-label"))!.split(" ")[0]);
    expect(flows).toBeGreaterThan(1);
    await expect(merged.locator(".react-flow__edge-text")).toHaveText(String(flows));

    // Keyboard: Enter on a focused domain draws its products and focus moves to the first of
    // them; the address keeps the view.
    const ordersDomain = page.locator('.react-flow__node[data-id="domain:orders"]');
    await expect(ordersDomain).toHaveAttribute("aria-label", /^Domain Orders: \d+ products, collapsed/);
    await ordersDomain.focus();
    await page.keyboard.press("Enter");
    await expect(page.locator(".react-flow__node:focus")).toHaveAttribute("data-id", /^p:/);
    await expect(page.getByTestId("lineage-node").filter({ hasText: "Order Events" }).first()).toBeVisible();
    await expect(page).toHaveURL(/[?&]expand=orders$/);
    await expect(page.locator('[data-node-id="domain:orders"]')).toHaveCount(0);
    await expect(page.locator('[data-node-id="domain:payments"]')).toBeVisible();
    await expect(status).toContainText("laid out in");

    // The same through the API: domains with their cross-domain flows counted.
    const map = await request.get("/api/v1/lineage?expand=");
    expect(map.status()).toBe(200);
    const graph = (await map.json()) as {
      nodes: { id: string; type: string }[];
      edges: { source: string; target: string; flows?: number }[];
      domains: { slug: string }[];
      expanded: string[];
    };
    expect(graph.expanded).toEqual([]);
    expect(graph.nodes.every((n) => n.type === "domain")).toBe(true);
    const ordersToPayments = graph.edges.find(
      (e) => e.source === "domain:orders" && e.target === "domain:payments",
    );
    expect(ordersToPayments?.flows).toBeGreaterThanOrEqual(1);
    const bad = await request.get("/api/v1/lineage?product=order-events&expand=all");
    expect(bad.status()).toBe(422);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("validation_failed");
  });

  test("impact analysis of a port lists downstream products and downloads as CSV", async ({
    page,
    request,
  }) => {
    await page.goto("/products/order-events");
    await page.getByTestId("output-port").first().getByRole("link", { name: "Impact analysis" }).click();
    const table = page.getByTestId("impact");
    await expect(table.locator("tr").filter({ hasText: "Payment Authorizations" }).first()).toContainText(
      "1",
    );
    const href = await page.getByRole("link", { name: "Download CSV" }).getAttribute("href");
    const csv = await request.get(href!);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect((await csv.text()).split("\n")[0]).toBe(
      "depth,product,slug,domain,owner team,ports,teams with grants",
    );
  });
});
