// End-to-end (headless Chromium): a member of the public suggests a correction and a connector signs in and approves it, after which the public page shows it;
// axe-core (WCAG 2.2 AA, no serious or critical problems) on the suggestion forms, the
// moderation queue and review form, every step of the in-site import, and admin users.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { launchBrowser, type TestBrowser, type TestPage } from "../helpers/browser";
import { expectAccessible } from "../helpers/e2e";
import { createTestUser, startTestServer, type TestServer, type TestUser } from "../helpers/server";

let server: TestServer;
let browser: TestBrowser;
let connector: TestUser;
let admin: TestUser;
let assetId: string;
let assetName: string;

beforeAll(async () => {
  server = await startTestServer({ env: { RATE_LIMITS: "off" } });
  browser = await launchBrowser();
  connector = await createTestUser(server.dbPath, { email: "e2e-moderator@example.org", role: "connector", name: "Mina Moderator", password: "a long enough password" });
  admin = await createTestUser(server.dbPath, { email: "e2e-admin@example.org", role: "admin", name: "Ade Admin" });
  const res = await server.get("/api/search?postcode=M33%207XX&kind=community_group&limit=10");
  const hit = res.body.results.find((r: { is_example: boolean }) => !r.is_example);
  assetId = hit.id;
  assetName = hit.name;
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Page errors, leaving out the browser's note that a form answer had a 4xx status (on purpose). */
const realErrors = (errors: string[]) => errors.filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e));

async function signedIn(user: TestUser): Promise<TestPage> {
  const p = await browser.newPage();
  const [name, value] = user.cookie.split("=");
  await p.context.addCookies([{ name, value, url: server.baseUrl, httpOnly: true, sameSite: "Lax" }]);
  return p;
}

const heading = (page: Page, text: string) => page.locator("h1", { hasText: text }).waitFor();

describe("a member of the public suggests a correction and a connector approves it", () => {
  const newName = "Wrenfold Friendship Circle";

  it("works from the public page to the approved change", async () => {
    // A member of the public (axe needs JavaScript in the page; the same forms without
    // JavaScript are checked below).
    const pub = await browser.newPage();
    await pub.page.goto(server.url(`/assets/${assetId}`));
    await pub.page.getByRole("link", { name: "Suggest a change" }).click();
    await heading(pub.page, `Suggest a change to ${assetName}`);
    await expectAccessible(pub.page);

    // Sending it empty shows what is missing, accessibly.
    await pub.page.getByRole("button", { name: "Send suggestion" }).click();
    await pub.page.getByRole("heading", { name: "There is a problem" }).waitFor();
    await expect(pub.page.getByRole("link", { name: "What is wrong?: is required" }).isVisible()).resolves.toBe(true);
    await expectAccessible(pub.page);

    await pub.page.getByLabel("What is wrong?").fill("The group has a new name since the spring.");
    await pub.page.getByLabel("The right name (optional)").fill(newName);
    await pub.page.getByLabel("Your email address (optional)").fill("sam@example.org");
    await pub.page.getByRole("button", { name: "Send suggestion" }).click();
    await heading(pub.page, "Thank you");
    await expect(pub.page.getByText("A connector will check it before anything changes").isVisible()).resolves.toBe(true);
    await expectAccessible(pub.page);
    // Not public yet.
    await pub.page.goto(server.url(`/assets/${assetId}`));
    await expect(pub.page.locator("h1").textContent()).resolves.toBe(assetName);
    expect(pub.blocked).toEqual([]);
    expect(realErrors(pub.errors)).toEqual([]);

    // A connector signs in (with JavaScript) and approves it.
    const con = await browser.newPage();
    await con.page.goto(server.url("/connect/suggestions"));
    await con.page.waitForURL(/\/signin\?next=/);
    await con.page.getByLabel("Email address").fill(connector.email);
    await con.page.getByLabel("Password").fill(connector.password);
    await con.page.getByRole("button", { name: "Sign in" }).click();
    await con.page.waitForURL(/\/connect\/suggestions$/);
    await heading(con.page, "Suggestions to check");
    const item = con.page.locator("li.result", { hasText: newName });
    await expect(item.getByText("The group has a new name since the spring.").isVisible()).resolves.toBe(true);
    await expect(item.getByRole("cell", { name: newName }).isVisible()).resolves.toBe(true);
    await expectAccessible(con.page);
    await item.getByRole("button", { name: `Approve the change to ${assetName}` }).click();
    await con.page.getByText("Approved.").waitFor();
    await expectAccessible(con.page);
    await con.page.getByRole("link", { name: "see it as the public does" }).click();
    await heading(con.page, newName);
    expect(con.blocked).toEqual([]);
    expect(realErrors(con.errors)).toEqual([]);

    // The public page shows it.
    await pub.page.goto(server.url(`/assets/${assetId}`));
    await expect(pub.page.locator("h1").textContent()).resolves.toBe(newName);
    const search = await server.get(`/api/search?q=${encodeURIComponent("Wrenfold")}`);
    expect(search.body.results.map((r: { id: string }) => r.id)).toContain(assetId);
  });
});

