import { expect, Page, test } from "@playwright/test";
import { demo, signIn } from "./helpers";

// Single sign-on against oidc-provider (OpenID Certified), started by playwright.config.ts.
// Its development login page takes any password; consent is one more button.

async function signInWithProvider(page: Page, login: string, javaScriptEnabled: boolean) {
  await page.goto("/sign-in?next=/notifications");
  if (javaScriptEnabled) await page.waitForSelector("html[data-hydrated]");
  await page.getByRole("link", { name: "Sign in with Chorus Test ID" }).click();
  await page.locator("input[name=login]").fill(login);
  await page.locator("input[name=password]").fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

test("a new person signs in with the company account and arrives with department, region and manager @no-js", async ({ page, browser, javaScriptEnabled }) => {
  await signInWithProvider(page, "noa.peretz", javaScriptEnabled);
  await expect(page).toHaveURL(/\/notifications$/);
  await expect(page.getByRole("link", { name: /Noa Peretz/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

  // The admin's own browser runs script, whichever project this is.
  const context = await browser.newContext({ javaScriptEnabled: true });
  const admin = await context.newPage();
  await signIn(admin, true, demo.admin);
  await expect(admin.getByRole("button", { name: "Sign out" })).toBeVisible();
  await admin.goto("/admin/people");
  const row = admin.getByRole("row").filter({ hasText: "noa.peretz@chorus.example" });
  await expect(row).toContainText("Research");
  await expect(row).toContainText("APAC");
  await expect(row).toContainText("amara.okafor@chorus.example");
  await expect(row).toContainText("Member");
  await context.close();
});

test("an existing person is matched by verified email", async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "once is enough");
  await signInWithProvider(page, "mia", true);
  await expect(page.getByRole("link", { name: /Mia Member/ })).toBeVisible();
});

test("an unverified email is refused with a message saying why", async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "once is enough");
  await signInWithProvider(page, "unverified", true);
  await expect(page).toHaveURL(/\/sign-in\?sso=unverified$/);
  await expect(page.getByRole("alert")).toContainText(
    "Chorus Test ID has not verified your email address",
  );
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
});

test("a forged or replayed answer from the provider signs nobody in", async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "once is enough");
  await page.goto("/api/sso/callback?code=forged&state=not-a-sign-in");
  await expect(page).toHaveURL(/\/sign-in\?sso=expired$/);
  await expect(page.getByRole("alert")).toContainText("took too long or was already used");
});
