// Licence and attribution lines for the shared open data, copied from ../shared/data/SOURCES.md.
// Keep these word for word: they are shown in the product.

export const OGL = "Open Government Licence v3.0 (OGL)";
export const ODBL = "Open Database License 1.0 (ODbL)";

/** SOURCES.md: OGL datasets show this line plus the publisher-specific line given per file. */
export const OGL_LINE = "Contains public sector information licensed under the Open Government Licence v3.0";

/** SOURCES.md: postcode geography, and every latitude/longitude appended from postcodes. */
export const POSTCODE_LINE =
  "Contains OS data © Crown copyright and database right 2025; Contains Royal Mail data © Royal Mail copyright and database right 2025; Contains National Statistics data © Crown copyright and database right 2025.";

export const OSM_LINE = "© OpenStreetMap contributors (data available under the ODbL, https://www.openstreetmap.org/copyright).";

export const TRAFFORD_OPEN_DATA = "https://github.com/traffordDataLab/open_data";
export const TRAFFORD_COUNCIL_OPEN_DATA = "https://github.com/traffordDataLab/council_open_data";

/** The generic OGL line first, unless the publisher's line already says it. */
export function oglAttribution(publisherLine: string): string {
  return /contains public sector information/i.test(publisherLine) ? publisherLine : `${OGL_LINE}. ${publisherLine}`;
}

/** An attribution followed by the postcode line (for coordinates taken from postcodes). */
export function withPostcodeLine(attribution: string): string {
  return attribution.includes(POSTCODE_LINE) ? attribution : `${attribution} ${POSTCODE_LINE}`;
}

export const EXAMPLES_SOURCE = "examples";
export const EXAMPLES_LICENCE = "Example data (not real)";
export const EXAMPLES_ATTRIBUTION = "Example listing made up for the Real Wealth demo; not a real service";
