// Saving the browser's asset form (new or edit): field errors keyed by form field, and on a stale
// version the conflict view, "their saved version" beside "yours" (decision 0011).
import type { Db } from "../../../db/index";
import { assetInputSchema, fieldErrors, type ValidAsset } from "../../core/asset";
import { changedFields, describeValue, fieldLabel } from "../../core/asset-changes";
import { formErrorFor, formToDraft, type AssetFormValues } from "../../core/asset-form";
import type { User } from "../accounts/users.data.server";
import type { Context } from "../../server/context.server";
import { ConflictError } from "../../server/errors";
import { placeByPostcode } from "../postcodes/geocode.server";
import { InvalidAsset, connectorDefaults, createAsset, modifyAsset, notFound } from "./change-asset.server";
import { findLastAuthor } from "./revisions.data.server";
import { loadAssetInput, snapshotAt } from "./stored-asset.server";

export interface ConflictView {
  /** The current version: the form carries it from now on, so saving again is a deliberate choice. */
  version: number;
  by: string | null;
  at: string | null;
  changes: { field: string; label: string; theirs: string; yours: string }[];
}

export type FormSaveResult =
  | { ok: true; id: string; precision: string; unchanged: boolean }
  | { ok: false; errors: Record<string, string>; conflict?: ConflictView; status: number };

/** Fields of the write shape that the form edits (the rest is kept from the record). */
const FORM_FIELDS = [
  "kind",
  "name",
  "summary",
  "description",
  "categories",
  "access",
  "access_notes",
  "address",
  "locality",
  "postcode",
  "lat",
  "lng",
  "location_precision",
  "opening_hours",
  "opening_hours_text",
  "cost",
  "age",
  "time_credits",
  "changing_places",
  "phone",
  "email",
  "website",
  "how_to_get_there",
] as const;

async function conflictView(db: Db, id: string, yourVersion: number, yours: Record<string, unknown>): Promise<ConflictView> {
  const current = (await loadAssetInput(db, id))!;
  const before = await snapshotAt(db.kysely, id, yourVersion);
  const theirs = current.input as unknown as Record<string, unknown>;
  // What they changed since you opened the form (or, without history, where theirs and yours differ).
  const fields = (before ? changedFields(before as unknown as Record<string, unknown>, theirs) : changedFields(yours, theirs)).filter(
    (f) => !["source", "source_id", "source_url", "licence", "attribution", "is_example", "content_hash"].includes(f),
  );
  const last = await findLastAuthor(db.kysely, id);
  return {
    version: current.version,
    by: last?.who ?? null,
    at: last?.created_at ?? null,
    changes: fields.map((f) => ({
      field: f,
      label: fieldLabel(f),
      theirs: describeValue(f, theirs[f]),
      yours: (FORM_FIELDS as readonly string[]).includes(f) ? describeValue(f, yours[f]) : "(not part of this form: theirs is kept)",
    })),
  };
}

function formErrors(fields: Record<string, string>, values: AssetFormValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, msg] of Object.entries(fields)) {
    const [key, sentence] = formErrorFor(k, msg, values);
    out[key] ??= sentence;
  }
  return out;
}

/**
 * Save the asset form: new (id null) or an edit of `id` at `expectedVersion`. Field errors are
 * keyed by form field; a stale version returns the conflict (theirs vs yours) and nothing is saved.
 */
export async function saveAssetForm(
  ctx: Context,
  user: User,
  id: string | null,
  values: AssetFormValues,
  expectedVersion: number | null,
  now = new Date(),
): Promise<FormSaveResult> {
  const db = ctx.db;
  const stored = id ? await loadAssetInput(db, id) : null;
  if (id && !stored) throw notFound();
  const base: ValidAsset | null = stored?.input ?? null;
  const { draft, errors, lookup } = formToDraft(values, {
    baseHours: base?.opening_hours ?? null,
    baseContact: base ? { phone: base.phone, email: base.email, website: base.website } : undefined,
  });
  const candidate: Record<string, unknown> = { ...(base ?? connectorDefaults(now)) };
  for (const k of FORM_FIELDS) if (k in draft) candidate[k] = (draft as unknown as Record<string, unknown>)[k];
  if (lookup) {
    const place = await placeByPostcode(db, lookup);
    if ("error" in place) {
      errors.postcode =
        place.error === "malformed"
          ? "Enter a real postcode, like M33 7XX"
          : `We do not know the postcode ${lookup.trim().toUpperCase()}. Check it, or place it with a pin on the map`;
    } else Object.assign(candidate, place);
  }
  if (base) {
    // The same codes in another order are no change.
    const same = (x: string[], y: string[]) => x.length === y.length && x.every((c) => y.includes(c));
    if (same(draft.categories, base.categories)) candidate.categories = base.categories;
    if (same(draft.access, base.access)) candidate.access = base.access;
    // Equipment all "not known" is the same as no equipment recorded.
    const blank = (cp: unknown) => cp === null || (typeof cp === "object" && Object.values(cp as object).every((x) => x === null));
    if (blank(draft.changing_places) && blank(base.changing_places)) candidate.changing_places = base.changing_places;
    // An exact point that did not move keeps how exact it was said to be ("building", say).
    if (draft.lat === base.lat && draft.lng === base.lng) candidate.location_precision = base.location_precision;
    candidate.opening_hours_text = draft.opening_hours === base.opening_hours ? base.opening_hours_text : null;
    // An asset placed by its postcode keeps its point when the postcode did not change.
    if (lookup && base.location_precision.startsWith("postcode") && (base.postcode ?? "").replace(/\s+/g, "").toUpperCase() === lookup.replace(/\s+/g, "").toUpperCase()) {
      Object.assign(candidate, { lat: base.lat, lng: base.lng, location_precision: base.location_precision, postcode: base.postcode });
    }
  }
  if (stored && expectedVersion !== null && expectedVersion !== stored.version) {
    return { ok: false, status: 409, errors: { _: "Someone else saved a change to this record while you were editing it." }, conflict: await conflictView(db, id!, expectedVersion, candidate) };
  }
  if (Object.keys(errors).length) return { ok: false, status: 400, errors };
  const parsed = assetInputSchema.safeParse(candidate);
  if (!parsed.success) return { ok: false, status: 400, errors: formErrors(fieldErrors(parsed.error), values) };
  try {
    if (!id) {
      const record = await createAsset(ctx, user, parsed.data, now);
      return { ok: true, id: record.id, precision: record.location.precision, unchanged: false };
    }
    const { record, outcome } = await modifyAsset(ctx, user, id, { action: "update", expectedVersion: expectedVersion ?? undefined, now }, () => parsed.data);
    return { ok: true, id, precision: record.location.precision, unchanged: outcome.status === "unchanged" };
  } catch (e) {
    if (e instanceof ConflictError && id) {
      return { ok: false, status: 409, errors: { _: e.message }, conflict: await conflictView(db, id, expectedVersion ?? 0, candidate) };
    }
    if (e instanceof InvalidAsset) return { ok: false, status: 400, errors: formErrors(e.fields ?? {}, values) };
    throw e;
  }
}
