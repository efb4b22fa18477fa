import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { storageState, type PersonaKey } from "./personas";

// The holes a probe of the running portal found (issue #11), each tried again as the probe did,
// with variations: cross-site requests, sessions, sign-in limits, redirects, scopes, bad input,
// headers. Against the production build on the real database and broker.
const baseURL = () => test.info().project.use.baseURL!;

async function as(browser: Browser, persona: PersonaKey) {
  const context = await browser.newContext({ storageState: storageState(persona) });
  return { context, request: context.request };
}

async function firstPendingOrNewRequest(bob: APIRequestContext, purpose: string): Promise<string> {
  const list = (await (
    await bob.get("/api/v1/products?owner=orders&portType=KAFKA_TOPIC&sort=name")
  ).json()) as { items: { slug: string }[] };
  const product = (await (await bob.get(`/api/v1/products/${list.items.at(-1)!.slug}`)).json()) as {
    outputPorts: { id: string; type: string }[];
  };
  const port = product.outputPorts.find((p) => p.type === "KAFKA_TOPIC")!;
  const res = await bob.post("/api/v1/access-requests", {
    data: { portId: port.id, teamSlug: "marketing-analytics", purpose },
  });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

test.describe("cross-site requests change nothing", () => {
  const FORM_TYPES = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"];

  test("a form-shaped or foreign-origin POST with the session cookie is refused on every state-changing route", async ({
    browser,
  }) => {
    const bob = await as(browser, "bob");
    const alice = await as(browser, "alice");
    const requestId = await firstPendingOrNewRequest(bob.request, "CSRF probe target");
    const tokensBefore = ((await (await alice.request.get("/api/v1/tokens")).json()) as { items: unknown[] })
      .items.length;

    const targets: [string, string, string][] = [
      ["POST", `/api/v1/access-requests/${requestId}/approve`, '{"reason":"csrf"}'],
      ["POST", `/api/v1/access-requests/${requestId}/deny`, '{"reason":"csrf"}'],
      ["POST", "/api/v1/tokens", '{"name":"csrf","expiresInDays":365}'],
      ["PATCH", "/api/v1/products/order-events", '{"revision":1,"summary":"csrf"}'],
      ["POST", "/api/v1/products/order-events/contract", "apiVersion: v3.1.0\nkind: DataContract\n"],
      ["DELETE", "/api/v1/sessions", ""],
    ];
    for (const [method, url, body] of targets) {
      // A foreign page, a sibling host, another local port; and a browser that says cross-site.
      for (const origin of ["http://evil.example", "http://localhost:3999", "null"]) {
        for (const type of [...FORM_TYPES, "application/json"]) {
          const res = await alice.request.fetch(url, {
            method,
            data: body,
            headers: { origin, "content-type": type },
          });
          expect(res.status(), `${method} ${url} from ${origin} as ${type}`).toBe(403);
        }
      }
      const crossSite = await alice.request.fetch(url, {
        method,
        data: body,
        headers: { "sec-fetch-site": "cross-site", "content-type": "application/json" },
      });
      expect(crossSite.status(), `${method} ${url} with Sec-Fetch-Site: cross-site`).toBe(403);
      // No Origin at all (an old browser, a script with a stolen cookie): a form's media type is 415.
      for (const type of FORM_TYPES) {
        const res = await alice.request.fetch(url, { method, data: body, headers: { "content-type": type } });
        expect(res.status(), `${method} ${url} as ${type} without Origin`).toBe(415);
        expect(await res.json()).toMatchObject({ error: { code: "unsupported_media_type" } });
      }
    }
    // Nothing changed: the request is still pending, no token was made, alice is still signed in.
    const request = (await (await bob.request.get(`/api/v1/access-requests/${requestId}`)).json()) as {
      status: string;
    };
    expect(request.status).toBe("pending");
    expect(
      ((await (await alice.request.get("/api/v1/tokens")).json()) as { items: unknown[] }).items,
    ).toHaveLength(tokensBefore);

    // The portal's own origin with JSON works (what the UI sends).
    const own = await bob.request.post(`/api/v1/access-requests/${requestId}/cancel`, {
      data: {},
      headers: { origin: new URL(baseURL()).origin },
    });
    expect(own.status()).toBe(200);
    await bob.context.close();
    await alice.context.close();
  });
});

test.describe("sessions", () => {
  async function signIn(browser: Browser, email: string) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("demo");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByTestId("current-user")).toBeVisible();
    return { context, page };
  }

  test("signing out ends the session on the server: the old cookie is refused at once", async ({
    browser,
    playwright,
  }) => {
    const { context, page } = await signIn(browser, "dave@meshport.dev");
    const cookies = await context.cookies();
    const cookieHeader = cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    const copy = await playwright.request.newContext({
      baseURL: baseURL(),
      extraHTTPHeaders: { cookie: cookieHeader },
    });
    expect((await copy.get("/api/v1/products")).status()).toBe(200);
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/login/);
    expect((await copy.get("/api/v1/products")).status()).toBe(401);
    const pageWithOldCookie = await copy.get("/access", { maxRedirects: 0 });
    expect(pageWithOldCookie.status()).toBe(307);
    expect(pageWithOldCookie.headers().location).toContain("/login");
    await copy.dispose();
    await context.close();
  });

  test("sign out everywhere ends every session of the user", async ({ browser }) => {
    const first = await signIn(browser, "dave@meshport.dev");
    const second = await signIn(browser, "dave@meshport.dev");
    expect((await second.context.request.get("/api/v1/products")).status()).toBe(200);
    first.page.once("dialog", (dialog) => void dialog.accept());
    await first.page.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(first.page).toHaveURL(/\/login/);
    expect((await second.context.request.get("/api/v1/products")).status()).toBe(401);
    await second.page.reload();
    await expect(second.page).toHaveURL(/\/login/);
    await first.context.close();
    await second.context.close();
  });
});

