// The mapping step of the in-site import, as plain data: the form's values (which column holds
// which field, and what the dataset is) to and from the importer's column mapping
// (docs/import-mapping.md), with a plain-English message for each problem. No I/O.
import { COLUMN_FIELDS, guessColumns, mappingFileSchema, type ColumnField, type MappingFile } from "./mappings/columns";
import { ACCESS_FEATURES, KINDS, isCategory, isKind } from "../../core/taxonomy";
import type { FileFormat } from "./types";

export { COLUMN_FIELDS, type ColumnField, type MappingFile };

/** How each field is named to a person choosing columns. */
export const FIELD_LABELS: Record<ColumnField, string> = {
  name: "Name (required)",
  source_id: "The file's own id for each row",
  kind: "Kind of listing",
  lat: "Latitude",
  lng: "Longitude",
  postcode: "Postcode",
  address: "Address",
  locality: "Town",
  summary: "Summary (one line)",
  description: "Description",
  phone: "Phone",
  email: "Email",
  website: "Website",
  opening_hours: "Opening times",
  cost: "Cost",
  free: "Free (yes or no)",
  min_age: "Minimum age",
  max_age: "Maximum age",
  categories: "Categories",
  access: "Accessibility features",
  access_notes: "Accessibility notes",
  organisation: "Organisation that runs it",
  charity_number: "Charity number",
  time_credits_earn: "How to earn time credits",
  time_credits_spend: "How to spend time credits",
  verified_at: "Date last checked",
};

export const PRECISIONS = ["exact", "building", "postcode_unit", "postcode_district"] as const;

export interface MappingFormValues {
  /** Field → the file's column ("" or absent: not in this file). */
  columns: Partial<Record<ColumnField, string>>;
  /** A kind for every row, or "" when a column gives it. */
  kind: string;
  source: string;
  title: string;
  licence: string;
  attribution: string;
  url: string;
  verified_at: string;
  /** Category codes added to every row, separated by commas. */
  categories: string;
  /** Access feature codes added to every row, separated by commas. */
  access: string;
  free: "" | "yes" | "no";
  location_precision: string;
}

const get = (data: Record<string, unknown>, key: string): string => {
  const v = data[key];
  return typeof v === "string" ? v.trim() : "";
};

/** The values of a submitted mapping form (`col.<field>` selects and the dataset fields). */
export function readMappingForm(data: Record<string, unknown>): MappingFormValues {
  const columns: Partial<Record<ColumnField, string>> = {};
  for (const f of COLUMN_FIELDS) {
    const c = data[`col.${f}`];
    if (typeof c === "string" && c !== "") columns[f] = c;
  }
  const free = get(data, "free");
  return {
    columns,
    kind: get(data, "kind"),
    source: get(data, "source"),
    title: get(data, "title"),
    licence: get(data, "licence"),
    attribution: get(data, "attribution"),
    url: get(data, "url"),
    verified_at: get(data, "verified_at"),
    categories: get(data, "categories"),
    access: get(data, "access"),
    free: free === "yes" || free === "no" ? free : "",
    location_precision: get(data, "location_precision"),
  };
}

/** A dataset key from a file name: "Sale groups (Jan).csv" → "sale_groups_jan". */
export function sourceKeyFor(filename: string): string {
  const base = filename.replace(/\.[^.]+$/, "");
  return (
    base
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 80) || "import"
  );
}

/** First values for a new file: columns guessed from their names, the key from the file name. */
export function defaultMappingValues(filename: string, columns: string[]): MappingFormValues {
  const base = filename.replace(/\.[^.]+$/, "");
  return {
    columns: guessColumns(columns),
    kind: "",
    source: sourceKeyFor(filename),
    title: base.slice(0, 200),
    licence: "",
    attribution: "",
    url: "",
    verified_at: "",
    categories: "",
    access: "",
    free: "",
    location_precision: "exact",
  };
}

const splitCodes = (text: string) =>
  text
    .split(/[,;|]/)
    .map((c) => c.trim())
    .filter(Boolean);

