// The body of POST /api/match, checked with zod (also used by the profile and plan forms).
// Bad input gets a 400 naming the field (CONTRACTS error shape). No I/O.
import { z } from "zod";
import { ACCESS_FEATURES, OUTCOME_DOMAINS } from "../taxonomy";
import { DAYS, TRAVEL_MODES } from "./types";

export const MAX_TRAVEL_KM = 100;
export const MAX_OUTCOMES = 50;

const DAY_NAMES: Record<string, string> = {
  monday: "mon", tuesday: "tue", wednesday: "wed", thursday: "thu", friday: "fri", saturday: "sat", sunday: "sun",
  mo: "mon", tu: "tue", we: "wed", th: "thu", fr: "fri", sa: "sat", su: "sun",
};

const tag = z.string({ invalid_type_error: "must be text" }).trim().min(1, "must not be empty").max(100, "must be at most 100 characters");
const tags = z.array(tag, { invalid_type_error: "must be a list of words" }).max(50, "must have at most 50 entries").default([]);

const ageSchema = z
  .number({ invalid_type_error: "must be a whole number of years" })
  .int("must be a whole number of years")
  .min(0, "must be 0 or more")
  .max(120, "must be at most 120");

export const profileSchema = z
  .object({
    postcode: z.string({ invalid_type_error: "must be text" }).trim().min(1, "is required").max(10, "is not a postcode").optional(),
    lat: z.number({ invalid_type_error: "must be a number" }).min(-90).max(90).optional(),
    lng: z.number({ invalid_type_error: "must be a number" }).min(-180).max(180).optional(),
    max_travel_km: z
      .number({ required_error: "is required", invalid_type_error: "must be a number of kilometres" })
      .gt(0, "must be more than 0 km")
      .max(MAX_TRAVEL_KM, `must be at most ${MAX_TRAVEL_KM} km`),
    travel_modes: z.array(z.enum(TRAVEL_MODES, { errorMap: () => ({ message: `must be one of ${TRAVEL_MODES.join(", ")}` }) })).max(10).default([]),
    age: ageSchema.optional(),
    access_needs: z
      .array(z.enum(ACCESS_FEATURES, { errorMap: () => ({ message: `must be one of ${ACCESS_FEATURES.join(", ")}` }) }), {
        invalid_type_error: "must be a list",
      })
      .max(ACCESS_FEATURES.length)
      .default([]),
    interests: tags,
    skills: tags,
    languages: tags,
    people: tags,
    assets: tags,
    resilience: tags,
    culture: tags,
    faith: tags,
    identity: z.object({ culture: tags, faith: tags }).partial().optional(),
    available: z
      .array(
        z.preprocess(
          (v) => (typeof v === "string" ? DAY_NAMES[v.trim().toLowerCase()] ?? v.trim().toLowerCase() : v),
          z.enum(DAYS, { errorMap: () => ({ message: `must be days such as ${DAYS.join(", ")}` }) }),
        ),
        { invalid_type_error: "must be a list of days" },
      )
      .max(7)
      .default([]),
    personal_budget: z.boolean({ invalid_type_error: "must be true or false" }).optional(),
    /** The household: each member's age counts for their own outcomes (outcome.member names them). */
    members: z
      .array(
        z.object({
          name: z.string({ required_error: "is required", invalid_type_error: "must be text" }).trim().min(1, "must not be empty").max(80, "must be at most 80 characters"),
          age: ageSchema.optional(),
          relationship: z.string({ invalid_type_error: "must be text" }).trim().max(80, "must be at most 80 characters").optional(),
        }),
        { invalid_type_error: "must be a list of people" },
      )
      .max(20, "must have at most 20 people")
      .default([]),
  })
  .superRefine((p, ctx) => {
    if (!p.postcode && (p.lat === undefined || p.lng === undefined)) {
      ctx.addIssue({ code: "custom", path: ["postcode"], message: "is required (or lat and lng)" });
    }
  });

export const outcomeSchema = z.object({
  id: z.string({ required_error: "is required", invalid_type_error: "must be text" }).trim().min(1, "must not be empty").max(64, "must be at most 64 characters"),
  statement: z
    .string({ required_error: "is required", invalid_type_error: "must be text" })
    .trim()
    .min(1, "must not be empty: say the outcome in your own words")
    .max(500, "must be at most 500 characters"),
  domain: z.enum(OUTCOME_DOMAINS, { errorMap: () => ({ message: `is not an outcome domain (use one of ${OUTCOME_DOMAINS.join(", ")})` }) }),
  member: z.string({ invalid_type_error: "must be text" }).trim().max(80, "must be at most 80 characters").optional(),
  priority: z.number({ invalid_type_error: "must be a number from 1 to 5" }).int().min(1).max(5).optional(),
  /** The age of the person this outcome is for, when not the profile holder (else profile.members by name). */
  age: ageSchema.optional(),
});

export const matchBodySchema = z.object(
  {
    profile: profileSchema,
    outcomes: z
      .array(outcomeSchema, { required_error: "is required", invalid_type_error: "must be a list" })
      .min(1, "must have at least one outcome")
      .max(MAX_OUTCOMES, `must have at most ${MAX_OUTCOMES} outcomes`)
      .superRefine((list, ctx) => {
        const seen = new Set<string>();
        list.forEach((o, i) => {
          if (seen.has(o.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: "is used by another outcome" });
          seen.add(o.id);
        });
      }),
  },
  { required_error: "is required", invalid_type_error: "must be a JSON object" },
);

export type MatchBody = z.infer<typeof matchBodySchema>;
export type ProfileInput = z.infer<typeof profileSchema>;
