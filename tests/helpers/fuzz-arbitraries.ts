/**
 * fast-check generators for hostile input: JSON values and JSON text, query strings, path
 * segments and form bodies, as careless clients and attackers send them. Each generator yields
 * plain data (strings, Buffers, objects) with a short `kind` that names the class of input, so a
 * failure can be grouped by what was sent. This file must not import vitest.
 */
import fc from "fast-check";

// ------------------------------------------------------------------ scalars

const NASTY_STRINGS = [
  "",
  " ",
  "\u0000",
  "null",
  "undefined",
  "true",
  "NaN",
  "Infinity",
  "-1",
  "0",
  "1e999",
  "9007199254740993",
  "12,50",
  "__proto__",
  "constructor",
  "[object Object]",
  "<script>alert(1)</script>",
  "\"><img src=x onerror=alert(1)>",
  "' OR 1=1 --",
  "'; DROP TABLE assets; --",
  "../../../../etc/passwd",
  "%00",
  "%",
  "\r\nSet-Cookie: x=1",
  "javascript:alert(1)",
  "=HYPERLINK(\"http://evil.example\")",
  "\u202eevil",
  "\ud800",
  "Ω≈ç√∫˜µ≤≥÷",
  "𝕿𝖍𝖊 𝖖𝖚𝖎𝖈𝖐",
  "👩‍👩‍👧‍👦🏳️‍🌈",
  "ｍ３３　７ｘｘ",
  "M33 7XX",
  "m337xx",
  "ZZ9 9ZZ",
  "a@b",
  "admin@example.org",
  "00000000-0000-0000-0000-000000000000",
  "2024-02-30T25:61:00Z",
  "Mo-Su 00:00-24:00",
];

const HUGE_NUMBERS = [0, -0, -1, 1, 0.5, -0.5, 1e308, -1e308, 5e-324, 2 ** 31, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e21, 123456789012345680000];

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 40_000 }).map((n) => "x".repeat(n)) },
);

export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...HUGE_NUMBERS),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

export const nastyScalar: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nastyString },
  { weight: 3, arbitrary: nastyNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false) },
);

/** Any JSON value, biased to the shapes that break validators: wrong types, nulls, nesting. */
export const nastyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 5, arbitrary: nastyScalar },
    { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.oneof(nastyString, fc.constantFrom("__proto__", "constructor", "prototype")), tie("value"), { maxKeys: 4 }) },
  ),
})).value;

// ------------------------------------------------------------------ JSON bodies

export interface Body {
  kind: string;
  body: string | Buffer;
}

/** Mutations of a valid body: the field-level mistakes and tricks that a schema must refuse. */
type Path = (string | number)[];

function pathsOf(v: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (prefix.length) out.push(prefix);
  if (Array.isArray(v)) v.slice(0, 3).forEach((x, i) => pathsOf(x, [...prefix, i], out));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) pathsOf(x, [...prefix, k], out);
  return out;
}

function setAt(root: unknown, path: Path, value: unknown, mode: "set" | "delete" | "wrap" | "extra"): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (mode === "delete") delete node[last];
  else if (mode === "wrap") node[last] = [node[last]];
  else if (mode === "extra") Object.defineProperty(node, typeof value === "string" && value ? value : "extra_field", { value: node[last], enumerable: true, configurable: true, writable: true });
  else node[last] = value;
  return copy;
}

/** A valid body with one to three fields broken. */
export function mutatedJson(template: unknown): fc.Arbitrary<Body> {
  const paths = pathsOf(template);
  if (!paths.length) return fc.constant({ kind: "json:valid", body: JSON.stringify(template) });
  const mutation = fc.record({
    path: fc.constantFrom(...paths),
    mode: fc.constantFrom("set", "set", "set", "delete", "wrap", "extra") as fc.Arbitrary<"set" | "delete" | "wrap" | "extra">,
    value: nastyValue,
  });
  return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((ms) => {
    let v = template;
    for (const m of ms) {
      try {
        v = setAt(v, m.path, m.value, m.mode);
      } catch {
        // The path went away with an earlier mutation.
      }
    }
    return { kind: "json:mutated-field", body: JSON.stringify(v) };
  });
}

const deep = (n: number, open: string, close: string, inner = "1") => open.repeat(n) + inner + close.repeat(n);

/** Malformed and hostile JSON text (not produced by JSON.stringify). */
export const rawJsonText: fc.Arbitrary<Body> = fc.oneof(
  fc.integer({ min: 500, max: 20_000 }).map((n) => ({ kind: "json:deep-array", body: deep(n, "[", "]") })),
  fc.integer({ min: 500, max: 20_000 }).map((n) => ({ kind: "json:deep-object", body: deep(n, '{"a":', "}") })),
  fc.integer({ min: 300, max: 5000 }).map((n) => ({ kind: "json:huge-number-literal", body: `{"version":1${"0".repeat(n)},"lat":1e${n},"unit_pence":-1e${n}}` })),
  fc.constantFrom(
    "",
    " ",
    "{",
    "[",
    '{"a":',
    "{'a':1}",
    '{"a":1,}',
    "{a:1}",
    "NaN",
    '{"version":NaN}',
    '{"version":Infinity}',
    "// comment\n{}",
    '{"a":1}{"b":2}',
    '{"a":1} trailing',
    '{"__proto__":{"admin":true},"constructor":{"prototype":{"role":"admin"}}}',
    '{"version":1,"version":"2","name":null,"name":"dup"}',
    '"just a string"',
    "12345",
    "null",
    "true",
    "[]",
    "[{}]",
    '{"\\ud800":"\\udfff"}',
    '{"a":"\\u0000"}',
  ).map((body) => ({ kind: "json:malformed", body })),
  fc.constant({ kind: "json:bom", body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]) }),
  fc.uint8Array({ minLength: 1, maxLength: 200 }).map((b) => ({ kind: "bytes:random", body: Buffer.from(b) })),
  fc.constant({ kind: "json:invalid-utf8", body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x7d]) }),
);

