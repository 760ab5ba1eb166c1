// The scoring rules. Each rule is a small pure function that returns points and the plain-English
// reasons for them, so the score is transparent (each suggestion lists its parts). See
// docs/decisions/0030-matcher-scoring.md for the weights and why.
import { formatDistance } from "../geo";
import { isOpenAt } from "../hours";
import { ACCESS_LABELS, categoryLabel, categoryWithAncestors, KIND_QUADRANT, type AccessFeature, type Quadrant } from "../taxonomy";
import { DOMAIN_CATEGORIES, DOMAIN_LABELS, GROUP_CATEGORIES, SOCIAL_DOMAINS, WORD_CATEGORIES } from "./domains";
import type { ChangingPlacesMatch } from "./rules";
import { stemsMatch, textHas, words } from "./text";
import type { Candidate, Day, MatchOutcome, MatchProfile } from "./types";

export interface RuleResult {
  points: number;
  reasons: string[];
}

export const WEIGHTS = {
  domainCategory: 30,
  statementCategory: 20,
  statementCategoryMax: 40,
  statementWord: 6,
  statementWordMax: 18,
  interest: 10,
  interestMax: 20,
  identity: 8,
  identityMax: 16,
  distance: 15,
  free: 10,
  timeCreditsSpend: 6,
  personalBudget: 3,
  openWhenFree: 8,
  closedWhenFree: -10,
  groupSocial: 8,
  group: 3,
  quadrant: { community: 8, universal: 6, individual: 3, targeted: 0 } as Record<Quadrant, number>,
  targetedPenalty: -12,
  wholeFamily: 6,
  /** An age-limited place when the person's age is not known (kept, and the reasons say so). */
  ageUnknown: -4,
} as const;

/** A candidate with what the rules read, worked out once per request. */
export interface Prepared {
  c: Candidate;
  /** Direct categories and their ancestors. */
  cats: Set<string>;
  /** Lower-case name, summary, the start of the description, category labels, organisation. */
  text: string;
  distance_km: number;
  changing_places?: ChangingPlacesMatch;
}

export function prepare(c: Candidate, distance_km: number, changing_places?: ChangingPlacesMatch): Prepared {
  const cats = new Set<string>();
  for (const code of c.categories) for (const a of categoryWithAncestors(code)) cats.add(a);
  const labels = [...cats].map(categoryLabel).join(" ");
  const text = ` ${c.name} ${c.summary} ${(c.description ?? "").slice(0, 400)} ${labels} ${c.organisation ?? ""}`.toLowerCase();
  return { c, cats, text, distance_km, changing_places };
}

function pluralDay(d: Day): string {
  return { mon: "Mondays", tue: "Tuesdays", wed: "Wednesdays", thu: "Thursdays", fri: "Fridays", sat: "Saturdays", sun: "Sundays" }[d];
}

/**
 * Categories for an age group count only for people of that age (when the age is known):
 * an older people's lunch club does not serve a teenager's wish for friends.
 */
export function categoryFitsAge(code: string, age: number | undefined): boolean {
  if (age === undefined) return true;
  if (code === "older_people") return age >= 50;
  if (code === "children_young_people") return age < 26;
  if (code === "childrens_centre") return age < 6 || age >= 16;
  return true;
}

/** The first category of the asset that `wanted` contains (and that fits the person's age). */
function firstCategory(p: Prepared, wanted: readonly string[], age?: number): string | undefined {
  for (const code of wanted) if (p.cats.has(code) && categoryFitsAge(code, age)) return code;
  return undefined;
}

const CODES_CACHE = new Map<string, string[]>();

/** The categories an everyday word points to (WORD_CATEGORIES, by stem prefix), cached. */
export function codesForWord(w: string): string[] {
  let codes = CODES_CACHE.get(w);
  if (!codes) {
    codes = [];
    for (const [key, list] of Object.entries(WORD_CATEGORIES)) if (stemsMatch(w, key)) for (const c of list) if (!codes.includes(c)) codes.push(c);
    if (CODES_CACHE.size > 10000) CODES_CACHE.clear();
    CODES_CACHE.set(w, codes);
  }
  return codes;
}

/** The most specific category an everyday word points to (the first of its WORD_CATEGORIES entry). */
export function firstCodeForWord(w: string): string | undefined {
  for (const [key, list] of Object.entries(WORD_CATEGORIES)) if (stemsMatch(w, key)) return list[0];
  return undefined;
}

