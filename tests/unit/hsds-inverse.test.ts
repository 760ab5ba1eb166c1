// HSDS → Real Wealth (app/core/hsds/inverse.ts, schedules.ts, tables.ts): the inverse of the
// mapping gives back what we publish; other publishers' records map where they can; CSV tables
// flatten and assemble back; revision history becomes schema-valid metadata.
import { describe, expect, it } from "vitest";
import {
  accessTermId,
  categoryTermId,
  hoursToSchedules,
  kindTermId,
  mapMetadata,
  mapOrganization,
  mapService,
  type AssetExtras,
  type AssetRow,
  type RevisionRow,
} from "../../app/core/hsds/mapping";
import { costOf, resolveTerm, serviceToDrafts, servicesOfRecord } from "../../app/core/hsds/inverse";
import { clockOf, schedulesToHours } from "../../app/core/hsds/schedules";
import { TABLES, assembleServices, csvCell, csvHeader, csvRow, datapackageDescriptor, flattenOrganization, flattenService, tableForFile, typedRow, type TableName, type TableRow } from "../../app/core/hsds/tables";
import { stableUuid } from "../../app/core/asset";
import { hsdsValidators } from "../helpers/hsds-schemas";

const ORG_ID = "1f9c1c1e-5a4b-5c3d-9e2f-1a2b3c4d5e6f";
const row: AssetRow = {
  id: "0f9c1c1e-5a4b-5c3d-9e2f-1a2b3c4d5e6f",
  kind: "changing_places_toilet",
  name: "Sale Leisure Centre Changing Places",
  summary: "A Changing Places toilet",
  description: "Hoist and bench.",
  organisation_id: ORG_ID,
  lat: 53.42,
  lng: -2.32,
  address: "Broad Road",
  locality: "Sale",
  postcode: "M33 2AL",
  phone: "0161 123 4567",
  email: "info@example.org",
  website: "https://example.org/",
  opening_hours: "Mo-Fr 09:00-17:00; Sa 10:00-12:00,13:00-16:00; Su 22:00-24:00",
  opening_hours_text: "Weekdays 9 to 5",
  is_free: 0,
  cost_text: "£2 a visit",
  min_age: 5,
  max_age: 99,
  time_credits_earn: "Volunteer on reception",
  time_credits_spend: "One credit a swim",
  access_notes: "Ramp at the side door",
  how_to_get_there: "Bus 263 to Sale Water Park",
  status: "archived",
  verified_at: "2025-06-01T10:00:00.000Z",
  updated_at: "2025-06-02T10:00:00.000Z",
};
const extras: AssetExtras = {
  categories: ["leisure_centre", "swimming"],
  access: ["changing_places", "hearing_loop", "step_free"],
  changingPlaces: { hoist: "ceiling_track", adult_bench: 1, room_size_m2: 12.5, peninsular_wc: 1, radar_key: 1, notes: "Ask at reception" },
  organisation: { id: ORG_ID, name: "Trafford Leisure", description: "Runs the leisure centres", website: "https://leisure.example", email: "hi@leisure.example", phone: null, charity_number: "1234567", company_number: "07654321" },
};

const oneDraft = (s: Record<string, unknown>, ctx = {}) => {
  const out = serviceToDrafts(s, ctx);
  if ("reject" in out) throw new Error(out.reject);
  expect(out.drafts).toHaveLength(1);
  return out.drafts[0]!;
};

