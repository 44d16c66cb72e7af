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

/** A leader launches a dot-voting challenge open from now; returns its path. */
export async function launch(page: Page, title: string, question: string, budget = 3, perIdea = 2) {
  await page.goto("/challenges/new");
  await page.waitForSelector("html[data-hydrated]");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("The question (one sentence)").fill(question);
  // Opens now (the default is the next full hour).
  const now = new Date(Date.now() - 60_000 - new Date().getTimezoneOffset() * 60_000);
  await expect(page.getByLabel("Closes")).not.toHaveValue("");
  await page.getByLabel("Opens").fill(now.toISOString().slice(0, 16));
  await page.getByLabel("Dot voting: a budget of votes to spread").check();
  await page.getByLabel("Votes per person").fill(String(budget));
  await page.getByLabel("At most on one idea").fill(String(perIdea));
  await page.getByRole("button", { name: "Launch challenge" }).click();
  await expect(page.getByRole("heading", { level: 1, name: question })).toBeVisible();
  return new URL(page.url()).pathname;
}
