// The budget calculator's use cases: published versions (seeded on first use), estimates
// (public, store nothing), admins' drafts and publishing, and the budgets people save, each kept
// with the version it was worked out under and a history of every change.
//
// Privacy: a saved budget is the person's (budgets.user_id), even when a connector saved it for
// them. Only the person, the connectors who work with them and admins may see or change it
// (canSeeBudgetsOf in access.server.ts); anyone else gets a 404, never a 403.
import crypto from "node:crypto";
import type { Db } from "../../db/index";
import {
  HOLDING_OPTIONS,
  QUESTIONNAIRE_TYPES,
  SEED_CONFIGS,
  STREAMS,
  applyConfigForm,
  describeChange,
  describeSavedFor,
  estimate,
  validateConfig,
  validateEstimateInput,
  type Estimate,
  type EstimateInput,
  type Holding,
  type QuestionnaireType,
  type RasConfig,
  type RasVersion,
  type Stream,
} from "../core/budget";
import { budgetsVisibleFrom, canSeeBudget, peopleWorkedWith, personName, worksWith, type PersonWorkedWith } from "./access.server";
import type { User } from "./auth.server";
import { ApiError, badRequest } from "./errors";

interface VersionRow {
  id: string;
  questionnaire: string;
  number: number;
  status: string;
  config: string;
  based_on: string | null;
  created_at: string;
  published_at: string | null;
}

const seeded = new WeakSet<Db>();
/** Published versions never change, so a parsed one is kept for the life of the process. */
const publishedCache = new WeakMap<Db, Map<string, RasVersion>>();

/** The first version of each questionnaire, published, when the database has none. */
export function ensureSeedVersions(db: Db, now = new Date()): void {
  if (seeded.has(db)) return;
  const iso = now.toISOString();
  const insert = db.sqlite.prepare(
    `INSERT OR IGNORE INTO budget_versions (id, questionnaire, number, status, config, based_on, created_by, created_at, updated_at, published_by, published_at)
     SELECT ?, ?, 1, 'published', ?, NULL, NULL, ?, ?, NULL, ?
     WHERE NOT EXISTS (SELECT 1 FROM budget_versions WHERE questionnaire = ?)`,
  );
  db.sqlite.transaction(() => {
    for (const t of QUESTIONNAIRE_TYPES) insert.run(`${t}-1`, t, JSON.stringify(SEED_CONFIGS[t]), iso, iso, iso, t);
  })();
  seeded.add(db);
}

function toVersion(r: VersionRow): RasVersion {
  return {
    id: r.id,
    questionnaire: r.questionnaire as QuestionnaireType,
    number: r.number,
    status: r.status as RasVersion["status"],
    config: JSON.parse(r.config) as RasConfig,
    based_on: r.based_on,
    created_at: r.created_at,
    published_at: r.published_at,
  };
}

export function getVersion(db: Db, id: string): RasVersion | null {
  ensureSeedVersions(db);
  let cache = publishedCache.get(db);
  if (!cache) publishedCache.set(db, (cache = new Map()));
  const hit = cache.get(id);
  if (hit) return hit;
  const row = db.sqlite.prepare("SELECT * FROM budget_versions WHERE id = ?").get(id) as VersionRow | undefined;
  if (!row) return null;
  const v = toVersion(row);
  if (v.status === "published") cache.set(id, v);
  return v;
}

const latestStatements = new WeakMap<Db, ReturnType<Db["sqlite"]["prepare"]>>();

export function latestPublished(db: Db, type: QuestionnaireType): RasVersion {
  ensureSeedVersions(db);
  let stmt = latestStatements.get(db);
  if (!stmt) {
    stmt = db.sqlite.prepare("SELECT id FROM budget_versions WHERE questionnaire = ? AND status = 'published' ORDER BY number DESC LIMIT 1").pluck();
    latestStatements.set(db, stmt);
  }
  return getVersion(db, stmt.get(type) as string)!;
}

export function listVersions(db: Db): (RasVersion & { budgets: number })[] {
  ensureSeedVersions(db);
  const rows = db.sqlite.prepare("SELECT * FROM budget_versions ORDER BY questionnaire, number DESC").all() as VersionRow[];
  const counts = new Map(
    (db.sqlite.prepare("SELECT version_id, COUNT(*) AS n FROM budgets GROUP BY version_id").all() as { version_id: string; n: number }[]).map((r) => [r.version_id, r.n]),
  );
  return rows.map((r) => ({ ...toVersion(r), budgets: counts.get(r.id) ?? 0 }));
}