describe("the inverse of our own mapping", () => {
  it("gives back every field we publish", () => {
    const d = oneDraft(mapService(row, extras) as unknown as Record<string, unknown>);
    expect(d).toMatchObject({
      id: row.id,
      kind: "changing_places_toilet",
      name: row.name,
      description: row.description,
      lat: 53.42,
      lng: -2.32,
      address: "Broad Road",
      locality: "Sale",
      postcode: "M33 2AL",
      phone: "0161 123 4567",
      email: "info@example.org",
      website: "https://example.org/",
      opening_hours: "Mo-Fr 09:00-17:00; Sa 10:00-12:00,13:00-16:00; Su 22:00-24:00",
      opening_hours_text: "Weekdays 9 to 5",
      cost: { free: false, details: "£2 a visit" },
      age: { min: 5, max: 99 },
      time_credits: { earn: "Volunteer on reception", spend: "One credit a swim" },
      access_notes: "Ramp at the side door",
      how_to_get_there: "Bus 263 to Sale Water Park",
      status: "archived",
      verified_at: "2025-06-01",
      changing_places: { hoist: "ceiling_track", adult_bench: true, room_size_m2: 12.5, peninsular_wc: true, radar_key: true, notes: "Ask at reception" },
      organisation: { id: ORG_ID, name: "Trafford Leisure", description: "Runs the leisure centres", website: "https://leisure.example", email: "hi@leisure.example", charity_number: "1234567", company_number: "07654321" },
    });
    expect(d.categories.sort()).toEqual(["leisure_centre", "swimming"]);
    expect(d.access).toEqual(["changing_places", "hearing_loop", "step_free"]);
  });

  it("maps a second time to the same HSDS (export → import → export)", () => {
    const first = mapService(row, extras);
    const d = oneDraft(first as unknown as Record<string, unknown>);
    const again = mapService(
      {
        ...row,
        kind: d.kind,
        name: d.name,
        description: d.description,
        address: d.address,
        locality: d.locality,
        postcode: d.postcode,
        phone: d.phone,
        email: d.email,
        website: d.website,
        opening_hours: d.opening_hours,
        opening_hours_text: d.opening_hours_text,
        is_free: d.cost.free === null ? null : d.cost.free ? 1 : 0,
        cost_text: d.cost.details,
        min_age: d.age.min,
        max_age: d.age.max,
        time_credits_earn: d.time_credits.earn,
        time_credits_spend: d.time_credits.spend,
        access_notes: d.access_notes,
        how_to_get_there: d.how_to_get_there,
        status: d.status,
        verified_at: d.verified_at,
      },
      {
        categories: [...d.categories].sort(),
        access: d.access,
        changingPlaces: { ...d.changing_places!, adult_bench: 1, peninsular_wc: 1, radar_key: 1 },
        organisation: { ...extras.organisation!, ...d.organisation!, phone: null },
      },
    );
    expect(again).toEqual(first);
  });

  it("reads the free / unknown cost and text-only hours back", () => {
    const d = oneDraft(mapService({ ...row, is_free: 1, cost_text: null, opening_hours: null, opening_hours_text: "By appointment", status: "active" }, extras) as unknown as Record<string, unknown>);
    expect(d.cost).toEqual({ free: true, details: null });
    expect(d.opening_hours).toBeNull();
    expect(d.opening_hours_text).toBe("By appointment");
    expect(d.status).toBe("active");
  });
});

