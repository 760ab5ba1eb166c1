// The hard rules: a suggestion that breaks one never appears. No I/O.
//
// 1. Status: only active assets (never archived or closed).
// 2. Distance: within the person's travel distance (worked out here, not trusted from the index).
// 3. Age: an age-limited asset only for a person whose age is known and in range.
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

export function ageAllowed(c: Pick<Candidate, "min_age" | "max_age">, age: number | undefined): boolean {
  const limited = (c.min_age ?? null) !== null || (c.max_age ?? null) !== null;
  if (!limited) return true;
  if (age === undefined) return false;
  if (c.min_age != null && age < c.min_age) return false;
  if (c.max_age != null && age > c.max_age) return false;
  return true;
}

export function checkHardRules(c: Candidate, profile: MatchProfile, toilets: readonly Toilet[]): HardRuleResult {
  if (c.status !== "active") return { ok: false, rule: "status", detail: `is ${c.status}` };
  const d = distanceKm(profile.lat, profile.lng, c.lat, c.lng);
  if (!(d <= profile.max_travel_km)) return { ok: false, rule: "distance", detail: `${d.toFixed(1)} km away` };
  if (!ageAllowed(c, profile.age)) return { ok: false, rule: "age", detail: "outside the age range" };
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
