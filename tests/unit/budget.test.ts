// The budget calculator's rules (app/core/budget): examples and properties (fast-check).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ANSWERS,
  INFORMAL_LEVELS,
  SEED_ADULT,
  SEED_CHILD,
  agree,
  agreedMoney,
  applyConfigForm,
  costPlan,
  estimate,
  formatPence,
  parseHundredths,
  parsePlanForm,
  parsePounds,
  splitByPoints,
  validateConfig,
  validateEstimateInput,
  validatePlanLine,
  type PlanLine,
  weeklyPence,
  type Answer,
  type EstimateInput,
  type InformalLevel,
  type RasConfig,
} from "../../app/core/budget";
import { ADULT_OUTCOME_DOMAINS, CHILD_OUTCOME_DOMAINS } from "../../app/core/taxonomy";

const RUNS = { numRuns: 300 };

function inputArb(config: RasConfig): fc.Arbitrary<EstimateInput> {
  const answers = fc.record(Object.fromEntries(config.questions.map((q) => [q.id, fc.constantFrom(...ANSWERS)])) as Record<string, fc.Arbitrary<Answer>>);
  const informal = fc.record(
    Object.fromEntries(config.questions.filter((q) => q.informal_support).map((q) => [q.id, fc.constantFrom(...INFORMAL_LEVELS)])) as Record<string, fc.Arbitrary<InformalLevel>>,
  );
  return fc.record({ answers, informal_support: informal }).map((x) => ({ questionnaire: config.questionnaire, ...x }));
}

/** Valid configurations built from a seed with random points, thresholds and conversion. */
function configArb(base: RasConfig): fc.Arbitrary<RasConfig> {
  const pointsArb = fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 4, maxLength: 4 }).map((xs) => xs.sort((a, b) => a - b));
  return fc
    .record({
      points: fc.array(pointsArb, { minLength: base.questions.length, maxLength: base.questions.length }),
      some: fc.integer({ min: 0, max: 100 }),
      mostDelta: fc.integer({ min: 0, max: 100 }),
      threshold: fc.integer({ min: 0, max: 20 }),
      earlyWidth: fc.integer({ min: 0, max: 20 }),
      panelGap: fc.integer({ min: 1, max: 150 }),
      earlyPence: fc.integer({ min: 0, max: 100_000 }),
      usePrice: fc.boolean(),
      ppp: fc.integer({ min: 0, max: 100_000 }),
      bandSteps: fc.array(fc.record({ gap: fc.integer({ min: 1, max: 15 }), rise: fc.integer({ min: 0, max: 500_000 }) }), { minLength: 0, maxLength: 6 }),
    })
    .map((r) => {
      const c: RasConfig = structuredClone(base);
      c.questions.forEach((q, i) => {
        const [a, b, d, e] = r.points[i];
        q.points = { none: a, some: b, lots: d, exceptional: e };
      });
      c.informal_percent = { none: 100, some: r.some, most: Math.max(0, r.some - r.mostDelta) };
      c.threshold_points = r.threshold;
      c.early_help = { max_points: r.threshold + r.earlyWidth, per_year_pence: r.earlyPence };
      c.panel_points = c.early_help.max_points + r.panelGap;
      if (r.usePrice) {
        const min = Math.ceil(r.earlyPence / Math.max(1, c.early_help.max_points));
        c.conversion = { method: "price_per_point", pence_per_point: c.early_help.max_points === 0 ? r.ppp : Math.max(min, r.ppp) };
      } else {
        let pts = c.early_help.max_points;
        let money = r.earlyPence;
        const bands = [{ min_points: pts, per_year_pence: money }];
        for (const s of r.bandSteps) {
          pts += s.gap;
          money += s.rise;
          bands.push({ min_points: pts, per_year_pence: money });
        }
        c.conversion = { method: "bands", bands };
      }
      return c;
    })
    .filter((c) => Object.keys(validateConfig(c)).length === 0);
}

/** Money as a number that orders the tiers: a panel review counts as more than any number. */
const rank = (e: { indicative_budget: { per_year_pence: number | null } }) => e.indicative_budget.per_year_pence ?? Number.POSITIVE_INFINITY;

