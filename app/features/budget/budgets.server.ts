// The budgets people save, each kept with the version it was worked out under (the whole result
// stored, never recalculated unless the person asks) and a history of every change.
//
// Privacy: a saved budget is the person's (budgets.user_id), even when a connector saved it for
// them. Only the person, the connectors who work with them and admins may see or change it
// (maySeeBudget, through app/features/profiles/people-worked-with.server.ts); anyone else gets
// a 404, never a 403.
import crypto from "node:crypto";
import type { Db } from "../../../db/index";
import {
  HOLDING_OPTIONS,
  STREAMS,
  describeChange,
  describeSavedFor,
  type Estimate,
  type EstimateInput,
  type Holding,
  type QuestionnaireType,
  type Stream,
} from "../../core/budget";
import { budgetsVisibleFrom, canSeeBudget, peopleWorkedWith, personName, worksWith, type PersonWorkedWith } from "../profiles/people-worked-with.server";
import type { User } from "../accounts/users.data.server";
import { ApiError, badRequest } from "../../server/errors";
import { questionnaireOf, who } from "./budget-versions.server";
import * as budgets from "./budgets.data.server";
import { estimateFromBody } from "./estimates.server";

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

function toBudget(r: budgets.BudgetRow): SavedBudget {
  return {
    ...r,
    questionnaire: questionnaireOf(r.questionnaire),
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
export async function saveBudget(db: Db, user: User, body: unknown, name: string, opts: SaveOptions = {}): Promise<SavedBudget> {
  const forPerson = (opts.forPerson ?? "").trim();
  const ownerId = forPerson && forPerson !== user.id ? forPerson : user.id;
  const personFields: Record<string, string> =
    ownerId !== user.id && !(await worksWith(db, user, ownerId)) ? { for_person: "must be yourself or one of the people you work with" } : {};
  let checked: Awaited<ReturnType<typeof estimateFromBody>>;
  try {
    checked = await estimateFromBody(db, body);
  } catch (e) {
    if (e instanceof ApiError && e.status === 400 && Object.keys(personFields).length) throw badRequest({ ...personFields, ...e.fields });
    throw e;
  }
  if (Object.keys(personFields).length) throw badRequest(personFields);
  const { result, input } = checked;
  const title = name.trim().slice(0, 120) || `${input.questionnaire === "child" ? "Child and family" : "Adult"} budget`;
  const iso = (opts.now ?? new Date()).toISOString();
  const id = crypto.randomUUID();
  const detail = ownerId === user.id ? describeChange(null, result) : describeSavedFor(user.name || user.email, await personName(db, user, ownerId), result);
  await db.kysely.transaction().execute(async (tx) => {
    await budgets.insertBudget(tx, {
      id,
      user_id: ownerId,
      name: title,
      questionnaire: input.questionnaire,
      version_id: result.ras_version,
      input: JSON.stringify(input),
      result: JSON.stringify(result),
      per_year_pence: result.indicative_budget.per_year_pence,
      holding: "{}",
      created_at: iso,
      updated_at: iso,
    });
    await budgets.addBudgetEvent(tx, { budget_id: id, version_id: result.ras_version, user_id: user.id, action: "saved", detail, created_at: iso });
  });
  return getBudget(db, user, id);
}

/** A saved budget, or a 404 for anyone who may not see it (canSeeBudgetsOf) and for no such id. */
export async function getBudget(db: Db, user: User, id: string): Promise<SavedBudget> {
  const row = await budgets.findBudget(db.kysely, id);
  if (!row || !(await canSeeBudget(db, user, row))) throw new ApiError(404, "not_found", "There is no such saved budget.");
  return toBudget(row);
}

/**
 * One of a person's own saved budgets (by their account id), or null when there is no such
 * budget or it belongs to someone else. For measuring the person's plan against it: the caller
 * must already have checked that the viewer may see that person's plan.
 */
export async function budgetOf(db: Db, ownerId: string, id: string): Promise<SavedBudget | null> {
  const row = await budgets.findBudgetOf(db.kysely, ownerId, id);
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
export async function budgetsOf(db: Db, ownerId: string, viewer?: Pick<User, "id" | "role">): Promise<BudgetChoice[]> {
  // A viewer sees only the budgets they may see (a connector: those saved since their first link).
  const from = viewer ? await budgetsVisibleFrom(db, viewer, ownerId) : "all";
  if (from === null) return [];
  const rows = await budgets.listBudgetChoicesOfSince(db.kysely, ownerId, from === "all" ? "" : from);
  return rows.map(({ result, ...r }) => {
    const stored: Estimate = JSON.parse(result);
    return {
      id: r.id,
      name: r.name,
      questionnaire: questionnaireOf(r.questionnaire),
      version_id: r.version_id,
      tier: stored.tier,
      per_year_pence: r.per_year_pence,
      updated_at: r.updated_at,
    };
  });
}

/** The user's own saved budgets, newest first. */
export async function listBudgets(db: Db, user: User): Promise<SavedBudget[]> {
  return (await budgets.listBudgetsOf(db.kysely, user.id)).map(toBudget);
}

/**
 * A connector's view of the budgets of the people they work with (peopleWorkedWith), grouped by
 * person in name order, each person's newest first. People with no saved budget are included
 * (with none), so the connector can see whom to work one out with. Empty for members and admins.
 */
export async function listBudgetsOfPeopleWorkedWith(db: Db, user: User): Promise<{ person: PersonWorkedWith; budgets: SavedBudget[] }[]> {
  const people = await peopleWorkedWith(db, user);
  if (!people.length) return [];
  const out: { person: PersonWorkedWith; budgets: SavedBudget[] }[] = [];
  for (const person of people) {
    // Only the budgets saved since the connector's first link to the person (budgetsVisibleFrom).
    const from = await budgetsVisibleFrom(db, user, person.id);
    const rows = await budgets.listBudgetsOfSince(db.kysely, person.id, from === "all" || from === null ? "" : from);
    out.push({ person, budgets: rows.map(toBudget) });
  }
  return out;
}

/**
 * Every budget saved for a person (by them or for them) that the viewer may see (canSeeBudget: all
 * of them for the person and admins), with its history: for their JSON download.
 */
export async function budgetsForExport(db: Db, ownerId: string, viewer: Pick<User, "id" | "role">) {
  const rows = await budgets.listBudgetsOfInSavedOrder(db.kysely, ownerId);
  const out = [];
  for (const r of rows) {
    if (!(await canSeeBudget(db, viewer, r))) continue;
    const { user_id: _u, ...b } = toBudget(r);
    out.push({ ...b, history: await budgetHistory(db, r.id) });
  }
  return out;
}

export async function budgetHistory(db: Db, id: string): Promise<{ action: string; detail: string; created_at: string; who: string }[]> {
  const rows = await budgets.budgetEvents(db.kysely, id);
  return rows.map((r) => ({ action: r.action, detail: r.detail, created_at: r.created_at, who: who(r) }));
}

/**
 * Work a saved budget out again, by the person's choice, under the latest published version
 * (and the same answers). Publishing a version never does this by itself. Kept in history.
 */
export async function reworkBudget(db: Db, user: User, id: string, now = new Date()): Promise<SavedBudget> {
  const b = await getBudget(db, user, id);
  const { result, input } = await estimateFromBody(db, { ...b.input });
  const iso = now.toISOString();
  await db.kysely.transaction().execute(async (tx) => {
    await budgets.updateBudget(tx, id, {
      version_id: result.ras_version,
      input: JSON.stringify(input),
      result: JSON.stringify(result),
      per_year_pence: result.indicative_budget.per_year_pence,
      updated_at: iso,
    });
    await budgets.addBudgetEvent(tx, { budget_id: id, version_id: result.ras_version, user_id: user.id, action: "changed", detail: describeChange(b.result, result), created_at: iso });
  });
  return getBudget(db, user, id);
}

/** Record how each stream's money is held. Unknown streams or ways: 400 naming the field. */
export async function setHolding(db: Db, user: User, id: string, holding: Record<string, string>, now = new Date()): Promise<SavedBudget> {
  const b = await getBudget(db, user, id);
  const fields: Record<string, string> = {};
  const next: Partial<Record<Stream, Holding>> = {};
  for (const [stream, how] of Object.entries(holding)) {
    if (!(STREAMS as readonly string[]).includes(stream) || !b.result.streams.some((s) => s.stream === stream)) fields[`holding.${stream}`] = "is not a stream of this budget";
    else if (!(HOLDING_OPTIONS as readonly string[]).includes(how)) fields[`holding.${stream}`] = `must be one of ${HOLDING_OPTIONS.join(", ")}`;
    else next[stream as Stream] = how as Holding;
  }
  if (Object.keys(fields).length) throw badRequest(fields);
  const iso = now.toISOString();
  const text = Object.entries(next).map(([s, h]) => `${s}: ${h}`).join(", ");
  await db.kysely.transaction().execute(async (tx) => {
    await budgets.updateBudget(tx, id, { holding: JSON.stringify(next), updated_at: iso });
    await budgets.addBudgetEvent(tx, { budget_id: id, version_id: b.version_id, user_id: user.id, action: "holding", detail: `How the money is held: ${text || "not chosen"}.`, created_at: iso });
  });
  return getBudget(db, user, id);
}
