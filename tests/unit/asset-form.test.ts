// The connector's asset form ↔ the write shape (app/core/asset-form.ts), and the JSON API's
// public shape → the write shape (app/core/asset-public.ts). Pure; no server.
import { describe, expect, it } from "vitest";
import { assetInputSchema, type ValidAsset } from "../../app/core/asset";
import { emptyFormValues, formErrorFor, formToDraft, inputToFormValues, readAssetForm, type AssetFormValues } from "../../app/core/asset-form";
import { mapPublicBody, publicFieldErrors } from "../../app/core/asset-public";
import { describeChanges, describeValue } from "../../app/core/asset-changes";
import { addMonths, nextReviewDate, reviewState } from "../../app/core/review";

function form(entries: [string, string][]): AssetFormValues {
  const fd = new URLSearchParams();
  for (const [k, v] of entries) fd.append(k, v);
  return readAssetForm(fd);
}

const minimal: [string, string][] = [
  ["kind", "community_group"],
  ["name", "  Sale Knit and Natter "],
  ["location_mode", "postcode"],
  ["postcode", "M33 7XX"],
  ["hours_mode", "unknown"],
];

function base(): ValidAsset {
  return assetInputSchema.parse({
    id: "00000000-0000-5000-8000-000000000001",
    kind: "community_group",
    name: "Knit and Natter",
    summary: "",
    description: "A friendly knitting group.",
    lat: 53.4245,
    lng: -2.3239,
    postcode: "M33 7XX",
    location_precision: "building",
    opening_hours: "Mo,Tu,We,Th,Fr 10:00-12:00",
    opening_hours_text: "Weekdays 10 till 12",
    cost: { free: true, details: null },
    age: { min: 18, max: null },
    categories: ["social_group"],
    access: ["step_free"],
    changing_places: null,
    source: "connector",
    source_id: "abc",
    licence: "CC BY 4.0",
    attribution: "Added by a Real Wealth connector",
  });
}

describe("readAssetForm", () => {
  it("reads every field, keeps only known categories and access codes, once each", () => {
    const v = form([...minimal, ["categories", "gp"], ["categories", "gp"], ["categories", "nonsense"], ["access", "step_free"], ["access", "<script>"]]);
    expect(v.fields.name).toBe("  Sale Knit and Natter ");
    expect(v.fields["age.min"]).toBe("");
    expect(v.categories).toEqual(["gp"]);
    expect(v.access).toEqual(["step_free"]);
  });
});

