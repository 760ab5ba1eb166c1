// The friendly opening-hours editor: one row per weekday (closed, or open from–to with an
// optional second period) converted to and from OSM `opening_hours` syntax. No I/O and no
// libraries, so the browser may import it too; the stored value is still checked with the
// `opening_hours` library when it is saved (app/core/asset.ts).

export const WEEKDAYS = [
  { code: "mo", osm: "Mo", label: "Monday" },
  { code: "tu", osm: "Tu", label: "Tuesday" },
  { code: "we", osm: "We", label: "Wednesday" },
  { code: "th", osm: "Th", label: "Thursday" },
  { code: "fr", osm: "Fr", label: "Friday" },
  { code: "sa", osm: "Sa", label: "Saturday" },
  { code: "su", osm: "Su", label: "Sunday" },
] as const;

export type DayCode = (typeof WEEKDAYS)[number]["code"];

export interface DayInput {
  state: "closed" | "open";
  /** What the person typed: "9", "09:30", "5pm", "noon" … */
  from1: string;
  to1: string;
  from2: string;
  to2: string;
}

export type WeekInput = Record<DayCode, DayInput>;

export function closedDay(): DayInput {
  return { state: "closed", from1: "", to1: "", from2: "", to2: "" };
}

export function emptyWeek(): WeekInput {
  return Object.fromEntries(WEEKDAYS.map((d) => [d.code, closedDay()])) as WeekInput;
}

/**
 * A time as people write it → "HH:MM" (24-hour). Accepts 9, 9:30, 09.30, 0930, 9am, 9.30pm,
 * noon, midday, midnight. As a closing time, midnight (or 00:00, 12am) is "24:00".
 * Returns null when it is not a time.
 */
export function parseClock(raw: string, role: "from" | "to" = "from"): string | null {
  const s = raw.trim().toLowerCase().replace(/\s+/g, "").replace(/\.$/, "");
  if (!s) return null;
  if (s === "noon" || s === "midday" || s === "12noon" || s === "12midday") return "12:00";
  if (s === "midnight" || s === "12midnight") return role === "to" ? "24:00" : "00:00";
  const m = /^(\d{1,2})(?:[:.h]?(\d{2}))?(am|pm|a\.m\.|p\.m\.)?$/.exec(s);
  if (!m) return null;
  let h = Number(m[1]);
  const min = Number(m[2] ?? "0");
  const ampm = m[3]?.replace(/\./g, "");
  if (min > 59) return null;
  if (ampm) {
    if (h < 1 || h > 12) return null;
    if (ampm === "pm" && h < 12) h += 12;
    if (ampm === "am" && h === 12) h = 0;
  }
  if (h > 24 || (h === 24 && min !== 0)) return null;
  if (role === "to" && h === 0 && min === 0) h = 24;
  if (role === "from" && h === 24) return null;
  return `${String(h).padStart(2, "0")}:${String(min).padStart(2, "0")}`;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

export interface WeekConversion {
  /** The OSM value, or null when no day is open or there are errors. */
  value: string | null;
  /** Keyed "hours.<day>" (or "hours"), each message naming the day. */
  errors: Record<string, string>;
}

/** One day's periods as "HH:MM-HH:MM" strings, or an error naming the day. */
function dayPeriods(day: DayInput, label: string): { periods: string[] } | { error: string } {
  const slot = (fromRaw: string, toRaw: string, which: "" | " second"): { period: string } | { error: string } | null => {
    const hasFrom = fromRaw.trim() !== "";
    const hasTo = toRaw.trim() !== "";
    if (!hasFrom && !hasTo) return null;
    if (!hasFrom) return { error: `${label}: enter the time it opens${which ? " for the second period" : ""}` };
    if (!hasTo) return { error: `${label}: enter the time it closes${which ? " for the second period" : ""}` };
    const from = parseClock(fromRaw, "from");
    if (!from) return { error: `${label}: “${fromRaw.trim().slice(0, 20)}” is not a time we understand. Use a time like 09:30 or 5pm` };
    const to = parseClock(toRaw, "to");
    if (!to) return { error: `${label}: “${toRaw.trim().slice(0, 20)}” is not a time we understand. Use a time like 17:00 or 5pm` };
    if (minutes(to) <= minutes(from)) {
      return { error: `${label}: the${which} closing time must be after the opening time (for hours past midnight, use the advanced box)` };
    }
    return { period: `${from}-${to}` };
  };
  const first = slot(day.from1, day.to1, "");
  const second = slot(day.from2, day.to2, " second");
  if (first && "error" in first) return first;
  if (second && "error" in second) return second;
  if (!first && !second) return { error: `${label}: enter the times it opens and closes, or choose “Closed”` };
  const periods = [first, second].filter((p): p is { period: string } => p !== null).map((p) => p.period);
  if (periods.length === 2 && minutes(periods[1].slice(0, 5)) < minutes(periods[0].slice(6))) {
    return { error: `${label}: the second period must start after the first one ends` };
  }
  return { periods };
}

/** Days (indexes 0–6) as OSM: Mo-Fr for three or more in a row, Sa,Su for two, Mo,We,Fr apart. */
export function daysToOsm(days: number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    if (j - i >= 2) parts.push(`${WEEKDAYS[sorted[i]].osm}-${WEEKDAYS[sorted[j]].osm}`);
    else for (let k = i; k <= j; k++) parts.push(WEEKDAYS[sorted[k]].osm);
    i = j + 1;
  }
  return parts.join(",");
}

