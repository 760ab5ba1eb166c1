// The revision history of an asset, newest first (the history page and its API).
import type { Db } from "../../../db/index";
import { findAssetHeader } from "./assets.data.server";
import * as revisions from "./revisions.data.server";

export interface RevisionView {
  version: number;
  action: string;
  note: string | null;
  created_at: string;
  user: { id: string; name: string; email: string } | null;
  changes: { field: string; old: unknown; new: unknown }[];
}

export interface AssetHistory {
  asset: { id: string; name: string; version: number; status: string };
  total: number;
  revisions: RevisionView[];
}

/** A page of the record's history with what names the record, or null when there is no such asset. */
export async function assetHistory(db: Db, id: string, opts: { limit?: number; offset?: number } = {}): Promise<AssetHistory | null> {
  const asset = await findAssetHeader(db.kysely, id);
  if (!asset) return null;
  return { asset, ...(await listRevisions(db, id, opts)) };
}

export async function listRevisions(db: Db, id: string, opts: { limit?: number; offset?: number } = {}): Promise<{ total: number; revisions: RevisionView[] }> {
  const total = await revisions.countRevisions(db.kysely, id);
  const rows = await revisions.findRevisionPage(db.kysely, id, opts.limit ?? 50, opts.offset ?? 0);
  return {
    total,
    revisions: rows.map((r) => ({
      version: r.version,
      action: r.action,
      note: r.note,
      created_at: r.created_at,
      user: r.user_id ? { id: r.user_id, name: r.user_name ?? "", email: r.user_email ?? "" } : null,
      changes: JSON.parse(r.changes) as RevisionView["changes"],
    })),
  };
}
