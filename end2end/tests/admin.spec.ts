import { expect, test } from "@playwright/test";
import { demo, expectSignedInAs, signIn } from "./helpers";

test("an admin imports people from a CSV with one bad row", async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "the import page is interactive");
  const stamp = Date.now();
  const csv = [
    "name,email,department,region,manager email",
    `Nadia Import,nadia.${stamp}@example.org,HR,EMEA,leader@chorus.example`,
    `Omar Import,omar.${stamp}@example.org,Sales,APAC,nadia.${stamp}@example.org`,
    `Broken Row,not-an-email,Sales,APAC,`,
  ].join("\n");

  await signIn(page, javaScriptEnabled, demo.admin);
  await expectSignedInAs(page, "Ines Admin");
  await page.goto("/admin/people/import");
  await page.waitForSelector("html[data-hydrated]");
  await page.getByLabel("CSV", { exact: true }).fill(csv);
  await page.getByRole("button", { name: "Check file" }).click();

  await expect(page.getByText("2 of 3 rows can be imported; 1 rejected.")).toBeVisible();
  const badRow = page.getByRole("row").filter({ hasText: "not-an-email" });
  await expect(badRow).toContainText("Rejected");
  await expect(badRow.getByRole("cell").first()).toHaveText("4");

  await page.getByRole("button", { name: "Import 2 people" }).click();
  await expect(page.getByText("Imported 2 people.")).toBeVisible();

  await page.getByRole("link", { name: "Back to people" }).click();
  await page.getByPlaceholder("Name, email, department or region").fill(`${stamp}`);
  const omar = page.getByRole("row").filter({ hasText: `omar.${stamp}@example.org` });
  await expect(omar).toContainText(`nadia.${stamp}@example.org`);
  await expect(page.getByText("Broken Row")).toHaveCount(0);
});

test("an admin adds a person and issues a password link", async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "the people page is interactive");
  const email = `pat.${Date.now()}@example.org`;
  await signIn(page, javaScriptEnabled, demo.admin);
  await expectSignedInAs(page, "Ines Admin");
  await page.goto("/admin/people");
  await page.waitForSelector("html[data-hydrated]");
  await page.getByRole("button", { name: "Add person" }).click();
  await page.getByLabel("Name").fill("Pat New");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Role").selectOption("leader");
  await page.getByRole("button", { name: "Save" }).click();
  const row = page.getByRole("row").filter({ hasText: email });
  await expect(row).toContainText("No password yet");
  await row.getByRole("button", { name: "Password link for Pat New" }).click();
  const link = page.getByRole("textbox", { name: "Password link" });
  await expect(link).toHaveValue(/\/set-password\?token=/);

  // The new person follows the link, chooses a password and is signed in as a leader.
  const url = await link.inputValue();
  const visitor = await page.context().browser()!.newContext();
  const theirPage = await visitor.newPage();
  await theirPage.goto(url);
  await theirPage.waitForSelector("html[data-hydrated]");
  // Too short: the browser itself refuses to submit (the server checks again, see HTTP tests).
  await theirPage.getByLabel("New password").fill("short");
  await theirPage.getByRole("button", { name: "Save password and sign in" }).click();
  expect(
    await theirPage.getByLabel("New password").evaluate((input: HTMLInputElement) => input.validity.tooShort),
  ).toBe(true);
  await theirPage.getByLabel("New password").fill("pat chooses a long one");
  await theirPage.getByRole("button", { name: "Save password and sign in" }).click();
  await expectSignedInAs(theirPage, "Pat New");
  await visitor.close();
});

test("a member is denied the people page @no-js", async ({ page, javaScriptEnabled }) => {
  await signIn(page, javaScriptEnabled, demo.member);
  await expectSignedInAs(page, "Mia Member");
  await expect(page.getByRole("link", { name: "People" })).toHaveCount(0);
  const response = await page.goto("/admin/people");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("alert")).toContainText("Only Admins can see the list of people");
  await expect(page.getByText("admin@chorus.example")).toHaveCount(0);
});
