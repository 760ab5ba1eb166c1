// Estimates (public, store nothing): which published version a request means, the questionnaire
// as the API and the pages show it, and an estimate worked out from a request's body.
import type { Db } from "../../../db/index";
import { estimate, validateEstimateInput, type Estimate, type EstimateInput, type QuestionnaireType, type RasVersion } from "../../core/budget";
import { badRequest } from "../../server/errors";
import { getVersion, isQuestionnaireType, latestPublished } from "./budget-versions.server";

/**
 * The published version a request asks for: `version` may be an id ("adult-2") or a number (2);
 * absent means the latest published. Unknown or unpublished: 400 naming `version`.
 */
export async function resolvePublished(db: Db, type: QuestionnaireType, version: unknown): Promise<RasVersion> {
  if (version === undefined || version === null || version === "") return latestPublished(db, type);
  let id: string | null = null;
  if (typeof version === "number" && Number.isSafeInteger(version) && version > 0) id = `${type}-${version}`;
  else if (typeof version === "string" && /^\d{1,6}$/.test(version)) id = `${type}-${Number(version)}`;
  else if (typeof version === "string" && /^[a-z]+-\d{1,6}$/.test(version)) id = version;
  if (!id) throw badRequest({ version: "must be a version id like adult-1, or a version number" });
  const v = await getVersion(db, id);
  if (!v || v.questionnaire !== type) throw badRequest({ version: `${id} is not a version of the ${type} questionnaire` });
  if (v.status !== "published") throw badRequest({ version: `${id} is not published yet` });
  return v;
}

/** POST /api/budget/estimate: check the body and work it out. Stores nothing. */
export async function estimateFromBody(db: Db, body: unknown): Promise<{ version: RasVersion; input: EstimateInput; result: Estimate }> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw badRequest({ body: "must be a JSON object" });
  const b = body as Record<string, unknown>;
  if (!isQuestionnaireType(b.questionnaire)) throw badRequest({ questionnaire: "must be adult or child" });
  const version = await resolvePublished(db, b.questionnaire, b.version);
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
