// The shapes the importer passes around: rows read from a file, the mapping of one dataset,
// and what an import reports.
import type { Db } from "../../../db/index";
import type { AssetInput } from "../../core/asset";

export type LocationPrecision = "exact" | "building" | "postcode_unit" | "postcode_district";
export type FileFormat = "csv" | "geojson";

/** One record of a source file, as text. */
export interface SourceRow {
  /** 1-based position of the record in the file (the CSV header is not counted). */
  index: number;
  /** The line of the file where the record ends (CSV only). */
  line?: number;
  /** Column (or GeoJSON property) → text. */
  values: Record<string, string>;
  /** Coordinates from a GeoJSON geometry (a Point, or the centre of a Polygon). */
  geometry?: { lat: number; lng: number; precision: LocationPrecision } | null;
  /** A problem found while reading (wrong number of values, bad geometry): the row is rejected. */
  problem?: string;
  /** Set by a mapping's `prepare` step: the other rows merged into this one (one site, many rows). */
  group?: SourceRow[];
  /** Set by a mapping's `prepare` step: the row is left out on purpose, for this reason. */
  skip?: string;
}

export interface ReadResult {
  format: FileFormat;
  /** Column names in file order (for the rejects file). */
  columns: string[];
  rows: SourceRow[];
}

/**
 * An asset as a mapping produces it: an AssetInput whose coordinates may still be missing
 * (the importer then places it by postcode) and whose dataset-wide fields (source, licence,
 * attribution, verified_at) are filled in by the importer when absent.
 */
export type AssetDraft = Omit<AssetInput, "lat" | "lng" | "source" | "licence" | "attribution" | "source_id"> & {
  source_id: string;
  lat?: number | null;
  lng?: number | null;
  source?: string;
  licence?: string;
  attribution?: string;
};

export type MapOutcome = { asset: AssetDraft } | { skip: string } | { reject: string };

/** What a mapping may look up while it maps rows. */
export interface MappingEnv {
  db: Db;
  /** The absolute path of the file being imported. */
  file: string;
  /** The commonest town among already-imported assets near a point (other datasets, not examples). */
  nearestLocality(lat: number, lng: number, excludeSource?: string): string | null;
}

/** How to turn the rows of one dataset into assets. */
export interface DatasetMapping {
  /** Stable dataset key, stored as each asset's `source` (e.g. "trafford_libraries"). */
  source: string;
  title: string;
  /** Path of the known file under the shared data folder, when this maps one. */
  file?: string;
  format: FileFormat;
  licence: string;
  /** The attribution line for the dataset as a whole. */
  attribution: string;
  url?: string | null;
  /** The date the source says its data was correct at (ISO), when it says. */
  verifiedAt?: string | null;
  /** How the file's own coordinates were made. */
  precision: LocationPrecision;
  /** The file's coordinates are postcode centroids: these columns feed the unit postcode table. */
  postcodeCentroids?: { postcode: string; lat: string; lng: string };
  /** Optional step over all rows before mapping (merge rows of one site, mark duplicates). */
  prepare?(rows: SourceRow[], env: MappingEnv): SourceRow[];
  map(row: SourceRow, env: MappingEnv): MapOutcome;
}

export interface RejectedRow {
  row: SourceRow;
  reason: string;
}

export interface ImportResult {
  file: string;
  source: string;
  title: string;
  /** Rows read from the file. */
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Rows left out on purpose (duplicates of another dataset). */
  skipped: number;
  /** The most common reasons for rejection, with counts. */
  rejectReasons: { reason: string; count: number }[];
  skipReasons: { reason: string; count: number }[];
  rejects: RejectedRow[];
  /** Where the rejected rows were written, when they were. */
  rejectsFile?: string | null;
  durationMs: number;
}
