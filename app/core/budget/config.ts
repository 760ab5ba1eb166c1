// Checking a version's configuration, and applying an admin's edits to a draft. Pure.
// The rules make the properties hold for every valid version: points never go down as need goes
// up, money never goes down as points go up (through the threshold, early help and the bands).
import { convert } from "./estimate";
import { formatPence, parsePounds } from "./labels";
import { ANSWERS, INFORMAL_LEVELS, QUESTIONNAIRE_TYPES, STREAMS, type Band, type RasConfig } from "./types";

const isInt = (n: unknown): n is number => typeof n === "number" && Number.isSafeInteger(n);
const nonNeg = (n: unknown): n is number => isInt(n) && n >= 0;

/** Every problem with a configuration, by field name; empty when it is valid. */
export function validateConfig(c: RasConfig): Record<string, string> {
  const f: Record<string, string> = {};
  if (!(QUESTIONNAIRE_TYPES as readonly string[]).includes(c.questionnaire)) f.questionnaire = "must be adult or child";
  if (!c.questions?.length) f.questions = "must have at least one question";
  const ids = new Set<string>();
  for (const q of c.questions ?? []) {
    if (ids.has(q.id)) f[`questions.${q.id}`] = "is listed twice";
    ids.add(q.id);
    let prev = 0;
    for (const a of ANSWERS) {
      const p = q.points?.[a];
      if (!nonNeg(p)) f[`points.${q.id}.${a}`] = "must be a whole number, 0 or more";
      else if (p < prev) f[`points.${q.id}.${a}`] = "must not be lower than the points for less need";
      else prev = p;
    }
    if (!(STREAMS as readonly string[]).includes(q.stream)) f[`stream.${q.id}`] = "is not a funding stream";
  }
  const ip = c.informal_percent;
  if (ip?.none !== 100) f["informal_percent.none"] = "must be 100 (no informal support means no reduction)";
  for (const l of INFORMAL_LEVELS) {
    if (!nonNeg(ip?.[l]) || ip[l] > 100) f[`informal_percent.${l}`] = "must be a whole number from 0 to 100";
  }
  if (nonNeg(ip?.some) && nonNeg(ip?.most) && ip.most > ip.some) f["informal_percent.most"] = "must not be more than the percent for some";
  if (!nonNeg(c.threshold_points)) f.threshold_points = "must be a whole number, 0 or more";
  if (!nonNeg(c.early_help?.max_points)) f["early_help.max_points"] = "must be a whole number, 0 or more";
  else if (nonNeg(c.threshold_points) && c.early_help.max_points < c.threshold_points) f["early_help.max_points"] = "must not be below the threshold";
  if (!nonNeg(c.early_help?.per_year_pence)) f["early_help.per_year"] = "must be an amount of money, 0 or more";
  if (!nonNeg(c.panel_points)) f.panel_points = "must be a whole number, 0 or more";
  else if (nonNeg(c.early_help?.max_points) && c.panel_points <= c.early_help.max_points) f.panel_points = "must be above the top of early help";

  const conv = c.conversion;
  if (conv?.method === "price_per_point") {
    if (!nonNeg(conv.pence_per_point)) f.pence_per_point = "must be an amount of money, 0 or more";
  } else if (conv?.method === "bands") {
    if (!conv.bands?.length) f.bands = "must have at least one band";
    conv.bands?.forEach((b, i) => {
      if (!nonNeg(b.min_points)) f[`band.${i}.min_points`] = "must be a whole number, 0 or more";
      else if (i > 0 && b.min_points <= conv.bands[i - 1].min_points) f[`band.${i}.min_points`] = "must be more than the band before";
      if (!nonNeg(b.per_year_pence)) f[`band.${i}.per_year`] = "must be an amount of money, 0 or more";
      else if (i > 0 && b.per_year_pence < conv.bands[i - 1].per_year_pence) f[`band.${i}.per_year`] = "must not be less than the band before";
    });
    if (conv.bands?.length && nonNeg(c.early_help?.max_points) && conv.bands[0].min_points > c.early_help.max_points) {
      f["band.0.min_points"] = "must not be above the top of early help (every total needs a band)";
    }
  } else {
    f.conversion_method = "must be price per point or bands";
  }
  // Money must not go down at the step from early help to a personal budget.
  if (!Object.keys(f).length && c.early_help.max_points < c.panel_points) {
    const first = convert(c, c.early_help.max_points);
    if (first < c.early_help.per_year_pence) {
      f["early_help.per_year"] = `must not be more than the budget at ${c.early_help.max_points} points (${formatPence(first)}), or more need would give less money`;
    }
  }
  return f;
}

