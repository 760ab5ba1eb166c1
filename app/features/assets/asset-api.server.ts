// The JSON API's writes: POST /api/assets (a body in the public record's shape) and PATCH
// /api/assets/:id ({version, ...changed fields}); field errors use the public record's names.
import { assetInputSchema, fieldErrors, type ValidAsset } from "../../core/asset";
import { mapPublicBody, publicFieldErrors } from "../../core/asset-public";
import type { User } from "../accounts/users.data.server";
import type { Context } from "../../server/context.server";
import { ApiError, describeFields } from "../../server/errors";
import { placeByPostcode } from "../postcodes/geocode.server";
import { InvalidAsset, connectorDefaults, createAsset, modifyAsset } from "./change-asset.server";
import type { PublicAsset } from "./public-asset.server";

function apiPostcodeError(kind: "malformed" | "unknown"): string {
  return kind === "malformed" ? "is not a valid UK postcode (like M33 7XX)" : "is not a postcode we know: send lat and lng instead";
}

function apiInvalid(fields: Record<string, string>): ApiError {
  return new ApiError(400, "invalid_input", `Please check: ${describeFields(fields)}.`, fields);
}

function publicise<T>(fn: () => Promise<T>): Promise<T> {
  return fn().catch((e) => {
    if (e instanceof InvalidAsset) throw apiInvalid(publicFieldErrors(e.fields ?? {}));
    throw e;
  });
}

/** Mapping errors plus whatever the schema finds in the rest, so one answer names every bad field. */
function withSchemaErrors(errors: Record<string, string>, input: Record<string, unknown>): Record<string, string> {
  const parsed = assetInputSchema.safeParse(input);
  return parsed.success ? errors : { ...publicFieldErrors(fieldErrors(parsed.error)), ...errors };
}

/** POST /api/assets: a body in the public record's shape. */
export async function apiCreateAsset(ctx: Context, user: User, body: unknown, now = new Date()): Promise<PublicAsset> {
  return publicise(async () => {
    const m = mapPublicBody(body, connectorDefaults(now), { creating: true });
    if (m.lookup) {
      const place = await placeByPostcode(ctx.db, m.lookup);
      if ("error" in place) m.errors["location.postcode"] = apiPostcodeError(place.error);
      else {
        const precision = m.touched.includes("location_precision") ? m.input.location_precision : place.location_precision;
        Object.assign(m.input, { lat: place.lat, lng: place.lng, postcode: place.postcode, location_precision: precision });
      }
    }
    if (Object.keys(m.errors).length) throw apiInvalid(withSchemaErrors(m.errors, m.input));
    return createAsset(ctx, user, m.input, now);
  });
}

function versionOf(body: unknown, required: boolean): number | undefined {
  const v = (body as { version?: unknown } | null)?.version;
  if (v === undefined || v === null) {
    if (required) throw apiInvalid({ version: "is required: send the version you last read, so that nobody's change is lost" });
    return undefined;
  }
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw apiInvalid({ version: "must be a whole number (the record's version)" });
  return v;
}

/** PATCH /api/assets/:id with {version, ...changed fields}. */
export async function apiPatchAsset(ctx: Context, user: User, id: string, body: unknown, now = new Date()): Promise<PublicAsset> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw apiInvalid({ _: "The body must be a JSON object." });
  const expectedVersion = versionOf(body, true);
  const status = (body as { status?: unknown }).status;
  // A change of status through PATCH is recorded as an archive or unarchive.
  const action = (current: ValidAsset) =>
    status === "archived" && current.status !== "archived" ? "archive" : status === "active" && current.status === "archived" ? "unarchive" : "update";
  return publicise(async () => {
    const { record } = await modifyAsset(ctx, user, id, { action, expectedVersion, now }, async (current, _stored, tx) => {
      const m = mapPublicBody(body, current, { creating: false });
      if (m.lookup) {
        const place = await placeByPostcode(tx, m.lookup);
        if ("error" in place) m.errors["location.postcode"] = apiPostcodeError(place.error);
        else Object.assign(m.input, { lat: place.lat, lng: place.lng, postcode: place.postcode, location_precision: place.location_precision });
      }
      if (Object.keys(m.errors).length) throw apiInvalid(withSchemaErrors(m.errors, m.input));
      // Changing the hours makes the hours "as published" out of date.
      if (m.touched.includes("opening_hours") && !m.touched.includes("opening_hours_text") && m.input.opening_hours !== current.opening_hours) {
        m.input.opening_hours_text = null;
      }
      return m.input;
    });
    return record;
  });
}

/** The optional {"version": N} of verify/archive/unarchive bodies. */
export function optionalVersion(body: unknown): number | undefined {
  return versionOf(body, false);
}
