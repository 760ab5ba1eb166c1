// Run a match: geocode the person, fetch candidates from the search index around them (their
// travel radius and most restrictive access need): the nearest ones, and the nearest ones in the
// categories that can fit the outcomes (so a dense area does not hide a fitting place behind
// hundreds of nearer ones). Read the few extra fields the scoring needs from the database in one
// query, and hand everything to the pure matcher (app/core/matcher). When an outcome has
// nothing, one more search at a wider radius says honestly how far one would need to go.
import type { Db } from "../../../db/index";
import { formatDistance } from "../../core/geo";
import { match, outcomeAge, outcomeCategories, type Candidate, type MatchOutcome, type MatchProfile, type MatchResult, type Toilet } from "../../core/matcher";
import { matchBodySchema, MAX_TRAVEL_KM, type MatchBody, type ProfileInput } from "../../core/matcher/input";
import type { AccessFeature, Kind } from "../../core/taxonomy";
import type { Context } from "../../server/context.server";
import { badRequest } from "../../server/errors";
import { geocodePostcode } from "../postcodes/geocode.server";
import { findCandidateDetails } from "./candidates.data.server";

/** How many candidates one search fetches (nearest first). Generous: the matcher is cheap. */
export const CANDIDATE_LIMIT = 800;
/** How many more, nearest first, among the places in the categories that fit the outcomes. */
export const FITTING_LIMIT = 400;
const WIDER = [1, 2, 5, 10, 20, 50, 100];

export interface MatchResponse extends MatchResult {
  origin: { postcode: string | null; lat: number; lng: number };
  candidates_considered: number;
}

/** The profile as the matcher reads it (postcode geocoded; identity merged). 400 on an unknown postcode. */
export async function toMatchProfile(db: Db, p: ProfileInput): Promise<{ profile: MatchProfile; postcode: string | null }> {
  let lat = p.lat;
  let lng = p.lng;
  let postcode: string | null = null;
  if (p.postcode) {
    const g = await geocodePostcode(db, p.postcode);
    if (g === null) throw badRequest({ "profile.postcode": "is not a UK postcode" }, "invalid_input");
    if (g === undefined) throw badRequest({ "profile.postcode": "is not a postcode we know" }, "invalid_input");
    lat = g.lat;
    lng = g.lng;
    postcode = g.postcode;
  }
  return {
    postcode,
    profile: {
      lat: lat!,
      lng: lng!,
      max_travel_km: p.max_travel_km,
      travel_modes: p.travel_modes,
      age: p.age,
      access_needs: p.access_needs as AccessFeature[],
      interests: p.interests,
      skills: p.skills,
      languages: p.languages,
      people: p.people,
      available: p.available,
      culture: [...p.culture, ...(p.identity?.culture ?? [])],
      faith: [...p.faith, ...(p.identity?.faith ?? [])],
      personal_budget: p.personal_budget,
    },
  };
}

/**
 * The age the index may narrow the fetch by: only when the profile holder and every outcome's
 * person are of one known age. A household with a child and a parent (or an unknown age) fetches every age and lets the
 * matcher apply the age rule per outcome.
 */
export function fetchAge(profile: MatchProfile, outcomes: readonly MatchOutcome[]): number | undefined {
  // The holder's own age too: ways to contribute are theirs, whoever the outcomes are for.
  const ages = new Set([...outcomes.map((o) => outcomeAge(o, profile)), profile.age]);
  if (ages.size !== 1) return undefined;
  return [...ages][0];
}

/**
 * Candidates and Changing Places toilets around the person: up to three index searches (the
 * nearest places; the nearest in the categories that fit the outcomes; the toilets), one SQL read.
 */
