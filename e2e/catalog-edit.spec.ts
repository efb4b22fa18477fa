import { expect, test, type APIRequestContext } from "@playwright/test";
import { env } from "@/lib/core/env";
import { createKafka } from "@/lib/kafka/client-config";
import { waitForTopics } from "@/lib/kafka/topics";
import { readHarness } from "../scripts/test-support/harness";
import { storageState } from "./personas";

interface ProductJson {
  slug: string;
  revision: number;
  description: string;
  outputPorts: { id: string; name: string; compatibility: string; schema: { format: string } | null }[];
}

async function ordersProduct(request: APIRequestContext, index: number): Promise<ProductJson> {
  const list = (await (await request.get("/api/v1/products?owner=orders&sort=name")).json()) as {
    items: { slug: string }[];
  };
  const slug = list.items[index]!.slug;
  return (await (await request.get(`/api/v1/products/${slug}`)).json()) as ProductJson;
}

test.describe("search typo tolerance", () => {
  test.use({ storageState: storageState("bob") });
  test("a misspelt word shows results for the corrected one", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("searchbox", { name: "Search data products" }).fill("paymnet");
    await expect(page.getByTestId("did-you-mean")).toContainText("payment");
    await expect(page.getByTestId("product-result").first()).toContainText(/Payment/);
    await expect(page.getByTestId("product-result").first().locator("mark").first()).toBeVisible();
  });
});

test.describe("editing docs", () => {
  test("an owner edits with a preview; a colleague's stale save gets 409 and keeps their text", async ({
    browser,
  }) => {
    const alice = await browser.newContext({ storageState: storageState("alice") });
    const carol = await browser.newContext({ storageState: storageState("carol") });
    const product = await ordersProduct(alice.request, 0);
    const alicePage = await alice.newPage();
    const carolPage = await carol.newPage();
    await alicePage.goto(`/products/${product.slug}`);
    await carolPage.goto(`/products/${product.slug}`);
    await alicePage.getByRole("button", { name: "Edit documentation" }).click();
    await carolPage.getByRole("button", { name: "Edit documentation" }).click();

    const aliceText = `# Orders, reviewed\n\nRead with **care**. <script>alert(1)</script> [x](javascript:alert(1))`;
    await alicePage.getByLabel("Documentation (markdown)").fill(aliceText);
    await alicePage.getByRole("tab", { name: "Preview" }).click();
    await expect(alicePage.getByTestId("docs-preview").locator("strong")).toHaveText("care");
    await expect(alicePage.getByTestId("docs-preview").locator("script")).toHaveCount(0);
    await alicePage.getByRole("button", { name: "Save", exact: true }).click();
    await expect(alicePage.getByTestId("product-docs").locator("h2")).toHaveText("Orders, reviewed");
    await expect(alicePage.getByTestId("product-docs").locator("a[href^='javascript']")).toHaveCount(0);

    const carolText = "# Carol's rewrite\n\nDifferent words.";
    await carolPage.getByLabel("Documentation (markdown)").fill(carolText);
    await carolPage.getByRole("button", { name: "Save", exact: true }).click();
    await expect(carolPage.getByTestId("docs-conflict")).toContainText("Someone else saved");
    await expect(carolPage.getByLabel("Documentation (markdown)")).toHaveValue(carolText);
    await carolPage.getByTestId("docs-conflict").getByText("Their version").click();
    await expect(carolPage.getByTestId("docs-conflict")).toContainText("Orders, reviewed");
    // Deliberately saving over: now based on the latest revision.
    await carolPage.getByRole("button", { name: "Keep my text and save over theirs" }).click();
    await carolPage.getByRole("button", { name: "Save", exact: true }).click();
    await expect(carolPage.getByTestId("product-docs").locator("h2")).toHaveText("Carol's rewrite");
    await alice.close();
    await carol.close();
  });

  test("bob, not an owner, has no editor and the API refuses him", async ({ browser }) => {
    const bob = await browser.newContext({ storageState: storageState("bob") });
    const product = await ordersProduct(bob.request, 1);
    const page = await bob.newPage();
    await page.goto(`/products/${product.slug}`);
    await expect(page.getByTestId("product-docs")).toBeVisible();
    await expect(page.getByRole("button", { name: "Edit documentation" })).toHaveCount(0);
    const res = await bob.request.patch(`/api/v1/products/${product.slug}`, {
      data: { revision: product.revision, description: "x" },
    });
    expect(res.status()).toBe(403);
    const bad = await bob.request.patch(`/api/v1/products/${product.slug}`, { data: { revision: "one" } });
    expect(bad.status()).toBe(422);
    expect((await bad.json()).error.code).toBe("validation_failed");
    await bob.close();
  });
});

