// The costed plan: each support line has a cost (per hour, per session, per week, a personal
// assistant's hours × rate) or is free / paid in time credits. Weekly and yearly totals against
// the indicative budget, per stream, with a warning when over, and how much of the plan is met
// by community and universal options. Pure; money in integer pence, quantities in hundredths.
import { STREAM_INFO, formatPence, parsePounds } from "./labels";
import { STREAMS, type Estimate, type Stream } from "./types";
import { WEEKS_PER_YEAR } from "./estimate";

export const COST_TYPES = ["per_hour", "per_session", "per_week", "personal_assistant", "free", "time_credits"] as const;
export type CostType = (typeof COST_TYPES)[number];

export const COST_TYPE_LABELS: Record<CostType, string> = {
  per_hour: "Paid by the hour",
  per_session: "Paid by the session",
  per_week: "A weekly price",
  personal_assistant: "Personal assistant (hours × hourly rate)",
  free: "Free",
  time_credits: "Time credits",
};

export type SupportQuadrant = "community" | "universal" | "individual" | "targeted";

export interface PlanLine {
  id: string;
  label: string;
  quadrant: SupportQuadrant;
  /** The stream that pays; null for free and time-credit lines. */
  stream: Stream | null;
  cost_type: CostType;
  /** Price per unit (hour, session, week) in pence; 0 for free and time credits. */
  unit_pence: number;
  /** Units a week, in hundredths (150 = 1.5 hours a week; 50 = a session a fortnight). */
  quantity_hundredths: number;
}

/**
 * £100,000 for one hour, session or week: anything more is a typing mistake. With at most 168 a
 * week and 200 lines, every total stays far inside safe-integer pence (issue 16, defect 12).
 */
export const MAX_PRICE_PENCE = 10_000_000;
/** 168 a week: the hours in a week. */
export const MAX_QUANTITY_HUNDREDTHS = 16_800;

const TOO_MANY = `must be at most ${MAX_QUANTITY_HUNDREDTHS} hundredths (168 a week)`;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Check one line (from JSON or a form). Missing or unknown cost type, negative prices: fields named. */
export function validatePlanLine(raw: unknown, prefix = ""): { ok: true; line: PlanLine } | { ok: false; fields: Record<string, string> } {
  const f: Record<string, string> = {};
  const k = (n: string) => `${prefix}${n}`;
  if (!isObject(raw)) return { ok: false, fields: { [k("line")]: "must be an object" } };
  const label = typeof raw.label === "string" ? raw.label.trim() : "";
  if (!label) f[k("label")] = "is missing";
  else if (label.length > 200) f[k("label")] = "must be 200 characters or fewer";
  const quadrant = raw.quadrant ?? "individual";
  if (!["community", "universal", "individual", "targeted"].includes(quadrant as string)) f[k("quadrant")] = "must be community, universal, individual or targeted";
  const costType = raw.cost_type;
  if (costType === undefined || costType === null || costType === "") f[k("cost_type")] = "is missing: choose how this support is paid for (or free / time credits)";
  else if (!(COST_TYPES as readonly unknown[]).includes(costType)) f[k("cost_type")] = `must be one of ${COST_TYPES.join(", ")}`;
  const paid = costType !== "free" && costType !== "time_credits";
  let unit = 0;
  let qty = 0;
  if (paid && !f[k("cost_type")]) {
    if (!Number.isSafeInteger(raw.unit_pence)) f[k("unit_pence")] = "must be a whole number of pence";
    else if ((raw.unit_pence as number) < 0) f[k("unit_pence")] = "must not be negative";
    else if ((raw.unit_pence as number) > MAX_PRICE_PENCE) f[k("unit_pence")] = `must be at most ${MAX_PRICE_PENCE} pence (${formatPence(MAX_PRICE_PENCE, { whole: true })})`;
    else unit = raw.unit_pence as number;
    if (costType === "per_week") qty = raw.quantity_hundredths === undefined ? 100 : (raw.quantity_hundredths as number);
    else qty = raw.quantity_hundredths as number;
    if (!Number.isSafeInteger(qty)) f[k("quantity_hundredths")] = "must be a whole number of hundredths (150 = 1.5 a week)";
    else if (qty < 0) f[k("quantity_hundredths")] = "must not be negative";
    else if (qty > MAX_QUANTITY_HUNDREDTHS) f[k("quantity_hundredths")] = TOO_MANY;
  } else if (costType === "time_credits") {
    qty = Number.isSafeInteger(raw.quantity_hundredths) ? (raw.quantity_hundredths as number) : 0;
    if (qty < 0) f[k("quantity_hundredths")] = "must not be negative";
    else if (qty > MAX_QUANTITY_HUNDREDTHS) f[k("quantity_hundredths")] = TOO_MANY;
  }
  let stream: Stream | null = null;
  if (paid && !f[k("cost_type")]) {
    if (!(STREAMS as readonly unknown[]).includes(raw.stream)) f[k("stream")] = "must be a funding stream for a paid support";
    else stream = raw.stream as Stream;
  }
  if (Object.keys(f).length) return { ok: false, fields: f };
  return {
    ok: true,
    line: {
      id: typeof raw.id === "string" && raw.id ? raw.id : label,
      label,
      quadrant: quadrant as SupportQuadrant,
      stream,
      cost_type: costType as CostType,
      unit_pence: unit,
      quantity_hundredths: qty,
    },
  };
}

/** A line's cost a week in pence (rounded to the nearest penny). */
export function weeklyPence(line: PlanLine): number {
  if (line.cost_type === "free" || line.cost_type === "time_credits") return 0;
  return Math.round((line.unit_pence * line.quantity_hundredths) / 100);
}