test.describe("sign-in limits", () => {
  async function tryPassword(request: APIRequestContext, email: string, password: string) {
    const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    return request.post("/api/auth/callback/demo", {
      form: { email, password, csrfToken, json: "true" },
      maxRedirects: 0,
    });
  }

  test("ten wrong passwords lock the account for a while (429 + Retry-After), even for the right one", async ({
    playwright,
  }) => {
    const request = await playwright.request.newContext({ baseURL: baseURL() });
    // bob's later specs use a stored session, so locking his password sign-in harms nothing.
    for (let i = 0; i < 10; i++) {
      const res = await tryPassword(request, "bob@meshport.dev", `wrong-${i}`);
      expect(res.status(), `attempt ${i + 1}`).toBeLessThan(429);
    }
    const locked = await tryPassword(request, "BOB@meshport.dev", "demo");
    expect(locked.status()).toBe(429);
    expect(Number(locked.headers()["retry-after"])).toBeGreaterThan(0);
    // Another account from the same address is not locked out by bob's failures.
    const other = await tryPassword(request, "dave@meshport.dev", "demo");
    expect(other.status()).toBeLessThan(400);
    await request.dispose();
  });

  test("the sign-in form says so", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill("bob@meshport.dev");
    await page.getByLabel("Password").fill("demo");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Too many failed sign-ins" })).toBeVisible();
  });

  test("failed bearer tokens are limited per address", async ({ playwright }) => {
    // Its own address (X-Forwarded-For), so other specs' requests are not counted with it.
    const request = await playwright.request.newContext({
      baseURL: baseURL(),
      extraHTTPHeaders: { "x-forwarded-for": "203.0.113.77" },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 101; i++)
      statuses.push(
        (
          await request.get("/api/v1/products", { headers: { authorization: `Bearer mp_wrong${i}` } })
        ).status(),
      );
    expect(statuses.slice(0, 100).every((s) => s === 401)).toBe(true);
    expect(statuses[100]).toBe(429);
    await request.dispose();
  });
});

test.describe("redirects after sign-in stay on the portal", () => {
  test.use({ storageState: storageState("alice") });

  for (const callback of [
    "/%5Cevil.example",
    "/%09/evil.example",
    "//evil.example",
    "/%5C%5Cevil.example",
    "https://evil.example/",
    "http://a:b/",
    "javascript:alert(1)",
  ]) {
    test(`callbackUrl=${callback}`, async ({ page }) => {
      const res = await page.goto(`/login?callbackUrl=${callback}`);
      expect(res?.status()).toBeLessThan(500);
      expect(new URL(page.url()).host).toBe(new URL(baseURL()).host);
    });
  }

  test("a malformed next-auth callback-url cookie is not a 500", async ({ page, context }) => {
    const host = new URL(baseURL()).hostname;
    for (const value of ["http://a:b/", "%E0%A4%A", "/\\evil.example"]) {
      await context.addCookies([
        { name: "next-auth.callback-url", value: encodeURIComponent(value), domain: host, path: "/" },
      ]);
      const res = await page.goto("/api/auth/signin");
      expect(res?.status(), value).toBeLessThan(500);
      expect(new URL(page.url()).host).toBe(new URL(baseURL()).host);
    }
  });
});

