// npm run export -- --format hsds-csv|ndjson --out PATH
// Exports the whole directory at DATABASE_PATH as Open Referral HSDS 3.0, streaming (batches of
// 500 in id order; never the whole directory in memory): the CSV datapackage into a folder
// (one CSV per table plus datapackage.json), or NDJSON (one service_full per line) into a file
// ("--out -" writes NDJSON to standard output). See docs/hsds-mapping.md.
import { databasePathSetting } from "../app/config.server";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { migrate, openDatabase } from "../db/index";
import { EXPORT_BATCH } from "../app/features/hsds/export.server";
import { writeCsvPackage, writeNdjson } from "../app/features/hsds/export-files.server";
import { openSnapshot } from "../app/features/hsds/export-snapshot.sqlite";

const USAGE = `Usage:
  npm run export -- --format hsds-csv --out FOLDER    the HSDS CSV datapackage (CSV files + datapackage.json)
  npm run export -- --format ndjson --out FILE        NDJSON, one HSDS service_full per line ("--out -": standard output)

The database is DATABASE_PATH (default data/realwealth.db). Options: --batch N (rows read at a time, default ${EXPORT_BATCH}).`;

class UsageError extends Error {}

function parse(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { format: { type: "string" }, out: { type: "string" }, batch: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values;
  if (v.help) return "help" as const;
  const format = v.format === "csv" || v.format === "hsds" ? "hsds-csv" : v.format;
  if (format !== "hsds-csv" && format !== "ndjson") throw new UsageError(v.format ? `--format ${v.format} is not supported: use hsds-csv or ndjson.` : "--format is required: hsds-csv or ndjson.");
  if (!v.out) throw new UsageError("--out is required: a folder for hsds-csv, a file (or -) for ndjson.");
  if (v.out === "-" && format !== "ndjson") throw new UsageError("--out - (standard output) is only for --format ndjson.");
  const batch = v.batch === undefined ? EXPORT_BATCH : Number(v.batch);
  if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) throw new UsageError("--batch must be a whole number from 1 to 10000.");
  return { format, out: v.out, batch } as { format: "hsds-csv" | "ndjson"; out: string; batch: number };
}

async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args === "help") {
    console.log(USAGE);
    return 0;
  }
  const dbPath = databasePathSetting();
  if (!fs.existsSync(dbPath)) {
    console.error(`There is no database at ${dbPath} (set DATABASE_PATH, or run npm run import -- --demo first).`);
    return 1;
  }
  if (args.format === "hsds-csv" && fs.existsSync(args.out) && !fs.statSync(args.out).isDirectory()) {
    console.error(`--out ${args.out} is a file: the CSV datapackage needs a folder.`);
    return 1;
  }
  const db = openDatabase(dbPath);
  await migrate(db);
  db.sqlite.close();

  const log = (s: string) => (args.out === "-" ? process.stderr.write(`${s}\n`) : console.log(s));
  const started = Date.now();
  const snap = openSnapshot(dbPath);
  try {
    if (args.format === "ndjson") {
      const out = args.out === "-" ? process.stdout : path.resolve(args.out);
      if (typeof out === "string") fs.mkdirSync(path.dirname(out), { recursive: true });
      const c = await writeNdjson(snap, out, args.batch);
      log(`Exported ${c.services} services as NDJSON to ${args.out === "-" ? "standard output" : out} (${(c.bytes / 1e6).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    } else {
      const dir = path.resolve(args.out);
      const c = await writeCsvPackage(snap, dir, args.batch);
      log(`Exported ${c.services} services as the HSDS CSV datapackage to ${dir} (${(c.bytes / 1e6).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      log(
        Object.entries(c.rows ?? {})
          .map(([t, n]) => `  ${t}: ${n}`)
          .join("\n"),
      );
    }
  } catch (e) {
    // The reader of standard output went away (`npm run export -- --out - | head`): not an error.
    if ((e as NodeJS.ErrnoException).code === "EPIPE" && args.out === "-") return 0;
    throw e;
  } finally {
    snap.close();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exitCode = 1;
  },
);