/** Any JSON-ish body for a route whose valid body is `template`. */
export function jsonBody(template: unknown): fc.Arbitrary<Body> {
  return fc.oneof(
    { weight: 6, arbitrary: mutatedJson(template) },
    { weight: 3, arbitrary: nastyValue.map((v) => ({ kind: "json:wrong-shape", body: JSON.stringify(v) ?? "null" })) },
    { weight: 1, arbitrary: fc.constant({ kind: "json:array-for-object", body: JSON.stringify([template]) }) },
    { weight: 3, arbitrary: rawJsonText },
  );
}

// ------------------------------------------------------------------ headers

export const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "APPLICATION/JSON",
  "application/json; charset=utf-16",
  "application/jsonx",
  "application/x-www-form-urlencoded",
  "multipart/form-data",
  "multipart/form-data; boundary=nope",
  "text/plain",
  "text/html",
  "application/xml",
  "*/*",
  ";;;",
  "",
];

/** A Content-Type: mostly the expected one, often something else or none. */
export function contentType(expected: string): fc.Arbitrary<string | null> {
  return fc.oneof({ weight: 5, arbitrary: fc.constant(expected) }, { weight: 3, arbitrary: fc.constantFrom(...CONTENT_TYPES) }, { weight: 1, arbitrary: fc.constant(null) });
}

export const ORIGINS = ["none", "same", "foreign", "null", "malformed", "subdomain"] as const;
export type OriginMode = (typeof ORIGINS)[number];

export function originHeader(mode: OriginMode, baseUrl: string): string | undefined {
  const u = new URL(baseUrl);
  switch (mode) {
    case "none":
      return undefined;
    case "same":
      return baseUrl;
    case "foreign":
      return "https://evil.example";
    case "null":
      return "null";
    case "malformed":
      return "not a url";
    case "subdomain":
      return `http://evil.${u.hostname}.example:${u.port}`;
  }
}

// ------------------------------------------------------------------ URLs

const ODD_QUERY_TOKENS = ["%", "%zz", "%00", "%ff%fe", "%C0%AE", "+", "%2B", "&", "==", "[]", "%5B%5D", "%0d%0aX-Injected:%201", "%E2%80%AE", "%F0%9F%92%A9", "a%20b", "-1", "1e9", "0x10", "NaN", "Infinity", "1.5", "-0"];

/** A query value as it appears on the wire: encoded, or a malformed escape on purpose. */
export const queryValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.oneof(nastyString, nastyNumber.map(String)).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, "?"))) },
  { weight: 2, arbitrary: fc.constantFrom(...ODD_QUERY_TOKENS) },
);

/**
 * A query string: some of the route's own parameters (each maybe repeated) with odd values, or
 * unknown parameters; `good` holds plausible values to mix in.
 */
export function queryString(params: string[], good: Record<string, string[]> = {}): fc.Arbitrary<string> {
  const pair = fc.tuple(
    fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...(params.length ? params : ["q"])) }, { weight: 1, arbitrary: fc.constantFrom("__proto__", "a[b]", "x".repeat(300), "", "%zz") }),
    fc.oneof({ weight: 3, arbitrary: queryValue }, { weight: 2, arbitrary: fc.constant(null) }),
  );
  return fc.array(pair, { maxLength: 6 }).map((pairs) =>
    pairs
      .map(([k, v]) => {
        const value = v ?? encodeURIComponent(pickGood(good[k]));
        return `${k}=${value}`;
      })
      .join("&"),
  );
}

function pickGood(list: string[] | undefined): string {
  if (!list?.length) return "";
  return list[Math.floor(list.length / 2)];
}

/** A path segment where an id goes: real ids, unknown ids, traversal and encoding tricks. */
export function idSegment(real: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...(real.length ? real : ["x"])) },
    { weight: 2, arbitrary: fc.uuid().map(String) },
    {
      weight: 2,
      arbitrary: fc.constantFrom("%00", "..%2f..%2fetc%2fpasswd", "%2e%2e", "null", "undefined", "1", "-1", "%27%20OR%201%3D1", "%E2%80%AE", "a".repeat(3000), "%zz", "%F0%9F%92%A9", "__proto__", "constructor"),
    },
  );
}

// ------------------------------------------------------------------ form bodies

/** urlencoded text from fields (each value encoded), plus some malformed encodings. */
export function urlencoded(fields: [string, string][]): string {
  return fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v.replace(/[\ud800-\udfff]/g, "?"))}`).join("&");
}

export function multipart(fields: [string, string][], boundary: string, opts: { truncated?: boolean; file?: boolean } = {}): string {
  const parts = fields.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k.replace(/["\r\n]/g, "")}"\r\n\r\n${v}\r\n`);
  if (opts.file) parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="../../x.csv"\r\nContent-Type: text/csv\r\n\r\nname,lat,lng\r\n=cmd,1,2\r\n`);
  return parts.join("") + (opts.truncated ? `--${boundary}\r\nContent-Disposition: form-da` : `--${boundary}--\r\n`);
}

export const MALFORMED_URLENCODED = ["%", "a=%zz", "&&&&", "=x", "csrf", "csrf=&csrf=", "a=1&a=2&a=3", "%00=%00", "a+b=c+d", "intent=save&intent=delete"];
