// A suggestion from the public (web form or API). It lives only in the `suggestions` table until
// a connector approves it: nothing from the public reaches the directory (or the search index)
// unreviewed.
import crypto from "node:crypto";
import { fieldErrors } from "../../core/asset";
import { payloadOf, suggestionInputSchema } from "../../core/suggestion";
import type { User } from "../accounts/users.data.server";
import type { Context } from "../../server/context.server";
import { ApiError, describeFields } from "../../server/errors";
import { LIMITS, enforce } from "../../server/rate-limit.server";
import { findAssetName } from "../directory/asset-names.data.server";
import { insertSuggestion } from "./suggestions.data.server";

export interface Submitter {
  user: User | null;
  ip: string;
}

/**
 * Store a suggestion (web form or API). `raw` may carry the honeypot field `website_url`,
 * which people never fill in. Rate-limited per address (and per account when signed in).
 */
export async function createSuggestion(ctx: Context, raw: unknown, who: Submitter, now = new Date()): Promise<{ id: string }> {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new ApiError(400, "invalid_input", "Send the suggestion as a JSON object.");
  const { website_url: trap, ...fields } = raw as Record<string, unknown>;
  if (typeof trap === "string" && trap !== "") throw new ApiError(400, "spam", "This suggestion could not be sent.");
  const parsed = suggestionInputSchema.safeParse(fields);
  if (!parsed.success) {
    const f = fieldErrors(parsed.error);
    throw new ApiError(400, "invalid_input", `Please check: ${describeFields(f)}.`, f);
  }
  const s = parsed.data;
  if (s.asset_id && !(await findAssetName(ctx.db.kysely, s.asset_id))) {
    throw new ApiError(404, "not_found", "There is no listing with that id.");
  }
  enforce(`suggest:ip:${who.ip}`, LIMITS.publicWritesPerIp, "suggestions from here");
  if (who.user) enforce(`writes:user:${who.user.id}`, LIMITS.writesPerUser, "changes in a short time");
  const id = crypto.randomUUID();
  await insertSuggestion(ctx.db.kysely, {
    id,
    asset_id: s.asset_id,
    payload: JSON.stringify(payloadOf(s)),
    message: s.message,
    contact_email: s.contact_email,
    submitted_by: who.user?.id ?? null,
    status: "pending",
    created_at: now.toISOString(),
  });
  return { id };
}