test.describe("schemas", () => {
  test.use({ storageState: storageState("alice") });
  test("a schema version that breaks BACKWARD compatibility is refused, naming the field", async ({
    page,
    request,
  }) => {
    const product = await ordersProduct(request, 2);
    const port = product.outputPorts.find(
      (p) =>
        p.schema?.format === "JSON_SCHEMA" && (p.compatibility === "BACKWARD" || p.compatibility === "FULL"),
    );
    test.skip(!port, "no JSON Schema port with BACKWARD/FULL compatibility on this product");
    await page.goto(`/products/${product.slug}`);
    const panel = page.getByTestId("output-port").filter({ hasText: port!.name }).getByTestId("schema-panel");
    await panel.getByRole("tab", { name: "New version" }).click();
    const editor = panel.getByLabel("Schema definition (JSON)");
    await expect(editor).not.toHaveValue("");
    const schema = JSON.parse(await editor.inputValue()) as {
      properties: Record<string, unknown>;
      required?: string[];
    };
    schema.properties.loyalty_tier = { type: "string", description: "Tier" };
    schema.required = [...(schema.required ?? []), "loyalty_tier"];
    await editor.fill(JSON.stringify(schema, null, 2));
    await panel.getByRole("button", { name: "Add version" }).click();
    await expect(panel.getByTestId("schema-error")).toContainText("loyalty_tier");

    // The same field as optional is compatible: v2 appears in the history with a readable diff.
    schema.required = schema.required.filter((f) => f !== "loyalty_tier");
    await editor.fill(JSON.stringify(schema, null, 2));
    await panel.getByLabel("Change note").fill("loyalty tier");
    await panel.getByRole("button", { name: "Add version" }).click();
    await expect(panel.getByTestId("schema-versions")).toContainText("loyalty tier");
    await expect(panel.getByTestId("schema-diff")).toContainText("loyalty_tier");
  });
});

/**
 * A GET retried once when the server closed the kept-alive connection the client reused (the
 * request context sits idle while the page works; a reset on reuse is the socket, not the portal).
 */
async function getAgain(request: APIRequestContext, url: string) {
  try {
    return await request.get(url);
  } catch (err) {
    if (!String(err).includes("ECONNRESET")) throw err;
    return request.get(url);
  }
}

