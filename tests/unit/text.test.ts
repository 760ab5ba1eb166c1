import { describe, expect, it } from "vitest";
import { Vocabulary, editDistance, tokenize } from "../../search/text";

describe("tokenize", () => {
  it("lower-cases, strips accents and splits on punctuation", () => {
    expect(tokenize("Café-Bar, St. John's")).toEqual(["cafe", "bar", "st", "john", "s"]);
  });
});

describe("editDistance", () => {
  it("counts edits and transpositions", () => {
    expect(editDistance("library", "library", 2)).toBe(0);
    expect(editDistance("libary", "library", 2)).toBe(1);
    expect(editDistance("fotoball", "football", 2)).toBe(1);
    expect(editDistance("fotbll", "football", 2)).toBe(2);
    expect(editDistance("abcd", "wxyz", 1)).toBe(2); // over the limit: max + 1
  });
});

describe("Vocabulary", () => {
  const v = new Vocabulary();
  for (const w of ["library", "football", "food", "bank", "foodbank", "music"]) v.add(w);
  it("knows prefixes", () => {
    expect(v.hasPrefix("foot")).toBe(true);
    expect(v.hasPrefix("libr")).toBe(true);
    expect(v.hasPrefix("zz")).toBe(false);
  });
  it("corrects typos within the allowed distance only", () => {
    expect(v.corrections("libary")).toEqual(["library"]);
    expect(v.corrections("footbal")).toEqual(["football"]);
    expect(v.corrections("xyzzy")).toEqual([]);
    expect(v.corrections("fod")).toEqual([]); // short words are not corrected
  });
});
