// One-click changes to an asset: "still correct" (verify), archive and unarchive, and restoring
// an earlier version (decision 0011).
import { nextReviewDate } from "../../core/review";
import type { User } from "../accounts/users.data.server";
import type { Context } from "../../server/context.server";
import { ApiError } from "../../server/errors";
import { modifyAsset } from "./change-asset.server";
import { snapshotAt } from "./stored-asset.server";

/** "Still correct": verified now, next review in 12 months. */
export async function verifyAsset(ctx: Context, user: User, id: string, expectedVersion?: number, now = new Date()) {
  return modifyAsset(ctx, user, id, { action: "verify", expectedVersion, now }, (current) => ({
    ...current,
    verified_at: now.toISOString(),
    review_due: nextReviewDate(now),
  }));
}

/** Archive (the place has closed) or bring back. Archived assets leave search at once. */
export async function setArchived(ctx: Context, user: User, id: string, archived: boolean, expectedVersion?: number, now = new Date()) {
  return modifyAsset(ctx, user, id, { action: archived ? "archive" : "unarchive", expectedVersion, now }, (current) => ({
    ...current,
    status: archived ? "archived" : "active",
  }));
}

/**
 * Restore the content of an earlier version as a new version. The current status (archived or
 * not) and verification dates stay as they are: restore brings back what the record said.
 */
export async function restoreVersion(ctx: Context, user: User, id: string, version: number, expectedVersion?: number, now = new Date()) {
  return modifyAsset(ctx, user, id, { action: "restore", note: `Restored version ${version}`, expectedVersion, now }, async (current, _stored, tx) => {
    const old = await snapshotAt(tx, id, version);
    if (!old) throw new ApiError(404, "not_found", `There is no saved version ${version} of this asset.`, { version: "is not in the history" });
    return { ...old, id, status: current.status, verified_at: current.verified_at, review_due: current.review_due };
  });
}
