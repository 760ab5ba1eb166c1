// What a connector does to a suggestion before approving it: start from the listing as it is
// (or a blank new one), apply the suggested or edited fields, place it by postcode, and check the
// result is a valid asset.
import type { Db, Executor } from "../../../db/index";
import { assetInputSchema, fieldErrors, type AssetInput, type ValidAsset } from "../../core/asset";
import { hoursFromText, type SuggestionPayload } from "../../core/suggestion";
import { KINDS, isCategory, isKind } from "../../core/taxonomy";
import { loadAssetInput } from "../assets/stored-asset.server";
import { ApiError, describeFields } from "../../server/errors";
import { geocodePostcode } from "../postcodes/geocode.server";
import { withPostcodeLine } from "../imports/sources";

/** The current record of an asset as write input (what writeAssets takes) and its version, or null. */
export async function editableInput(db: Db, id: string): Promise<(AssetInput & { version: number }) | null> {
  const stored = await loadAssetInput(db, id);
  return stored ? { ...(stored.input as AssetInput), id, version: stored.version } : null;
}

/** The fields a connector can edit when reviewing a suggestion (all text, as typed in the form). */
export interface ReviewFields {
  name?: string;
  kind?: string;
  categories?: string[];
  summary?: string;
  description?: string;
  address?: string;
  postcode?: string;
  opening_hours?: string;
  phone?: string;
  email?: string;
  website?: string;
}

/** Move a record to a postcode: its centre, the precision, and the postcode data's attribution. */
async function placeByPostcode(db: Db | Executor, input: AssetInput, postcode: string, errors: Record<string, string>): Promise<void> {
  const g = await geocodePostcode(db, postcode);
  if (g === null) {
    errors.postcode = "must be a UK postcode such as M33 7XX";
    return;
  }
  if (!g) {
    errors.postcode = "is not a postcode we can place on the map; check it, or ask the person for the exact address";
    return;
  }
  input.postcode = g.postcode;
  input.lat = g.lat;
  input.lng = g.lng;
  input.location_precision = g.precision === "unit" ? "postcode_unit" : "postcode_district";
  input.attribution = withPostcodeLine(String(input.attribution ?? ""));
}

const blankToNull = (v: string | undefined) => (v === undefined ? undefined : v.trim() === "" ? null : v.trim());

/** Apply a connector's edits to an input record; problems go into `errors` by field. */
export async function applyEdits(db: Db | Executor, input: AssetInput, edits: ReviewFields, errors: Record<string, string>): Promise<void> {
  if (edits.name !== undefined) input.name = edits.name.trim();
  if (edits.kind !== undefined) {
    if (isKind(edits.kind)) input.kind = edits.kind;
    else errors.kind = edits.kind ? `must be one of: ${KINDS.join(", ")}` : "is required: choose what kind of place or service it is";
  }
  if (edits.categories !== undefined) {
    const bad = edits.categories.filter((c) => !isCategory(c));
    if (bad.length) errors.categories = `unknown category "${bad[0]}"`;
    input.categories = edits.categories.filter(isCategory);
  }
  if (edits.summary !== undefined) input.summary = edits.summary.trim();
  if (edits.description !== undefined) input.description = edits.description.trim();
  if (edits.address !== undefined) input.address = blankToNull(edits.address);
  if (edits.phone !== undefined) input.phone = blankToNull(edits.phone);
  if (edits.email !== undefined) input.email = blankToNull(edits.email);
  if (edits.website !== undefined) input.website = blankToNull(edits.website);
  if (edits.opening_hours !== undefined) {
    const now = input.opening_hours_text ?? input.opening_hours ?? "";
    if (edits.opening_hours.trim() !== now.trim() && edits.opening_hours.trim() !== (input.opening_hours ?? "")) {
      Object.assign(input, hoursFromText(edits.opening_hours));
    }
  }
  if (edits.postcode !== undefined) {
    const pc = edits.postcode.trim();
    if (!pc) {
      if (input.lat === undefined || input.lat === null) errors.postcode = "is required, so the listing can be placed on the map";
    } else if (pc.replace(/\s+/g, "").toUpperCase() !== String(input.postcode ?? "").replace(/\s+/g, "").toUpperCase()) {
      await placeByPostcode(db, input, pc, errors);
    }
  }
}

export function validate(input: AssetInput, errors: Record<string, string>): ValidAsset {
  const parsed = assetInputSchema.safeParse(input);
  if (!parsed.success) {
    for (const [k, v] of Object.entries(fieldErrors(parsed.error))) {
      const key = k.replace(/\.\d+$/, "");
      // A listing that could not be placed has no coordinates: the postcode message says why.
      if ((key === "lat" || key === "lng") && errors.postcode) continue;
      if (!(key in errors)) errors[key] = v;
    }
  }
  if (Object.keys(errors).length || !parsed.success) throw new ApiError(400, "invalid_input", `Please check: ${describeFields(errors)}.`, errors);
  return parsed.data;
}

/** The edits a correction proposes as it stands (what "Approve" applies without editing). */
export function editsFromPayload(payload: SuggestionPayload): ReviewFields {
  const edits: ReviewFields = {};
  if (payload.name) edits.name = payload.name;
  if (payload.postcode) edits.postcode = payload.postcode;
  if (payload.when) edits.opening_hours = payload.when;
  return edits;
}
