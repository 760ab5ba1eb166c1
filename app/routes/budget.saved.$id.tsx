// A saved budget: the result as saved, with the version it was worked out under (a later version
// never changes it), how each stream's money is held, and the history of every change. The
// person, the connectors who work with them and admins may see and change it (canSeeBudgetsOf);
// anyone else gets a 404, so its existence is not disclosed. Personal data: never cached.
import type { ActionFunctionArgs, HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import budgetStyles from "~/components/budget.css";
import { ResultSummary, ReviewHelp, Working } from "~/components/budget";
import { CsrfField, ErrorSummary } from "~/components/forms";
import { COST_TYPES, COST_TYPE_LABELS, HOLDING_INFO, HOLDING_OPTIONS, PLAN_FORM_ROWS, STREAMS, STREAM_INFO, costPlan, formatPence, parsePlanForm } from "~/core/budget";
import { personName } from "~/features/profiles/people-worked-with.server";
import { requirePageUser } from "~/server/auth.server";
import { latestPublished } from "~/features/budget/budget-versions.server";
import { budgetHistory, getBudget, reworkBudget, setHolding } from "~/features/budget/budgets.server";
import { getContext } from "~/server/context.server";
import { ApiError } from "~/server/errors";
import { readForm, str } from "~/server/forms.server";
import { formAction } from "~/server/page-actions.server";
import { PRIVATE } from "~/server/http.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: budgetStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.budget.name ?? "Saved budget"} — Real Wealth` }];
export const headers: HeadersFunction = () => PRIVATE;

async function load404<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) throw new Response(e.message, { status: 404 });
    throw e;
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePageUser(request);
  const { db } = await getContext();
  const budget = await load404(() => getBudget(db, user, params.id ?? ""));
  const latest = await latestPublished(db, budget.questionnaire);
  // "Cost your supports": a GET form for trying sums; nothing is stored. A plan keeps its costs
  // (a cost per support line, this budget chosen on /plans/:id).
  const q = new URL(request.url).searchParams;
  const form: Record<string, string> = {};
  for (const [k, v] of q.entries()) if (k.startsWith("line.")) form[k] = v;
  const costing = Object.keys(form).length ? parsePlanForm(form) : null;
  const totals = costing ? costPlan(costing.lines, budget.result) : null;
  // Whose budget it is, when the viewer is not the person (a connector who works with them, an admin).
  const owner = budget.user_id === user.id ? null : { name: await personName(db, user, budget.user_id), admin: user.role === "admin" };
  return json(
    { budget, owner, history: await budgetHistory(db, budget.id), latest: latest.id, form, costErrors: costing && Object.keys(costing.fields).length ? costing.fields : null, totals },
    { headers: PRIVATE },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePageUser(request);
  return formAction(async () => {
    const form = await readForm(request);
    const { db } = await getContext();
    const id = params.id ?? "";
    await load404(() => getBudget(db, user, id));
    if (str(form, "intent") === "rework") await reworkBudget(db, user, id);
    else {
      const holding: Record<string, string> = {};
      for (const [k, v] of form.entries()) if (k.startsWith("holding.") && typeof v === "string" && v) holding[k.slice(8)] = v;
      await setHolding(db, user, id, holding);
    }
    return redirect(`/budget/saved/${id}`);
  });
}

