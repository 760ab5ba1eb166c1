// The costed plan on a plan page (issue 5): each plan item's cost as typed into its small form,
// the cost in plain words, and the plan's totals against one of the person's saved budgets —
// honest when that budget is a panel review (no number). Pure; money in integer pence,
// quantities in hundredths a week. The arithmetic is costPlan's (costing.ts).
import { COST_TYPES, COST_TYPE_LABELS, MAX_PRICE_PENCE, MAX_QUANTITY_HUNDREDTHS, costPlan, parseHundredths, validatePlanLine, weeklyPence, type CostType, type PlanLine, type PlanTotals, type SupportQuadrant } from "./costing";
import { STREAM_INFO, formatPence, parsePounds } from "./labels";
import { STREAMS, type Estimate, type Stream, type Tier } from "./types";
import { WEEKS_PER_YEAR } from "./estimate";

/** What a plan item keeps about its cost (plan_items.cost, JSON). */
export interface ItemCost {
  cost_type: CostType;
  /** Price per hour, session or week in pence; 0 for free and time credits. */
  unit_pence: number;
  /** Units a week in hundredths (150 = 1.5 hours); 0 for free lines. */
  quantity_hundredths: number;
  /** The funding stream that pays; null for free and time-credit lines. */
  stream: Stream | null;
  /** Which of the four quadrants of support it belongs to. */
  quadrant: SupportQuadrant;
}

export const SUPPORT_QUADRANTS: readonly SupportQuadrant[] = ["community", "universal", "individual", "targeted"];

export const QUADRANT_LABELS: Record<SupportQuadrant, string> = {
  community: "Community (groups, neighbours, time credits)",
  universal: "Universal (services for everyone)",
  individual: "Individual (paid support, micro-enterprise, personal assistant)",
  targeted: "Targeted (specialist service)",
};

export const COST_FIELDS = ["label", "quadrant", "cost_type", "price", "quantity", "stream"] as const;
export type CostField = (typeof COST_FIELDS)[number];

/** The form's labels, also used to name a field in the error summary. */
export const COST_FIELD_LABELS: Record<CostField, string> = {
  label: "What the support is",
  quadrant: "Kind of support",
  cost_type: "How it is paid",
  price: "Price in pounds (an hour, a session or a week)",
  quantity: "How many a week (hours, sessions or time credits)",
  stream: "Paid from (funding stream)",
};

export type CostForm = Partial<Record<CostField, string>>;

const isPaid = (t: CostType) => t !== "free" && t !== "time_credits";

/** 150 → "1.5", 200 → "2", 125 → "1.25". */
export function formatHundredths(h: number): string {
  const whole = Math.floor(h / 100);
  const rest = h % 100;
  if (rest === 0) return String(whole);
  return `${whole}.${String(rest).padStart(2, "0").replace(/0$/, "")}`;
}

/** 1250 → "12.50" (for a form field: no £, no commas). */
export function penceToPoundsText(pence: number): string {
  return `${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, "0")}`;
}

/**
 * Read one item's cost form (cost type, price in pounds, how many a week, funding stream, kind
 * of support; and the name, for a line that is not a directory listing). Field names in the
 * errors are `${prefix}<field>`. A paid line needs a price, a quantity (a weekly price defaults
 * to 1) and a stream; a free line needs nothing more; time credits need how many a week.
 */
