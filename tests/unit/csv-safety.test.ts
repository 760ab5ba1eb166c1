// Spreadsheet formulas in CSV cells and web addresses that are not http(s) (issue 16, defect 11).
import { describe, expect, it } from "vitest";
import { csvCell, neutraliseCsvText, unneutraliseCsvText } from "~/core/csv";
import { csvRow, typedRow } from "~/core/hsds/tables";
import { isWebAddress, webUrl } from "~/core/web-address";
import { contactProblems } from "~/core/asset-form";
import { assetInputSchema, fieldErrors } from "~/core/asset";
import { rejectsCsv } from "~/features/imports/rejects.server";

describe("CSV cells a spreadsheet would run as a formula", () => {
  it.each([
    ['=HYPERLINK("https://evil.example","Click")', `"'=HYPERLINK(""https://evil.example"",""Click"")"`],
    ["+44 161 912 1234", "'+44 161 912 1234"],
    ["-- see notes --", "'-- see notes --"],
    ["@SUM(A1:A2)", "'@SUM(A1:A2)"],
    ["\t=1+2", "'\t=1+2"],
    ["\r=1+2", `"'\r=1+2"`],
    ["=1+2", "'=1+2"],
  ])("%j is written as text", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it.each([["-5"], ["+3.25"], ["-1e3"], ["-.5"], ["Hello = world"], ["a-b"], ["{\"a\":1}"]])("%j is data and is written as it is", (value) => {
    expect(neutraliseCsvText(value)).toBe(value);
  });

  it("numbers stay numbers, negative ones included", () => {
    expect(csvCell(-2.3239)).toBe("-2.3239");
    expect(csvCell(-5)).toBe("-5");
  });

  it("reading our own export takes the quote off again", () => {
    for (const v of ['=HYPERLINK("x")', "+44 161 912 1234", "@here", "-- notes --", "-5", "plain", "'quoted already"]) {
      expect(unneutraliseCsvText(neutraliseCsvText(v))).toBe(v);
    }
    expect(typedRow({ name: "'=HYPERLINK(\"x\")", latitude: "-2.5" }, "location")).toMatchObject({ name: '=HYPERLINK("x")', latitude: -2.5 });
  });

  it("the HSDS CSV and the import rejects CSV are both neutralised", () => {
    expect(csvRow("service", { id: "s1", name: "=cmd|' /C calc'!A0" })).toContain(`'=cmd|' /C calc'!A0`);
    const csv = rejectsCsv(["name", "lat"], [{ row: { index: 1, values: { name: "@evil", lat: "-2.5" } }, reason: "=bad" } as never]);
    expect(csv.split("\n")[1]).toBe("'@evil,-2.5,'=bad");
  });
});

describe("web addresses are http(s) only", () => {
  it.each([
    ["https://www.example.org/groups", "https://www.example.org/groups"],
    ["http://example.org", "http://example.org/"],
    ["www.example.org", "https://www.example.org/"],
    ["example.org:8080/x", "https://example.org:8080/x"],
  ])("%s is a web address (%s)", (v, url) => {
    expect(webUrl(v)).toBe(url);
  });

  it.each([
    ["javascript:alert(document.domain)"],
    ["JavaScript:alert(1)"],
    [" javascript:alert(1)"],
    ["java\tscript:alert(1)"],
    ["data:text/html,<script>alert(1)</script>"],
    ["vbscript:msgbox(1)"],
    ["file:///etc/passwd"],
    ["mailto:someone@example.org"],
    ["http:evil.example"],
    ["https://"],
  ])("%j is not", (v) => {
    expect(isWebAddress(v)).toBe(false);
    expect(webUrl(v)).toBeNull();
  });

  it("the asset schema refuses them, naming the field", () => {
    const base = { kind: "place", name: "Test", lat: 53.4, lng: -2.3, source: "t", source_id: "1", licence: "x", attribution: "x" };
    for (const [patch, field] of [
      [{ website: "javascript:alert(1)" }, "website"],
      [{ source_url: "data:text/html,x" }, "source_url"],
      [{ organisation: { name: "Org", website: "javascript:alert(1)" } }, "organisation.website"],
    ] as const) {
      const r = assetInputSchema.safeParse({ ...base, ...patch });
      expect(r.success).toBe(false);
      if (!r.success) expect(fieldErrors(r.error)[field]).toMatch(/http/);
    }
    expect(assetInputSchema.safeParse({ ...base, website: "www.example.org", organisation: { name: "Org", website: "https://example.org" } }).success).toBe(true);
  });

  it("the listing form refuses them", () => {
    expect(contactProblems({ website: "javascript:alert(document.domain)" }).website).toBeTruthy();
    expect(contactProblems({ website: "www.example.org" }).website).toBeUndefined();
  });
});