export async function fetchCandidates(
  ctx: Context,
  profile: MatchProfile,
  radiusKm = profile.max_travel_km,
  opts: { age?: number; categories?: string[] } = {},
): Promise<{ candidates: Candidate[]; toilets: Toilet[] }> {
  const origin = { lat: profile.lat, lng: profile.lng };
  const needs = profile.access_needs;
  // The index's access filter is OR within; one need narrows the fetch (Changing Places first,
  // the rarest), and the matcher checks all of them.
  const narrow: AccessFeature[] = needs.includes("changing_places") ? ["changing_places"] : needs.length ? [needs[0]] : [];
  // No facets: the matcher needs the places and the count, and facets cost most of a dense search.
  const base = { kinds: [] as Kind[], categories: [] as string[], free: false, page: 1, facets: false };
  const res = await ctx.index.search({ ...base, origin, radiusKm, access: narrow, age: opts.age, limit: CANDIDATE_LIMIT });
  const hits = [...res.results];
  // Only when the nearest fetch was cut short: then fitting places further out may be missing.
  if (opts.categories?.length && res.total > res.results.length) {
    const seen = new Set(hits.map((h) => h.id));
    const fitting = await ctx.index.search({ ...base, categories: opts.categories, origin, radiusKm, access: narrow, age: opts.age, limit: FITTING_LIMIT });
    for (const h of fitting.results) if (!seen.has(h.id)) hits.push(h);
  }
  let toilets: Toilet[] = [];
  if (needs.includes("changing_places")) {
    const t = await ctx.index.search({ ...base, origin, radiusKm: Math.min(200, radiusKm + 1), kinds: ["changing_places_toilet"], access: [], limit: 500 });
    toilets = t.results.map((h) => ({ id: h.id, name: h.name, lat: h.lat, lng: h.lng }));
  }
  const details = await findCandidateDetails(ctx.db.kysely, hits.map((h) => h.id));
  const candidates: Candidate[] = [];
  for (const h of hits) {
    const d = details.get(h.id);
    if (!d) continue;
    candidates.push({
      id: h.id,
      kind: h.kind,
      name: h.name,
      summary: h.summary,
      description: d.description,
      lat: h.lat,
      lng: h.lng,
      categories: h.categories,
      access: h.access,
      status: d.status,
      is_free: d.is_free === null ? null : d.is_free === 1,
      cost_text: d.cost_text,
      min_age: d.min_age,
      max_age: d.max_age,
      time_credits_earn: d.time_credits_earn,
      time_credits_spend: d.time_credits_spend,
      opening_hours: d.opening_hours,
      organisation: d.organisation,
    });
  }
  return { candidates, toilets };
}

/** Match a checked profile and outcomes; empty outcomes get an honest reason (with a wider look). */
export async function runMatch(ctx: Context, profile: MatchProfile, outcomes: MatchOutcome[], postcode: string | null = null): Promise<MatchResponse> {
  const opts = { age: fetchAge(profile, outcomes), categories: outcomeCategories(outcomes) };
  const { candidates, toilets } = await fetchCandidates(ctx, profile, profile.max_travel_km, opts);
  const result = match({ profile, outcomes, candidates, toilets });
  const empty = result.outcomes.filter((o) => o.suggestions.length === 0);
  const wider = WIDER.find((km) => km > profile.max_travel_km && km <= MAX_TRAVEL_KM);
  if (empty.length && wider) {
    const widerProfile = { ...profile, max_travel_km: wider };
    const emptyOutcomes = outcomes.filter((o) => empty.some((e) => e.id === o.id));
    const more = await fetchCandidates(ctx, widerProfile, wider, { age: fetchAge(profile, emptyOutcomes), categories: outcomeCategories(emptyOutcomes) });
    const again = match({ profile: widerProfile, outcomes: emptyOutcomes, ...more });
    for (const e of empty) {
      const n = again.outcomes.find((o) => o.id === e.id)?.suggestions.length ?? 0;
      const reason = (e.empty_reason ?? "").replace(/\.$/, "");
      const lower = reason ? reason[0].toLowerCase() + reason.slice(1) : `nothing within ${formatDistance(profile.max_travel_km)}`;
      e.empty_reason = n
        ? `${lower[0].toUpperCase()}${lower.slice(1)}; widening to ${formatDistance(wider)} finds ${n}.`
        : `${lower[0].toUpperCase()}${lower.slice(1)}; widening to ${formatDistance(wider)} finds nothing either.`;
    }
  }
  return { origin: { postcode, lat: profile.lat, lng: profile.lng }, candidates_considered: candidates.length, ...result };
}

/**
 * Each outcome's age: its own `age`, else the age of the household member it names
 * (`profile.members`, by name, any case; null when that member's age is not given), else the
 * profile holder's (left unset; also for a member name not in the list, such as "me").
 */
export function outcomesWithAges(input: MatchBody): MatchOutcome[] {
  const members = new Map(input.profile.members.map((m) => [m.name.toLowerCase(), m]));
  return input.outcomes.map((o) => {
    const m = o.member ? members.get(o.member.toLowerCase()) : undefined;
    const age = o.age !== undefined ? o.age : m ? (m.age ?? null) : undefined;
    return { ...o, age } as MatchOutcome;
  });
}

/** POST /api/match: check the body (zod: 400 naming the field), then match. */
export async function matchFromBody(ctx: Context, body: unknown): Promise<MatchResponse> {
  const input = matchBodySchema.parse(body);
  const outcomes = outcomesWithAges(input);
  const { profile, postcode } = await toMatchProfile(ctx.db, input.profile);
  return runMatch(ctx, profile, outcomes, postcode);
}
