// Suggestions for a plan's outcomes: the plan's profile as the matcher reads it, and one match
// (app/features/matching) for every outcome of the plan at once.
import type { MatchOutcome, MatchProfile } from "../../core/matcher";
import type { Context } from "../../server/context.server";
import { runMatch, type MatchResponse } from "../matching/match.server";
import type { Profile } from "../profiles/profiles.server";
import type { Plan } from "./plans.server";

/** The matcher's view of a stored profile. */
export function matchProfileOf(profile: Profile): MatchProfile | null {
  if (profile.lat === null || profile.lng === null) return null;
  const d = profile.data;
  return {
    lat: profile.lat,
    lng: profile.lng,
    max_travel_km: d.max_travel_km,
    travel_modes: d.travel_modes,
    age: d.age ?? undefined,
    access_needs: d.access_needs,
    interests: d.interests,
    skills: d.skills,
    languages: d.languages,
    people: d.people,
    available: d.available,
    culture: d.culture,
    faith: d.faith,
    personal_budget: d.personal_budget,
  };
}

/** Suggestions for every outcome of a plan (one candidate fetch for the whole plan). */
export async function planSuggestions(ctx: Context, plan: Plan, profile: Profile): Promise<MatchResponse | null> {
  const mp = matchProfileOf(profile);
  if (!mp) return null;
  const members = new Map(plan.members.map((m) => [m.id, m]));
  // A member's outcome is checked against that member's age (null: not known), the holder's
  // against the profile's.
  const outcomes: MatchOutcome[] = plan.outcomes.map((o) => {
    const m = o.member_id ? members.get(o.member_id) : undefined;
    return {
      id: o.id,
      statement: o.statement,
      domain: o.domain,
      member: m ? m.name : profile.display_name,
      priority: o.priority,
      ...(m ? { age: m.age } : {}),
    };
  });
  return runMatch(ctx, mp, outcomes, profile.data.postcode);
}