const allAnswers = (c: RasConfig, a: Answer): EstimateInput => ({
  questionnaire: c.questionnaire,
  answers: Object.fromEntries(c.questions.map((q) => [q.id, a])),
  informal_support: Object.fromEntries(c.questions.filter((q) => q.informal_support).map((q) => [q.id, "none" as InformalLevel])),
});

describe("the seed questionnaires", () => {
  it("are valid versions", () => {
    expect(validateConfig(SEED_ADULT)).toEqual({});
    expect(validateConfig(SEED_CHILD)).toEqual({});
  });
  it("ask about the ten Care Act outcomes (adult) and the five Every Child Matters outcomes plus family and carers (child)", () => {
    const adult = SEED_ADULT.questions.filter((q) => q.section === "outcomes").map((q) => q.outcome);
    expect(adult.sort()).toEqual([...ADULT_OUTCOME_DOMAINS].sort());
    const child = SEED_CHILD.questions.filter((q) => q.section === "outcomes").map((q) => q.outcome);
    expect(child.sort()).toEqual([...CHILD_OUTCOME_DOMAINS].sort());
    expect(SEED_CHILD.questions.some((q) => q.section === "family")).toBe(true);
    for (const c of [SEED_ADULT, SEED_CHILD]) {
      const carer = c.questions.filter((q) => q.section === "carer");
      expect(carer.length).toBeGreaterThan(0);
      // Carers' own needs are asked separately and never reduced by informal support.
      expect(carer.every((q) => !q.informal_support)).toBe(true);
      expect(c.note).toMatch(/examples/);
    }
  });
  it("say they are illustrative", () => {
    expect(estimate(SEED_ADULT, "adult-1", allAnswers(SEED_ADULT, "some")).explanation[0]).toMatch(/not a council's real figures/);
  });
});

describe("estimate (examples)", () => {
  it("no need: no budget, community and universal first", () => {
    const e = estimate(SEED_ADULT, "adult-1", allAnswers(SEED_ADULT, "none"));
    expect(e.points).toBe(0);
    expect(e.tier).toBe("community_and_universal");
    expect(e.indicative_budget).toEqual({ per_year_pence: 0, per_week_pence: 0 });
    expect(e.explanation.join(" ")).toMatch(/Community groups and services for everyone come first/);
  });
  it("adult, some help everywhere: price per point", () => {
    const e = estimate(SEED_ADULT, "adult-1", allAnswers(SEED_ADULT, "some"));
    // 4+4+4+2+4+2+3+3+3+3 + carer 2 = 34 points × £300
    expect(e.points).toBe(34);
    expect(e.tier).toBe("personal_budget");
    expect(e.indicative_budget.per_year_pence).toBe(34 * 30_000);
    expect(e.indicative_budget.per_week_pence).toBe(Math.round((34 * 30_000) / 52));
    expect(e.conversion.text).toBe("Each point is worth £300.00 a year.");
  });
  it("early help: a small fixed amount", () => {
    const input = allAnswers(SEED_ADULT, "none");
    input.answers.nutrition = "lots"; // 8 points
    const e = estimate(SEED_ADULT, "adult-1", input);
    expect(e.tier).toBe("early_help");
    expect(e.indicative_budget.per_year_pence).toBe(50_000);
  });
  it("exceptional everywhere: a costed plan and a panel review, not a number", () => {
    const e = estimate(SEED_ADULT, "adult-1", allAnswers(SEED_ADULT, "exceptional"));
    expect(e.tier).toBe("panel_review");
    expect(e.indicative_budget).toEqual({ per_year_pence: null, per_week_pence: null });
    expect(e.streams.every((s) => s.per_year_pence === null)).toBe(true);
    expect(e.explanation.join(" ")).toMatch(/panel review/);
  });
  it("child: band table, and informal support is shown as an adjustment", () => {
    const input = allAnswers(SEED_CHILD, "lots");
    input.informal_support.stay_safe = "most";
    const e = estimate(SEED_CHILD, "child-1", input);
    const line = e.breakdown.find((l) => l.question === "stay_safe")!;
    expect(line).toMatchObject({ answer: "lots", answer_points: 6, informal_support: "most", informal_percent: 50, points: 3 });
    expect(e.adjustments.find((a) => a.kind === "informal_support")).toMatchObject({ question: "stay_safe", points: -3 });
    // 6+6+6+4+4+6+4+4 = 40, minus 3 = 37 points → the 30-point band, £7,000
    expect(e.points).toBe(37);
    expect(e.indicative_budget.per_year_pence).toBe(700_000);
    expect(e.conversion.method).toBe("bands");
    expect(e.easy_read.join(" ")).toMatch(/not a promise/);
  });
  it("each stream's share, with its rules in plain words", () => {
    const e = estimate(SEED_CHILD, "child-1", allAnswers(SEED_CHILD, "some"));
    expect(e.streams.map((s) => s.stream).sort()).toEqual(["children_social_care", "disabled_facilities_grant", "education_high_needs", "nhs_health"]);
    for (const s of e.streams) expect(s.rules.length).toBeGreaterThan(40);
  });
});

describe("estimate input checks", () => {
  const good = () => ({ questionnaire: "adult", answers: allAnswers(SEED_ADULT, "some").answers });
  it("accepts a complete set of answers (informal support defaults to none, shown)", () => {
    const r = validateEstimateInput(SEED_ADULT, good());
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.input.informal_support.nutrition).toBe("none");
  });
  it("names unknown question ids, missing answers and unknown answer values", () => {
    const body = good();
    delete (body.answers as Record<string, string>).nutrition;
    (body.answers as Record<string, string>).flying = "some";
    (body.answers as Record<string, string>).relationships = "loads";
    const r = validateEstimateInput(SEED_ADULT, { ...body, informal_support: { carer_own_needs: "some", toilet_needs: "all" } });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.fields).toEqual({
        "answers.nutrition": "is missing",
        "answers.flying": "is not a question in this version",
        "answers.relationships": "must be none, some, lots or exceptional",
        "informal_support.carer_own_needs": "is not asked for this question",
        "informal_support.toilet_needs": "must be none, some or most",
      });
  });
  it("names a wrong questionnaire and a body that is not an object", () => {
    expect(validateEstimateInput(SEED_ADULT, { ...good(), questionnaire: "child" })).toMatchObject({ ok: false, fields: { questionnaire: expect.any(String) } });
    expect(validateEstimateInput(SEED_ADULT, [])).toMatchObject({ ok: false, fields: { body: expect.any(String) } });
    expect(validateEstimateInput(SEED_ADULT, { questionnaire: "adult" })).toMatchObject({ ok: false, fields: { answers: expect.any(String) } });
  });
});

