import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ImportFileError, placeGeometry, readCsvText, readGeoJsonText, readSourceFile } from "../../app/features/imports/read.server";
import { canWriteNextTo, rejectsCsv, rejectsPathFor } from "../../app/features/imports/rejects.server";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rw-import-read-"));
afterAll(() => {
  fs.chmodSync(path.join(tmp, "locked"), 0o755);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("CSV", () => {
  it("reads rows by header, with a BOM and quoted commas and line breaks", () => {
    const r = readCsvText('\ufeffname,address,postcode\nSale Library,"Sale Waterside, Sale",M33 7ZF\n"Two\nlines",x,M1 1AA\n');
    expect(r.columns).toEqual(["name", "address", "postcode"]);
    expect(r.rows).toHaveLength(2);
    expect(r.rows[0].values).toEqual({ name: "Sale Library", address: "Sale Waterside, Sale", postcode: "M33 7ZF" });
    expect(r.rows[1].values.name).toBe("Two\nlines");
  });

  it("keeps rows with the wrong number of values, marked with the problem", () => {
    const r = readCsvText("a,b,c\n1,2,3\n1,2\n1,2,3,4\n");
    expect(r.rows.map((x) => x.problem ?? null)).toEqual([null, "has 2 values but the header has 3 columns (line 3)", "has 4 values but the header has 3 columns (line 4)"]);
  });

  it("gives duplicate or blank headers their own names", () => {
    expect(readCsvText("a,a,\n1,2,3\n").columns).toEqual(["a", "a_2", "column_3"]);
  });

  it("explains files it cannot read", () => {
    expect(() => readCsvText("")).toThrow(ImportFileError);
    expect(() => readSourceFile(path.join(tmp, "missing.csv"))).toThrow(/does not exist/);
    fs.writeFileSync(path.join(tmp, "notes.txt"), "x");
    expect(() => readSourceFile(path.join(tmp, "notes.txt"))).toThrow(/--format/);
  });
});

describe("GeoJSON", () => {
  it("places Points as they are and Polygons at their centre", () => {
    const r = readGeoJsonText(
      JSON.stringify({
        type: "FeatureCollection",
        features: [
          { type: "Feature", id: "node/1", properties: { name: "A", n: 3 }, geometry: { type: "Point", coordinates: [-2.3, 53.4] } },
          { type: "Feature", properties: { name: "B" }, geometry: { type: "Polygon", coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]] } },
          { type: "Feature", properties: { name: "C" }, geometry: { type: "LineString", coordinates: [[0, 0], [1, 1]] } },
          { type: "Feature", properties: { name: "D" }, geometry: null },
        ],
      }),
    );
    expect(r.columns).toEqual(["name", "n", "id"]);
    expect(r.rows[0]).toMatchObject({ values: { name: "A", n: "3", id: "node/1" }, geometry: { lat: 53.4, lng: -2.3, precision: "exact" } });
    expect(r.rows[1].geometry).toEqual({ lat: 1, lng: 1, precision: "building" });
    expect(r.rows[2].problem).toMatch(/LineString/);
    expect(r.rows[3].geometry).toBeNull();
    expect(placeGeometry({ type: "Point", coordinates: [200, 100] })).toMatch(/no valid coordinates/);
  });

  it("refuses what is not GeoJSON", () => {
    expect(() => readGeoJsonText("{")).toThrow(ImportFileError);
    expect(() => readGeoJsonText('{"type":"Topology"}')).toThrow(/FeatureCollection/);
  });
});

describe("rejects files", () => {
  it("hold the original columns and a reason, quoted as CSV", () => {
    const csv = rejectsCsv(["name", "note"], [{ row: { index: 1, values: { name: 'A "B"', note: "x, y" } }, reason: "no coordinates" }]);
    expect(csv).toBe('name,note,reason\n"A ""B""","x, y",no coordinates\n');
  });

  it("go next to the input when its folder can be written, else to the fallback folder", () => {
    const open = path.join(tmp, "in.csv");
    fs.writeFileSync(open, "a\n1\n");
    expect(rejectsPathFor(open, { fallbackDir: path.join(tmp, "fallback") })).toBe(path.join(tmp, "in.csv.rejects.csv"));
    const locked = path.join(tmp, "locked");
    fs.mkdirSync(locked);
    fs.writeFileSync(path.join(locked, "in.csv"), "a\n1\n");
    fs.chmodSync(locked, 0o555);
    expect(canWriteNextTo(path.join(locked, "in.csv"))).toBe(false);
    expect(rejectsPathFor(path.join(locked, "in.csv"), { fallbackDir: path.join(tmp, "fallback") })).toBe(path.join(tmp, "fallback", "in.csv.rejects.csv"));
    expect(rejectsPathFor(open, { fallbackDir: path.join(tmp, "fallback"), protectedDirs: [tmp] })).toBe(path.join(tmp, "fallback", "in.csv.rejects.csv"));
  });
});