/** Rule 1: fit to the outcome — the domain's categories, and the words of the statement. */
export function outcomeFit(p: Prepared, o: MatchOutcome, age?: number): RuleResult & { domainMatch: boolean; categories: string[] } {
  const reasons: string[] = [];
  let points = 0;
  const matched: string[] = [];
  const domainCat = firstCategory(p, DOMAIN_CATEGORIES[o.domain], age);
  if (domainCat) {
    points += WEIGHTS.domainCategory;
    matched.push(domainCat);
    reasons.push(`Helps with ${DOMAIN_LABELS[o.domain]}: ${categoryLabel(domainCat).toLowerCase()}`);
  }
  const statement = words(o.statement);
  let catPoints = 0;
  const saidCats: string[] = [];
  for (const w of statement) {
    const codes = codesForWord(w);
    if (!codes.length) continue;
    const hit = firstCategory(p, codes, age);
    if (hit && catPoints < WEIGHTS.statementCategoryMax) {
      catPoints += WEIGHTS.statementCategory;
      saidCats.push(w);
      matched.push(hit);
    }
  }
  let wordPoints = 0;
  const saidWords: string[] = [];
  for (const w of statement) {
    if (saidCats.includes(w) || wordPoints >= WEIGHTS.statementWordMax) continue;
    if (textHas(p.text, w)) {
      wordPoints += WEIGHTS.statementWord;
      saidWords.push(w);
    }
  }
  points += Math.min(catPoints, WEIGHTS.statementCategoryMax) + Math.min(wordPoints, WEIGHTS.statementWordMax);
  const said = [...saidCats, ...saidWords];
  if (said.length) reasons.push(`Fits what you said: “${o.statement.trim()}”`);
  return { points, reasons, domainMatch: Boolean(domainCat), categories: matched };
}

const FAITH_WORDS: Record<string, string[]> = {
  muslim: ["mosque", "islam", "masjid", "muslim"],
  islam: ["mosque", "islam", "masjid", "muslim"],
  christian: ["church", "chapel", "christian", "parish"],
  catholic: ["church", "catholic", "parish"],
  sikh: ["gurdwara", "sikh"],
  hindu: ["mandir", "hindu", "temple"],
  jewish: ["synagogue", "jewish"],
  buddhist: ["buddhist", "temple"],
};

const LANGUAGE_NAMES: Record<string, string> = {
  ur: "urdu", pa: "punjabi", bn: "bengali", pl: "polish", ar: "arabic", so: "somali", cy: "welsh",
  fr: "french", es: "spanish", zh: "chinese", gu: "gujarati", hi: "hindi", ro: "romanian", pt: "portuguese",
  bsl: "sign", ku: "kurdish", fa: "farsi", ti: "tigrinya", uk: "ukrainian", ru: "russian", ta: "tamil",
};

function titleWords(text: string): string {
  return text.trim();
}

/** Rule 2: fit to interests and identity (culture, faith, languages other than English). */
export function interestFit(p: Prepared, profile: MatchProfile): RuleResult {
  const reasons: string[] = [];
  let points = 0;
  for (const interest of profile.interests) {
    if (points >= WEIGHTS.interestMax) break;
    const ws = words(interest);
    const direct = ws.some((w) => textHas(p.text, w));
    // Through a category only via the word's most specific one ("football" → football, not any sports club).
    const viaCategory = !direct && ws.some((w) => {
      const first = firstCodeForWord(w);
      return first !== undefined && p.cats.has(first);
    });
    if (direct || viaCategory) {
      points += WEIGHTS.interest;
      reasons.push(`Matches your interest in ${titleWords(interest)}`);
    }
  }
  let identity = 0;
  for (const f of profile.faith) {
    const keys = words(f).flatMap((w) => FAITH_WORDS[w] ?? [w]);
    if (keys.some((k) => textHas(p.text, k)) && identity < WEIGHTS.identityMax) {
      identity += WEIGHTS.identity;
      reasons.push(`Fits your faith (${titleWords(f)})`);
    }
  }
  for (const c of profile.culture) {
    if (words(c).some((w) => textHas(p.text, w)) && identity < WEIGHTS.identityMax) {
      identity += WEIGHTS.identity;
      reasons.push(`Connects with your culture (${titleWords(c)})`);
    }
  }
  for (const l of profile.languages) {
    const name = LANGUAGE_NAMES[l.toLowerCase()] ?? l.toLowerCase();
    if (name === "en" || name === "english") continue;
    if (textHas(p.text, name) && identity < WEIGHTS.identityMax) {
      identity += WEIGHTS.identity;
      reasons.push(`Mentions ${name[0].toUpperCase()}${name.slice(1)}, a language you speak`);
    }
  }
  return { points: points + identity, reasons };
}

/** Walking or wheeling only: nearer matters twice as much. */
export function onFootOnly(profile: MatchProfile): boolean {
  const m = profile.travel_modes ?? [];
  return m.length > 0 && m.every((x) => x === "walk" || x === "wheelchair");
}

/** Rule 3: distance and travel — nearer is better, on a scale of the person's own travel distance. */
export function distanceScore(p: Prepared, profile: MatchProfile): RuleResult {
  const share = Math.max(0, 1 - p.distance_km / profile.max_travel_km);
  const weight = onFootOnly(profile) ? WEIGHTS.distance * 2 : WEIGHTS.distance;
  const reasons = [`${formatDistance(p.distance_km)} away`];
  if (onFootOnly(profile)) {
    const speed = profile.travel_modes!.includes("wheelchair") ? 4 : 5;
    const minutes = Math.max(1, Math.round((p.distance_km / speed) * 60));
    reasons[0] += ` (about ${minutes} minutes on foot or by wheelchair)`;
  }
  return { points: Math.round(weight * share * 10) / 10, reasons };
}

