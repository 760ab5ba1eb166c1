// The rules for suggestions from the public (app/core/suggestion.ts): what may be sent, how
// opening times are stored, and what a correction proposes.
import { describe, expect, it } from "vitest";
import { hoursFromText, payloadOf, proposedChanges, readPayload, rejectReasonSchema, suggestionInputSchema } from "../../app/core/suggestion";

const ASSET = "3f1c6a9e-1d2b-5c3d-8e4f-0a1b2c3d4e5f";

describe("suggestionInputSchema", () => {
  it("accepts a new listing with a name and a message, trimming and tidying", () => {
    const s = suggestionInputSchema.parse({ message: "  A lunch club  ", name: " Friday Lunch ", postcode: "m337xx", when: "", contact_email: "" });
    expect(s).toEqual({ asset_id: null, message: "A lunch club", name: "Friday Lunch", postcode: "M33 7XX", when: null, contact_email: null });
  });

  it("accepts a correction with only a message", () => {
    const s = suggestionInputSchema.parse({ asset_id: ASSET, message: "It has closed" });
    expect(s).toMatchObject({ asset_id: ASSET, name: null, postcode: null });
  });

  it("accepts a postcode district", () => {
    expect(suggestionInputSchema.parse({ message: "x", name: "y", postcode: "wa14" }).postcode).toBe("WA14");
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ["no message", { name: "A" }, "message"],
    ["a blank message", { message: "   ", name: "A" }, "message"],
    ["a long message", { message: "x".repeat(2001), name: "A" }, "message"],
    ["a new listing without a name", { message: "A group" }, "name"],
    ["a long name", { message: "x", name: "n".repeat(201) }, "name"],
    ["a bad postcode", { message: "x", name: "A", postcode: "SW1A 1A" }, "postcode"],
    ["a long time", { message: "x", name: "A", when: "w".repeat(501) }, "when"],
    ["a bad email", { message: "x", name: "A", contact_email: "me at home" }, "contact_email"],
    ["an id that is not a UUID", { message: "x", asset_id: "42" }, "asset_id"],
    ["a message that is not text", { message: 42, name: "A" }, "message"],
  ];
  for (const [what, input, field] of bad) {
    it(`refuses ${what} (naming ${field})`, () => {
      const r = suggestionInputSchema.safeParse(input);
      expect(r.success).toBe(false);
      expect(r.error!.issues.map((i) => i.path.join("."))).toContain(field);
    });
  }

  it("refuses unknown fields", () => {
    const r = suggestionInputSchema.safeParse({ message: "x", name: "A", kind: "place" });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].code).toBe("unrecognized_keys");
  });
});

describe("payloads", () => {
  it("keeps only the suggested fields and reads them back safely", () => {
    const s = suggestionInputSchema.parse({ message: "m", name: "N", postcode: "M33 7XX", when: "Tuesdays", contact_email: "a@b.org" });
    const p = payloadOf(s);
    expect(p).toEqual({ name: "N", postcode: "M33 7XX", when: "Tuesdays" });
    expect(readPayload(JSON.stringify(p))).toEqual(p);
    expect(readPayload("not json")).toEqual({ name: null, postcode: null, when: null });
    expect(readPayload(JSON.stringify({ name: 5, when: "  " }))).toEqual({ name: null, postcode: null, when: null });
  });
});

describe("hoursFromText", () => {
  it("keeps OSM syntax as it is", () => {
    expect(hoursFromText("Mo-Fr 09:00-17:00")).toEqual({ opening_hours: "Mo-Fr 09:00-17:00", opening_hours_text: null });
  });
  it("reads plain English it is sure of, and keeps the words", () => {
    expect(hoursFromText("Tuesdays 10am to 12pm")).toEqual({ opening_hours: "Tu 10:00-12:00", opening_hours_text: "Tuesdays 10am to 12pm" });
  });
  it("never guesses: text it cannot read is kept as written, with no hours", () => {
    expect(hoursFromText("First Tuesday of the month, evenings")).toEqual({ opening_hours: null, opening_hours_text: "First Tuesday of the month, evenings" });
  });
  it("empty means no change to store", () => {
    expect(hoursFromText("  ")).toEqual({ opening_hours: null, opening_hours_text: null });
  });
});

describe("proposedChanges", () => {
  const current = { name: "Sale Library", postcode: "M33 7ZF", opening_hours: "Mo-Fr 09:00-17:00", opening_hours_text: null };
  it("lists only what differs", () => {
    expect(proposedChanges(current, { name: "Sale Library", postcode: "M33 7ZF", when: "Mo-Fr 09:00-17:00" })).toEqual([]);
    expect(proposedChanges(current, { name: null, postcode: null, when: null })).toEqual([]);
  });
  it("names each change with its current and suggested value", () => {
    expect(proposedChanges(current, { name: "Sale Waterside Library", postcode: "M33 7ZZ", when: "Saturdays 10am-1pm" })).toEqual([
      { field: "name", label: "Name", current: "Sale Library", suggested: "Sale Waterside Library" },
      { field: "postcode", label: "Postcode", current: "M33 7ZF", suggested: "M33 7ZZ" },
      { field: "opening_hours", label: "Opening times", current: "Mo-Fr 09:00-17:00", suggested: "Saturdays 10am-1pm" },
    ]);
  });
});

describe("rejectReasonSchema", () => {
  it("needs a reason of at most 1000 characters", () => {
    expect(rejectReasonSchema.safeParse("").success).toBe(false);
    expect(rejectReasonSchema.safeParse("   ").success).toBe(false);
    expect(rejectReasonSchema.safeParse("r".repeat(1001)).success).toBe(false);
    expect(rejectReasonSchema.parse(" Duplicate of another listing ")).toBe("Duplicate of another listing");
  });
});