describe("schedules → OSM opening hours", () => {
  const weekly = (byday: string, opens: string, closes: string, extra: Record<string, unknown> = {}) => ({ id: "x", freq: "WEEKLY", interval: 1, byday, opens_at: opens, closes_at: closes, ...extra });

  it("groups days with the same times", () => {
    expect(schedulesToHours([weekly("MO,TU,WE,TH,FR", "09:00:00", "17:00:00"), weekly("SA", "10:00", "12:00")])).toEqual({ hours: "Mo-Fr 09:00-17:00; Sa 10:00-12:00", text: null, unreadable: null });
    expect(schedulesToHours([weekly("SA,SU", "10:00", "12:00"), weekly("SA", "11:00", "13:00")]).hours).toBe("Sa 10:00-13:00; Su 10:00-12:00");
  });

  it("reads our own midnight (23:59:59) and an overnight interval", () => {
    expect(schedulesToHours(hoursToSchedules("Mo-Su 00:00-24:00", null, "k", {}) as unknown as Record<string, unknown>[]).hours).toBe("Mo-Su 00:00-24:00");
    expect(schedulesToHours([weekly("FR", "22:00", "02:00")]).hours).toBe("Fr 22:00-02:00");
    expect(schedulesToHours([weekly("MO", "09:00", "23:59")]).hours).toBe("Mo 09:00-23:59");
  });

  it("keeps the text and no hours for what a week cannot say", () => {
    const monthly = schedulesToHours([{ id: "x", freq: "MONTHLY", byday: "2MO", opens_at: "10:00", closes_at: "12:00" }]);
    expect(monthly).toEqual({ hours: null, text: "Every month on the 2nd Monday, 10:00–12:00", unreadable: "freq MONTHLY" });
    expect(schedulesToHours([{ id: "y", freq: "MONTHLY", byday: "-1FR,1SA" }]).text).toBe("Every month on the last Friday, the 1st Saturday");
    const mixed = schedulesToHours([weekly("MO", "09:00", "17:00"), weekly("TH,FR", "10:00", "18:00", { bymonthday: "2,3,4", description: "Weekdays 10 to 6" })]);
    expect(mixed.hours).toBeNull();
    expect(mixed.text).toBe("Weekdays 10 to 6");
    expect(mixed.unreadable).toBe("bymonthday");
  });

  it("takes text-only OSM syntax as the hours", () => {
    expect(schedulesToHours([{ id: "x", description: "Jun-Aug Sa 10:00-12:00" }])).toEqual({ hours: "Jun-Aug Sa 10:00-12:00", text: null, unreadable: null });
    expect(schedulesToHours([{ id: "x", description: "Ring first" }])).toEqual({ hours: null, text: "Ring first", unreadable: null });
    expect(schedulesToHours([])).toEqual({ hours: null, text: null, unreadable: null });
  });

  it("reads clock times with seconds and offsets", () => {
    expect(clockOf("09:30:00")).toBe("09:30");
    expect(clockOf("9:30")).toBe("09:30");
    expect(clockOf("09:30:00Z")).toBe("09:30");
    expect(clockOf("09:30+01:00")).toBe("09:30");
    expect(clockOf("25:00")).toBeNull();
    expect(clockOf("noon")).toBeNull();
  });
});

describe("taxonomy terms", () => {
  it("knows our terms by id and by code, and other publishers' terms by name", () => {
    expect(resolveTerm({ taxonomy_term_id: kindTermId("place") }, {})).toEqual({ meanings: [{ kind: "place" }], foreign: null });
    expect(resolveTerm({ taxonomy_term: { id: "3f7b145d-84af-42d7-8fae-eaca714b02b2", code: "category:gp", name: "GP" } }, {})).toEqual({ meanings: [{ category: "gp" }], foreign: null });
    expect(resolveTerm({ taxonomy_term: { id: "3f7b145d-84af-42d7-8fae-eaca714b02b2", name: "Library" } }, {})).toEqual({ meanings: [{ category: "library" }], foreign: null });
    expect(resolveTerm({ taxonomy_term_id: accessTermId("cp_hoist"), value: "mobile" }, {})).toEqual({ meanings: [{ extra: "cp_hoist" }], foreign: null });
    expect(resolveTerm({ taxonomy_term: { id: "3f7b145d-84af-42d7-8fae-eaca714b02b2", name: "name" } }, {})).toEqual({ meanings: [], foreign: "name" });
  });

  it("refuses a term that does not exist and a code of ours that is not ours", () => {
    const missing = resolveTerm({ taxonomy_term_id: "3f7b145d-84af-42d7-8fae-eaca714b02b2" }, {});
    expect(missing).toEqual({ error: expect.stringContaining("does not exist") });
    const defined = resolveTerm({ taxonomy_term_id: "3f7b145d-84af-42d7-8fae-eaca714b02b2" }, { fileTerm: () => ({ name: "Swimming" }) });
    expect(defined).toEqual({ meanings: [{ category: "swimming" }], foreign: null });
    expect(resolveTerm({ taxonomy_term: { id: "3f7b145d-84af-42d7-8fae-eaca714b02b2", code: "category:spaceships", name: "x" } }, {})).toEqual({ error: expect.stringContaining('"category:spaceships"') });
  });

  it("rejects a service whose attribute names a missing term, naming the attribute", () => {
    const s = { ...mapService(row, extras), attributes: [{ id: "a", taxonomy_term_id: "3f7b145d-84af-42d7-8fae-eaca714b02b2" }] };
    expect(serviceToDrafts(s as unknown as Record<string, unknown>)).toEqual({ reject: expect.stringMatching(/^attributes\[0\]: taxonomy_term_id 3f7b145d-.* does not exist/) });
  });
});

