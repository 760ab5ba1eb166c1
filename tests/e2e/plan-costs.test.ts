// The costed plan in headless Chromium (issue 5): a family answers the child questionnaire with
// their connector (signed in as the connector), sees the budget with its explanation, and the
// connector saves it for them ("Who is this budget for?", by keyboard); the family adds free
// and paid supports to their plan (a suggestion in one click, a personal assistant who is not a
// directory listing), gives each a cost, chooses the budget and sees the totals against it, the
// warning when over and the history; a mistake is explained and linked to its field. The
// connector then sees the same plan. By keyboard and without JavaScript too. axe-core (WCAG 2.2
// AA) on every page: no serious or critical violations.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { SEED_CHILD } from "../../app/core/budget";
import type { TestBrowser } from "../helpers/browser";
import { expectAccessible, startStage, type Stage } from "../helpers/e2e";
import type { TestServer } from "../helpers/server";

const PASSWORD = "costs-e2e-password-1";
let stage: Stage;
let server: TestServer;
let browser: TestBrowser;
let planUrl = "";
let budgetId = "";

beforeAll(async () => {
  stage = await startStage(
    [
      { email: "connector@costs.test", role: "connector", name: "Cara Connector" },
      { email: "priya@costs.test", role: "member", name: "Priya" },
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

/** Without the "Failed to load resource … 400" that a refused form post logs on purpose. */
const realErrors = (errors: string[]) => errors.filter((e) => !/status of 400/.test(e));

async function answer(page: Page, legend: string, label: string) {
  await page.getByRole("group", { name: legend, exact: true }).getByRole("radio", { name: label, exact: true }).check();
}

const costsText = async (page: Page) => (await page.locator("#costs").textContent()) ?? "";

describe("a family costs their plan against their budget, with their connector", () => {
  it("the connector makes the family's profile and plan with their consent", async () => {
    const { page, errors } = await browser.newPage();
    await signIn(page, "connector@costs.test");
    await page.goto(server.url("/profiles/new"));
    await page.getByLabel("The person's email (their Real Wealth account)").fill("priya@costs.test");
    await page.getByLabel("Who gave consent (the person, or who speaks for them)").fill("Priya, Sam's mum");
    await page.getByRole("radio", { name: "In person" }).check();
    await page.getByLabel("Name (or what they like to be called)").fill("Sam");
    await page.getByLabel("Age in years (optional)").fill("9");
    await page.getByLabel("Interests (optional)").fill("swimming, music");
    await page.getByLabel("Home postcode").fill("M33 7XX");
    await page.getByLabel("How far they can travel, in kilometres").fill("5");
    await Promise.all([page.waitForURL(/\/plans\/[^/]+\?created=1/), page.getByRole("button", { name: "Save profile and start a plan" }).click()]);
    planUrl = new URL(page.url()).pathname;
    await page.getByLabel("The outcome, in their own words").fill("Having fun with other children");
    await page.getByLabel("What kind of outcome is it?").selectOption("enjoy_and_achieve");
    await page.getByRole("button", { name: "Add outcome" }).click();
    await page.getByRole("heading", { name: "“Having fun with other children”" }).waitFor();
    // No budget yet: the plan says so, and who can work one out.
    await expect(costsText(page)).resolves.toContain("Sam has no saved budget yet.");
    expect(errors).toEqual([]);
  });

  it("the family answers the child questionnaire with their connector, who saves the budget for them", async () => {
    const { page, errors } = await browser.newPage();
    await signIn(page, "connector@costs.test");
    await page.getByRole("link", { name: "Budget calculator" }).click();
    await page.getByRole("link", { name: /Child and family questionnaire/ }).click();
    await page.waitForURL(/\/budget\/child$/);
    const q = (id: string) => SEED_CHILD.questions.find((x) => x.id === id)!.text;
    for (const x of SEED_CHILD.questions) await answer(page, q(x.id), "Some support");
    await page.getByRole("button", { name: "Work out my budget" }).click();
    await page.waitForURL(/\/budget\/child\/result/);
    const main = page.locator("main");
    const text = (await main.textContent()) ?? "";
    // 8 questions, some support each: 20 points, the £4,000 band; the working is shown.
    for (const s of ["£4,000 a year", "not a promise", "How we worked it out", "Total points", "20", "child-1", "A band table turns points into money", "Where the money comes from"]) {
      expect(text).toContain(s);
    }
    // Who it is for: yourself by default, or a person the connector works with. By keyboard.
    const forWhom = page.getByLabel("Who is this budget for?");
    await expect(forWhom.inputValue()).resolves.toBe("");
    await expect(forWhom.locator("option").allTextContents()).resolves.toEqual(["For yourself", "For Sam"]);
    await checkAxe(page);
    await forWhom.focus();
    await page.keyboard.press("ArrowDown");
    await expect(forWhom.locator("option:checked").textContent()).resolves.toBe("For Sam");
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.getAttribute("name"))).resolves.toBe("name");
    await page.keyboard.type("Sam's short breaks");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Sam's short breaks" }).waitFor();
    budgetId = /\/budget\/saved\/([0-9a-f-]{36})/.exec(page.url())![1];
    const saved = (await main.textContent()) ?? "";
    expect(saved).toContain("This is Sam's budget. You can see it and change it because you work with Sam");
    expect(saved).toContain("Cara Connector: Saved by Cara Connector for Sam: 20 points, £4,000.00 a year (child-1).");
    await checkAxe(page);
    // The connector's list: theirs (none) and the people they work with, by person.
    await page.getByRole("link", { name: "Saved budgets" }).click();
    await page.getByRole("heading", { level: 1, name: "Saved budgets" }).waitFor();
    await expect(page.getByRole("region", { name: "Sam", exact: true }).getByRole("link").allTextContents()).resolves.toEqual(["Sam's short breaks"]);
    await checkAxe(page);
    expect(errors).toEqual([]);
  });

  it("the family adds free and paid supports, gives each a cost, chooses the budget and sees the totals", async () => {
    const { page, errors } = await browser.newPage();
    await signIn(page, "priya@costs.test");
    await page.goto(server.url(planUrl));
    await page.getByRole("heading", { name: "“Having fun with other children”" }).waitFor();

    // Two suggestions into the plan, one click each.
    const suggestions = page.locator("section.outcome").first().locator("li.suggestion");
    const names: string[] = [];
    for (const n of [0, 1]) {
      const s = suggestions.nth(n);
      const name = (await s.locator("h5 a").textContent())!.trim();
      names.push(name);
      await s.getByRole("button", { name: `Add ${name} to the plan` }).click();
      await page.waitForURL(/#connections$/);
      await page.waitForFunction((x) => document.querySelector("table.plan-items")?.textContent?.includes(x), name);
    }

    // The first is free: open its cost form and mark it so.
    await page.locator("summary", { hasText: `Cost of ${names[0]}: not set yet` }).click();
    const first = page.locator("details.cost-item", { hasText: `Cost of ${names[0]}` });
    await first.getByLabel("How it is paid").selectOption("free");
    await checkAxe(page);
    await first.getByRole("button", { name: `Save the cost of ${names[0]}` }).click();
    await page.locator("summary", { hasText: `Cost of ${names[0]}: Free` }).waitFor();

    // A mistake: a paid session with no price. The summary names and links the field.
    await page.locator("summary", { hasText: `Cost of ${names[1]}: not set yet` }).click();
    let second = page.locator("details.cost-item", { hasText: `Cost of ${names[1]}` });
    await second.getByLabel("How it is paid").selectOption("per_session");
    await second.getByLabel(/^How many a week/).fill("1");
    await second.getByLabel(/^Paid from/).selectOption("children_social_care");
    await second.getByRole("button", { name: `Save the cost of ${names[1]}` }).click();
    await page.getByRole("heading", { name: "There is a problem" }).waitFor();
    const link = page.locator(".error-summary a", { hasText: `Price in pounds (an hour, a session or a week) for ${names[1]}: is missing` });
    await expect(link.count()).resolves.toBe(1);
    await checkAxe(page);
    await link.click();
    second = page.locator("details.cost-item", { hasText: `Cost of ${names[1]}` });
    await expect(page.evaluate(() => document.activeElement?.getAttribute("name"))).resolves.toBe("price");
    // What was typed is kept.
    await expect(second.getByLabel(/^How many a week/).inputValue()).resolves.toBe("1");
    await second.getByLabel(/^Price in pounds/).fill("12.50");
    await second.getByRole("button", { name: `Save the cost of ${names[1]}` }).click();
    await page.locator("summary", { hasText: `Cost of ${names[1]}: £12.50 a session` }).waitFor();

    // Paid support that is not a listing: a personal assistant, 10 hours a week at £14.
    await page.locator("summary", { hasText: "Add paid support that is not in the directory" }).click();
    const own = page.locator("#own-support");
    await own.getByLabel("What the support is").fill("Personal assistant");
    await own.getByLabel("How it is paid").selectOption("personal_assistant");
    await own.getByLabel(/^Price in pounds/).fill("14");
    await own.getByLabel(/^How many a week/).fill("10");
    await own.getByLabel(/^Paid from/).selectOption("children_social_care");
    await own.getByLabel("When (optional)").fill("Saturdays");
    await checkAxe(page);
    await own.getByRole("button", { name: "Add this support to the plan" }).click();
    await page.locator("summary", { hasText: "Cost of Personal assistant: Personal assistant, 10 hours a week at £14.00 an hour" }).waitFor();

    // Without a budget: the totals alone.
    await expect(costsText(page)).resolves.toContain("No budget is chosen for this plan yet. The paid support costs £152.50 a week (£7,930.00 a year).");

    // Choose the budget the connector saved for the family: it is theirs, so it is offered.
    await expect(page.getByLabel("Measure the plan against").locator("option").allTextContents()).resolves.toEqual([
      "No budget",
      expect.stringMatching(/^Sam's short breaks: £4,000 a year \(child-1, saved /),
    ]);
    await page.getByLabel("Measure the plan against").selectOption(budgetId);
    await page.getByRole("button", { name: "Use this budget" }).click();
    await page.getByText("The plan is measured against “Sam's short breaks”").waitFor();
    const costs = await costsText(page);
    expect(costs).toContain("The paid support costs £152.50 a week (£7,930.00 a year), against the indicative budget “Sam's short breaks” of £4,000.00 a year (about £76.92 a week).");
    expect(costs).toContain("Over budget:");
    expect(costs).toContain("£3,930.00 more than the indicative budget of £4,000.00");
    expect(costs).toMatch(/Of 3 costed supports, \d \(\d+%\) (is a community or universal option|are community or universal options)\. 1 is free or paid in time credits, and 2 are paid support\./);
    expect(costs).toContain("Total paid support£152.50£7,930.00");
    // The history says who did what.
    const history = (await page.locator("#history").textContent()) ?? "";
    expect(history).toContain("Priya: Chose the budget “Sam's short breaks” (£4,000.00 a year, child-1) to measure the plan against.");
    expect(history).toContain(`Priya: Cost of ${names[0]}: Free (was: not costed).`);
    expect(history).toContain("Cara Connector: Started the plan “Sam's plan”.");
    await checkAxe(page);
    expect(realErrors(errors)).toEqual([]);
  });

  it("the connector sees the same totals and the printable plan with its costs", async () => {
    const { page, errors } = await browser.newPage();
    await signIn(page, "connector@costs.test");
    await page.goto(server.url(planUrl));
    const costs = await costsText(page);
    expect(costs).toContain("against the indicative budget “Sam's short breaks” of £4,000.00 a year");
    expect(costs).toContain("Over budget:");
    // The connector works with the family, so they may open the saved budget's own page too.
    await expect(page.locator(`a[href="/budget/saved/${budgetId}"]`).count()).resolves.toBe(1);
    await checkAxe(page);
    await page.getByRole("link", { name: "Printable version (save as PDF)" }).click();
    await page.locator("h2", { hasText: "Costs and budget" }).waitFor();
    const text = (await page.locator("body").textContent()) ?? "";
    expect(text).toContain("Total paid support£152.50£7,930.00");
    expect(text).toContain("Personal assistant (not a directory listing)");
    await checkAxe(page);
    expect(errors).toEqual([]);
  });

  it("works by keyboard alone: open a cost form, fill it and save it", async () => {
    const { page, errors } = await browser.newPage();
    await signIn(page, "priya@costs.test");
    await page.goto(server.url(planUrl));
    const summary = page.locator("summary", { hasText: "Cost of Personal assistant:" });
    await summary.focus();
    await page.keyboard.press("Enter");
    const details = page.locator("details.cost-item", { hasText: "Cost of Personal assistant:" });
    await expect(details.evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(true);
    // Tab to the quantity field (through how it is paid and the price), change it, Enter to save.
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.getAttribute("name"))).resolves.toBe("cost_type");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.getAttribute("name"))).resolves.toBe("quantity");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("8");
    await page.keyboard.press("Enter");
    await page.locator("summary", { hasText: "Cost of Personal assistant: Personal assistant, 8 hours a week" }).waitFor();
    await expect(costsText(page)).resolves.toContain("£124.50 a week");
    expect(errors).toEqual([]);
  });

  it("works without JavaScript: a cost, a mistake explained, and the budget chosen", async () => {
    const { page, blocked } = await browser.newPage({ javaScriptEnabled: false });
    await signIn(page, "priya@costs.test");
    await page.goto(server.url(planUrl));
    await page.locator("summary", { hasText: "Add paid support that is not in the directory" }).click();
    const own = page.locator("#own-support");
    await own.getByLabel("What the support is").fill("Taxi to swimming");
    await own.getByLabel("How it is paid").selectOption("per_week");
    await own.getByLabel(/^Price in pounds/).fill("-9");
    await own.getByLabel(/^Paid from/).selectOption("children_social_care");
    await own.getByRole("button", { name: "Add this support to the plan" }).click();
    await page.getByRole("heading", { name: "There is a problem" }).waitFor();
    await expect(page.locator(".error-summary").textContent()).resolves.toContain("Price in pounds (an hour, a session or a week) (new support): must not be negative");
    await expect(page.locator("#f-own-label").inputValue()).resolves.toBe("Taxi to swimming");
    await page.locator("#f-own-price").fill("9");
    await page.locator("#own-support").getByRole("button", { name: "Add this support to the plan" }).click();
    await page.locator("summary", { hasText: "Cost of Taxi to swimming: £9.00 a week" }).waitFor();
    await page.getByLabel("Measure the plan against").selectOption("");
    await page.getByRole("button", { name: "Use this budget" }).click();
    await page.getByText("No budget is chosen for this plan yet.", { exact: false }).first().waitFor();
    await expect(costsText(page)).resolves.toContain("The paid support costs £133.50 a week");
    await expect(page.locator("#history").textContent()).resolves.toContain("Stopped measuring the plan against the budget “Sam's short breaks”.");
    expect(blocked).toEqual([]);
  });
});
