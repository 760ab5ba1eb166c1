// Answers → an indicative budget, with the working shown. Pure: the same answers and the same
// version always give the same result. Money is integer pence; points are integers.
import { ANSWER_LABELS, INFORMAL_LABELS, STREAM_INFO, TIER_LABELS, formatPence } from "./labels";
import {
  ANSWERS,
  INFORMAL_LEVELS,
  QUESTIONNAIRE_TYPES,
  type Adjustment,
  type Answer,
  type BreakdownLine,
  type Estimate,
  type EstimateInput,
  type InformalLevel,
  type RasConfig,
  type Stream,
  type Tier,
} from "./types";

export const WEEKS_PER_YEAR = 52;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Check a request body against a version's questions. Returns the input, or the fields that are
 * wrong (`answers.nutrition`: "is missing", …). Informal support may be left out for a question
 * (it then counts, and is shown, as "none": no reduction).
 */
export function validateEstimateInput(
  config: RasConfig,
  body: unknown,
): { ok: true; input: EstimateInput } | { ok: false; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  if (!isObject(body)) return { ok: false, fields: { body: "must be a JSON object" } };
  if (body.questionnaire !== config.questionnaire) {
    fields.questionnaire = (QUESTIONNAIRE_TYPES as readonly unknown[]).includes(body.questionnaire)
      ? `does not match the version (${config.questionnaire})`
      : "must be adult or child";
  }
  const answers: Record<string, Answer> = {};
  const informal: Record<string, InformalLevel> = {};
  const byId = new Map(config.questions.map((q) => [q.id, q]));
  if (!isObject(body.answers)) {
    fields.answers = "must be an object of question id to none, some, lots or exceptional";
  } else {
    for (const [id, value] of Object.entries(body.answers)) {
      if (!byId.has(id)) fields[`answers.${id}`] = "is not a question in this version";
      else if (!(ANSWERS as readonly unknown[]).includes(value)) fields[`answers.${id}`] = "must be none, some, lots or exceptional";
      else answers[id] = value as Answer;
    }
    for (const q of config.questions) {
      if (!(q.id in body.answers)) fields[`answers.${q.id}`] = "is missing";
    }
  }
  if (body.informal_support !== undefined && body.informal_support !== null) {
    if (!isObject(body.informal_support)) {
      fields.informal_support = "must be an object of question id to none, some or most";
    } else {
      for (const [id, value] of Object.entries(body.informal_support)) {
        const q = byId.get(id);
        if (!q) fields[`informal_support.${id}`] = "is not a question in this version";
        else if (!q.informal_support) fields[`informal_support.${id}`] = "is not asked for this question";
        else if (!(INFORMAL_LEVELS as readonly unknown[]).includes(value)) fields[`informal_support.${id}`] = "must be none, some or most";
        else informal[id] = value as InformalLevel;
      }
    }
  }
  if (Object.keys(fields).length) return { ok: false, fields };
  for (const q of config.questions) if (q.informal_support && !informal[q.id]) informal[q.id] = "none";
  return { ok: true, input: { questionnaire: config.questionnaire, answers, informal_support: informal } };
}

/** Yearly money for a number of points under the version's conversion rule (ignoring tiers). */
export function convert(config: RasConfig, points: number): number {
  const c = config.conversion;
  if (c.method === "price_per_point") return points * c.pence_per_point;
  let amount = 0;
  for (const b of c.bands) if (points >= b.min_points) amount = Math.max(amount, b.per_year_pence);
  return amount;
}

export function conversionText(config: RasConfig): string {
  const c = config.conversion;
  if (c.method === "price_per_point") return `Each point is worth ${formatPence(c.pence_per_point)} a year.`;
  const parts = c.bands.map((b, i) => {
    const next = c.bands[i + 1];
    const range = next ? `${b.min_points} to ${next.min_points - 1} points` : `${b.min_points} points or more`;
    return `${range}: ${formatPence(b.per_year_pence, { whole: true })} a year`;
  });
  return `A band table turns points into money. ${parts.join("; ")}.`;
}

export function tierFor(config: RasConfig, points: number): Tier {
  if (points < config.threshold_points) return "community_and_universal";
  if (points < config.early_help.max_points) return "early_help";
  if (points >= config.panel_points) return "panel_review";
  return "personal_budget";
}

/**
 * Split a yearly amount between streams in proportion to their points, in whole pence, so that
 * the shares add up exactly (largest remainder; ties go to the stream listed first).
 */
export function splitByPoints(total: number, parts: { key: Stream; points: number }[]): Map<Stream, number> {
  const out = new Map<Stream, number>();
  const sum = parts.reduce((s, p) => s + p.points, 0);
  if (sum === 0 || total === 0) {
    for (const p of parts) out.set(p.key, 0);
    return out;
  }
  let given = 0;
  const rems: { key: Stream; rem: number; i: number }[] = [];
  parts.forEach((p, i) => {
    const share = Math.floor((total * p.points) / sum);
    out.set(p.key, share);
    given += share;
    rems.push({ key: p.key, rem: (total * p.points) % sum, i });
  });
  rems.sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (let k = 0; given < total; k++, given++) out.set(rems[k].key, out.get(rems[k].key)! + 1);
  return out;
}