describe("version configuration", () => {
  it("refuses points that go down as need goes up, and negative rates", () => {
    const c = structuredClone(SEED_ADULT);
    c.questions[0].points.lots = 2;
    (c.conversion as { pence_per_point: number }).pence_per_point = -5;
    const f = validateConfig(c);
    expect(f["points.nutrition.lots"]).toMatch(/not be lower/);
    expect(f.pence_per_point).toMatch(/0 or more/);
  });
  it("refuses an early-help amount above the first budget (more need would give less money)", () => {
    const c = structuredClone(SEED_ADULT);
    c.early_help.per_year_pence = 15 * 30_000 + 1;
    expect(validateConfig(c)["early_help.per_year"]).toMatch(/less money/);
  });
  it("applies an admin's form: pounds to pence, bands, and names bad fields", () => {
    const r = applyConfigForm(SEED_CHILD, { "points.stay_safe.some": "4", "band.0.min_points": "12", "band.0.per_year": "2,500.50", "band.1.min_points": "", "band.1.per_year": "" });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.config.questions[0].points.some).toBe(4);
      expect(r.config.conversion).toEqual({ method: "bands", bands: [{ min_points: 12, per_year_pence: 250_050 }] });
    }
    const bad = applyConfigForm(SEED_ADULT, { pence_per_point: "-3", threshold_points: "-1", "points.nutrition.some": "x" });
    expect(bad).toEqual({
      ok: false,
      fields: { pence_per_point: "must not be negative", threshold_points: "must not be negative", "points.nutrition.some": "must be a whole number" },
    });
    expect(applyConfigForm(SEED_ADULT, { conversion_method: "magic" })).toMatchObject({ ok: false, fields: { conversion_method: expect.any(String) } });
  });
  it("does not change the configuration it was given", () => {
    const before = JSON.stringify(SEED_ADULT);
    applyConfigForm(SEED_ADULT, { "points.nutrition.some": "5" });
    expect(JSON.stringify(SEED_ADULT)).toBe(before);
  });
});

