// GET /api/hsds/: which version and profile this API follows.
import { HSDS_VERSION, ORUK_PROFILE } from "../../core/hsds/mapping";

/** The UK profile's OpenAPI description, which this API follows (decision 0041: not a copy of our own). */
export const OPENAPI_URL = "https://raw.githubusercontent.com/OpenReferralUK/uk-profile/main/schema/openapi.json";

export function hsdsRoot() {
  return { version: HSDS_VERSION, profile: ORUK_PROFILE, openapi_url: OPENAPI_URL };
}
