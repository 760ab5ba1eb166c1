/**
 * What the fuzz cases need from the running site (made by the suite's beforeAll): signed-in
 * accounts with their CSRF cookie and token, real ids to aim at, and who may send a request.
 * This file must not import vitest.
 */
import fc from "fast-check";
import type { FormSession } from "./forms";

export interface Account {
  email: string;
  /** "rw_session=…" */
  cookie: string;
  /** The session cookie plus this visitor's rw_csrf cookie, and the form token for it. */
  form: FormSession;
}

export interface Fixtures {
  baseUrl: string;
  users: Record<"member" | "connector" | "admin" | "leaver", Account>;
  /** Anonymous visitors' CSRF cookie and token (anon2: a second visitor, for a token that belongs to someone else). */
  anon: FormSession;
  anon2: FormSession;
  assetIds: string[];
  profileIds: string[];
  planIds: string[];
  suggestionIds: string[];
  /** The adult questionnaire's question ids (for budget forms and estimates). */
  questionIds: string[];
}

/** Who sends a request: nobody, an account, or a session cookie that means nothing. */
export type Who = "anonymous" | "member" | "connector" | "admin" | "leaver" | "bogus";

export const BOGUS_SESSION = "rw_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

export function sessionCookie(fx: Fixtures, who: Who): string | undefined {
  if (who === "anonymous") return undefined;
  if (who === "bogus") return BOGUS_SESSION;
  return fx.users[who].cookie;
}

/** Mostly the roles that reach a route's checks; anyone else too. */
export function whoFor(preferred: Who[]): fc.Arbitrary<Who> {
  return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...preferred) }, { weight: 1, arbitrary: fc.constantFrom<Who>("anonymous", "member", "connector", "admin", "bogus") });
}

/** A Content-Type as a short class name for grouping failures. */
export function ctClass(ct: string | null): string {
  if (ct === null) return "none";
  if (/^application\/json\b/i.test(ct)) return "json";
  return ct || "empty";
}

/** Build a header object, leaving out undefined values. */
export function headers(h: Record<string, string | undefined | null>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined && v !== null) out[k] = v;
  return out;
}
