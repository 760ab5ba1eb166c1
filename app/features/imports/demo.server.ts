// The whole demo: postcodes, every known dataset in ../shared/data, the example listings, then
// the place-name gazetteer.
import fs from "node:fs";
import path from "node:path";
import type { Context } from "../../server/context.server";
import { buildPlaces } from "../postcodes/places.server";
import { POSTCODE_DISTRICTS_FILE, loadPostcodeDistricts, registerPostcodeDataset, saveUnitPostcodes, unitPostcodesOf } from "../postcodes/load.server";
import { importExamples } from "./examples.server";
import { sharedDataDirSetting } from "../../config.server";
import { KNOWN_DATASETS, NOT_IMPORTED } from "./mappings/index";
import { importRead } from "./pipeline.server";
import { ImportFileError, readSourceFile } from "./read.server";
import { writeRejects, type RejectsTarget } from "./rejects.server";
import type { ImportResult } from "./types";

export interface DemoImportOptions {
  /** The shared open data folder (default: SHARED_DATA_DIR or ../shared/data). */
  sharedDir?: string;
  /** The example listings (default: db/seed/examples.json under the working directory). */
  examplesFile?: string;
  /** Folder for FILE.rejects.csv files; null or absent: do not write them. */
  rejectsDir?: string | null;
  now?: Date;
  /** Progress lines, e.g. console.log. */
  log?: (line: string) => void;
}

export interface DemoImportSummary {
  sharedDir: string;
  postcodes: { districts: number; units: number };
  /** One entry per imported file, in import order (the examples last). */
  files: ImportResult[];
  /** Known files that were not found in the shared folder. */
  missing: string[];
  /** Files deliberately left out, with the reason. */
  notImported: { file: string; reason: string }[];
  places: number;
  totals: { read: number; created: number; updated: number; unchanged: number; rejected: number; skipped: number };
  durationMs: number;
}

/**
 * Load the whole demo directory: postcode districts and unit postcodes, every known dataset in
 * the shared folder, the example listings, and the place-name gazetteer. Repeatable: a second
 * run updates records and creates none.
 */
export async function importDemoData(ctx: Context, options: DemoImportOptions = {}): Promise<DemoImportSummary> {
  const started = Date.now();
  const sharedDir = path.resolve(options.sharedDir ?? sharedDataDirSetting());
  const log = options.log ?? (() => undefined);
  const districtsFile = path.join(sharedDir, POSTCODE_DISTRICTS_FILE);
  if (!fs.existsSync(districtsFile)) {
    throw new ImportFileError(`The shared data folder ${sharedDir} has no ${POSTCODE_DISTRICTS_FILE}: set SHARED_DATA_DIR to the folder that holds SOURCES.md.`);
  }
  const districts = await loadPostcodeDistricts(ctx.db, districtsFile);
  // Read each file once: unit postcodes from every file come first, so that any row can be
  // placed by a postcode seen in another dataset.
  const present = KNOWN_DATASETS.map((mapping) => ({ mapping, file: path.join(sharedDir, mapping.file!) })).filter(({ file }) => fs.existsSync(file));
  const missing = KNOWN_DATASETS.filter((m) => !present.some((p) => p.mapping === m)).map((m) => m.file!);
  const reads = new Map(present.map(({ mapping, file }) => [mapping.source, readSourceFile(file, mapping.format)]));
  let units = 0;
  for (const { mapping } of present) if (mapping.postcodeCentroids) units += await saveUnitPostcodes(ctx.db, unitPostcodesOf(reads.get(mapping.source)!.rows, mapping));
  await registerPostcodeDataset(ctx.db, districtsFile, options.now);
  log(`Postcodes: ${districts} districts, ${units} new unit postcodes`);
  for (const m of missing) log(`${m}: not found, skipped`);

  const files: ImportResult[] = [];
  const rejects: RejectsTarget | null = options.rejectsDir ? { fallbackDir: options.rejectsDir, protectedDirs: [sharedDir] } : null;
  for (const { mapping, file } of present) {
    const read = reads.get(mapping.source)!;
    const result = await importRead(ctx, file, read, mapping, { now: options.now, unitPostcodes: false });
    if (rejects) result.rejectsFile = writeRejects(file, read.columns, result.rejects, rejects);
    files.push(result);
    log(describeResult(result, mapping.file!));
  }

  const examples = await importExamples(ctx, options.examplesFile ?? path.resolve("db", "seed", "examples.json"), options.now);
  files.push(examples);
  log(describeResult(examples, "examples"));

  const places = await buildPlaces(ctx.db);
  log(`Places: ${places} place names`);
  for (const n of NOT_IMPORTED) log(`${n.file}: not imported (${n.reason})`);
  return {
    sharedDir,
    postcodes: { districts, units },
    files,
    missing,
    notImported: NOT_IMPORTED,
    places,
    totals: sumTotals(files),
    durationMs: Date.now() - started,
  };
}

function sumTotals(files: ImportResult[]): DemoImportSummary["totals"] {
  const t = { read: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, skipped: 0 };
  for (const f of files) for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += f[k];
  return t;
}

/** "gm_pharmacies.csv: 631 rows → 629 created, 0 updated, 0 unchanged, 2 rejected (...)". */
export function describeResult(r: ImportResult, label = path.basename(r.file)): string {
  const parts = [`${r.created} created`, `${r.updated} updated`, `${r.unchanged} unchanged`, `${r.rejected} rejected`];
  if (r.skipped) parts.push(`${r.skipped} skipped`);
  const reasons = r.rejectReasons.slice(0, 3).map((x) => `${x.count}× ${x.reason}`);
  const skips = r.skipReasons.slice(0, 2).map((x) => `${x.count}× ${x.reason}`);
  const extra = [...reasons, ...skips.map((s) => `skipped ${s}`)];
  return `${label}: ${r.read} rows → ${parts.join(", ")}${extra.length ? ` (${extra.join("; ")})` : ""}`;
}