/**
 * The editor's week → OSM opening_hours. Days with the same times are grouped
 * ("Mo-Fr 09:00-17:00; Sa 10:00-12:00"); closed days are left out (OSM: not listed means closed).
 * Every error names its day.
 */
export function weekToOsm(week: WeekInput): WeekConversion {
  const errors: Record<string, string> = {};
  const bySpec = new Map<string, number[]>();
  WEEKDAYS.forEach((d, i) => {
    const day = week[d.code] ?? closedDay();
    if (day.state !== "open") return;
    const r = dayPeriods(day, d.label);
    if ("error" in r) {
      errors[`hours.${d.code}`] = r.error;
      return;
    }
    const spec = r.periods.join(",");
    bySpec.set(spec, [...(bySpec.get(spec) ?? []), i]);
  });
  if (Object.keys(errors).length) return { value: null, errors };
  if (bySpec.size === 0) return { value: null, errors: {} };
  const rules = [...bySpec.entries()].sort((a, b) => a[1][0] - b[1][0]).map(([spec, days]) => `${days.length === 7 ? "Mo-Su" : daysToOsm(days)} ${spec}`);
  return { value: rules.join("; "), errors: {} };
}

const DAY_TOKEN = /^(Mo|Tu|We|Th|Fr|Sa|Su)$/;
const dayIndex = (t: string) => WEEKDAYS.findIndex((d) => d.osm === t);

/**
 * An OSM value → the editor's week, when the value is simple enough for the editor (weekdays
 * with up to two periods each, or "off"). Anything else (public holidays, months, "week 1-10",
 * overnight hours, comments, a day given twice) returns null and belongs in the advanced box.
 */
export function osmToWeek(value: string | null | undefined): WeekInput | null {
  if (!value) return null;
  const v = value.trim();
  const week = emptyWeek();
  if (v === "24/7") {
    for (const d of WEEKDAYS) week[d.code] = { state: "open", from1: "00:00", to1: "24:00", from2: "", to2: "" };
    return week;
  }
  const seen = new Set<number>();
  for (const rawRule of v.split(";")) {
    const rule = rawRule.trim();
    if (!rule) continue;
    const m = /^(?:([A-Za-z,\- ]+?)\s+)?(off|closed|\d{2}:\d{2}-\d{2}:\d{2}(?:\s*,\s*\d{2}:\d{2}-\d{2}:\d{2})*)$/.exec(rule);
    if (!m) return null;
    let days: number[];
    if (m[1] === undefined) days = [0, 1, 2, 3, 4, 5, 6];
    else {
      days = [];
      for (const part of m[1].replace(/\s+/g, "").split(",")) {
        const [a, b, extra] = part.split("-");
        if (extra !== undefined || !DAY_TOKEN.test(a) || (b !== undefined && !DAY_TOKEN.test(b))) return null;
        const ia = dayIndex(a);
        if (b === undefined) days.push(ia);
        else for (let i = ia; ; i = (i + 1) % 7) {
          days.push(i);
          if (i === dayIndex(b)) break;
        }
      }
    }
    let day: DayInput;
    if (m[2] === "off" || m[2] === "closed") day = closedDay();
    else {
      const periods = m[2].split(",").map((p) => p.trim());
      if (periods.length > 2) return null;
      for (const p of periods) if (minutes(p.slice(6)) <= minutes(p.slice(0, 5)) || minutes(p.slice(6)) > 24 * 60) return null;
      if (periods.length === 2 && minutes(periods[1].slice(0, 5)) < minutes(periods[0].slice(6))) return null;
      day = {
        state: "open",
        from1: periods[0].slice(0, 5),
        to1: periods[0].slice(6),
        from2: periods[1]?.slice(0, 5) ?? "",
        to2: periods[1]?.slice(6) ?? "",
      };
    }
    for (const i of days) {
      if (seen.has(i)) return null;
      seen.add(i);
      week[WEEKDAYS[i].code] = { ...day };
    }
  }
  return seen.size ? week : null;
}

/** True when both weeks mean the same hours (what was typed may differ: "9am" and "09:00"). */
export function sameWeek(a: WeekInput, b: WeekInput): boolean {
  const x = weekToOsm(a);
  const y = weekToOsm(b);
  return x.value !== null && x.value === y.value;
}