/**
 * Check the form and build the importer's mapping. Errors are keyed by form field
 * (`col.name`, `kind`, `source`...) with plain-English messages.
 */
export function mappingFromForm(
  values: MappingFormValues,
  fileColumns: string[],
  format: FileFormat,
  reservedSources: string[] = [],
): { mapping: MappingFile } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const cols = values.columns;
  for (const [field, column] of Object.entries(cols)) {
    if (column && !fileColumns.includes(column)) errors[`col.${field}`] = `the file has no column called "${column}"`;
  }
  if (!cols.name) errors["col.name"] = "choose the column that holds each listing's name";
  if (values.kind && !isKind(values.kind)) errors.kind = `must be one of: ${KINDS.join(", ")}`;
  if (!values.kind && !cols.kind) errors.kind = "choose a kind for every row, or the column that gives each row's kind";
  if (format === "csv" && !cols.postcode && !(cols.lat && cols.lng)) {
    errors["col.postcode"] = "choose the postcode column, or the latitude and longitude columns, so rows can be placed on the map";
  }
  if (!!cols.lat !== !!cols.lng) errors[cols.lat ? "col.lng" : "col.lat"] = "choose both latitude and longitude, or neither";
  if (reservedSources.includes(values.source.toLowerCase())) {
    errors.source = `"${values.source}" is already used by built-in data; choose another name for this dataset`;
  }
  const categories = splitCodes(values.categories);
  const badCategory = categories.find((c) => !isCategory(c));
  if (badCategory) errors.categories = `"${badCategory}" is not a category code`;
  const access = splitCodes(values.access);
  const badAccess = access.find((a) => !(ACCESS_FEATURES as readonly string[]).includes(a));
  if (badAccess) errors.access = `"${badAccess}" is not an accessibility feature; use: ${ACCESS_FEATURES.join(", ")}`;
  if (values.location_precision && !(PRECISIONS as readonly string[]).includes(values.location_precision)) {
    errors.location_precision = `must be one of: ${PRECISIONS.join(", ")}`;
  }

  const candidate: Record<string, unknown> = {
    source: values.source,
    title: values.title || undefined,
    kind: values.kind || undefined,
    licence: values.licence,
    attribution: values.attribution,
    url: values.url || undefined,
    verified_at: values.verified_at || undefined,
    location_precision: values.location_precision || undefined,
    format,
    columns: Object.fromEntries(Object.entries(cols).filter(([, c]) => c)),
    categories: categories.length ? categories : undefined,
    access: access.length ? access : undefined,
    free: values.free === "yes" ? true : values.free === "no" ? false : undefined,
  };
  const parsed = mappingFileSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const top = String(issue.path[0] ?? "");
      const key = top === "columns" ? "col.name" : top || "_";
      if (!(key in errors)) errors[key] = issue.message;
    }
  }
  if (Object.keys(errors).length || !parsed.success) return { errors };
  return { mapping: parsed.data };
}

/**
 * Form values from a saved mapping, for a (possibly different) file: columns the file does not
 * have are left unset and listed in `missing`.
 */
export function valuesFromMapping(mapping: MappingFile, fileColumns: string[]): { values: MappingFormValues; missing: string[] } {
  const columns: Partial<Record<ColumnField, string>> = {};
  const missing: string[] = [];
  for (const [field, column] of Object.entries(mapping.columns) as [ColumnField, string][]) {
    if (fileColumns.includes(column)) columns[field] = column;
    else missing.push(column);
  }
  return {
    values: {
      columns,
      kind: mapping.kind ?? "",
      source: mapping.source,
      title: mapping.title ?? "",
      licence: mapping.licence,
      attribution: mapping.attribution,
      url: mapping.url ?? "",
      verified_at: mapping.verified_at ?? "",
      categories: (mapping.categories ?? []).join(", "),
      access: (mapping.access ?? []).join(", "),
      free: mapping.free === true ? "yes" : mapping.free === false ? "no" : "",
      location_precision: mapping.location_precision ?? "exact",
    },
    missing,
  };
}
