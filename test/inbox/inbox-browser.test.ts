/**
 * The inbox page in a real browser: Debian's chromium driven by playwright-core (no browser
 * download). Posts events to a spawned `hookline inbox` and checks what the page shows.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useCleanup } from "../support/cleanup.js";
import { failure, success } from "../support/payloads.js";
import { startInboxProcess } from "./inbox-support.js";

const CHROMIUM = "/usr/bin/chromium";
const cleanup = useCleanup();
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium); the inbox browser tests need it`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
}, 30_000);
afterAll(() => browser?.close());

async function openInbox(): Promise<{ url: string; page: Page }> {
  const proc = await startInboxProcess();
  cleanup(async () => {
    proc.kill("SIGINT");
    await proc.waitForExit();
  });
  const page = await browser.newPage();
  cleanup(() => page.close());
  await page.goto(proc.url);
  await page.locator("#live.on").waitFor({ timeout: 10_000 });
  return { url: proc.url, page };
}

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

describe("the inbox page", () => {
  it("shows requests as they arrive, without a reload, with their events and counters", async () => {
    const { url, page } = await openInbox();
    await post(`${url}logs/a`, [success("e1", { model: "gpt-4o", total_tokens: 42, call_type: "acompletion" }), failure("e2", { model: "claude-3-5-sonnet" })]);
    await page.locator("article.request").first().waitFor({ timeout: 10_000 });
    expect(await page.locator("article.request h2").first().textContent()).toBe("POST /logs/a");
    const rows = page.locator("table.events tbody tr");
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).locator("td").allTextContents()).toEqual(["—", "gpt-4o", "success", "42", "$0.001000", "—", "acompletion"]);
    expect(await page.locator("#count-events").textContent()).toBe("2");

    await post(`${url}logs/b`, [success("e3", { model: "gpt-4o-mini" })]);
    await page.locator("article.request").nth(1).waitFor({ timeout: 10_000 });
    expect(await page.locator("article.request h2").first().textContent()).toBe("POST /logs/b");
    expect(await page.locator("#count-requests").textContent()).toBe("2");
    expect(await page.locator("#count-failure").textContent()).toBe("1");
  });

  it("filters by status, model and callback", async () => {
    const { url, page } = await openInbox();
    await post(`${url}one`, [success("e1"), failure("e2", { model: "claude-3-5-sonnet" })]);
    await post(`${url}two`, [success("e3", { model: "gpt-4o-mini" })]);
    await page.locator("article.request").nth(1).waitFor({ timeout: 10_000 });

    await page.selectOption("#filter-status", "failure");
    expect(await page.locator("table.events tbody tr td:nth-child(3)").allTextContents()).toEqual(["failure"]);
    expect(await page.locator("article.request").count()).toBe(1);

    await page.selectOption("#filter-status", "");
    await page.selectOption("#filter-model", "gpt-4o-mini");
    expect(await page.locator("table.events tbody tr td:nth-child(2)").allTextContents()).toEqual(["gpt-4o-mini"]);

    await page.selectOption("#filter-model", "");
    await page.selectOption("#filter-callback", "/one");
    expect(await page.locator("article.request h2").allTextContents()).toEqual(["POST /one"]);
  });

  it("shows an event's full payload on click, as text (payloads are untrusted)", async () => {
    const { url, page } = await openInbox();
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    await post(`${url}x`, [success("e1", { model: hostile, messages: [{ role: "user", content: "hello there" }] })]);
    await page.locator("table.events tbody tr").first().click();
    await page.locator("#detail:not([hidden])").waitFor({ timeout: 10_000 });
    const shown = JSON.parse((await page.locator("#detail-body").textContent())!) as Record<string, unknown>;
    expect(shown).toMatchObject({ id: "e1", model: hostile, messages: [{ role: "user", content: "hello there" }] });
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator("img").count()).toBe(0);
  });

  it("masks an Authorization header: the secret is nowhere in the page", async () => {
    const { url, page } = await openInbox();
    await post(`${url}secret`, [success("e1")], { authorization: "Bearer sk-secret-0123456789", "x-api-key": "sk-other-secret" });
    await page.locator("article.request").first().waitFor({ timeout: 10_000 });
    await page.locator("article.request details summary").first().click();
    const headerRows = await page.locator("table.headers tr").allTextContents();
    expect(headerRows).toContain("authorizationBearer ••••••");
    expect(headerRows).toContain("x-api-key••••••");
    const html = await page.content();
    expect(html).not.toContain("sk-secret");
    expect(html).not.toContain("sk-other-secret");
    await page.reload();
    await page.locator("article.request").first().waitFor({ timeout: 10_000 });
    expect(await page.content()).not.toContain("sk-secret");
  });
});
