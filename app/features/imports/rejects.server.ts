// Writing rejected rows, with their reasons, to FILE.rejects.csv: next to the input when that
// folder may be written to, otherwise under a fallback folder (data/rejects/). The shared open
// data folder is never written to.
import fs from "node:fs";
import path from "node:path";
import { csvCell } from "../../core/csv";
import type { RejectedRow } from "./types";

/** One CSV field: neutralised against spreadsheet formulas and quoted when it needs to be (app/core/csv.ts). */
export function csvField(value: string): string {
  return csvCell(value);
}

export function rejectsCsv(columns: string[], rejects: RejectedRow[]): string {
  const header = [...columns, "reason"];
  const lines = [header.map(csvField).join(",")];
  for (const r of rejects) lines.push([...columns.map((c) => r.row.values[c] ?? ""), r.reason].map(csvField).join(","));
  return `${lines.join("\n")}\n`;
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(path.resolve(dir), path.resolve(file));
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/**
 * May we write next to this file? Not inside the shared data folder, not in a folder whose
 * permissions say read-only (even when running as root), and only when the system agrees.
 */
export function canWriteNextTo(file: string, protectedDirs: string[] = []): boolean {
  const dir = path.dirname(path.resolve(file));
  if (protectedDirs.some((p) => isInside(dir, p))) return false;
  try {
    const mode = fs.statSync(dir).mode;
    if ((mode & 0o222) === 0) return false;
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export interface RejectsTarget {
  /** Folder used when the input's folder cannot be written to (default data/rejects). */
  fallbackDir: string;
  /** Folders never written to (the shared open data). */
  protectedDirs?: string[];
}

/** Where FILE.rejects.csv goes for this input. */
export function rejectsPathFor(file: string, target: RejectsTarget): string {
  const name = `${path.basename(file)}.rejects.csv`;
  return canWriteNextTo(file, target.protectedDirs) ? path.join(path.dirname(path.resolve(file)), name) : path.join(path.resolve(target.fallbackDir), name);
}

/**
 * Write the rejected rows (original columns plus `reason`). With no rejects, a stale rejects file
 * from an earlier run is removed. Returns the path written, or null.
 */
export function writeRejects(file: string, columns: string[], rejects: RejectedRow[], target: RejectsTarget): string | null {
  const out = rejectsPathFor(file, target);
  if (rejects.length === 0) {
    fs.rmSync(out, { force: true });
    return null;
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, rejectsCsv(columns, rejects));
  return out;
}