describe("other publishers' services", () => {
  const foreign = {
    id: "AC148810-D857-441C-9679-408F346DE14B",
    name: "Community Counselling",
    status: "temporarily closed",
    minimum_age: 12,
    maximum_age: 150,
    assured_date: "2005-01-01",
    fees: "Ask us",
    cost_options: [
      { id: "c1", option: "Under 18s", amount: 35, amount_description: "per session" },
      { id: "c2", option: "Over 60s", amount: 0 },
    ],
    contacts: [{ id: "k", email: "hello@example.org", phones: [{ id: "p", number: '"+44 1234 234567"' }] }],
    schedules: [{ id: "s", freq: "WEEKLY", byday: "TU", opens_at: "10:00:00", closes_at: "12:00:00" }],
    service_at_locations: [
      {
        id: "sal1",
        location: {
          id: "3A19FF88-4620-4D17-9830-AC1D859EB5D5",
          location_type: "physical",
          name: "Civic Centre",
          latitude: 100,
          longitude: 101,
          addresses: [{ id: "ad", address_1: "1 Main Street", address_2: "Sale", city: "Trafford", state_province: "", postal_code: "m33 7xx", country: "GB", address_type: "physical" }],
          accessibility: [
            { id: "x1", description: "Hearing loop" },
            { id: "x2", description: "Wheelchair access on all levels", details: "Lift at the back" },
          ],
        },
      },
      { id: "sal2", location: { id: "loc2", location_type: "physical", latitude: 53.4, longitude: -2.3 }, schedules: [{ id: "s2", byday: "WE", opens_at: "09:00", closes_at: "11:00" }] },
      { id: "sal3", location: { id: "loc3", location_type: "virtual" } },
    ],
  };

  it("needs a kind, from a term or from the importer", () => {
    expect(serviceToDrafts(foreign)).toEqual({ reject: expect.stringContaining("pass --kind") });
    const out = serviceToDrafts(foreign, { defaultKind: "targeted_service" });
    expect("drafts" in out && out.drafts.every((d) => d.kind === "targeted_service")).toBe(true);
  });

  it("makes one asset per physical location: the first keeps the service id", () => {
    const out = serviceToDrafts(foreign, { defaultKind: "targeted_service" });
    if (!("drafts" in out)) throw new Error("rejected");
    expect(out.drafts.map((d) => d.id)).toEqual(["ac148810-d857-441c-9679-408f346de14b", stableUuid("hsds-import-location", "ac148810-d857-441c-9679-408f346de14b", "loc2")]);
    const [first, second] = out.drafts;
    expect(first).toMatchObject({
      lat: null,
      lng: null,
      coordinates_problem: "latitude 100 and longitude 101 are not valid coordinates",
      address: "Civic Centre, 1 Main Street, Sale",
      locality: "Trafford",
      postcode: "M33 7XX",
      phone: "+44 1234 234567",
      email: "hello@example.org",
      status: "archived",
      verified_at: "2005-01-01",
      age: { min: 12, max: null },
      opening_hours: "Tu 10:00-12:00",
      access: ["hearing_loop"],
      access_notes: "Wheelchair access on all levels Lift at the back",
    });
    expect(first!.cost).toEqual({ free: false, details: "Under 18s: £35 per session; Over 60s: free" });
    expect(second).toMatchObject({ lat: 53.4, lng: -2.3, opening_hours: "We 09:00-11:00", coordinates_problem: "" });
  });

  it("only takes UK postcodes", () => {
    const us = { ...foreign, service_at_locations: [{ id: "s", location: { id: "l", location_type: "physical", addresses: [{ id: "a", address_1: "1 Main St", city: "MyCity", state_province: "", postal_code: "ABC 1234", country: "US", address_type: "postal" }] } }] };
    const d = oneDraft(us, { defaultKind: "place" });
    expect(d.postcode).toBeNull();
    expect(d.raw_postcode).toBe("ABC 1234");
    expect(d.coordinates_problem).toBe("the location has no latitude and longitude");
  });

  it("costs: ours, amounts, fees", () => {
    expect(costOf({ cost_options: [{ option: "Free", amount: 0 }] })).toEqual({ free: true, details: null });
    expect(costOf({ cost_options: [{ option: "Charge", amount_description: "£3" }] })).toEqual({ free: false, details: "£3" });
    expect(costOf({ cost_options: [{ option: "Adults", amount: 4.5, currency: "EUR" }] })).toEqual({ free: false, details: "Adults: €4.50" });
    expect(costOf({ fees_description: "Free" })).toEqual({ free: true, details: null });
    expect(costOf({ fees: "£5 a term" })).toEqual({ free: null, details: "£5 a term" });
    expect(costOf({})).toEqual({ free: null, details: null });
  });

  it("finds the services in service_at_location and organization records", () => {
    const sal = servicesOfRecord({ id: "sal", location: { id: "loc", location_type: "physical" }, service: { id: "svc", name: "S", status: "active" } });
    expect(sal.kind).toBe("service_at_location");
    expect(sal.services[0]).toMatchObject({ id: "svc", service_at_locations: [{ id: "sal", service_id: "svc", location_id: "loc" }] });
    const org = servicesOfRecord({ id: "org", name: "O", description: "d", services: [{ id: "svc", name: "S", status: "active" }] });
    expect(org.kind).toBe("organization");
    expect(org.services[0]).toMatchObject({ id: "svc", organization_id: "org", organization: { id: "org", name: "O" } });
    expect(servicesOfRecord({ id: "svc", name: "S", status: "active" }).kind).toBe("service");
  });
});

