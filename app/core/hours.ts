// Opening hours. The stored form is OSM `opening_hours` syntax, evaluated with the
// `opening_hours` library in UK local time. Also: best-effort conversion of the plain
// English hours found in open data into that syntax. No I/O.
import OpeningHours from "opening_hours";

export const TIME_ZONE = "Europe/London";

// England's public holidays come from the library's own tables; no network is needed.
const NOMINATIM = { lat: 53.42, lon: -2.32, address: { country_code: "gb", state: "England" } };

const cache = new Map<string, OpeningHours | null>();

/** Parse (and cache) an OSM opening_hours value; null when the value is not valid. */
export function parseHours(value: string | null | undefined): OpeningHours | null {
  if (!value) return null;
  let oh = cache.get(value);
  if (oh !== undefined) return oh;
  try {
    oh = new OpeningHours(value, NOMINATIM, { mode: 0, tag_key: "opening_hours", locale: "en" } as never);
  } catch {
    oh = null;
  }
  if (cache.size > 5000) cache.clear();
  cache.set(value, oh);
  return oh;
}

export function isValidHours(value: string): boolean {
  return parseHours(value) !== null;
}

/**
 * A Date whose *local* fields (getHours, getDay, ...) are the UK wall-clock time at `instant`.
 * The opening_hours library reads local fields, so this makes it right whatever the server's TZ.
 */
