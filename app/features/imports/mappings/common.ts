// Helpers shared by the dataset mappings.
import { englishToOsm, isValidHours } from "../../../core/hours";
import { isValidLat, isValidLng } from "../../../core/geo";
import { clean, toNumber } from "../text";
import type { SourceRow } from "../types";

/** The row's own coordinates from two columns, or null when either is missing or out of range. */
export function coordsFrom(row: SourceRow, latColumn: string, lngColumn: string): { lat: number; lng: number } | null {
  const lat = toNumber(row.values[latColumn]);
  const lng = toNumber(row.values[lngColumn]);
  if (lat === null || lng === null || !isValidLat(lat) || !isValidLng(lng) || (lat === 0 && lng === 0)) return null;
  return { lat, lng };
}

/** A cell of the row, cleaned ("NA" and blanks become null). */
export function cell(row: SourceRow, column: string): string | null {
  return clean(row.values[column]);
}

/** Opening hours written in English: OSM syntax when the text can be read, and the text as written. */
export function hoursFromEnglish(text: string | null): { opening_hours: string | null; opening_hours_text: string | null } {
  if (!text) return { opening_hours: null, opening_hours_text: null };
  return { opening_hours: englishToOsm(text), opening_hours_text: text };
}

/** Opening hours already in OSM syntax (OpenStreetMap data): kept when valid, else kept as text. */
export function hoursFromOsm(text: string | null): { opening_hours: string | null; opening_hours_text: string | null } {
  if (!text) return { opening_hours: null, opening_hours_text: null };
  return isValidHours(text) ? { opening_hours: text, opening_hours_text: null } : { opening_hours: null, opening_hours_text: text };
}

/** "Yes"/"yes"/"Y"/"true"/"1" → true, "No"/"no"/... → false, anything else → null. */
export function yesNo(value: string | null | undefined): boolean | null {
  const v = clean(value)?.toLowerCase();
  if (!v) return null;
  if (["yes", "y", "true", "1"].includes(v)) return true;
  if (["no", "n", "false", "0"].includes(v)) return false;
  return null;
}

/** Distinct non-empty values, in first-seen order. */
export function distinct<T>(values: (T | null | undefined)[]): T[] {
  return [...new Set(values.filter((v): v is T => v !== null && v !== undefined && v !== ""))];
}

/** Join sentences, each ending with a full stop. */
export function sentences(...parts: (string | null | undefined | false)[]): string {
  return parts
    .filter((p): p is string => typeof p === "string" && p.trim() !== "")
    .map((p) => p.trim())
    .map((p) => (/[.!?…]$/.test(p) ? p : `${p}.`))
    .join(" ");
}
