// The matcher's input and output (POST /api/match, CONTRACTS). Plain data, no I/O.
import type { AccessFeature, Kind, OutcomeDomain, Quadrant } from "../taxonomy";

export const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Day = (typeof DAYS)[number];

export const TRAVEL_MODES = ["walk", "wheelchair", "bus", "train", "tram", "car", "taxi", "bike", "lift"] as const;
export type TravelMode = (typeof TRAVEL_MODES)[number];

/** A person's (or family's) real-wealth profile, as the matcher reads it. */
export interface MatchProfile {
  /** Where they live (already geocoded by the caller). */
  lat: number;
  lng: number;
  max_travel_km: number;
  travel_modes?: TravelMode[];
  age?: number;
  access_needs: AccessFeature[];
  interests: string[];
  skills: string[];
  languages: string[];
  people: string[];
  available: Day[];
  /** Identity: culture and faith (free words). */
  culture: string[];
  faith: string[];
  /** Can pay from a personal budget / direct payment. */
  personal_budget?: boolean;
}

export interface MatchOutcome {
  id: string;
  statement: string;
  domain: OutcomeDomain;
  /** Whose outcome it is ("mum", "Aisha"); outcomes without a member belong to the whole household. */
  member?: string;
  /** 1 (most important) to 5. */
  priority?: number;
  /**
   * The age of the person this outcome is for, when it is not the profile holder (a child in a
   * parent's plan). The age rule and age-group categories use it; unset (undefined): the
   * profile holder's age; null: this person's age is not known.
   */
  age?: number | null;
}

/** One asset near the person, with what the score needs (fetched once per request). */
export interface Candidate {
  id: string;
  kind: Kind;
  name: string;
  summary: string;
  description?: string;
  lat: number;
  lng: number;
  /** Direct categories (ancestors are added by the matcher). */
  categories: string[];
  access: string[];
  /** active | archived | closed */
  status: string;
  /** true free, false costs money, null unknown. */
  is_free: boolean | null;
  cost_text?: string | null;
  min_age?: number | null;
  max_age?: number | null;
  time_credits_earn?: string | null;
  time_credits_spend?: string | null;
  /** OSM opening_hours syntax. */
  opening_hours?: string | null;
  organisation?: string | null;
}

/** A Changing Places toilet (or a venue with one on site). */
export interface Toilet {
  id: string;
  name: string;
  lat: number;
  lng: number;
}

export interface Suggestion {
  asset_id: string;
  name: string;
  kind: Kind;
  quadrant: Quadrant;
  score: number;
  distance_km: number;
  reasons: string[];
  /** "Specialist service": shown only where it adds something. */
  label?: string;
  /** Other outcomes (ids) in the plan this suggestion also serves. */
  also_serves?: string[];
  /** How each part of the score was made (transparent scoring). */
  score_parts: { rule: string; points: number }[];
}

export interface OutcomeResult {
  id: string;
  suggestions: Suggestion[];
  /** When there are no suggestions: why, in plain English. */
  empty_reason?: string;
}

export interface Contribution {
  asset_id: string;
  name: string;
  kind: Kind;
  distance_km: number;
  score: number;
  reasons: string[];
}

export interface MatchResult {
  outcomes: OutcomeResult[];
  contribute: Contribution[];
  /** Counts of why candidates were left out (hard rules), for honest empty answers. */
  excluded: { access: number; distance: number; status: number; age: number };
}

export interface MatchOptions {
  /** Suggestions per outcome (default 8). */
  perOutcome?: number;
  /** Ways to contribute (default 5). */
  contributeLimit?: number;
}
