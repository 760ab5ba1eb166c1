// UK postcode parsing (with the `postcode` library) and normalisation. No I/O.
import { parse } from "postcode";

export interface ParsedPostcode {
  /** "M33 7XX" for a full postcode, "M33" for an outward code alone. */
  postcode: string;
  outcode: string;
  /** Null when only the outward code (district) was given. */
  incode: string | null;
}

const OUTCODE_ONLY = /^[A-Z]{1,2}[0-9][A-Z0-9]?$/;

/** Accepts any spacing and case. Returns null when the text is not a UK postcode or district. */
export function parsePostcode(input: string): ParsedPostcode | null {
  const compact = input.replace(/\s+/g, "").toUpperCase();
  if (compact.length < 2 || compact.length > 8) return null;
  const p = parse(compact);
  if (p.valid) return { postcode: p.postcode, outcode: p.outcode, incode: p.incode };
  if (OUTCODE_ONLY.test(compact)) return { postcode: compact, outcode: compact, incode: null };
  return null;
}

/** True when the text looks like a postcode or district a person typed as a place. */
export function looksLikePostcode(input: string): boolean {
  return parsePostcode(input) !== null && /\d/.test(input);
}
