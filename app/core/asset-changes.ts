// Plain-English names and values for the fields of an asset record (the write shape of
// app/core/asset.ts), for the revision history and for edit conflicts ("theirs vs yours").
// No I/O; safe in the browser.
import { ACCESS_LABELS, KIND_LABELS, categoryLabel, type AccessFeature, type Kind } from "./taxonomy";

export const FIELD_LABELS: Record<string, string> = {
  kind: "Kind",
  name: "Name",
  summary: "Short summary",
  description: "Description",
  organisation: "Organisation",
  lat: "Latitude",
  lng: "Longitude",
  address: "Address",
  locality: "Town or area",
  postcode: "Postcode",
  location_precision: "How exact the location is",
  phone: "Phone",
  email: "Email",
  website: "Website",
  opening_hours: "Opening hours",
  opening_hours_text: "Opening hours as published",
  cost: "Cost",
  age: "Age range",
  time_credits: "Time credits",
  categories: "Categories",
  access: "Accessibility",
  access_notes: "Accessibility notes",
  changing_places: "Changing Places equipment",
  how_to_get_there: "How to get there",
  is_example: "Example listing",
  status: "Status",
  source: "Source",
  source_id: "Source id",
  source_url: "Source web address",
  licence: "Licence",
  attribution: "Attribution",
  verified_at: "Last checked",
  review_due: "Next review",
};

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field.replace(/_/g, " ");
}

const ACTION_LABELS: Record<string, string> = {
  create: "Added",
  update: "Edited",
  restore: "Restored an earlier version",
  archive: "Archived (marked as closed)",
  unarchive: "Brought back from the archive",
  verify: "Checked: still correct",
  import: "Imported",
  suggestion: "Suggestion approved",
  baseline: "Recorded as it was before the first edit here",
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

const PRECISION: Record<string, string> = {
  exact: "Exact point",
  building: "The building",
  postcode_unit: "Middle of the postcode",
  postcode_district: "Middle of the postcode district",
};

const HOIST: Record<string, string> = { ceiling_track: "ceiling track hoist", mobile: "mobile hoist", none: "no hoist" };

const yesNo = (v: unknown) => (v === true ? "yes" : v === false ? "no" : "not known");

function clip(s: string, max = 300): string {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function formatDate(iso: string): string {
  const d = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" });
}

/** A field's value in plain words ("(empty)" for nothing). */
export function describeValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return "(empty)";
  switch (field) {
    case "kind":
      return KIND_LABELS[value as Kind] ?? String(value);
    case "categories":
      return (value as string[]).map(categoryLabel).join(", ");
    case "access":
      return (value as string[]).map((f) => ACCESS_LABELS[f as AccessFeature] ?? f).join(", ");
    case "location_precision":
      return PRECISION[String(value)] ?? String(value);
    case "status":
      return value === "archived" ? "Archived (closed)" : value === "active" ? "Active" : String(value);
    case "is_example":
      return value ? "Yes" : "No";
    case "verified_at":
    case "review_due":
      return formatDate(String(value));
    case "cost": {
      const c = value as { free: boolean | null; details: string | null };
      const head = c.free === true ? "Free" : c.free === false ? "There is a charge" : "Not known";
      return c.details ? `${head}: ${clip(c.details)}` : head;
    }
    case "age": {
      const a = value as { min: number | null; max: number | null };
      if (a.min === null && a.max === null) return "All ages";
      if (a.min !== null && a.max !== null) return `${a.min} to ${a.max} years`;
      return a.min !== null ? `${a.min} years and over` : `Up to ${a.max} years`;
    }
    case "time_credits": {
      const t = value as { earn: string | null; spend: string | null };
      const parts = [t.earn ? `earn: ${clip(t.earn, 140)}` : null, t.spend ? `spend: ${clip(t.spend, 140)}` : null].filter(Boolean);
      return parts.length ? parts.join("; ") : "(empty)";
    }
    case "changing_places": {
      const c = value as Record<string, unknown>;
      const parts = [
        c.hoist ? HOIST[String(c.hoist)] ?? String(c.hoist) : "hoist not known",
        `adult bench: ${yesNo(c.adult_bench)}`,
        c.room_size_m2 ? `room ${c.room_size_m2} m²` : "room size not known",
        `peninsular toilet: ${yesNo(c.peninsular_wc)}`,
        `RADAR key: ${yesNo(c.radar_key)}`,
      ];
      if (c.opening_hours) parts.push(`hours: ${c.opening_hours}`);
      if (c.notes) parts.push(`notes: ${clip(String(c.notes), 140)}`);
      return parts.join(", ");
    }
    case "organisation": {
      const o = value as { name?: string };
      return o.name ?? "(empty)";
    }
    default:
      if (typeof value === "boolean") return value ? "Yes" : "No";
      if (typeof value === "object") return clip(JSON.stringify(value));
      return clip(String(value));
  }
}

export interface PlainChange {
  field: string;
  label: string;
  old: string;
  new: string;
}

/** [{field, old, new}] (as stored in asset_revisions.changes) → plain words. */
export function describeChanges(changes: { field: string; old: unknown; new: unknown }[]): PlainChange[] {
  return changes.map((c) => ({ field: c.field, label: fieldLabel(c.field), old: describeValue(c.field, c.old), new: describeValue(c.field, c.new) }));
}

/** The top-level fields whose values differ between two records (by JSON value). */
export function changedFields(a: Record<string, unknown>, b: Record<string, unknown>, ignore: string[] = ["id"]): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const out: string[] = [];
  for (const k of keys) {
    if (ignore.includes(k)) continue;
    if (JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null)) out.push(k);
  }
  return out;
}
