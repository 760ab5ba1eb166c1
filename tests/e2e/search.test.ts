// End-to-end: a person searches the directory in a real browser (headless Chromium) against the
// built site with the real demo data. Search by postcode, list and map, detail page, filters,
// keyboard only, without JavaScript, bad input; axe-core on each page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { launchBrowser, type TestBrowser } from "../helpers/browser";
import { expectAccessible } from "../helpers/e2e";
import { startTestServer, type TestServer } from "../helpers/server";

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

function parseKm(text: string): number {
  const m = /([\d.]+)\s*(km|m) away/.exec(text);
  if (!m) return NaN;
  return m[2] === "m" ? Number(m[1]) / 1000 : Number(m[1]);
}

async function distances(page: Page): Promise<number[]> {
  const metas = await page.locator(".result .result-meta").allTextContents();
  return metas.map(parseKm);
}

describe("searching the directory", () => {
  it("finds places near a postcode, nearest first, in the list and on the map", async () => {
    const { page, blocked, errors } = await browser.newPage();
    await page.goto(server.url("/"));
    await page.getByLabel("Near (postcode or place)").fill("m33 7xx");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/near=m33/i);
    // The URL can change a moment before the new results are drawn (client navigation on a busy
    // machine): wait for the summary of this search rather than reading the old one.
    const summary = page.locator(".results-summary").filter({ hasText: /within 5 km of M33 7XX/ });
    await summary.waitFor({ timeout: 30000 });
    await expect(summary.textContent()).resolves.toMatch(/\d+ results within 5 km of M33 7XX, nearest first/);
    const items = page.locator(".result");
    expect(await items.count()).toBe(20);
    const km = await distances(page);
    expect(km.every((d) => Number.isFinite(d) && d <= 5)).toBe(true);
    for (let i = 1; i < km.length; i++) expect(km[i]).toBeGreaterThanOrEqual(km[i - 1] - 0.05);
    // The map draws markers or clusters for the same search.
    await page.locator(".leaflet-marker-icon").first().waitFor({ timeout: 30000 });
    expect(await page.locator(".leaflet-marker-icon").count()).toBeGreaterThan(0);
    // Attribution lines of the data used.
    await expect(page.locator(".attribution").textContent()).resolves.toMatch(/Contains OS data © Crown copyright/);
    await expectAccessible(page);
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("finds words near a place, with a typo", async () => {
    const { page } = await browser.newPage();
    await page.goto(server.url("/?q=libary&near=Sale&radius_km=10"));
    const names = await page.locator(".result h3").allTextContents();
    expect(names.length).toBeGreaterThan(0);
    expect(names.some((n) => /library/i.test(n))).toBe(true);
    await expect(page.getByText(/Also showing results for “library”/).count()).resolves.toBe(1);
  });

  it("opens a detail page with hours, accessibility, the nearest Changing Places toilet and the source", async () => {
    const { page, errors } = await browser.newPage();
    await page.goto(server.url("/?q=leisure+centre&near=M33&radius_km=10"));
    const first = page.locator(".result h3 a").first();
    const name = (await first.textContent())!.trim();
    await first.click();
    await page.waitForURL(/\/assets\//);
    await expect(page.locator("h1").textContent()).resolves.toBe(name);
    for (const heading of ["When it is open", "Cost and who it is for", "Accessibility", "Nearest Changing Places toilet", "Where it is", "Contact", "About this information"]) {
      expect(await page.getByRole("heading", { name: heading }).count(), heading).toBeGreaterThan(0);
    }
    await expect(page.locator(".attribution").textContent()).resolves.toMatch(/Licence|licen[cs]e|OGL|Open Government/i);
    await page.locator(".leaflet-container").first().waitFor({ timeout: 30000 });
    await expectAccessible(page);
    expect(errors).toEqual([]);
  });

  it("filters by kind, free and accessibility", async () => {
    const { page } = await browser.newPage();
    await page.goto(server.url("/?near=M33&radius_km=10"));
    await page.locator("summary", { hasText: "Filters" }).click();
    await page.getByLabel(/^Service for everyone/).check();
    await page.getByLabel(/^Step-free access/).check();
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/kind=universal_service/);
    const metas = await page.locator(".result .result-meta").allTextContents();
    expect(metas.length).toBeGreaterThan(0);
    expect(metas.every((m) => m.startsWith("Service for everyone"))).toBe(true);
    const tags = await page.locator(".result .tags").allTextContents();
    expect(tags.every((t) => t.includes("Step-free access"))).toBe(true);
    // The filters stay as chosen.
    await expect(page.getByLabel(/^Service for everyone/).isChecked()).resolves.toBe(true);
    await expectAccessible(page);
  });

  it("shows Changing Places toilets, with example listings labelled", async () => {
    const { page } = await browser.newPage();
    await page.goto(server.url("/?kind=changing_places_toilet&near=Trafford&radius_km=20"));
    const items = page.locator(".result");
    expect(await items.count()).toBeGreaterThan(0);
    const texts = await items.allTextContents();
    expect(texts.some((t) => t.includes("Example listing"))).toBe(true);
    await items.locator("h3 a").first().click();
    await page.waitForURL(/\/assets\//);
    expect(await page.getByRole("heading", { name: "Changing Places toilet equipment" }).count()).toBe(1);
  });

  it("moving the map shows what is in view in the list", async () => {
    const { page } = await browser.newPage();
    await page.goto(server.url("/?near=M33&radius_km=10"));
    const map = page.locator(".leaflet-container");
    await map.waitFor();
    await page.locator(".leaflet-marker-icon").first().waitFor({ timeout: 30000 });
    await map.scrollIntoViewIfNeeded();
    const box = (await map.boundingBox())!;
    // Drag from near a corner (away from the markers in the middle).
    await page.mouse.move(box.x + 20, box.y + box.height - 30);
    await page.mouse.down();
    await page.mouse.move(box.x + 140, box.y + box.height - 90, { steps: 8 });
    await page.mouse.up();
    await expect(page.locator(".results-summary").filter({ hasText: "in the map area" }).waitFor({ timeout: 30000 })).resolves.toBeUndefined();
    await page.getByRole("button", { name: "Show my search results again" }).click();
    await expect(page.locator(".results-summary").textContent()).resolves.toMatch(/nearest first/);
  });

  it("can be used with the keyboard alone", async () => {
    const { page } = await browser.newPage();
    await page.goto(server.url("/"));
    // The first Tab reaches the skip link, which moves focus to the main content.
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe("Skip to main content");
    await page.keyboard.press("Enter");
    // Tab onwards until the search field has focus, type, then the postcode, then Enter.
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate(() => document.activeElement?.id === "f-q")) break;
    }
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("f-q");
    await page.keyboard.type("football");
    await page.keyboard.press("Tab");
    await page.keyboard.type("M33 7XX");
    await page.keyboard.press("Enter");
    await page.waitForURL(/q=football/);
    expect(await page.locator(".result").count()).toBeGreaterThan(0);
    // Tab to the first result and open it with Enter.
    const firstName = (await page.locator(".result h3 a").first().textContent())!.trim();
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate(() => document.activeElement?.closest(".result") !== null)) break;
    }
    await expect(page.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toBe(firstName);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/assets\//);
    await expect(page.locator("h1").textContent()).resolves.toBe(firstName);
    // Focus is always visible: the focused element has an outline.
    await page.keyboard.press("Tab");
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).not.toBe("none");
  });

  it("works without JavaScript", async () => {
    const { page } = await browser.newPage({ javaScriptEnabled: false });
    await page.goto(server.url("/"));
    await page.getByLabel("What are you looking for?").fill("food bank");
    await page.getByLabel("Near (postcode or place)").fill("Stretford");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/q=food/);
    expect(await page.locator(".result").count()).toBeGreaterThan(0);
    expect(await page.locator(".leaflet-container").count()).toBe(0);
    // Paging links keep the search.
    const next = page.getByRole("link", { name: "Next page" });
    if ((await next.count()) > 0) {
      await next.click();
      await page.waitForURL(/page=2/);
      expect(page.url()).toMatch(/q=food/);
    }
  });

  it("explains bad input next to the field, with a 4xx status", async () => {
    const { page } = await browser.newPage();
    const res = await page.goto(server.url("/?near=M33+7XXX"));
    expect(res?.status()).toBe(400);
    await expect(page.getByRole("alert").textContent()).resolves.toMatch(/Near: .*not a valid UK postcode/);
    await expect(page.locator("#f-near-error").textContent()).resolves.toMatch(/not a valid UK postcode/);
    await expectAccessible(page);
    const unknown = await page.goto(server.url("/?near=ZZ9"));
    expect(unknown?.status()).toBe(404);
  });

  it("has an about page with every data source", async () => {
    const { page } = await browser.newPage();
    await page.goto(server.url("/about"));
    const text = await page.locator("main").textContent();
    expect(text).toMatch(/OpenStreetMap contributors/);
    expect(text).toMatch(/Open Government Licence/);
    expect(await page.locator("tbody tr").count()).toBeGreaterThan(10);
    await expectAccessible(page);
  });
});