export const MAX_BANDS = 12;

/**
 * Apply the fields of the admin's edit form to a draft configuration. Money is typed in pounds
 * ("300" or "2,000.50"); points are whole numbers. Returns the new configuration, or the fields
 * that are wrong (nothing is changed then).
 */
export function applyConfigForm(
  base: RasConfig,
  form: Record<string, string>,
): { ok: true; config: RasConfig } | { ok: false; fields: Record<string, string> } {
  const f: Record<string, string> = {};
  const int = (name: string, fallback: number): number => {
    const raw = form[name];
    if (raw === undefined) return fallback;
    const t = raw.trim();
    if (!/^-?\d{1,9}$/.test(t)) {
      f[name] = "must be a whole number";
      return fallback;
    }
    const n = Number(t);
    if (n < 0) f[name] = "must not be negative";
    return n;
  };
  const money = (name: string, fallback: number): number => {
    const raw = form[name];
    if (raw === undefined) return fallback;
    if (raw.trim().startsWith("-")) {
      f[name] = "must not be negative";
      return fallback;
    }
    const p = parsePounds(raw);
    if (p === null) {
      f[name] = "must be an amount in pounds, like 300 or 12.50";
      return fallback;
    }
    return p;
  };
  const config: RasConfig = structuredClone(base);
  for (const q of config.questions) {
    for (const a of ANSWERS) q.points[a] = int(`points.${q.id}.${a}`, q.points[a]);
    const s = form[`stream.${q.id}`];
    if (s !== undefined) {
      if ((STREAMS as readonly string[]).includes(s)) q.stream = s as RasConfig["questions"][number]["stream"];
      else f[`stream.${q.id}`] = "is not a funding stream";
    }
  }
  config.informal_percent.some = int("informal_percent.some", config.informal_percent.some);
  config.informal_percent.most = int("informal_percent.most", config.informal_percent.most);
  config.threshold_points = int("threshold_points", config.threshold_points);
  config.early_help.max_points = int("early_help.max_points", config.early_help.max_points);
  config.early_help.per_year_pence = money("early_help.per_year", config.early_help.per_year_pence);
  config.panel_points = int("panel_points", config.panel_points);
  const method = form.conversion_method ?? config.conversion.method;
  if (method === "price_per_point") {
    const current = config.conversion.method === "price_per_point" ? config.conversion.pence_per_point : 0;
    config.conversion = { method, pence_per_point: money("pence_per_point", current) };
  } else if (method === "bands") {
    const current = config.conversion.method === "bands" ? config.conversion.bands : [];
    const bands: Band[] = [];
    let sawBandFields = false;
    for (let i = 0; i < MAX_BANDS; i++) {
      const mp = form[`band.${i}.min_points`];
      const py = form[`band.${i}.per_year`];
      if (mp === undefined && py === undefined) continue;
      sawBandFields = true;
      if ((mp ?? "").trim() === "" && (py ?? "").trim() === "") continue; // an empty row
      bands.push({ min_points: int(`band.${i}.min_points`, 0), per_year_pence: money(`band.${i}.per_year`, 0) });
    }
    config.conversion = { method, bands: sawBandFields ? bands : current };
  } else {
    f.conversion_method = "must be price per point or bands";
  }
  if (Object.keys(f).length) return { ok: false, fields: f };
  const problems = validateConfig(config);
  if (Object.keys(problems).length) return { ok: false, fields: problems };
  return { ok: true, config };
}
