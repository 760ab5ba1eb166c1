// What is in an uploaded file (decision 0012): CSV or GeoJSON is decided by the content, not the
// name; anything else is refused with a 415 saying what it looks like.
import { ApiError } from "../../server/errors";
import { ImportFileError, readCsvText, readGeoJsonText } from "./read.server";
import type { ReadResult } from "./types";

const BINARY_SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: "a spreadsheet workbook or zip file (save it as CSV first)" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: "an old Excel or Word file (save it as CSV first)" },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: "a PDF" },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: "a PNG image" },
  { bytes: [0xff, 0xd8, 0xff], what: "a JPEG image" },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: "a GIF image" },
  { bytes: [0x1f, 0x8b], what: "a compressed (gzip) file" },
];

const ALLOWED_EXTENSIONS = ["", ".csv", ".geojson", ".json", ".txt"];

function notCsvOrGeoJson(why: string): ApiError {
  return new ApiError(415, "unsupported_file", `This file cannot be imported: ${why}. Upload a CSV file (with a header row) or a GeoJSON file.`, {
    file: "must be a CSV or GeoJSON file",
  });
}

/** The file as text: UTF-8 (with or without a byte-order mark), else Windows-1252 as spreadsheets save it. */
function decode(bytes: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

/**
 * Decide from the content (not the name) whether a file is CSV or GeoJSON, and read it.
 * Throws a 415 ApiError saying what it looks like instead.
 */
export function sniffUpload(filename: string, bytes: Buffer): { format: "csv" | "geojson"; read: ReadResult } {
  if (bytes.length === 0) throw new ApiError(400, "invalid_input", "The file is empty.", { file: "is empty" });
  const ext = (/\.[^.]+$/.exec(filename.toLowerCase())?.[0] ?? "").trim();
  for (const sig of BINARY_SIGNATURES) {
    if (sig.bytes.every((b, i) => bytes[i] === b)) throw notCsvOrGeoJson(`it is ${sig.what}`);
  }
  const head = bytes.subarray(0, 64 * 1024);
  if (head.includes(0)) throw notCsvOrGeoJson("it is not a text file");
  const text = decode(bytes);
  // eslint-disable-next-line no-control-regex
  const controls = (text.slice(0, 64 * 1024).match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g) ?? []).length;
  if (controls > 0) throw notCsvOrGeoJson("it is not a text file");
  const start = text.replace(/^\uFEFF/, "").trimStart();
  if (start.startsWith("{") || start.startsWith("[")) {
    let doc: unknown;
    try {
      doc = JSON.parse(start);
    } catch {
      throw notCsvOrGeoJson("it starts like JSON but is not valid JSON");
    }
    const t = (doc as { type?: unknown } | null)?.type;
    if (t !== "FeatureCollection" && t !== "Feature") throw notCsvOrGeoJson("it is JSON but not GeoJSON (a FeatureCollection of features)");
    try {
      return { format: "geojson", read: readGeoJsonText(start, filename) };
    } catch (e) {
      throw notCsvOrGeoJson(e instanceof ImportFileError ? e.message.replace(/\.$/, "") : "it could not be read as GeoJSON");
    }
  }
  if (start.startsWith("<")) throw notCsvOrGeoJson("it looks like a web page or XML");
  if (!ALLOWED_EXTENSIONS.includes(ext)) throw notCsvOrGeoJson(`files ending ${ext} are not CSV or GeoJSON`);
  let read: ReadResult;
  try {
    read = readCsvText(text, filename);
  } catch (e) {
    throw notCsvOrGeoJson(e instanceof ImportFileError ? e.message.replace(/\.$/, "") : "it could not be read as CSV");
  }
  if (read.columns.length < 2) throw notCsvOrGeoJson("it has only one column; a CSV file needs a header row with the names of its columns, separated by commas");
  const sample = read.rows.slice(0, 200);
  const misfit = sample.filter((r) => r.problem).length;
  if (sample.length >= 3 && misfit > sample.length / 2) throw notCsvOrGeoJson("most of its lines do not have the same number of values as the header row");
  if (read.rows.length === 0) throw new ApiError(400, "invalid_input", "The file has a header row but no rows to import.", { file: "has no rows" });
  return { format: "csv", read };
}
