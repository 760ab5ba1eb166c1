// The matcher: candidates (already fetched near the person) + profile + outcomes → suggestions
// per outcome and ways to contribute (CONTRACTS: POST /api/match). Pure and deterministic: the
// same input always gives the same output (ties broken by distance, then id).
//
// Steps: hard rules (rules.ts) → score each remaining candidate per outcome (score.ts) →
// relevance gate (it must fit the outcome or the person's interests) → whole family bonus →
// targeted services only where they add something → diversity in the top five.
import { formatDistance, roundKm } from "../geo";
import { categoryLabel, KIND_QUADRANT } from "../taxonomy";
import { DOMAIN_CATEGORIES } from "./domains";
import { ageRangeText, ageVerdict, checkPlaceRules, type HardRule } from "./rules";
import {
  accessReasons,
  codesForWord,
  costScore,
  distanceScore,
  groupScore,
  hoursScore,
  interestFit,
  outcomeFit,
  prepare,
  quadrantScore,
  WEIGHTS,
  type Prepared,
} from "./score";
import { textHas, words } from "./text";
import type { Candidate, Contribution, MatchOptions, MatchOutcome, MatchProfile, MatchResult, OutcomeResult, Suggestion, Toilet } from "./types";

export * from "./types";
export { checkHardRules, checkPlaceRules, changingPlacesFor, ageAllowed, ageVerdict, ageRangeText } from "./rules";
export { DOMAIN_CATEGORIES, DOMAIN_LABELS, WORD_CATEGORIES } from "./domains";

/** Categories that are never a suggestion on their own (they are facilities, not connections). */
const NOT_A_CONNECTION = ["defibrillator"];
const TOP = 5;

interface Scored {
  p: Prepared;
  score: number;
  parts: { rule: string; points: number }[];
  reasonParts: string[][];
  extraReasons: string[];
  fitCategories: string[];
  quadrant: Suggestion["quadrant"];
}

function byScore(a: { score: number; p: Prepared }, b: { score: number; p: Prepared }): number {
  return b.score - a.score || a.p.distance_km - b.p.distance_km || (a.p.c.id < b.p.c.id ? -1 : a.p.c.id > b.p.c.id ? 1 : 0);
}

function isFacilityOnly(p: Prepared, o: MatchOutcome): boolean {
  if (o.domain === "toilet_needs") return false;
  if (p.c.kind === "changing_places_toilet") return true;
  const direct = p.c.categories;
  if (direct.length && direct.every((c) => NOT_A_CONNECTION.includes(c) || c === "public_toilet" || c === "changing_places" || c === "toilets_available" || c === "toilets")) return true;
  return false;
}

type PerCandidate = Record<"interest" | "dist" | "cost" | "hours", { points: number; reasons: string[] }> & { access: string[] };

/** The rules that do not depend on the outcome, worked out once per candidate. */
function perCandidate(p: Prepared, profile: MatchProfile, cache: Map<Prepared, PerCandidate>): PerCandidate {
  let v = cache.get(p);
  if (!v) {
    v = { interest: interestFit(p, profile), dist: distanceScore(p, profile), cost: costScore(p, profile), hours: hoursScore(p, profile), access: accessReasons(p, profile.access_needs) };
    cache.set(p, v);
  }
  return v;
}

/**
 * The categories that can fit these outcomes (each domain's categories, and those the words of the
 * statements point to): the caller fetches candidates in them as well as the nearest ones, so a
 * dense area does not hide a fitting place behind hundreds of nearer ones.
 */
export function outcomeCategories(outcomes: readonly MatchOutcome[]): string[] {
  const out = new Set<string>();
  for (const o of outcomes) {
    for (const c of DOMAIN_CATEGORIES[o.domain] ?? []) out.add(c);
    for (const w of words(o.statement)) for (const c of codesForWord(w)) out.add(c);
  }
  return [...out].sort();
}

/** Whose age counts for an outcome: the member's own, else the profile holder's. */
export function outcomeAge(o: MatchOutcome, profile: MatchProfile): number | undefined {
  return o.age === undefined ? profile.age : (o.age ?? undefined);
}

