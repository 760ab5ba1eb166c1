// The HSDS API's query parameters and pages: each parameter given at most once, checked, and a
// 400 naming it when it is wrong.
import { ApiError } from "../../server/errors";

export const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 500;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Page<T> {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
}

export function bad(field: string, why: string): never {
  throw new ApiError(400, "invalid_parameter", `${field} ${why}`, { [field]: why });
}

export function one(sp: URLSearchParams, name: string): string | null {
  const all = sp.getAll(name);
  if (all.length > 1) bad(name, "must be given once");
  const v = all[0];
  return v === undefined || v.trim() === "" ? null : v.trim();
}

export function intParam(sp: URLSearchParams, name: string, min: number, max: number): number | null {
  const v = one(sp, name);
  if (v === null) return null;
  if (!/^\d+$/.test(v)) bad(name, `must be a whole number from ${min} to ${max}`);
  const n = Number(v);
  if (n < min || n > max) bad(name, `must be a whole number from ${min} to ${max}`);
  return n;
}

export function boolParam(sp: URLSearchParams, name: string): boolean {
  const v = one(sp, name);
  if (v === null) return false;
  if (["true", "1"].includes(v.toLowerCase())) return true;
  if (["false", "0"].includes(v.toLowerCase())) return false;
  return bad(name, "must be true or false");
}

export function uuidParam(sp: URLSearchParams, name: string): string | null {
  const v = one(sp, name);
  if (v !== null && !UUID.test(v)) bad(name, "must be a UUID");
  return v?.toLowerCase() ?? null;
}

export interface Paging {
  page: number;
  perPage: number;
}

export function readPaging(sp: URLSearchParams): Paging {
  return { page: intParam(sp, "page", 1, 1_000_000) ?? 1, perPage: intParam(sp, "per_page", 1, MAX_PER_PAGE) ?? DEFAULT_PER_PAGE };
}

/** The rows a page skips. */
export function offsetOf(p: Paging): number {
  return (p.page - 1) * p.perPage;
}

export function pageOf<T>(contents: T[], total: number, p: Paging): Page<T> {
  const totalPages = Math.max(1, Math.ceil(total / p.perPage));
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: p.page,
    size: contents.length,
    first_page: p.page === 1,
    last_page: p.page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

/** A page of an in-memory list (taxonomies, terms). */
export function pageArray<T>(all: T[], p: Paging): Page<T> {
  return pageOf(all.slice(offsetOf(p), p.page * p.perPage), all.length, p);
}
