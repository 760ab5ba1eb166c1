// GET /api/hsds/organizations (a page, by name) and /api/hsds/organizations/:id (with its services).
import type { Db, Executor } from "../../../db/index";
import { mapOrganization, mapServiceMinimal } from "../../core/hsds/mapping";
import { extrasFor } from "./extras.server";
import * as hsds from "./hsds.data.server";
import { UUID, boolParam, offsetOf, one, pageOf, readPaging } from "./params.server";

/** An organisation lists at most this many of its services. */
const SERVICES_PER_ORGANIZATION = 500;

export async function listOrganizations(db: Db, sp: URLSearchParams) {
  const p = readPaging(sp);
  const full = boolParam(sp, "full");
  const search = one(sp, "search");
  const total = await hsds.countOrganisations(db.kysely, search);
  const orgs = await hsds.pageOfOrganisations(db.kysely, search, p.perPage, offsetOf(p));
  const contents = [];
  for (const o of orgs) {
    if (full) {
      contents.push(await organizationWithServices(db.kysely, o));
    } else {
      const { organization_identifiers: _i, ...base } = mapOrganization(o) as ReturnType<typeof mapOrganization> & { organization_identifiers?: unknown };
      contents.push(base);
    }
  }
  return pageOf(contents, total, p);
}

async function organizationWithServices(db: Executor, o: hsds.OrganisationRow) {
  const rows = await hsds.servicesOfOrganisation(db, o.id, SERVICES_PER_ORGANIZATION);
  const extras = await extrasFor(db, rows);
  return { ...mapOrganization(o), services: rows.map((r) => mapServiceMinimal(r, extras.get(r.id)!)) };
}

export async function getOrganization(db: Db, id: string) {
  if (!UUID.test(id)) return null;
  const o = await hsds.findOrganisation(db.kysely, id.toLowerCase());
  return o ? organizationWithServices(db.kysely, o) : null;
}
