// npm run import -- FILE [--format csv|geojson|hsds] [--mapping MAP.json] [--kind KIND]
// npm run import -- --demo
// Imports a file (or the whole demo data set) into the database at DATABASE_PATH.
import { databasePathSetting, sharedDataDirSetting } from "../app/config.server";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { migrate, openDatabase, type Db } from "../db/index";
import { contextFor } from "../app/server/context.server";
import { ImportFileError } from "../app/features/imports/read.server";
import { importFile, type ImportFileOptions } from "../app/features/imports/import-file.server";
import { describeResult, importDemoData } from "../app/features/imports/demo.server";
import { describeHsdsResult, importHsds, readHsds, type HsdsInput } from "../app/features/imports/hsds.server";
import { POSTCODE_DISTRICTS_FILE, loadPostcodeDistrictsIfEmpty } from "../app/features/postcodes/load.server";
import { buildPlaces } from "../app/features/postcodes/places.server";
import { HsdsSchemasMissing, hsdsRecordValidator } from "../app/features/hsds/schemas.server";
import { KINDS, isKind } from "../app/core/taxonomy";

const USAGE = `Usage:
  npm run import -- FILE [--format csv|geojson|hsds] [--mapping MAP.json] [--kind KIND]
                         [--source KEY] [--licence TEXT] [--attribution TEXT] [--title TEXT]
  npm run import -- --demo          (postcodes, every file in the shared data, examples, places)

Open Referral HSDS 3.0 (--format hsds; a folder, a datapackage.json or a .ndjson file is HSDS
without it): a JSON service, a list or page of them, service_at_location or organization
records, NDJSON (one service per line), or the CSV datapackage (a folder of CSV files or its
datapackage.json). --kind is the kind of services that carry no Real Wealth kind term. Records
are matched by their id: a re-import updates and never duplicates. Rejected records go to
FILE.rejects.json. See docs/hsds-mapping.md.

Files from the shared open data (${path.join("..", "shared", "data")}) are recognised by name.
Other files need --mapping MAP.json (see docs/import-mapping.md), or columns with common names
(name, lat/latitude, lon/lng/longitude, postcode, ...) and --kind (one of: ${KINDS.join(", ")}).
The database is DATABASE_PATH (default data/realwealth.db). Rejected rows go to FILE.rejects.csv,
or to data/rejects/ when the input folder cannot be written to.`;

class UsageError extends Error {}

interface Args {
  file: string | null;
  demo: boolean;
  format: string | null;
  mapping: string | null;
  options: ImportFileOptions;
}

function parseCommandLine(argv: string[]): Args | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: "string" },
        mapping: { type: "string" },
        kind: { type: "string" },
        source: { type: "string" },
        licence: { type: "string" },
        attribution: { type: "string" },
        title: { type: "string" },
        demo: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  if (positionals.length > 1) throw new UsageError(`Give one file at a time (got ${positionals.length}: ${positionals.join(", ")}).`);
  if (!values.demo && positionals.length === 0) throw new UsageError("Which file? Give a FILE to import, or --demo.");
  if (values.demo && positionals.length) throw new UsageError("--demo imports the shared data; do not give a FILE with it.");
  if (values.format && !["csv", "geojson", "hsds"].includes(values.format)) {
    throw new UsageError(`--format ${values.format} is not supported: use csv, geojson or hsds.`);
  }
  return {
    file: positionals[0] ?? null,
    demo: values.demo ?? false,
    format: values.format ?? null,
    mapping: values.mapping ?? null,
    options: {
      kind: values.kind ?? null,
      source: values.source ?? null,
      licence: values.licence ?? null,
      attribution: values.attribution ?? null,
      title: values.title ?? null,
    },
  };
}

function readMappingJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`Cannot read the mapping file ${file}.`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`The mapping file ${file} is not valid JSON: ${(e as Error).message}`);
  }
}

/** A fresh database cannot place rows by postcode: load the postcode districts first. */
async function ensurePostcodes(db: Db, sharedDir: string): Promise<void> {
  const file = path.join(sharedDir, POSTCODE_DISTRICTS_FILE);
  if (!fs.existsSync(file)) return;
  const n = await loadPostcodeDistrictsIfEmpty(db, file);
  if (n !== null) console.log(`Loaded ${n} postcode districts from ${file} (needed to place rows by postcode).`);
}

async function runDemo(db: Db): Promise<number> {
  const ctx = await contextFor(db);
  const summary = await importDemoData(ctx, {
    sharedDir: sharedDataDirSetting(),
    rejectsDir: path.resolve("data", "rejects"),
    log: (line) => console.log(line),
  });
  const t = summary.totals;
  console.log(
    `Demo import: ${t.read} rows → ${t.created} created, ${t.updated} updated, ${t.unchanged} unchanged, ${t.rejected} rejected, ${t.skipped} skipped in ${(summary.durationMs / 1000).toFixed(1)} s.`,
  );
  const written = summary.files.filter((f) => f.rejectsFile).map((f) => f.rejectsFile);
  if (written.length) console.log(`Rejected rows, with reasons, are in ${path.dirname(written[0]!)}/ (the shared data folder is read-only).`);
  return 0;
}