function scoreFor(p: Prepared, o: MatchOutcome, profile: MatchProfile, cache: Map<Prepared, PerCandidate>, age: number | undefined): Scored | null {
  if (isFacilityOnly(p, o)) return null;
  const fit = outcomeFit(p, o, age);
  const pc = perCandidate(p, profile, cache);
  const interest = pc.interest;
  // Relevance gate: it must serve the outcome, or the person's interests.
  if (fit.points <= 0 && interest.points <= 0) return null;
  const { dist, cost, hours } = pc;
  const group = groupScore(p, o);
  const quad = quadrantScore(p);
  // An age-limited place for someone whose age nobody gave: kept, a little lower, and said.
  const ageCheck: string[] = [];
  let agePoints = 0;
  if (age === undefined && (p.c.min_age != null || p.c.max_age != null)) {
    agePoints = WEIGHTS.ageUnknown;
    ageCheck.push(`Check the age range: it is ${ageRangeText(p.c)}, and we do not have an age for ${memberName(o)}`);
  }
  const parts = [
    { rule: "outcome", points: fit.points },
    { rule: "interests_identity", points: interest.points },
    { rule: "distance", points: dist.points },
    { rule: "cost", points: cost.points },
    { rule: "hours", points: hours.points },
    { rule: "group", points: group.points },
    { rule: "quadrant", points: quad.points },
    ...(agePoints ? [{ rule: "age_unknown", points: agePoints }] : []),
  ];
  const score = parts.reduce((s, x) => s + x.points, 0);
  // Reasons are joined only for the suggestions that are shown (at the end of match).
  const reasonParts = [fit.reasons, interest.reasons, dist.reasons, pc.access, cost.reasons, hours.reasons, group.reasons, quad.reasons, ageCheck];
  return { p, score, parts, reasonParts, extraReasons: [], fitCategories: fit.categories, quadrant: quad.quadrant };
}

/** Greedy pick that keeps the top five from being all one kind or all one organisation. */
export function diversify<T extends { p: Prepared }>(sorted: T[], limit: number): T[] {
  const picked: T[] = [];
  const rest = [...sorted];
  while (picked.length < limit && rest.length) {
    let idx = 0;
    if (picked.length === TOP - 1) {
      const kinds = new Set(picked.map((s) => s.p.c.kind));
      const orgs = new Set(picked.map((s) => s.p.c.organisation ?? `#${s.p.c.id}`));
      const oneKind = kinds.size === 1 ? [...kinds][0] : null;
      const oneOrg = orgs.size === 1 ? [...orgs][0] : null;
      if (oneKind || oneOrg) {
        const ok = (s: T) => (!oneKind || s.p.c.kind !== oneKind) && (!oneOrg || (s.p.c.organisation ?? `#${s.p.c.id}`) !== oneOrg);
        let found = rest.findIndex(ok);
        // If nothing breaks both, break at least one.
        if (found < 0) found = rest.findIndex((s) => (oneKind && s.p.c.kind !== oneKind) || (oneOrg && (s.p.c.organisation ?? `#${s.p.c.id}`) !== oneOrg));
        if (found >= 0) idx = found;
      }
    }
    picked.push(rest.splice(idx, 1)[0]);
  }
  return picked;
}

function memberName(o: MatchOutcome): string {
  return o.member?.trim() || "the household";
}

