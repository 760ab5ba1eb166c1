// The versions of the budget questionnaires: the first published version of each (seeded on
// first use), reading them, and admins' drafts and publishing, each change kept in the version's
// history. A published version never changes (409 here; the database refuses it too).
import type { Db } from "../../../db/index";
import {
  QUESTIONNAIRE_TYPES,
  SEED_CONFIGS,
  applyConfigForm,
  validateConfig,
  type QuestionnaireType,
  type RasConfig,
  type RasVersion,
} from "../../core/budget";
import type { User } from "../accounts/users.data.server";
import { ApiError, badRequest } from "../../server/errors";
import * as versions from "./budget-versions.data.server";
import { countBudgetsByVersion } from "./budgets.data.server";

const seeded = new WeakMap<Db, Promise<void>>();
/** Published versions never change, so a parsed one is kept for the life of the process. */
const publishedCache = new WeakMap<Db, Map<string, RasVersion>>();

/** The first version of each questionnaire, published, when the database has none. */
export function ensureSeedVersions(db: Db, now = new Date()): Promise<void> {
  let seeding = seeded.get(db);
  if (!seeding) {
    const iso = now.toISOString();
    seeding = db.kysely.transaction().execute(async (tx) => {
      for (const t of QUESTIONNAIRE_TYPES) {
        await versions.insertFirstVersionIfNone(tx, {
          id: `${t}-1`,
          questionnaire: t,
          number: 1,
          status: "published",
          config: JSON.stringify(SEED_CONFIGS[t]),
          created_at: iso,
          updated_at: iso,
          published_at: iso,
        });
      }
    });
    seeded.set(db, seeding);
    // A failed seed is tried again on the next call.
    seeding.catch(() => seeded.delete(db));
  }
  return seeding;
}

export function isQuestionnaireType(v: unknown): v is QuestionnaireType {
  return typeof v === "string" && (QUESTIONNAIRE_TYPES as readonly string[]).includes(v);
}

/** A questionnaire type read back from the database (the column only ever holds one). */
export function questionnaireOf(v: string): QuestionnaireType {
  if (!isQuestionnaireType(v)) throw new Error(`unknown questionnaire ${JSON.stringify(v)} in the database`);
  return v;
}

function toVersion(r: versions.BudgetVersionRow): RasVersion {
  const config: RasConfig = JSON.parse(r.config);
  return {
    id: r.id,
    questionnaire: questionnaireOf(r.questionnaire),
    number: r.number,
    status: r.status === "published" ? "published" : "draft",
    config,
    based_on: r.based_on,
    created_at: r.created_at,
    published_at: r.published_at,
  };
}

export async function getVersion(db: Db, id: string): Promise<RasVersion | null> {
  await ensureSeedVersions(db);
  let cache = publishedCache.get(db);
  if (!cache) publishedCache.set(db, (cache = new Map()));
  const hit = cache.get(id);
  if (hit) return hit;
  const row = await versions.findVersion(db.kysely, id);
  if (!row) return null;
  const v = toVersion(row);
  if (v.status === "published") cache.set(id, v);
  return v;
}

export async function latestPublished(db: Db, type: QuestionnaireType): Promise<RasVersion> {
  await ensureSeedVersions(db);
  const id = await versions.latestPublishedVersionId(db.kysely, type);
  return (await getVersion(db, id!))!;
}

export async function listVersions(db: Db): Promise<(RasVersion & { budgets: number })[]> {
  await ensureSeedVersions(db);
  const rows = await versions.listVersionRows(db.kysely);
  const counts = await countBudgetsByVersion(db.kysely);
  return rows.map((r) => ({ ...toVersion(r), budgets: counts.get(r.id) ?? 0 }));
}