async function runFile(db: Db, args: Args): Promise<number> {
  const file = path.resolve(args.file!);
  if (!fs.existsSync(file)) throw new ImportFileError(`Cannot read ${args.file}: it does not exist.`);
  const sharedDir = sharedDataDirSetting();
  const options: ImportFileOptions = {
    ...args.options,
    format: (args.format as "csv" | "geojson" | null) ?? undefined,
    mappingJson: args.mapping ? readMappingJson(args.mapping) : undefined,
    rejects: { fallbackDir: path.resolve("data", "rejects"), protectedDirs: [sharedDir] },
  };
  await ensurePostcodes(db, sharedDir);
  const ctx = await contextFor(db);
  const result = await importFile(ctx, file, options);
  await buildPlaces(db);
  console.log(`Imported ${args.file} with ${result.how} into ${db.path}.`);
  console.log(describeResult(result));
  console.log(`created: ${result.created}\nupdated: ${result.updated}\nunchanged: ${result.unchanged}\nrejected: ${result.rejected}${result.skipped ? `\nskipped: ${result.skipped}` : ""}`);
  if (result.rejectsFile) {
    const nextToInput = path.dirname(result.rejectsFile) === path.dirname(file);
    console.log(`Rejected rows, with reasons, written to ${result.rejectsFile}${nextToInput ? "" : " (the input folder cannot be written to)"}.`);
    for (const r of result.rejects.slice(0, 5)) console.log(`  row ${r.row.index}: ${r.reason}`);
    if (result.rejects.length > 5) console.log(`  … and ${result.rejects.length - 5} more`);
  }
  if (result.read > 0 && result.created + result.updated + result.unchanged === 0) {
    console.error("No rows could be imported.");
    return 1;
  }
  return 0;
}

/** A folder, a datapackage.json or an NDJSON file can only be HSDS here. */
function looksLikeHsds(file: string): boolean {
  const base = path.basename(file).toLowerCase();
  if (base === "datapackage.json" || /\.(ndjson|jsonl)$/.test(base)) return true;
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

async function runHsds(db: Db, args: Args, input: HsdsInput): Promise<number> {
  const sharedDir = sharedDataDirSetting();
  await ensurePostcodes(db, sharedDir);
  const ctx = await contextFor(db);
  const result = await importHsds(ctx, input, {
    ...args.options,
    rejects: { fallbackDir: path.resolve("data", "rejects"), protectedDirs: [sharedDir] },
  });
  if (result.created + result.updated) await buildPlaces(db);
  console.log(`Imported ${args.file} as Open Referral HSDS (${input.format}) into ${db.path}, dataset "${result.source}".`);
  for (const n of result.notes.slice(0, 30)) console.log(`  ${n}`);
  console.log(describeHsdsResult(result));
  console.log(`created: ${result.created}\nupdated: ${result.updated}\nunchanged: ${result.unchanged}\nrejected: ${result.rejected}`);
  if (result.rejectsFile) {
    const nextToInput = path.dirname(result.rejectsFile) === path.dirname(path.resolve(args.file!));
    console.log(`Rejected records, with reasons, written to ${result.rejectsFile}${nextToInput ? "" : " (the input folder cannot be written to)"}.`);
    for (const r of result.rejects.slice(0, 5)) console.log(`  ${r.record}${r.id ? ` (${r.id})` : ""}: ${r.reason}`);
    if (result.rejects.length > 5) console.log(`  … and ${result.rejects.length - 5} more`);
  }
  if (result.services > 0 && result.created + result.updated + result.unchanged === 0) {
    console.error("No records could be imported.");
    return 1;
  }
  return 0;
}

async function main(argv: string[]): Promise<number> {
  let args: Args | "help";
  try {
    args = parseCommandLine(argv);
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args === "help") {
    console.log(USAGE);
    return 0;
  }
  let hsds: HsdsInput | null = null;
  if (!args.demo && (args.format === "hsds" || looksLikeHsds(args.file!))) {
    if (args.mapping) {
      console.error(`--mapping is for CSV and GeoJSON files; HSDS has its own mapping (docs/hsds-mapping.md).\n\n${USAGE}`);
      return 2;
    }
    if (args.options.kind && !isKind(args.options.kind)) {
      console.error(`--kind ${args.options.kind} is not a kind; use one of: ${KINDS.join(", ")}.\n\n${USAGE}`);
      return 2;
    }
    // Read and check the whole file (and find the schemas) before the database is even opened: a
    // file-level problem (not HSDS, missing columns, duplicate ids) leaves the database exactly as it was.
    try {
      hsdsRecordValidator();
      hsds = readHsds(args.file!);
    } catch (e) {
      if (e instanceof ImportFileError || e instanceof HsdsSchemasMissing) {
        console.error(e.message);
        return 1;
      }
      throw e;
    }
  }
  const db = openDatabase(databasePathSetting());
  try {
    await migrate(db);
    if (hsds) return await runHsds(db, args, hsds);
    return args.demo ? await runDemo(db) : await runFile(db, args);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof ImportFileError || e instanceof HsdsSchemasMissing) {
      console.error(e.message);
      return 1;
    }
    throw e;
  } finally {
    db.sqlite.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(e);
    process.exitCode = 1;
  },
);
