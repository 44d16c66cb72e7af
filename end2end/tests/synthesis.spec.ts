import { expect, test } from "@playwright/test";
import { demo, signIn } from "./helpers";

const closedChallenge = "The office of the future";
// Head of HR in the demo: she wrote the closed challenge's first idea.
const amara = "amara.okafor@chorus.example";

test("a moderator publishes the synthesis and a member finds their part, on one printed page", async ({ page, browser, javaScriptEnabled }, testInfo) => {
  test.skip(!javaScriptEnabled, "composing uses the hydrated page");
  await signIn(page, true, demo.moderator);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.getByRole("link", { name: closedChallenge }).click();
  await page.getByRole("link", { name: "Compose the synthesis" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Compose the synthesis" })).toBeVisible();
  await page.waitForSelector("html[data-hydrated]");
  const challengePath = new URL(page.url()).pathname.replace(/\/synthesis\/compose$/, "");

  await page.getByLabel("Overall summary (Markdown)").fill("People come to **focus** and to **meet**.");
  await page.getByRole("button", { name: "Save summary" }).click();
  await expect(page.getByText("Summary saved.")).toBeVisible();
  await page.getByRole("button", { name: "Publish the synthesis\u2026" }).click();
  await page.getByRole("button", { name: "Yes, publish" }).click();
  // The demo published it once already; this is recorded as a second publication.
  await expect(page.getByText(/Published again \(publication 2\)/)).toBeVisible();
  await expect(page.locator("li", { hasText: "by Mateo Moderator" })).toHaveCount(2);

  const context = await browser.newContext();
  const member = await context.newPage();
  await signIn(member, true, amara);
  await expect(member.getByRole("button", { name: "Sign out" })).toBeVisible();
  await member.goto(`${challengePath}/synthesis`);
  await expect(member.locator(".your-part")).toContainText(/^Your \d+ ideas? landed in /);
  await expect(member.locator('.infographic [data-you="true"]').first()).toBeAttached();
  // The new summary, on the page and in the drawing.
  await expect(member.getByRole("region", { name: "Summary" })).toContainText("People come to focus and to meet.");
  await expect(member.locator(".infographic")).toContainText("People come to focus and to meet.");
  const screenshot = testInfo.outputPath("infographic.png");
  await member.locator(".infographic").screenshot({ path: screenshot });
  await testInfo.attach("infographic", { path: screenshot, contentType: "image/png" });

  // Printing gives exactly one landscape page.
  await member.emulateMedia({ media: "print" });
  const pdf = await member.pdf({ preferCSSPageSize: true, printBackground: true });
  await testInfo.attach("print", { body: pdf, contentType: "application/pdf" });
  const pages = pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? [];
  expect(pages.length).toBe(1);
  await context.close();
});
