import { expect, test, type Browser, type BrowserContext, type Cookie, type Page } from "@playwright/test";
import pg from "pg";
import { readHarness, type E2eHarness } from "../scripts/test-support/harness";

// OpenID Connect sign-in end to end, against the real provider scripts/e2e-server.ts runs on
// loopback (oidc-provider, scripts/test-support/oidc-provider.ts): a first sign-in provisions a
// user with no team, a team granted in Meshport counts from the next request, sign-out, and a
// tampered state or an expired code ends on a clear "sign-in failed" page, signed out.

type Account = E2eHarness["oidc"]["accounts"][number];

// Read lazily: Playwright loads spec files before the webServer (which writes the file) is up.
let harness: E2eHarness | undefined;
function run(): E2eHarness {
  harness ??= readHarness();
  return harness;
}

function account(email: string): Account {
  const found = run().oidc.accounts.find((a) => a.email === email);
  if (!found) throw new Error(`The test provider has no account ${email}`);
  return found;
}

async function sql<T>(text: string, values: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: run().databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

async function meshportUser(email: string): Promise<{ name: string; role: string; teams: string[] } | null> {
  const rows = await sql<{ name: string; role: string; teams: (string | null)[] }>(
    `SELECT u.name, u.role::text AS role, array_agg(t.slug ORDER BY t.slug) AS teams
       FROM users u LEFT JOIN team_memberships m ON m.user_id = u.id LEFT JOIN teams t ON t.id = m.team_id
      WHERE u.email = $1 GROUP BY u.id`,
    [email],
  );
  const row = rows[0];
  return row
    ? { name: row.name, role: row.role, teams: row.teams.filter((t): t is string => t !== null) }
    : null;
}

function continueButton(page: Page) {
  return page.getByRole("button", { name: `Continue with ${run().oidc.name}` });
}

/**
 * The whole first sign-in: the portal's button, the provider's login form, its consent page, back
 * (to the tokens page, one of the lightest: the test is about the sign-in, not the catalog).
 */
async function signInThroughProvider(page: Page, who: Account): Promise<void> {
  await page.goto("/login?callbackUrl=%2Fsettings%2Ftokens");
  await continueButton(page).click();
  await expect(page.getByRole("heading", { name: "Sign in to the Test IdP" })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(run().oidc.issuer);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Each account meets the consent page once per run (the provider keeps the grant afterwards).
  await expect(page.getByRole("heading", { name: "Allow Meshport to know who you are?" })).toBeVisible();
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page).toHaveURL(/\/settings\/tokens$/);
  await expect(page.getByTestId("current-user")).toHaveText(who.name);
}

async function signOutThroughUi(page: Page): Promise<void> {
  await page.locator(".user-menu").getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(continueButton(page)).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
}

/**
 * Runs `edit` on the provider's redirect back to the portal before the browser follows it.
 * Playwright only routes the first request of a redirect chain, so this works when the
 * authorization request itself answers with the redirect: the user still has a session and a
 * grant at the provider (a second sign-in), as in every test below that uses it.
 */
async function editProviderRedirect(
  page: Page,
  edit: (callback: URL) => Promise<void> | void,
): Promise<void> {
  const issuer = new URL(run().oidc.issuer);
  await page.route(
    (url) => url.origin === issuer.origin && url.pathname === "/auth",
    async (route) => {
      const response = await route.fetch({ maxRedirects: 0 });
      expect(response.status()).toBe(303);
      const callback = new URL(response.headers()["location"] ?? "");
      expect(callback.pathname).toBe("/api/auth/callback/oidc");
      expect(callback.searchParams.get("code")).toBeTruthy();
      await edit(callback);
      await route.fulfill({ response, headers: { ...response.headers(), location: callback.toString() } });
    },
    { times: 1 },
  );
}

/** Resolves with the portal's answer to the OIDC callback (the browser follows it on). */
function callbackResponse(page: Page) {
  return page.waitForResponse((r) => new URL(r.url()).pathname === "/api/auth/callback/oidc");
}

async function expectRefusedAndSignedOut(page: Page, callbackStatus: number): Promise<void> {
  // A redirect to the sign-in page, not a 500 with a stack trace.
  expect(callbackStatus).toBe(302);
  await expect(page).toHaveURL(/\/login\?.*error=OAuthCallback/);
  await expect(page.getByRole("alert").filter({ hasText: "Sign-in failed" })).toHaveText(
    "Sign-in failed: it did not complete or took too long. Please try again.",
  );
  await expect(continueButton(page)).toBeEnabled();
  await expect(page.locator("body")).not.toContainText(/OAuthCallback|Error:|\bat \S+ \(/);
  expect((await page.request.get("/api/v1/products")).status()).toBe(401);
  await page.goto("/settings/tokens");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fsettings%2Ftokens$/);
}

test.describe.serial("a first OIDC sign-in", () => {
  let context: BrowserContext;
  let page: Page;
  let cookiesBeforeSignOut: Cookie[] = [];

  test.beforeAll(async ({ browser }) => {
    context = await browser.newContext();
    page = await context.newPage();
  });
  test.afterAll(async () => {
    await context.close();
  });

  test("creates the Meshport user, with no team", async () => {
    const erin = account("erin@meshport.dev");
    expect(await meshportUser(erin.email)).toBeNull();

    await signInThroughProvider(page, erin);
    await expect(page.locator(".user-menu")).toContainText(`${erin.name} · no team`);
    expect(await meshportUser(erin.email)).toEqual({ name: erin.name, role: "USER", teams: [] });

    await page.goto("/products/payment-captures");
    await expect(page.getByRole("heading", { level: 1, name: "Payment Captures" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Edit documentation" })).toHaveCount(0);
  });

  test("a team an admin adds counts from the user's next request", async () => {
    const erin = account("erin@meshport.dev");
    // Stands in for the admin UI (team management comes with a later issue): the membership row
    // it will write, straight into this run's database.
    await sql(
      `INSERT INTO team_memberships (user_id, team_id)
       SELECT u.id, t.id FROM users u, teams t WHERE u.email = $1 AND t.slug = 'payments'`,
      [erin.email],
    );
    // Same browser, same session cookie, no new sign-in: roles and teams are read per request.
    await page.goto("/products/payment-captures");
    await expect(page.locator(".user-menu")).toContainText(`${erin.name} · Payments`);
    await expect(page.getByRole("button", { name: "Edit documentation" })).toBeVisible();
  });

  test("signs out through the user menu", async ({ browser }) => {
    // Kept for the revocation check below; as a control, the saved cookies work before sign-out.
    cookiesBeforeSignOut = await context.cookies();
    expect(await productsStatusWith(browser, cookiesBeforeSignOut)).toBe(200);

    await signOutThroughUi(page);
    expect((await page.request.get("/api/v1/products")).status()).toBe(401);
    await page.goto("/products/payment-captures");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fproducts%2Fpayment-captures/);
  });

  test("the session cookie from before sign-out is refused afterwards", async ({ browser }) => {
    expect(cookiesBeforeSignOut.length).toBeGreaterThan(0);
    expect(await productsStatusWith(browser, cookiesBeforeSignOut)).toBe(401);
  });
});

async function productsStatusWith(browser: Browser, cookies: Cookie[]): Promise<number> {
  const other = await browser.newContext({ storageState: { cookies, origins: [] } });
  try {
    return (await other.request.get("/api/v1/products")).status();
  } finally {
    await other.close();
  }
}

test.describe("a refused OIDC callback", () => {
  test("a tampered state is refused with a clear page, signed out", async ({ page }) => {
    const frank = account("frank@meshport.dev");
    await signInThroughProvider(page, frank);
    await signOutThroughUi(page);

    await editProviderRedirect(page, (callback) => {
      const state = callback.searchParams.get("state") ?? "";
      expect(state).not.toBe("");
      callback.searchParams.set("state", `${state.slice(0, -1)}${state.endsWith("A") ? "B" : "A"}`);
    });
    const answer = callbackResponse(page);
    await continueButton(page).click();
    await expectRefusedAndSignedOut(page, (await answer).status());

    // Trying again works: the provider still knows Frank, so he is straight back in.
    await continueButton(page).click();
    await expect(page.getByTestId("current-user")).toHaveText(frank.name);
  });

  test("an expired authorization code is refused with the same page", async ({ page }) => {
    const grace = account("grace@meshport.dev");
    await signInThroughProvider(page, grace);
    await signOutThroughUi(page);

    const ttlMs = run().oidc.codeTtlSeconds * 1000;
    await editProviderRedirect(page, async () => {
      // Holding the redirect is the point of this test: the browser arrives after the code's
      // lifetime (the harness gives codes E2E_OIDC_CODE_TTL_SECONDS), plus a second of margin.
      await new Promise((resolve) => setTimeout(resolve, ttlMs + 1_000));
    });
    const answer = callbackResponse(page);
    await continueButton(page).click();
    await expectRefusedAndSignedOut(page, (await answer).status());

    // The control: the same interception without the wait signs her in, so the wait refused the code.
    await editProviderRedirect(page, () => undefined);
    await continueButton(page).click();
    await expect(page.getByTestId("current-user")).toHaveText(grace.name);
  });
});