export default function SavedBudget() {
  const { budget, owner, history, latest, form, costErrors, totals } = useLoaderData<typeof loader>();
  const errors = useActionData<{ errors?: Record<string, string> }>()?.errors;
  const r = budget.result;
  return (
    <div>
      <p className="breadcrumb">
        <a href="/budget/saved">Saved budgets</a>
      </p>
      <h1>{budget.name}</h1>
      <ErrorSummary errors={errors} />
      {owner ? (
        <p className="notice">
          {`This is ${owner.name}'s budget.`} You can see it and change it because{" "}
          {owner.admin ? "you are an administrator" : `you work with ${owner.name}`}; every change is kept in the history below with your name.
        </p>
      ) : null}
      <p>
        Saved under version <strong>{budget.version_id}</strong>. New versions of the calculator do not change a saved budget.
      </p>
      <ResultSummary result={r} />
      {latest !== budget.version_id ? (
        <Form method="post" className="notice">
          <CsrfField />
          <input type="hidden" name="intent" value="rework" />
          <p>A newer version ({latest}) is published. You can choose to work this budget out again with it, using the same answers. The change is kept in the history.</p>
          <button type="submit" className="secondary">
            {`Work it out again with ${latest}`}
          </button>
        </Form>
      ) : null}
      {r.streams.length ? (
        <Form method="post">
          <CsrfField />
          <h2>How the money is held</h2>
          {r.streams.map((s) => (
            <fieldset key={s.stream} id={`f-holding-${s.stream}`}>
              <legend>{s.label}</legend>
              {HOLDING_OPTIONS.map((h) => (
                <label key={h} className="check">
                  <input type="radio" name={`holding.${s.stream}`} value={h} defaultChecked={budget.holding[s.stream] === h} />
                  {HOLDING_INFO[h].label}: {HOLDING_INFO[h].text}
                </label>
              ))}
            </fieldset>
          ))}
          <button type="submit">Save how the money is held</button>
        </Form>
      ) : null}
      <CostPlan budgetId={budget.id} form={form} errors={costErrors} totals={totals} streams={r.streams.map((s) => s.stream)} />
      <Working result={r} />
      <ReviewHelp />
      <h2>History</h2>
      <ul>
        {history.map((h, i) => (
          <li key={i}>
            {`${new Date(h.created_at).toLocaleString("en-GB", { timeZone: "Europe/London" })}, ${h.who}: ${h.detail}`}
          </li>
        ))}
      </ul>
    </div>
  );
}

const QUADRANTS = [
  ["community", "Community (groups, neighbours, time credits)"],
  ["universal", "Universal (services for everyone)"],
  ["individual", "Individual (paid support, micro-enterprise, personal assistant)"],
  ["targeted", "Targeted (specialist service)"],
] as const;

