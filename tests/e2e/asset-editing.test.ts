// End-to-end (headless Chromium): a connector signs in, adds an asset by postcode and finds it
// in public search; the asset form used with the keyboard only; axe-core (WCAG 2.2 AA, no
// serious or critical problems) on the asset form, the edit form with a conflict, the history
// and the connector dashboard.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { launchBrowser, type TestBrowser } from "../helpers/browser";
import { expectAccessible } from "../helpers/e2e";
import { createTestUser, startTestServer, type TestServer, type TestUser } from "../helpers/server";

let server: TestServer;
let browser: TestBrowser;
let connector: TestUser;
let other: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  connector = await createTestUser(server.dbPath, { email: "e2e-connector@example.org", role: "connector", name: "Erin Connector", password: "a long enough password" });
  other = await createTestUser(server.dbPath, { email: "e2e-other@example.org", role: "connector", name: "Olu Other" });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A browser context already signed in as `user` (its session cookie). */
async function signedIn(user: TestUser): Promise<{ page: Page; context: BrowserContext; blocked: string[]; errors: string[] }> {
  const p = await browser.newPage();
  const [name, value] = user.cookie.split("=");
  await p.context.addCookies([{ name, value, url: server.baseUrl, httpOnly: true, sameSite: "Lax" }]);
  return p;
}

/** Wait for the page's heading (the URL can change a moment before the new page is drawn). */
const heading = (page: Page, text: string) => page.locator("h1", { hasText: text }).waitFor();

/**
 * Page errors, leaving out the browser's note that a form answer had a 4xx status: a form with
 * mistakes is answered with 400 (or 409 for a conflict) on purpose, with or without JavaScript.
 */
const realErrors = (errors: string[]) => errors.filter((e) => !/Failed to load resource: the server responded with a status of 40[09]/.test(e));

const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? "");

