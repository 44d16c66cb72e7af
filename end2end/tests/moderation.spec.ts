import { expect, Page, test } from "@playwright/test";
import { demo, signIn } from "./helpers";

const closedChallenge = "The office of the future";

// Tall enough for the whole board: headless Chromium starts a drag from the wrong element when
// Playwright has scrolled the page just before (the card above the one under the pointer).
test.use({ viewport: { width: 1280, height: 2000 } });

/** From the home page to the closed demo challenge's board; returns the board's path. */
async function openBoard(page: Page): Promise<string> {
  await page.getByRole("link", { name: closedChallenge }).click();
  await page.getByRole("link", { name: "Open the moderation board" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Moderation board" })).toBeVisible();
  await page.waitForSelector("html[data-hydrated]");
  return new URL(page.url()).pathname;
}

const column = (page: Page, name: string) => page.getByRole("region", { name, exact: true });
const card = (page: Page, title: string) => page.locator(".board-card", { hasText: title });

test("a moderator sorts the closed demo challenge and a member cannot open its board", async ({ page, browser, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "the board is driven by drag-and-drop and script");
  await signIn(page, true, demo.moderator);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  const boardPath = await openBoard(page);
  const outcome = page.locator(".board-outcome");

  // Suggestions: three asked for, two accepted, one renamed on the way.
  await page.locator(".suggestions > summary").click();
  await page.getByLabel("Number of themes").fill("3");
  await page.getByRole("button", { name: "Suggest themes" }).click();
  await expect(page.getByText("3 suggested themes.", { exact: false })).toBeVisible();
  await page.getByLabel("Accept suggestion 3").uncheck();
  const firstName = page.locator(".proposal-name").first();
  await firstName.fill("Quiet and focus");
  await page.getByRole("button", { name: "Accept ticked themes" }).click();
  await expect(page.getByText("Accepted 2 suggested themes.")).toBeVisible();
  await expect(column(page, "Quiet and focus")).toBeVisible();

  // By mouse: drag a card onto another theme's column.
  await card(page, "Better coffee").dragTo(column(page, "Room to focus"));
  await expect(outcome).toContainText("Moved 1 idea to \u201cRoom to focus\u201d.");
  await expect(column(page, "Room to focus").locator(".board-card", { hasText: "Better coffee" })).toBeVisible();

  // By keyboard: tick with Space, choose the theme, press Enter on Move.
  await page.getByLabel("A nap room").focus();
  await page.keyboard.press("Space");
  await expect(page.getByText("1 selected")).toBeVisible();
  await page.getByLabel("Move to").focus();
  await page.getByLabel("Move to").selectOption({ label: "Meeting each other" });
  await page.getByRole("button", { name: "Move", exact: true }).focus();
  await page.keyboard.press("Enter");
  await expect(outcome).toContainText("Moved 1 idea to \u201cMeeting each other\u201d.");
  await expect(column(page, "Meeting each other").locator(".board-card", { hasText: "A nap room" })).toBeVisible();

  // Merge the remaining duplicate into the older bike idea.
  await page.getByLabel("Bike parking and showers").check();
  await page.getByLabel("Covered bike racks").check();
  await page.getByLabel("Merge into").selectOption({ label: "Bike parking and showers" });
  await page.getByRole("button", { name: "Merge duplicates" }).click();
  await expect(outcome).toContainText("Merged 1 idea into \u201cBike parking and showers\u201d.");
  await expect(card(page, "Covered bike racks")).toHaveCount(0);
  await expect(page.locator(".audit-log")).toContainText("Merged \u201cCovered bike racks\u201d into \u201cBike parking and showers\u201d");

  // Undo brings the merged idea back.
  await page.getByRole("button", { name: /^Undo: Merged/ }).click();
  await expect(outcome).toContainText("Undone.");
  await expect(card(page, "Covered bike racks")).toHaveCount(1);
  await expect(page.locator(".audit-log")).toContainText("Undid: Merged");

  // A member is refused, on the page and by the server.
  const context = await browser.newContext();
  const member = await context.newPage();
  await signIn(member, true, demo.member);
  await expect(member.getByRole("button", { name: "Sign out" })).toBeVisible();
  const response = await member.goto(boardPath);
  expect(response?.status()).toBe(403);
  await expect(member.getByText("Only this challenge's moderators can open its board.")).toBeVisible();
  await context.close();
});
