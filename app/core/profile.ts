// A real-wealth profile and a plan's parts, as stored and as typed into the forms. No I/O.
// Free text is allowed everywhere; tags (comma-separated words) make it matchable.
import { z } from "zod";
import { ACCESS_FEATURES, OUTCOME_DOMAINS, type AccessFeature, type OutcomeDomain } from "./taxonomy";
import { DAYS, TRAVEL_MODES, type Day, type TravelMode } from "./matcher/types";
import { MAX_TRAVEL_KM } from "./matcher/input";

export interface ProfileData {
  postcode: string;
  max_travel_km: number;
  travel_modes: TravelMode[];
  access_needs: AccessFeature[];
  age: number | null;
  languages: string[];
  interests: string[];
  culture: string[];
  faith: string[];
  /** Real wealth in four parts: tags and free text for each. */
  skills: string[];
  skills_text: string;
  people: string[];
  people_text: string;
  assets: string[];
  assets_text: string;
  resilience: string[];
  resilience_text: string;
  available: Day[];
  personal_budget: boolean;
}

export const CONSENT_HOW = ["in_person", "phone", "video", "written"] as const;
export const CONSENT_LABELS: Record<(typeof CONSENT_HOW)[number], string> = {
  in_person: "In person",
  phone: "On the phone",
  video: "On a video call",
  written: "In writing",
};
export const ITEM_STATUSES = ["planned", "tried", "working", "not_working"] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export const ITEM_STATUS_LABELS: Record<ItemStatus, string> = {
  planned: "Planned",
  tried: "Tried it",
  working: "Working well",
  not_working: "Not working",
};
export const DAY_LABELS: Record<Day, string> = { mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday", sun: "Sunday" };
export const TRAVEL_MODE_LABELS: Record<TravelMode, string> = {
  walk: "Walking",
  wheelchair: "Wheelchair",
  bus: "Bus",
  train: "Train",
  tram: "Tram",
  car: "Car",
  taxi: "Taxi",
  bike: "Bike",
  lift: "A lift from someone",
};
export const DOMAIN_GROUPS: { label: string; domains: OutcomeDomain[] }[] = [
  { label: "Children and young people (Every Child Matters)", domains: ["stay_safe", "be_healthy", "enjoy_and_achieve", "positive_contribution", "economic_wellbeing"] },
  {
    label: "Adults (Care Act wellbeing outcomes)",
    domains: ["nutrition", "personal_hygiene", "toilet_needs", "appropriately_clothed", "home_safety", "habitable_home", "relationships", "work_training_education_volunteering", "local_facilities", "caring_for_child"],
  },
];
export const DOMAIN_TITLES: Record<OutcomeDomain, string> = {
  stay_safe: "Stay safe",
  be_healthy: "Be healthy",
  enjoy_and_achieve: "Enjoy and achieve",
  positive_contribution: "Make a positive contribution",
  economic_wellbeing: "Money and work (economic well-being)",
  nutrition: "Eating and drinking well",
  personal_hygiene: "Keeping clean",
  toilet_needs: "Using the toilet",
  appropriately_clothed: "Being dressed for the day",
  home_safety: "Being safe at home",
  habitable_home: "A home that works",
  relationships: "Family, friends and relationships",
  work_training_education_volunteering: "Work, training, learning or volunteering",
  local_facilities: "Getting out and using local places",
  caring_for_child: "Caring for a child",
};

/** "music, football ,, curry" → ["music", "football", "curry"]. */
export function splitTags(text: string): string[] {
  const out: string[] = [];
  for (const t of text.split(/[,;\n]/)) {
    const v = t.trim().slice(0, 100);
    if (v && !out.some((x) => x.toLowerCase() === v.toLowerCase())) out.push(v);
  }
  return out.slice(0, 50);
}

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

export const profileFormSchema = z.object({
  display_name: text(100).min(1, "Enter the person's name (or what they like to be called)"),
  postcode: text(10).min(1, "Enter a postcode, such as M33 7XX"),
  max_travel_km: z.coerce
    .number({ invalid_type_error: "Enter how far they can travel, in kilometres" })
    .gt(0, "Enter a distance more than 0 km")
    .max(MAX_TRAVEL_KM, `Enter a distance of ${MAX_TRAVEL_KM} km or less`),
  age: z.union([z.literal("").transform(() => null), z.coerce.number().int("Enter age in whole years").min(0, "Enter an age from 0 to 120").max(120, "Enter an age from 0 to 120")]),
  travel_modes: z.array(z.enum(TRAVEL_MODES)),
  access_needs: z.array(z.enum(ACCESS_FEATURES)),
  available: z.array(z.enum(DAYS)),
  languages: text(1000),
  interests: text(1000),
  culture: text(1000),
  faith: text(1000),
  skills: text(1000),
  skills_text: text(4000),
  people: text(1000),
  people_text: text(4000),
  assets: text(1000),
  assets_text: text(4000),
  resilience: text(1000),
  resilience_text: text(4000),
  personal_budget: z.boolean(),
});

/** Read the profile form. Returns the data or the errors by field name. */
export function parseProfileForm(form: FormData): { ok: true; name: string; data: ProfileData } | { ok: false; errors: Record<string, string>; values: Record<string, unknown> } {
  const s = (k: string) => (typeof form.get(k) === "string" ? String(form.get(k)) : "");
  const raw = {
    display_name: s("display_name"),
    postcode: s("postcode"),
    max_travel_km: s("max_travel_km") || "",
    age: s("age").trim(),
    travel_modes: form.getAll("travel_modes").map(String),
    access_needs: form.getAll("access_needs").map(String),
    available: form.getAll("available").map(String),
    languages: s("languages"),
    interests: s("interests"),
    culture: s("culture"),
    faith: s("faith"),
    skills: s("skills"),
    skills_text: s("skills_text"),
    people: s("people"),
    people_text: s("people_text"),
    assets: s("assets"),
    assets_text: s("assets_text"),
    resilience: s("resilience"),
    resilience_text: s("resilience_text"),
    personal_budget: s("personal_budget") === "yes",
  };
  const r = profileFormSchema.safeParse(raw);
  if (!r.success) {
    const errors: Record<string, string> = {};
    for (const i of r.error.issues) {
      const k = String(i.path[0] ?? "_");
      if (!(k in errors)) errors[k] = k === "max_travel_km" && raw.max_travel_km === "" ? "Enter how far they can travel, in kilometres" : i.message;
    }
    return { ok: false, errors, values: raw };
  }
  const v = r.data;
  return {
    ok: true,
    name: v.display_name,
    data: {
      postcode: v.postcode.toUpperCase(),
      max_travel_km: v.max_travel_km,
      travel_modes: v.travel_modes,
      access_needs: v.access_needs,
      age: v.age,
      languages: splitTags(v.languages),
      interests: splitTags(v.interests),
      culture: splitTags(v.culture),
      faith: splitTags(v.faith),
      skills: splitTags(v.skills),
      skills_text: v.skills_text,
      people: splitTags(v.people),
      people_text: v.people_text,
      assets: splitTags(v.assets),
      assets_text: v.assets_text,
      resilience: splitTags(v.resilience),
      resilience_text: v.resilience_text,
      available: v.available,
      personal_budget: v.personal_budget,
    },
  };
}

export const outcomeFormSchema = z.object({
  statement: text(500).min(1, "Write the outcome in the person's own words"),
  domain: z.enum(OUTCOME_DOMAINS, { errorMap: () => ({ message: "Choose what kind of outcome this is" }) }),
  priority: z.coerce.number().int().min(1).max(5).default(3),
  member_id: z.string().max(64).optional(),
});

export const itemFormSchema = z.object({
  asset_id: z.string().min(1).max(64),
  outcome_id: z.string().max(64).optional(),
  who: text(200).optional(),
  when_text: text(200).optional(),
  cost_text: text(200).optional(),
});
