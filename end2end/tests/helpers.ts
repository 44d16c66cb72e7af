import { expect, Page } from "@playwright/test";

export const DEMO_PASSWORD = "chorus-demo-2030";
export const demo = {
  admin: "admin@chorus.example",
  leader: "leader@chorus.example",
  moderator: "moderator@chorus.example",
  member: "member@chorus.example",
};

/** Waits until WebAssembly has taken over, when JavaScript runs at all. */
export async function ready(page: Page, javaScriptEnabled: boolean) {
  if (javaScriptEnabled) {
    await page.waitForSelector("html[data-hydrated]");
  }
}

export async function signIn(
  page: Page,
  javaScriptEnabled: boolean,
  email: string,
  password = DEMO_PASSWORD,
) {
  await page.goto("/sign-in");
  await ready(page, javaScriptEnabled);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function expectSignedInAs(page: Page, name: string) {
  await expect(page.getByRole("link", { name: new RegExp(name) })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

export async function sessionCookie(page: Page) {
  const cookies = await page.context().cookies();
  return cookies.find((cookie) => cookie.name === "chorus_session");
}
