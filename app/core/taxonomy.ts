// The shared vocabulary of the directory: kinds of asset, the category taxonomy,
// accessibility features and outcome domains. Plain data, no I/O.

export const KINDS = [
  "community_group",
  "micro_enterprise",
  "changing_places_toilet",
  "time_credit_scheme",
  "universal_service",
  "targeted_service",
  "place",
] as const;
export type Kind = (typeof KINDS)[number];

export const KIND_LABELS: Record<Kind, string> = {
  community_group: "Community group",
  micro_enterprise: "Micro-enterprise",
  changing_places_toilet: "Changing Places toilet",
  time_credit_scheme: "Time credits",
  universal_service: "Service for everyone",
  targeted_service: "Specialist service",
  place: "Place",
};

/** The quadrant of support each kind sits in (DESIGN.md: community and universal first). */
export type Quadrant = "community" | "universal" | "individual" | "targeted";
export const KIND_QUADRANT: Record<Kind, Quadrant> = {
  community_group: "community",
  micro_enterprise: "individual",
  changing_places_toilet: "universal",
  time_credit_scheme: "community",
  universal_service: "universal",
  targeted_service: "targeted",
  place: "community",
};

export function isKind(value: string): value is Kind {
  return (KINDS as readonly string[]).includes(value);
}

export interface Category {
  code: string;
  label: string;
  parent: string | null;
}

/** The category taxonomy. Parents come before children. */
export const CATEGORIES: Category[] = [
  { code: "health", label: "Health and wellbeing", parent: null },
  { code: "gp", label: "GP surgery", parent: "health" },
  { code: "pharmacy", label: "Pharmacy", parent: "health" },
  { code: "dentist", label: "Dentist", parent: "health" },
  { code: "mental_health", label: "Mental health support", parent: "health" },
  { code: "defibrillator", label: "Defibrillator", parent: "health" },

  { code: "sport_leisure", label: "Sport and leisure", parent: null },
  { code: "leisure_centre", label: "Leisure centre", parent: "sport_leisure" },
  { code: "sports_club", label: "Sports club", parent: "sport_leisure" },
  { code: "sports_facility", label: "Sports facility", parent: "sport_leisure" },
  { code: "swimming", label: "Swimming", parent: "sport_leisure" },
  { code: "football", label: "Football", parent: "sport_leisure" },
  { code: "bowling", label: "Bowling", parent: "sport_leisure" },
  { code: "walking", label: "Walking and green spaces", parent: "sport_leisure" },

  { code: "learning", label: "Learning and books", parent: null },
  { code: "library", label: "Library", parent: "learning" },
  { code: "childrens_centre", label: "Children's centre", parent: "learning" },
  { code: "education", label: "Education and training", parent: "learning" },

  { code: "food", label: "Food", parent: null },
  { code: "food_bank", label: "Food bank or pantry", parent: "food" },
  { code: "cafe", label: "Café or community meal", parent: "food" },

  { code: "work_money", label: "Work, money and benefits", parent: null },
  { code: "jobcentre", label: "Jobcentre", parent: "work_money" },
  { code: "post_office", label: "Post office", parent: "work_money" },
  { code: "advice", label: "Advice and advocacy", parent: "work_money" },

  { code: "care_support", label: "Care and support", parent: null },
  { code: "care_home", label: "Care home", parent: "care_support" },
  { code: "personal_assistant", label: "Personal assistant or support worker", parent: "care_support" },
  { code: "short_breaks", label: "Short breaks and respite", parent: "care_support" },
  { code: "carers", label: "Support for carers", parent: "care_support" },
  { code: "disability", label: "Disability support", parent: "care_support" },

  { code: "community", label: "Community and belonging", parent: null },
  { code: "community_hub", label: "Community hub", parent: "community" },
  { code: "charity", label: "Charity", parent: "community" },
  { code: "volunteering", label: "Volunteering", parent: "community" },
  { code: "time_credits", label: "Time credits", parent: "community" },
  { code: "older_people", label: "Older people", parent: "community" },
  { code: "children_young_people", label: "Children and young people", parent: "community" },
  { code: "social_group", label: "Social group", parent: "community" },

  { code: "faith_culture", label: "Faith and culture", parent: null },
  { code: "place_of_worship", label: "Place of worship", parent: "faith_culture" },
  { code: "arts_music", label: "Arts, music and drama", parent: "faith_culture" },

  { code: "environment", label: "Gardens and environment", parent: null },
  { code: "gardening", label: "Gardening and allotments", parent: "environment" },

  { code: "toilets", label: "Toilets", parent: null },
  { code: "public_toilet", label: "Public toilet", parent: "toilets" },
  { code: "toilets_available", label: "Toilets you can use", parent: "toilets" },
  { code: "changing_places", label: "Changing Places toilet", parent: "toilets" },

  { code: "transport", label: "Transport", parent: null },
];

const CATEGORY_BY_CODE = new Map(CATEGORIES.map((c) => [c.code, c]));

export function isCategory(code: string): boolean {
  return CATEGORY_BY_CODE.has(code);
}

export function categoryLabel(code: string): string {
  return CATEGORY_BY_CODE.get(code)?.label ?? code;
}

/** A category and every category below it. */
export function categoryWithDescendants(code: string): string[] {
  const out = [code];
  for (let i = 0; i < out.length; i++) {
    for (const c of CATEGORIES) if (c.parent === out[i]) out.push(c.code);
  }
  return out;
}

/** A category and its ancestors (the record stores leaf and parents for easy filtering). */
export function categoryWithAncestors(code: string): string[] {
  const out: string[] = [];
  let cur = CATEGORY_BY_CODE.get(code);
  while (cur) {
    out.push(cur.code);
    cur = cur.parent ? CATEGORY_BY_CODE.get(cur.parent) : undefined;
  }
  return out;
}

export const ACCESS_FEATURES = [
  "step_free",
  "accessible_toilet",
  "changing_places",
  "hearing_loop",
  "quiet_space",
  "bsl",
  "large_print",
  "assistance_dogs",
  "blue_badge_parking",
] as const;
export type AccessFeature = (typeof ACCESS_FEATURES)[number];

export const ACCESS_LABELS: Record<AccessFeature, string> = {
  step_free: "Step-free access",
  accessible_toilet: "Accessible toilet",
  changing_places: "Changing Places toilet",
  hearing_loop: "Hearing loop",
  quiet_space: "Quiet space",
  bsl: "British Sign Language",
  large_print: "Large print",
  assistance_dogs: "Assistance dogs welcome",
  blue_badge_parking: "Blue Badge parking",
};

export function isAccessFeature(value: string): value is AccessFeature {
  return (ACCESS_FEATURES as readonly string[]).includes(value);
}

/** Distance within which a Changing Places toilet meets a `changing_places` need (CONTRACTS). */
export const CHANGING_PLACES_NEARBY_KM = 1;

export const CHILD_OUTCOME_DOMAINS = [
  "stay_safe",
  "be_healthy",
  "enjoy_and_achieve",
  "positive_contribution",
  "economic_wellbeing",
] as const;
export const ADULT_OUTCOME_DOMAINS = [
  "nutrition",
  "personal_hygiene",
  "toilet_needs",
  "appropriately_clothed",
  "home_safety",
  "habitable_home",
  "relationships",
  "work_training_education_volunteering",
  "local_facilities",
  "caring_for_child",
] as const;
export const OUTCOME_DOMAINS = [...CHILD_OUTCOME_DOMAINS, ...ADULT_OUTCOME_DOMAINS] as const;
export type OutcomeDomain = (typeof OUTCOME_DOMAINS)[number];
