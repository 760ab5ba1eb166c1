// Suggestions from the public: a new asset, or a correction to an existing one. The rules for
// what a person may send (the same for the web form and POST /api/suggestions), and the pure
// parts of applying a correction. No I/O.
import { z } from "zod";
import { englishToOsm, isValidHours } from "./hours";
import { parsePostcode } from "./postcode";

/** Where assets made from approved new-asset suggestions come from (decision 0003). */
export const SUGGESTION_SOURCE = "suggestion";
export const SUGGESTION_DATASET = {
  source: SUGGESTION_SOURCE,
  title: "Suggestions from the public, checked by a connector",
  licence: "Contributed to Real Wealth",
  attribution: "Suggested by a member of the public and checked by a Real Wealth connector",
  url: null,
};

/** What becomes of a suggestion: it waits for a connector, who approves or rejects it. */
export type SuggestionStatus = "pending" | "approved" | "rejected";

/** A stored status as a SuggestionStatus (the table's CHECK allows only these three). */
export function suggestionStatus(raw: string): SuggestionStatus {
  return raw === "approved" || raw === "rejected" ? raw : "pending";
}

export const SUGGESTION_LIMITS = { message: 2000, name: 200, postcode: 10, when: 500, email: 320 } as const;

const optionalText = (max: number) =>
  z
    .union([z.string(), z.null()])
    .optional()
    .transform((v) => (typeof v === "string" ? v.trim() : ""))
    .refine((v) => v.length <= max, `must be at most ${max} characters`)
    .transform((v) => (v === "" ? null : v));

/**
 * What a person sends. `asset_id` present: a correction to that asset; absent: a new asset.
 * `message` is "what is wrong" (correction) or "what it is" (new asset).
 */
export const suggestionInputSchema = z
  .object({
    asset_id: z
      .union([z.string().uuid("must be the id of a listing"), z.null()])
      .optional()
      .transform((v) => v ?? null),
    message: z
      .string({ required_error: "is required", invalid_type_error: "must be text" })
      .trim()
      .min(1, "is required")
      .max(SUGGESTION_LIMITS.message, `must be at most ${SUGGESTION_LIMITS.message} characters`),
    name: optionalText(SUGGESTION_LIMITS.name),
    postcode: optionalText(20).transform((v, ctx) => {
      if (v === null) return null;
      const p = parsePostcode(v);
      if (!p) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "must be a UK postcode such as M33 7XX" });
        return z.NEVER;
      }
      return p.postcode;
    }),
    when: optionalText(SUGGESTION_LIMITS.when),
    contact_email: optionalText(SUGGESTION_LIMITS.email).refine(
      (v) => v === null || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
      "must be an email address like name@example.org",
    ),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.asset_id === null && !s.name) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["name"], message: "is required" });
  });

export type SuggestionInput = z.input<typeof suggestionInputSchema>;
export type ValidSuggestion = z.output<typeof suggestionInputSchema>;

/** The fields kept in `suggestions.payload` (the message and contact email have their own columns). */
export interface SuggestionPayload {
  name: string | null;
  postcode: string | null;
  when: string | null;
}

export function payloadOf(s: ValidSuggestion): SuggestionPayload {
  return { name: s.name, postcode: s.postcode, when: s.when };
}

/** A stored payload read back; anything unexpected becomes null. */
export function readPayload(json: string | null | undefined): SuggestionPayload {
  let raw: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(json ?? "{}");
    if (parsed && typeof parsed === "object") raw = parsed as Record<string, unknown>;
  } catch {
    // keep empty
  }
  const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);
  return { name: str(raw.name), postcode: str(raw.postcode), when: str(raw.when) };
}

/**
 * Opening times as a person wrote them, for storing: OSM syntax kept as it is; plain English
 * converted when it can be read with confidence, and always kept as written in
 * `opening_hours_text` (decision 0005: never guess).
 */
export function hoursFromText(text: string | null | undefined): { opening_hours: string | null; opening_hours_text: string | null } {
  const t = (text ?? "").trim();
  if (!t) return { opening_hours: null, opening_hours_text: null };
  if (isValidHours(t) && !/[a-z]{4,}/i.test(t.replace(/"[^"]*"/g, ""))) return { opening_hours: t, opening_hours_text: null };
  return { opening_hours: englishToOsm(t), opening_hours_text: t };
}

export interface ProposedChange {
  field: "name" | "postcode" | "opening_hours";
  label: string;
  current: string | null;
  suggested: string;
}

/**
 * The changes a correction proposes against the current record, in plain words, leaving out
 * the fields it does not change. A correction with only a message proposes none.
 */
export function proposedChanges(
  current: { name: string; postcode: string | null; opening_hours: string | null; opening_hours_text: string | null },
  payload: SuggestionPayload,
): ProposedChange[] {
  const out: ProposedChange[] = [];
  if (payload.name && payload.name !== current.name) out.push({ field: "name", label: "Name", current: current.name, suggested: payload.name });
  if (payload.postcode && payload.postcode !== current.postcode) {
    out.push({ field: "postcode", label: "Postcode", current: current.postcode, suggested: payload.postcode });
  }
  if (payload.when) {
    const now = current.opening_hours_text ?? current.opening_hours;
    if (payload.when !== now && payload.when !== current.opening_hours) {
      out.push({ field: "opening_hours", label: "Opening times", current: now, suggested: payload.when });
    }
  }
  return out;
}

/** The reason a connector gives when rejecting: required, at most 1000 characters. */
export const rejectReasonSchema = z
  .string({ required_error: "is required" })
  .trim()
  .min(1, "is required: say why, so the decision can be understood later")
  .max(1000, "must be at most 1000 characters");
