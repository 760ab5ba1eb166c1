// The HSDS mapping (app/core/hsds/mapping.ts) on hand-made rows: ids are stable, opening hours
// become weekly schedules, access/Changing Places/time credits become attributes, and the
// objects validate against the HSDS 3.0 and UK profile schemas.
import { describe, expect, it } from "vitest";
import {
  TAXONOMY_TERMS,
  accessTermId,
  categoryTermId,
  hoursToSchedules,
  kindTermId,
  locationIdFor,
  mapOrganization,
  mapService,
  mapServiceMinimal,
  serviceAtLocationIdFor,
  termFilter,
  type AssetRow,
  type AssetExtras,
} from "../../app/core/hsds/mapping";
import { hsdsValidators } from "../helpers/hsds-schemas";

const row: AssetRow = {
  id: "0f9c1c1e-5a4b-5c3d-9e2f-1a2b3c4d5e6f",
  kind: "changing_places_toilet",
  name: "Sale Leisure Centre Changing Places",
  summary: "A Changing Places toilet",
  description: "Hoist and bench.",
  organisation_id: "1f9c1c1e-5a4b-5c3d-9e2f-1a2b3c4d5e6f",
  lat: 53.42,
  lng: -2.32,
  address: "Broad Road",
  locality: "Sale",
  postcode: "M33 2AL",
  phone: "0161 123 4567",
  email: "info@example.org",
  website: "https://example.org/",
  opening_hours: "Mo-Fr 09:00-17:00; Sa 10:00-12:00,13:00-16:00",
  opening_hours_text: "Weekdays 9 to 5",
  is_free: 1,
  cost_text: null,
  min_age: 5,
  max_age: 99,
  time_credits_earn: "Volunteer on reception",
  time_credits_spend: null,
  access_notes: "Ramp at the side door",
  how_to_get_there: "Bus 263 to Sale Water Park",
  status: "active",
  verified_at: "2025-06-01T10:00:00.000Z",
  updated_at: "2025-06-02T10:00:00.000Z",
};
const extras: AssetExtras = {
  categories: ["leisure_centre"],
  access: ["changing_places", "step_free"],
  changingPlaces: { hoist: "ceiling", adult_bench: 1, room_size_m2: 12, peninsular_wc: 1, radar_key: 0, notes: null },
  organisation: { id: row.organisation_id!, name: "Trafford Leisure", description: null, website: "https://leisure.example", email: null, phone: null, charity_number: "1234567", company_number: null },
};

describe("HSDS mapping", () => {
  it("maps a full service that validates against both profiles", () => {
    const s = mapService(row, extras);
    expect(hsdsValidators().check("service", s)).toEqual([]);
    expect(hsdsValidators().check("service_list", mapServiceMinimal(row, extras))).toEqual([]);
    expect(hsdsValidators().check("organization", { ...mapOrganization(extras.organisation!), services: [] })).toEqual([]);
    expect(s.assured_date).toBe("2025-06-01");
    expect(s.status).toBe("active");
    expect(s.minimum_age).toBe(5);
    expect(s.organization_id).toBe(row.organisation_id);
    expect(s.service_at_locations[0]!.id).toBe(serviceAtLocationIdFor(row.id));
    expect(s.service_at_locations[0]!.location_id).toBe(locationIdFor(row.id));
  });

  it("is deterministic", () => {
    expect(mapService(row, extras)).toEqual(mapService({ ...row }, { ...extras }));
    expect(locationIdFor(row.id)).not.toBe(serviceAtLocationIdFor(row.id));
  });

  it("turns OSM hours into weekly schedules", () => {
    const sch = hoursToSchedules(row.opening_hours, null, row.id, { service_id: row.id });
    expect(sch.filter((x) => x.byday === "MO")).toMatchObject([{ opens_at: "09:00:00", closes_at: "17:00:00", freq: "WEEKLY" }]);
    expect(sch.filter((x) => x.byday === "SA").map((x) => [x.opens_at, x.closes_at])).toEqual([
      ["10:00:00", "12:00:00"],
      ["13:00:00", "16:00:00"],
    ]);
    expect(sch.some((x) => x.byday === "SU")).toBe(false);
    expect(hoursToSchedules(null, "By appointment", row.id, {})).toMatchObject([{ description: "By appointment" }]);
    expect(hoursToSchedules(null, null, row.id, {})).toEqual([]);
  });

  it("puts kind, categories and time credits on the service, access and equipment on the location", () => {
    const s = mapService(row, extras);
    const serviceTerms = s.attributes.map((a) => a.taxonomy_term_id);
    expect(serviceTerms).toContain(kindTermId("changing_places_toilet"));
    expect(serviceTerms).toContain(categoryTermId("leisure_centre"));
    expect(serviceTerms).toContain(accessTermId("time_credits_earn"));
    const loc = s.service_at_locations[0]!.location as { attributes: { taxonomy_term_id: string; value?: string }[] };
    const locTerms = loc.attributes.map((a) => a.taxonomy_term_id);
    expect(locTerms).toContain(accessTermId("step_free"));
    expect(loc.attributes.find((a) => a.taxonomy_term_id === accessTermId("cp_hoist"))?.value).toBe("ceiling");
    expect(loc.attributes.find((a) => a.taxonomy_term_id === accessTermId("cp_room_size_m2"))?.value).toBe("12");
    expect(locTerms).not.toContain(accessTermId("cp_radar_key"));
  });

  it("publishes every term once, each valid, with parents that exist", () => {
    const ids = new Set(TAXONOMY_TERMS.map((t) => t.id));
    expect(ids.size).toBe(TAXONOMY_TERMS.length);
    for (const t of TAXONOMY_TERMS) {
      expect(hsdsValidators().check("taxonomy_term", t)).toEqual([]);
      if (t.parent_id) expect(ids.has(t.parent_id)).toBe(true);
    }
    expect(termFilter(kindTermId("place"))).toEqual({ kind: "place" });
    expect(termFilter(categoryTermId("health"))).toEqual({ category: "health" });
    expect(termFilter("00000000-0000-4000-8000-000000000000")).toBeNull();
  });

  it("leaves out what we do not know and marks archived records inactive", () => {
    const s = mapService({ ...row, website: "not a url", email: null, verified_at: null, status: "archived", opening_hours: null, opening_hours_text: null, is_free: null }, { ...extras, organisation: null });
    expect(s).not.toHaveProperty("url");
    expect(s).not.toHaveProperty("assured_date");
    expect(s).not.toHaveProperty("organization_id");
    expect(s).not.toHaveProperty("organization");
    expect(s.status).toBe("inactive");
    expect(s.schedules).toEqual([]);
    expect(hsdsValidators().check("service", s)).toEqual([]);
  });
});