test.describe("contracts", () => {
  test.use({ storageState: storageState("alice") });
  test("export a port's ODCS, import it back through the UI with a preview, export the same document", async ({
    page,
    request,
  }) => {
    const product = await ordersProduct(request, 3);
    const port = product.outputPorts[0]!;
    const first = await getAgain(request, `/api/v1/ports/${port.id}/contract`);
    expect(first.ok()).toBeTruthy();
    expect(first.headers()["content-type"]).toContain("yaml");
    const yaml = await first.text();
    expect(yaml).toContain("apiVersion: v3.1.0");

    await page.goto(`/products/${product.slug}`);
    const panel = page.getByTestId("contract-panel");
    await panel.getByRole("button", { name: "Import a contract…" }).click();
    await panel
      .getByLabel("Contract (YAML)")
      .fill(yaml.replace(/^(\s+purpose: ).*$/m, "$1Orders as they happen, now under contract."));
    await panel.getByRole("button", { name: "Preview changes" }).click();
    await expect(panel.getByTestId("contract-match")).toContainText(`port ${port.name}`);
    await expect(panel.getByTestId("contract-match")).toContainText("its contract id");
    await expect(panel.getByTestId("contract-preview")).toContainText("description");
    await panel.getByRole("button", { name: "Confirm import" }).click();
    await expect(panel.getByTestId("contract-preview")).toHaveCount(0);

    const second = await (await getAgain(request, `/api/v1/ports/${port.id}/contract`)).text();
    expect(second).toContain("Orders as they happen, now under contract.");
    // A contract never changes the product: its docs stay.
    expect(
      ((await (await getAgain(request, `/api/v1/products/${product.slug}`)).json()) as ProductJson)
        .description,
    ).toBe(product.description);
    const reimported = await request.post(`/api/v1/products/${product.slug}/contract`, {
      data: second,
      headers: { "content-type": "application/yaml" },
    });
    expect(reimported.ok()).toBeTruthy();
    expect(await (await getAgain(request, `/api/v1/ports/${port.id}/contract`)).text()).toBe(second);
    const versions = (await (
      await getAgain(request, `/api/v1/ports/${port.id}/contract/versions`)
    ).json()) as {
      versions: { revision: number }[];
    };
    const [latest, before] = versions.versions;
    const diff = (await (
      await getAgain(
        request,
        `/api/v1/ports/${port.id}/contract/diff?from=${before!.revision - 1}&to=${latest!.revision}`,
      )
    ).json()) as { changes: { path: string }[] };
    expect(diff.changes.map((c) => c.path)).toContain("document.description");

    const invalid = await request.post(`/api/v1/products/${product.slug}/contract`, {
      data: "apiVersion: v3.1.0\nkind: DataContract\n",
      headers: { "content-type": "application/yaml" },
    });
    expect(invalid.status()).toBe(422);
    expect((await invalid.json()).error.message).toMatch(/required/);
  });

  test("a contract written elsewhere (a foreign id, another table name) goes onto the port chosen in the preview", async ({
    page,
    request,
  }) => {
    // A draft of alice's team with one Kafka port (the publishing API), so no other spec's data changes.
    const slug = `foreign-contract-${Date.now()}`;
    const created = await request.post("/api/v1/products", {
      data: {
        name: `Foreign contract ${slug.slice(-6)}`,
        slug,
        domain: "orders",
        kind: "AGGREGATE",
        ownerTeam: "orders",
        summary: "Takes a contract written elsewhere",
        description: "## Purpose\nSeller payments.",
        tags: [],
      },
    });
    expect(created.status()).toBe(201);
    const added = await request.post(`/api/v1/products/${slug}/ports`, {
      data: {
        type: "KAFKA_TOPIC",
        name: "payments",
        schema: {
          format: "JSON_SCHEMA",
          definition: { type: "object", properties: { id: { type: "string", description: "id" } } },
        },
      },
    });
    expect(added.status()).toBe(201);
    const port = (await added.json()) as { id: string; name: string };
    const product = { slug };
    const foreignId = `53581432-6c55-4ba2-a65e-${String(Date.now()).slice(-12)}`;
    // In the style of the Bitol project's examples: its own id, a table Meshport has never seen.
    const yaml = [
      "apiVersion: v3.0.2",
      "kind: DataContract",
      `id: ${foreignId}`,
      "name: seller_payments_v1",
      "version: 1.1.0",
      "status: active",
      "domain: seller",
      "support:",
      "  - channel: '#product-help'",
      "    tool: slack",
      "    url: https://aidaug.slack.com/archives/C05UZRSBKLY",
      "schema:",
      "  - name: tbl",
      "    physicalName: tbl_1",
      "    physicalType: table",
      "    properties:",
      "      - name: transaction_reference_date",
      "        logicalType: date",
      "        physicalType: date",
      "",
    ].join("\n");
    await page.goto(`/products/${product.slug}`);
    const panel = page.getByTestId("contract-panel");
    await panel.getByRole("button", { name: "Import a contract…" }).click();
    await panel.getByLabel("Contract (YAML)").fill(yaml);
    await panel.getByRole("button", { name: "Preview changes" }).click();
    await expect(panel.getByTestId("contract-preview")).toContainText("choose one");
    await expect(panel.getByRole("button", { name: "Confirm import" })).toBeDisabled();
    // The port keeps its own schema: the document's table has nothing to do with it.
    await panel.getByLabel("Port for the contract").selectOption(port.id);
    await expect(panel.getByTestId("contract-match")).toContainText("your choice");
    await expect(panel.getByTestId("contract-preview")).toContainText(foreignId);
    await panel.getByRole("button", { name: "Confirm import" }).click();
    await expect(panel.getByTestId("contract-preview")).toHaveCount(0);
    const exported = await (await getAgain(request, `/api/v1/ports/${port.id}/contract`)).text();
    expect(exported).toContain(`id: ${foreignId}`);
    expect(exported).toContain("version: 1.1.0");
    expect(exported).toContain("https://aidaug.slack.com/archives/C05UZRSBKLY");
    // Matched by its id from now on.
    const again = await request.post(`/api/v1/products/${product.slug}/contract?dryRun=1`, {
      data: yaml,
      headers: { "content-type": "application/yaml" },
    });
    expect(((await again.json()) as { preview: { match: { by: string } } }).preview.match.by).toBe(
      "contract-id",
    );
  });

  test("imports another product's AsyncAPI channels as new ports of a draft", async ({ page, request }) => {
    const slug = `asyncapi-copy-${Date.now()}`;
    const created = await request.post("/api/v1/products", {
      data: {
        name: `AsyncAPI copy ${slug.slice(-6)}`,
        slug,
        domain: "orders",
        kind: "AGGREGATE",
        ownerTeam: "orders",
        summary: "Ports from an AsyncAPI document",
        tags: [],
      },
    });
    expect(created.status()).toBe(201);
    const topic = `orders.cart-copy-${slug.slice(-6)}.v1`;
    const source = (
      await (await getAgain(request, "/api/v1/products/cart-events?format=asyncapi")).text()
    ).replaceAll("orders.cart-events.v1", topic);
    await page.goto(`/products/${slug}`);
    await page.getByRole("button", { name: "Import AsyncAPI channels…" }).click();
    const panel = page.getByTestId("asyncapi-import");
    await panel.getByLabel("AsyncAPI 3.0 document (YAML or JSON)").fill(source);
    await panel.getByRole("button", { name: "Preview ports" }).click();
    await expect(panel.getByRole("list", { name: "Channels" })).toContainText(`${topic} → port`);
    await panel.getByRole("button", { name: "Create the ports" }).click();
    await expect(panel.getByRole("list", { name: "Channels" })).toContainText("(created)");
    const product = (await (await getAgain(request, `/api/v1/products/${slug}`)).json()) as {
      outputPorts: { address: string }[];
    };
    expect(product.outputPorts.map((p) => p.address)).toEqual([topic]);
  });

  test("downloads the product as AsyncAPI 3.0 and ODPS 1.0", async ({ page, request }) => {
    await page.goto("/products/cart-events");
    const download = page.waitForEvent("download");
    await page.getByTestId("contract-panel").getByRole("link", { name: "AsyncAPI 3.0" }).click();
    const file = await (await download).path();
    const { readFileSync } = await import("node:fs");
    const text = readFileSync(file, "utf8");
    expect(text).toContain("asyncapi: 3.0.0");
    expect(text).toContain("address: orders.cart-events.v1");
    const odps = await getAgain(request, "/api/v1/products/cart-events?format=odps");
    expect(await odps.text()).toContain("kind: DataProduct");
    const mesh = await getAgain(request, "/api/v1/asyncapi");
    expect(mesh.headers()["content-type"]).toContain("yaml");
    expect(await mesh.text()).toContain("address: orders.order-events.v1");
  });
});

