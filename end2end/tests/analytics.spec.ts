import { expect, test } from "@playwright/test";
import * as fs from "node:fs";
import { demo, expectSignedInAs, ready, signIn } from "./helpers";

test("a leader lists who is inactive in one region and downloads the CSV @no-js", async ({ page, javaScriptEnabled }) => {
  await signIn(page, javaScriptEnabled, demo.leader);
  await expectSignedInAs(page, "Laura Leader");
  await page.getByRole("link", { name: "Analytics" }).click();
  await expect(page.getByRole("heading", { name: "Analytics", level: 1 })).toBeVisible();
  // The demo's six weeks of activity: figures, charts with their tables, and the breakdown.
  await expect(page.getByRole("heading", { name: "From audience to ideas" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Lurkers, contributors, creators" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "By department" })).toBeVisible();

  await page.getByRole("link", { name: "Who is active or inactive" }).click();
  await expect(page.getByRole("heading", { name: "Who is active" })).toBeVisible();
  await ready(page, javaScriptEnabled);
  // Sales in APAC: no account that other tests sign in with, so the list holds still.
  await page.getByLabel("Region").selectOption("APAC");
  await page.getByLabel("Department").selectOption("Sales");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/region=APAC/);
  const summary = page.getByRole("status").filter({ hasText: "region APAC, department Sales" });
  await expect(summary).toBeVisible();
  const total = Number((await summary.textContent())?.match(/^(\d+)/)?.[1]);
  expect(total).toBeGreaterThan(0);
  const regions = await page.locator("table.people-activity tbody td:nth-child(4)").allTextContents();
  expect(regions.length).toBe(Math.min(total, 200));
  expect(new Set(regions)).toEqual(new Set(["APAC"]));

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("chorus-people.csv");
  const csv = fs.readFileSync(await download.path(), "utf8").trim().split("\n");
  expect(csv[0]).toBe("name,email,department,region,manager,last_seen,activity");
  expect(csv.length - 1).toBe(total);
  for (const line of csv.slice(1)) {
    const [, , department, region] = line.split(",");
    expect([department, region]).toEqual(["Sales", "APAC"]);
  }
});

test("a member sees the figures but is denied the per-person list @no-js", async ({ page, javaScriptEnabled }) => {
  await signIn(page, javaScriptEnabled, demo.member);
  await expectSignedInAs(page, "Mia Member");
  await page.getByRole("link", { name: "Analytics" }).click();
  await expect(page.getByRole("heading", { name: "From audience to ideas" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Who is active or inactive" })).toHaveCount(0);
  const response = await page.goto("/analytics/people?status=inactive&days=14");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("alert")).toContainText("Only leaders and admins");
  await expect(page.locator("table.people-activity")).toHaveCount(0);
});