/** A new draft, a copy of an existing version (published or not). */
export async function createDraft(db: Db, user: User, fromId: string, now = new Date()): Promise<RasVersion> {
  const from = await getVersion(db, fromId);
  if (!from) throw badRequest({ from: "is not a version" });
  const iso = now.toISOString();
  const id = await db.kysely.transaction().execute(async (tx) => {
    const n = await versions.nextVersionNumber(tx, from.questionnaire);
    const newId = `${from.questionnaire}-${n}`;
    await versions.insertVersion(tx, {
      id: newId,
      questionnaire: from.questionnaire,
      number: n,
      status: "draft",
      config: JSON.stringify(from.config),
      based_on: from.id,
      created_by: user.id,
      created_at: iso,
      updated_at: iso,
    });
    await versions.addVersionEvent(tx, { version_id: newId, user_id: user.id, action: "version_created", detail: `Draft ${newId} created as a copy of ${from.id}.`, created_at: iso });
    return newId;
  });
  return (await getVersion(db, id))!;
}

async function requireDraft(db: Db, id: string): Promise<RasVersion> {
  const v = await getVersion(db, id);
  if (!v) throw new ApiError(404, "not_found", "There is no such version.");
  if (v.status !== "draft") {
    throw new ApiError(409, "published", `${id} is published, and published versions never change. Make a new version as a copy of it instead.`);
  }
  return v;
}

/** Apply the admin's form to a draft. 400 naming the fields when anything is wrong (nothing saved). */
export async function updateDraft(db: Db, user: User, id: string, form: Record<string, string>, now = new Date()): Promise<RasVersion> {
  const v = await requireDraft(db, id);
  const r = applyConfigForm(v.config, form);
  if (!r.ok) throw badRequest(r.fields, "invalid_version");
  const changes = diffConfig(v.config, r.config);
  const iso = now.toISOString();
  await db.kysely.transaction().execute(async (tx) => {
    await versions.updateDraftConfig(tx, id, JSON.stringify(r.config), iso);
    await versions.addVersionEvent(tx, { version_id: id, user_id: user.id, action: "version_edited", detail: changes.length ? `Changed ${changes.join("; ")}.` : "Saved with no changes.", created_at: iso });
  });
  return (await getVersion(db, id))!;
}

function diffConfig(a: RasConfig, b: RasConfig): string[] {
  const out: string[] = [];
  const flat = (c: RasConfig): Record<string, unknown> => {
    const f: Record<string, unknown> = {
      "informal percent (some)": c.informal_percent.some,
      "informal percent (most)": c.informal_percent.most,
      threshold: c.threshold_points,
      "early help top": c.early_help.max_points,
      "early help amount (pence)": c.early_help.per_year_pence,
      "panel points": c.panel_points,
      conversion: JSON.stringify(c.conversion),
    };
    for (const q of c.questions) {
      f[`${q.id} points`] = JSON.stringify(q.points);
      f[`${q.id} stream`] = q.stream;
    }
    return f;
  };
  const fa = flat(a);
  const fb = flat(b);
  for (const k of Object.keys(fb)) if (fa[k] !== fb[k]) out.push(`${k}: ${fa[k]} → ${fb[k]}`);
  return out;
}

export async function publishDraft(db: Db, user: User, id: string, now = new Date()): Promise<RasVersion> {
  const v = await requireDraft(db, id);
  const problems = validateConfig(v.config);
  if (Object.keys(problems).length) throw badRequest(problems, "invalid_version");
  const iso = now.toISOString();
  await db.kysely.transaction().execute(async (tx) => {
    await versions.markPublished(tx, id, user.id, iso);
    await versions.addVersionEvent(tx, { version_id: id, user_id: user.id, action: "version_published", detail: `${id} published. New estimates use it; budgets already saved keep their own version.`, created_at: iso });
  });
  return (await getVersion(db, id))!;
}

/** Who did it, as the history shows it: their name, else their email, else "the system". */
export function who(r: { name: string | null; email: string | null }): string {
  return r.name || (r.email ?? "the system");
}

export async function versionHistory(db: Db, id: string): Promise<{ action: string; detail: string; created_at: string; who: string }[]> {
  const rows = await versions.versionEvents(db.kysely, id);
  return rows.map((r) => ({ action: r.action, detail: r.detail, created_at: r.created_at, who: who(r) }));
}