describe("CSV tables", () => {
  const asRows = (rows: Record<string, unknown>[], table: TableName): TableRow[] =>
    rows.map((r, i) => ({ index: i + 1, values: Object.fromEntries(TABLES.find((t) => t.name === table)!.columns.map(([c]) => [c, r[c] === undefined || r[c] === null ? "" : String(r[c])])) }));

  it("flatten a service and assemble it back to the same assets", () => {
    const full = mapService(row, extras) as unknown as Record<string, unknown>;
    const flat = flattenService(full);
    const orgs = flattenOrganization(mapOrganization(extras.organisation!) as unknown as Record<string, unknown>);
    const tables: Partial<Record<TableName, TableRow[]>> = {};
    for (const [t, rows] of Object.entries({ ...flat, ...orgs }) as [TableName, Record<string, unknown>[]][]) tables[t] = asRows(rows, t);
    const assembled = assembleServices(tables);
    expect(assembled.dangling).toEqual([]);
    expect(assembled.services).toHaveLength(1);
    const fromCsv = oneDraft(assembled.services[0]!.record, { fileOrganisation: (id: string) => assembled.organisations.get(id) ?? null });
    expect(fromCsv).toEqual(oneDraft(full));
    expect(hsdsValidators().check("service", assembled.services[0]!.record)).toEqual([]);
  });

  it("types cells: numbers, empty cells, required text", () => {
    expect(typedRow({ id: "x", latitude: "53.4", minimum_age: "", name: "A" })).toEqual({ id: "x", latitude: 53.4, name: "A" });
    expect(typedRow({ latitude: "north" })).toEqual({ latitude: "north" });
    expect(typedRow({ id: "a", city: "", state_province: "" }, "address")).toEqual({ id: "a", city: "", state_province: "" });
  });

  it("links rows that point to nothing are reported", () => {
    const a = assembleServices({
      service: [{ index: 1, values: { id: "s1", name: "S", status: "active" } }],
      attribute: [{ index: 1, values: { id: "a1", link_id: "nowhere", taxonomy_term_id: kindTermId("place") } }],
    });
    expect(a.dangling).toEqual(["1 attributes.csv row links to nothing in the package (left out)"]);
    expect(a.services[0]!.record).not.toHaveProperty("attributes");
  });

  it("writes RFC 4180 CSV and knows the variant file names", () => {
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvCell(12.5)).toBe("12.5");
    expect(csvCell(null)).toBe("");
    expect(csvHeader("phone")).toBe("id,service_id,contact_id,number\r\n");
    expect(csvRow("phone", { id: "p", number: "0161" })).toBe("p,,,0161\r\n");
    expect(tableForFile("schedule.csv")).toBe("schedule");
    expect(tableForFile("Addresses.csv")).toBe("address");
    expect(tableForFile("service_at_locations.csv")).toBe("service_at_location");
    expect(tableForFile("funding.csv")).toBeNull();
  });

  it("describes every file in datapackage.json", () => {
    const d = datapackageDescriptor({ pathFor: (t) => t.file, licenses: [{ name: "OGL-UK-3.0", title: "OGL" }], sources: [], created: "2025-01-01T00:00:00.000Z" });
    expect(d.profile).toBe("tabular-data-package");
    expect(d.resources.map((r) => r.path)).toEqual(TABLES.map((t) => t.file));
    for (const r of d.resources) {
      expect(r.schema.primaryKey).toBe("id");
      expect(r.schema.fields[0]).toMatchObject({ name: "id", constraints: { required: true } });
    }
  });
});

