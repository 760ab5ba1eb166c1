// The import pipeline: rows → mapped drafts → placed on the map (own coordinates, else by
// postcode) → validated → written in batches. Bad rows are collected with a reason; good rows
// are kept whatever happens to the others.
import type { Db, Executor } from "../../../db/index";
import { assetInputSchema, fieldErrors, type ValidAsset } from "../../core/asset";
import { distanceKm, bboxAround, isValidLat, isValidLng } from "../../core/geo";
import { describeFields } from "../../server/errors";
import type { Context } from "../../server/context.server";
import { listPlacedTowns } from "../assets/assets.data.server";
import { inAssetTransaction, writeAssetsIn, type WriteOptions } from "../assets/write-assets.server";
import { registerDataset } from "../directory/datasets.data.server";
import { postcodeBook, type PostcodeBook } from "../postcodes/geocode.server";
import { saveUnitPostcodes, unitPostcodesOf } from "../postcodes/load.server";
import { readSourceFile } from "./read.server";
import { withPostcodeLine } from "./sources";
import { clean, normalisePostcode, outcodeOf } from "./text";
import type { AssetDraft, DatasetMapping, FileFormat, ImportResult, MappingEnv, ReadResult, RejectedRow, SourceRow } from "./types";

export const BATCH_SIZE = 500;

export interface ImportOptions {
  now?: Date;
  batchSize?: number;
  /** Save the unit postcodes of a postcode-centroid dataset first (default true). */
  unitPostcodes?: boolean;
  /** Who imports, for the revision history (the in-site import passes the connector and action "import"). */
  write?: Pick<WriteOptions, "actor" | "action" | "note">;
  /** More to write in the import's transaction (the in-site import records its run). */
  inTransaction?: (tx: Executor, result: ImportResult) => Promise<void>;
}

/** The rows of a file, mapped, placed and validated, without writing anything. */
export interface PreparedRows {
  valid: { row: SourceRow; asset: ValidAsset }[];
  rejects: RejectedRow[];
  skips: { row: SourceRow; reason: string }[];
}

type Mapped = { row: SourceRow; reject: string } | { row: SourceRow; skip: string } | { row: SourceRow; draft: AssetDraft };

/**
 * Map, place and validate rows without writing (the import uses it, and so does the in-site
 * import's preview). Rows sharing a source id within the file get "~2", "~3"... The postcodes
 * the rows need are read together once the rows are mapped.
 */
export async function prepareRows(db: Db, file: string, sourceRows: SourceRow[], mapping: DatasetMapping): Promise<PreparedRows> {
  const env = await mappingEnv(db, file);
  const rows = mapping.prepare?.(sourceRows, env) ?? sourceRows;
  const mapped: Mapped[] = rows.map((row) => {
    if (row.problem) return { row, reject: row.problem };
    if (row.skip) return { row, skip: row.skip };
    const outcome = mapSafely(mapping, row, env);
    if ("skip" in outcome) return { row, skip: outcome.skip };
    if ("reject" in outcome) return { row, reject: outcome.reject };
    return { row, draft: outcome.asset };
  });
  const postcodes = mapped.flatMap((m) => ("draft" in m ? [normalisePostcode(m.draft.postcode)].filter((p): p is string => p !== null) : []));
  const book = await postcodeBook(db, postcodes, postcodes.map(outcodeOf));

  const rejects: RejectedRow[] = [];
  const skips: { row: SourceRow; reason: string }[] = [];
  const valid: PreparedRows["valid"] = [];
  const ids = new SourceIds();
  for (const m of mapped) {
    if ("reject" in m) {
      rejectRow(rejects, m.row, m.reject);
      continue;
    }
    if ("skip" in m) {
      skips.push({ row: m.row, reason: m.skip });
      continue;
    }
    const completed = completeDraft(book, m.draft, mapping, m.row);
    if (typeof completed === "string") {
      rejectRow(rejects, m.row, completed);
      continue;
    }
    completed.source_id = ids.unique(String(completed.source_id));
    const parsed = assetInputSchema.safeParse(completed);
    if (!parsed.success) {
      rejectRow(rejects, m.row, describeProblems(parsed.error));
      continue;
    }
    valid.push({ row: m.row, asset: parsed.data });
  }
  return { valid, rejects, skips };
}

