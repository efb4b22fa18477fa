import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Browser } from "@playwright/test";
import { readHarness } from "@/scripts/test-support/harness";
import { startWebhookReceiver } from "@/scripts/test-support/webhook-receiver";
import { storageState, type PersonaKey } from "./personas";

// Notifications as people meet them: alice's bell lights up live when bob asks for access (and
// the request is in the local mailbox), bob's watch brings him the deprecation, and a team
// webhook's test event shows in its delivery log (received and verified by a real receiver).
const STAMP = Date.now().toString(36);
const SLUG = `notified-${STAMP}`;
const NAME = `Notified ${STAMP}`;

test.describe.configure({ mode: "serial" });

async function as(browser: Browser, persona: PersonaKey) {
  const context = await browser.newContext({ storageState: storageState(persona) });
  return { context, page: await context.newPage(), request: context.request };
}

let portId = "";

test.beforeAll(async ({ browser }) => {
  const alice = await as(browser, "alice");
  const created = await alice.request.post("/api/v1/products", {
    data: {
      name: NAME,
      slug: SLUG,
      domain: "orders",
      kind: "AGGREGATE",
      ownerTeam: "orders",
      summary: "Exercises notifications",
      description: "## Purpose\nA product whose consumers are told what happens to it.",
      tags: [],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const port = await alice.request.post(`/api/v1/products/${SLUG}/ports`, {
    data: {
      type: "KAFKA_TOPIC",
      name: "notices",
      description: "Notices",
      address: `orders.notified-${STAMP}.v1`,
      partitions: 1,
      retentionHours: 24,
      cleanupPolicy: "DELETE",
      keyDescription: "",
      schema: {
        format: "JSON_SCHEMA",
        definition: { type: "object", properties: { id: { type: "string", description: "Id" } } },
        compatibility: "BACKWARD",
        classifications: {},
      },
    },
  });
  expect(port.status(), await port.text()).toBe(201);
  portId = ((await port.json()) as { id: string }).id;
  const published = await alice.request.post(`/api/v1/products/${SLUG}/lifecycle`, {
    data: { to: "ACTIVE" },
  });
  expect(published.status(), await published.text()).toBe(200);
  await alice.context.close();
});

test("alice's bell lights up live when bob asks for access, and the email is in the mailbox", async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const alice = await as(browser, "alice");
  const bob = await as(browser, "bob");
  await alice.page.goto("/governance");
  const bell = alice.page.getByTestId("bell");
  await expect(bell).toHaveAccessibleName(/Notifications: \d+ unread/);
  const before = Number(/(\d+) unread/.exec((await bell.getAttribute("aria-label")) ?? "")?.[1] ?? 0);

  const purpose = `Live bell ${STAMP}`;
  const filed = await bob.request.post("/api/v1/access-requests", {
    data: { portId, teamSlug: "marketing-analytics", purpose },
  });
  expect(filed.status(), await filed.text()).toBe(201);
  const requestId = ((await filed.json()) as { id: string }).id;

  // Without a reload: the count goes up (over the live stream), the panel has the request.
  await expect
    .poll(async () => Number(/(\d+) unread/.exec((await bell.getAttribute("aria-label")) ?? "")?.[1] ?? 0), {
      timeout: 15_000,
    })
    .toBeGreaterThan(before);
  await bell.click();
  const item = alice.page
    .getByTestId("bell-item")
    .filter({ hasText: `Marketing Analytics requests access to ${NAME}` });
  await expect(item).toContainText("Bob Tanaka filed the request");
  await item.click();
  await expect(alice.page).toHaveURL(new RegExp(`/access/requests/${requestId}`));
  // Opening it marked it read.
  const unread = (await (await alice.request.get("/api/v1/notifications?unread=true&limit=100")).json()) as {
    items: { link: string }[];
  };
  expect(unread.items.some((n) => n.link.endsWith(requestId))).toBe(false);

  // The same news by email, in the run's local mailbox, addressed to alice.
  const { mailDir } = readHarness();
  await expect
    .poll(
      () =>
        readdirSync(mailDir)
          // Quoted-printable soft line breaks out, so the link's request id reads whole.
          .map((f) => readFileSync(path.join(mailDir, f), "utf8").replace(/=\r?\n/g, ""))
          .filter((raw) => /^To: alice@meshport\.dev/m.test(raw) && raw.includes(requestId)).length,
      { timeout: 15_000 },
    )
    .toBe(1);
  await alice.context.close();
  await bob.context.close();
});

test("bob watches the product and is told of its deprecation", async ({ browser }) => {
  test.setTimeout(60_000);
  const alice = await as(browser, "alice");
  const bob = await as(browser, "bob");
  await bob.page.goto(`/products/${SLUG}`);
  const watch = bob.page.getByTestId("watch-button");
  await expect(watch).toHaveText("Watch");
  await watch.click();
  await expect(watch).toHaveText("Watching ✓");
  await expect(watch).toHaveAttribute("aria-pressed", "true");
  const bobBell = bob.page.getByTestId("bell");
  await expect(bobBell).toHaveAccessibleName(/Notifications: \d+ unread/);
  const bobBefore = Number(/(\d+) unread/.exec((await bobBell.getAttribute("aria-label")) ?? "")?.[1] ?? 0);

  const sunset = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const deprecated = await alice.request.post(`/api/v1/products/${SLUG}/lifecycle`, {
    data: {
      to: "DEPRECATED",
      sunsetAt: sunset,
      message: "Moving to the order events.",
      successor: "order-events",
    },
  });
  expect(deprecated.status(), await deprecated.text()).toBe(200);

  // Bob's bell counts it without a reload.
  await expect
    .poll(
      async () => Number(/(\d+) unread/.exec((await bobBell.getAttribute("aria-label")) ?? "")?.[1] ?? 0),
      {
        timeout: 15_000,
      },
    )
    .toBeGreaterThan(bobBefore);
  await bob.page.goto("/notifications");
  const entry = bob.page
    .getByTestId("notifications")
    .getByRole("listitem")
    .filter({ hasText: `${NAME} is deprecated` });
  await expect(entry).toContainText(`sunset ${sunset.slice(0, 10)}`);
  await expect(entry).toContainText("Moving to the order events. Successor: Order Events.");
  await entry.getByRole("button", { name: "Mark read" }).click();
  await expect(entry.getByRole("button", { name: "Mark read" })).toHaveCount(0);
  await alice.context.close();
  await bob.context.close();
});

test("a team webhook's test event is delivered, verified, and shown in the delivery log", async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const receiver = await startWebhookReceiver();
  const alice = await as(browser, "alice");
  try {
    await alice.page.goto("/admin/teams");
    await alice.page
      .getByRole("region", { name: "Team Orders" })
      .getByRole("link", { name: "Webhooks →" })
      .click();
    await expect(alice.page).toHaveURL(/\/teams\/orders\/webhooks/);
    const form = alice.page.getByRole("form", { name: "New webhook" });
    // A bad URL gets the server's reason.
    await form.getByLabel("URL").fill("ftp://example.com/hooks");
    await form.getByRole("button", { name: "Add webhook" }).click();
    await expect(form.getByRole("alert")).toContainText("url: must use http or https");

    await form.getByLabel("URL").fill(receiver.url);
    await form.getByLabel("Description").fill(`e2e ${STAMP}`);
    await form.getByRole("button", { name: "Add webhook" }).click();
    const secret = alice.page.getByTestId("webhook-secret").locator("code");
    await expect(secret).toHaveText(/^whsec_/);
    receiver.secret = (await secret.textContent())!;

    const hook = alice.page.getByTestId("webhook").filter({ hasText: `e2e ${STAMP}` });
    await hook.getByRole("button", { name: "Send test event" }).click();
    const row = hook.getByTestId("delivery").first();
    await expect(row).toContainText("webhook.test", { timeout: 15_000 });
    await expect(row).toContainText("delivered", { timeout: 15_000 });
    await expect(row).toContainText(/204 in \d+ ms/);
    // The hook also gets the team's other events (a contract incident another spec's
    // bad events raised may land meanwhile): the test event arrives once, and every
    // delivery carries a valid signature.
    const testEvents = receiver.received.filter((r) => r.body?.type === "dev.meshport.webhook.test");
    expect(testEvents).toHaveLength(1);
    expect(testEvents[0]!.body!.data).toMatchObject({ team: "orders" });
    expect(receiver.received.every((r) => r.verified)).toBe(true);

    // bob (not in Orders) is refused the team's webhooks.
    const bob = await as(browser, "bob");
    expect((await bob.request.get("/api/v1/teams/orders/webhooks")).status()).toBe(403);
    await bob.context.close();
  } finally {
    await alice.context.close();
    await receiver.stop();
  }
});