test.describe("personal access tokens are scoped", () => {
  test.use({ storageState: storageState("bob") });

  test("least privilege by default, 403 naming the missing scope, and no token makes tokens", async ({
    page,
    request,
    playwright,
  }) => {
    const made = await request.post("/api/v1/tokens", { data: { name: "read only" } });
    expect(made.status()).toBe(201);
    const readOnly = (await made.json()) as { token: string; scopes: string[] };
    expect(readOnly.scopes).toEqual(["read"]);
    const api = await playwright.request.newContext({
      baseURL: baseURL(),
      extraHTTPHeaders: { authorization: `Bearer ${readOnly.token}` },
    });
    expect((await api.get("/api/v1/products")).status()).toBe(200);
    const list = (await (await api.get("/api/v1/products?owner=orders&portType=KAFKA_TOPIC")).json()) as {
      items: { slug: string }[];
    };
    const product = (await (await api.get(`/api/v1/products/${list.items[0]!.slug}`)).json()) as {
      outputPorts: { id: string }[];
    };
    const refused = await api.post("/api/v1/access-requests", {
      data: { portId: product.outputPorts[0]!.id, teamSlug: "marketing-analytics", purpose: "scoped" },
    });
    expect(refused.status()).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
      "access:request",
    );
    expect((await api.post("/api/v1/lineage", { data: [] })).status()).toBe(403);
    // Not even a token with every scope may mint tokens or end sessions.
    const all = (await (
      await request.post("/api/v1/tokens", {
        data: {
          name: "all scopes",
          scopes: ["read", "catalog:write", "access:request", "access:decide", "lineage:write"],
        },
      })
    ).json()) as { token: string };
    const full = await playwright.request.newContext({
      baseURL: baseURL(),
      extraHTTPHeaders: { authorization: `Bearer ${all.token}` },
    });
    expect((await full.post("/api/v1/tokens", { data: { name: "minted by a token" } })).status()).toBe(403);
    expect((await full.delete("/api/v1/sessions")).status()).toBe(403);
    const filed = await full.post("/api/v1/access-requests", {
      data: {
        portId: product.outputPorts[0]!.id,
        teamSlug: "marketing-analytics",
        purpose: "scoped, with access:request",
      },
    });
    // 201, or 409 when bob's team already asked for this port: either way past the scope check.
    expect([201, 409]).toContain(filed.status());
    expect((await request.post("/api/v1/tokens", { data: { name: "nothing", scopes: [] } })).status()).toBe(
      422,
    );
    expect(
      (await request.post("/api/v1/tokens", { data: { name: "made up", scopes: ["admin"] } })).status(),
    ).toBe(422);

    // The list shows each token's scopes; the form starts with Read only.
    await page.goto("/settings/tokens");
    await expect(
      page.getByTestId("tokens").locator("tr").filter({ hasText: "read only" }).getByTestId("token-scopes"),
    ).toHaveText("Read");
    await expect(
      page.getByTestId("tokens").locator("tr").filter({ hasText: "all scopes" }).getByTestId("token-scopes"),
    ).toContainText("Access decisions");
    await expect(page.getByRole("checkbox", { name: /^Read/ })).toBeChecked();
    await expect(page.getByRole("checkbox", { name: /^Access decisions/ })).not.toBeChecked();
    await api.dispose();
    await full.dispose();
  });
});

