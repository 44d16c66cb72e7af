import { expect, test } from "@playwright/test";
import { demo, expectSignedInAs, ready, sessionCookie, signIn } from "./helpers";

test.describe("signing in and out @no-js", () => {
  test("a demo member signs in and lands on the home page", async ({ page, javaScriptEnabled }) => {
    await signIn(page, javaScriptEnabled, demo.member);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("heading", { name: "Welcome, Mia" })).toBeVisible();
    await expectSignedInAs(page, "Mia Member");
    const cookie = await sessionCookie(page);
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");
  });

  test("a wrong password shows a clear error and starts no session", async ({
    page,
    javaScriptEnabled,
  }) => {
    await signIn(page, javaScriptEnabled, demo.member, "not-the-password");
    await expect(page.getByRole("alert")).toContainText(
      "That email and password do not match",
    );
    await expect(page).toHaveURL(/\/sign-in/);
    expect(await sessionCookie(page)).toBeUndefined();
  });

  test("signing out ends the session", async ({ page, javaScriptEnabled }) => {
    await signIn(page, javaScriptEnabled, demo.leader);
    await expectSignedInAs(page, "Laura Leader");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("a signed-out visitor is sent back where they were going", async ({
    page,
    javaScriptEnabled,
  }) => {
    await page.goto("/account");
    await expect(page).toHaveURL(/\/sign-in\?next=\/account/);
    await ready(page, javaScriptEnabled);
    await page.getByLabel("Email").fill(demo.moderator);
    await page.getByLabel("Password").fill("chorus-demo-2030");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  });
});

test("navigation after hydration happens in the browser", async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "client-side navigation needs WebAssembly");
  await signIn(page, javaScriptEnabled, demo.admin);
  await expectSignedInAs(page, "Ines Admin");
  const documentsBefore = await page.evaluate(() => performance.getEntriesByType("navigation").length);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "People" }).click();
  await expect(page.getByRole("heading", { name: "People" })).toBeVisible();
  await expect(page).toHaveURL(/\/admin\/people$/);
  // Still the same document: the router swapped the view without a page load.
  const documentsAfter = await page.evaluate(() => performance.getEntriesByType("navigation").length);
  expect(documentsAfter).toBe(documentsBefore);
  expect(await page.evaluate(() => document.documentElement.dataset.hydrated)).toBe("true");
});
