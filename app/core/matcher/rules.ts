// The hard rules: a suggestion that breaks one never appears. No I/O.
//
// 1. Status: only active assets (never archived or closed).
// 2. Distance: within the person's travel distance (worked out here, not trusted from the index).
// 3. Age: an age-limited asset never for a person whose age is known and out of range. The age
//    is the age of the person the outcome is for (a household member's own age, else the
//    profile holder's), so it is checked per outcome (`ageVerdict`), not once per candidate.
//    When nobody has said the age, the place stays, and its reasons say to check the range.
// 4. Access: every access need is met. A `changing_places` need is met by a Changing Places
//    toilet on site, or one within CHANGING_PLACES_NEARBY_KM (1 km) of the venue.
import { distanceKm } from "../geo";
import { CHANGING_PLACES_NEARBY_KM } from "../taxonomy";
import type { Candidate, MatchProfile, Toilet } from "./types";

export type HardRule = "status" | "distance" | "age" | "access";

export interface ChangingPlacesMatch {
  on_site: boolean;
  /** The nearest other toilet when not on site. */
  toilet?: Toilet;
  distance_km: number;
}

export type HardRuleResult =
  | { ok: true; distance_km: number; changing_places?: ChangingPlacesMatch }
  | { ok: false; rule: HardRule; detail: string };

export function hasChangingPlacesOnSite(c: Pick<Candidate, "kind" | "access">): boolean {
  return c.kind === "changing_places_toilet" || c.access.includes("changing_places");
}

/** The nearest Changing Places toilet within 1 km of a place (on site counts as 0 km). */
export function changingPlacesFor(c: Candidate, toilets: readonly Toilet[]): ChangingPlacesMatch | null {
  if (hasChangingPlacesOnSite(c)) return { on_site: true, distance_km: 0 };
  let best: ChangingPlacesMatch | null = null;
  for (const t of toilets) {
    if (t.id === c.id) continue;
    const d = distanceKm(c.lat, c.lng, t.lat, t.lng);
    if (d <= CHANGING_PLACES_NEARBY_KM && (!best || d < best.distance_km || (d === best.distance_km && t.id < best.toilet!.id))) {
      best = { on_site: false, toilet: t, distance_km: d };
    }
  }
  return best;
}

export function isAgeLimited(c: Pick<Candidate, "min_age" | "max_age">): boolean {
  return (c.min_age ?? null) !== null || (c.max_age ?? null) !== null;
}

/**
 * The age rule for one person: "ok" (no limit, or the age is in range), "out" (known and out of
 * range: never suggested) or "unknown" (a limit, but nobody has said the age: suggested with a
 * reason that says to check the range).
 */
export function ageVerdict(c: Pick<Candidate, "min_age" | "max_age">, age: number | undefined): "ok" | "out" | "unknown" {
  if (!isAgeLimited(c)) return "ok";
  if (age === undefined) return "unknown";
  if (c.min_age != null && age < c.min_age) return "out";
  if (c.max_age != null && age > c.max_age) return "out";
  return "ok";
}

/** May a person of this age be suggested this place? (An unknown age may: see ageVerdict.) */
export function ageAllowed(c: Pick<Candidate, "min_age" | "max_age">, age: number | undefined): boolean {
  return ageVerdict(c, age) !== "out";
}

/** "for ages 11 to 18", "for ages 65 and over", "for ages up to 5". */
export function ageRangeText(c: Pick<Candidate, "min_age" | "max_age">): string {
  const lo = c.min_age ?? null;
  const hi = c.max_age ?? null;
  if (lo !== null && hi !== null) return `for ages ${lo} to ${hi}`;
  if (lo !== null) return `for ages ${lo} and over`;
  return `for ages up to ${hi}`;
}

/**
 * The rules that do not depend on whose outcome it is: status, distance, access. The age rule is
 * per outcome (ageVerdict with that person's age); `checkHardRules` runs all four for one age.
 */
export function checkPlaceRules(c: Candidate, profile: MatchProfile, toilets: readonly Toilet[]): HardRuleResult {
  if (c.status !== "active") return { ok: false, rule: "status", detail: `is ${c.status}` };
  const d = distanceKm(profile.lat, profile.lng, c.lat, c.lng);
  if (!(d <= profile.max_travel_km)) return { ok: false, rule: "distance", detail: `${d.toFixed(1)} km away` };
  let cp: ChangingPlacesMatch | undefined;
  for (const need of profile.access_needs) {
    if (need === "changing_places") {
      const m = changingPlacesFor(c, toilets);
      if (!m) return { ok: false, rule: "access", detail: "no Changing Places toilet on site or within 1 km" };
      cp = m;
    } else if (!c.access.includes(need)) {
      return { ok: false, rule: "access", detail: `no ${need}` };
    }
  }
  return cp ? { ok: true, distance_km: d, changing_places: cp } : { ok: true, distance_km: d };
}

/** All four hard rules for one person (the age given, else the profile holder's). */
export function checkHardRules(c: Candidate, profile: MatchProfile, toilets: readonly Toilet[], age: number | undefined = profile.age): HardRuleResult {
  const r = checkPlaceRules(c, profile, toilets);
  if (r.ok && !ageAllowed(c, age)) return { ok: false, rule: "age", detail: "outside the age range" };
  return r;
}
