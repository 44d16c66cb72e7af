import { Browser, expect, Page, test } from "@playwright/test";
import { demo, expectSignedInAs, launch, signIn } from "./helpers";
import { ports } from "../scale-out.config";

// Run by scale-out.config.ts: two Chorus processes on one PostgreSQL.
const [first, second] = ports.map((port) => `http://127.0.0.1:${port}`);
const amara = "amara.okafor@chorus.example";

async function signedInOn(browser: Browser, origin: string, email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: origin });
  const page = await context.newPage();
  await signIn(page, true, email);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  return page;
}

test("a vote cast through one process appears live in a browser on the other", async ({ browser }) => {
  const leader = await signedInOn(browser, first, demo.leader);
  // The session made by the first process is good on the second.
  await leader.goto(`${second}/`);
  await expectSignedInAs(leader, "Laura Leader");
  await leader.goto("/");

  const path = await launch(leader, `Two processes ${Date.now()}`, "What should every server do?");
  const watcher = await signedInOn(browser, second, demo.member);
  await watcher.goto(path);
  await watcher.waitForSelector("html[data-hydrated]");

  // An idea submitted through the first process shows up on the second without a reload.
  const title = `Share nothing ${Date.now()}`;
  await leader.getByLabel("Title").fill(title);
  await leader.getByLabel("Description").fill("Keep state in the database.");
  await leader.getByRole("button", { name: "Submit idea" }).click();
  await expect(leader.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const card = watcher.getByRole("listitem").filter({ hasText: title });
  await expect(card).toBeVisible();
  await card.getByRole("link", { name: title }).click();
  await watcher.waitForSelector("html[data-hydrated]");
  await expect(watcher.locator(".vote-total").first()).toHaveText("0");

  // A vote through the first process reaches the watcher on the second, live.
  const voter = await signedInOn(browser, first, amara);
  await voter.goto(path);
  await voter.waitForSelector("html[data-hydrated]");
  const voterCard = voter.getByRole("listitem").filter({ hasText: title });
  await voterCard.getByRole("button", { name: `Add a vote to ${title}` }).click();
  await expect(voter.getByText(/votes? left/)).toBeVisible();
  await expect(watcher.locator(".vote-total").first()).toHaveText("1");

  // And the other way round: the watcher votes through the second process.
  await watcher.goto(path);
  await watcher.waitForSelector("html[data-hydrated]");
  await watcher
    .getByRole("listitem")
    .filter({ hasText: title })
    .getByRole("button", { name: `Add a vote to ${title}` })
    .click();
  await expect(voterCard.locator(".vote-total")).toHaveText("2");
});
