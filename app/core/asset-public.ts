// The JSON API writes in the same shape that GET /api/assets/:id returns (location {...},
// contact {...}, cost, age, ...). This maps such a body onto the write shape of
// app/core/asset.ts, over a base record for PATCH. No I/O; geocoding is left to the caller.
import type { ValidAsset } from "./asset";
import { contactProblems } from "./asset-form";

/** Fields of the public record that are computed or managed by the system: accepted and ignored. */
export const READ_ONLY_FIELDS = [
  "id",
  "url",
  "is_example",
  "open_now",
  "open_now_text",
  "weekly_hours",
  "nearest_changing_places",
  // Photos are added and removed on their own page (/assets/:id/photos), not in an asset write.
  "photos",
  "source",
  "licence",
  "attribution",
  "verified_at",
  "version",
  "created_at",
  "updated_at",
] as const;

/** Fields a client may send. */
export const WRITABLE_FIELDS = [
  "kind",
  "name",
  "summary",
  "description",
  "lat",
  "lng",
  "location",
  "organisation",
  "categories",
  "access",
  "access_notes",
  "opening_hours",
  "opening_hours_text",
  "cost",
  "age",
  "time_credits",
  "changing_places",
  "contact",
  "how_to_get_there",
  "status",
  "review_due",
] as const;

/** Write-shape keys → the names the public record uses (for error messages). */
const PUBLIC_NAME: Record<string, string> = {
  address: "location.address",
  locality: "location.locality",
  postcode: "location.postcode",
  location_precision: "location.precision",
  phone: "contact.phone",
  email: "contact.email",
  website: "contact.website",
};

export function publicFieldName(writeKey: string): string {
  const [head, ...rest] = writeKey.split(".");
  return PUBLIC_NAME[head] ? [PUBLIC_NAME[head], ...rest].join(".") : writeKey;
}

/** Field errors keyed by write-shape paths → keyed by the public record's names. */
export function publicFieldErrors(errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [publicFieldName(k), v]));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export interface PublicMapping {
  /** The candidate record in the write shape (to be checked with assetInputSchema). */
  input: Record<string, unknown>;
  /** Problems found while mapping, keyed by public field names. */
  errors: Record<string, string>;
  /** A postcode to geocode for lat/lng, when the body gave a postcode but no coordinates. */
  lookup: string | null;
  /** Top-level write-shape fields the body touched. */
  touched: string[];
}

/**
 * Map a public-shape body over `base` (the current record for PATCH; defaults for POST).
 * Nested objects (location, contact, cost, age, time_credits, changing_places, organisation)
 * merge into the base's: send only what changes; null clears a field. `version` is allowed and
 * ignored here (the caller reads it).
 */