export function parseItemCostForm(
  form: CostForm,
  opts: { label?: string; defaultQuadrant: SupportQuadrant; prefix?: string; requireLabel?: boolean },
): { ok: true; label: string; cost: ItemCost } | { ok: false; fields: Record<string, string> } {
  const p = opts.prefix ?? "";
  const fields: Record<string, string> = {};
  const get = (k: CostField) => (form[k] ?? "").trim();

  let label = (opts.label ?? "").trim();
  if (opts.requireLabel) {
    label = get("label");
    if (!label) fields[`${p}label`] = "is missing: say what the support is, for example “Personal assistant”";
    else if (label.length > 200) fields[`${p}label`] = "must be 200 characters or fewer";
  }
  const quadrant = (get("quadrant") || opts.defaultQuadrant) as SupportQuadrant;
  if (!SUPPORT_QUADRANTS.includes(quadrant)) fields[`${p}quadrant`] = "must be community, universal, individual or targeted";

  const typeText = get("cost_type");
  const known = (COST_TYPES as readonly string[]).includes(typeText);
  if (!typeText) fields[`${p}cost_type`] = "is missing: choose how this support is paid for (or free, or time credits)";
  else if (!known) fields[`${p}cost_type`] = `must be one of: ${COST_TYPES.map((c) => COST_TYPE_LABELS[c]).join(", ")}`;
  const costType = typeText as CostType;

  const streamText = get("stream");
  if (streamText && !(STREAMS as readonly string[]).includes(streamText)) fields[`${p}stream`] = "is not a funding stream: choose one from the list";

  let unit = 0;
  let qty = 0;
  if (known && isPaid(costType)) {
    const price = get("price");
    if (!price) fields[`${p}price`] = "is missing: enter the price in pounds, like 12.50";
    else if (price.startsWith("-")) fields[`${p}price`] = "must not be negative";
    else {
      const v = parsePounds(price);
      if (v === null) fields[`${p}price`] = "must be an amount in pounds, like 12.50";
      else if (v > MAX_PRICE_PENCE) fields[`${p}price`] = `must be ${formatPence(MAX_PRICE_PENCE, { whole: true })} or less`;
      else unit = v;
    }
    if (!streamText) fields[`${p}stream`] ??= "is missing: choose the funding stream that pays for it";
  }
  if (known && (isPaid(costType) || costType === "time_credits")) {
    const q = get("quantity") || (costType === "per_week" ? "1" : "");
    if (!q) fields[`${p}quantity`] = "is missing: say how many a week, like 2 or 1.5";
    else if (q.startsWith("-")) fields[`${p}quantity`] = "must not be negative";
    else {
      const h = parseHundredths(q);
      if (h === null) fields[`${p}quantity`] = "must be a number a week, like 2 or 1.5";
      else if (h > MAX_QUANTITY_HUNDREDTHS) fields[`${p}quantity`] = `must be ${formatHundredths(MAX_QUANTITY_HUNDREDTHS)} or fewer a week`;
      else qty = h;
    }
  }
  if (Object.keys(fields).length) return { ok: false, fields };

  // The same rules as POST /api/budget/costs, as a last check.
  const r = validatePlanLine(
    { label, quadrant, cost_type: costType, unit_pence: unit, quantity_hundredths: qty, stream: isPaid(costType) ? streamText : undefined },
    p,
  );
  if (!r.ok) {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.fields)) out[k.replace(/unit_pence$/, "price").replace(/quantity_hundredths$/, "quantity")] = v;
    return { ok: false, fields: out };
  }
  return { ok: true, label, cost: { cost_type: costType, unit_pence: r.line.unit_pence, quantity_hundredths: r.line.quantity_hundredths, stream: r.line.stream, quadrant } };
}

/** A stored cost (JSON) back as an ItemCost; null when it is missing or not a valid cost. */
export function readItemCost(text: string | null | undefined): ItemCost | null {
  if (!text) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const r = validatePlanLine({ ...(raw as object), label: "stored" });
  if (!r.ok) return null;
  const { cost_type, unit_pence, quantity_hundredths, stream, quadrant } = r.line;
  return { cost_type, unit_pence, quantity_hundredths, stream, quadrant };
}

/** The form's starting values for an item: its cost, or empty with the quadrant from its kind. */
export function costFormValues(cost: ItemCost | null, defaultQuadrant: SupportQuadrant): CostForm {
  if (!cost) return { quadrant: defaultQuadrant, cost_type: "", price: "", quantity: "", stream: "" };
  return {
    quadrant: cost.quadrant,
    cost_type: cost.cost_type,
    price: isPaid(cost.cost_type) ? penceToPoundsText(cost.unit_pence) : "",
    quantity: cost.cost_type === "free" ? "" : formatHundredths(cost.quantity_hundredths),
    stream: cost.stream ?? "",
  };
}

const plural = (h: number, one: string, many: string) => (h === 100 ? one : many);

/** The cost in plain words: "£14.00 an hour, 10 hours a week: £140.00 a week, paid from Adult social care". */
export function describeCost(c: ItemCost): string {
  const unit = formatPence(c.unit_pence);
  const q = formatHundredths(c.quantity_hundredths);
  let what: string;
  switch (c.cost_type) {
    case "free":
      return "Free";
    case "time_credits":
      return c.quantity_hundredths ? `Time credits: ${q} ${plural(c.quantity_hundredths, "credit", "credits")} a week` : "Time credits";
    case "per_hour":
      what = `${unit} an hour, ${q} ${plural(c.quantity_hundredths, "hour", "hours")} a week`;
      break;
    case "per_session":
      what = `${unit} a session, ${q} ${plural(c.quantity_hundredths, "session", "sessions")} a week`;
      break;
    case "per_week":
      what = c.quantity_hundredths === 100 ? `${unit} a week` : `${unit} a week × ${q}`;
      break;
    case "personal_assistant":
      what = `Personal assistant, ${q} ${plural(c.quantity_hundredths, "hour", "hours")} a week at ${unit} an hour`;
      break;
  }
  const weekly = weeklyPence({ ...c, id: "", label: "" });
  const total = c.cost_type === "per_week" && c.quantity_hundredths === 100 ? "" : `: ${formatPence(weekly)} a week`;
  return `${what}${total}, paid from ${c.stream ? STREAM_INFO[c.stream].label : "no stream"}`;
}

export function sameCost(a: ItemCost | null, b: ItemCost | null): boolean {
  if (!a || !b) return a === b;
  return a.cost_type === b.cost_type && a.unit_pence === b.unit_pence && a.quantity_hundredths === b.quantity_hundredths && a.stream === b.stream && a.quadrant === b.quadrant;
}