/** Work out the estimate. `input` must have passed validateEstimateInput for this config. */
export function estimate(config: RasConfig, versionId: string, input: EstimateInput): Estimate {
  const breakdown: BreakdownLine[] = [];
  const adjustments: Adjustment[] = [];
  let total = 0;
  for (const q of config.questions) {
    const answer = input.answers[q.id];
    const raw = q.points[answer];
    const informal = q.informal_support ? (input.informal_support[q.id] ?? "none") : null;
    const pct = informal ? config.informal_percent[informal] : 100;
    const points = Math.floor((raw * pct) / 100);
    total += points;
    breakdown.push({
      question: q.id,
      outcome: q.outcome,
      section: q.section,
      text: q.text,
      answer,
      answer_points: raw,
      informal_support: informal,
      informal_percent: pct,
      points,
      stream: q.stream,
    });
    if (informal && informal !== "none" && points !== raw) {
      adjustments.push({
        kind: "informal_support",
        question: q.id,
        points: points - raw,
        text: `${q.text} You said: “${INFORMAL_LABELS[informal]}”. So ${pct}% of the ${raw} points count: ${points} points.`,
      });
    }
  }

  const tier = tierFor(config, total);
  let perYear: number | null;
  if (tier === "community_and_universal") {
    perYear = 0;
    adjustments.push({
      kind: "threshold",
      text: `The total is under ${config.threshold_points} points, so there is no personal budget. Community groups and services for everyone come first, and a connector can help you find them.`,
    });
  } else if (tier === "early_help") {
    perYear = config.early_help.per_year_pence;
    adjustments.push({
      kind: "early_help",
      text: `The total is from ${config.threshold_points} to ${config.early_help.max_points - 1} points, so the result is a fixed early-help amount of ${formatPence(perYear, { whole: true })} a year.`,
    });
  } else if (tier === "panel_review") {
    perYear = null;
    adjustments.push({
      kind: "panel",
      text: `The total is ${config.panel_points} points or more. Needs this high are not given a number by the calculator: they need a costed plan and a panel review.`,
    });
  } else {
    perYear = convert(config, total);
    adjustments.push({ kind: "conversion", text: `${conversionText(config)} ${total} points give ${formatPence(perYear)} a year.` });
  }
  const perWeek = perYear === null ? null : Math.round(perYear / WEEKS_PER_YEAR);

  const streamPoints = new Map<Stream, number>();
  for (const l of breakdown) if (l.points > 0) streamPoints.set(l.stream, (streamPoints.get(l.stream) ?? 0) + l.points);
  const parts = [...streamPoints].map(([key, points]) => ({ key, points }));
  const shares = perYear === null ? null : splitByPoints(perYear, parts);
  const streams = parts.map((p) => ({
    stream: p.key,
    label: STREAM_INFO[p.key].label,
    points: p.points,
    per_year_pence: shares ? shares.get(p.key)! : null,
    rules: STREAM_INFO[p.key].rules,
  }));

  const money = perYear === null ? "no number yet" : `${formatPence(perYear)} a year (about ${formatPence(perWeek!)} a week)`;
  const explanation = [
    `This is ${versionId} of the ${config.questionnaire} questionnaire. ${config.note}`,
    ...breakdown.map(
      (l) =>
        `${l.text} ${ANSWER_LABELS[l.answer]}: ${l.answer_points} points` +
        (l.informal_support && l.informal_percent !== 100 ? `, ${l.informal_percent}% counted because family and friends help: ${l.points} points.` : "."),
    ),
    `Total: ${total} points. ${TIER_LABELS[tier]}: ${money}.`,
    ...adjustments.filter((a) => a.kind !== "informal_support").map((a) => a.text),
    "This is a starting point for planning, not a promise. The final budget is agreed with you when your plan is agreed.",
    "If you think an answer or the result is wrong, you can ask for a review.",
  ];
  const easy_read = easyRead(tier, perYear, perWeek, total);

  return {
    ras_version: versionId,
    questionnaire: config.questionnaire,
    points: total,
    tier,
    indicative_budget: { per_year_pence: perYear, per_week_pence: perWeek },
    breakdown,
    streams,
    conversion: { method: config.conversion.method, text: conversionText(config) },
    adjustments,
    explanation,
    easy_read,
  };
}

function easyRead(tier: Tier, perYear: number | null, perWeek: number | null, total: number): string[] {
  const first = `Your answers add up to ${total} points.`;
  const end = ["This money is a guess to help you plan.", "It is not a promise.", "You can ask us to look again."];
  switch (tier) {
    case "community_and_universal":
      return [first, "You do not get money this time.", "We can help you find groups and places near you.", "You can ask us to look again."];
    case "early_help":
      return [first, `You can get a small amount of money: ${formatPence(perYear!, { whole: true })} a year.`, ...end];
    case "panel_review":
      return [first, "You need a lot of help.", "A team will look at your plan with you to work out the money.", "You can ask us to look again."];
    default:
      return [first, `The money could be about ${formatPence(Math.round(perWeek! / 100) * 100, { whole: true })} a week.`, `That is ${formatPence(perYear!, { whole: true })} a year.`, ...end];
  }
}
