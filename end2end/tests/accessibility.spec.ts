import AxeBuilder from "@axe-core/playwright";
import { expect, Page, test } from "@playwright/test";
import { demo, signIn } from "./helpers";

// WCAG 2.1 A and AA rules; a serious or critical violation fails the page.
const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const FAILING_IMPACTS = new Set(["serious", "critical"]);

async function expectNoSeriousViolations(page: Page, path: string) {
  await page.goto(path);
  await page.waitForSelector("html[data-hydrated]");
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  const failing = violations
    .filter((violation) => FAILING_IMPACTS.has(violation.impact ?? ""))
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      where: violation.nodes.slice(0, 3).map((node) => node.target.join(" ")),
    }));
  expect.soft(failing, `axe on ${path}`).toEqual([]);
}

/** Every page a signed-in admin can reach, from the demo's open and closed challenges. */
async function signedInPages(page: Page): Promise<string[]> {
  await page.goto("/");
  const open = await page.getByRole("link", { name: "HR in 2030" }).first().getAttribute("href");
  const closed = await page
    .getByRole("link", { name: "The office of the future" })
    .first()
    .getAttribute("href");
  expect(open).toBeTruthy();
  expect(closed).toBeTruthy();
  await page.goto(open!);
  const idea = await page.locator(".idea-list a[href*='/ideas/']").first().getAttribute("href");
  expect(idea).toBeTruthy();
  return [
    "/",
    "/account",
    "/notifications",
    "/challenges/new",
    open!,
    idea!,
    `${open}/board`,
    closed!,
    `${closed}/synthesis`,
    `${closed}/synthesis/compose`,
    "/analytics",
    "/analytics/people",
    "/admin/people",
    "/admin/people/import",
    "/admin/deliveries",
    "/no-such-page",
  ];
}

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`${colorScheme} mode`, () => {
    test.use({ colorScheme });

    test("pages before sign-in have no serious WCAG 2.1 AA violations", async ({ page, javaScriptEnabled }) => {
      test.skip(!javaScriptEnabled, "axe runs as script in the page");
      for (const path of ["/sign-in", "/set-password?token=not-a-token", "/unsubscribe/not-a-token", "/no-such-page"]) {
        await expectNoSeriousViolations(page, path);
      }
    });

    test("every signed-in page has no serious WCAG 2.1 AA violations", async ({ page, javaScriptEnabled }) => {
      test.skip(!javaScriptEnabled, "axe runs as script in the page");
      test.setTimeout(120_000);
      await signIn(page, true, demo.admin);
      await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
      for (const path of await signedInPages(page)) {
        await expectNoSeriousViolations(page, path);
      }
    });
  });
}
