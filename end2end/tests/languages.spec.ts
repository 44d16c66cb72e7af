import { Browser, expect, Page, test } from "@playwright/test";
import { DEMO_PASSWORD, ready } from "./helpers";

// Demo staff no other test signs in as: their language setting is theirs alone.
const jonas = "jonas.jansen@chorus.example";
const iker = "iker.moreno@chorus.example";
const hana = "hana.okafor@chorus.example";

/** Signs in by the form's field names, whatever language the page speaks. */
async function signInAnyLanguage(page: Page, javaScriptEnabled: boolean, email: string) {
  await page.goto("/sign-in");
  await ready(page, javaScriptEnabled);
  await page.locator("input[name=email]").fill(email);
  await page.locator("input[name=password]").fill(DEMO_PASSWORD);
  await page.locator("form:has(input[name=password]) button[type=submit]").click();
  await expect(page).toHaveURL(/\/$/);
}

async function chooseLanguage(page: Page, language: string) {
  await page.goto("/account");
  await page.locator("select[name=language]").selectOption(language);
  await page.locator("form:has(select[name=language]) button[type=submit]").click();
}

async function browserIn(browser: Browser, locale: string, baseURL: string | undefined) {
  const context = await browser.newContext({ locale, baseURL });
  return { context, page: await context.newPage() };
}

test.describe("a browser set to Spanish @no-js", () => {
  test.use({ locale: "es-ES" });

  test("gets the interface and the errors in Spanish", async ({ page, javaScriptEnabled }) => {
    await page.goto("/sign-in");
    await ready(page, javaScriptEnabled);
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect(page.getByRole("link", { name: "Iniciar sesión", exact: true })).toBeVisible();
    await page.locator("input[name=email]").fill(iker);
    await page.locator("input[name=password]").fill("not-the-password");
    await page.locator("form:has(input[name=password]) button[type=submit]").click();
    await expect(page.getByRole("alert")).toContainText(
      "El correo y la contraseña no coinciden",
    );
  });

  test("numbers and dates are written the Spanish way", async ({ page, javaScriptEnabled }) => {
    await signInAnyLanguage(page, javaScriptEnabled, iker);
    await expect(page.getByRole("heading", { name: "Abiertos ahora" })).toBeVisible();
    // Without JavaScript the server writes the date in UTC with Spanish month names; the
    // browser then rewrites it in the viewer's zone with `Intl`, still in Spanish.
    const closed = page.locator(".challenge-card time").first();
    const text = (await closed.textContent()) ?? "";
    expect(text).toMatch(
      javaScriptEnabled
        ? /\d/
        : /^\d{1,2} (ene|feb|mar|abr|may|jun|jul|ago|sept|oct|nov|dic) \d{4}, \d\d:\d\d UTC$/,
    );
    if (javaScriptEnabled) {
      const datetime = (await closed.getAttribute("datetime")) ?? "";
      const expected = await page.evaluate(
        (at) =>
          new Date(at).toLocaleString("es", { dateStyle: "medium", timeStyle: "short" }),
        datetime,
      );
      await expect(closed).toHaveText(expected);
    }
  });
});

test.describe("a person's own language", () => {
  test("is chosen on the account page, switches at once and beats the browser's", async ({
    page,
    browser,
    baseURL,
  }) => {
    await signInAnyLanguage(page, true, jonas);
    await expect(page.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();
    await chooseLanguage(page, "nl");
    // No reload: the page changes language in place.
    await expect(page.getByRole("button", { name: "Uitloggen", exact: true })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "nl");
    await expect(page.getByText("Taal opgeslagen.")).toBeVisible();
    await page.reload();
    await ready(page, true);
    await expect(page.getByRole("heading", { level: 1 })).not.toHaveText("Your account");
    await expect(page.getByRole("button", { name: "Uitloggen", exact: true })).toBeVisible();

    // Another computer whose browser speaks Spanish: the person's choice wins after sign-in.
    const elsewhere = await browserIn(browser, "es-ES", baseURL);
    await signInAnyLanguage(elsewhere.page, true, jonas);
    await expect(elsewhere.page.getByRole("button", { name: "Uitloggen", exact: true })).toBeVisible();
    await expect(elsewhere.page.getByRole("heading", { name: "Nu open" })).toBeVisible();
    await elsewhere.context.close();

    // Back to the browser's language (English here).
    await chooseLanguage(page, "");
    await expect(page.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  });

  test("can be chosen without JavaScript @no-js", async ({ page, javaScriptEnabled }) => {
    test.skip(javaScriptEnabled, "the hydrated flow is the test above");
    await signInAnyLanguage(page, false, hana);
    await chooseLanguage(page, "es");
    await expect(page.getByRole("button", { name: "Cerrar sesión", exact: true })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await chooseLanguage(page, "");
    await expect(page.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();
  });
});
