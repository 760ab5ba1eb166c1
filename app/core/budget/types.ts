// The budget calculator (a resource allocation system, RAS): the shapes of a questionnaire
// version, an estimate and a costed plan. Plain data, no I/O. Money is integer pence everywhere.
// See docs/decisions/0020-budget-ras-model.md.

export const QUESTIONNAIRE_TYPES = ["adult", "child"] as const;
export type QuestionnaireType = (typeof QUESTIONNAIRE_TYPES)[number];

/** How much support a person needs for one outcome. Ordered: each one means more need. */
export const ANSWERS = ["none", "some", "lots", "exceptional"] as const;
export type Answer = (typeof ANSWERS)[number];

/** How much of this need family and friends meet now, willingly and sustainably. Displayed, never hidden. */
export const INFORMAL_LEVELS = ["none", "some", "most"] as const;
export type InformalLevel = (typeof INFORMAL_LEVELS)[number];

export const STREAMS = [
  "adult_social_care",
  "children_social_care",
  "nhs_health",
  "education_high_needs",
  "disabled_facilities_grant",
  "access_to_work",
] as const;
export type Stream = (typeof STREAMS)[number];

export const HOLDING_OPTIONS = ["direct_payment", "managed_account", "individual_service_fund", "notional_budget", "mix"] as const;
export type Holding = (typeof HOLDING_OPTIONS)[number];

/** Which part of the questionnaire a question belongs to. Carers' own needs are a separate section. */
export type Section = "outcomes" | "family" | "carer";

export interface Question {
  /** Stable id, used in the API (`answers[id]`). */
  id: string;
  section: Section;
  /** The outcome domain code (app/core/taxonomy.ts) or a family/carer code. */
  outcome: string;
  /** The question in plain English. */
  text: string;
  /** The same question in easy-read words. */
  easy_read: string;
  /** What each answer means for this question (plain English). */
  answer_hints?: Partial<Record<Answer, string>>;
  /** Points for each answer. Must not go down as need goes up. */
  points: Record<Answer, number>;
  /** Whether informal support (family, friends) is asked about for this question. */
  informal_support: boolean;
  /** Which funding stream pays for support towards this outcome. */
  stream: Stream;
}

export type Conversion =
  | { method: "price_per_point"; pence_per_point: number }
  | { method: "bands"; bands: Band[] };

/** Total points from `min_points` (inclusive) upward give `per_year_pence`, until the next band. */
export interface Band {
  min_points: number;
  per_year_pence: number;
}

export interface RasConfig {
  questionnaire: QuestionnaireType;
  title: string;
  /** Shown on every page with this version: the numbers are examples, not a council's figures. */
  note: string;
  questions: Question[];
  /** Percent of a question's points that count when family and friends meet some or most of the need. */
  informal_percent: Record<InformalLevel, number>;
  /** Below this many points: no personal budget; community and universal options first. */
  threshold_points: number;
  /** From the threshold up to (not including) `max_points`: a small fixed early-help amount. */
  early_help: { max_points: number; per_year_pence: number };
  /** At or above this many points: no number; a costed plan and a panel review. */
  panel_points: number;
  conversion: Conversion;
}

export type VersionStatus = "draft" | "published";

export interface RasVersion {
  /** e.g. "adult-1" */
  id: string;
  questionnaire: QuestionnaireType;
  number: number;
  status: VersionStatus;
  config: RasConfig;
  based_on: string | null;
  created_at: string;
  published_at: string | null;
}

export type Tier = "community_and_universal" | "early_help" | "personal_budget" | "panel_review";

export interface BreakdownLine {
  question: string;
  outcome: string;
  section: Section;
  text: string;
  answer: Answer;
  /** Points for the answer before informal support is taken into account. */
  answer_points: number;
  informal_support: InformalLevel | null;
  informal_percent: number;
  /** Points that count (answer_points × informal_percent / 100, rounded down). */
  points: number;
  stream: Stream;
}

export interface Adjustment {
  kind: "informal_support" | "threshold" | "early_help" | "panel" | "conversion";
  question?: string;
  /** Change in points (negative for a reduction), when the adjustment is in points. */
  points?: number;
  text: string;
}

export interface EstimateInput {
  questionnaire: QuestionnaireType;
  answers: Record<string, Answer>;
  informal_support: Record<string, InformalLevel>;
}

export interface Estimate {
  ras_version: string;
  questionnaire: QuestionnaireType;
  points: number;
  tier: Tier;
  /** null when the result is a panel review (no number). */
  indicative_budget: { per_year_pence: number | null; per_week_pence: number | null };
  breakdown: BreakdownLine[];
  streams: { stream: Stream; label: string; points: number; per_year_pence: number | null; rules: string }[];
  conversion: { method: Conversion["method"]; text: string };
  adjustments: Adjustment[];
  explanation: string[];
  easy_read: string[];
}
