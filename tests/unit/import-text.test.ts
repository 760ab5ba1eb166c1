import { describe, expect, it } from "vitest";
import {
  ageFromText,
  categoriesFromText,
  clean,
  isoDate,
  localityFromAddress,
  nameKey,
  normalisePhone,
  normalisePostcode,
  normaliseWebsite,
  priceSentence,
  titleCase,
} from "../../app/features/imports/text";
import { adminDistrictName } from "../../app/features/postcodes/load.server";
import { oglAttribution, withPostcodeLine, POSTCODE_LINE } from "../../app/features/imports/sources";

describe("cleaning cells", () => {
  it("treats NA, Not known and blanks as missing", () => {
    expect(clean("NA")).toBeNull();
    expect(clean(" Not known ")).toBeNull();
    expect(clean("")).toBeNull();
    expect(clean("  Sale\u00a0Library ")).toBe("Sale Library");
  });

  it("title-cases names written in capitals and leaves mixed case alone", () => {
    expect(titleCase("THE CHESHIRE WILDLIFE TRUST LIMITED")).toBe("The Cheshire Wildlife Trust Limited");
    expect(titleCase("FRIENDS OF THE NHS IN TRAFFORD")).toBe("Friends of the NHS in Trafford");
    expect(titleCase("Sale Library")).toBe("Sale Library");
  });

  it("normalises postcodes, fixing a letter O typed for a zero", () => {
    expect(normalisePostcode("m337xx")).toBe("M33 7XX");
    expect(normalisePostcode("WA15 OHF")).toBe("WA15 0HF");
    expect(normalisePostcode("WA154 1HF")).toBeNull();
    expect(normalisePostcode("NA")).toBeNull();
    expect(normalisePostcode("M33")).toBeNull();
  });

  it("puts back the leading zero of phone numbers and the scheme of web addresses", () => {
    expect(normalisePhone("1617486414")).toBe("01617486414");
    expect(normalisePhone("0161 912 2122")).toBe("0161 912 2122");
    expect(normaliseWebsite("www.example.org")).toBe("https://www.example.org");
    expect(normaliseWebsite("http://example.org/x")).toBe("http://example.org/x");
    expect(normaliseWebsite("NA")).toBeNull();
  });

  it("makes stable keys from a name and postcode", () => {
    expect(nameKey("Altrincham Library", "WA14 1AH")).toBe("altrincham-library|WA141AH");
    expect(nameKey("Café & Co.")).toBe("cafe-and-co");
  });

  it("reads dates", () => {
    expect(isoDate("2017-01")).toBe("2017-01-01");
    expect(isoDate("07/07/2014 00:00")).toBe("2014-07-07");
    expect(isoDate("2025-09-30")).toBe("2025-09-30");
    expect(isoDate("soon")).toBeNull();
  });
});

describe("towns from addresses", () => {
  it("takes the town, not the county or the generic Manchester", () => {
    expect(localityFromAddress("405 Stockport Road, Timperley, Altrincham", "WA15 7XR")).toBe("Altrincham");
    expect(localityFromAddress("6 Woodsend Crescent Road, Urmston, Manchester", "M41 8AA")).toBe("Urmston");
    expect(localityFromAddress("Central Road, Partington, Manchester", "M31 4FL")).toBe("Partington");
    expect(localityFromAddress("4 Northdown Avenue, Woodley, Stockport")).toBe("Stockport");
    expect(localityFromAddress("27 Stamford Road, Bowdon, Altrincham, Cheshire")).toBe("Altrincham");
    expect(localityFromAddress("Life Centre, Washway Road, Sale.")).toBe("Sale");
  });

  it("uses the Trafford postcode district when the address ends in a street or plain Manchester", () => {
    expect(localityFromAddress("Flixton Road, Manchester", "M41 5PR")).toBe("Urmston");
    expect(localityFromAddress("Selby Road", "M32 9PL")).toBe("Stretford");
    expect(localityFromAddress("36 New Mount Street, Manchester", "M4 4DE")).toBe("Manchester");
  });

  it("finds a town written without commas, and ignores notes", () => {
    expect(localityFromAddress("The Three Crowns Centre 1-3 Manchester Street Oldham", "OL1 1LE")).toBe("Oldham");
    expect(localityFromAddress("Please note the pin does not represent a base for this organisation.  It operates in the Chorlton area.")).toBeNull();
  });

  it("tidies admin district names from the Code-Point code list", () => {
    expect(adminDistrictName("Trafford District (B)")).toBe("Trafford");
    expect(adminDistrictName("Bromley London Boro")).toBe("Bromley");
    expect(adminDistrictName("Caerdydd - Cardiff")).toBe("Cardiff");
    expect(adminDistrictName("Wiltshire")).toBe("Wiltshire");
  });
});

describe("reading free text", () => {
  it("suggests categories from keywords", () => {
    const cats = categoriesFromText("Music and drama for children and young people with a disability, and support for carers");
    expect(cats).toEqual(expect.arrayContaining(["arts_music", "children_young_people", "disability", "carers"]));
    expect(categoriesFromText("Allotment and garden society for older people")).toEqual(expect.arrayContaining(["gardening", "older_people"]));
    expect(categoriesFromText("Support for people with mental health problems; food parcels")).toEqual(expect.arrayContaining(["mental_health", "food"]));
    expect(categoriesFromText(null)).toEqual([]);
  });

  it("reads age ranges", () => {
    expect(ageFromText("one-to one support for young people aged 13 to 25 years.")).toEqual({ min: 13, max: 25 });
    expect(ageFromText("people with mental health problems aged 16 and over")).toEqual({ min: 16, max: null });
    expect(ageFromText("Monthly meet-up for over 50s")).toEqual({ min: 50, max: null });
    expect(ageFromText("families with children aged birth to 18 years")).toEqual({ min: 0, max: 18 });
    expect(ageFromText("A friendly group")).toBeNull();
  });

  it("finds the sentence with a price", () => {
    expect(priceSentence("Dance and meditation course to boost confidence and improve wellbeing - £30 for 6 week course.")).toBe("£30 for 6 week course");
    expect(priceSentence("Free for everyone")).toBeNull();
  });
});

describe("attribution lines", () => {
  it("adds the OGL line unless the publisher's line has it, and the postcode line once", () => {
    expect(oglAttribution("Trafford Council")).toBe("Contains public sector information licensed under the Open Government Licence v3.0. Trafford Council");
    const cqc = "Contains public sector information licensed under the Open Government Licence v3.0 (Care Quality Commission).";
    expect(oglAttribution(cqc)).toBe(cqc);
    expect(withPostcodeLine(withPostcodeLine("X"))).toBe(`X ${POSTCODE_LINE}`);
  });
});

describe("normalisePhone and spreadsheet damage", () => {
  it("expands numbers a spreadsheet wrote in scientific notation", async () => {
    const { normalisePhone } = await import("../../app/features/imports/text");
    expect(normalisePhone("1618341e3")).toBe("01618341000");
    // 161629e6 has twelve digits: not a UK number that can be put back, so it is left out.
    expect(normalisePhone("161629e6")).toBeNull();
    expect(normalisePhone("0161 834 1000")).toBe("0161 834 1000");
  });
});
