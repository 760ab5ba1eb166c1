// The shape of an asset as it is written (import, API, forms) and validated. No I/O.
import * as crypto from "node:crypto";
import { createHash } from "node:crypto";
import { z } from "zod";
import { ACCESS_FEATURES, KINDS, isCategory } from "./taxonomy";
import { isValidHours } from "./hours";
import { isWebAddress, WEB_ADDRESS_MESSAGE } from "./web-address";

/** crypto.hash (Node ≥ 20.12): one call, no Hash object; the same digest as createHash. */
const oneShot = (crypto as unknown as { hash?: (algorithm: string, data: string, encoding: "buffer") => Buffer }).hash;

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const optionalText = (max: number) =>
  z
    .union([text(max), z.null()])
    .optional()
    .transform((v) => (v === undefined || v === null || v === "" ? null : v));

/** A web address: http(s) only (app/core/web-address.ts); "javascript:…" is refused with the field's name. */
const optionalWebAddress = (max: number) => optionalText(max).refine((v) => v === null || isWebAddress(v), WEB_ADDRESS_MESSAGE);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;
const optionalDate = z
  .union([z.string().regex(ISO_DATE, "must be an ISO 8601 date such as 2026-01-31"), z.null()])
  .optional()
  .transform((v) => v ?? null);

export const changingPlacesSchema = z.object({
  hoist: z.enum(["ceiling_track", "mobile", "none"]).nullable().optional().transform((v) => v ?? null),
  adult_bench: z.boolean().nullable().optional().transform((v) => v ?? null),
  room_size_m2: z.number().min(1).max(200).nullable().optional().transform((v) => v ?? null),
  peninsular_wc: z.boolean().nullable().optional().transform((v) => v ?? null),
  radar_key: z.boolean().nullable().optional().transform((v) => v ?? null),
  opening_hours: optionalText(500).refine((v) => v === null || isValidHours(v), "is not valid opening hours (OSM opening_hours syntax, e.g. Mo-Fr 09:00-17:00)"),
  notes: optionalText(1000),
});

export const assetInputSchema = z
  .object({
    id: z.string().uuid().optional(),
    kind: z.enum(KINDS, { errorMap: () => ({ message: `must be one of: ${KINDS.join(", ")}` }) }),
    name: text(200).min(1, "is required"),
    summary: text(300).optional().transform((v) => v ?? ""),
    description: text(5000).optional().transform((v) => v ?? ""),
    organisation: z
      .object({
        // An organisation's own id, when it comes with one (HSDS imports keep the publisher's id).
        id: z.string().uuid().optional(),
        name: text(200).min(1, "is required"),
        source_id: optionalText(200),
        description: optionalText(5000),
        website: optionalWebAddress(500),
        email: optionalText(320),
        phone: optionalText(50),
        charity_number: optionalText(20),
        company_number: optionalText(20),
      })
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    lat: z.number({ invalid_type_error: "must be a number" }).min(-90, "must be between -90 and 90").max(90, "must be between -90 and 90"),
    lng: z.number({ invalid_type_error: "must be a number" }).min(-180, "must be between -180 and 180").max(180, "must be between -180 and 180"),
    address: optionalText(500),
    locality: optionalText(100),
    postcode: optionalText(10),
    location_precision: z.enum(["exact", "building", "postcode_unit", "postcode_district"]).optional().transform((v) => v ?? "exact"),
    phone: optionalText(50),
    email: optionalText(320),
    website: optionalWebAddress(500),
    opening_hours: optionalText(1000).refine(
      (v) => v === null || isValidHours(v),
      "is not valid opening hours (OSM opening_hours syntax, e.g. Mo-Fr 09:00-17:00; Sa 10:00-12:00)",
    ),
    opening_hours_text: optionalText(1000),
    cost: z
      .object({ free: z.boolean().nullable().optional().transform((v) => v ?? null), details: optionalText(1000) })
      .optional()
      .transform((v) => v ?? { free: null, details: null }),
    age: z
      .object({
        min: z.number().int("must be a whole number").min(0).max(120).nullable().optional().transform((v) => v ?? null),
        max: z.number().int("must be a whole number").min(0).max(120).nullable().optional().transform((v) => v ?? null),
      })
      .optional()
      .transform((v) => v ?? { min: null, max: null })
      .refine((a) => a.min === null || a.max === null || a.min <= a.max, "minimum age must not be above maximum age"),
    time_credits: z
      .object({ earn: optionalText(1000), spend: optionalText(1000) })
      .optional()
      .transform((v) => v ?? { earn: null, spend: null }),
    categories: z
      .array(z.string().refine(isCategory, (c) => ({ message: `unknown category "${c}"` })))
      .max(20)
      .optional()
      .transform((v) => [...new Set(v ?? [])]),
    access: z
      .array(z.enum(ACCESS_FEATURES, { errorMap: () => ({ message: `must be among: ${ACCESS_FEATURES.join(", ")}` }) }))
      .optional()
      .transform((v) => [...new Set(v ?? [])]),
    access_notes: optionalText(2000),
    changing_places: changingPlacesSchema.nullable().optional().transform((v) => v ?? null),
    how_to_get_there: optionalText(2000),
    is_example: z.boolean().optional().transform((v) => v ?? false),
    status: z.enum(["active", "archived"]).optional().transform((v) => v ?? "active"),
    source: text(100).min(1),
    source_id: text(200).min(1),
    source_url: optionalWebAddress(500),
    licence: text(200).min(1),
    attribution: text(1000).min(1),
    verified_at: optionalDate,
    review_due: optionalDate,
  })
  .strict();

export type AssetInput = z.input<typeof assetInputSchema>;
export type ValidAsset = z.output<typeof assetInputSchema>;

/** Field-level messages from a zod error: {"age.min": "must be ...", ...}. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_";
    if (!(key in out)) {
      out[key] = issue.code === "unrecognized_keys" ? `unknown field(s): ${issue.keys.join(", ")}` : issue.message;
    }
  }
  return out;
}

/** A stable UUID (version-5 layout) from a name: the same source row always gets the same id. */
export function stableUuid(...parts: string[]): string {
  const h = oneShot ? oneShot("sha1", parts.join("\u0000"), "buffer") : createHash("sha1").update(parts.join("\u0000")).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function assetIdFor(source: string, sourceId: string): string {
  return stableUuid("asset", source, sourceId);
}
export function organisationIdFor(source: string, sourceId: string): string {
  return stableUuid("organisation", source, sourceId);
}

/** Words that make an asset findable beyond its name: category labels, kind, access. */
export function summaryOrDefault(a: { summary: string; description: string }): string {
  if (a.summary) return a.summary;
  const d = a.description.replace(/\s+/g, " ").trim();
  if (d.length <= 200) return d;
  const cut = d.slice(0, 200);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), 150))}…`;
}