describe("money", () => {
  it("formats and parses pounds without floating point", () => {
    expect(formatPence(123456)).toBe("£1,234.56");
    expect(formatPence(200000, { whole: true })).toBe("£2,000");
    expect(parsePounds("£1,234.5")).toBe(123450);
    expect(parsePounds("0.07")).toBe(7);
    expect(parsePounds("12.345")).toBeNull();
    expect(parsePounds("-1")).toBeNull();
  });
  it("reads a decimal comma as pence, and thousands commas as thousands (issue 16, defect 12)", () => {
    expect(parsePounds("12,50")).toBe(1250);
    expect(parsePounds("£12,50")).toBe(1250);
    expect(parsePounds("0,07")).toBe(7);
    expect(parsePounds("1,250")).toBe(125000);
    expect(parsePounds("1,250.00")).toBe(125000);
    expect(parsePounds("£1,234,567.89")).toBe(123456789);
    for (const unclear of ["12,5", "1,2,3", "1.250,50", "12,500,5", ",50", "1,25,0"]) expect(parsePounds(unclear), unclear).toBeNull();
  });
  it("splits an amount between streams exactly", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 6 }), (total, pts) => {
        const parts = pts.map((p, i) => ({ key: (["adult_social_care", "children_social_care", "nhs_health", "education_high_needs", "disabled_facilities_grant", "access_to_work"] as const)[i], points: p }));
        const m = splitByPoints(total, parts);
        const sum = [...m.values()].reduce((s, v) => s + v, 0);
        expect(sum).toBe(pts.some((p) => p > 0) ? total : 0);
        for (const v of m.values()) expect(Number.isInteger(v) && v >= 0).toBe(true);
      }),
      RUNS,
    );
  });
});

describe("properties of every valid version", () => {
  for (const base of [SEED_ADULT, SEED_CHILD]) {
    const name = base.questionnaire;
    it(`${name}: deterministic — the same answers and version give the same result, for everyone`, () => {
      fc.assert(
        fc.property(configArb(base), inputArb(base), (c, input) => {
          const a = estimate(c, "v", input);
          const b = estimate(structuredClone(c), "v", structuredClone(input));
          expect(b).toEqual(a);
          // The order answers were given in does not matter.
          const reordered = { ...input, answers: Object.fromEntries(Object.entries(input.answers).reverse()) };
          expect(estimate(c, "v", reordered)).toEqual(a);
        }),
        RUNS,
      );
    });
    it(`${name}: the breakdown adds up to the total, and the streams to the budget`, () => {
      fc.assert(
        fc.property(configArb(base), inputArb(base), (c, input) => {
          const e = estimate(c, "v", input);
          expect(e.breakdown.reduce((s, l) => s + l.points, 0)).toBe(e.points);
          expect(e.streams.reduce((s, l) => s + l.points, 0)).toBe(e.points);
          if (e.indicative_budget.per_year_pence !== null && e.points > 0) {
            expect(e.streams.reduce((s, l) => s + (l.per_year_pence ?? 0), 0)).toBe(e.indicative_budget.per_year_pence);
          }
        }),
        RUNS,
      );
    });
    it(`${name}: money is always whole pence`, () => {
      fc.assert(
        fc.property(configArb(base), inputArb(base), (c, input) => {
          const e = estimate(c, "v", input);
          for (const v of [e.indicative_budget.per_year_pence, e.indicative_budget.per_week_pence, ...e.streams.map((s) => s.per_year_pence)]) {
            if (v !== null) expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
          }
          expect(Number.isSafeInteger(e.points)).toBe(true);
        }),
        RUNS,
      );
    });
    it(`${name}: raising any one answer never lowers the budget (monotonic)`, () => {
      fc.assert(
        fc.property(configArb(base), inputArb(base), fc.nat(), (c, input, pick) => {
          const q = c.questions[pick % c.questions.length];
          const i = ANSWERS.indexOf(input.answers[q.id]);
          fc.pre(i < ANSWERS.length - 1);
          const higher = { ...input, answers: { ...input.answers, [q.id]: ANSWERS[i + 1] } };
          const before = estimate(c, "v", input);
          const after = estimate(c, "v", higher);
          expect(after.points).toBeGreaterThanOrEqual(before.points);
          expect(rank(after)).toBeGreaterThanOrEqual(rank(before));
        }),
        RUNS,
      );
    });
    it(`${name}: a change of version never changes a budget already agreed`, () => {
      fc.assert(
        fc.property(configArb(base), configArb(base), inputArb(base), (v1, v2, input) => {
          const agreed = agree(estimate(v1, "v1", input), input, "2026-11-23T12:00:00Z");
          const money = agreedMoney(agreed);
          // A new version is published and people are estimated under it…
          estimate(v2, "v2", input);
          // …the agreed budget still says what was agreed, and re-working it under its own
          // (immutable) version gives the same money.
          expect(agreedMoney(agreed)).toEqual(money);
          expect(agreed.version_id).toBe("v1");
          expect(estimate(v1, "v1", agreed.input).indicative_budget).toEqual(money);
        }),
        { numRuns: 100 },
      );
    });
  }
});