export function mapPublicBody(body: unknown, base: ValidAsset | Record<string, unknown>, opts: { creating: boolean }): PublicMapping {
  const errors: Record<string, string> = {};
  const input: Record<string, unknown> = { ...base };
  const touched = new Set<string>();
  if (!isObject(body)) return { input, errors: { _: "The body must be a JSON object." }, lookup: null, touched: [] };
  const b = base as Record<string, unknown>;

  for (const key of Object.keys(body)) {
    if (key === "version" || (READ_ONLY_FIELDS as readonly string[]).includes(key)) continue;
    if (!(WRITABLE_FIELDS as readonly string[]).includes(key)) errors[key] = "is not a field of an asset";
  }

  const set = (key: string, value: unknown) => {
    input[key] = value;
    touched.add(key);
  };
  const has = (k: string) => Object.prototype.hasOwnProperty.call(body, k);

  for (const key of ["kind", "name", "lat", "lng", "categories", "access", "access_notes", "opening_hours", "opening_hours_text", "how_to_get_there", "review_due"]) {
    if (has(key)) set(key, body[key]);
  }
  for (const key of ["summary", "description"]) if (has(key)) set(key, body[key] === null ? "" : body[key]);
  if (has("status")) {
    if (opts.creating && body.status !== "active") errors.status = "a new asset is always active";
    else set("status", body.status);
  }

  const mergeInto = (key: string, fields: string[], target: (f: string) => string) => {
    if (!has(key)) return;
    const v = body[key];
    if (v === null) {
      for (const f of fields) set(target(f), null);
      return;
    }
    if (!isObject(v)) {
      errors[key] = "must be an object";
      return;
    }
    for (const f of Object.keys(v)) if (!fields.includes(f)) errors[`${key}.${f}`] = "is not a field here";
    for (const f of fields) if (Object.prototype.hasOwnProperty.call(v, f)) set(target(f), v[f]);
  };
  mergeInto("location", ["address", "locality", "postcode", "precision"], (f) => (f === "precision" ? "location_precision" : f));
  mergeInto("contact", ["phone", "email", "website"], (f) => f);

  const mergeObject = (key: string, fields: string[], nullable: boolean) => {
    if (!has(key)) return;
    const v = body[key];
    if (v === null) {
      if (nullable) set(key, null);
      else set(key, undefined); // back to the schema's default ("not known")
      return;
    }
    if (!isObject(v)) {
      errors[key] = "must be an object";
      return;
    }
    for (const f of Object.keys(v)) if (!fields.includes(f)) errors[`${key}.${f}`] = "is not a field here";
    const prev = isObject(b[key]) ? (b[key] as Record<string, unknown>) : {};
    set(key, { ...prev, ...Object.fromEntries(fields.filter((f) => f in v).map((f) => [f, v[f]])) });
  };
  mergeObject("cost", ["free", "details"], false);
  mergeObject("age", ["min", "max"], false);
  mergeObject("time_credits", ["earn", "spend"], false);
  mergeObject("changing_places", ["hoist", "adult_bench", "room_size_m2", "peninsular_wc", "radar_key", "opening_hours", "notes"], true);

  if (has("organisation")) {
    const v = body.organisation;
    if (v === null) set("organisation", null);
    else if (!isObject(v)) errors.organisation = "must be an object";
    else {
      const prev = isObject(b.organisation) ? (b.organisation as Record<string, unknown>) : null;
      const name = v.name ?? prev?.name;
      // The same organisation (by name) keeps its identity and other details; another name is another organisation.
      const same = prev && (v.name === undefined || v.name === prev.name);
      const org: Record<string, unknown> = same ? { ...prev } : { name };
      if (v.name !== undefined) org.name = v.name;
      for (const f of ["website", "charity_number"]) if (f in v) org[f] = v[f];
      set("organisation", org);
    }
  }

  // Contact details: the schema keeps them as text, so check their form here.
  const changed = (k: string) => typeof input[k] === "string" && touched.has(k) && input[k] !== b[k];
  const contactErrors = contactProblems({
    phone: changed("phone") ? (input.phone as string) : null,
    email: changed("email") ? (input.email as string) : null,
    website: changed("website") ? (input.website as string) : null,
  });
  for (const [k, msg] of Object.entries(contactErrors)) errors[publicFieldName(k)] = msg.replace(/^\w+ /, "");

  // Coordinates from the postcode when none are given: always for a new record; for an edit, when
  // the postcode changes and the record was placed by its postcode (an exact pin stays put).
  let lookup: string | null = null;
  const givenCoords = has("lat") || has("lng");
  const postcode = typeof input.postcode === "string" ? input.postcode : null;
  if (!givenCoords && postcode) {
    const placedByPostcode = String(b.location_precision ?? "").startsWith("postcode");
    if (opts.creating || (touched.has("postcode") && postcode !== b.postcode && placedByPostcode)) lookup = postcode;
  }
  if (opts.creating && !givenCoords && !postcode) {
    errors.lat = "is required (or give location.postcode and we will place it by the postcode)";
  }
  return { input, errors, lookup, touched: [...touched] };
}

/** Records made by connectors (decision 0003: source "connector", a random UUID as source_id). */
export const CONNECTOR_SOURCE = "connector";
export const CONNECTOR_DATASET_TITLE = "Added by Real Wealth connectors";
export const CONNECTOR_LICENCE = "Creative Commons Attribution 4.0 (CC BY 4.0)";
export const CONNECTOR_ATTRIBUTION = "Added by a Real Wealth connector";