test.describe("bad input is 4xx", () => {
  test.use({ storageState: storageState("alice") });

  test("a path whose percent-escapes do not decode is 400, never a 500", async ({ request }) => {
    for (const path of [
      "/api/v1/products/%ZZ",
      "/api/v1/products/%E0%A4%A/contract",
      "/api/v1/ports/%C0%80/schemas",
      "/api/v1/access-requests/%ZZ",
    ]) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(400);
      expect(await res.json(), path).toEqual({
        error: { code: "bad_request", message: "The address has a malformed percent-escape" },
      });
    }
    const page = await request.get("/products/%ZZ");
    expect(page.status()).toBe(400);
    expect(await page.text()).toContain("malformed percent-escape");
    // Well-formed escapes still reach the routes: `no%2Dsuch` is the slug `no-such` (404), `caf%C3%A9`
    // is `café`, which the slug rule refuses by name (422).
    expect((await request.get("/api/v1/products/no%2Dsuch")).status()).toBe(404);
    const accented = await request.get("/api/v1/products/caf%C3%A9");
    expect(accented.status()).toBe(422);
    expect(((await accented.json()) as { error: { message: string } }).error.message).toMatch(/^slug: /);
  });

  test("NUL characters in any text field are 422 naming the field", async ({ request }) => {
    const cases: [string, string, unknown][] = [
      ["POST", "/api/v1/tokens", { name: "a\u0000b" }],
      ["PATCH", "/api/v1/products/order-events", { revision: 1, summary: "x\u0000" }],
      ["POST", "/api/v1/markdown/preview", { markdown: "\u0000" }],
      [
        "POST",
        "/api/v1/lineage",
        {
          eventType: "COMPLETE",
          eventTime: "2026-01-01T00:00:00Z",
          producer: "p",
          schemaURL: "s",
          run: { runId: "00000000-0000-4000-8000-000000000001" },
          job: { namespace: "n", name: "job\u0000" },
          inputs: [],
          outputs: [],
        },
      ],
      [
        "POST",
        "/api/v1/lineage",
        {
          eventType: "COMPLETE",
          eventTime: "2026-01-01T00:00:00Z",
          producer: "p",
          schemaURL: "s",
          run: { runId: "00000000-0000-4000-8000-000000000002", facets: { "key\u0000": {} } },
          job: { namespace: "n", name: "j" },
          inputs: [],
          outputs: [],
        },
      ],
    ];
    for (const [method, url, data] of cases) {
      const res = await request.fetch(url, { method, data });
      expect(res.status(), `${method} ${url}`).toBe(422);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/NUL/);
    }
    expect((await request.get("/api/v1/products?q=a%00b")).status()).toBe(422);
    const yaml = await request.post("/api/v1/products/order-events/contract?dryRun=1", {
      data: 'apiVersion: v3.1.0\nkind: DataContract\nid: "a\\0b"\n',
      headers: { "content-type": "application/yaml" },
    });
    expect(yaml.status()).toBe(422);
  });

  test("JSON and YAML nested thousands deep are 422", async ({ request }) => {
    // Written as text: a client's own JSON encoder would give up first.
    const deep = `${'{"x":'.repeat(5000)}"leaf"${"}".repeat(5000)}`;
    const event = `{"eventType":"COMPLETE","eventTime":"2026-01-01T00:00:00Z","producer":"p","schemaURL":"s","run":{"runId":"00000000-0000-4000-8000-000000000003","facets":{"deep":${deep}}},"job":{"namespace":"n","name":"j"},"inputs":[],"outputs":[]}`;
    const lineage = await request.post("/api/v1/lineage", {
      data: event,
      headers: { "content-type": "application/json" },
    });
    expect(lineage.status()).toBe(422);
    expect(((await lineage.json()) as { error: { message: string } }).error.message).toContain(
      "nested deeper",
    );
    const arrays = await request.post("/api/v1/markdown/preview", {
      data: `{"markdown":"x","extra":${"[".repeat(10000)}${"]".repeat(10000)}}`,
      headers: { "content-type": "application/json" },
    });
    expect(arrays.status()).toBe(422);
    const yaml = `apiVersion: v3.1.0\nkind: DataContract\nid: order-events\ncustomProperties: ${"[".repeat(5000)}${"]".repeat(5000)}\n`;
    expect(
      (
        await request.post("/api/v1/products/order-events/contract?dryRun=1", {
          data: yaml,
          headers: { "content-type": "application/yaml" },
        })
      ).status(),
    ).toBe(422);
  });

  test("markdown nested thousands deep is refused in preview and on save; pages keep working", async ({
    request,
    page,
  }) => {
    const preview = await request.post("/api/v1/markdown/preview", { data: { markdown: ">".repeat(5000) } });
    expect(preview.status()).toBe(422);
    const product = (await (await request.get("/api/v1/products/order-events")).json()) as {
      revision: number;
    };
    expect(
      (
        await request.patch("/api/v1/products/order-events", {
          data: { revision: product.revision, description: `${"- ".repeat(3000)}x` },
        })
      ).status(),
    ).toBe(422);
    expect((await page.goto("/products/order-events"))?.status()).toBe(200);
  });

  test("someone else's product is 403 whatever the contract body", async ({ browser }) => {
    const bob = await as(browser, "bob");
    for (const body of [
      "",
      "not: [valid",
      "apiVersion: v3.1.0\nkind: DataContract\n",
      "x".repeat(2 * 1024 * 1024),
    ]) {
      const res = await bob.request.post("/api/v1/products/order-events/contract", {
        data: body,
        headers: { "content-type": "application/yaml" },
      });
      expect(res.status(), body.slice(0, 20)).toBe(403);
    }
    await bob.context.close();
  });
});

