import { expect, Locator, Page, test } from "@playwright/test";
import { DEMO_PASSWORD, demo } from "./helpers";

// Everything here is done with the keyboard alone: Tab to reach a control, then type, Space or
// Enter. No clicks, no programmatic focus.

const MAX_TABS = 120;

/** Presses Tab until `target` has focus, as a keyboard user would; fails if it never does. */
async function tabTo(page: Page, target: Locator) {
  for (let presses = 0; presses < MAX_TABS; presses++) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) {
      return;
    }
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${target}`);
}

async function signInByKeyboard(page: Page, email: string) {
  await page.goto("/sign-in");
  await page.waitForSelector("html[data-hydrated]");
  await tabTo(page, page.getByLabel("Email"));
  await page.keyboard.type(email);
  await tabTo(page, page.getByLabel("Password"));
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

test("a member signs in, submits an idea, votes and comments with the keyboard only", async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "runs once, on the hydrated page");
  await signInByKeyboard(page, demo.member);

  await tabTo(page, page.getByRole("link", { name: "HR in 2030" }).first());
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("one thing HR should do");
  await page.waitForSelector("html[data-hydrated]");

  const title = `Walking meetings ${Date.now()}`;
  await tabTo(page, page.getByLabel("Title"));
  await page.keyboard.type(title);
  await tabTo(page, page.getByLabel("Description"));
  await page.keyboard.type("One-to-ones outside, on foot.");
  await tabTo(page, page.getByRole("button", { name: "Submit idea" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();

  await tabTo(page, page.getByRole("button", { name: `Add a vote to ${title}` }));
  await page.keyboard.press("Space");
  await expect(page.locator(".my-votes")).toHaveText("yours: 1");

  await tabTo(page, page.getByLabel("Add a comment"));
  await page.keyboard.type("I would join every week.");
  await tabTo(page, page.getByRole("button", { name: "Comment" }));
  await page.keyboard.press("Enter");
  await expect(page.locator(".comments")).toContainText("I would join every week.");
});

test("a moderator sorts two ideas into a new theme with the keyboard only", async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "the board needs the hydrated page");
  await signInByKeyboard(page, demo.moderator);
  await tabTo(page, page.getByRole("link", { name: "HR in 2030" }).first());
  await page.keyboard.press("Enter");
  await tabTo(page, page.getByRole("link", { name: "Open the moderation board" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Moderation board" })).toBeVisible();
  await page.waitForSelector("html[data-hydrated]");

  const theme = `Fair pay ${Date.now()}`;
  await tabTo(page, page.getByLabel("New theme"));
  await page.keyboard.type(theme);
  await page.keyboard.press("Enter");
  const column = page.getByRole("region", { name: theme, exact: true });
  await expect(column).toBeVisible();

  for (const idea of ["Transparent salary bands", "Flexible public holidays"]) {
    await tabTo(page, page.getByLabel(idea));
    await page.keyboard.press("Space");
  }
  await expect(page.getByText("2 selected")).toBeVisible();
  // A closed select picks an option by typing its first letters.
  const destination = page.getByLabel("Move to");
  await tabTo(page, destination);
  await page.keyboard.type(theme.slice(0, 8));
  await expect(destination.locator("option:checked")).toHaveText(theme);
  await tabTo(page, page.getByRole("button", { name: "Move", exact: true }));
  await page.keyboard.press("Enter");

  await expect(page.locator(".board-outcome")).toContainText(`Moved 2 ideas to \u201c${theme}\u201d.`);
  await expect(column.locator(".board-card")).toHaveCount(2);
  await expect(column).toContainText("Transparent salary bands");
  await expect(column).toContainText("Flexible public holidays");
});
