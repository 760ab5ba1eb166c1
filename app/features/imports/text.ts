// Small, pure helpers that turn the text found in open data into clean field values:
// missing-value markers, names in capitals, postcodes, towns, phone numbers, web addresses,
// categories and ages read from free text. No I/O.
import { parsePostcode } from "../../core/postcode";

const MISSING = /^(na|n\/a|null|none|not known|unknown|-|\?)$/i;

/** Trimmed text, or null for empty cells and markers such as "NA" or "Not known". */
export function clean(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value).replace(/\u00a0/g, " ").replace(/\s+/g, " ").trim();
  if (!s || MISSING.test(s)) return null;
  return s;
}

/** Like `clean` but keeps line breaks (for descriptions). */
export function cleanMultiline(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value)
    .replace(/\u00a0/g, " ")
    .split(/\r?\n/)
    .map((l) => l.replace(/[ \t]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  if (!s || MISSING.test(s)) return null;
  return s;
}

/** A number from a cell, or null when the cell is empty or not a number. */
export function toNumber(value: unknown): number | null {
  const s = clean(value);
  if (s === null) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

const SMALL_WORDS = new Set(["a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with", "from", "into"]);
const KEEP_UPPER = new Set(["UK", "GB", "NHS", "CIC", "CIO", "YMCA", "YWCA", "BME", "RSPB", "PTA", "PTFA", "FC", "AFC", "RFC", "RUFC", "CC", "LGBT", "II", "III", "IV", "ICW", "MS", "RNLI", "RAF", "CVS"]);

/** "THE CHESHIRE WILDLIFE TRUST LIMITED" → "The Cheshire Wildlife Trust Limited". Mixed-case text is left alone. */
export function titleCase(text: string): string {
  if (/[a-z]/.test(text)) return text;
  let first = true;
  return text
    .toLowerCase()
    .replace(/[a-z0-9][a-z0-9'’]*/g, (word) => {
      const upper = word.toUpperCase();
      const isFirst = first;
      first = false;
      if (KEEP_UPPER.has(upper)) return upper;
      if (!isFirst && SMALL_WORDS.has(word)) return word;
      return word.charAt(0).toUpperCase() + word.slice(1);
    })
    .replace(/\(\s+/g, "(")
    .replace(/\s+\)/g, ")");
}

/**
 * A postcode in its standard form ("M33 7XX"), or null when it is not a full UK postcode.
 * A letter O typed for a zero in the inward code ("WA15 OHF") is corrected.
 */
export function normalisePostcode(value: unknown): string | null {
  const s = clean(value);
  if (!s) return null;
  const compact = s.replace(/\s+/g, "").toUpperCase();
  const fixed = compact.length >= 5 ? compact.slice(0, -3) + compact.slice(-3).replace(/^O/, "0") : compact;
  const p = parsePostcode(fixed);
  return p && p.incode ? p.postcode : null;
}

/** "M33 7XX" → "M337XX" (the key of unit postcodes in the postcodes table). */
export function postcodeKey(postcode: string): string {
  return postcode.replace(/\s+/g, "").toUpperCase();
}

/** "M33 7XX" → "M33". */
export function outcodeOf(postcode: string): string {
  return postcode.trim().split(/\s+/)[0].toUpperCase();
}

const COUNTY_OR_COUNTRY = /^(greater manchester|gtr manchester|cheshire|lancashire|lancs|merseyside|west yorkshire|derbyshire|staffordshire|england|uk|united kingdom|gb|great britain)$/i;
const STREETISH =
  /\b(road|rd|street|st|lane|ln|avenue|ave|drive|close|way|crescent|place|square|terrace|walk|court|house|centre|center|building|buildings|hall|church|chapel|school|college|hospital|unit|floor|parade|precinct|mews|row|gardens|estate|po box|library|chambers|farm|works|hotel|club|pavilion|pavillion|surgery|practice|store|stores|mill|office|offices|studios?|block|suite|ground|lodge|cottage|villa|broadway|mall)\b/i;

/** Towns recognised at the end of an address written without commas ("26 Wood Street Manchester"). */
const KNOWN_TOWNS = [
  "Bolton", "Bury", "Manchester", "Oldham", "Rochdale", "Salford", "Stockport", "Wigan", "Leigh", "Eccles",
  "Sale", "Altrincham", "Urmston", "Stretford", "Partington", "Old Trafford", "Timperley", "Hale", "Bowdon", "Flixton", "Davyhulme",
];

/**
 * Postcode districts in Trafford whose post town is "Manchester", and the town people call
 * them by; used only when an address ends in the generic "Manchester".
 */
const TRAFFORD_DISTRICT_TOWNS: Record<string, string> = {
  M17: "Trafford Park",
  M31: "Partington",
  M32: "Stretford",
  M33: "Sale",
  M41: "Urmston",
};

/**
 * The town of an address: "6 Woodsend Crescent Road, Urmston, Manchester" → "Urmston",
 * "405 Stockport Road, Timperley, Altrincham" → "Altrincham". Counties are ignored; a final
 * "Manchester" gives way to the part before it when that part reads like a town, or to the
 * town of a Trafford postcode district.
 */
export function localityFromAddress(address: string | null, postcode?: string | null): string | null {
  if (!address) return null;
  const parts = address
    .split(/,|\n/)
    .map((p) => p.trim().replace(/\.+$/, "").trim())
    .filter((p) => p && !MISSING.test(p) && !COUNTY_OR_COUNTRY.test(p) && !normalisePostcode(p));
  if (parts.length === 0) return null;
  let town = parts[parts.length - 1];
  const notATown = /\d/.test(town) || STREETISH.test(town) || town.length > 40 || town.split(/\s+/).length > 4;
  if (notATown) {
    const trailing = KNOWN_TOWNS.find((t) => new RegExp(`\\s${t}$`, "i").test(town));
    if (trailing && !/^manchester$/i.test(trailing)) return trailing;
    return (postcode ? TRAFFORD_DISTRICT_TOWNS[outcodeOf(postcode)] : undefined) ?? trailing ?? null;
  }
  if (/^manchester$/i.test(town)) {
    const before = parts.length >= 3 ? parts[parts.length - 2] : null;
    if (before && !/\d/.test(before) && !STREETISH.test(before) && !/^manchester$/i.test(before)) town = before;
    else if (postcode && TRAFFORD_DISTRICT_TOWNS[outcodeOf(postcode)]) town = TRAFFORD_DISTRICT_TOWNS[outcodeOf(postcode)];
  }
  return tidyTown(town);
}

/** A town written as in the source, in title case when the source shouted it. */
export function tidyTown(town: string | null): string | null {
  const t = clean(town);
  if (!t) return null;
  return titleCase(t).replace(/\s+/g, " ");
}

/**
 * A UK phone number as written, with the leading zero put back when a spreadsheet dropped it
 * ("1617486414" → "01617486414", "1618341e3" → "01618341000").
 */
export function normalisePhone(value: unknown): string | null {
  let s = clean(value);
  if (!s) return null;
  // A spreadsheet wrote numbers ending in zeros in scientific notation ("1618341e3" is 1618341000).
  const sci = /^([1-9]\d*)e\+?(\d{1,2})$/i.exec(s);
  if (sci) {
    s = sci[1] + "0".repeat(Number(sci[2]));
    // Only a ten-digit national number (without its 0) can be put back with confidence.
    if (!/^[1-9]\d{9}$/.test(s)) return null;
  }
  if (/^[1-9]\d{9}$/.test(s)) return `0${s}`;
  return s.length > 50 ? s.slice(0, 50) : s;
}

/** A web address with its scheme ("www.example.org" → "https://www.example.org"). */
export function normaliseWebsite(value: unknown): string | null {
  const s = clean(value);
  if (!s || /\s/.test(s) || !/\./.test(s)) return null;
  if (/^https?:\/\//i.test(s)) return s;
  return `https://${s.replace(/^\/+/, "")}`;
}

/** An email address, or null when the cell does not hold one. */
export function normaliseEmail(value: unknown): string | null {
  const s = clean(value);
  return s && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s) ? s : null;
}

/** "Altrincham Library" + "WA14 1AH" → "altrincham-library|WA141AH": a stable id for rows without one. */
export function nameKey(name: string, postcode?: string | null): string {
  const slug = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return postcode ? `${slug}|${postcodeKey(postcode)}` : slug;
}

/** Keyword rules that suggest categories from free text (activities, descriptions). */
const KEYWORD_CATEGORIES: [RegExp, string][] = [
  [/\bmusic|\barts?\b|\bartist|drama|theatre|choir|\bdanc|\bsing(ing|ers)?\b|\bcraft/i, "arts_music"],
  [/child|\byoung|\byouth|\bteen|\bschool|\bpupils?\b|\bkids\b|\bbab(y|ies)\b|\bfamil(y|ies)\b/i, "children_young_people"],
  [/\bolder\b|elderly|\baged\b|\bretired|pensioner|over 50s|over 60s|\bdementia|later life/i, "older_people"],
  [/\bcarer/i, "carers"],
  [/disab|learning difficult|autis|impairment/i, "disability"],
  [/garden|allotment|horticult/i, "gardening"],
  [/\bmental|wellbeing|well-being|depress|anxiety|\bisolat|lonel/i, "mental_health"],
  [/\bfood|hunger|\bmeals?\b|\bfeed/i, "food"],
  [/volunteer/i, "volunteering"],
  [/\badvice\b|advocacy|\bdebt\b|\bbenefits\b|\bwelfare rights/i, "advice"],
  [/\bsport|football|cricket|rugby|athletic|\btennis|\bgolf|\bbowling|swimming/i, "sport_leisure"],
  [/\beducat|\btraining\b|\blearning\b|\bskills\b/i, "education"],
  [/wildlife|conservation|environment|\bnature\b|countryside|green space/i, "environment"],
  [/\bchurch|\bworship|\bmosque|synagogue|\btemple\b|\bgurdwara|\bchristian|\bmuslim|\bislam|\bjewish|\bfaith\b|relig|\bparish|\bgospel|\bministry\b/i, "faith_culture"],
];

/** Categories suggested by keywords in the text: "music for children" → arts_music, children_young_people. */
export function categoriesFromText(text: string | null | undefined): string[] {
  if (!text) return [];
  const out: string[] = [];
  for (const [re, code] of KEYWORD_CATEGORIES) if (re.test(text)) out.push(code);
  return out;
}

/**
 * An age range read from free text: "young people aged 13 to 25" → {min 13, max 25},
 * "aged 16 and over" → {min 16}, "over 50s" → {min 50}. Null when no age is stated.
 */
export function ageFromText(text: string | null | undefined): { min: number | null; max: number | null } | null {
  if (!text) return null;
  let m = /\baged (?:between )?(\d{1,2})\s*(?:to|-|–|and)\s*(\d{1,3})\b/i.exec(text);
  if (m) return { min: Number(m[1]), max: Number(m[2]) };
  m = /\b(?:aged|age) (\d{1,2})\s*(?:years\s*)?(?:and|or)\s*(?:over|above|older)\b/i.exec(text) ?? /\b(\d{1,2})\s*(?:years\s*)?(?:and|or)\s*(?:over|above|older)\b/i.exec(text);
  if (m) return { min: Number(m[1]), max: null };
  m = /\bover\s*(\d{2})s\b/i.exec(text);
  if (m) return { min: Number(m[1]), max: null };
  m = /\baged birth to (\d{1,2})\b/i.exec(text);
  if (m) return { min: 0, max: Number(m[1]) };
  return null;
}

/** The first sentence that mentions a price ("£30 for 6 week course"), or null. */
export function priceSentence(text: string | null | undefined): string | null {
  if (!text || !/£\s?\d/.test(text)) return null;
  const sentence = text.split(/(?<=[.!?])\s+/).find((s) => /£\s?\d/.test(s)) ?? text;
  const parts = sentence.split(/\s+[-–]\s+/);
  return (parts.find((p) => /£\s?\d/.test(p)) ?? sentence).trim().replace(/\.$/, "");
}

/** Join the non-empty parts of an address. */
export function joinAddress(...parts: (string | null | undefined)[]): string | null {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of parts) {
    const c = clean(p);
    if (!c || seen.has(c.toLowerCase())) continue;
    seen.add(c.toLowerCase());
    out.push(c);
  }
  return out.length ? out.join(", ") : null;
}

/** Up to `max` characters, cut at a word boundary, with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${cut.slice(0, space > max * 0.6 ? space : max - 1).trimEnd()}…`;
}

/** "2017-01" → "2017-01-01"; "07/07/2014 00:00" → "2014-07-07"; ISO dates pass through; else null. */
export function isoDate(value: unknown): string | null {
  const s = clean(value);
  if (!s) return null;
  let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{4})-(\d{2})$/.exec(s);
  if (m) return `${m[1]}-${m[2]}-01`;
  m = /^(\d{2})\/(\d{2})\/(\d{4})/.exec(s);
  if (m) return `${m[3]}-${m[2]}-${m[1]}`;
  return null;
}
