import { expect, test as setup } from "@playwright/test";
import { PERSONAS, storageState, type PersonaKey } from "./personas";

// Signs each persona in once through the real login form and keeps the session for the specs.
for (const key of Object.keys(PERSONAS) as PersonaKey[]) {
  const persona = PERSONAS[key];
  setup(`sign in as ${key}`, async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(persona.email);
    await page.getByLabel("Password").fill("demo");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByTestId("current-user")).toHaveText(persona.name);
    await expect(page.locator(".user-menu")).toContainText(persona.teams);
    await page.context().storageState({ path: storageState(key) });
  });
}
