// Profiles and plans in headless Chromium: a connector and a person build a plan together (the
// connector makes the profile with the person's consent, adds outcomes, adds suggestions in one
// click and marks how they are going); the person signs in and sees and changes it; without
// JavaScript too; axe-core (WCAG 2.2 AA) on the profile and plan pages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { TestBrowser } from "../helpers/browser";
import { expectAccessible, startStage, type Stage } from "../helpers/e2e";
import type { TestServer } from "../helpers/server";

const PASSWORD = "plans-e2e-password-1";
let stage: Stage;
let server: TestServer;
let browser: TestBrowser;

beforeAll(async () => {
  stage = await startStage(
    [
      { email: "connector@plans.test", role: "connector", name: "Cara Connector" },
      { email: "aisha@plans.test", role: "member", name: "Aisha" },
    ],
    PASSWORD,
  );
  ({ server, browser } = stage);
});
afterAll(async () => {
  await stage?.stop();
});

const signIn = (page: Page, email: string) => stage.signIn(page, email);
const checkAxe = expectAccessible;

let planUrl = "";

describe("a connector and a person build a plan", () => {
  it("the connector makes the profile with consent, adds outcomes and suggestions", async () => {
    const { page } = await browser.newPage();
    await signIn(page, "connector@plans.test");
    await page.goto(server.url("/profiles/new"));
    await checkAxe(page);
    // A mistake first: the error summary names the fields.
    await page.getByRole("button", { name: "Save profile and start a plan" }).click();
    await page.getByRole("heading", { name: "There is a problem" }).waitFor();
    await checkAxe(page);
    await page.getByLabel("The person's email (their Real Wealth account)").fill("aisha@plans.test");
    await page.getByLabel("Who gave consent (the person, or who speaks for them)").fill("Aisha and her mum");
    await page.getByRole("radio", { name: "In person" }).check();
    await page.getByLabel("Name (or what they like to be called)").fill("Aisha");
    await page.getByLabel("Age in years (optional)").fill("16");
    await page.getByLabel("Interests (optional)").fill("musicals, curry");
    await page.getByLabel("Home postcode").fill("M33 7XX");
    await page.getByLabel("How far they can travel, in kilometres").fill("5");
    await page.getByRole("checkbox", { name: "Saturday" }).check();
    await page.getByRole("checkbox", { name: "Changing Places toilet" }).check();
    await page.getByLabel("Skills, in a few words").fill("singing");
    await Promise.all([page.waitForURL(/\/plans\/[^/]+\?created=1/), page.getByRole("button", { name: "Save profile and start a plan" }).click()]);
    planUrl = new URL(page.url()).pathname;
    await expect(page.getByRole("status").textContent()).resolves.toMatch(/Profile saved/);

    // An outcome in her own words.
    await page.getByLabel("The outcome, in their own words").fill("Singing in a show");
    await page.getByLabel("What kind of outcome is it?").selectOption("enjoy_and_achieve");
    await page.getByRole("button", { name: "Add outcome" }).click();
    await page.getByRole("heading", { name: "“Singing in a show”" }).waitFor();
    const outcome = page.locator("section.outcome").first();
    const firstSuggestion = outcome.locator("li.suggestion").first();
    await expect(firstSuggestion.textContent()).resolves.toMatch(/Changing Places toilet/);
    await checkAxe(page);

    // One click: add the first suggestion.
    const name = (await firstSuggestion.locator("h5 a").textContent())!.trim();
    await firstSuggestion.getByRole("button", { name: `Add ${name} to the plan` }).click();
    const row = page.locator("table.plan-items tbody tr").first();
    await expect(row.textContent()).resolves.toContain(name);
    await expect(row.textContent()).resolves.toContain("Planned");
    // Mark it working.
    await row.getByRole("combobox").selectOption("working");
    await row.getByRole("button", { name: /Save/ }).click();
    await expect(page.locator("table.plan-items tbody tr").first().textContent()).resolves.toContain("Working well");
    await checkAxe(page);
  });

  it("the person signs in, sees the plan, adds a suggestion by keyboard, and downloads their data", async () => {
    const { page } = await browser.newPage();
    await signIn(page, "aisha@plans.test");
    await page.goto(server.url("/profiles"));
    await page.getByRole("link", { name: "Aisha" }).click();
    await page.getByRole("heading", { level: 1, name: "Aisha" }).waitFor();
    await checkAxe(page);
    await expect(page.locator("body").textContent()).resolves.toMatch(/Consent to keep this profile was given by Aisha and her mum \(In person\)/);
    const download = await page.getByRole("link", { name: /Download everything we hold about you/ }).getAttribute("href");
    const res = await page.request.get(server.url(download!));
    expect((await res.json()).profile.name).toBe("Aisha");

    await page.goto(server.url(planUrl));
    await page.getByRole("heading", { name: "“Singing in a show”" }).waitFor();
    // The second suggestion, by keyboard: focus its Add button and press Enter.
    const second = page.locator("section.outcome").first().locator("li.suggestion").nth(1);
    const name = (await second.locator("h5 a").textContent())!.trim();
    await second.getByRole("button", { name: `Add ${name} to the plan` }).focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction((n) => document.querySelector("table.plan-items")?.textContent?.includes(n), name);
  });

  it("works without JavaScript", async () => {
    const { page } = await browser.newPage({ javaScriptEnabled: false });
    await signIn(page, "aisha@plans.test");
    await page.goto(server.url(planUrl));
    await page.getByText("Add an outcome").click();
    await page.getByLabel("The outcome, in their own words").fill("Eating curry with friends");
    await page.getByLabel("What kind of outcome is it?").selectOption("relationships");
    await page.getByRole("button", { name: "Add outcome" }).click();
    await page.getByRole("heading", { name: "“Eating curry with friends”" }).waitFor();
    await page.goto(server.url(`${planUrl}/export`));
    await expect(page.locator("h1").textContent()).resolves.toMatch(/Aisha's plan/);
  });
});
