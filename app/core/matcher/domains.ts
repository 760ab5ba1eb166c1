// Which categories serve which outcome domain, and which everyday words point to categories.
// Documented in docs/decisions/0030-matcher-scoring.md. Plain data, no I/O.
//
// The map is deliberately broad: an outcome is "served" by a category when a person could
// reasonably use that kind of place or group to move towards it. Community and universal
// categories come first in each list; specialist ones last.
import type { OutcomeDomain } from "../taxonomy";

export const DOMAIN_CATEGORIES: Record<OutcomeDomain, string[]> = {
  // Every Child Matters
  stay_safe: ["children_young_people", "childrens_centre", "community_hub", "advice", "social_group"],
  be_healthy: ["sport_leisure", "walking", "swimming", "leisure_centre", "food", "gp", "pharmacy", "dentist", "mental_health", "short_breaks", "carers"],
  enjoy_and_achieve: ["arts_music", "sport_leisure", "library", "children_young_people", "social_group", "walking", "gardening", "education"],
  positive_contribution: ["volunteering", "time_credits", "community_hub", "social_group", "environment", "charity"],
  economic_wellbeing: ["education", "jobcentre", "advice", "library", "work_money", "volunteering"],
  // Care Act outcomes (adults)
  nutrition: ["food", "cafe", "food_bank"],
  personal_hygiene: ["leisure_centre", "swimming", "personal_assistant", "toilets"],
  toilet_needs: ["changing_places", "public_toilet", "toilets_available"],
  appropriately_clothed: ["charity", "community_hub", "advice"],
  home_safety: ["advice", "personal_assistant", "disability", "community_hub"],
  habitable_home: ["advice", "community_hub", "charity", "volunteering"],
  relationships: ["social_group", "community_hub", "older_people", "arts_music", "place_of_worship", "cafe", "carers", "sports_club"],
  work_training_education_volunteering: ["volunteering", "education", "library", "jobcentre", "time_credits"],
  local_facilities: ["library", "post_office", "leisure_centre", "community_hub", "transport", "cafe", "public_toilet"],
  caring_for_child: ["childrens_centre", "children_young_people", "short_breaks", "carers", "disability"],
};

/**
 * Everyday words (in outcome statements and interests) that point to categories. Matched by
 * word prefix: "musicals" matches "music", "sleeping" matches "sleep".
 */
export const WORD_CATEGORIES: Record<string, string[]> = {
  rest: ["short_breaks", "carers"],
  break: ["short_breaks", "carers"],
  respite: ["short_breaks"],
  sleep: ["short_breaks", "carers", "health"],
  tired: ["short_breaks", "carers"],
  friend: ["social_group", "community_hub", "older_people"],
  lonely: ["social_group", "community_hub", "older_people", "cafe"],
  isolat: ["social_group", "community_hub", "older_people"],
  people: ["social_group", "community_hub"],
  football: ["football", "sports_club"],
  sport: ["sport_leisure"],
  swim: ["swimming", "leisure_centre"],
  walk: ["walking"],
  garden: ["gardening", "environment"],
  allotment: ["gardening"],
  music: ["arts_music"],
  sing: ["arts_music"],
  choir: ["arts_music"],
  drama: ["arts_music"],
  theatre: ["arts_music"],
  dance: ["arts_music", "sport_leisure"],
  art: ["arts_music"],
  craft: ["arts_music", "social_group"],
  book: ["library"],
  read: ["library"],
  learn: ["education", "library"],
  course: ["education"],
  job: ["jobcentre", "education", "volunteering"],
  work: ["jobcentre", "volunteering", "education"],
  volunteer: ["volunteering", "time_credits"],
  help: ["volunteering", "advice"],
  money: ["advice", "work_money"],
  benefit: ["advice", "jobcentre"],
  debt: ["advice"],
  food: ["food", "cafe"],
  eat: ["food", "cafe"],
  meal: ["cafe", "food"],
  cook: ["food", "cafe"],
  curry: ["cafe", "food"],
  healthy: ["sport_leisure", "health"],
  fit: ["sport_leisure", "leisure_centre"],
  exercise: ["sport_leisure", "leisure_centre", "walking"],
  health: ["health"],
  mental: ["mental_health"],
  anxious: ["mental_health", "social_group"],
  worry: ["mental_health", "advice"],
  stroke: ["health", "disability"],
  pray: ["place_of_worship"],
  church: ["place_of_worship"],
  mosque: ["place_of_worship"],
  faith: ["place_of_worship"],
  carer: ["carers"],
  caring: ["carers"],
  toilet: ["toilets"],
  wash: ["leisure_centre", "swimming"],
  shop: ["post_office", "community_hub"],
  out: ["community_hub", "social_group"],
  young: ["children_young_people"],
  child: ["children_young_people", "childrens_centre"],
  baby: ["childrens_centre"],
  older: ["older_people"],
  safe: ["children_young_people", "advice"],
};

/** Categories that mean "a group of people doing something together" (reduces isolation). */
export const GROUP_CATEGORIES = ["social_group", "community_hub", "older_people", "sports_club", "arts_music", "children_young_people", "carers", "volunteering"];

/** Domains where meeting people matters most. */
export const SOCIAL_DOMAINS: OutcomeDomain[] = ["relationships", "enjoy_and_achieve", "positive_contribution", "stay_safe"];

/** Plain-English names of the domains (for reasons). */
export const DOMAIN_LABELS: Record<OutcomeDomain, string> = {
  stay_safe: "staying safe",
  be_healthy: "being healthy",
  enjoy_and_achieve: "enjoying and achieving",
  positive_contribution: "making a positive contribution",
  economic_wellbeing: "money and work",
  nutrition: "eating well",
  personal_hygiene: "keeping clean",
  toilet_needs: "using the toilet",
  appropriately_clothed: "being dressed for the day",
  home_safety: "being safe at home",
  habitable_home: "a home that works",
  relationships: "family and friends",
  work_training_education_volunteering: "work, learning and volunteering",
  local_facilities: "getting out and about locally",
  caring_for_child: "caring for a child",
};