export function match(
  input: { profile: MatchProfile; outcomes: MatchOutcome[]; candidates: readonly Candidate[]; toilets?: readonly Toilet[] },
  opts: MatchOptions = {},
): MatchResult {
  const { profile, outcomes } = input;
  const perOutcome = opts.perOutcome ?? 8;
  const toilets = [...(input.toilets ?? [])];
  // Venues with a Changing Places toilet on site count as toilets for their neighbours too.
  for (const c of input.candidates) {
    if (c.status === "active" && (c.kind === "changing_places_toilet" || c.access.includes("changing_places")) && !toilets.some((t) => t.id === c.id)) {
      toilets.push({ id: c.id, name: c.name, lat: c.lat, lng: c.lng });
    }
  }
  toilets.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  // 1. The hard rules about the place (status, distance, access), once per candidate. Duplicates
  //    (same id) are read once. The age rule is per outcome (step 2): a household's members differ.
  const excluded: Record<HardRule, number> = { status: 0, distance: 0, age: 0, access: 0 };
  const prepared: Prepared[] = [];
  const seen = new Set<string>();
  const sortedCandidates = [...input.candidates].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const c of sortedCandidates) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    const r = checkPlaceRules(c, profile, toilets);
    if (!r.ok) {
      excluded[r.rule]++;
      continue;
    }
    prepared.push(prepare(c, r.distance_km, r.changing_places));
  }

  // 2. The age rule for the person each outcome is for, then the score per outcome.
  const scored = new Map<string, Scored[]>();
  const ageOut = new Map<string, number>();
  const ageExcluded = new Set<string>();
  const cache = new Map<Prepared, PerCandidate>();
  for (const o of outcomes) {
    const age = outcomeAge(o, profile);
    const list: Scored[] = [];
    let out = 0;
    for (const p of prepared) {
      if (ageVerdict(p.c, age) === "out") {
        out++;
        ageExcluded.add(p.c.id);
        continue;
      }
      const s = scoreFor(p, o, profile, cache, age);
      if (s) list.push(s);
    }
    ageOut.set(o.id, out);
    scored.set(o.id, list);
  }
  excluded.age = ageExcluded.size;

  // 3. Whole family: an asset that fits the outcomes of more than one member says so.
  const servesOutcomes = new Map<string, string[]>();
  for (const o of outcomes) {
    for (const s of scored.get(o.id)!) {
      if (s.parts[0].points <= 0) continue; // must fit the outcome itself, not only an interest
      const l = servesOutcomes.get(s.p.c.id) ?? [];
      l.push(o.id);
      servesOutcomes.set(s.p.c.id, l);
    }
  }
  const byId = new Map(outcomes.map((o) => [o.id, o]));
  for (const o of outcomes) {
    for (const s of scored.get(o.id)!) {
      const others = (servesOutcomes.get(s.p.c.id) ?? []).filter((id) => id !== o.id);
      const otherMembers = others.filter((id) => memberName(byId.get(id)!) !== memberName(o));
      if (otherMembers.length) {
        s.score += WEIGHTS.wholeFamily;
        s.parts.push({ rule: "whole_family", points: WEIGHTS.wholeFamily });
        const first = byId.get(otherMembers[0])!;
        const more = otherMembers.length > 1 ? ` and ${otherMembers.length - 1} more` : "";
        s.extraReasons.push(`Good for more than one of you: also helps ${memberName(first)} with “${first.statement.trim()}”${more}`);
      }
    }
  }

  // 4. Rank; targeted services only where they add something; diversity in the top five.
  const results: OutcomeResult[] = [];
  for (const o of outcomes) {
    const list = scored.get(o.id)!.sort(byScore);
    const nonTargetedCats = new Set<string>();
    for (const s of list) if (s.quadrant !== "targeted") for (const c of s.fitCategories) nonTargetedCats.add(c);
    const domainCats = DOMAIN_CATEGORIES[o.domain];
    const kept: Scored[] = [];
    let targeted = 0;
    for (const s of list) {
      if (s.quadrant === "targeted") {
        const adds = s.fitCategories.filter((c) => !nonTargetedCats.has(c) && domainCats.includes(c));
        if (!adds.length || targeted >= 2) continue;
        targeted++;
        s.extraReasons.push(`A specialist service: listed because no community or everyday option near you offers ${categoryLabel(adds[0]).toLowerCase()}`);
      }
      kept.push(s);
    }
    const top = diversify(kept, perOutcome);
    const suggestions: Suggestion[] = top.map((s) => {
      const others = (servesOutcomes.get(s.p.c.id) ?? []).filter((id) => id !== o.id);
      const out: Suggestion = {
        asset_id: s.p.c.id,
        name: s.p.c.name,
        kind: s.p.c.kind,
        quadrant: KIND_QUADRANT[s.p.c.kind],
        score: Math.round(s.score * 10) / 10,
        distance_km: roundKm(s.p.distance_km),
        reasons: [...s.reasonParts.flat(), ...s.extraReasons],
        score_parts: s.parts,
      };
      if (s.quadrant === "targeted") out.label = "Specialist service";
      if (others.length) out.also_serves = others;
      return out;
    });
    const r: OutcomeResult = { id: o.id, suggestions };
    if (!suggestions.length) {
      const out = ageOut.get(o.id)!;
      r.empty_reason = emptyReason(profile, input.candidates.length, prepared.length - out, { ...excluded, age: out });
    }
    results.push(r);
  }

  return { outcomes: results, contribute: contributions(prepared, profile, opts.contributeLimit ?? 5), excluded };
}

