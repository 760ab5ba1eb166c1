// The in-site import's pure parts: the mapping form to and from the importer's column mapping
// (app/features/imports/mapping-form.server.ts), and telling CSV and GeoJSON from other files by content
// (sniffUpload in app/features/imports/upload-content.server.ts).
import { describe, expect, it } from "vitest";
import { defaultMappingValues, mappingFromForm, readMappingForm, sourceKeyFor, valuesFromMapping } from "../../app/features/imports/mapping-form.server";
import { ApiError } from "../../app/server/errors";
import { sniffUpload } from "../../app/features/imports/upload-content.server";

const COLUMNS = ["Group name", "Postcode", "latitude", "longitude", "What we do", "Kind"];

function form(extra: Record<string, string> = {}) {
  return readMappingForm({
    source: "sale_groups",
    title: "Sale groups",
    licence: "CC BY 4.0",
    attribution: "Sale Forum",
    kind: "community_group",
    "col.name": "Group name",
    "col.postcode": "Postcode",
    "col.description": "What we do",
    "col.lat": "",
    free: "yes",
    categories: "social_group, older_people",
    access: "",
    ...extra,
  });
}

describe("readMappingForm", () => {
  it("keeps chosen columns only, and reads the dataset fields", () => {
    const v = form();
    expect(v.columns).toEqual({ name: "Group name", postcode: "Postcode", description: "What we do" });
    expect(v).toMatchObject({ source: "sale_groups", kind: "community_group", free: "yes" });
    expect(readMappingForm({ free: "maybe", "col.nonsense": "x" })).toMatchObject({ free: "", columns: {} });
  });
});