function CostPlan({
  budgetId,
  form,
  errors,
  totals,
  streams,
}: {
  budgetId: string;
  form: Record<string, string>;
  errors: Record<string, string> | null;
  totals: ReturnType<typeof costPlan> | null;
  streams: string[];
}) {
  const v = (i: number, k: string) => form[`line.${i}.${k}`] ?? "";
  const err = (i: number, k: string) => errors?.[`line.${i}.${k}`];
  const labels: Record<string, string> = {};
  for (let i = 0; i < PLAN_FORM_ROWS; i++) for (const k of ["label", "cost_type", "price", "quantity", "stream", "quadrant"]) labels[`line.${i}.${k}`] = `Support ${i + 1}: ${k.replace("_", " ")}`;
  return (
    <section aria-labelledby="costs-title" id="costs">
      <h2 id="costs-title">Cost your supports</h2>
      <p>
        List the supports in your plan — free ones and paid ones — to see the weekly and yearly cost against this budget.
        Nothing here is saved. Leave a row's name empty to skip it. To keep the costs, give each support a cost on your
        plan's page and choose this budget there (<a href="/profiles">your profiles and plans</a>).
      </p>
      <ErrorSummary errors={errors} labels={labels} />
      {totals ? (
        <div className="budget-result" role="status">
          <h3>Your supports</h3>
          <p>
            Paid support: <strong>{formatPence(totals.weekly_pence)} a week</strong>, {formatPence(totals.yearly_pence)} a year
            {totals.budget_yearly_pence === null ? " (the budget needs a panel review, so there is no number to compare with)" : `, against a budget of ${formatPence(totals.budget_yearly_pence)} a year`}.
          </p>
          <p>
            {`${totals.free_lines} free or time-credit supports and ${totals.paid_lines} paid. ${totals.community_universal_percent}% of the supports are community or universal options.`}
          </p>
          {totals.warnings.map((w, i) => (
            <p key={i} className="warning">
              <strong>Over budget:</strong> {w}
            </p>
          ))}
          {totals.lines.length ? (
            <div className="table-scroll">
              <table className="working">
                <caption className="visually-hidden">The cost of each support</caption>
                <thead>
                  <tr>
                    <th scope="col">Support</th>
                    <th scope="col">How it is paid</th>
                    <th scope="col" className="num">A week</th>
                    <th scope="col" className="num">A year</th>
                  </tr>
                </thead>
                <tbody>
                  {totals.lines.map((l) => (
                    <tr key={l.id}>
                      <th scope="row">{l.label}</th>
                      <td>{COST_TYPE_LABELS[l.cost_type]}</td>
                      <td className="num">{formatPence(l.weekly_pence)}</td>
                      <td className="num">{formatPence(l.yearly_pence)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={2}>
                      Total
                    </th>
                    <td className="num">{formatPence(totals.weekly_pence)}</td>
                    <td className="num">{formatPence(totals.yearly_pence)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          ) : null}
          {totals.streams.length ? (
            <ul>
              {totals.streams.map((s) => (
                <li key={s.stream}>
                  {`${s.label}: ${formatPence(s.yearly_pence)} a year planned${s.budget_pence === null ? "" : ` of ${formatPence(s.budget_pence)}`}${s.over ? " — over this stream's share" : ""}`}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <form method="get" action={`/budget/saved/${budgetId}#costs`} noValidate>
        {Array.from({ length: PLAN_FORM_ROWS }, (_, i) => (
          <fieldset key={i} className="question" id={`f-line-${i}`}>
            <legend>{`Support ${i + 1}`}</legend>
            <div className="admin-grid">
              <Field id={`line.${i}.label`} label="What it is" error={err(i, "label")}>
                <input type="text" id={`f-line-${i}-label`} name={`line.${i}.label`} defaultValue={v(i, "label")} maxLength={200} />
              </Field>
              <Field id={`line.${i}.quadrant`} label="Kind of support" error={err(i, "quadrant")}>
                <select id={`f-line-${i}-quadrant`} name={`line.${i}.quadrant`} defaultValue={v(i, "quadrant") || "individual"}>
                  {QUADRANTS.map(([k, l]) => (
                    <option key={k} value={k}>
                      {l}
                    </option>
                  ))}
                </select>
              </Field>
              <Field id={`line.${i}.cost_type`} label="How it is paid" error={err(i, "cost_type")}>
                <select id={`f-line-${i}-cost_type`} name={`line.${i}.cost_type`} defaultValue={v(i, "cost_type")}>
                  <option value="">Choose…</option>
                  {COST_TYPES.map((c) => (
                    <option key={c} value={c}>
                      {COST_TYPE_LABELS[c]}
                    </option>
                  ))}
                </select>
              </Field>
              <Field id={`line.${i}.price`} label="Price (£ an hour, session or week)" error={err(i, "price")}>
                <input type="text" inputMode="decimal" id={`f-line-${i}-price`} name={`line.${i}.price`} defaultValue={v(i, "price")} />
              </Field>
              <Field id={`line.${i}.quantity`} label="How many a week (hours, sessions, credits)" error={err(i, "quantity")}>
                <input type="text" inputMode="decimal" id={`f-line-${i}-quantity`} name={`line.${i}.quantity`} defaultValue={v(i, "quantity")} />
              </Field>
              <Field id={`line.${i}.stream`} label="Paid from" error={err(i, "stream")}>
                <select id={`f-line-${i}-stream`} name={`line.${i}.stream`} defaultValue={v(i, "stream") || streams[0] || ""}>
                  {STREAMS.map((s) => (
                    <option key={s} value={s}>
                      {STREAM_INFO[s].label}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
          </fieldset>
        ))}
        <button type="submit">Work out the costs</button>
      </form>
    </section>
  );
}

function Field({ id, label, error, children }: { id: string; label: string; error?: string; children: React.ReactNode }) {
  const fid = `f-${id.replace(/\./g, "-")}`;
  return (
    <div className={`field${error ? " field-error" : ""}`}>
      <label htmlFor={fid}>{label}</label>
      {error ? (
        <span className="error-message">
          <span className="visually-hidden">Error:</span> {error}
        </span>
      ) : null}
      {children}
    </div>
  );
}
