/**
 * The admin UI in headless Chromium against the service and the development Mastodon server:
 * a stack with OAuth login configured, pages that record Content-Security-Policy violations,
 * logging in as a development user, the footer check, and desktop and phone screenshots.
 */
import assert from "node:assert/strict";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { deliverEverything } from "../e2e/reports.ts";
import { type Stack, startStack } from "../e2e/stack.ts";

/** Where Chromium is installed (.ci/run installs it there). */
export const CHROMIUM = "/usr/bin/chromium";

/** True when Chromium is present; browser tests are skipped otherwise. */
export const hasChromium = (() => {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
})();

/** Where screenshots go (git-ignored). */
export const SCREENSHOTS = new URL("./screenshots/", import.meta.url);

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** A running stack with a browser. */
export interface BrowserStack {
  stack: Stack;
  browser: Browser;
  base: string;
  /** A fresh browser context (no cookies) with a page that records CSP violations. */
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

async function buildIslands() {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/build_islands.ts"],
    cwd: new URL("../../", import.meta.url).pathname,
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
}

/** Starts the stack with every arrival delivered and analysed, and a headless Chromium. */
export async function startBrowserStack(): Promise<BrowserStack> {
  await buildIslands();
  await Deno.mkdir(SCREENSHOTS, { recursive: true });
  const stack = await startStack({
    env: {
      OAUTH_CLIENT_ID: "dev-client",
      OAUTH_CLIENT_SECRET: "dev-secret",
      SESSION_SECRET: "browser-test-session-secret-0123456789",
    },
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  await deliverEverything(stack);
  await stack.idle(120_000);
  return {
    stack,
    browser,
    base: stack.service.url,
    newPage: async () => {
      const context = await browser.newContext({ viewport: DESKTOP });
      // Injected by the browser itself, so the page's own CSP does not apply to it.
      await context.addInitScript(() => {
        const w = globalThis as unknown as { __csp: string[] };
        w.__csp = [];
        document.addEventListener("securitypolicyviolation", (e) => {
          w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
        });
      });
      return { context, page: await context.newPage() };
    },
    close: async () => {
      await browser.close();
      await stack.stop();
    },
  };
}

/** Logs in through the login page and the development server's authorize page. */
export async function logIn(page: Page, base: string, user: "moderator" | "member") {
  await page.goto(`${base}/login`);
  await page.click("a[data-login]");
  await page.waitForURL(/\/oauth\/authorize/);
  await page.click(`button[value="${user}"]`);
  await page.waitForLoadState();
}

/** Asserts the page carries the footer credit and recorded no CSP violation. */
export async function assertSound(page: Page) {
  const credit = page.locator('footer a[href="https://goingdark.social"]');
  assert.equal(await credit.textContent(), "Made for goingdark.social", `footer on ${page.url()}`);
  const violations = await page.evaluate(() =>
    (globalThis as unknown as { __csp: string[] }).__csp
  );
  assert.deepEqual(violations, [], `no CSP violation on ${page.url()}`);
}

/**
 * Saves the page at desktop and phone width, and asserts that on the phone nothing but a
 * table's own scroller is wider than the screen.
 */
export async function shoot(page: Page, name: string) {
  await page.setViewportSize(DESKTOP);
  await page.screenshot({
    path: new URL(`${name}-desktop.png`, SCREENSHOTS).pathname,
    fullPage: true,
  });
  await page.setViewportSize(PHONE);
  // Let resize observers and layout settle before measuring.
  await page.evaluate(() =>
    new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
  );
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= PHONE.width, `${name} is ${overflow} px wide on a 390 px phone`);
  await page.screenshot({
    path: new URL(`${name}-phone.png`, SCREENSHOTS).pathname,
    fullPage: true,
  });
  await page.setViewportSize(DESKTOP);
}