describe("without JavaScript", () => {
  it("the suggestion form still sends and thanks the person", async () => {
    const pub = await browser.newPage({ javaScriptEnabled: false });
    await pub.page.goto(server.url(`/assets/${assetId}`));
    await pub.page.getByRole("link", { name: "Suggest a change" }).click();
    await pub.page.getByLabel("What is wrong?").fill("The phone number is wrong.");
    await pub.page.getByRole("button", { name: "Send suggestion" }).click();
    await heading(pub.page, "Thank you");
    await expect(pub.page.locator(`main a[href="/assets/${assetId}"]`).count()).resolves.toBe(1);
  });
});

describe("accessibility of the other pages", () => {
  it("the new-listing form, and the connector's review form for it", async () => {
    const pub = await browser.newPage();
    await pub.page.goto(server.url("/suggest"));
    await heading(pub.page, "Suggest a listing");
    await expectAccessible(pub.page);
    await pub.page.getByLabel("What is it?").fill("A weekly repair cafe in the scout hut.");
    await pub.page.getByLabel("Name", { exact: true }).fill("Ashbourne Repair Cafe");
    await pub.page.getByLabel("Postcode (optional)").fill("M33 7XX");
    await pub.page.getByLabel("When is it on or open? (optional)").fill("Saturdays 10am to 1pm");
    await pub.page.getByRole("button", { name: "Send suggestion" }).click();
    await heading(pub.page, "Thank you");
    expect(realErrors(pub.errors)).toEqual([]);

    const con = await signedIn(connector);
    await con.page.goto(server.url("/connect/suggestions"));
    await con.page.getByRole("link", { name: /Review and add Ashbourne Repair Cafe/ }).click();
    await heading(con.page, "Suggested new listing: Ashbourne Repair Cafe");
    await expectAccessible(con.page);
    // Adding without a kind shows the problem accessibly; then complete it.
    await con.page.getByRole("button", { name: "Add to the directory" }).click();
    await con.page.getByRole("heading", { name: "There is a problem" }).waitFor();
    await expectAccessible(con.page);
    await con.page.getByLabel("Kind").selectOption("community_group");
    await con.page.getByRole("checkbox", { name: "Volunteering" }).check();
    await con.page.getByRole("button", { name: "Add to the directory" }).click();
    await con.page.getByText("Approved.").waitFor();
    await con.page.getByRole("link", { name: "see it as the public does" }).click();
    await heading(con.page, "Ashbourne Repair Cafe");
    expect(realErrors(con.errors)).toEqual([]);
  });

  it("every step of the in-site import", async () => {
    const con = await signedIn(connector);
    const page = con.page;
    await page.goto(server.url("/connect/import"));
    await heading(page, "Import a list of listings");
    await expectAccessible(page);
    // A file that is not CSV: the message is shown accessibly.
    await page.getByLabel("CSV or GeoJSON file").setInputFiles({ name: "photo.csv", mimeType: "image/png", buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]) });
    await page.getByRole("button", { name: "Upload and continue" }).click();
    await page.getByRole("heading", { name: "There is a problem" }).waitFor();
    await expect(page.getByText(/it is a PNG image/).first().isVisible()).resolves.toBe(true);
    await expectAccessible(page);

    const csv = "Name,Postcode,About,Tags\nHollowmere Singers,M33 7XX,A friendly choir,arts_music\nNowhere Band,,No place,arts_music\n";
    await page.getByLabel("CSV or GeoJSON file").setInputFiles({ name: "hollowmere.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Upload and continue" }).click();
    await heading(page, "Import hollowmere.csv");
    await expectAccessible(page);
    await page.getByLabel("Licence").fill("Shared with permission");
    await page.getByLabel("Attribution").fill("Hollowmere Residents");
    await page.getByLabel("Kind", { exact: true }).selectOption("community_group");
    await page.getByLabel("Description").selectOption("About");
    await page.getByRole("button", { name: "Preview the first 20 rows" }).click();
    await page.getByRole("heading", { name: "Preview" }).waitFor();
    await expect(page.getByText(/Of 2 rows: 1 will be added/).isVisible()).resolves.toBe(true);
    await expectAccessible(page);
    await page.getByRole("button", { name: "Import 1 row" }).click();
    await heading(page, "Import finished");
    await expectAccessible(page);
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: /Download the 1 row that were not imported/ }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("hollowmere.rejects.csv");
    expect(realErrors(con.errors)).toEqual([]);
    expect(con.blocked).toEqual([]);
  });

  it("admin users", async () => {
    const a = await signedIn(admin);
    await a.page.goto(server.url("/admin/users"));
    await heading(a.page, "Users");
    await expectAccessible(a.page);
    await a.page.getByLabel("Email address").fill("invitee@example.org");
    await a.page.getByLabel("Role", { exact: true }).selectOption("connector");
    await a.page.getByRole("button", { name: "Send invitation" }).click();
    await a.page.getByText("Invitation sent.").waitFor();
    await expectAccessible(a.page);
    await a.page.getByRole("button", { name: `Disable Mina Moderator (${connector.email})` }).click();
    await a.page.getByText("Account disabled and signed out everywhere.").waitFor();
    await expectAccessible(a.page);
    expect(realErrors(a.errors)).toEqual([]);
  });
});