describe("costed plan", () => {
  it("costs per hour, per session, per week, personal assistant, free and time credits", () => {
    const lines = [
      { label: "Swimming lessons", quadrant: "individual", cost_type: "per_session", unit_pence: 1250, quantity_hundredths: 100, stream: "children_social_care" },
      { label: "Personal assistant", quadrant: "individual", cost_type: "personal_assistant", unit_pence: 1500, quantity_hundredths: 650, stream: "children_social_care" },
      { label: "Micro-enterprise days out", quadrant: "individual", cost_type: "per_week", unit_pence: 4000, stream: "education_high_needs" },
      { label: "Respite by the hour", quadrant: "targeted", cost_type: "per_hour", unit_pence: 2000, quantity_hundredths: 150, stream: "nhs_health" },
      { label: "Library rhyme time", quadrant: "universal", cost_type: "free" },
      { label: "Community garden", quadrant: "community", cost_type: "time_credits", quantity_hundredths: 200 },
    ].map((l, i) => {
      const r = validatePlanLine(l, `lines.${i}.`);
      if (!r.ok) throw new Error(JSON.stringify(r.fields));
      return r.line;
    });
    expect(lines.map(weeklyPence)).toEqual([1250, 9750, 4000, 3000, 0, 0]);
    const e = estimate(SEED_CHILD, "child-1", allAnswers(SEED_CHILD, "some"));
    const t = costPlan(lines, e);
    expect(t.weekly_pence).toBe(18000);
    expect(t.yearly_pence).toBe(18000 * 52);
    expect(t.free_lines).toBe(2);
    expect(t.paid_lines).toBe(4);
    expect(t.community_universal_percent).toBe(33);
    expect(t.time_credits_per_week_hundredths).toBe(200);
    // Budget: 19 points → the 12-point band, £2,000 a year; the plan costs £9,360: over.
    expect(t.over).toBe(true);
    expect(t.warnings[0]).toMatch(/more than the indicative budget/);
    expect(t.streams.find((s) => s.stream === "children_social_care")!.over).toBe(true);
  });
  it("a line with no cost type, a negative price or no stream is refused with the field named", () => {
    expect(validatePlanLine({ label: "Cinema" }, "lines.0.")).toMatchObject({ ok: false, fields: { "lines.0.cost_type": expect.stringMatching(/missing/) } });
    expect(validatePlanLine({ label: "Cinema", cost_type: "per_hour", unit_pence: -1, quantity_hundredths: 100, stream: "nhs_health" })).toMatchObject({
      ok: false,
      fields: { unit_pence: "must not be negative" },
    });
    expect(validatePlanLine({ label: "Cinema", cost_type: "per_hour", unit_pence: 100, quantity_hundredths: 100 })).toMatchObject({ ok: false, fields: { stream: expect.any(String) } });
  });
  it("money and quantities are capped, so totals stay exact (issue 16, defect 12)", () => {
    const line = { label: "PA", cost_type: "personal_assistant", stream: "nhs_health" };
    expect(validatePlanLine({ ...line, unit_pence: 2 ** 53 - 1, quantity_hundredths: 100 }, "lines.0.")).toMatchObject({
      ok: false,
      fields: { "lines.0.unit_pence": expect.stringMatching(/at most 10000000 pence \(£100,000\)/) },
    });
    expect(validatePlanLine({ ...line, unit_pence: 1500, quantity_hundredths: 16_801 })).toMatchObject({ ok: false, fields: { quantity_hundredths: expect.stringMatching(/168 a week/) } });
    expect(validatePlanLine({ label: "TC", cost_type: "time_credits", quantity_hundredths: 2 ** 40 })).toMatchObject({ ok: false, fields: { quantity_hundredths: expect.any(String) } });
    // The most the caps allow, on 200 lines: still exact.
    const most = validatePlanLine({ ...line, unit_pence: 10_000_000, quantity_hundredths: 16_800 });
    expect(most.ok).toBe(true);
    const lines = Array.from({ length: 200 }, (_, i) => ({ ...(most as { line: PlanLine }).line, id: `l${i}` }));
    const t = costPlan(lines, null);
    expect(Number.isSafeInteger(t.yearly_pence)).toBe(true);
    expect(t.weekly_pence).toBe(200 * 1_680_000_000);
  });
  it("totals are whole pence and add up (property)", () => {
    const lineArb = fc.record({
      label: fc.constant("x"),
      quadrant: fc.constantFrom("community", "universal", "individual", "targeted"),
      cost_type: fc.constantFrom("per_hour", "per_session", "per_week", "personal_assistant", "free", "time_credits"),
      unit_pence: fc.integer({ min: 0, max: 100_000 }),
      quantity_hundredths: fc.integer({ min: 0, max: 10_000 }),
      stream: fc.constantFrom("adult_social_care", "nhs_health"),
    });
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 12 }), (raw) => {
        const lines = raw.map((l) => {
          const r = validatePlanLine(l);
          if (!r.ok) throw new Error(JSON.stringify(r.fields));
          return r.line;
        });
        const t = costPlan(lines, null);
        expect(t.lines.reduce((s, l) => s + l.weekly_pence, 0)).toBe(t.weekly_pence);
        expect(t.streams.reduce((s, l) => s + l.yearly_pence, 0)).toBe(t.yearly_pence);
        expect(Number.isSafeInteger(t.yearly_pence)).toBe(true);
        expect(t.over).toBe(false);
      }),
      RUNS,
    );
  });
});

