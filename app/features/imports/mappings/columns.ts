// Mappings for files we do not know: a simple JSON column mapping (--mapping MAP.json, see
// docs/import-mapping.md), or a default one guessed from common column names.
import path from "node:path";
import { z } from "zod";
import { englishToOsm, isValidHours } from "../../../core/hours";
import { ACCESS_FEATURES, CATEGORIES, KINDS, isKind, type AccessFeature, type Kind } from "../../../core/taxonomy";
import { clean, cleanMultiline, isoDate, localityFromAddress, nameKey, normaliseEmail, normalisePhone, normalisePostcode, normaliseWebsite, toNumber } from "../text";
import type { DatasetMapping, FileFormat, MapOutcome, SourceRow } from "../types";
import { yesNo } from "./common";

/** Asset fields a column can fill. */
export const COLUMN_FIELDS = [
  "name",
  "source_id",
  "kind",
  "lat",
  "lng",
  "postcode",
  "address",
  "locality",
  "summary",
  "description",
  "phone",
  "email",
  "website",
  "opening_hours",
  "cost",
  "free",
  "min_age",
  "max_age",
  "categories",
  "access",
  "access_notes",
  "organisation",
  "charity_number",
  "time_credits_earn",
  "time_credits_spend",
  "verified_at",
] as const;
export type ColumnField = (typeof COLUMN_FIELDS)[number];

const PRECISIONS = ["exact", "building", "postcode_unit", "postcode_district"] as const;

export const mappingFileSchema = z
  .object({
    source: z
      .string({ required_error: "is required" })
      .min(1, "is required")
      .max(100)
      .regex(/^[a-z0-9][a-z0-9_.-]*$/i, "must be letters, digits, dots, dashes or underscores (e.g. sale_groups_2026)"),
    title: z.string().min(1).max(200).optional(),
    kind: z.enum(KINDS, { errorMap: () => ({ message: `must be one of: ${KINDS.join(", ")}` }) }).optional(),
    licence: z.string({ required_error: "is required" }).min(1, "is required").max(200),
    attribution: z.string({ required_error: "is required" }).min(1, "is required").max(1000),
    url: z.string().max(500).optional(),
    verified_at: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date such as 2026-01-31").optional(),
    location_precision: z.enum(PRECISIONS).optional(),
    format: z.enum(["csv", "geojson"]).optional(),
    columns: z.record(z.string(), { required_error: "is required (which column holds which field)" }).superRefine((cols, ctx) => {
      for (const key of Object.keys(cols)) {
        if (!(COLUMN_FIELDS as readonly string[]).includes(key)) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${key}" is not a field; use: ${COLUMN_FIELDS.join(", ")}` });
        }
      }
      if (!cols.name) ctx.addIssue({ code: z.ZodIssueCode.custom, message: "must name the column that holds the name" });
    }),
    categories: z.array(z.string()).optional(),
    access: z.array(z.enum(ACCESS_FEATURES)).optional(),
    free: z.boolean().optional(),
  })
  .strict();

export type MappingFile = z.infer<typeof mappingFileSchema>;