describe("formToDraft", () => {
  it("turns a minimal form into a draft with a postcode to look up", () => {
    const r = formToDraft(form(minimal));
    expect(r.errors).toEqual({});
    expect(r.lookup).toBe("M33 7XX");
    expect(r.draft).toMatchObject({
      kind: "community_group",
      name: "Sale Knit and Natter",
      opening_hours: null,
      cost: { free: null, details: null },
      age: { min: null, max: null },
      changing_places: null,
      phone: null,
    });
    expect(r.draft.lat).toBeUndefined();
  });

  it("uses an exact point when a pin was dropped", () => {
    const r = formToDraft(form([...minimal, ["location_mode", "pin"], ["lat", "53.4245"], ["lng", "-2,3239"]].filter(([k, v]) => !(k === "location_mode" && v === "postcode")) as [string, string][]));
    expect(r.errors).toEqual({});
    expect(r.lookup).toBeNull();
    expect(r.draft).toMatchObject({ lat: 53.4245, lng: -2.3239, location_precision: "exact" });
  });

  it("names each bad field in a sentence", () => {
    const r = formToDraft(
      form([
        ["kind", "spaceship"],
        ["name", "  "],
        ["location_mode", "pin"],
        ["lat", "north"],
        ["lng", "-200"],
        ["hours_mode", "advanced"],
        ["age.min", "12"],
        ["age.max", "5"],
        ["changing_places.room_size_m2", "huge"],
        ["email", "not-an-email"],
        ["website", "two words"],
        ["phone", "call me"],
      ]),
    );
    expect(r.errors).toMatchObject({
      kind: "Choose one of the kinds in the list",
      name: "Enter the name of the place or group",
      lat: "Latitude must be a number, like 53.4245",
      lng: "Longitude must be between -180 and 180",
      hours_advanced: expect.stringMatching(/^Enter the opening hours/),
      "age.max": "Oldest age must be the same as or more than the youngest age",
      "changing_places.room_size_m2": expect.stringMatching(/^Room size must be a number/),
      email: expect.stringMatching(/^Email must be an email address/),
      website: expect.stringMatching(/^Website must be a web address/),
      phone: expect.stringMatching(/^Phone must be a phone number/),
    });
  });

  it("converts the weekly editor to OSM hours and names the day when a time is wrong", () => {
    const good = formToDraft(
      form([
        ...minimal.filter(([k]) => k !== "hours_mode"),
        ["hours_mode", "weekly"],
        ["hours.mo.state", "open"],
        ["hours.mo.from1", "9am"],
        ["hours.mo.to1", "1pm"],
        ["hours.mo.from2", "2pm"],
        ["hours.mo.to2", "5pm"],
        ["hours.tu.state", "open"],
        ["hours.tu.from1", "9"],
        ["hours.tu.to1", "13"],
        ["hours.tu.from2", "14"],
        ["hours.tu.to2", "17"],
        ["hours.sa.state", "open"],
        ["hours.sa.from1", "10"],
        ["hours.sa.to1", "noon"],
      ]),
    );
    expect(good.errors).toEqual({});
    expect(good.draft.opening_hours).toBe("Mo,Tu 09:00-13:00,14:00-17:00; Sa 10:00-12:00");

    const bad = formToDraft(form([...minimal.filter(([k]) => k !== "hours_mode"), ["hours_mode", "weekly"], ["hours.we.state", "open"], ["hours.we.from1", "5pm"], ["hours.we.to1", "9am"]]));
    expect(bad.errors["hours.we"]).toMatch(/^Wednesday: /);

    const none = formToDraft(form([...minimal.filter(([k]) => k !== "hours_mode"), ["hours_mode", "weekly"]]));
    expect(none.errors.hours).toMatch(/at least one day/);
  });

  it("keeps the stored hours text when the week means the same", () => {
    const values = inputToFormValues(base());
    expect(values.fields.hours_mode).toBe("weekly");
    const r = formToDraft(values, { baseHours: "Mo,Tu,We,Th,Fr 10:00-12:00" });
    expect(r.draft.opening_hours).toBe("Mo,Tu,We,Th,Fr 10:00-12:00");
    values.fields["hours.fr.to1"] = "13:00";
    expect(formToDraft(values, { baseHours: "Mo,Tu,We,Th,Fr 10:00-12:00" }).draft.opening_hours).toBe("Mo-Th 10:00-12:00; Fr 10:00-13:00");
  });

  it("records no Changing Places equipment when none is given", () => {
    expect(formToDraft(form([...minimal.filter(([k]) => k !== "kind"), ["kind", "changing_places_toilet"]])).draft.changing_places).toBeNull();
  });

  it("adds Changing Places equipment when some is given", () => {
    const r = formToDraft(
      form([
        ...minimal.filter(([k]) => k !== "kind"),
        ["kind", "changing_places_toilet"],
        ["changing_places.hoist", "ceiling_track"],
        ["changing_places.adult_bench", "yes"],
        ["changing_places.room_size_m2", "12 m²"],
        ["changing_places.radar_key", "no"],
      ]),
    );
    expect(r.errors).toEqual({});
    expect(r.draft.changing_places).toEqual({ hoist: "ceiling_track", adult_bench: true, room_size_m2: 12, peninsular_wc: null, radar_key: false, opening_hours: null, notes: null });
  });

  it("passes the schema once merged with a record's fixed fields", () => {
    const r = formToDraft(form([...minimal.filter(([k]) => k !== "location_mode"), ["location_mode", "pin"], ["lat", "53.42"], ["lng", "-2.32"], ["cost.free", "no"], ["cost.details", "£2"], ["age.min", "5"], ["age.max", "11"]]));
    const { id: _id, ...rest } = base();
    const parsed = assetInputSchema.safeParse({ ...rest, ...r.draft });
    expect(parsed.success).toBe(true);
  });
});

describe("inputToFormValues", () => {
  it("fills the form from a record, and round-trips through formToDraft", () => {
    const a = base();
    const v = inputToFormValues(a);
    expect(v.fields).toMatchObject({ kind: "community_group", name: "Knit and Natter", location_mode: "pin", lat: "53.4245", "cost.free": "yes", "age.min": "18", "age.max": "" });
    expect(v.categories).toEqual(["social_group"]);
    const r = formToDraft(v, { baseHours: a.opening_hours });
    expect(r.errors).toEqual({});
    expect(r.draft).toMatchObject({ name: a.name, lat: a.lat, lng: a.lng, opening_hours: a.opening_hours, cost: a.cost, age: a.age, categories: a.categories, access: a.access });
  });

  it("puts hours the table cannot show into the advanced box", () => {
    const v = inputToFormValues({ ...base(), opening_hours: "Mo-Fr 09:00-17:00; PH off" });
    expect(v.fields.hours_mode).toBe("advanced");
    expect(v.fields.hours_advanced).toBe("Mo-Fr 09:00-17:00; PH off");
    expect(emptyFormValues().fields.hours_mode).toBe("unknown");
  });
});

describe("formErrorFor", () => {
  const v = form(minimal);
  it("maps schema keys to form fields with a sentence", () => {
    expect(formErrorFor("name", "must be at most 200 characters", v)).toEqual(["name", "Name must be at most 200 characters"]);
    expect(formErrorFor("age", "minimum age must not be above maximum age", v)[0]).toBe("age.max");
    expect(formErrorFor("categories.2", "unknown category", v)[0]).toBe("categories");
    expect(formErrorFor("opening_hours", "is not valid", v)[0]).toBe("hours");
    expect(formErrorFor("lat", "must be between -90 and 90", v)[0]).toBe("postcode");
  });
});