/** Why an outcome has nothing, in plain English. */
export function emptyReason(profile: MatchProfile, candidates: number, passing: number, excluded: Record<HardRule, number>): string {
  const within = `within ${formatDistance(profile.max_travel_km)}`;
  if (candidates === 0) return `Nothing is listed ${within} of you yet.`;
  if (passing === 0 && excluded.access > 0) return `Nothing ${within} meets your access needs.`;
  if (passing === 0 && excluded.age > 0) return `Nothing ${within} is open to this age group.`;
  if (passing === 0) return `Nothing ${within} is open to you.`;
  return `Nothing ${within} that meets your needs matches this outcome yet.`;
}

const CONTRIBUTE_WORDS = ["volunteer", "peer", "mentor", "befriend", "helper"];

/** Strengths: ways to give — volunteering, earning time credits, peer support. */
export function contributions(prepared: readonly Prepared[], profile: MatchProfile, limit: number): Contribution[] {
  const out: (Contribution & { p: Prepared })[] = [];
  const skillWords = profile.skills.map((s) => ({ s, ws: words(s) }));
  const interestWords = profile.interests.map((s) => ({ s, ws: words(s) }));
  for (const p of prepared) {
    if (p.c.kind === "changing_places_toilet") continue;
    // The person giving is the profile holder: their own age.
    const age = ageVerdict(p.c, profile.age);
    if (age === "out") continue;
    const reasons: string[] = [];
    let score = 0;
    if (p.cats.has("volunteering") || CONTRIBUTE_WORDS.slice(0, 1).some((w) => textHas(p.text, w))) {
      score += 10;
      reasons.push("Volunteer here");
    }
    if (p.c.time_credits_earn || p.c.kind === "time_credit_scheme") {
      score += 10;
      reasons.push(p.c.time_credits_earn ? `Earn time credits: ${p.c.time_credits_earn.slice(0, 100)}` : "Earn time credits for the hours you give");
    }
    if (CONTRIBUTE_WORDS.slice(1).some((w) => textHas(p.text, w)) || (p.cats.has("carers") && p.c.kind === "community_group")) {
      score += 8;
      reasons.push("Peer support: share what you know with people in the same boat");
    }
    if (!score) continue;
    let fit = 0;
    for (const { s, ws } of skillWords) {
      if (ws.some((w) => textHas(p.text, w))) {
        fit += 12;
        reasons.push(`Uses your skill: ${s.trim()}`);
      }
    }
    for (const { s, ws } of interestWords) {
      if (ws.some((w) => textHas(p.text, w))) {
        fit += 8;
        reasons.push(`Matches your interest in ${s.trim()}`);
      }
    }
    score += Math.min(fit, 32) + Math.round(10 * Math.max(0, 1 - p.distance_km / profile.max_travel_km) * 10) / 10;
    reasons.push(...accessReasons(p, profile.access_needs));
    reasons.push(`${formatDistance(p.distance_km)} away`);
    if (age === "unknown") reasons.push(`Check the age range: it is ${ageRangeText(p.c)}`);
    out.push({ asset_id: p.c.id, name: p.c.name, kind: p.c.kind, distance_km: roundKm(p.distance_km), score: Math.round(score * 10) / 10, reasons, p });
  }
  out.sort(byScore);
  return diversify(out, limit).map(({ p: _p, ...c }) => c);
}
