// The costed plan on a plan page (app/core/budget/plan-costs.ts) and the plan's history texts
// (app/core/plan-history.ts): reading each item's cost form (bad input names the field), the cost
// in plain words, totals against a chosen budget — a number, none, or a panel review.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  COST_TYPES,
  SEED_ADULT,
  SEED_CHILD,
  STREAMS,
  costFormValues,
  costPlan,
  describeCost,
  describeCostChange,
  estimate,
  formatHundredths,
  parseItemCostForm,
  penceToPoundsText,
  readItemCost,
  summarisePlanCosts,
  type Answer,
  type Estimate,
  type EstimateInput,
  type ItemCost,
  type RasConfig,
} from "../../app/core/budget";
import { budgetChosenText, itemAddedText, itemStatusText, memberAddedText, outcomeAddedText, outcomeRemovedText } from "../../app/core/plan-history";

const answersAll = (c: RasConfig, a: Answer): EstimateInput => ({
  questionnaire: c.questionnaire,
  answers: Object.fromEntries(c.questions.map((q) => [q.id, a])),
  informal_support: {},
});
const opts = { label: "Swimming lessons", defaultQuadrant: "community" as const, prefix: "item.x." };

describe("reading an item's cost form", () => {
  it('reads "12,50" as £12.50, "1,250" as £1,250, and refuses an unclear comma (issue 16, defect 12)', () => {
    const price = (p: string) => parseItemCostForm({ cost_type: "per_session", price: p, quantity: "1", stream: "children_social_care" }, opts);
    expect(price("12,50")).toMatchObject({ ok: true, cost: { unit_pence: 1250 } });
    expect(price("1,250")).toMatchObject({ ok: true, cost: { unit_pence: 125000 } });
    expect(price("1,250.00")).toMatchObject({ ok: true, cost: { unit_pence: 125000 } });
    expect(price("12,5")).toMatchObject({ ok: false, fields: { "item.x.price": expect.stringMatching(/like 12.50/) } });
  });
  it("reads each kind of cost in pounds and numbers a week", () => {
    expect(parseItemCostForm({ cost_type: "per_session", price: "12.50", quantity: "1", stream: "children_social_care" }, opts)).toEqual({
      ok: true,
      label: "Swimming lessons",
      cost: { cost_type: "per_session", unit_pence: 1250, quantity_hundredths: 100, stream: "children_social_care", quadrant: "community" },
    });
    expect(parseItemCostForm({ cost_type: "personal_assistant", price: "£14", quantity: "10", stream: "adult_social_care", quadrant: "individual" }, opts)).toMatchObject({
      ok: true,
      cost: { unit_pence: 1400, quantity_hundredths: 1000, quadrant: "individual" },
    });
    // A weekly price counts once a week when the quantity is left empty.
    expect(parseItemCostForm({ cost_type: "per_week", price: "40", stream: "nhs_health" }, opts)).toMatchObject({ ok: true, cost: { unit_pence: 4000, quantity_hundredths: 100 } });
    // Free: price, quantity and stream are not needed (and the stream is not kept).
    expect(parseItemCostForm({ cost_type: "free", price: "", quantity: "", stream: "adult_social_care" }, opts)).toEqual({
      ok: true,
      label: "Swimming lessons",
      cost: { cost_type: "free", unit_pence: 0, quantity_hundredths: 0, stream: null, quadrant: "community" },
    });
    expect(parseItemCostForm({ cost_type: "time_credits", quantity: "2" }, opts)).toMatchObject({ ok: true, cost: { cost_type: "time_credits", unit_pence: 0, quantity_hundredths: 200, stream: null } });
  });

  it.each([
    ["no cost type", { cost_type: "" }, "item.x.cost_type", /missing/],
    ["an unknown cost type", { cost_type: "per_fortnight" }, "item.x.cost_type", /must be one of/],
    ["a negative price", { cost_type: "per_hour", price: "-5", quantity: "2", stream: "nhs_health" }, "item.x.price", /not be negative/],
    ["a price that is not money", { cost_type: "per_hour", price: "twelve", quantity: "2", stream: "nhs_health" }, "item.x.price", /pounds/],
    ["no price", { cost_type: "per_hour", price: "", quantity: "2", stream: "nhs_health" }, "item.x.price", /missing/],
    ["a huge price", { cost_type: "per_hour", price: "100000.01", quantity: "2", stream: "nhs_health" }, "item.x.price", /£100,000 or less/],
    ["an unknown stream", { cost_type: "per_hour", price: "5", quantity: "2", stream: "lottery" }, "item.x.stream", /not a funding stream/],
    ["an unknown stream on a free line", { cost_type: "free", stream: "lottery" }, "item.x.stream", /not a funding stream/],
    ["no stream for paid support", { cost_type: "per_session", price: "5", quantity: "1", stream: "" }, "item.x.stream", /missing/],
    ["a negative quantity", { cost_type: "per_hour", price: "5", quantity: "-1", stream: "nhs_health" }, "item.x.quantity", /not be negative/],
    ["a quantity with three decimals", { cost_type: "per_hour", price: "5", quantity: "1.255", stream: "nhs_health" }, "item.x.quantity", /a number a week/],
    ["more hours than a week has", { cost_type: "personal_assistant", price: "5", quantity: "169", stream: "nhs_health" }, "item.x.quantity", /168 or fewer/],
    ["no hours for a personal assistant", { cost_type: "personal_assistant", price: "14", stream: "nhs_health" }, "item.x.quantity", /missing/],
    ["an unknown kind of support", { cost_type: "free", quadrant: "moon" }, "item.x.quadrant", /community, universal/],
  ])("%s: refused with the field named", (_name, form, field, message) => {
    const r = parseItemCostForm(form, opts);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fields[field]).toMatch(message);
  });

  it("a line that is not a listing needs its name", () => {
    const r = parseItemCostForm({ label: "  ", cost_type: "free" }, { requireLabel: true, defaultQuadrant: "individual", prefix: "own." });
    expect(r).toEqual({ ok: false, fields: { "own.label": expect.stringMatching(/missing/) } });
    const ok = parseItemCostForm({ label: " Personal assistant ", cost_type: "personal_assistant", price: "14", quantity: "10", stream: "adult_social_care" }, { requireLabel: true, defaultQuadrant: "individual", prefix: "own." });
    expect(ok).toMatchObject({ ok: true, label: "Personal assistant", cost: { quadrant: "individual", unit_pence: 1400, quantity_hundredths: 1000 } });
  });

  it("the form's own values read back as the same cost (property)", () => {
    const costArb = fc
      .record({
        cost_type: fc.constantFrom(...COST_TYPES),
        unit_pence: fc.integer({ min: 0, max: 10_000_000 }),
        quantity_hundredths: fc.integer({ min: 0, max: 16_800 }),
        stream: fc.constantFrom(...STREAMS),
        quadrant: fc.constantFrom("community", "universal", "individual", "targeted" as const),
      })
      .map((c): ItemCost => {
        const paid = c.cost_type !== "free" && c.cost_type !== "time_credits";
        return { ...c, unit_pence: paid ? c.unit_pence : 0, quantity_hundredths: c.cost_type === "free" ? 0 : c.quantity_hundredths, stream: paid ? c.stream : null };
      });
    fc.assert(
      fc.property(costArb, (cost) => {
        const r = parseItemCostForm(costFormValues(cost, "community"), opts);
        expect(r).toEqual({ ok: true, label: "Swimming lessons", cost });
        expect(readItemCost(JSON.stringify(cost))).toEqual(cost);
      }),
      { numRuns: 300 },
    );
  });

  it("a stored cost that is not valid reads as not costed", () => {
    expect(readItemCost(null)).toBeNull();
    expect(readItemCost("{nope")).toBeNull();
    expect(readItemCost(JSON.stringify({ cost_type: "per_hour", unit_pence: -1, quantity_hundredths: 100, stream: "nhs_health" }))).toBeNull();
  });

  it("numbers for people and forms", () => {
    expect(formatHundredths(150)).toBe("1.5");
    expect(formatHundredths(200)).toBe("2");
    expect(formatHundredths(125)).toBe("1.25");
    expect(formatHundredths(5)).toBe("0.05");
    expect(penceToPoundsText(1250)).toBe("12.50");
    expect(penceToPoundsText(5)).toBe("0.05");
  });
});

