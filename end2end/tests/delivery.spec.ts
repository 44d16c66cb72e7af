import { expect, test } from "@playwright/test";
import { demo, signIn } from "./helpers";

test("a member chooses a daily email digest without comment emails, and it is kept", async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "runs once");
  await signIn(page, true, "amara.okafor@chorus.example");
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.goto("/account");
  if (javaScriptEnabled) await page.waitForSelector("html[data-hydrated]");
  const email = page.getByRole("region", { name: "Email" });
  await expect(email.getByLabel("As it happens")).toBeChecked();
  await email.getByLabel("One daily digest").check();
  await email.getByLabel("Someone comments on my idea").uncheck();
  await email.getByRole("button", { name: "Save email settings" }).click();
  if (javaScriptEnabled) {
    await expect(email.getByText("Email settings saved.")).toBeVisible();
  }
  await page.goto("/account");
  await expect(email.getByLabel("One daily digest")).toBeChecked();
  await expect(email.getByLabel("Someone comments on my idea")).not.toBeChecked();
  await expect(email.getByLabel("A synthesis is published")).toBeChecked();
  // Put it back for the other project's run.
  await email.getByLabel("As it happens").check();
  await email.getByLabel("Someone comments on my idea").check();
  await email.getByRole("button", { name: "Save email settings" }).click();
});

test("a leader connects a team chat to a challenge, is told what is wrong with a bad address, and removes it", async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "the panel updates in place");
  await signIn(page, true, demo.leader);
  await page.getByRole("link", { name: "The office of the future" }).first().click();
  await page.waitForSelector("html[data-hydrated]");
  await page.getByText("Manage this challenge").click();
  const address = page.getByLabel("Webhook address");
  await address.fill("http://chat.example/hook");
  await page.getByRole("button", { name: "Connect team chat" }).click();
  await expect(page.getByText("A webhook address must start with https://")).toBeVisible();

  const hook = `https://chat.example/hooks/${Date.now()}`;
  await address.fill(hook);
  await page.getByLabel("Team chat").selectOption({ label: "Microsoft Teams" });
  await page.getByRole("button", { name: "Connect team chat" }).click();
  await expect(page.locator("code", { hasText: hook })).toBeVisible();
  await page.getByRole("button", { name: `Remove the teams webhook ${hook}` }).click();
  await expect(page.locator("code", { hasText: hook })).toHaveCount(0);
});

test("an unknown unsubscribe link says what to do instead", async ({ page, javaScriptEnabled }) => {
  await page.goto("/unsubscribe/not-a-token");
  if (javaScriptEnabled) await page.waitForSelector("html[data-hydrated]");
  await page.getByRole("button", { name: "Unsubscribe from all Chorus email" }).click();
  await expect(page.getByText("This unsubscribe link is not valid.")).toBeVisible();
});

test("an admin sees team-chat deliveries; a member may not", async ({ page, browser }) => {
  await signIn(page, true, demo.admin);
  await page.getByRole("link", { name: "Team chats" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Team-chat deliveries" })).toBeVisible();
  await expect(page.getByText(/No messages yet|Delivered|Waiting|Failed|Gave up/).first()).toBeVisible();

  const context = await browser.newContext();
  const member = await context.newPage();
  await signIn(member, true, demo.member);
  await expect(member.getByRole("button", { name: "Sign out" })).toBeVisible();
  await member.goto("/admin/deliveries");
  await expect(member.getByText(/Only .* can see team-chat deliveries\./)).toBeVisible();
  await context.close();
});