/** For the plan's history: null when nothing changed. */
export function describeCostChange(label: string, before: ItemCost | null, after: ItemCost): string | null {
  if (sameCost(before, after)) return null;
  const kind = before && before.quadrant !== after.quadrant ? `; kind of support: ${QUADRANT_LABELS[before.quadrant].split(" (")[0].toLowerCase()} → ${QUADRANT_LABELS[after.quadrant].split(" (")[0].toLowerCase()}` : "";
  return `Cost of ${label}: ${describeCost(after)}${before ? ` (was: ${describeCost(before)}${kind})` : " (was: not costed)"}.`;
}

// ------------------------------------------------------------------ the plan's totals

export interface CostItem {
  id: string;
  label: string;
  cost: ItemCost | null;
}

/** A saved budget the plan is measured against: its stored result, never a recalculation. */
export interface PlanBudget {
  id: string;
  name: string;
  result: Pick<Estimate, "indicative_budget" | "streams" | "tier" | "ras_version">;
}

export interface PlanCostSummary extends PlanTotals {
  budget: { id: string; name: string; tier: Tier; ras_version: string; per_year_pence: number | null; per_week_pence: number | null } | null;
  /** The chosen budget is "needs a costed plan and a panel review": there is no number to compare with. */
  panel_review: boolean;
  /** What is left of the budget a year (negative when over); null with no budget or a panel review. */
  remaining_yearly_pence: number | null;
  /** Items in the plan without a cost yet. */
  not_costed: { id: string; label: string }[];
  /** Lines, free lines and weekly money per quadrant of support. */
  quadrants: { quadrant: SupportQuadrant; label: string; lines: number; free_lines: number; weekly_pence: number }[];
  /** Where the plan stands against the budget, in plain words. */
  standing: string[];
  /** How much of the plan is met by community and universal options, in plain words. */
  share: string;
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function summarisePlanCosts(items: CostItem[], budget: PlanBudget | null): PlanCostSummary {
  const lines: PlanLine[] = [];
  const notCosted: { id: string; label: string }[] = [];
  for (const i of items) {
    if (i.cost) lines.push({ id: i.id, label: i.label, ...i.cost });
    else notCosted.push({ id: i.id, label: i.label });
  }
  const totals = costPlan(lines, budget ? budget.result : null);
  const money = budget?.result.indicative_budget ?? null;
  const panel = !!budget && (budget.result.tier === "panel_review" || money?.per_year_pence === null);
  const remaining = budget && money && money.per_year_pence !== null ? money.per_year_pence - totals.yearly_pence : null;

  const w = formatPence(totals.weekly_pence);
  const y = formatPence(totals.yearly_pence);
  const standing: string[] = [];
  if (!budget) {
    standing.push(`No budget is chosen for this plan yet. The paid support costs ${w} a week (${y} a year).`);
  } else if (panel) {
    standing.push(
      `The budget “${budget.name}” needs a costed plan and a panel review, so the calculator gives no number to compare with.`,
      `The paid support in this plan costs ${w} a week (${y} a year). This costed plan is what the panel will look at.`,
    );
  } else {
    const b = money!.per_year_pence!;
    if (budget.result.tier === "community_and_universal") {
      standing.push(`The answers in “${budget.name}” did not add up to a personal budget: community and universal options come first.`);
      if (totals.yearly_pence > 0) standing.push(`The paid support in this plan (${y} a year) would need to be agreed another way.`);
    } else {
      standing.push(
        `The paid support costs ${w} a week (${y} a year), against the indicative budget “${budget.name}” of ${formatPence(b)} a year (about ${formatPence(Math.round(b / WEEKS_PER_YEAR))} a week).`,
      );
      if (remaining! >= 0) standing.push(`${formatPence(remaining!)} a year of the budget is not planned yet.`);
    }
  }

  const quadrants = SUPPORT_QUADRANTS.map((q) => {
    const ls = totals.lines.filter((l) => l.quadrant === q);
    return {
      quadrant: q,
      label: QUADRANT_LABELS[q],
      lines: ls.length,
      free_lines: ls.filter((l) => !isPaid(l.cost_type)).length,
      weekly_pence: ls.reduce((s, l) => s + l.weekly_pence, 0),
    };
  }).filter((q) => q.lines > 0);

  const n = totals.lines.length;
  const cu = totals.community_universal_lines;
  const isAre = (k: number) => (k === 1 ? "is" : "are");
  const share = n
    ? `Of ${count(n, "costed support", "costed supports")}, ${cu} (${totals.community_universal_percent}%) ${cu === 1 ? "is a community or universal option" : "are community or universal options"}. ` +
      `${totals.free_lines} ${isAre(totals.free_lines)} free or paid in time credits, and ${totals.paid_lines} ${isAre(totals.paid_lines)} paid support.`
    : "No support in the plan has a cost yet.";

  return {
    ...totals,
    budget: budget
      ? { id: budget.id, name: budget.name, tier: budget.result.tier, ras_version: budget.result.ras_version, per_year_pence: money!.per_year_pence, per_week_pence: money!.per_week_pence }
      : null,
    panel_review: panel,
    remaining_yearly_pence: remaining,
    not_costed: notCosted,
    quadrants,
    standing,
    share,
  };
}