export interface PlanTotals {
  lines: (PlanLine & { weekly_pence: number; yearly_pence: number })[];
  weekly_pence: number;
  yearly_pence: number;
  /** Per stream: planned spend against the indicative share (null share: panel review, no number). */
  streams: { stream: Stream; label: string; yearly_pence: number; budget_pence: number | null; over: boolean }[];
  budget_yearly_pence: number | null;
  over: boolean;
  warnings: string[];
  /** How the plan is met: counts of lines. */
  free_lines: number;
  paid_lines: number;
  community_universal_lines: number;
  /** Percent (whole number) of the lines met by community and universal options. */
  community_universal_percent: number;
  time_credits_per_week_hundredths: number;
}

export function costPlan(lines: PlanLine[], estimate: Pick<Estimate, "indicative_budget" | "streams"> | null): PlanTotals {
  const costed = lines.map((l) => {
    const w = weeklyPence(l);
    return { ...l, weekly_pence: w, yearly_pence: w * WEEKS_PER_YEAR };
  });
  const weekly = costed.reduce((s, l) => s + l.weekly_pence, 0);
  const yearly = weekly * WEEKS_PER_YEAR;
  const budget = estimate ? estimate.indicative_budget.per_year_pence : null;
  const byStream = new Map<Stream, number>();
  for (const l of costed) if (l.stream && l.yearly_pence > 0) byStream.set(l.stream, (byStream.get(l.stream) ?? 0) + l.yearly_pence);
  for (const s of estimate?.streams ?? []) if (!byStream.has(s.stream)) byStream.set(s.stream, 0);
  const shares = new Map((estimate?.streams ?? []).map((s) => [s.stream, s.per_year_pence]));
  const streams = STREAMS.filter((s) => byStream.has(s)).map((s) => {
    // A panel review has no number, for the whole budget and so for every stream.
    const share = estimate && budget !== null ? (shares.has(s) ? shares.get(s)! : 0) : null;
    const spent = byStream.get(s)!;
    return { stream: s, label: STREAM_INFO[s].label, yearly_pence: spent, budget_pence: share, over: share !== null && spent > share };
  });
  const over = budget !== null && yearly > budget;
  const warnings: string[] = [];
  if (over) warnings.push(`The paid support costs ${formatPence(yearly)} a year, which is ${formatPence(yearly - budget!)} more than the indicative budget of ${formatPence(budget!)}.`);
  for (const s of streams) {
    if (!s.over) continue;
    warnings.push(
      s.budget_pence === 0
        ? `${s.label}: the plan spends ${formatPence(s.yearly_pence)} a year, but this budget has no share for this stream.`
        : `${s.label}: the plan spends ${formatPence(s.yearly_pence)} a year, more than this stream's share of ${formatPence(s.budget_pence!)}.`,
    );
  }
  const free = costed.filter((l) => l.cost_type === "free" || l.cost_type === "time_credits").length;
  const cu = costed.filter((l) => l.quadrant === "community" || l.quadrant === "universal").length;
  return {
    lines: costed,
    weekly_pence: weekly,
    yearly_pence: yearly,
    streams,
    budget_yearly_pence: budget,
    over,
    warnings,
    free_lines: free,
    paid_lines: costed.length - free,
    community_universal_lines: cu,
    community_universal_percent: costed.length ? Math.round((cu * 100) / costed.length) : 0,
    time_credits_per_week_hundredths: costed.filter((l) => l.cost_type === "time_credits").reduce((s, l) => s + l.quantity_hundredths, 0),
  };
}

export const PLAN_FORM_ROWS = 8;

/** "1.5" → 150 hundredths; null when it is not a number with at most two decimals. */
export function parseHundredths(text: string): number | null {
  const m = /^(\d{1,6})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + (m[2] ? Number(m[2].padEnd(2, "0")) : 0);
}

/**
 * The rows of the "cost your supports" form (line.N.label, .quadrant, .cost_type, .price in
 * pounds, .quantity a week, .stream). Rows without a label are left out. Fields are named
 * `line.N.<field>` in the errors.
 */
export function parsePlanForm(form: Record<string, string>): { lines: PlanLine[]; fields: Record<string, string> } {
  const lines: PlanLine[] = [];
  const fields: Record<string, string> = {};
  for (let i = 0; i < PLAN_FORM_ROWS; i++) {
    const get = (k: string) => (form[`line.${i}.${k}`] ?? "").trim();
    if (!get("label")) continue;
    const costType = get("cost_type");
    const paid = costType !== "free" && costType !== "time_credits" && costType !== "";
    const raw: Record<string, unknown> = { id: `line-${i}`, label: get("label"), quadrant: get("quadrant") || "individual", cost_type: costType || undefined };
    if (paid) {
      const price = get("price");
      if (price.startsWith("-")) fields[`line.${i}.price`] = "must not be negative";
      else {
        const p = parsePounds(price);
        if (p === null) fields[`line.${i}.price`] = "must be an amount in pounds, like 12.50";
        else raw.unit_pence = p;
      }
      raw.stream = get("stream") || undefined;
    }
    if (paid || costType === "time_credits") {
      const q = costType === "per_week" && !get("quantity") ? "1" : get("quantity");
      const h = parseHundredths(q);
      if (h === null) fields[`line.${i}.quantity`] = "must be a number a week, like 2 or 1.5";
      else raw.quantity_hundredths = h;
    }
    if (Object.keys(fields).some((k) => k.startsWith(`line.${i}.`))) continue;
    const r = validatePlanLine(raw, `line.${i}.`);
    if (r.ok) lines.push(r.line);
    else for (const [k, v] of Object.entries(r.fields)) fields[k.replace(/\.unit_pence$/, ".price").replace(/\.quantity_hundredths$/, ".quantity")] = v;
  }
  return { lines, fields };
}
