// Reading source files into rows of text: CSV (csv-parse) and GeoJSON (Point features, and
// Polygon features placed at the centre of their outer ring).
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { isValidLat, isValidLng, ringCentre } from "../../core/geo";
import type { FileFormat, ReadResult, SourceRow } from "./types";

export class ImportFileError extends Error {}

/** The format a file name suggests, or null when it does not suggest one. */
export function formatFromName(file: string): FileFormat | null {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".geojson" || ext === ".json") return "geojson";
  return null;
}

export function readSourceFile(file: string, format: FileFormat | null = formatFromName(file)): ReadResult {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "it does not exist" : code === "EISDIR" ? "it is a folder" : code === "EACCES" ? "permission denied" : String((e as Error).message);
    throw new ImportFileError(`Cannot read ${file}: ${why}.`);
  }
  if (format === "csv") return readCsvText(text, file);
  if (format === "geojson") return readGeoJsonText(text, file);
  throw new ImportFileError(`Cannot tell the format of ${file}: name it .csv or .geojson, or pass --format csv|geojson.`);
}

/** CSV with a header row. Rows with the wrong number of values are kept, marked with a problem. */
export function readCsvText(text: string, label = "the CSV file"): ReadResult {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }) as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    throw new ImportFileError(`Cannot read ${label} as CSV: ${(e as Error).message}`);
  }
  if (records.length === 0) throw new ImportFileError(`${label} is empty: a header row is needed.`);
  const columns = uniqueColumns(records[0].record.map((c) => c.trim()));
  const rows: SourceRow[] = records.slice(1).map(({ record, info }, i) => {
    const values: Record<string, string> = {};
    columns.forEach((c, j) => (values[c] = record[j] ?? ""));
    const row: SourceRow = { index: i + 1, values, line: info.lines };
    if (record.length !== columns.length) {
      row.problem = `has ${record.length} value${record.length === 1 ? "" : "s"} but the header has ${columns.length} columns (line ${info.lines})`;
    }
    return row;
  });
  return { format: "csv", columns, rows };
}

function uniqueColumns(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n, i) => {
    const name = n || `column_${i + 1}`;
    const count = seen.get(name) ?? 0;
    seen.set(name, count + 1);
    return count ? `${name}_${count + 1}` : name;
  });
}

interface Feature {
  type?: string;
  id?: string | number;
  properties?: Record<string, unknown> | null;
  geometry?: { type?: string; coordinates?: unknown } | null;
}

/** A GeoJSON FeatureCollection (or a single Feature). Properties become text values. */
export function readGeoJsonText(text: string, label = "the GeoJSON file"): ReadResult {
  let doc: { type?: string; features?: Feature[] } & Feature;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ImportFileError(`Cannot read ${label} as GeoJSON: ${(e as Error).message}`);
  }
  const features = doc?.type === "FeatureCollection" && Array.isArray(doc.features) ? doc.features : doc?.type === "Feature" ? [doc] : null;
  if (!features) throw new ImportFileError(`${label} is not a GeoJSON FeatureCollection.`);
  const columns: string[] = [];
  const seen = new Set<string>();
  const rows = features.map((f, i) => {
    const values: Record<string, string> = {};
    const props = { ...(f?.properties ?? {}) };
    if (f?.id !== undefined && !("id" in props)) props.id = f.id;
    for (const [k, v] of Object.entries(props)) {
      if (!seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
      values[k] = v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
    }
    const row: SourceRow = { index: i + 1, values };
    const placed = placeGeometry(f?.geometry ?? null);
    if (typeof placed === "string") row.problem = placed;
    else row.geometry = placed;
    return row;
  });
  return { format: "geojson", columns, rows };
}

/** Where a geometry is: a Point as it is, a Polygon at its centre; a string explains a problem. */
export function placeGeometry(geometry: Feature["geometry"]): SourceRow["geometry"] | string {
  if (!geometry) return null;
  const c = geometry.coordinates as unknown;
  let point: { lat: number; lng: number } | null = null;
  let precision: "exact" | "building" = "exact";
  if (geometry.type === "Point" && Array.isArray(c)) {
    point = { lng: Number(c[0]), lat: Number(c[1]) };
  } else if (geometry.type === "Polygon" && Array.isArray(c) && Array.isArray(c[0])) {
    point = ringCentre(c[0] as number[][]);
    precision = "building";
  } else if (geometry.type === "MultiPolygon" && Array.isArray(c) && Array.isArray(c[0]) && Array.isArray((c[0] as unknown[])[0])) {
    point = ringCentre((c[0] as number[][][])[0]);
    precision = "building";
  } else {
    return `its geometry (${geometry.type ?? "unknown"}) is not a Point or Polygon`;
  }
  if (!point || !isValidLat(point.lat) || !isValidLng(point.lng)) return "its geometry has no valid coordinates";
  return { ...point, precision };
}