/** Read a file and import it with the given mapping. */
export async function importFileWith(ctx: Context, file: string, mapping: DatasetMapping, options: ImportOptions & { format?: FileFormat } = {}): Promise<ImportResult> {
  const read = readSourceFile(file, options.format ?? mapping.format);
  return importRead(ctx, file, read, mapping, options);
}

/**
 * Import rows already read from `file` with the given mapping: every good row, the dataset's
 * line and `options.inTransaction` in one transaction (a failure half way leaves nothing).
 */
export async function importRead(ctx: Context, file: string, read: ReadResult, mapping: DatasetMapping, options: ImportOptions = {}): Promise<ImportResult> {
  const started = Date.now();
  const now = options.now ?? new Date();
  if (mapping.postcodeCentroids && options.unitPostcodes !== false) await saveUnitPostcodes(ctx.db, unitPostcodesOf(read.rows, mapping));
  const { valid: prepared, rejects, skips } = await prepareRows(ctx.db, file, read.rows, mapping);
  const valid = prepared.map((p) => p.asset);

  const size = options.batchSize ?? BATCH_SIZE;
  const { result, changed } = await inAssetTransaction(ctx, async (tx) => {
    const counts = { created: 0, updated: 0, unchanged: 0 };
    const changed: string[] = [];
    for (let i = 0; i < valid.length; i += size) {
      for (const o of await writeAssetsIn(tx, ctx.index, valid.slice(i, i + size), now, options.write)) {
        counts[o.status]++;
        if (o.status !== "unchanged") changed.push(o.id);
      }
    }
    await registerDataset(tx, mapping, now);
    const result: ImportResult = {
      file,
      source: mapping.source,
      title: mapping.title,
      read: read.rows.length,
      ...counts,
      rejected: rejects.length,
      skipped: skips.length,
      rejectReasons: tally(rejects.map((r) => generalise(r.reason))),
      skipReasons: tally(skips.map((s) => s.reason)),
      rejects,
      rejectsFile: null,
      durationMs: 0,
    };
    if (options.inTransaction) await options.inTransaction(tx, result);
    return { result, changed };
  });
  if (changed.length) await ctx.index.afterCommit(changed);
  return { ...result, durationMs: Date.now() - started };
}

/** Field messages without list positions: "categories unknown category "x"; lat must be ...". */
function describeProblems(error: Parameters<typeof fieldErrors>[0]): string {
  const fields: Record<string, string> = {};
  for (const [key, message] of Object.entries(fieldErrors(error))) {
    const field = key.replace(/\.\d+$/, "");
    if (!(field in fields)) fields[field] = message;
  }
  return describeFields(fields);
}

function rejectRow(rejects: RejectedRow[], row: SourceRow, reason: string): void {
  for (const r of row.group ?? [row]) rejects.push({ row: r, reason });
}

function mapSafely(mapping: DatasetMapping, row: SourceRow, env: MappingEnv) {
  try {
    return mapping.map(row, env);
  } catch (e) {
    return { reject: `the row could not be read (${(e as Error).message})` };
  }
}

/** Rows sharing a source id in one file (the same name at the same postcode) get "~2", "~3"... */
class SourceIds {
  private seen = new Map<string, number>();
  unique(id: string): string {
    const n = (this.seen.get(id) ?? 0) + 1;
    this.seen.set(id, n);
    return n === 1 ? id : `${id}~${n}`;
  }
}