export function ukWallClock(instant: Date = new Date()): Date {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return new Date(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
}

const LOCAL_ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parse `open_at`: an ISO 8601 date-time. Without an offset it is UK local time; with an
 * offset or Z it is converted to UK local time. Returns a wall-clock Date (see ukWallClock).
 */
export function parseOpenAt(input: string): Date | null {
  const m = LOCAL_ISO.exec(input.trim());
  if (!m) return null;
  const [, y, mo, d, h = "12", mi = "00", s = "00", zone] = m;
  const nums = [y, mo, d, h, mi, s].map(Number);
  if (nums[1] < 1 || nums[1] > 12 || nums[2] < 1 || nums[2] > 31 || nums[3] > 23 || nums[4] > 59 || nums[5] > 59) {
    return null;
  }
  if (zone) {
    const instant = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${zone === "Z" ? "Z" : zone.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2")}`);
    if (Number.isNaN(instant.getTime())) return null;
    return ukWallClock(instant);
  }
  const local = new Date(nums[0], nums[1] - 1, nums[2], nums[3], nums[4], nums[5]);
  if (local.getDate() !== nums[2]) return null; // 31 February and friends
  return local;
}

/** true open, false closed, null when hours are unknown or not machine-readable. */
export function isOpenAt(value: string | null | undefined, wallClock: Date): boolean | null {
  const oh = parseHours(value);
  if (!oh) return null;
  try {
    if (oh.getUnknown(wallClock)) return null;
    return oh.getState(wallClock);
  } catch {
    return null;
  }
}

const DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

function hhmm(d: Date): string {
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

export interface DayHours {
  day: string;
  /** e.g. ["09:00–13:00", "14:00–17:30"]; empty means closed. */
  times: string[];
}

/** The week starting on the Monday of `wallClock`'s week, day by day, for display. */
export function weeklyHours(value: string | null | undefined, wallClock: Date = ukWallClock()): DayHours[] | null {
  const oh = parseHours(value);
  if (!oh) return null;
  const monday = new Date(wallClock.getFullYear(), wallClock.getMonth(), wallClock.getDate() - ((wallClock.getDay() + 6) % 7));
  const days: DayHours[] = [];
  try {
    for (let i = 0; i < 7; i++) {
      const from = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + i);
      const to = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + i + 1);
      const times = oh
        .getOpenIntervals(from, to)
        .filter(([, , unknown]) => !unknown)
        .map(([a, b]) => `${hhmm(a)}–${b.getTime() >= to.getTime() ? "24:00" : hhmm(b)}`);
      days.push({ day: DAY_NAMES[i], times });
    }
  } catch {
    return null;
  }
  return days;
}

/** "Open now, closes at 17:30" / "Closed now, opens Tuesday at 09:00" / null when unknown. */
export function describeNow(value: string | null | undefined, wallClock: Date = ukWallClock()): string | null {
  const oh = parseHours(value);
  if (!oh) return null;
  try {
    if (oh.getUnknown(wallClock)) return null;
    const open = oh.getState(wallClock);
    const limit = new Date(wallClock.getTime() + 8 * 24 * 3600 * 1000);
    const next = oh.getNextChange(wallClock, limit);
    if (open) {
      if (!next) return "Open now (open all day, every day)";
      return `Open now, closes at ${hhmm(next)}${sameDay(next, wallClock) ? "" : ` on ${dayName(next)}`}`;
    }
    if (!next) return "Closed now";
    return `Closed now, opens ${sameDay(next, wallClock) ? "today" : dayName(next)} at ${hhmm(next)}`;
  } catch {
    return null;
  }
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}
function dayName(d: Date): string {
  return DAY_NAMES[(d.getDay() + 6) % 7];
}

// ---------------------------------------------------------------------------------------------
// Converting the plain-English hours found in open data into OSM syntax.

const OSM_DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

/**
 * Daily columns as in the NHS pharmacy list: {mo: "08:30-13:00,14:00-17:30", sa: "09:00-12:30", su: "CLOSED"}.
 * Days with no value are left out (unknown), "CLOSED" becomes "off".
 */
export function dailyColumnsToOsm(days: Partial<Record<"mo" | "tu" | "we" | "th" | "fr" | "sa" | "su", string>>): string | null {
  const keys = ["mo", "tu", "we", "th", "fr", "sa", "su"] as const;
  const rules: { day: string; spec: string }[] = [];
  for (let i = 0; i < 7; i++) {
    const raw = (days[keys[i]] ?? "").trim();
    if (!raw || raw.toUpperCase() === "NA") continue;
    if (/^closed$/i.test(raw)) {
      rules.push({ day: OSM_DAYS[i], spec: "off" });
      continue;
    }
    const ranges = raw.split(/[,;]/).map((r) => normaliseRange(r.trim())).filter((r): r is string => r !== null);
    if (ranges.length === 0) return null;
    rules.push({ day: OSM_DAYS[i], spec: ranges.join(",") });
  }
  if (rules.length === 0) return null;
  const value = groupDays(rules);
  return isValidHours(value) ? value : null;
}

function normaliseRange(r: string): string | null {
  const m = /^(\d{1,2})[:.]?(\d{2})\s*[-–]\s*(\d{1,2})[:.]?(\d{2})$/.exec(r);
  if (!m) return null;
  const a = `${m[1].padStart(2, "0")}:${m[2]}`;
  let b = `${m[3].padStart(2, "0")}:${m[4]}`;
  if (b === "00:00") b = "24:00";
  return `${a}-${b}`;
}

/** Merge consecutive days with the same times: Mo-Fr 09:00-17:00; Sa 09:00-12:00; Su off. */
function groupDays(rules: { day: string; spec: string }[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < rules.length) {
    let j = i;
    while (
      j + 1 < rules.length &&
      rules[j + 1].spec === rules[i].spec &&
      OSM_DAYS.indexOf(rules[j + 1].day) === OSM_DAYS.indexOf(rules[j].day) + 1
    ) {
      j++;
    }
    const days = i === j ? rules[i].day : `${rules[i].day}${j === i + 1 ? "," : "-"}${rules[j].day}`;
    out.push(`${days} ${rules[i].spec}`);
    i = j + 1;
  }
  return out.join("; ");
}

const DAY_WORDS: [RegExp, number][] = [
  [/^mon(day)?s?$/i, 0],
  [/^tue(s|sday)?s?$/i, 1],
  [/^wed(nesday)?s?$/i, 2],
  [/^thu(r|rs|rsday)?s?$/i, 3],
  [/^fri(day)?s?$/i, 4],
  [/^sat(urday)?s?$/i, 5],
  [/^sun(day)?s?$/i, 6],
];

function dayIndex(word: string): number | null {
  for (const [re, i] of DAY_WORDS) if (re.test(word)) return i;
  return null;
}

/** "6:30am", "10am", "12noon", "9.30", "16:00" → "06:30" etc. */
function clock(raw: string, hintPm = false): string | null {
  const s = raw.trim().toLowerCase().replace(/\s+/g, "");
  if (s === "noon" || s === "12noon" || s === "midday" || s === "12midday") return "12:00";
  if (s === "midnight") return "24:00";
  const m = /^(\d{1,2})(?:[:.](\d{2}))?(am|pm)?$/.exec(s);
  if (!m) return null;
  let h = Number(m[1]);
  const min = m[2] ?? "00";
  const ampm = m[3];
  if (h > 24 || Number(min) > 59) return null;
  if (ampm === "pm" && h < 12) h += 12;
  if (ampm === "am" && h === 12) h = 0;
  if (!ampm && hintPm && h < 8) h += 12;
  return `${String(h).padStart(2, "0")}:${min}`;
}

function timeRange(text: string): string | null {
  const m = /^\s*([0-9.:]+\s*(?:am|pm)?|noon|12\s*noon|midday)\s*(?:-|–|to|until)\s*([0-9.:]+\s*(?:am|pm)?|noon|12\s*noon|midday|midnight)\s*$/i.exec(text);
  if (!m) return null;
  const b = clock(m[2]);
  if (!b) return null;
  // "1-3pm": the start takes the end's am/pm when it has none and would otherwise be after it.
  let a = clock(m[1]);
  if (!a) return null;
  if (!/am|pm/i.test(m[1]) && /pm/i.test(m[2])) {
    const pa = clock(`${m[1]}pm`);
    if (pa && pa < b) a = pa;
  }
  if (a >= b && b !== "24:00") return null;
  return `${a}-${b}`;
}

/** "Monday to Friday", "Tuesdays, Wednesdays and Fridays", "Mon-Fri", "Sat-Sun" → day indexes. */
function dayList(text: string): number[] | null {
  const t = text.trim().replace(/\s+/g, " ");
  if (/^(daily|every ?day|7 days( a week)?|all week)$/i.test(t)) return [0, 1, 2, 3, 4, 5, 6];
  if (/^weekdays$/i.test(t)) return [0, 1, 2, 3, 4];
  if (/^weekends?$/i.test(t)) return [5, 6];
  const out = new Set<number>();
  for (const part of t.split(/\s*(?:,|&|\band\b|\/)\s*/i)) {
    if (!part) continue;
    const range = /^(\w+)\s*(?:-|–|to|until)\s*(\w+)$/i.exec(part);
    if (range) {
      const a = dayIndex(range[1]);
      const b = dayIndex(range[2]);
      if (a === null || b === null) return null;
      for (let i = a; ; i = (i + 1) % 7) {
        out.add(i);
        if (i === b) break;
      }
      continue;
    }
    const d = dayIndex(part);
    if (d === null) return null;
    out.add(d);
  }
  return out.size ? [...out].sort((a, b) => a - b) : null;
}

function daysToOsm(days: number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < days.length) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j] + 1) j++;
    if (j - i >= 2) parts.push(`${OSM_DAYS[days[i]]}-${OSM_DAYS[days[j]]}`);
    else for (let k = i; k <= j; k++) parts.push(OSM_DAYS[days[k]]);
    i = j + 1;
  }
  return parts.join(",");
}

