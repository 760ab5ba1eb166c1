// HSDS schedules → OSM opening_hours (the inverse of hoursToSchedules in mapping.ts). Pure code.
//
// Weekly schedules (freq WEEKLY or none, interval 1, byday MO…SU without ordinals, opens_at and
// closes_at) become one OSM rule per group of days with the same times, e.g.
// "Mo-Fr 09:00-17:00; Sa 10:00-12:00". Anything a weekly pattern cannot say (MONTHLY, ordinals
// such as 2MO, bymonthday, byweekno, byyearday, count/until) makes the hours unreadable as a
// whole: the stored hours are then null (never a partial week that would say "closed" when it is
// open) and the schedules' text is kept as the published hours text.
import { isValidHours } from "../hours";
import { daysToOsm } from "../hours-editor";

type Obj = Record<string, unknown>;

const DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
const DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const TEXT_MAX = 1000;

function str(v: unknown): string | null {
  if (typeof v === "number") return String(v);
  if (typeof v !== "string") return null;
  const t = v.trim();
  return t === "" ? null : t;
}

/** "09:30:00", "9:30", "09:30:00Z", "09:30+01:00" → "09:30" (UK local time is assumed; the offset is dropped). */
export function clockOf(v: unknown): string | null {
  const s = str(v);
  if (!s) return null;
  const m = TIME.exec(s);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min > 0)) return null;
  return `${String(h).padStart(2, "0")}:${String(min).padStart(2, "0")}`;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

interface Interval {
  from: number;
  to: number;
}

/** One schedule read as weekly intervals, or why it cannot be. */
export function readWeekly(s: Obj): { days: number[]; from: string; to: string } | { unreadable: string } | null {
  const opens = s.opens_at;
  const closes = s.closes_at;
  const byday = str(s.byday);
  if (opens === undefined && closes === undefined && !byday && !str(s.freq)) return null; // text only
  const freq = str(s.freq)?.toUpperCase() ?? null;
  if (freq !== null && freq !== "WEEKLY") return { unreadable: `freq ${freq}` };
  const interval = s.interval === undefined || s.interval === null || s.interval === "" ? 1 : Number(s.interval);
  if (interval !== 1) return { unreadable: `every ${s.interval} weeks` };
  for (const k of ["bymonthday", "byweekno", "byyearday", "count", "until"]) {
    if (str(s[k]) !== null) return { unreadable: k };
  }
  if (!byday) return { unreadable: "no byday" };
  const days: number[] = [];
  for (const d of byday.split(",").map((x) => x.trim().toUpperCase())) {
    const i = DAYS.indexOf(d);
    if (i < 0) return { unreadable: `byday ${d}` };
    days.push(i);
  }
  const from = clockOf(opens);
  let to = clockOf(closes);
  if (!from || !to) return { unreadable: "no opening and closing times" };
  // Our export writes an interval that runs to midnight as closing at 23:59:59; 00:00 as a closing time is midnight too.
  if (/^23:59:59/.test(String(closes).trim()) || (to === "00:00" && from !== "00:00")) to = "24:00";
  if (from === "24:00" || from === to) return { unreadable: `opens_at ${String(opens)} and closes_at ${String(closes)}` };
  return { days, from, to };
}

function ordinal(n: number): string {
  if (n === -1) return "last";
  if (n < 0) return `${-n}${suffix(-n)} from last`;
  return `${n}${suffix(n)}`;
}
function suffix(n: number): string {
  return n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
}

/** A schedule we cannot turn into OSM hours, in words: "Every month on the 2nd Monday, 10:00–12:00". */
export function describeSchedule(s: Obj): string {
  const freq = str(s.freq)?.toUpperCase();
  const parts: string[] = [freq === "MONTHLY" ? "Every month" : freq === "WEEKLY" ? "Every week" : ""];
  const byday = str(s.byday);
  if (byday) {
    const days = byday.split(",").map((raw) => {
      const m = /^([-+]?\d+)?\s*([A-Z]{2})$/i.exec(raw.trim());
      const name = m ? DAY_NAMES[DAYS.indexOf(m[2]!.toUpperCase())] : undefined;
      if (!m || !name) return raw.trim();
      return m[1] ? `the ${ordinal(Number(m[1]))} ${name}` : name;
    });
    parts.push(`on ${days.join(", ")}`);
  }
  const bymonthday = str(s.bymonthday);
  if (bymonthday) parts.push(`on day ${bymonthday} of the month`);
  const text = parts.filter(Boolean).join(" ");
  const from = clockOf(s.opens_at);
  const to = clockOf(s.closes_at);
  return [text, from && to ? `${from}–${to}` : null].filter(Boolean).join(", ");
}

function merge(list: Interval[]): Interval[] {
  const sorted = [...list].sort((a, b) => a.from - b.from || a.to - b.to);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    // Overnight intervals (to < from) are kept apart: OSM writes them as 22:00-02:00.
    if (last && last.to >= last.from && i.to >= i.from && i.from <= last.to) last.to = Math.max(last.to, i.to);
    else out.push({ ...i });
  }
  return out;
}

export interface HoursFromSchedules {
  /** OSM opening_hours, or null when there are none or they cannot be read as a weekly pattern. */
  hours: string | null;
  /** The hours as published: the schedules' descriptions (or, for unreadable schedules, a plain description). */
  text: string | null;
  /** Why the schedules could not be read as weekly hours, when they could not. */
  unreadable: string | null;
}

/** HSDS schedules → OSM opening_hours plus the published text. */
export function schedulesToHours(schedules: Obj[]): HoursFromSchedules {
  const texts: string[] = [];
  const addText = (t: string | null) => {
    if (t && !texts.includes(t)) texts.push(t);
  };
  const perDay: Interval[][] = DAYS.map(() => []);
  let unreadable: string | null = null;
  let structured = 0;
  for (const s of schedules) {
    const desc = str(s.description);
    const w = readWeekly(s);
    if (w && "unreadable" in w) {
      unreadable ??= w.unreadable;
      addText(desc ?? describeSchedule(s));
      continue;
    }
    addText(desc);
    if (!w) continue;
    structured++;
    for (const d of w.days) perDay[d]!.push({ from: minutes(w.from), to: minutes(w.to) });
  }
  let hours: string | null = null;
  if (!unreadable && structured) {
    const bySpec = new Map<string, number[]>();
    perDay.forEach((list, day) => {
      if (!list.length) return;
      const spec = merge(list)
        .map((i) => `${hhmm(i.from)}-${hhmm(i.to)}`)
        .join(",");
      bySpec.set(spec, [...(bySpec.get(spec) ?? []), day]);
    });
    const rules = [...bySpec.entries()].sort((a, b) => a[1][0]! - b[1][0]!).map(([spec, days]) => `${daysToOsm(days)} ${spec}`);
    const value = rules.join("; ");
    if (value && isValidHours(value)) hours = value;
    else unreadable = `the times do not make valid opening hours (${value})`;
  }
  let text: string | null = texts.length ? texts.join("; ") : null;
  if (text && text.length > TEXT_MAX) text = `${text.slice(0, TEXT_MAX - 1)}…`;
  // Text-only schedules whose text is itself OSM syntax (what our export writes for hours that a
  // plain week cannot show, such as "Jun-Aug Sa 10:00-12:00") are the hours.
  if (!hours && !structured && !unreadable && text && texts.length === 1 && /\d{2}:\d{2}|24\/7/.test(text) && isValidHours(text)) {
    return { hours: text, text: null, unreadable: null };
  }
  return { hours, text, unreadable };
}