test.describe("smaller items", () => {
  test.use({ storageState: storageState("bob") });

  test("anonymous health is status only; signed-in callers see the details", async ({
    request,
    playwright,
  }) => {
    // An empty storage state: the test runner would otherwise lend this context bob's cookies.
    const anonymous = await playwright.request.newContext({
      baseURL: baseURL(),
      storageState: { cookies: [], origins: [] },
    });
    expect(Object.keys((await (await anonymous.get("/api/v1/health")).json()) as object)).toEqual(["status"]);
    await anonymous.dispose();
    expect((await (await request.get("/api/v1/health")).json()) as object).toHaveProperty("database");
  });

  test("server layout: capped input (422) and one layout at a time per user (429)", async ({ request }) => {
    const graph = (n: number, salt: string) => ({
      nodes: Array.from({ length: n }, (_, i) => ({
        id: `${salt}${i}`,
        group: `g${i % 10}`,
        width: 200,
        height: 60,
      })),
      edges: Array.from({ length: n - 1 }, (_, i) => ({
        id: `e${i}`,
        source: `${salt}${i}`,
        target: `${salt}${i + 1}`,
      })),
    });
    expect((await request.post("/api/v1/lineage/layout", { data: graph(5001, "cap") })).status()).toBe(422);
    const statuses = await Promise.all([
      request.post("/api/v1/lineage/layout", { data: graph(3000, `a${Date.now()}`) }),
      request.post("/api/v1/lineage/layout", { data: graph(3000, `b${Date.now()}`) }),
    ]).then((r) => r.map((x) => x.status()).sort());
    expect(statuses).toEqual([200, 429]);
  });

  test("pages carry a nonce-based CSP and the other security headers, and still work under them", async ({
    page,
  }) => {
    const violations: string[] = [];
    page.on("console", (msg) => {
      if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
    });
    const res = await page.goto("/products/payment-authorizations");
    const headers = res!.headers();
    const csp = headers["content-security-policy"]!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"]).toContain("camera=()");
    // Every script the server wrote carries this response's nonce (chunks loaded later are trusted through 'strict-dynamic').
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    const html = await res!.text();
    const scriptTags = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scriptTags.length).toBeGreaterThan(0);
    expect(scriptTags.filter((tag) => !tag.includes(`nonce="${nonce}"`))).toEqual([]);
    // Each load gets a new nonce.
    const again = (await page.reload())!.headers()["content-security-policy"]!;
    expect(again).not.toBe(csp);
    // React Flow (inline styles, Web Workers) and the live panel still run.
    await page.getByRole("link", { name: "View lineage →" }).click();
    await expect(page.getByTestId("lineage-status")).toContainText("laid out in");
    expect(violations).toEqual([]);
    const api = await page.request.get("/api/v1/products");
    expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  });

  test("the request form and the grant say what a grant exposes", async ({ page }) => {
    await page.goto("/products/order-events");
    const port = page.getByTestId("output-port").first();
    await port.getByRole("button", { name: "Request access…" }).click();
    await expect(port.getByTestId("grant-exposure")).toContainText("raw");
    await expect(port.getByTestId("grant-exposure")).toContainText("purpose");
  });
});
