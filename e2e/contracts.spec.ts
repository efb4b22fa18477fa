import { expect, test, type Page } from "@playwright/test";
import { childEnv, env } from "@/lib/core/env";
import { createKafka } from "@/lib/kafka/client-config";
import { readHarness } from "../scripts/test-support/harness";
import { storageState } from "./personas";

// The contract monitor as people see it: events that break Cart Events' contract (no currency)
// turn its rules red on the product page, with the chart of the last 24 hours and an incident the
// owners acknowledge; others see the failing example masked and cannot handle the incident.
const TOPIC = "orders.cart-events.v1";

/** Sends events without a currency every second until stopped: every window fails while it runs. */
async function keepBreaking(): Promise<() => Promise<void>> {
  const kafka = createKafka({ ...env(), KAFKA_BROKERS: readHarness().kafkaBrokers }, { retries: 8 });
  const producer = kafka.producer();
  await producer.connect();
  const send = () =>
    producer.send({
      topic: TOPIC,
      messages: Array.from({ length: 3 }, (_, i) => ({
        key: `e2e-${i}`,
        value: JSON.stringify({
          eventId: crypto.randomUUID(),
          cartId: `cart_e2e${i}`,
          action: "ADD_ITEM",
          occurredAt: new Date().toISOString(),
        }),
      })),
    });
  await send();
  const timer = setInterval(() => void send().catch(() => undefined), 1000);
  return async () => {
    clearInterval(timer);
    await producer.disconnect();
  };
}

async function runPageChecks(page: Page, checks: Checks) {
  expect(checks.status).toBe("FAILING");
  expect(checks.incidents.some((i) => i.rule === "nullValues:currency" && i.state !== "RESOLVED")).toBe(true);

  await page.goto("/products/cart-events");
  const panel = page.getByTestId("contract-checks").first();
  await expect(panel.getByTestId("contract-status")).toHaveText("failing");
  const rule = panel.locator('[data-rule="nullValues:currency"]');
  await expect(rule).toContainText("failing");
  await rule.getByRole("button").click();
  await expect(panel.getByTestId("rule-chart")).toBeVisible();
  await expect(panel.getByTestId("rule-chart").locator("svg").first()).toBeVisible();
  const incident = panel.getByTestId("incident").filter({ hasText: "Null values on currency" });
  await incident.getByRole("button", { name: "Acknowledge" }).click();
  await expect(incident).toContainText("acknowledged by Alice");
}

interface Checks {
  status: string;
  rules: { rule: string; status: string; failures: number; example: unknown }[];
  incidents: { id: string; rule: string; state: string }[];
}

test.describe("contract checks on the live stream", () => {
  test.use({ storageState: storageState("alice") });

  test("broken events fail the rule, the chart and the incident show it, the owners acknowledge it", async ({
    page,
    request,
  }) => {
    const product = (await (await request.get("/api/v1/products/cart-events")).json()) as {
      outputPorts: { id: string; address: string }[];
    };
    const port = product.outputPorts.find((p) => p.address === TOPIC)!;
    const stop = await keepBreaking();
    let checks: Checks | undefined;
    try {
      // The monitor reads from the live end and records a window every 10 s here.
      await expect
        .poll(
          async () => {
            checks = (await (await request.get(`/api/v1/ports/${port.id}/checks`)).json()) as Checks;
            return checks.rules.find((r) => r.rule === "nullValues:currency")?.status;
          },
          { timeout: 90_000, intervals: [2000] },
        )
        .toBe("FAILING");
      await runPageChecks(page, checks!);
    } finally {
      await stop();
    }
  });

  test("the search result carries the failing badge; others cannot handle incidents", async ({ browser }) => {
    const stop = await keepBreaking();
    const context = await browser.newContext({ storageState: storageState("bob") });
    try {
      const page = await context.newPage();
      await expect
        .poll(
          async () => {
            await page.goto("/?q=cart%20events");
            const result = page.getByTestId("product-result").filter({ hasText: "Cart Events" }).first();
            return (
              (await result
                .getByTestId("result-checks")
                .textContent()
                .catch(() => null)) ?? ""
            );
          },
          { timeout: 90_000, intervals: [2000] },
        )
        .toContain("failing");
      await page.goto("/products/cart-events");
      const panel = page.getByTestId("contract-checks").first();
      await expect(panel.getByTestId("contract-status")).toHaveText("failing");
      await expect(panel.getByTestId("incident").first()).toBeVisible();
      await expect(panel.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);
      await expect(panel.getByRole("button", { name: "Resolve" })).toHaveCount(0);
    } finally {
      await context.close();
      await stop();
    }
  });
});

test.describe("product as code", () => {
  test.use({ storageState: storageState("alice") });

  test("npm run meshport exports a product, plans nothing, then plans and applies an edit", async ({
    request,
    baseURL,
  }) => {
    const { execFileSync, spawnSync } = await import("node:child_process");
    const { mkdtempSync, readFileSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const made = await request.post("/api/v1/tokens", {
      data: { name: "product as code", scopes: ["read", "catalog:write", "catalog:publish"] },
    });
    expect(made.status()).toBe(201);
    const { token } = (await made.json()) as { token: string };
    const env = childEnv({ MESHPORT_URL: baseURL!, MESHPORT_TOKEN: token });
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", "scripts/meshport.ts", ...args], {
        env,
        encoding: "utf8",
      });
    const file = path.join(mkdtempSync(path.join(tmpdir(), "meshport-")), "order-status.yaml");
    execFileSync(
      process.execPath,
      ["--import", "tsx", "scripts/meshport.ts", "export", "order-status", "-o", file],
      {
        env,
      },
    );
    expect(readFileSync(file, "utf8")).toContain("kind: DataProduct");

    const unchanged = cli("plan", "-f", file);
    expect(unchanged.stdout).toContain("No changes");
    expect(unchanged.status).toBe(0);

    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(/^( {2}purpose: ).*$/m, "$1Where every order is, as code."),
    );
    const plan = cli("plan", "-f", file);
    expect(plan.stdout).toContain("~ summary");
    expect(plan.status).toBe(2);
    const apply = cli("apply", "-f", file);
    expect(apply.stdout).toContain("Applied.");
    expect(apply.status).toBe(0);
    const product = (await (await request.get("/api/v1/products/order-status")).json()) as {
      summary: string;
    };
    expect(product.summary).toBe("Where every order is, as code.");
    expect(cli("plan", "-f", file).status).toBe(0);
  });
});