describe("revision history as metadata", () => {
  const revisions: RevisionRow[] = [
    { id: 1, version: 1, user_id: null, action: "create", changes: "[]", created_at: "2025-01-02T10:00:00.000Z" },
    { id: 2, version: 1, user_id: null, action: "baseline", changes: "[]", created_at: "2025-01-03T10:00:00.000Z" },
    {
      id: 3,
      version: 2,
      user_id: "u1",
      action: "update",
      changes: JSON.stringify([
        { field: "name", old: "Old name", new: "New name" },
        { field: "cost", old: { free: null, details: null }, new: { free: true, details: null } },
        { field: "phone", old: null, new: "0161" },
      ]),
      created_at: "2025-02-03T10:00:00.000Z",
    },
  ];

  it("one entry for the creation, one per changed field, without naming people", () => {
    const m = mapMetadata(row.id, revisions);
    expect(m.map((x) => [x.last_action_type, x.field_name, x.previous_value, x.replacement_value, x.updated_by, x.last_action_date])).toEqual([
      ["create", "*", "", "", "Real Wealth import", "2025-01-02"],
      ["update", "name", "Old name", "New name", "Real Wealth connector", "2025-02-03"],
      ["update", "cost", '{"free":null,"details":null}', '{"free":true,"details":null}', "Real Wealth connector", "2025-02-03"],
      ["update", "phone", "", "0161", "Real Wealth connector", "2025-02-03"],
    ]);
    expect(new Set(m.map((x) => x.id)).size).toBe(m.length);
    for (const x of m) expect(x.resource_id).toBe(row.id);
  });

  it("keeps the full service valid against both profiles", () => {
    const s = mapService(row, { ...extras, revisions });
    expect(s.metadata).toHaveLength(4);
    expect(hsdsValidators().check("service", s)).toEqual([]);
  });

  it("leaves out an email or web address the schema would refuse", () => {
    const s = mapService({ ...row, email: "a...b@example.org", website: "https://example.org/a b|c" }, { ...extras, organisation: { ...extras.organisation!, email: "not an email" } });
    expect(s).not.toHaveProperty("email");
    expect(s).not.toHaveProperty("url");
    expect(s.organization).not.toHaveProperty("email");
    expect(s.contacts[0]).not.toHaveProperty("email");
    expect(hsdsValidators().check("service", s)).toEqual([]);
  });
});