/** Rule 4: cost and how it is paid — free, time credits, a personal budget. */
export function costScore(p: Prepared, profile: MatchProfile): RuleResult {
  const c = p.c;
  if (c.is_free === true) return { points: WEIGHTS.free, reasons: ["Free"] };
  if (c.time_credits_spend) return { points: WEIGHTS.timeCreditsSpend, reasons: ["You can pay with time credits"] };
  if (c.is_free === false) {
    const detail = c.cost_text ? `: ${c.cost_text.slice(0, 80)}` : "";
    if (profile.personal_budget && (c.kind === "micro_enterprise" || p.cats.has("care_support"))) {
      return { points: WEIGHTS.personalBudget, reasons: [`Costs money${detail}; it can be paid from your personal budget`] };
    }
    return { points: 0, reasons: [`Costs money${detail}`] };
  }
  return { points: 0, reasons: [] };
}

/** A fixed week (Monday 6 January 2025) so the same input always gives the same answer. */
const REFERENCE_MONDAY = [2025, 0, 6] as const;
const CHECK_HOURS = [10, 13, 16, 19];

const OPEN_CACHE = new Map<string, boolean | null>();

/** Open at some point of the day (10:00, 13:00, 16:00 or 19:00 in a fixed week)? null: not known. */
export function openOnDay(hours: string, day: Day): boolean | null {
  const key = `${day}|${hours}`;
  const hit = OPEN_CACHE.get(key);
  if (hit !== undefined) return hit;
  const v = openOnDayUncached(hours, day);
  if (OPEN_CACHE.size > 20000) OPEN_CACHE.clear();
  OPEN_CACHE.set(key, v);
  return v;
}

function openOnDayUncached(hours: string, day: Day): boolean | null {
  const offset = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].indexOf(day);
  let known = false;
  for (const h of CHECK_HOURS) {
    const at = new Date(REFERENCE_MONDAY[0], REFERENCE_MONDAY[1], REFERENCE_MONDAY[2] + offset, h, 0, 0);
    const open = isOpenAt(hours, at);
    if (open === true) return true;
    if (open === false) known = true;
  }
  return known ? false : null;
}

/** Rule 5: opening times against the days the person is free. */
export function hoursScore(p: Prepared, profile: MatchProfile): RuleResult {
  if (!profile.available.length || !p.c.opening_hours) return { points: 0, reasons: [] };
  const openDays: Day[] = [];
  let known = false;
  for (const d of profile.available) {
    const open = openOnDay(p.c.opening_hours, d);
    if (open !== null) known = true;
    if (open) openDays.push(d);
  }
  if (openDays.length) {
    const list = openDays.slice(0, 3).map(pluralDay);
    const text = list.length > 1 ? `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}` : list[0];
    return { points: WEIGHTS.openWhenFree, reasons: [`Open on ${text}, when you are free`] };
  }
  if (known) return { points: WEIGHTS.closedWhenFree, reasons: ["Not open on the days you said you are free"] };
  return { points: 0, reasons: [] };
}

export function isGroup(p: Prepared): boolean {
  return p.c.kind === "community_group" || GROUP_CATEGORIES.some((c) => p.cats.has(c));
}

const LONELY = ["lonely", "friend", "isolat", "people", "meet", "company", "social", "alone"];

/** Rule 6: group activities that reduce isolation. */
export function groupScore(p: Prepared, o: MatchOutcome): RuleResult {
  if (!isGroup(p)) return { points: 0, reasons: [] };
  const social = SOCIAL_DOMAINS.includes(o.domain) || words(o.statement).some((w) => LONELY.some((l) => stemsMatch(w, l)));
  return social
    ? { points: WEIGHTS.groupSocial, reasons: ["A group: a chance to meet people and make friends"] }
    : { points: WEIGHTS.group, reasons: ["A group: a chance to meet people"] };
}

/** Rule 7: community and universal first. Targeted services carry a penalty and a label. */
export function quadrantScore(p: Prepared): RuleResult & { quadrant: Quadrant } {
  const quadrant = KIND_QUADRANT[p.c.kind];
  const points = WEIGHTS.quadrant[quadrant] + (quadrant === "targeted" ? WEIGHTS.targetedPenalty : 0);
  const reasons = {
    community: ["Part of the local community"],
    universal: ["Open to everyone"],
    individual: ["A small local provider"],
    targeted: [],
  }[quadrant];
  return { points, reasons, quadrant };
}

/** Not scored (access needs are a hard rule), but said: how each need is met. */
export function accessReasons(p: Prepared, needs: readonly AccessFeature[]): string[] {
  const out: string[] = [];
  for (const need of needs) {
    if (need === "changing_places") {
      const cp = p.changing_places;
      if (!cp) continue;
      if (cp.on_site) out.push("Changing Places toilet on site");
      else out.push(`Changing Places toilet ${formatDistance(cp.distance_km)} away (${cp.toilet!.name})`);
    } else {
      out.push(ACCESS_LABELS[need]);
    }
  }
  return out;
}
