import { expect, test, type Locator } from "@playwright/test";
import { produceOnePerPartition } from "../scripts/test-support/demo-events";
import { storageState } from "./personas";

const TOPIC = "orders.order-events.v1";

/** The `<partition>:<offset>` ids of the events in the list, newest first. */
const shownIds = (events: Locator) =>
  events.evaluateAll((rows) => rows.map((row) => row.querySelector("summary .badge")?.textContent ?? ""));

// The live tail on the product page, against the e2e server's real broker and demo producer
// (orders.order-events.v1, about one event a second, customer and shippingAddress are PII).
test.describe("live events", () => {
  test.describe("as the owner team", () => {
    test.use({ storageState: storageState("alice") });

    test("open the panel, see events arrive raw, pause, resume and filter", async ({ page }) => {
      await page.goto("/products/order-events");
      const tail = page.getByTestId("live-tail").first();
      await expect(tail.getByTestId("tail-status")).toHaveText("Not started");
      await tail.getByLabel("Start from").selectOption("last:10");
      await tail.getByRole("button", { name: "Start" }).click();
      await expect(tail.getByTestId("tail-status")).toHaveText("Live");
      const events = tail.getByTestId("tail-event");
      await expect(events.first()).toBeVisible();
      await expect(tail.getByText(/events\/s/)).toBeVisible();
      // The owner sees raw values: nothing is masked.
      await expect(tail.locator(".badge-pii")).toHaveCount(0);
      // Pinned by its id: a newer event can land above the first one before the click holds the list.
      const openedId = (await events.first().locator("summary .badge").first().textContent())!;
      const opened = events.filter({ has: page.getByText(openedId, { exact: true }) });
      await opened.locator("summary").click();
      await expect(opened.getByRole("button", { name: "Copy as JSON" })).toBeVisible();
      await expect(opened.locator(".tail-tree").first()).toContainText("customer");
      // While an event is open, new ones wait instead of pushing it down.
      await expect(tail.getByTestId("tail-held")).toBeVisible({ timeout: 15_000 });
      await opened.locator("summary").click();
      await expect(tail.getByTestId("tail-held")).toHaveCount(0);

      // Pausing closes the stream: the request ends, so nothing can arrive until Resume.
      const closed = page.waitForEvent(
        "requestfailed",
        (r) => r.url().includes("/tail?") && r.failure()?.errorText === "net::ERR_ABORTED",
      );
      await tail.getByRole("button", { name: "Pause" }).click();
      await expect(tail.getByTestId("tail-status")).toHaveText("Paused");
      await closed;
      // Sentinels produced while paused (one per partition): after Resume, everything up to
      // them arrives exactly once — no event lost across the pause, none repeated.
      const sentinels = await produceOnePerPartition("order-events", TOPIC, `sentinel-${Date.now()}`);
      await expect(tail.getByTestId("tail-event").filter({ hasText: "sentinel-" })).toHaveCount(0);
      await tail.getByRole("button", { name: "Resume" }).click();
      await expect(tail.getByTestId("tail-status")).toHaveText("Live");
      for (const key of sentinels) await expect(tail.getByText(key, { exact: true })).toBeVisible();
      const ids = await shownIds(events);
      expect(new Set(ids).size, "no event shown twice").toBe(ids.length);
      const offsets = new Map<string, number[]>();
      for (const id of ids) {
        const [partition, offset] = id.split(":");
        offsets.set(partition!, [...(offsets.get(partition!) ?? []), Number(offset)]);
      }
      // Per partition, from the first event shown to its sentinel, every offset (no gap).
      for (const [partition, list] of offsets) {
        const sorted = [...list].sort((a, b) => a - b);
        expect(sorted, `partition ${partition}`).toEqual(sorted.map((_, i) => sorted[0]! + i));
      }

      // Filtering happens on the server: only the matching event comes back.
      const key = (await events.first().locator(".tail-key").textContent())!;
      await tail.getByLabel("Filter events").fill(key);
      await expect(tail.getByTestId("tail-filter-pending")).toBeVisible();
      await tail.getByLabel("Start from").selectOption("last:1000");
      await tail.getByRole("button", { name: "Restart" }).click();
      await expect(events.first()).toContainText(key);
      await expect(tail.getByText(`filter "${key}"`)).toBeVisible();
      expect(await events.count()).toBe(1);
      await tail.getByLabel("Filter events").fill("no-event-has-this-text");
      await tail.getByRole("button", { name: "Restart" }).click();
      await expect(tail.getByText('No events match "no-event-has-this-text" yet.')).toBeVisible();
      // A malformed JSON path is refused in place: the stream and its list stay.
      await tail.getByLabel("Filter events").fill("$eventType=PLACED");
      await tail.getByRole("button", { name: "Restart" }).click();
      await expect(tail.getByTestId("tail-filter-error")).toContainText("$.field=value");
      await expect(tail.getByTestId("tail-status")).toHaveText("Live");
    });
  });

  test.describe("as an admin outside the owner team", () => {
    test.use({ storageState: storageState("carol") });

    test("sees the events with PII masked", async ({ page }) => {
      await page.goto("/products/order-events");
      const tail = page.getByTestId("live-tail").first();
      await expect(tail.getByText("PII masked")).toBeVisible();
      await tail.getByRole("button", { name: "Start" }).click();
      const first = tail.getByTestId("tail-event").first();
      await expect(first.locator(".badge-pii")).toContainText("masked");
      await first.locator("summary").click();
      // The event that was opened (a newer one may have arrived above it before the click held the list).
      await expect(tail.locator("[data-testid=tail-event] details[open] .tail-masked").first()).toBeVisible();
    });
  });

  test.describe("as a team without a grant", () => {
    test.use({ storageState: storageState("bob") });

    test("is pointed to request access, and the stream answers 403", async ({ page, request }) => {
      await page.goto("/products/order-events");
      const tail = page.getByTestId("live-tail").first();
      await expect(tail.getByRole("link", { name: "Request access" })).toBeVisible();
      await expect(tail.getByTestId("tail-status")).toHaveText("Not entitled");
      const portId = await page.getByTestId("port-access").first().getAttribute("id");
      const res = await request.get(`/api/v1/ports/${portId!.replace("access-", "")}/tail`);
      expect(res.status()).toBe(403);
      expect((await res.json()).error.code).toBe("forbidden");
      for (const query of ["from=yesterday", "lastEventId=garbage", "filter=$eventType%3DPLACED"]) {
        const bad = await request.get(`/api/v1/ports/${portId!.replace("access-", "")}/tail?${query}`);
        expect(bad.status(), query).toBe(422);
        expect((await bad.json()).error.code).toBe("validation_failed");
      }
    });
  });
});