/**
 * Fill in what the dataset gives every row (source, licence, attribution, verified_at) and place
 * the row: its own coordinates, else its geometry, else its postcode (unit, then district).
 * A string explains why the row cannot be placed.
 */
export function completeDraft(postcodes: PostcodeBook, draft: AssetDraft, mapping: DatasetMapping, row: SourceRow): Record<string, unknown> | string {
  const { lat, lng, ...rest } = draft;
  const postcode = normalisePostcode(draft.postcode);
  const out: Record<string, unknown> = {
    ...rest,
    postcode,
    // The local authority of the postcode's district ("M33 7XX" → "Trafford"): the town when the address gives none.
    locality: draft.locality ?? (postcode ? postcodes.authorityOf(outcodeOf(postcode)) : null),
    source: draft.source ?? mapping.source,
    licence: draft.licence ?? mapping.licence,
    attribution: draft.attribution ?? mapping.attribution,
    verified_at: draft.verified_at ?? mapping.verifiedAt ?? null,
  };
  if (typeof lat === "number" && typeof lng === "number" && isValidLat(lat) && isValidLng(lng)) {
    return { ...out, lat, lng, location_precision: draft.location_precision ?? mapping.precision };
  }
  if (row.geometry) {
    return { ...out, lat: row.geometry.lat, lng: row.geometry.lng, location_precision: draft.location_precision ?? row.geometry.precision };
  }
  if (postcode) {
    const g = postcodes.geocode(postcode);
    if (g) {
      return {
        ...out,
        postcode,
        lat: g.lat,
        lng: g.lng,
        location_precision: g.precision === "unit" ? "postcode_unit" : "postcode_district",
        attribution: withPostcodeLine(String(out.attribution)),
      };
    }
    return `no coordinates, and the postcode district of ${postcode} is not in the postcode table`;
  }
  const raw = rawPostcode(row);
  if (raw) return `no coordinates, and the postcode "${raw}" is not a valid UK postcode`;
  return "no coordinates and no postcode, so it cannot be placed on the map";
}

function rawPostcode(row: SourceRow): string | null {
  for (const [k, v] of Object.entries(row.values)) if (/post.?code/i.test(k) && clean(v)) return clean(v);
  return null;
}

/** "the postcode "WA154 1HF" is not..." → 'the postcode "…" is not...', so reasons can be counted. */
function generalise(reason: string): string {
  return reason.replace(/"[^"]*"/g, "“…”").replace(/\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b/g, "…").replace(/\(line \d+\)/, "");
}

function tally(reasons: string[]): { reason: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r.trim(), (counts.get(r.trim()) ?? 0) + 1);
  return [...counts.entries()].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
}

const NEAR_KM = 2;
const NEIGHBOURS = 5;

/** What mappings may look up: the file, and the towns of assets already in the directory. */
export async function mappingEnv(db: Db, file: string): Promise<MappingEnv> {
  // The towns of listings placed from their own data, read once per file.
  const towns = await listPlacedTowns(db.kysely);
  return {
    db,
    file,
    nearestLocality(lat, lng, excludeSource = "") {
      const [minLng, minLat, maxLng, maxLat] = bboxAround(lat, lng, NEAR_KM);
      const near = towns
        .filter((t) => t.source !== excludeSource && t.lat >= minLat && t.lat <= maxLat && t.lng >= minLng && t.lng <= maxLng)
        .map((t) => ({ locality: t.locality, d: distanceKm(lat, lng, t.lat, t.lng) }))
        .filter((t) => t.d <= NEAR_KM)
        .sort((a, b) => a.d - b.d || a.locality.localeCompare(b.locality))
        .slice(0, NEIGHBOURS);
      return commonest(near.map((t) => t.locality));
    },
  };
}

/** The most frequent value; ties go to the one seen first (the nearest). */
function commonest(values: string[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  for (const v of values) if (best === null || counts.get(v)! > counts.get(best)!) best = v;
  return best;
}
