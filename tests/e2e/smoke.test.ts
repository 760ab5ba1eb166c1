// Smoke test: the home page loads in headless Chromium, has the right title, makes no request
// off this machine and has no serious or critical accessibility violations (axe, WCAG 2.2 AA).
// The helpers are documented at the top of tests/helpers/browser.ts and tests/helpers/server.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axe, formatViolations, launchBrowser, type TestBrowser } from "../helpers/browser";
import { startTestServer, type TestServer } from "../helpers/server";

describe("home page (smoke)", () => {
  let server: TestServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("loads with its title and no serious accessibility violations", async () => {
    const { page, blocked, errors } = await browser.newPage();
    // Wait until the page has settled (the map, its tiles and markers), so axe sees all of it.
    const res = await page.goto(server.url("/"), { waitUntil: "networkidle" });
    expect(res?.status()).toBe(200);
    expect(await page.title()).toMatch(/Real Wealth/);
    await expect(page.locator("h1").first().isVisible()).resolves.toBe(true);
    const violations = await axe(page);
    expect(violations, formatViolations(violations)).toEqual([]);
    expect(blocked, "requests that tried to leave this machine").toEqual([]);
    expect(errors, "errors in the page").toEqual([]);
  });
});