export function isQuestionnaireType(v: unknown): v is QuestionnaireType {
  return typeof v === "string" && (QUESTIONNAIRE_TYPES as readonly string[]).includes(v);
}

/**
 * The published version a request asks for: `version` may be an id ("adult-2") or a number (2);
 * absent means the latest published. Unknown or unpublished: 400 naming `version`.
 */
export function resolvePublished(db: Db, type: QuestionnaireType, version: unknown): RasVersion {
  if (version === undefined || version === null || version === "") return latestPublished(db, type);
  let id: string | null = null;
  if (typeof version === "number" && Number.isSafeInteger(version) && version > 0) id = `${type}-${version}`;
  else if (typeof version === "string" && /^\d{1,6}$/.test(version)) id = `${type}-${Number(version)}`;
  else if (typeof version === "string" && /^[a-z]+-\d{1,6}$/.test(version)) id = version;
  if (!id) throw badRequest({ version: "must be a version id like adult-1, or a version number" });
  const v = getVersion(db, id);
  if (!v || v.questionnaire !== type) throw badRequest({ version: `${id} is not a version of the ${type} questionnaire` });
  if (v.status !== "published") throw badRequest({ version: `${id} is not published yet` });
  return v;
}

/** POST /api/budget/estimate: check the body and work it out. Stores nothing. */
export function estimateFromBody(db: Db, body: unknown): { version: RasVersion; input: EstimateInput; result: Estimate } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw badRequest({ body: "must be a JSON object" });
  const b = body as Record<string, unknown>;
  if (!isQuestionnaireType(b.questionnaire)) throw badRequest({ questionnaire: "must be adult or child" });
  const version = resolvePublished(db, b.questionnaire, b.version);
  const checked = validateEstimateInput(version.config, b);
  if (!checked.ok) throw badRequest(checked.fields);
  return { version, input: checked.input, result: estimate(version.config, version.id, checked.input) };
}

/** The questionnaire as the API and the page show it. */
export function questionnaireView(v: RasVersion) {
  const c = v.config;
  return {
    questionnaire: v.questionnaire,
    ras_version: v.id,
    version_number: v.number,
    published_at: v.published_at,
    title: c.title,
    note: c.note,
    answers: ["none", "some", "lots", "exceptional"],
    informal_support_levels: ["none", "some", "most"],
    questions: c.questions.map((q) => ({
      id: q.id,
      section: q.section,
      outcome: q.outcome,
      text: q.text,
      easy_read: q.easy_read,
      informal_support: q.informal_support,
      stream: q.stream,
      points: q.points,
    })),
    rules: {
      informal_percent: c.informal_percent,
      threshold_points: c.threshold_points,
      early_help: c.early_help,
      panel_points: c.panel_points,
      conversion: c.conversion,
    },
  };
}

// ------------------------------------------------------------------ admin: versions

function event(db: Db, e: { budget_id?: string | null; version_id?: string | null; user_id: string | null; action: string; detail: string }, iso: string) {
  db.sqlite
    .prepare("INSERT INTO budget_events (budget_id, version_id, user_id, action, detail, created_at) VALUES (?, ?, ?, ?, ?, ?)")
    .run(e.budget_id ?? null, e.version_id ?? null, e.user_id, e.action, e.detail, iso);
}

/** A new draft, a copy of an existing version (published or not). */
export function createDraft(db: Db, user: User, fromId: string, now = new Date()): RasVersion {
  const from = getVersion(db, fromId);
  if (!from) throw badRequest({ from: "is not a version" });
  const iso = now.toISOString();
  const id = db.sqlite.transaction(() => {
    const n = (db.sqlite.prepare("SELECT COALESCE(MAX(number), 0) + 1 FROM budget_versions WHERE questionnaire = ?").pluck().get(from.questionnaire) as number);
    const newId = `${from.questionnaire}-${n}`;
    db.sqlite
      .prepare(
        "INSERT INTO budget_versions (id, questionnaire, number, status, config, based_on, created_by, created_at, updated_at) VALUES (?, ?, ?, 'draft', ?, ?, ?, ?, ?)",
      )
      .run(newId, from.questionnaire, n, JSON.stringify(from.config), from.id, user.id, iso, iso);
    event(db, { version_id: newId, user_id: user.id, action: "version_created", detail: `Draft ${newId} created as a copy of ${from.id}.` }, iso);
    return newId;
  })();
  return getVersion(db, id)!;
}

