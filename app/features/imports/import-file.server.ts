// Importing one file: a known dataset of the shared open data, a JSON column mapping, or a
// default mapping guessed from the column names.
import path from "node:path";
import type { Context } from "../../server/context.server";
import { NOT_IMPORTED, mappingForFile } from "./mappings/index";
import { columnMapping, defaultMapping, parseMappingFile, type DefaultMappingOptions } from "./mappings/columns";
import { importRead } from "./pipeline.server";
import { ImportFileError, formatFromName, readSourceFile } from "./read.server";
import { writeRejects, type RejectsTarget } from "./rejects.server";
import type { DatasetMapping, FileFormat, ImportResult } from "./types";


export interface ImportFileOptions extends DefaultMappingOptions {
  /** Force the format; otherwise the mapping's, else the file extension's. */
  format?: FileFormat;
  /** A JSON column mapping (the parsed content of MAP.json). */
  mappingJson?: unknown;
  /** Where rejected rows go; null: do not write them. */
  rejects?: RejectsTarget | null;
  now?: Date;
}

/**
 * Choose the mapping for a file: --mapping JSON first, else the known dataset with that file
 * name, else a default mapping from the column names. Throws ImportFileError with a plain
 * message when none fits.
 */
export function chooseMapping(file: string, options: ImportFileOptions): { mapping: DatasetMapping; how: string; read?: ReturnType<typeof readSourceFile> } {
  const format = options.format ?? formatFromName(file);
  if (options.mappingJson !== undefined) {
    const parsed = parseMappingFile(options.mappingJson);
    if ("problems" in parsed) throw new ImportFileError(`The mapping file has problems: ${parsed.problems.join("; ")}.`);
    const f = options.format ?? parsed.mapping.format ?? format;
    if (!f) throw new ImportFileError(`Cannot tell the format of ${file}: pass --format csv|geojson or set "format" in the mapping.`);
    return { mapping: columnMapping(parsed.mapping, f), how: "the --mapping file" };
  }
  const known = mappingForFile(file);
  if (known) return { mapping: known, how: `the known mapping for ${path.basename(file)}` };
  const leftOut = NOT_IMPORTED.find((n) => !n.file.endsWith("/") && path.basename(n.file) === path.basename(file));
  if (leftOut) throw new ImportFileError(`${path.basename(file)} is not imported: ${leftOut.reason}. Pass --mapping MAP.json to import it anyway.`);
  if (!format) throw new ImportFileError(`Cannot tell the format of ${file}: name it .csv or .geojson, or pass --format csv|geojson.`);
  const read = readSourceFile(file, format);
  const guessed = defaultMapping(file, read.columns, format, options);
  if ("problem" in guessed) throw new ImportFileError(`Cannot import ${path.basename(file)}: ${guessed.problem}`);
  const cols = Object.entries(guessed.columns).map(([field, column]) => `${field}←${column}`).join(", ");
  return { mapping: guessed.mapping, how: `a default mapping from the column names (${cols})`, read };
}

/** Import one file. Rejected rows are written to FILE.rejects.csv (see rejects.server.ts) when asked. */
export async function importFile(ctx: Context, file: string, options: ImportFileOptions = {}): Promise<ImportResult & { how: string }> {
  const chosen = chooseMapping(file, options);
  const read = chosen.read ?? readSourceFile(file, options.format ?? chosen.mapping.format);
  const result = await importRead(ctx, file, read, chosen.mapping, { now: options.now });
  if (options.rejects) result.rejectsFile = writeRejects(file, read.columns, result.rejects, options.rejects);
  return { ...result, how: chosen.how };
}