describe("the cost-your-supports form", () => {
  it("reads rows in pounds and hours, skips empty rows, and names bad fields", () => {
    expect(parseHundredths("1.5")).toBe(150);
    expect(parseHundredths("2")).toBe(200);
    expect(parseHundredths("-1")).toBeNull();
    const r = parsePlanForm({
      "line.0.label": "Swimming",
      "line.0.cost_type": "per_session",
      "line.0.price": "12.50",
      "line.0.quantity": "1",
      "line.0.stream": "children_social_care",
      "line.1.label": "",
      "line.2.label": "Library",
      "line.2.cost_type": "free",
      "line.2.quadrant": "universal",
      "line.3.label": "Cinema",
      "line.3.cost_type": "",
      "line.4.label": "PA",
      "line.4.cost_type": "personal_assistant",
      "line.4.price": "-15",
      "line.4.quantity": "6.5",
      "line.5.label": "Club",
      "line.5.cost_type": "per_week",
      "line.5.price": "10",
      "line.5.stream": "nowhere",
    });
    expect(r.lines.map((l) => [l.label, l.cost_type, l.unit_pence, l.quantity_hundredths])).toEqual([
      ["Swimming", "per_session", 1250, 100],
      ["Library", "free", 0, 0],
    ]);
    expect(r.fields).toEqual({
      "line.3.cost_type": expect.stringMatching(/missing/),
      "line.4.price": "must not be negative",
      "line.5.stream": expect.any(String),
    });
  });
});
