import { Browser, expect, Page, test } from "@playwright/test";
import { demo, expectSignedInAs, launch, signIn } from "./helpers";

// A demo member who is not among the demo voters, and one who is (head of HR).
const mia = demo.member;
const amara = "amara.okafor@chorus.example";

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, true, email);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  return page;
}

async function submitIdea(page: Page, title: string, body: string) {
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Description").fill(body);
  await page.getByRole("button", { name: "Submit idea" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
}

test("a leader launches a challenge and the coach flags a broad question", async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "the coach reads the question as it is typed");
  await signIn(page, true, demo.leader);
  await expectSignedInAs(page, "Laura Leader");
  await page.goto("/challenges/new");
  await page.waitForSelector("html[data-hydrated]");
  const question = page.getByLabel("The question (one sentence)");
  await question.pressSequentially("Name all competitors we face");
  await expect(page.getByText(/complete list/i)).toBeVisible();
  await page.getByRole("button", { name: /Use .Name a competitor we face./ }).click();
  await expect(question).toHaveValue("Name a competitor we face");
  await expect(page.getByText("A clear, answerable question.")).toBeVisible();

  const path = await launch(page, `Competitors ${Date.now()}`, "Which competitor worries you most?");
  expect(path).toMatch(/^\/challenges\/\d+$/);
  await expect(page.getByText("3 votes to spend, at most 2 on one idea")).toBeVisible();
  await page.getByRole("link", { name: "Home" }).click();
  await expect(page.getByRole("link", { name: /^Competitors/ })).toBeVisible();
});

test("two members see each other's ideas, votes and comments live", async ({ browser, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "live updates need JavaScript");
  const author = await signedInPage(browser, amara);
  const voter = await signedInPage(browser, mia);
  await voter.getByRole("link", { name: "HR in 2030" }).click();
  await expect(voter.getByRole("heading", { level: 1 })).toContainText("one thing HR should do");
  await author.getByRole("link", { name: "HR in 2030" }).click();
  await author.waitForSelector("html[data-hydrated]");

  const title = `Quiet Fridays ${Date.now()}`;
  await submitIdea(author, title, "No meetings on **Friday** afternoons.");
  // The voter sees the new idea without reloading.
  const card = voter.getByRole("listitem").filter({ hasText: title });
  await expect(card).toBeVisible();
  // Screen readers hear about it politely, once.
  await expect(voter.getByRole("status").filter({ hasText: "The list of ideas was updated." })).toBeAttached();

  await card.getByRole("button", { name: `Add a vote to ${title}` }).click();
  await expect(voter.getByText("4 votes left")).toBeVisible();
  // The author, on the idea's page, sees the vote arrive.
  await expect(author.locator(".vote-total").first()).toHaveText("1");
  await expect(author.locator(".live-announcement")).toHaveText("Vote totals were updated.");

  await card.getByRole("link", { name: title }).click();
  await voter.getByLabel("Add a comment").fill("Great idea, count me in.");
  await voter.getByRole("button", { name: "Comment" }).click();
  await expect(author.getByText("Great idea, count me in.")).toBeVisible();
  await expect(author.getByRole("heading", { name: "Discussion (1)" })).toBeVisible();
  await expect(author.locator(".live-announcement")).toHaveText("A new comment arrived.");
});

test("a member cannot vote past the budget", async ({ browser, page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "uses two browser contexts");
  await signIn(page, true, demo.leader);
  await expectSignedInAs(page, "Laura Leader");
  const path = await launch(page, `Budget ${Date.now()}`, "What one tool would you add?", 3, 2);
  await submitIdea(page, "Whiteboards", "Big ones.");
  await page.goto(path);
  await submitIdea(page, "Better headsets", "For calls.");

  const member = await signedInPage(browser, mia);
  await member.goto(path);
  await member.waitForSelector("html[data-hydrated]");
  await expect(member.getByText("3 votes left")).toBeVisible();
  const whiteboards = member.getByRole("listitem").filter({ hasText: "Whiteboards" });
  const headsets = member.getByRole("listitem").filter({ hasText: "Better headsets" });
  await whiteboards.getByRole("button", { name: "Add a vote to Whiteboards" }).click();
  await expect(member.getByText("2 votes left")).toBeVisible();
  await whiteboards.getByRole("button", { name: "Add a vote to Whiteboards" }).click();
  await expect(member.getByText("1 vote left")).toBeVisible();
  // Two on one idea is the most.
  await expect(whiteboards.getByRole("button", { name: "Add a vote to Whiteboards" })).toBeDisabled();
  await headsets.getByRole("button", { name: "Add a vote to Better headsets" }).click();
  await expect(member.getByText("0 votes left")).toBeVisible();
  await expect(headsets.getByRole("button", { name: "Add a vote to Better headsets" })).toBeDisabled();

  // The server refuses too, whatever the page shows.
  const ids = await member.evaluate(() => location.pathname.split("/").pop());
  const ideaLink = await headsets.getByRole("link", { name: "Better headsets" }).getAttribute("href");
  const ideaId = ideaLink!.split("/").pop();
  const refused = await member.request.post("/api/votes/set", {
    form: { challenge_id: ids!, idea_id: ideaId!, votes: "2" },
    headers: { Accept: "application/json" },
  });
  expect(refused.status()).toBe(409);
  expect(await refused.text()).toContain("You have used all your votes");
});

test("a member typing when the challenge closes is told and keeps the draft", async ({ browser, page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "uses two browser contexts");
  await signIn(page, true, demo.leader);
  await expectSignedInAs(page, "Laura Leader");
  const path = await launch(page, `Closing ${Date.now()}`, "What would you change first?");

  const member = await signedInPage(browser, mia);
  await member.goto(path);
  await member.waitForSelector("html[data-hydrated]");
  await member.getByLabel("Title").fill("My unfinished idea");
  await member.getByLabel("Description").fill("Half a thought that must not get lost");

  await page.getByText("Manage this challenge").click();
  await page.getByRole("button", { name: "Close early\u2026" }).click();
  await page.getByRole("button", { name: "Yes, close now" }).click();

  await expect(member.getByText(/This challenge closed at/)).toBeVisible();
  await expect(member.getByLabel("Title")).toHaveValue("My unfinished idea");
  await expect(member.getByLabel("Description")).toHaveValue("Half a thought that must not get lost");
  await expect(member.getByRole("button", { name: "Submit idea" })).toBeDisabled();
});

test("the demo challenge shows ideas, an official response and works without JavaScript @no-js", async ({ page, javaScriptEnabled }) => {
  await signIn(page, javaScriptEnabled, demo.member);
  await expectSignedInAs(page, "Mia Member");
  await page.getByRole("link", { name: "HR in 2030" }).click();
  await expect(page.getByText(/\d votes? left/)).toBeVisible();
  await page.getByRole("link", { name: "Most votes" }).click();
  // Wait until the list has been re-sorted, or the next click may land on a card being replaced.
  await expect(page).toHaveURL(/sort=top/);
  await expect(page.getByRole("link", { name: "Most votes" })).toHaveAttribute("aria-current", "true");
  await expect(page.locator(".idea-card").first()).toBeVisible();
  await page.getByRole("link", { name: "Four-day work week pilot" }).click();
  await expect(page).toHaveURL(/\/ideas\/\d+/);
  await expect(page.getByRole("heading", { name: "Official response" })).toBeVisible();
});