function requireDraft(db: Db, id: string): RasVersion {
  const v = getVersion(db, id);
  if (!v) throw new ApiError(404, "not_found", "There is no such version.");
  if (v.status !== "draft") {
    throw new ApiError(409, "published", `${id} is published, and published versions never change. Make a new version as a copy of it instead.`);
  }
  return v;
}

/** Apply the admin's form to a draft. 400 naming the fields when anything is wrong (nothing saved). */
export function updateDraft(db: Db, user: User, id: string, form: Record<string, string>, now = new Date()): RasVersion {
  const v = requireDraft(db, id);
  const r = applyConfigForm(v.config, form);
  if (!r.ok) throw badRequest(r.fields, "invalid_version");
  const changes = diffConfig(v.config, r.config);
  const iso = now.toISOString();
  db.sqlite.transaction(() => {
    db.sqlite.prepare("UPDATE budget_versions SET config = ?, updated_at = ? WHERE id = ? AND status = 'draft'").run(JSON.stringify(r.config), iso, id);
    event(db, { version_id: id, user_id: user.id, action: "version_edited", detail: changes.length ? `Changed ${changes.join("; ")}.` : "Saved with no changes." }, iso);
  })();
  return getVersion(db, id)!;
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

export function publishDraft(db: Db, user: User, id: string, now = new Date()): RasVersion {
  const v = requireDraft(db, id);
  const problems = validateConfig(v.config);
  if (Object.keys(problems).length) throw badRequest(problems, "invalid_version");
  const iso = now.toISOString();
  db.sqlite.transaction(() => {
    db.sqlite.prepare("UPDATE budget_versions SET status = 'published', published_by = ?, published_at = ?, updated_at = ? WHERE id = ? AND status = 'draft'").run(user.id, iso, iso, id);
    event(db, { version_id: id, user_id: user.id, action: "version_published", detail: `${id} published. New estimates use it; budgets already saved keep their own version.` }, iso);
  })();
  return getVersion(db, id)!;
}

export function versionHistory(db: Db, id: string) {
  return db.sqlite
    .prepare(
      `SELECT e.action, e.detail, e.created_at, COALESCE(NULLIF(u.name, ''), u.email, 'the system') AS who
       FROM budget_events e LEFT JOIN users u ON u.id = e.user_id WHERE e.version_id = ? AND e.budget_id IS NULL ORDER BY e.id DESC`,
    )
    .all(id) as { action: string; detail: string; created_at: string; who: string }[];
}

// ------------------------------------------------------------------ saved budgets

export interface SavedBudget {
  id: string;
  user_id: string;
  name: string;
  questionnaire: QuestionnaireType;
  version_id: string;
  input: EstimateInput;
  result: Estimate;
  holding: Partial<Record<Stream, Holding>>;
  created_at: string;
  updated_at: string;
}

interface BudgetRow {
  id: string;
  user_id: string;
  name: string;
  questionnaire: string;
  version_id: string;
  input: string;
  result: string;
  holding: string;
  created_at: string;
  updated_at: string;
}

function toBudget(r: BudgetRow): SavedBudget {
  return {
    ...r,
    questionnaire: r.questionnaire as QuestionnaireType,
    input: JSON.parse(r.input),
    result: JSON.parse(r.result),
    holding: JSON.parse(r.holding),
  };
}

export interface SaveOptions {
  /**
   * Whose budget it is: the account id of a person the connector works with (worksWith). Empty
   * or the user's own id: their own. Anyone else — made up, another connector's person, a member
   * trying — is a 400 naming `for_person`, with the same words whether the account exists or not.
   */
  forPerson?: string;
  now?: Date;
}

/**
 * Save an estimate: for the signed-in person, or — by a connector — for a person they work with.
 * The whole result is stored with its version; the budget is the person's (`user_id`), and the
 * history says who saved it and for whom. Bad input: 400 naming every field, nothing saved.
 */
export function saveBudget(db: Db, user: User, body: unknown, name: string, opts: SaveOptions = {}): SavedBudget {
  const forPerson = (opts.forPerson ?? "").trim();
  const ownerId = forPerson && forPerson !== user.id ? forPerson : user.id;
  const personFields: Record<string, string> =
    ownerId !== user.id && !worksWith(db, user, ownerId) ? { for_person: "must be yourself or one of the people you work with" } : {};
  let checked: ReturnType<typeof estimateFromBody>;
  try {
    checked = estimateFromBody(db, body);
  } catch (e) {
    if (e instanceof ApiError && e.status === 400 && Object.keys(personFields).length) throw badRequest({ ...personFields, ...e.fields });
    throw e;
  }
  if (Object.keys(personFields).length) throw badRequest(personFields);
  const { result, input } = checked;
  const title = name.trim().slice(0, 120) || `${input.questionnaire === "child" ? "Child and family" : "Adult"} budget`;
  const iso = (opts.now ?? new Date()).toISOString();
  const id = crypto.randomUUID();
  const detail = ownerId === user.id ? describeChange(null, result) : describeSavedFor(user.name || user.email, personName(db, user, ownerId), result);
  db.sqlite.transaction(() => {
    db.sqlite
      .prepare(
        "INSERT INTO budgets (id, user_id, name, questionnaire, version_id, input, result, per_year_pence, holding, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{}', ?, ?)",
      )
      .run(id, ownerId, title, input.questionnaire, result.ras_version, JSON.stringify(input), JSON.stringify(result), result.indicative_budget.per_year_pence, iso, iso);
    event(db, { budget_id: id, version_id: result.ras_version, user_id: user.id, action: "saved", detail }, iso);
  })();
  return getBudget(db, user, id);
}

/** A saved budget, or a 404 for anyone who may not see it (canSeeBudgetsOf) and for no such id. */
export function getBudget(db: Db, user: User, id: string): SavedBudget {
  const row = db.sqlite.prepare("SELECT * FROM budgets WHERE id = ?").get(id) as BudgetRow | undefined;
  if (!row || !canSeeBudget(db, user, row)) throw new ApiError(404, "not_found", "There is no such saved budget.");
  return toBudget(row);
}

/**
 * One of a person's own saved budgets (by their account id), or null when there is no such
 * budget or it belongs to someone else. For measuring the person's plan against it: the caller
 * must already have checked that the viewer may see that person's plan.
 */
export function budgetOf(db: Db, ownerId: string, id: string): SavedBudget | null {
  const row = db.sqlite.prepare("SELECT * FROM budgets WHERE id = ? AND user_id = ?").get(id, ownerId) as BudgetRow | undefined;
  return row ? toBudget(row) : null;
}

export interface BudgetChoice {
  id: string;
  name: string;
  questionnaire: QuestionnaireType;
  version_id: string;
  tier: Estimate["tier"];
  per_year_pence: number | null;
  updated_at: string;
}

/** A person's saved budgets, newest first, for the budget chooser on their plan. */
export function budgetsOf(db: Db, ownerId: string, viewer?: Pick<User, "id" | "role">): BudgetChoice[] {
  // A viewer sees only the budgets they may see (a connector: those saved since their first link).
  const from = viewer ? budgetsVisibleFrom(db, viewer, ownerId) : "all";
  if (from === null) return [];
  const rows = db.sqlite
    .prepare(
      "SELECT id, name, questionnaire, version_id, json_extract(result, '$.tier') AS tier, per_year_pence, updated_at FROM budgets WHERE user_id = ? AND created_at >= ? ORDER BY updated_at DESC, id LIMIT 200",
    )
    .all(ownerId, from === "all" ? "" : from) as BudgetChoice[];
  return rows;
}

/** The user's own saved budgets, newest first. */
export function listBudgets(db: Db, user: User): SavedBudget[] {
  return (db.sqlite.prepare("SELECT * FROM budgets WHERE user_id = ? ORDER BY updated_at DESC").all(user.id) as BudgetRow[]).map(toBudget);
}

/**
 * A connector's view of the budgets of the people they work with (peopleWorkedWith), grouped by
 * person in name order, each person's newest first. People with no saved budget are included
 * (with none), so the connector can see whom to work one out with. Empty for members and admins.
 */
export function listBudgetsOfPeopleWorkedWith(db: Db, user: User): { person: PersonWorkedWith; budgets: SavedBudget[] }[] {
  const people = peopleWorkedWith(db, user);
  if (!people.length) return [];
  // Only the budgets saved since the connector's first link to the person (budgetsVisibleFrom).
  const stmt = db.sqlite.prepare("SELECT * FROM budgets WHERE user_id = ? AND created_at >= ? ORDER BY updated_at DESC, id LIMIT 200");
  return people.map((person) => {
    const from = budgetsVisibleFrom(db, user, person.id);
    return { person, budgets: (stmt.all(person.id, from === "all" || from === null ? "" : from) as BudgetRow[]).map(toBudget) };
  });
}

/**
 * Every budget saved for a person (by them or for them) that the viewer may see (canSeeBudget: all
 * of them for the person and admins), with its history: for their JSON download.
 */
export function budgetsForExport(db: Db, ownerId: string, viewer: Pick<User, "id" | "role">) {
  const rows = db.sqlite.prepare("SELECT * FROM budgets WHERE user_id = ? ORDER BY created_at, id").all(ownerId) as BudgetRow[];
  return rows.filter((r) => canSeeBudget(db, viewer, r)).map((r) => {
    const { user_id: _u, ...b } = toBudget(r);
    return { ...b, history: budgetHistory(db, r.id) };
  });
}

export function budgetHistory(db: Db, id: string) {
  return db.sqlite
    .prepare(
      `SELECT e.action, e.detail, e.created_at, COALESCE(NULLIF(u.name, ''), u.email, 'the system') AS who
       FROM budget_events e LEFT JOIN users u ON u.id = e.user_id WHERE e.budget_id = ? ORDER BY e.id DESC`,
    )
    .all(id) as { action: string; detail: string; created_at: string; who: string }[];
}

/**
 * Work a saved budget out again, by the person's choice, under the latest published version
 * (and the same answers). Publishing a version never does this by itself. Kept in history.
 */
export function reworkBudget(db: Db, user: User, id: string, now = new Date()): SavedBudget {
  const b = getBudget(db, user, id);
  const { result, input } = estimateFromBody(db, { ...b.input });
  const iso = now.toISOString();
  db.sqlite.transaction(() => {
    db.sqlite
      .prepare("UPDATE budgets SET version_id = ?, input = ?, result = ?, per_year_pence = ?, updated_at = ? WHERE id = ?")
      .run(result.ras_version, JSON.stringify(input), JSON.stringify(result), result.indicative_budget.per_year_pence, iso, id);
    event(db, { budget_id: id, version_id: result.ras_version, user_id: user.id, action: "changed", detail: describeChange(b.result, result) }, iso);
  })();
  return getBudget(db, user, id);
}

/** Record how each stream's money is held. Unknown streams or ways: 400 naming the field. */
export function setHolding(db: Db, user: User, id: string, holding: Record<string, string>, now = new Date()): SavedBudget {
  const b = getBudget(db, user, id);
  const fields: Record<string, string> = {};
  const next: Partial<Record<Stream, Holding>> = {};
  for (const [stream, how] of Object.entries(holding)) {
    if (!(STREAMS as readonly string[]).includes(stream) || !b.result.streams.some((s) => s.stream === stream)) fields[`holding.${stream}`] = "is not a stream of this budget";
    else if (!(HOLDING_OPTIONS as readonly string[]).includes(how)) fields[`holding.${stream}`] = `must be one of ${HOLDING_OPTIONS.join(", ")}`;
    else next[stream as Stream] = how as Holding;
  }
  if (Object.keys(fields).length) throw badRequest(fields);
  const iso = now.toISOString();
  db.sqlite.transaction(() => {
    db.sqlite.prepare("UPDATE budgets SET holding = ?, updated_at = ? WHERE id = ?").run(JSON.stringify(next), iso, id);
    const text = Object.entries(next).map(([s, h]) => `${s}: ${h}`).join(", ");
    event(db, { budget_id: id, version_id: b.version_id, user_id: user.id, action: "holding", detail: `How the money is held: ${text || "not chosen"}.` }, iso);
  })();
  return getBudget(db, user, id);
}
