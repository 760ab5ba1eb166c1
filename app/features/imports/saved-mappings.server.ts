// Saved column mappings (import_mappings): exactly a MAPPING.json the command-line importer
// accepts. Anyone who imports may start from anyone's; only its owner can change it.
import crypto from "node:crypto";
import type { Db } from "../../../db/index";
import type { User } from "../accounts/users.data.server";
import { ApiError } from "../../server/errors";
import { LIMITS, enforce } from "../../server/rate-limit.server";
import { listMappings, upsertMapping } from "./imports.data.server";
import { parseMappingFile, type MappingFile } from "./mappings/columns";

export interface SavedMapping {
  id: string;
  name: string;
  owner_id: string | null;
  /** Who saved it (their name, else their email); null when their account is gone. */
  owner_name: string | null;
  mapping: MappingFile;
  updated_at: string;
}

/**
 * Every saved mapping, the person's own first. Anyone who imports may start from anyone's
 * mapping; only its owner can change it (issue 16, defect 9).
 */
export async function savedMappings(db: Db, user?: Pick<User, "id">): Promise<SavedMapping[]> {
  const out: SavedMapping[] = [];
  for (const r of await listMappings(db.kysely, user?.id ?? null)) {
    const parsed = parseMappingFile(JSON.parse(r.mapping));
    if ("mapping" in parsed) out.push({ ...r, mapping: parsed.mapping });
  }
  return out;
}

export async function getSavedMapping(db: Db, id: string): Promise<SavedMapping | null> {
  return (await savedMappings(db)).find((m) => m.id === id) ?? null;
}

/** A mapping's name in a list: another person's carries who saved it, as names repeat across owners. */
export function mappingLabel(m: SavedMapping, user: Pick<User, "id">): string {
  if (m.owner_id === user.id) return m.name;
  return `${m.name} (saved by ${m.owner_name ?? "a former user"})`;
}

/**
 * Save a mapping under a name. Saving again under one of your own names (in any case) replaces
 * it; another person's mapping of that name is left alone and you get your own.
 */
export async function saveMapping(db: Db, user: User, name: string, mapping: MappingFile, now = new Date()): Promise<SavedMapping> {
  enforce(`writes:user:${user.id}`, LIMITS.writesPerUser, "changes in a short time");
  const clean = name.trim();
  if (!clean) throw new ApiError(400, "invalid_input", "Please check: mapping_name is required.", { mapping_name: "is required: give the mapping a name to find it by" });
  if (clean.length > 100) throw new ApiError(400, "invalid_input", "Please check: mapping_name must be at most 100 characters.", { mapping_name: "must be at most 100 characters" });
  const iso = now.toISOString();
  const id = await upsertMapping(db.kysely, { id: crypto.randomUUID(), name: clean, owner_id: user.id, mapping: JSON.stringify(mapping), created_at: iso, updated_at: iso });
  const owner_name = user.name || user.email;
  return { id, name: clean, owner_id: user.id, owner_name, mapping, updated_at: iso };
}
