// Writing CSV that is safe to open in a spreadsheet (issue 16, defect 11). A text cell that starts
// with = + - @ (or a tab or carriage return, which some spreadsheets skip before reading a
// formula) would run as a formula when the file is opened, e.g. =HYPERLINK("https://evil", "Click").
// Such a cell is written with a single quote in front, which spreadsheets show as text and hide.
//
// Decided: a cell that is a plain number ("-5", "+3.2", "-1e3", or a number value) is data, not a
// formula, and is written as it is; so are JSON cells ({…}, […]). Readers of our own exports
// (the HSDS CSV import) take the quote off again (`unneutraliseCsvText`), so a round trip keeps
// values such as "+44 161 912 1234" or "-- see notes --".

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The text with a leading ' when a spreadsheet would otherwise read it as a formula. */
export function neutraliseCsvText(s: string): string {
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
}

/** The inverse of neutraliseCsvText, for reading a file we wrote. */
export function unneutraliseCsvText(s: string): string {
  return /^'[=+\-@\t\r]/.test(s) && !PLAIN_NUMBER.test(s.slice(1)) ? s.slice(1) : s;
}

/** One CSV field: neutralised, then quoted when it needs to be (RFC 4180). */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  const s = typeof v === "string" ? neutraliseCsvText(v) : typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
