import { expect, test } from "@playwright/test";

test.describe("signed out", () => {
  test("a page redirects to sign-in and back after signing in", async ({ page }) => {
    await page.goto("/products/payment-captures");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fproducts%2Fpayment-captures/);
    await page.getByRole("button", { name: /Dave Lindqvist/ }).click();
    await expect(page).toHaveURL(/\/products\/payment-captures$/);
    await expect(page.getByTestId("current-user")).toHaveText("Dave Lindqvist");
  });

  test("a wrong password is refused with a clear message", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill("alice@meshport.dev");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText("Wrong email or password.");
    await expect(page).toHaveURL(/\/login/);
  });

  test("the API answers 401 with the error body", async ({ request }) => {
    const res = await request.get("/api/v1/products");
    expect(res.status()).toBe(401);
    expect(await res.json()).toEqual({ error: { code: "unauthenticated", message: expect.any(String) } });
  });
});
