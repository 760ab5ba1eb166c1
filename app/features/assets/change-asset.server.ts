// Connectors create and change assets: every change reads the current record, checks the
// version, validates the new record and writes it (with the index and a revision) in one
// transaction, so a failed change leaves nothing behind (decisions 0002 and 0011).
import crypto from "node:crypto";
import type { Executor } from "../../../db/index";
import { assetInputSchema, fieldErrors, type ValidAsset } from "../../core/asset";
import { CONNECTOR_ATTRIBUTION, CONNECTOR_DATASET_TITLE, CONNECTOR_LICENCE, CONNECTOR_SOURCE } from "../../core/asset-public";
import { nextReviewDate } from "../../core/review";
import type { User } from "../accounts/users.data.server";
import type { Context } from "../../server/context.server";
import { ApiError, describeFields } from "../../server/errors";
import { registerDataset } from "../directory/datasets.data.server";
import { LIMITS, enforce } from "../../server/rate-limit.server";
import { getAsset, type PublicAsset } from "./public-asset.server";
import { ensureBaseline, readStoredAsset, type StoredAsset } from "./stored-asset.server";
import { StaleVersion, inAssetTransaction, writeAssetsIn, type WriteOutcome } from "./write-assets.server";

/** A 400 whose fields use the write shape's keys (callers rename them for the API or the form). */
export class InvalidAsset extends ApiError {
  constructor(fields: Record<string, string>) {
    super(400, "invalid_input", `Please check: ${describeFields(fields)}.`, fields);
  }
}

export function validate(candidate: unknown): ValidAsset {
  const parsed = assetInputSchema.safeParse(candidate);
  if (!parsed.success) throw new InvalidAsset(fieldErrors(parsed.error));
  return parsed.data;
}

function limitWrites(user: User): void {
  enforce(`writes:user:${user.id}`, LIMITS.writesPerUser, "changes in a short time");
}

export function notFound(): ApiError {
  return new ApiError(404, "not_found", "There is no asset with that id.");
}

export interface ModifyOptions {
  /** For the revision: a fixed action, or one chosen from the current record. */
  action: string | ((current: ValidAsset) => string);
  note?: string | null;
  /** The version the writer last saw; a different current version is a conflict (409). */
  expectedVersion?: number;
  now?: Date;
}

/**
 * Change one asset: inside one transaction, read the current record, check the version, build
 * the new record (`change` runs inside the transaction and may read through `tx`), validate it
 * and write it (with the index and a revision). Nothing is written when anything fails.
 */
export async function modifyAsset(
  ctx: Context,
  user: User,
  id: string,
  opts: ModifyOptions,
  change: (current: ValidAsset, stored: StoredAsset, tx: Executor) => unknown,
): Promise<{ record: PublicAsset; outcome: WriteOutcome }> {
  limitWrites(user);
  const now = opts.now ?? new Date();
  const outcome = await inAssetTransaction(ctx, async (tx) => {
    const stored = await readStoredAsset(tx, id);
    if (!stored) throw notFound();
    if (opts.expectedVersion !== undefined && opts.expectedVersion !== stored.version) throw new StaleVersion(id);
    const valid = validate(await change(stored.input, stored, tx));
    await ensureBaseline(tx, id, stored);
    const [written] = await writeAssetsIn(tx, ctx.index, [{ ...valid, id }], now, {
      actor: user.id,
      action: typeof opts.action === "function" ? opts.action(stored.input) : opts.action,
      note: opts.note ?? null,
      expectedVersion: stored.version,
    });
    return written;
  });
  if (outcome.status !== "unchanged") await ctx.index.afterCommit([id]);
  return { record: (await getAsset(ctx.db, id))!, outcome };
}

/** Defaults for a record a connector makes (decision 0003): its own source and a random source id. */
export function connectorDefaults(now: Date): Record<string, unknown> {
  return {
    source: CONNECTOR_SOURCE,
    source_id: crypto.randomUUID(),
    licence: CONNECTOR_LICENCE,
    attribution: CONNECTOR_ATTRIBUTION,
    is_example: false,
    status: "active",
    categories: [],
    access: [],
    // The connector has just checked it.
    verified_at: now.toISOString(),
    review_due: nextReviewDate(now),
  };
}

/** Create a new asset from a validated candidate. */
export async function createAsset(ctx: Context, user: User, candidate: unknown, now = new Date()): Promise<PublicAsset> {
  limitWrites(user);
  const id = await inAssetTransaction(ctx, async (tx) => {
    const valid = validate(candidate);
    const [written] = await writeAssetsIn(tx, ctx.index, [valid], now, { actor: user.id, action: "create" });
    // The datasets table knows the "connector" source (for the source title, /about and
    // attribution), in this transaction.
    await registerDataset(tx, { source: CONNECTOR_SOURCE, title: CONNECTOR_DATASET_TITLE, licence: CONNECTOR_LICENCE, attribution: CONNECTOR_ATTRIBUTION }, now);
    return written.id;
  });
  await ctx.index.afterCommit([id]);
  return (await getAsset(ctx.db, id))!;
}
