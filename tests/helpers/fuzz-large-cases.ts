/**
 * Fuzz cases with large bodies (300 KB to 2 MB, with and without Content-Length) to the JSON
 * API and the page forms, each followed on the same keep-alive connection by a small GET: a
 * limit must answer 4xx without reading on for ever, and leave the connection usable. Run with
 * concurrency 1, so that the follow-up really takes the same connection. Must not import vitest.
 */
import fc from "fast-check";
import { multipart, urlencoded } from "./fuzz-arbitraries";
import { headers, sessionCookie, type Fixtures } from "./fuzz-fixtures";
import type { FuzzCase } from "./fuzz-runner";

const API = ["/api/session", "/api/assets", "/api/match", "/api/budget/estimate", "/api/budget/costs", "/api/suggestions"];
const FORMS = ["/signin", "/signup", "/suggest", "/reset-password", "/profiles/new", "/connect/assets/new", "/admin/users", "/signout"];
const PROBE = { method: "GET", path: "/api/geocode?postcode=M33%207XX" };

export function largeBodyCase(fx: Fixtures): fc.Arbitrary<FuzzCase> {
  const api = fc.record({ path: fc.constantFrom(...API), size: fc.integer({ min: 300_000, max: 2_000_000 }), chunked: fc.boolean(), asAssetId: fc.constantFrom(...fx.assetIds) }).map(
    ({ path, size, chunked }): FuzzCase => ({
      route: `POST ${path}`,
      input: `large-json${chunked ? "-chunked" : ""} as:connector`,
      req: {
        method: "POST",
        path,
        headers: headers({ "Content-Type": "application/json", Cookie: sessionCookie(fx, "connector") }),
        body: JSON.stringify({ name: "Big", message: "x".repeat(size) }),
        chunked,
      },
      then: PROBE,
    }),
  );
  const form = fc.record({ path: fc.constantFrom(...FORMS), size: fc.integer({ min: 300_000, max: 2_000_000 }), chunked: fc.boolean(), multi: fc.boolean() }).map(({ path, size, chunked, multi }): FuzzCase => {
    const s = fx.users.connector.form;
    const fields: [string, string][] = [
      ["csrf", s.csrf],
      ["message", "x".repeat(size)],
    ];
    const boundary = "----fuzzLargeBoundary";
    return {
      route: `POST ${path}`,
      input: `large-${multi ? "multipart" : "urlencoded"}${chunked ? "-chunked" : ""} as:connector`,
      req: {
        method: "POST",
        path,
        headers: headers({ "Content-Type": multi ? `multipart/form-data; boundary=${boundary}` : "application/x-www-form-urlencoded", Cookie: s.cookie }),
        body: multi ? multipart(fields, boundary) : urlencoded(fields),
        chunked,
      },
      then: PROBE,
    };
  });
  return fc.oneof(api, form);
}
