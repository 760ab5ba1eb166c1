// The budget calculator in headless Chromium: a family answers the child questionnaire with their
// connector (signed in as the connector), sees the budget with its explanation, the easy-read and
// printable versions, saves it; the questionnaire works by keyboard and without JavaScript; an
// admin's versions pages; axe-core (WCAG 2.2 AA) on every one of these pages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { SEED_CHILD } from "../../app/core/budget";
import type { TestBrowser } from "../helpers/browser";
import { expectAccessible, startStage, type Stage } from "../helpers/e2e";
import type { TestServer } from "../helpers/server";

const PASSWORD = "budget-e2e-password-1";
let stage: Stage;
let server: TestServer;
let browser: TestBrowser;

beforeAll(async () => {
  stage = await startStage(
    [
      { email: "connector@budget.test", role: "connector", name: "Cara Connector" },
      { email: "admin@budget.test", role: "admin", name: "Ada Admin" },
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

/** Choose an answer in a question's radio group, found by its legend. */
async function answer(page: Page, legend: string, label: string) {
  await page.getByRole("group", { name: legend, exact: true }).getByRole("radio", { name: label, exact: true }).check();
}

describe("budget calculator (child and family, with a connector)", () => {
  it("the family answers the questionnaire, sees the budget with its working, easy read and print versions, and saves it", async () => {
    const { page, blocked, errors } = await browser.newPage();
    await signIn(page, "connector@budget.test");
    await page.getByRole("link", { name: "Budget calculator" }).click();
    await page.getByRole("heading", { level: 1, name: "Budget calculator" }).waitFor();
    await checkAxe(page);
    await page.getByRole("link", { name: /Child and family questionnaire/ }).click();
    await page.waitForURL(/\/budget\/child$/);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toMatch(/Child and family/);
    await checkAxe(page);

    const q = (id: string) => SEED_CHILD.questions.find((x) => x.id === id)!.text;
    await answer(page, q("stay_safe"), "A lot of support");
    await answer(page, q("be_healthy"), "A lot of support");
    await answer(page, q("enjoy_and_achieve"), "Some support");
    await answer(page, q("positive_contribution"), "Some support");
    await answer(page, q("economic_wellbeing"), "No support needed");
    await answer(page, q("family_breaks"), "A lot of support");
    await answer(page, q("family_home"), "Some support");
    await answer(page, q("carer_own_needs"), "Some support");
    // Grandma helps with keeping him safe: an explicit answer, shown in the result.
    await page
      .getByRole("group", { name: q("stay_safe"), exact: true })
      .getByRole("group", { name: "Do family or friends help with this now?" })
      .getByRole("radio", { name: /help with some of this/ })
      .check();
    await page.getByRole("button", { name: "Work out my budget" }).click();
    await page.waitForURL(/\/budget\/child\/result/);

    // 6×75%=4 + 6 + 3 + 2 + 0 + 6 + 2 + 2 = 25 points → the 20-point band, £4,000 a year.
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Your indicative budget");
    const main = page.locator("main");
    await expect(main.textContent()).resolves.toContain("£4,000 a year");
    const text = (await main.textContent()) ?? "";
    for (const s of ["not a promise", "Total points", "25", "child-1", "A band table turns points into money", "75% counted", "How to ask for a review", "Where the money comes from", "Ways to hold the money"]) {
      expect(text).toContain(s);
    }
    await checkAxe(page);

    await page.getByRole("link", { name: "Easy read version" }).click();
    await page.getByRole("heading", { level: 1, name: "Your budget: easy read" }).waitFor();
    await expect(main.textContent()).resolves.toContain("The money could be about £77 a week.");
    await checkAxe(page);
    await page.goBack();
    await page.getByRole("heading", { level: 1, name: "Your indicative budget" }).waitFor();
    await page.getByRole("link", { name: "Printable one-page summary" }).click();
    await page.getByRole("heading", { level: 1, name: /one-page summary/ }).waitFor();
    await expect(main.textContent()).resolves.toContain("one-page summary");
    await checkAxe(page);
    await page.goBack();
    await page.getByRole("heading", { level: 1, name: "Your indicative budget" }).waitFor();

    await page.getByLabel("A name for this budget (optional)").fill("Sam's short breaks");
    await page.getByRole("button", { name: "Save this budget" }).click();
    await page.getByRole("heading", { level: 1, name: "Sam's short breaks" }).waitFor();
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Sam's short breaks");
    await expect(main.textContent()).resolves.toContain("Cara Connector: Saved: 25 points, £4,000.00 a year (child-1).");
    await page.getByRole("group", { name: "Children's social care (short breaks and family support)" }).getByRole("radio", { name: /^Direct payment/ }).check();
    await page.getByRole("button", { name: "Save how the money is held" }).click();
    await page.getByText("How the money is held: children_social_care: direct_payment.").waitFor();
    await expect(main.textContent()).resolves.toContain("How the money is held: children_social_care: direct_payment.");
    await checkAxe(page);

    // Cost the supports in the plan: paid and free, against the budget.
    const row = (n: number) => page.getByRole("group", { name: `Support ${n}`, exact: true });
    await row(1).getByLabel("What it is").fill("Swimming lessons");
    await row(1).getByLabel("How it is paid").selectOption("per_session");
    await row(1).getByLabel("Price (£ an hour, session or week)").fill("12.50");
    await row(1).getByLabel("How many a week (hours, sessions, credits)").fill("1");
    await row(2).getByLabel("What it is").fill("Personal assistant for Saturdays");
    await row(2).getByLabel("How it is paid").selectOption("personal_assistant");
    await row(2).getByLabel("Price (£ an hour, session or week)").fill("15");
    await row(2).getByLabel("How many a week (hours, sessions, credits)").fill("6.5");
    await row(3).getByLabel("What it is").fill("Library rhyme time");
    await row(3).getByLabel("Kind of support").selectOption("universal");
    await row(3).getByLabel("How it is paid").selectOption("free");
    await row(4).getByLabel("What it is").fill("Community garden (time credits)");
    await row(4).getByLabel("Kind of support").selectOption("community");
    await row(4).getByLabel("How it is paid").selectOption("time_credits");
    await row(4).getByLabel("How many a week (hours, sessions, credits)").fill("2");
    await page.getByRole("button", { name: "Work out the costs" }).click();
    await page.getByRole("heading", { name: "Your supports", exact: true }).waitFor();
    const costs = (await page.locator("#costs").textContent()) ?? "";
    expect(costs).toContain("£110.00 a week");
    expect(costs).toContain("£5,720.00 a year, against a budget of £4,000.00 a year");
    expect(costs).toContain("2 free or time-credit supports and 2 paid. 50% of the supports are community or universal options.");
    expect(costs).toContain("Over budget:");
    await checkAxe(page);
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("the questionnaire works by keyboard alone", async () => {
    const { page, errors } = await browser.newPage();
    await page.goto(server.url("/budget/child"));
    // Tab to the first radio group and choose with the arrow keys, for every need question.
    const ids = SEED_CHILD.questions.map((x) => x.id);
    await page.locator(`input[name="a.${ids[0]}"]`).first().focus();
    for (const id of ids) {
      const first = page.locator(`input[name="a.${id}"]`).first();
      await first.focus();
      await page.keyboard.press("Space");
      await page.keyboard.press("ArrowRight");
      await expect(page.locator(`input[name="a.${id}"][value="some"]`).isChecked()).resolves.toBe(true);
    }
    // Reach the submit button with Tab and press Enter.
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate(() => document.activeElement?.textContent === "Work out my budget")) break;
    }
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/budget\/child\/result/);
    await expect(page.locator("main").textContent()).resolves.toContain("Your indicative budget");
    expect(errors).toEqual([]);
  });

  it("works without JavaScript, and missing answers are explained", async () => {
    const { page, blocked } = await browser.newPage({ javaScriptEnabled: false });
    await page.goto(server.url("/budget/child"));
    await answer(page, SEED_CHILD.questions[0].text, "Some support");
    await page.getByRole("button", { name: "Work out my budget" }).click();
    await page.getByRole("heading", { name: "There is a problem" }).waitFor();
    await expect(page.getByRole("link", { name: new RegExp(SEED_CHILD.questions[1].text.replace(/[?()]/g, ".")) }).count()).resolves.toBe(1);
    // The answer already given is kept.
    await expect(page.locator(`input[name="a.stay_safe"][value="some"]`).isChecked()).resolves.toBe(true);
    for (const x of SEED_CHILD.questions.slice(1)) await answer(page, x.text, "No support needed");
    await page.getByRole("button", { name: "Work out my budget" }).click();
    await page.getByRole("heading", { level: 1, name: "Your indicative budget" }).waitFor();
    await expect(page.locator("main").textContent()).resolves.toContain("Community and universal options first");
    expect(blocked).toEqual([]);
  });

  it("an admin sees the versions and a draft's edit form, and both pass axe", async () => {
    const { page, errors } = await browser.newPage();
    await signIn(page, "admin@budget.test");
    await page.getByRole("link", { name: "Budget versions" }).click();
    await page.getByRole("heading", { level: 1, name: "Budget calculator versions" }).waitFor();
    await checkAxe(page);
    await page.getByLabel("Copy of").selectOption("child-1");
    await page.getByRole("button", { name: "Make a draft copy" }).click();
    await page.waitForURL(/\/admin\/budget\/child-2$/);
    await checkAxe(page);
    await page.getByLabel("Band 1: a year (£)").fill("-20");
    await page.getByRole("button", { name: "Save the draft" }).click();
    await page.getByRole("heading", { name: "There is a problem" }).waitFor();
    await expect(page.locator(".error-summary").textContent()).resolves.toContain("must not be negative");
    await checkAxe(page);
    await page.goto(server.url("/admin/budget/child-1"));
    await checkAxe(page);
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