/**
 * Best-effort conversion of plain English hours ("Mon-Fri: 6:30am-10:00pm, Sat-Sun: 8:00am-6:00pm",
 * "Tuesdays, Wednesdays and Fridays, 10am-2pm", "Wednesday 10am - 4pm") into OSM syntax.
 * Returns null when the text cannot be read with confidence: the text is then shown as it is.
 */
export function englishToOsm(text: string | null | undefined): string | null {
  if (!text) return null;
  const cleaned = text.replace(/\s+/g, " ").replace(/\bto\b/gi, "to").trim();
  if (!cleaned || /^(na|not known|n\/a|unknown)$/i.test(cleaned)) return null;
  if (/^24\/7$|^24 hours$|^open 24 hours/i.test(cleaned)) return "24/7";
  // Split into "days: times" segments. A segment starts at a day word.
  const segRe = /((?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*s?|daily|every ?day|weekdays|weekends?)(?:\s*(?:,|&|and|-|–|to|\/)\s*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*s?))*)\s*[:,]?\s*((?:[0-9.:]+\s*(?:am|pm)?|noon|12\s*noon|midday)\s*(?:-|–|to|until)\s*(?:[0-9.:]+\s*(?:am|pm)?|noon|12\s*noon|midday|midnight)(?:\s*(?:,|and|&)\s*(?:[0-9.:]+\s*(?:am|pm)?|noon|12\s*noon|midday)\s*(?:-|–|to|until)\s*(?:[0-9.:]+\s*(?:am|pm)?|noon|12\s*noon|midday|midnight))*)/gi;
  const rules: string[] = [];
  let consumed = 0;
  let m: RegExpExecArray | null;
  while ((m = segRe.exec(cleaned))) {
    const days = dayList(m[1]);
    if (!days) return null;
    const ranges = m[2].split(/\s*(?:,|\band\b|&)\s*/i).map(timeRange);
    if (ranges.some((r) => r === null)) return null;
    rules.push(`${daysToOsm(days)} ${ranges.join(",")}`);
    consumed += m[0].length;
  }
  if (rules.length === 0) return null;
  // Refuse when much of the text was not understood (e.g. "first Tuesday of the month").
  const leftover = cleaned.length - consumed;
  if (leftover > 12 || /first|second|third|last|month|term|fortnight|appointment|except/i.test(cleaned)) return null;
  const value = rules.join("; ");
  return isValidHours(value) ? value : null;
}