/** A column mapping, checked: either the mapping or the list of problems in plain words. */
export function parseMappingFile(json: unknown): { mapping: MappingFile } | { problems: string[] } {
  const parsed = mappingFileSchema.safeParse(json);
  if (parsed.success) return { mapping: parsed.data };
  return { problems: parsed.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "mapping"} ${i.message}`) };
}

/** "a; b | c" → ["a", "b", "c"]. */
function splitList(text: string | null): string[] {
  return (text ?? "")
    .split(/[;|,]/)
    .map((w) => w.trim())
    .filter(Boolean);
}

const CATEGORY_BY_WORD = new Map<string, string>();
for (const c of CATEGORIES) {
  CATEGORY_BY_WORD.set(c.code, c.code);
  CATEGORY_BY_WORD.set(c.label.toLowerCase(), c.code);
}

/** "Library; Food bank or pantry" or "library|food_bank" → category codes (unknown words kept, to be rejected). */
export function categoryCodes(text: string | null): string[] {
  return splitList(text).map((w) => CATEGORY_BY_WORD.get(w.toLowerCase()) ?? CATEGORY_BY_WORD.get(w.toLowerCase().replace(/\s+/g, "_")) ?? w);
}

function hours(text: string | null): { opening_hours: string | null; opening_hours_text: string | null } {
  if (!text) return { opening_hours: null, opening_hours_text: null };
  if (isValidHours(text) && !/[a-z]{4,}/i.test(text.replace(/"[^"]*"/g, ""))) return { opening_hours: text, opening_hours_text: null };
  return { opening_hours: englishToOsm(text), opening_hours_text: text };
}

/** A DatasetMapping from a column mapping (a --mapping file, or the default guessed one). */
export function columnMapping(spec: MappingFile, format: FileFormat): DatasetMapping {
  const col = spec.columns as Partial<Record<ColumnField, string>>;
  const get = (row: SourceRow, field: ColumnField): string | null => (col[field] ? clean(row.values[col[field]!]) : null);
  const getText = (row: SourceRow, field: ColumnField): string | null => (col[field] ? cleanMultiline(row.values[col[field]!]) : null);
  return {
    source: spec.source,
    title: spec.title ?? spec.source,
    format: spec.format ?? format,
    licence: spec.licence,
    attribution: spec.attribution,
    url: spec.url ?? null,
    verifiedAt: spec.verified_at ?? null,
    precision: spec.location_precision ?? "exact",
    map(row): MapOutcome {
      const name = get(row, "name");
      if (!name) return { reject: `the name (column "${col.name}") is empty` };
      const kindText = get(row, "kind") ?? spec.kind ?? null;
      if (!kindText) return { reject: `no kind: the "${col.kind}" column is empty and the mapping gives no kind` };
      if (!isKind(kindText)) return { reject: `"${kindText}" is not a kind (use one of: ${KINDS.join(", ")})` };
      const postcode = normalisePostcode(get(row, "postcode"));
      const address = get(row, "address");
      const lat = col.lat ? toNumber(row.values[col.lat]) : row.geometry?.lat ?? null;
      const lng = col.lng ? toNumber(row.values[col.lng]) : row.geometry?.lng ?? null;
      const free = get(row, "free");
      const costText = get(row, "cost");
      const organisation = get(row, "organisation");
      const charity = get(row, "charity_number");
      const minAge = toNumber(get(row, "min_age"));
      const maxAge = toNumber(get(row, "max_age"));
      return {
        asset: {
          name,
          kind: kindText as Kind,
          source_id: get(row, "source_id") ?? nameKey(name, postcode),
          summary: get(row, "summary") ?? undefined,
          description: getText(row, "description") ?? undefined,
          address,
          postcode,
          locality: get(row, "locality") ?? localityFromAddress(address, postcode),
          lat,
          lng,
          location_precision: !col.lat && row.geometry ? row.geometry.precision : undefined,
          phone: normalisePhone(get(row, "phone")),
          email: normaliseEmail(get(row, "email")),
          website: normaliseWebsite(get(row, "website")),
          ...hours(getText(row, "opening_hours")),
          cost: {
            free: free !== null ? (yesNo(free) ?? /^free$/i.test(free)) : spec.free ?? (costText && /^free$/i.test(costText) ? true : null),
            details: costText,
          },
          age: { min: minAge, max: maxAge },
          categories: [...(spec.categories ?? []), ...categoryCodes(get(row, "categories"))],
          // Unknown access codes pass through here and are rejected, with the code, by the asset rules.
          access: [...(spec.access ?? []), ...(splitList(get(row, "access")) as AccessFeature[])],
          access_notes: getText(row, "access_notes"),
          organisation: organisation || charity ? { name: organisation ?? name, charity_number: charity } : null,
          time_credits: { earn: getText(row, "time_credits_earn"), spend: getText(row, "time_credits_spend") },
          verified_at: isoDate(get(row, "verified_at")) ?? undefined,
        },
      };
    },
  };
}

/** Common spellings of column names for each field (compared without case, spaces or punctuation). */
const COMMON_NAMES: Partial<Record<ColumnField, string[]>> = {
  name: ["name", "title", "sitename", "venue", "organisationname", "organizationname", "servicename", "location"],
  source_id: ["id", "identifier", "ref", "reference", "uprn", "osmid", "siteid"],
  kind: ["kind"],
  lat: ["lat", "latitude", "y"],
  lng: ["lng", "lon", "long", "longitude", "x"],
  postcode: ["postcode", "postalcode", "zip", "zipcode", "pcd"],
  address: ["address", "streetaddress", "fulladdress", "address1"],
  locality: ["town", "city", "locality", "posttown"],
  summary: ["summary"],
  description: ["description", "details", "about", "activities", "notes"],
  phone: ["phone", "telephone", "tel", "phonenumber", "contactphone"],
  email: ["email", "emailaddress", "contactemail"],
  website: ["website", "url", "web", "webaddress", "link"],
  opening_hours: ["openinghours", "openingtimes", "hours", "times"],
  cost: ["cost", "price", "charge", "fee"],
  free: ["free", "isfree"],
  min_age: ["minage", "agemin", "agefrom"],
  max_age: ["maxage", "agemax", "ageto"],
  categories: ["categories", "category", "tags"],
  access: ["access", "accessibility"],
  organisation: ["organisation", "organization", "provider", "operator"],
  charity_number: ["charitynumber", "registeredcharitynumber"],
};

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Columns found by common names: {name: "Name", lat: "latitude", ...}. */
export function guessColumns(columns: string[]): Partial<Record<ColumnField, string>> {
  const out: Partial<Record<ColumnField, string>> = {};
  const taken = new Set<string>();
  for (const [field, names] of Object.entries(COMMON_NAMES) as [ColumnField, string[]][]) {
    for (const n of names) {
      const hit = columns.find((c) => squash(c) === n && !taken.has(c));
      if (hit) {
        out[field] = hit;
        taken.add(hit);
        break;
      }
    }
  }
  return out;
}

export interface DefaultMappingOptions {
  kind?: string | null;
  source?: string | null;
  licence?: string | null;
  attribution?: string | null;
  title?: string | null;
}

/**
 * A mapping guessed from the file's column names. Either the mapping, or a plain-English problem
 * (no name column, no way to tell the kind, no way to place rows).
 */
export function defaultMapping(
  file: string,
  columns: string[],
  format: FileFormat,
  options: DefaultMappingOptions = {},
): { mapping: DatasetMapping; columns: Partial<Record<ColumnField, string>> } | { problem: string } {
  const found = guessColumns(columns);
  if (!found.name) return { problem: `none of the columns looks like a name (looked for: ${COMMON_NAMES.name!.join(", ")}). Use --mapping MAP.json to say which column is which.` };
  if (options.kind && !isKind(options.kind)) return { problem: `--kind ${options.kind} is not a kind; use one of: ${KINDS.join(", ")}.` };
  if (!options.kind && !found.kind) {
    return { problem: `cannot tell what kind of asset these rows are: pass --kind (one of: ${KINDS.join(", ")}), add a "kind" column, or use --mapping MAP.json.` };
  }
  const hasPlace = format === "geojson" || (found.lat && found.lng) || found.postcode;
  if (!hasPlace) return { problem: "no columns for coordinates (lat/latitude and lon/lng/longitude) or a postcode, so rows cannot be placed on the map. Use --mapping MAP.json." };
  const base = path.basename(file).replace(/\.[^.]+$/, "");
  const source = options.source ?? (base.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "") || "import");
  const spec: MappingFile = {
    source,
    title: options.title ?? base,
    kind: (options.kind as Kind | undefined) ?? undefined,
    licence: options.licence ?? "Licence not stated",
    attribution: options.attribution ?? `Imported from ${path.basename(file)}`,
    columns: found as Record<string, string>,
  };
  return { mapping: columnMapping(spec, format), columns: found };
}