describe("costs in plain words", () => {
  const pa: ItemCost = { cost_type: "personal_assistant", unit_pence: 1400, quantity_hundredths: 1000, stream: "adult_social_care", quadrant: "individual" };
  it("says what each costs a week and who pays", () => {
    expect(describeCost(pa)).toBe("Personal assistant, 10 hours a week at £14.00 an hour: £140.00 a week, paid from Adult social care");
    expect(describeCost({ ...pa, cost_type: "per_session", unit_pence: 1250, quantity_hundredths: 100, stream: "children_social_care" })).toBe(
      "£12.50 a session, 1 session a week: £12.50 a week, paid from Children's social care (short breaks and family support)",
    );
    expect(describeCost({ ...pa, cost_type: "per_week", unit_pence: 4000, quantity_hundredths: 100 })).toBe("£40.00 a week, paid from Adult social care");
    expect(describeCost({ ...pa, cost_type: "per_hour", quantity_hundredths: 150 })).toBe("£14.00 an hour, 1.5 hours a week: £21.00 a week, paid from Adult social care");
    expect(describeCost({ ...pa, cost_type: "free", unit_pence: 0, quantity_hundredths: 0, stream: null })).toBe("Free");
    expect(describeCost({ ...pa, cost_type: "time_credits", unit_pence: 0, quantity_hundredths: 200, stream: null })).toBe("Time credits: 2 credits a week");
  });
  it("a change of cost is described with what it was; no change is nothing", () => {
    expect(describeCostChange("Personal assistant", null, pa)).toBe(`Cost of Personal assistant: ${describeCost(pa)} (was: not costed).`);
    expect(describeCostChange("Personal assistant", pa, { ...pa, quantity_hundredths: 1200 })).toMatch(/12 hours a week .*\(was: Personal assistant, 10 hours a week/);
    expect(describeCostChange("Personal assistant", pa, { ...pa })).toBeNull();
  });
});

describe("the plan's totals against a chosen budget", () => {
  const items = [
    { id: "a", label: "Swimming lessons", cost: { cost_type: "per_session", unit_pence: 1250, quantity_hundredths: 100, stream: "children_social_care", quadrant: "individual" } as ItemCost },
    { id: "b", label: "Personal assistant", cost: { cost_type: "personal_assistant", unit_pence: 1500, quantity_hundredths: 650, stream: "children_social_care", quadrant: "individual" } as ItemCost },
    { id: "c", label: "Library rhyme time", cost: { cost_type: "free", unit_pence: 0, quantity_hundredths: 0, stream: null, quadrant: "universal" } as ItemCost },
    { id: "d", label: "Community garden", cost: { cost_type: "time_credits", unit_pence: 0, quantity_hundredths: 200, stream: null, quadrant: "community" } as ItemCost },
    { id: "e", label: "Scouts", cost: null },
  ];
  const asBudget = (e: Estimate, name = "Sam's short breaks") => ({ id: "b1", name, result: e });

  it("with no budget: the totals, and nothing to compare with", () => {
    const s = summarisePlanCosts(items, null);
    expect(s.weekly_pence).toBe(1250 + 9750);
    expect(s.yearly_pence).toBe(11000 * 52);
    expect(s.budget).toBeNull();
    expect(s.remaining_yearly_pence).toBeNull();
    expect(s.over).toBe(false);
    expect(s.warnings).toEqual([]);
    expect(s.not_costed).toEqual([{ id: "e", label: "Scouts" }]);
    expect(s.standing[0]).toMatch(/No budget is chosen .* £110.00 a week \(£5,720.00 a year\)/);
    expect(s.share).toBe("Of 4 costed supports, 2 (50%) are community or universal options. 2 are free or paid in time credits, and 2 are paid support.");
    expect(s.quadrants.map((q) => [q.quadrant, q.lines, q.free_lines, q.weekly_pence])).toEqual([
      ["community", 1, 1, 0],
      ["universal", 1, 1, 0],
      ["individual", 2, 0, 11000],
    ]);
  });

  it("against a number: over, with warnings per stream", () => {
    // The child seed with some need everywhere: £2,000 a year, all children's social care… and others.
    const e = estimate(SEED_CHILD, "child-1", answersAll(SEED_CHILD, "some"));
    expect(e.indicative_budget.per_year_pence).not.toBeNull();
    const s = summarisePlanCosts(items, asBudget(e));
    expect(s.budget).toMatchObject({ id: "b1", name: "Sam's short breaks", tier: e.tier, per_year_pence: e.indicative_budget.per_year_pence });
    expect(s.over).toBe(s.yearly_pence > e.indicative_budget.per_year_pence!);
    expect(s.remaining_yearly_pence).toBe(e.indicative_budget.per_year_pence! - s.yearly_pence);
    expect(s.standing[0]).toMatch(/against the indicative budget “Sam's short breaks” of £/);
    expect(s.warnings[0]).toMatch(/more than the indicative budget/);
  });

  it("under a number: says how much is not planned yet", () => {
    const e = estimate(SEED_CHILD, "child-1", answersAll(SEED_CHILD, "lots"));
    const small = summarisePlanCosts(items.slice(0, 1), asBudget(e));
    expect(small.over).toBe(false);
    expect(small.warnings).toEqual([]);
    expect(small.standing[1]).toMatch(/a year of the budget is not planned yet/);
  });

  it("a panel review (no number) is said honestly: no comparison, no warnings, the plan goes to the panel", () => {
    const e = estimate(SEED_ADULT, "adult-1", answersAll(SEED_ADULT, "exceptional"));
    expect(e.tier).toBe("panel_review");
    const s = summarisePlanCosts(items, asBudget(e, "Dad's budget"));
    expect(s.panel_review).toBe(true);
    expect(s.budget_yearly_pence).toBeNull();
    expect(s.remaining_yearly_pence).toBeNull();
    expect(s.over).toBe(false);
    expect(s.warnings).toEqual([]);
    expect(s.streams.every((x) => x.budget_pence === null && !x.over)).toBe(true);
    expect(s.standing.join(" ")).toMatch(/needs a costed plan and a panel review, so the calculator gives no number .* what the panel will look at/);
    // costPlan on its own gives no stream a number under a panel review either.
    // (not even a stream the adult questionnaire never gives a share, such as education).
    expect(e.streams.some((x) => x.stream === "education_high_needs")).toBe(false);
    const t = costPlan([{ id: "x", label: "x", quadrant: "individual", cost_type: "per_week", unit_pence: 100, quantity_hundredths: 100, stream: "education_high_needs" }], e);
    expect(t.streams.find((x) => x.stream === "education_high_needs")).toMatchObject({ yearly_pence: 5200, budget_pence: null, over: false });
    expect(t.streams.every((x) => x.budget_pence === null)).toBe(true);
    expect(t.warnings).toEqual([]);
  });

  it("below the threshold: no personal budget, community and universal first", () => {
    const e = estimate(SEED_CHILD, "child-1", answersAll(SEED_CHILD, "none"));
    expect(e.tier).toBe("community_and_universal");
    const s = summarisePlanCosts(items, asBudget(e));
    expect(s.standing[0]).toMatch(/did not add up to a personal budget/);
    expect(s.standing[1]).toMatch(/would need to be agreed another way/);
  });

  it("a stream the budget gives no share is named as such", () => {
    const e = estimate(SEED_CHILD, "child-1", answersAll(SEED_CHILD, "some"));
    const t = costPlan([{ id: "x", label: "Job coach", quadrant: "individual", cost_type: "per_week", unit_pence: 100, quantity_hundredths: 100, stream: "access_to_work" }], e);
    expect(t.warnings.some((w) => /Access to Work: .* but this budget has no share for this stream/.test(w))).toBe(true);
  });
});

describe("the plan's history in plain words", () => {
  it("says what changed", () => {
    expect(memberAddedText({ name: "Maya", relationship: "daughter", age: 9 })).toBe("Added Maya (daughter, 9) to the household.");
    expect(memberAddedText({ name: "Gran", relationship: null, age: null })).toBe("Added Gran to the household.");
    expect(outcomeAddedText({ statement: "Sleeping through the night", domain: "be_healthy", priority: 1, member: "Maya" })).toBe(
      "Added the outcome “Sleeping through the night” for Maya (Be healthy, priority 1).",
    );
    expect(outcomeRemovedText("Getting out")).toBe("Removed the outcome “Getting out”.");
    expect(itemAddedText({ name: "Sale Leisure Centre", outcome: "Getting out", who: "Dad" })).toBe("Added Sale Leisure Centre to the plan for “Getting out”; who: Dad.");
    expect(itemAddedText({ name: "Personal assistant", own: true, cost: "£14.00 an hour" })).toBe("Added Personal assistant (not a directory listing) to the plan; cost: £14.00 an hour.");
    expect(itemStatusText("Choir", "planned", "working")).toBe("Choir: “Planned” → “Working well”.");
    expect(itemStatusText("Choir", "working", "working")).toBeNull();
    const b = { name: "Sam's short breaks", tier: "personal_budget" as const, per_year_pence: 400000, ras_version: "child-1" };
    expect(budgetChosenText(null, b)).toBe("Chose the budget “Sam's short breaks” (£4,000.00 a year, child-1) to measure the plan against.");
    expect(budgetChosenText(b, { ...b, name: "Panel", tier: "panel_review", per_year_pence: null })).toBe(
      "Chose the budget “Panel” (a panel review, no number, child-1) to measure the plan against instead of “Sam's short breaks”.",
    );
    expect(budgetChosenText(b, null)).toBe("Stopped measuring the plan against the budget “Sam's short breaks”.");
    expect(budgetChosenText(null, null)).toBeNull();
  });
});