describe("mappingFromForm", () => {
  it("builds the importer's mapping", () => {
    const r = mappingFromForm(form(), COLUMNS, "csv");
    expect("mapping" in r && r.mapping).toEqual({
      source: "sale_groups",
      title: "Sale groups",
      kind: "community_group",
      licence: "CC BY 4.0",
      attribution: "Sale Forum",
      format: "csv",
      columns: { name: "Group name", postcode: "Postcode", description: "What we do" },
      categories: ["social_group", "older_people"],
      free: true,
    });
  });

  it("takes the kind from a column when no kind is chosen", () => {
    const r = mappingFromForm(form({ kind: "", "col.kind": "Kind" }), COLUMNS, "csv");
    expect("mapping" in r && r.mapping.columns.kind).toBe("Kind");
  });

  it("needs somewhere to place rows: a postcode or both coordinates (GeoJSON has its geometry)", () => {
    const none = mappingFromForm(form({ "col.postcode": "" }), COLUMNS, "csv");
    expect("errors" in none && none.errors["col.postcode"]).toMatch(/postcode column, or the latitude and longitude/);
    const half = mappingFromForm(form({ "col.postcode": "", "col.lat": "latitude" }), COLUMNS, "csv");
    expect("errors" in half && half.errors["col.lng"]).toMatch(/both latitude and longitude/);
    const both = mappingFromForm(form({ "col.postcode": "", "col.lat": "latitude", "col.lng": "longitude" }), COLUMNS, "csv");
    expect("mapping" in both).toBe(true);
    expect("mapping" in mappingFromForm(form({ "col.postcode": "" }), COLUMNS, "geojson")).toBe(true);
  });

  it("names every problem in plain words", () => {
    const r = mappingFromForm(
      form({ "col.name": "", kind: "", licence: "", attribution: "", source: "bad key!", categories: "knitting", access: "ramp", "col.phone": "Telephone" }),
      COLUMNS,
      "csv",
    );
    expect("errors" in r).toBe(true);
    const e = (r as { errors: Record<string, string> }).errors;
    expect(e["col.name"]).toMatch(/holds each listing's name/);
    expect(e.kind).toMatch(/choose a kind/);
    expect(e.categories).toBe('"knitting" is not a category code');
    expect(e.access).toMatch(/"ramp" is not an accessibility feature/);
    expect(e["col.phone"]).toBe('the file has no column called "Telephone"');
    expect(e.source).toMatch(/letters, digits/);
    expect(e.licence).toBeTruthy();
    expect(e.attribution).toBeTruthy();
  });

  it("refuses the name of built-in data", () => {
    const r = mappingFromForm(form({ source: "GM_Libraries" }), COLUMNS, "csv", ["gm_libraries"]);
    expect("errors" in r && r.errors.source).toMatch(/already used by built-in data/);
  });
});

describe("saved mappings and first guesses", () => {
  it("round-trips through the form values", () => {
    const r = mappingFromForm(form(), COLUMNS, "csv");
    if (!("mapping" in r)) throw new Error("expected a mapping");
    const { values, missing } = valuesFromMapping(r.mapping, COLUMNS);
    expect(missing).toEqual([]);
    const again = mappingFromForm(values, COLUMNS, "csv");
    expect("mapping" in again && again.mapping).toEqual({ ...r.mapping, location_precision: "exact" });
  });

  it("leaves out columns another file does not have, and says which", () => {
    const r = mappingFromForm(form(), COLUMNS, "csv");
    if (!("mapping" in r)) throw new Error("expected a mapping");
    const { values, missing } = valuesFromMapping(r.mapping, ["Group name", "Postcode"]);
    expect(missing).toEqual(["What we do"]);
    expect(values.columns).toEqual({ name: "Group name", postcode: "Postcode" });
  });

  it("guesses columns from their names and the dataset key from the file name", () => {
    const v = defaultMappingValues("Sale Groups (Jan 2026).csv", ["Name", "Post Code", "Latitude", "Lon", "Telephone"]);
    expect(v.columns).toMatchObject({ name: "Name", postcode: "Post Code", lat: "Latitude", lng: "Lon", phone: "Telephone" });
    expect(v.source).toBe("sale_groups_jan_2026");
    expect(sourceKeyFor("!!!.csv")).toBe("import");
  });
});

describe("sniffUpload", () => {
  const refused = (name: string, content: string | Uint8Array) => {
    try {
      sniffUpload(name, Buffer.from(content));
    } catch (e) {
      if (e instanceof ApiError) return e;
      throw e;
    }
    throw new Error(`${name} was accepted`);
  };

  it("reads CSV (UTF-8 with a byte-order mark, or Windows-1252 from a spreadsheet)", () => {
    const utf8 = sniffUpload("groups.csv", Buffer.from("\uFEFFName,Postcode\nCafé Club,M33 7XX\n"));
    expect(utf8.format).toBe("csv");
    expect(utf8.read.columns).toEqual(["Name", "Postcode"]);
    expect(utf8.read.rows[0].values.Name).toBe("Café Club");
    const cp1252 = sniffUpload("groups.csv", Buffer.from([...Buffer.from("Name,Cost\nTea,"), 0xa3, 0x31, 0x0a]));
    expect(cp1252.read.rows[0].values.Cost).toBe("£1");
  });

  it("reads GeoJSON whatever the file is called", () => {
    const g = JSON.stringify({ type: "FeatureCollection", features: [{ type: "Feature", properties: { name: "Pond" }, geometry: { type: "Point", coordinates: [-2.3, 53.4] } }] });
    for (const name of ["a.geojson", "a.json", "a.csv", "a"]) expect(sniffUpload(name, Buffer.from(g)).format).toBe("geojson");
  });

  it("refuses other files by their content (415), saying what they look like", () => {
    expect(refused("x.csv", new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]))).toMatchObject({ status: 415, message: expect.stringMatching(/a PDF/) });
    expect(refused("x.csv", new Uint8Array([0x1f, 0x8b, 8, 0])).message).toMatch(/gzip/);
    expect(refused("x.json", '{"type": "Topology"}').message).toMatch(/JSON but not GeoJSON/);
    expect(refused("x.json", "{broken").message).toMatch(/not valid JSON/);
    expect(refused("x.csv", "a,b\n\u0007,c\n").message).toMatch(/not a text file/);
    expect(refused("x.csv", "one\ntwo\n").message).toMatch(/only one column/);
    expect(refused("x.csv", "a,b\n1,2,3,4\n1,2,3,4\n1,2,3,4\n").message).toMatch(/same number of values/);
    expect(refused("x.docx", "a,b\n1,2\n").message).toMatch(/files ending \.docx/);
    expect(refused("x.csv", "").status).toBe(400);
    expect(refused("x.csv", "a,b\n").message).toMatch(/no rows/);
  });
});