test.describe("topic discovery", () => {
  test.use({ storageState: storageState("carol") });
  test("an admin registers an unregistered broker topic as a port", async ({ page, request }) => {
    // The broker e2e-server.ts uses: KAFKA_BROKERS, or the one it started (E2E_KAFKA_PORT).
    const topic = `orders.discovered-${Date.now()}.v1`;
    const admin = createKafka(
      { ...env(), KAFKA_BROKERS: readHarness().kafkaBrokers },
      { retries: 8 },
    ).admin();
    await admin.connect();
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic, numPartitions: 1, replicationFactor: 1 }],
      });
      await waitForTopics(admin, [topic]);
    } finally {
      await admin.disconnect();
    }
    const product = await ordersProduct(request, 0);
    await page.goto("/admin/topics");
    const row = page.getByTestId("unregistered-topics").locator("li").filter({ hasText: topic });
    await row.getByRole("button", { name: "Register…" }).click();
    await row.getByLabel("Product").fill(product.slug);
    await row.getByLabel("Port name").fill("discovered");
    await row.getByRole("button", { name: "Register", exact: true }).click();
    await expect(page.getByTestId("topic-registered")).toContainText(topic);
    await expect(
      page.getByTestId("unregistered-topics").locator("li").filter({ hasText: topic }),
    ).toHaveCount(0);
    await page.getByTestId("topic-registered").getByRole("link").click();
    await expect(page.getByTestId("output-port").filter({ hasText: topic })).toBeVisible();
  });

  test("a non-admin gets 403 from the topics API", async ({ browser }) => {
    const bob = await browser.newContext({ storageState: storageState("bob") });
    expect((await bob.request.get("/api/v1/topics?unregistered=1")).status()).toBe(403);
    await bob.close();
  });
});
