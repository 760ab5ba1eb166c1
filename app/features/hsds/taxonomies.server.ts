// The taxonomies we publish (kinds and categories; access features) and their terms: fixed lists
// in app/core/hsds/mapping.ts, paged in memory.
import { TAXONOMIES, TAXONOMY_TERMS, termById } from "../../core/hsds/mapping";
import { pageArray, readPaging, uuidParam } from "./params.server";

export function listTaxonomies(sp: URLSearchParams) {
  return pageArray(TAXONOMIES, readPaging(sp));
}

export function getTaxonomy(id: string) {
  return TAXONOMIES.find((t) => t.id === id.toLowerCase()) ?? null;
}

export function listTaxonomyTerms(sp: URLSearchParams) {
  const p = readPaging(sp);
  const taxonomyId = uuidParam(sp, "taxonomy_id");
  const parentId = uuidParam(sp, "parent_id");
  const terms = TAXONOMY_TERMS.filter((t) => (!taxonomyId || t.taxonomy_id === taxonomyId) && (!parentId || t.parent_id === parentId));
  return pageArray(terms, p);
}

export function getTaxonomyTerm(id: string) {
  return termById(id.toLowerCase());
}