describe("mapPublicBody (the JSON API)", () => {
  it("maps the public record's shape onto the write shape", () => {
    const m = mapPublicBody(
      {
        kind: "place",
        name: "Walton Park",
        lat: 53.41,
        lng: -2.33,
        location: { address: "Raglan Road", postcode: "M33 4BA", precision: "exact" },
        contact: { phone: "0161 912 2000", website: "www.example.org" },
        cost: { free: true },
        age: { min: 5 },
        time_credits: { earn: "Volunteer in the garden" },
        changing_places: null,
        categories: ["walking"],
        access: ["step_free"],
        // Read-only fields from a GET are accepted and ignored.
        id: "whatever",
        url: "/assets/x",
        version: 3,
        open_now: true,
        source: { dataset: "x" },
      },
      { source: "connector", source_id: "s", licence: "L", attribution: "A" },
      { creating: true },
    );
    expect(m.errors).toEqual({});
    expect(m.lookup).toBeNull();
    expect(m.input).toMatchObject({
      kind: "place",
      name: "Walton Park",
      address: "Raglan Road",
      postcode: "M33 4BA",
      location_precision: "exact",
      phone: "0161 912 2000",
      website: "www.example.org",
      cost: { free: true },
      age: { min: 5 },
      time_credits: { earn: "Volunteer in the garden" },
      changing_places: null,
      source: "connector",
    });
    expect(m.input.id).toBeUndefined();
    expect(assetInputSchema.safeParse(m.input).success).toBe(true);
  });

  it("asks for a postcode lookup when a new record has no coordinates", () => {
    const m = mapPublicBody({ kind: "place", name: "X", location: { postcode: "M33 7XX" } }, {}, { creating: true });
    expect(m.lookup).toBe("M33 7XX");
    expect(mapPublicBody({ kind: "place", name: "X" }, {}, { creating: true }).errors.lat).toMatch(/required/);
  });

  it("merges nested objects into the current record for PATCH", () => {
    const current = base();
    const m = mapPublicBody({ version: 1, cost: { details: "£1" }, contact: { email: "a@b.org" }, summary: null }, current, { creating: false });
    expect(m.errors).toEqual({});
    expect(m.input).toMatchObject({ cost: { free: true, details: "£1" }, email: "a@b.org", summary: "", name: current.name, lat: current.lat });
    expect(m.touched.sort()).toEqual(["cost", "email", "summary"]);
  });

  it("re-places a record placed by its postcode when the postcode changes", () => {
    const byPostcode = { ...base(), location_precision: "postcode_unit" as const };
    expect(mapPublicBody({ location: { postcode: "M41 0AA" } }, byPostcode, { creating: false }).lookup).toBe("M41 0AA");
    expect(mapPublicBody({ location: { postcode: "M41 0AA" } }, base(), { creating: false }).lookup).toBeNull();
  });

  it("names unknown and malformed fields by their public names", () => {
    const m = mapPublicBody({ colour: "red", location: "Sale", cost: { price: 3 }, contact: { email: "nope" } }, base(), { creating: false });
    expect(m.errors).toMatchObject({ colour: expect.any(String), location: "must be an object", "cost.price": expect.any(String), "contact.email": expect.any(String) });
    expect(publicFieldErrors({ phone: "x", "postcode": "y", name: "z" })).toEqual({ "contact.phone": "x", "location.postcode": "y", name: "z" });
  });
});

describe("plain words for changes and review dates", () => {
  it("describes values and changes", () => {
    expect(describeValue("cost", { free: false, details: "£2" })).toBe("There is a charge: £2");
    expect(describeValue("age", { min: 5, max: 11 })).toBe("5 to 11 years");
    expect(describeValue("categories", ["gp", "pharmacy"])).toBe("GP surgery, Pharmacy");
    expect(describeValue("phone", null)).toBe("(empty)");
    expect(describeChanges([{ field: "name", old: "A", new: "B" }])).toEqual([{ field: "name", label: "Name", old: "A", new: "B" }]);
  });

  it("works out review dates", () => {
    expect(nextReviewDate(new Date("2026-03-15T10:00:00Z"))).toBe("2027-03-15");
    expect(addMonths(new Date("2024-02-29T00:00:00Z"), 12).toISOString().slice(0, 10)).toBe("2025-02-28");
    const now = new Date("2026-06-01T12:00:00Z");
    expect(reviewState("2026-05-31", now)).toBe("overdue");
    expect(reviewState("2026-06-20", now)).toBe("due_soon");
    expect(reviewState("2026-12-01", now)).toBe("ok");
    expect(reviewState(null, now)).toBe("none");
  });
});