/** Press Tab (only the keyboard) until the element with this id has focus. */
async function tabTo(page: Page, id: string, max = 400) {
  for (let i = 0; i < max; i++) {
    if ((await activeId(page)) === id) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached #${id}`);
}

async function tabToSelector(page: Page, selector: string, max = 400) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${selector}`);
}

describe("a connector adds an asset", () => {
  it("signs in, adds an asset by postcode, and finds it in public search", async () => {
    const { page, blocked, errors } = await browser.newPage();
    await page.goto(server.url("/connect"));
    // Not signed in: sent to sign in, then back to the dashboard.
    await page.waitForURL(/\/signin\?next=/);
    await page.getByLabel("Email address").fill(connector.email);
    await page.getByLabel("Password").fill(connector.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/connect$/);
    await heading(page, "Connector dashboard");

    await page.getByRole("link", { name: "Add a new asset" }).click();
    await page.waitForURL(/\/connect\/assets\/new$/);
    await page.getByLabel("Kind").selectOption("community_group");
    await page.getByLabel("Name", { exact: true }).fill("Bramble Hedgehog Craft Circle");
    await page.getByLabel("Short summary (optional)").fill("Crafts and a cuppa for anyone who fancies it");
    await page.getByLabel("Social group").check();
    await page.getByLabel("From the postcode").check();
    await page.getByLabel("Postcode", { exact: true }).fill("m33 7xx");
    await page.getByLabel("Free", { exact: true }).check();
    await page.getByLabel("Step-free access").check();
    await page.getByRole("button", { name: "Save the new asset" }).click();

    await page.waitForURL(/\/assets\/[0-9a-f-]{36}\?done=created$/);
    await heading(page, "Bramble Hedgehog Craft Circle");
    await expect(page.locator(".notice").textContent()).resolves.toContain("Saved. The new asset is in the directory and in search now.");
    const id = new URL(page.url()).pathname.split("/")[2];

    // Public search, as anyone would use it.
    await page.goto(server.url("/"));
    await page.getByLabel("What are you looking for?").fill("bramble hedgehog");
    await page.getByLabel("Near (postcode or place)").fill("M33 7XX");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/q=bramble/);
    const link = page.locator(`.result a[href="/assets/${id}"]`);
    await link.waitFor();
    await expect(link.textContent()).resolves.toContain("Bramble Hedgehog Craft Circle");
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe("the asset form by keyboard only", () => {
  it("shows errors, then is filled in and saved with the keyboard only", async () => {
    const { page, blocked, errors } = await signedIn(connector);
    await page.goto(server.url("/connect/assets/new"), { waitUntil: "networkidle" });

    // Submit at once (Enter on the name box): the errors come back and the summary takes focus.
    await tabTo(page, "f-name");
    await page.keyboard.press("Enter");
    await page.locator(".error-summary").waitFor();
    await page.waitForFunction(() => document.activeElement?.classList.contains("error-summary"));
    await expect(page.locator(".error-summary").textContent()).resolves.toContain("Enter the name of the place or group");
    // The summary's links lead to the fields.
    await page.keyboard.press("Tab");
    const firstLink = await page.evaluate(() => (document.activeElement as HTMLAnchorElement | null)?.getAttribute("href"));
    expect(firstLink).toBe("#f-kind");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.id === "f-kind");
    // Following the link keeps the errors and what was typed.
    await expect(page.locator(".error-summary").count()).resolves.toBe(1);

    // Kind: a closed select changes with the arrow keys.
    await tabTo(page, "f-kind");
    for (let i = 0; i < 10 && (await page.inputValue("#f-kind")) !== "place"; i++) await page.keyboard.press("ArrowDown");
    expect(await page.inputValue("#f-kind")).toBe("place");
    await page.keyboard.press("Tab");
    expect(await activeId(page)).toBe("f-name");
    await page.keyboard.type("Juniper Fox Community Garden");

    await tabTo(page, "f-cat-gardening");
    await page.keyboard.press("Space");
    expect(await page.isChecked("#f-cat-gardening")).toBe(true);

    await tabTo(page, "f-postcode");
    await page.keyboard.type("M33 7XX");

    // Opening hours: choose the weekly editor with the arrow keys, then Monday 10am to 2pm.
    await tabToSelector(page, 'input[name="hours_mode"]');
    await page.keyboard.press("ArrowDown");
    expect(await page.isChecked("#f-hours_mode-weekly")).toBe(true);
    await tabTo(page, "f-hours-mo");
    await page.keyboard.press("ArrowDown");
    expect(await page.inputValue("#f-hours-mo")).toBe("open");
    await page.keyboard.press("Tab");
    await page.keyboard.type("10am");
    await page.keyboard.press("Tab");
    await page.keyboard.type("2pm");

    await tabToSelector(page, 'button[type="submit"]');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe("Save the new asset");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/assets\/[0-9a-f-]{36}\?done=created$/);
    await heading(page, "Juniper Fox Community Garden");
    const id = new URL(page.url()).pathname.split("/")[2];
    const res = await server.get(`/api/assets/${id}`);
    expect(res.body).toMatchObject({ kind: "place", name: "Juniper Fox Community Garden", opening_hours: "Mo 10:00-14:00", categories: ["gardening"], location: { postcode: "M33 7XX" } });
    expect(blocked).toEqual([]);
    expect(realErrors(errors)).toEqual([]);
  });

  it("drops a pin with the keyboard (the map's button fills the latitude and longitude)", async () => {
    const { page, errors } = await signedIn(connector);
    await page.goto(server.url("/connect/assets/new"), { waitUntil: "networkidle" });
    await page.locator(".pin-map .leaflet-container").waitFor();
    await tabTo(page, "pin-centre");
    await page.keyboard.press("Enter");
    expect(Number(await page.inputValue("#f-lat"))).toBeCloseTo(53.4255, 3);
    expect(Number(await page.inputValue("#f-lng"))).toBeCloseTo(-2.3537, 3);
    expect(await page.isChecked("#f-location_mode-pin")).toBe(true);
    expect(errors).toEqual([]);
  });
});

describe("without JavaScript", () => {
  it("the dashboard's buttons and the asset form work as plain HTML forms", async () => {
    const p = await browser.newPage({ javaScriptEnabled: false });
    const [name, value] = connector.cookie.split("=");
    await p.context.addCookies([{ name, value, url: server.baseUrl, httpOnly: true, sameSite: "Lax" }]);
    const page = p.page;
    await page.goto(server.url("/connect"));
    const first = page.locator(".review-item").first();
    const title = (await first.locator("h3").textContent())!.trim();
    await first.getByRole("button", { name: /Still correct/ }).click();
    await page.waitForURL(/done=verified/);
    await expect(page.locator(".notice").textContent()).resolves.toContain(`Marked “${title}” as still correct`);

    await page.goto(server.url("/connect/assets/new"));
    expect(await page.locator(".leaflet-container").count(), "no map without JavaScript").toBe(0);
    await page.getByLabel("Kind").selectOption("micro_enterprise");
    await page.getByLabel("Name", { exact: true }).fill("Hazel Marten Van Man");
    await page.getByLabel("At an exact point").check();
    await page.getByLabel("Latitude", { exact: true }).fill("53.4301");
    await page.getByLabel("Longitude", { exact: true }).fill("-2.3402");
    await page.getByLabel("Set the hours for each day (below)").check();
    await page.locator("#f-hours-we").selectOption("open");
    await page.locator("#f-hours-we-from1").fill("8");
    await page.locator("#f-hours-we-to1").fill("6pm");
    await page.getByRole("button", { name: "Save the new asset" }).click();
    await page.waitForURL(/done=created/);
    await expect(page.locator("h1").textContent()).resolves.toBe("Hazel Marten Van Man");
    await expect(page.locator(".notice").textContent()).resolves.toContain("Saved.");
    expect(p.errors).toEqual([]);
  });
});

describe("accessibility of the connector pages (axe, WCAG 2.2 AA)", () => {
  it("the new-asset form, empty and with errors", async () => {
    const { page, blocked, errors } = await signedIn(connector);
    await page.goto(server.url("/connect/assets/new"), { waitUntil: "networkidle" });
    await expectAccessible(page);
    await page.getByLabel("Name", { exact: true }).fill("x".repeat(10));
    await page.getByLabel("Youngest age (optional)").fill("old");
    await page.getByRole("button", { name: "Save the new asset" }).click();
    await page.locator(".error-summary").waitFor();
    await expectAccessible(page);
    expect(blocked).toEqual([]);
    expect(realErrors(errors)).toEqual([]);
  });

  it("the edit form, including a conflict with someone else's save", async () => {
    const created = await server.request("/api/assets", {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: connector.cookie },
      body: JSON.stringify({ kind: "community_group", name: "Russet Owl Men's Shed", location: { postcode: "M33 7XX" } }),
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id as string;
    const { page, errors } = await signedIn(connector);
    await page.goto(server.url(`/assets/${id}/edit`), { waitUntil: "networkidle" });
    await expectAccessible(page);
    // Someone else saves first.
    const theirs = await server.request(`/api/assets/${id}`, {
      method: "PATCH",
      headers: { "Content-Type": "application/json", Cookie: other.cookie },
      body: JSON.stringify({ version: 1, name: "Russet Owl Community Shed" }),
    });
    expect(theirs.status, theirs.text).toBe(200);
    await page.getByLabel("Name", { exact: true }).fill("Russet Owl Shed for All");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.locator(".conflict").waitFor();
    const conflict = await page.locator(".conflict").textContent();
    expect(conflict).toContain("Olu Other saved");
    expect(conflict).toContain("Russet Owl Community Shed");
    expect(conflict).toContain("Russet Owl Shed for All");
    expect(await page.inputValue("#f-name")).toBe("Russet Owl Shed for All");
    await expectAccessible(page);
    // Saving again, knowingly, replaces their version.
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.waitForURL(/\?done=saved$/);
    await heading(page, "Russet Owl Shed for All");
    expect(realErrors(errors)).toEqual([]);
  });

  it("the public page with the connector buttons, and the history", async () => {
    const created = await server.request("/api/assets", {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: connector.cookie },
      body: JSON.stringify({ kind: "place", name: "Amber Stoat Allotments", lat: 53.43, lng: -2.33 }),
    });
    const id = created.body.id as string;
    const { page, errors } = await signedIn(connector);
    await page.goto(server.url(`/assets/${id}`), { waitUntil: "networkidle" });
    await page.getByRole("button", { name: "Still correct" }).click();
    await page.waitForURL(/done=verified/);
    await page.locator(".notice").waitFor();
    await expect(page.locator(".notice").textContent()).resolves.toContain("Marked as still correct");
    await expectAccessible(page);
    await page.getByRole("link", { name: "History" }).click();
    await page.waitForURL(/\/history$/);
    await heading(page, "History of Amber Stoat Allotments");
    await expect(page.locator(".revision").count()).resolves.toBe(2);
    await expectAccessible(page);
    await page.getByRole("button", { name: "Restore this version (version 1)" }).click();
    await page.waitForURL(/done=restored/);
    expect(errors).toEqual([]);
  });

  it("the connector dashboard", async () => {
    const { page, errors } = await signedIn(connector);
    await page.goto(server.url("/connect"), { waitUntil: "networkidle" });
    await expect(page.locator(".review-item").count()).resolves.toBeGreaterThan(0);
    await expectAccessible(page);
    // Set an area by postcode; the list follows it.
    await page.getByLabel("Your area postcode").fill("M41");
    await page.getByRole("button", { name: "Update my area" }).click();
    await page.waitForURL(/done=area/);
    await page.locator(".notice").waitFor();
    await expect(page.locator(".notice").textContent()).resolves.toContain("Your area is now M41");
    await expectAccessible(page);
    expect(errors).toEqual([]);
  });
});
